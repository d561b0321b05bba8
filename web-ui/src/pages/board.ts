import type { HubConnection } from "@microsoft/signalr";
import { api, Board, Entry } from "../api";
import { drawDistribution } from "../chart";
import { el, formatNumber, showError } from "../dom";
import { connect } from "../live";

interface TopChanged {
  boardId: string;
  limit: number;
  total: number;
  entries: Entry[];
}

/** The live board: rows move to their new places (FLIP), new and moved rows are highlighted. */
export async function renderBoard(root: HTMLElement, boardId: string): Promise<HubConnection | null> {
  const title = el("h1", { text: boardId });
  const total = el("span", { class: "stat", "data-testid": "total", text: "–" });
  const status = el("span", { class: "status", text: "connecting…" });
  const limit = el("select", { "aria-label": "Rows" },
    ...[10, 25, 50, 100].map((n) => el("option", { value: String(n), text: `Top ${n}` })));
  const body = el("tbody");
  const table = el("table", { class: "ranking", "data-testid": "ranking" },
    el("thead", {}, el("tr", {}, el("th", { text: "Rank" }), el("th", { text: "Player" }), el("th", { class: "num", text: "Score" }))),
    body);
  const chart = el("div", { class: "chart" });
  const message = el("div");
  root.replaceChildren(title,
    el("div", { class: "toolbar" }, el("span", {}, "Players: ", total), limit, status,
      el("a", { href: `#/player?board=${encodeURIComponent(boardId)}`, text: "Find a player" })),
    message, table, el("h2", { text: "Score distribution" }), chart);

  let board: Board;
  try {
    board = await api<Board>("GET", `/boards/${encodeURIComponent(boardId)}`);
  } catch (error) {
    showError(message, error);
    return null;
  }
  title.textContent = board.displayName;

  const rows = new Map<string, HTMLTableRowElement>();
  let lastChart = 0;
  let chartTimer: number | undefined;
  let latest: TopChanged | undefined;
  const render = (update: TopChanged) => {
    total.textContent = formatNumber(update.total);
    const before = new Map<string, number>();
    for (const [id, row] of rows) before.set(id, row.getBoundingClientRect().top);
    const seen = new Set<string>();
    for (const entry of update.entries) {
      seen.add(entry.playerId);
      let row = rows.get(entry.playerId);
      const isNew = !row;
      if (!row) {
        row = el("tr", { "data-player": entry.playerId },
          el("td", { class: "rank" }), el("td", { class: "player", text: entry.playerId }), el("td", { class: "num score" }));
        rows.set(entry.playerId, row);
      }
      const oldRank = Number(row.dataset.rank ?? "0");
      row.dataset.rank = String(entry.rank);
      row.cells[0].textContent = String(entry.rank);
      row.cells[2].textContent = formatNumber(entry.score);
      body.append(row); // appended in rank order: the table ends sorted
      row.classList.remove("new", "up", "down");
      void row.offsetWidth; // restart the highlight animation
      if (isNew) row.classList.add("new");
      else if (oldRank && entry.rank < oldRank) row.classList.add("up");
      else if (oldRank && entry.rank > oldRank) row.classList.add("down");
    }
    for (const [id, row] of rows) {
      if (!seen.has(id)) {
        row.remove();
        rows.delete(id);
      }
    }
    for (const [id, row] of rows) {
      const top = before.get(id);
      if (top === undefined) continue;
      const delta = top - row.getBoundingClientRect().top;
      if (delta === 0) continue;
      row.animate([{ transform: `translateY(${delta}px)` }, { transform: "translateY(0)" }], { duration: 400, easing: "ease-out" });
    }
    // At most one chart refresh every 2 s, and always one after the last change, so the chart never ends stale.
    latest = update;
    if (chartTimer === undefined && update.total > 0)
      chartTimer = window.setTimeout(() => {
        chartTimer = undefined;
        if (latest) refreshChart(latest).catch((error) => showError(chart, error));
      }, Math.max(0, lastChart + 2000 - Date.now()));
  };
  const refreshChart = async (update: TopChanged) => {
    lastChart = Date.now();
    const last = await api<{ entries: Entry[] }>("GET", `/boards/${encodeURIComponent(boardId)}/entries?offset=${Math.max(0, update.total - 1)}&limit=1`);
    const ends = [update.entries[0]?.score, last.entries[0]?.score].filter((s) => s !== undefined) as number[];
    await drawDistribution(chart, boardId, Math.min(...ends), Math.max(...ends));
  };

  const connection = connect();
  connection.on("TopChanged", (update: TopChanged) => {
    if (update.boardId === boardId && update.limit === Number(limit.value)) render(update);
  });
  // Sent when the server ends the subscription (the key was revoked): say why instead of going quiet.
  connection.on("SubscriptionEnded", (ended: { boardId: string; detail: string }) => {
    if (ended.boardId !== boardId) return;
    status.textContent = "ended";
    status.classList.remove("on");
    showError(message, ended.detail);
  });
  const subscribe = async () => {
    await connection.invoke("Unsubscribe", boardId);
    await connection.invoke("SubscribeTop", boardId, Number(limit.value));
    status.textContent = "live";
    status.classList.add("on");
  };
  connection.onreconnecting(() => { status.textContent = "reconnecting…"; status.classList.remove("on"); });
  connection.onreconnected(() => subscribe().catch((error) => showError(message, error)));
  limit.addEventListener("change", () => subscribe().catch((error) => showError(message, error)));
  try {
    await connection.start();
    await subscribe();
  } catch (error) {
    status.textContent = "offline";
    showError(message, error);
  }
  return connection;
}
