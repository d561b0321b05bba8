import { api, ApiError, Board } from "../api";
import { el, formatNumber, showError } from "../dom";

export async function renderBoards(root: HTMLElement): Promise<void> {
  const list = el("div", { class: "cards" }, el("p", { text: "Loading boards…" }));
  const open = el("form", { class: "inline" },
    el("label", { for: "open-board", text: "Open a board" }),
    el("input", { id: "open-board", name: "board", placeholder: "board id", required: "" }),
    el("button", { type: "submit", text: "Open" }));
  open.addEventListener("submit", (event) => {
    event.preventDefault();
    const id = (open.elements.namedItem("board") as HTMLInputElement).value.trim();
    if (id) location.hash = `#/boards/${encodeURIComponent(id)}`;
  });
  root.replaceChildren(el("h1", { text: "Boards" }), open, list);
  try {
    const { boards } = await api<{ boards: Board[] }>("GET", "/boards");
    if (boards.length === 0) {
      list.replaceChildren(el("p", { text: "No boards yet. Create one on the Admin page." }));
      return;
    }
    list.replaceChildren(...boards.map((b) =>
      el("a", { class: "card", href: `#/boards/${encodeURIComponent(b.id)}`, "data-board": b.id },
        el("strong", { text: b.displayName }),
        el("span", { class: "muted", text: b.id }),
        el("span", { text: `${formatNumber(b.entries)} players · ${b.order === "desc" ? "high first" : "low first"} · ${b.updatePolicy}` }))));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401)
      list.replaceChildren(el("p", { text: "Listing boards needs an API key (the API key button). Public boards open without one." }));
    else showError(list, error);
  }
}
