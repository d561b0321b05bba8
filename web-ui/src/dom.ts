// Small DOM helpers: text is always set as text, never parsed as HTML.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

export function showError(target: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  target.replaceChildren(el("p", { class: "error", role: "alert", text: message }));
}

export function formatNumber(value: number): string {
  return value.toLocaleString("en-US");
}
