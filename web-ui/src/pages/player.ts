import { api, Entry, Player } from "../api";
import { el, formatNumber, showError } from "../dom";

/** Player lookup: rank, percentile and the players around them. */
export function renderPlayer(root: HTMLElement, params: URLSearchParams): void {
  const form = el("form", { class: "stack" },
    el("label", { for: "p-board", text: "Board" }),
    el("input", { id: "p-board", name: "board", required: "", value: params.get("board") ?? "" }),
    el("label", { for: "p-player", text: "Player id" }),
    el("input", { id: "p-player", name: "player", required: "", value: params.get("player") ?? "" }),
    el("button", { type: "submit", text: "Look up" }));
  const result = el("div", { "data-testid": "player-result" });
  root.replaceChildren(el("h1", { text: "Player" }), form, result);
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
    } catch (error) {
      showError(result, error);
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    lookup();
  });
  if (params.get("board") && params.get("player")) lookup();
}
