import type { HubConnection } from "@microsoft/signalr";
import { api, Entry, Player } from "../api";
import { el, formatNumber, showError } from "../dom";
import { connect, stop } from "../live";

/** Player lookup: rank, percentile and the players around them, refreshed live when the player's rank changes. */
export function renderPlayer(root: HTMLElement, params: URLSearchParams, onConnection: (c: HubConnection | null) => void): void {
  let live: HubConnection | null = null;
  let watching = "";
  const form = el("form", { class: "stack" },
    el("label", { for: "p-board", text: "Board" }),
    el("input", { id: "p-board", name: "board", required: "", value: params.get("board") ?? "" }),
    el("label", { for: "p-player", text: "Player id" }),
    el("input", { id: "p-player", name: "player", required: "", value: params.get("player") ?? "" }),
    el("button", { type: "submit", text: "Look up" }));
  const result = el("div", { "data-testid": "player-result" });
  const status = el("span", { class: "status", "data-testid": "player-live", text: "" });
  root.replaceChildren(el("h1", { text: "Player" }), form, status, result);
  const lookup = async () => {
    const board = (form.elements.namedItem("board") as HTMLInputElement).value.trim();
    const player = (form.elements.namedItem("player") as HTMLInputElement).value.trim();
    if (!board || !player) return;
    result.replaceChildren(el("p", { text: "Looking up…" }));
    try {
      const path = `/boards/${encodeURIComponent(board)}/players/${encodeURIComponent(player)}`;
      const [me, around] = await Promise.all([
        api<Player>("GET", path),
        api<{ entries: Entry[] }>("GET", `${path}/around?count=5`),
      ]);
      result.replaceChildren(
        el("div", { class: "stats" },
          el("div", {}, el("span", { class: "muted", text: "Rank" }), el("strong", { text: `#${formatNumber(me.rank)}` })),
          el("div", {}, el("span", { class: "muted", text: "Score" }), el("strong", { text: formatNumber(me.score) })),
          el("div", {}, el("span", { class: "muted", text: "Percentile" }), el("strong", { text: `${me.percentile}%` })),
          el("div", {}, el("span", { class: "muted", text: "Players" }), el("strong", { text: formatNumber(me.total) }))),
        el("table", { class: "ranking" },
          el("thead", {}, el("tr", {}, el("th", { text: "Rank" }), el("th", { text: "Player" }), el("th", { class: "num", text: "Score" }))),
          el("tbody", {}, ...around.entries.map((e) =>
            el("tr", { class: e.playerId === me.playerId ? "me" : "" },
              el("td", { text: String(e.rank) }), el("td", { text: e.playerId }), el("td", { class: "num", text: formatNumber(e.score) }))))));
      await watch(board, player);
    } catch (error) {
      showError(result, error);
    }
  };
  // The hub tells when this player's rank changes; the view then reloads itself. Once subscribed, the view
  // reloads once more, so a change made between the first lookup and the subscription is not missed.
  const watch = async (board: string, player: string) => {
    if (watching === `${board}\n${player}`) return;
    watching = `${board}\n${player}`;
    status.textContent = "connecting…";
    status.classList.remove("on");
    await stop(live);
    const connection = connect();
    live = connection;
    connection.on("RankChanged", (change: { boardId: string; playerId: string; rank: number | null; previousRank: number | null }) => {
      if (change.boardId === board && change.playerId === player && change.rank !== change.previousRank) void lookup();
    });
    const subscribe = async () => {
      await connection.invoke("SubscribePlayer", board, player);
      status.textContent = "live";
      status.classList.add("on");
    };
    connection.onreconnecting(() => { status.textContent = "reconnecting…"; status.classList.remove("on"); });
    connection.onreconnected(() => subscribe().then(lookup).catch((error) => showError(result, error)));
    onConnection(connection);
    await connection.start();
    await subscribe();
    await lookup();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    lookup();
  });
  if (params.get("board") && params.get("player")) lookup();
}
