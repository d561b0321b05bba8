import type { HubConnection } from "@microsoft/signalr";
import { apiKey, setApiKey } from "./api";
import { stop } from "./live";
import { renderAdmin } from "./pages/admin";
import { renderBoard } from "./pages/board";
import { renderBoards } from "./pages/boards";
import { renderPlayer } from "./pages/player";
import "./styles.css";

const app = document.getElementById("app")!;
const keyButton = document.getElementById("key-button") as HTMLButtonElement;
let live: HubConnection | null = null;

function describeKey(): void {
  keyButton.textContent = apiKey() ? "API key ✓" : "API key";
}

keyButton.addEventListener("click", () => {
  const entered = prompt("API key (kept in this browser; empty to forget it)", apiKey() ?? "");
  if (entered === null) return;
  setApiKey(entered.trim() || null);
  describeKey();
  route();
});

async function route(): Promise<void> {
  await stop(live);
  live = null;
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query ?? "");
  const parts = (path || "/").split("/").filter(Boolean).map(decodeURIComponent);
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a"))
    link.classList.toggle("active", link.hash === `#/${parts[0] ?? ""}` || (parts.length === 0 && link.hash === "#/"));
  if (parts[0] === "boards" && parts[1]) live = await renderBoard(app, parts[1]);
  else if (parts[0] === "player") renderPlayer(app, params, (connection) => { live = connection; });
  else if (parts[0] === "admin") await renderAdmin(app);
  else await renderBoards(app);
}

describeKey();
window.addEventListener("hashchange", () => void route());
void route();
