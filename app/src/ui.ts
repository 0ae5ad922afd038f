/// Small DOM helpers: elements, OPEN amounts, and the page status the browser test waits for.
import { formatUnits } from "viem";

type Child = Node | string | number | bigint | null | undefined | false;

/// `h("td", { class: "num" }, "1")`: an element with attributes and children (strings become text).
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/// An OPEN amount (18 decimals) for people: at most 4 decimals, thousands grouped.
export function open(wei: bigint | string): string {
  const [whole, fraction = ""] = formatUnits(BigInt(wei), 18).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cut = fraction.slice(0, 4).replace(/0+$/, "");
  return `${grouped}${cut === "" ? "" : `.${cut}`} OPEN`;
}

/// A cell with an OPEN amount, its exact wei in `data-wei` (which the browser test compares with the chain).
export function amountCell(wei: bigint | string, name?: string): HTMLTableCellElement {
  return h("td", { class: "num", "data-wei": BigInt(wei).toString(), "data-name": name }, open(wei));
}

export function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h("section", {}, h("h2", {}, title), ...children);
}

export function table(head: string[], rows: HTMLTableRowElement[], attrs: Record<string, string> = {}): HTMLElement {
  return h("table", attrs, h("thead", {}, h("tr", {}, ...head.map((c) => h("th", {}, c)))), h("tbody", {}, ...rows));
}

/// Shows a one-line result below the page: an error in red, else in green.
export function notify(message: string, kind: "ok" | "error"): void {
  const notice = document.getElementById("notice");
  if (notice === null) return;
  notice.textContent = message;
  notice.className = kind;
  notice.dataset.kind = kind;
}
