// Score distribution: counts per score range from the count endpoint, drawn as SVG bars.
import { api } from "./api";
import { el } from "./dom";

const BUCKETS = 12;
const SVG = "http://www.w3.org/2000/svg";

export async function drawDistribution(target: HTMLElement, boardId: string, low: number, high: number): Promise<void> {
  if (!(high >= low)) {
    target.replaceChildren(el("p", { class: "muted", text: "No scores yet." }));
    return;
  }
  const width = Math.max(1, Math.ceil((high - low + 1) / BUCKETS));
  const ranges = Array.from({ length: BUCKETS }, (_, i) => [low + i * width, low + (i + 1) * width - 1] as const)
    .filter(([min]) => min <= high);
  const counts = await Promise.all(ranges.map(([min, max]) =>
    api<{ count: number }>("GET", `/boards/${encodeURIComponent(boardId)}/count?min=${min}&max=${max}`).then((r) => r.count)));
  const most = Math.max(1, ...counts);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${ranges.length * 10} 60`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Score distribution");
  counts.forEach((count, i) => {
    const bar = document.createElementNS(SVG, "rect");
    const height = (count / most) * 50;
    bar.setAttribute("x", String(i * 10 + 1));
    bar.setAttribute("y", String(52 - height));
    bar.setAttribute("width", "8");
    bar.setAttribute("height", String(Math.max(height, 0.5)));
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${ranges[i][0]}–${ranges[i][1]}: ${count}`;
    bar.append(title);
    svg.append(bar);
  });
  target.replaceChildren(svg, el("div", { class: "axis" }, el("span", { text: String(low) }), el("span", { text: String(high) })));
}
