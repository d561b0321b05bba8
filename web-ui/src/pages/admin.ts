import { api, apiKey, Board } from "../api";
import { el, formatNumber, showError } from "../dom";

interface Key { id: string; name: string; role: string; createdAt: string; permitsPerPeriod: number | null }
interface Snapshot { id: string; createdAt: string; bytes: number }

/** Boards, API keys and snapshots; needs an admin key. */
export async function renderAdmin(root: HTMLElement): Promise<void> {
  if (!apiKey()) {
    root.replaceChildren(el("h1", { text: "Admin" }), el("p", { text: "Enter an admin key with the API key button first." }));
    return;
  }
  const message = el("div", { "aria-live": "polite" });
  const boards = el("div");
  const keys = el("div");
  const snapshots = el("div");
  root.replaceChildren(el("h1", { text: "Admin" }), message,
    el("section", {}, el("h2", { text: "Boards" }), boardForm(message, () => loadBoards(boards, message)), boards),
    el("section", {}, el("h2", { text: "API keys" }), keyForm(message, () => loadKeys(keys, message)), keys),
    el("section", {}, el("h2", { text: "Snapshots" }), snapshotButton(message, () => loadSnapshots(snapshots, message)), snapshots));
  await Promise.all([loadBoards(boards, message), loadKeys(keys, message), loadSnapshots(snapshots, message)]);
}

function boardForm(message: HTMLElement, reload: () => Promise<void>): HTMLFormElement {
  const field = (label: string, input: HTMLElement) => el("label", { class: "field" }, label, input);
  const select = (name: string, ...options: string[]) => el("select", { name }, ...options.map((o) => el("option", { value: o, text: o })));
  const form = el("form", { class: "grid", "data-testid": "board-form" },
    field("Board id", el("input", { name: "id", required: "", pattern: "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}" })),
    field("Display name", el("input", { name: "displayName" })),
    field("Order", select("order", "desc", "asc")),
    field("Update policy", select("updatePolicy", "best", "latest", "sum")),
    field("Rank mode", select("rankMode", "ordinal", "competition")),
    field("Partitions", el("input", { name: "partitions", type: "number", min: "1", max: "256", value: "4" })),
    field("Replicas", el("input", { name: "replicas", type: "number", min: "0", max: "5", value: "0" })),
    field("Public reads", el("input", { name: "publicRead", type: "checkbox" })),
    el("button", { type: "submit", text: "Create or update" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const id = String(data.get("id"));
    const body: Record<string, unknown> = {
      order: data.get("order"), updatePolicy: data.get("updatePolicy"), rankMode: data.get("rankMode"),
      partitions: Number(data.get("partitions")), replicas: Number(data.get("replicas")), publicRead: data.get("publicRead") === "on",
    };
    if (data.get("displayName")) body.displayName = data.get("displayName");
    try {
      await api("PUT", `/boards/${encodeURIComponent(id)}`, body);
      message.replaceChildren(el("p", { class: "ok", text: `Board ${id} saved.` }));
      await reload();
    } catch (error) {
      showError(message, error);
    }
  });
  return form;
}

async function loadBoards(target: HTMLElement, message: HTMLElement): Promise<void> {
  try {
    const { boards } = await api<{ boards: Board[] }>("GET", "/boards");
    target.replaceChildren(el("table", { class: "list" }, el("tbody", {}, ...boards.map((b) =>
      el("tr", {},
        el("td", {}, el("a", { href: `#/boards/${encodeURIComponent(b.id)}`, text: b.displayName })),
        el("td", { class: "muted", text: `${formatNumber(b.entries)} players, ${b.partitions} partitions, ${b.replicas} replicas${b.publicRead ? ", public" : ""}` }),
        el("td", {}, action("Delete", async () => {
          if (!confirm(`Delete board ${b.id} and all its scores?`)) return;
          await api("DELETE", `/boards/${encodeURIComponent(b.id)}`);
          await loadBoards(target, message);
        }, message)))))));
  } catch (error) {
    showError(target, error);
  }
}

function keyForm(message: HTMLElement, reload: () => Promise<void>): HTMLFormElement {
  const form = el("form", { class: "inline" },
    el("input", { name: "name", placeholder: "key name", required: "", "aria-label": "Key name" }),
    el("select", { name: "role", "aria-label": "Role" }, ...["reader", "writer", "admin"].map((r) => el("option", { value: r, text: r }))),
    el("button", { type: "submit", text: "Create key" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const created = await api<{ key: string; name: string }>("POST", "/admin/keys", { name: data.get("name"), role: data.get("role") });
      message.replaceChildren(el("p", { class: "ok" }, `Key "${created.name}" (shown once): `, el("code", { text: created.key })));
      await reload();
    } catch (error) {
      showError(message, error);
    }
  });
  return form;
}

async function loadKeys(target: HTMLElement, message: HTMLElement): Promise<void> {
  try {
    const { keys } = await api<{ keys: Key[] }>("GET", "/admin/keys");
    target.replaceChildren(el("table", { class: "list" }, el("tbody", {}, ...keys.map((k) =>
      el("tr", {},
        el("td", { text: k.name }), el("td", { class: "muted", text: `${k.role} · ${k.id}` }),
        el("td", {}, action("Revoke", async () => {
          await api("DELETE", `/admin/keys/${encodeURIComponent(k.id)}`);
          await loadKeys(target, message);
        }, message)))))));
  } catch (error) {
    showError(target, error);
  }
}

function snapshotButton(message: HTMLElement, reload: () => Promise<void>): HTMLElement {
  return action("Take a snapshot now", async () => {
    const taken = await api<{ id: string; entries: number; elapsedMs: number }>("POST", "/admin/snapshots");
    message.replaceChildren(el("p", { class: "ok", text: `Snapshot ${taken.id}: ${formatNumber(taken.entries)} entries in ${Math.round(taken.elapsedMs)} ms.` }));
    await reload();
  }, message);
}

async function loadSnapshots(target: HTMLElement, message: HTMLElement): Promise<void> {
  try {
    const { snapshots } = await api<{ snapshots: Snapshot[] }>("GET", "/admin/snapshots");
    target.replaceChildren(el("table", { class: "list" }, el("tbody", {}, ...snapshots.map((s) =>
      el("tr", {},
        el("td", { text: s.id }), el("td", { class: "muted", text: `${new Date(s.createdAt).toLocaleString()} · ${formatNumber(s.bytes)} bytes` }),
        el("td", {}, action("Restore", async () => {
          if (!confirm(`Replace every board and key with snapshot ${s.id}?`)) return;
          await api("POST", `/admin/snapshots/${s.id}/restore`);
          message.replaceChildren(el("p", { class: "ok", text: `Restored snapshot ${s.id}.` }));
          await loadSnapshots(target, message);
        }, message)))))));
  } catch (error) {
    showError(target, error);
  }
}

function action(label: string, run: () => Promise<void>, message: HTMLElement): HTMLButtonElement {
  const button = el("button", { type: "button", class: "ghost", text: label });
  button.addEventListener("click", () => run().catch((error) => showError(message, error)));
  return button;
}
