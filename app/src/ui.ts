/// Small DOM helpers: elements, OPEN amounts, and the page status the browser test waits for.
import { formatUnits } from "viem";
import { formatDuration } from "../../package/src/format/index.js";

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

/// A button that runs `run` once per click (disabled meanwhile) and shows its one-line result: `run`'s text in green,
/// or the error's message in red (the page's `send` has already decoded it). `done` runs after a success.
export function actionButton(
  label: string,
  attrs: Record<string, string | boolean | undefined>,
  run: () => Promise<string>,
  done: () => void,
): HTMLButtonElement {
  const button = h("button", attrs, label);
  button.addEventListener("click", () => {
    button.disabled = true;
    void (async () => {
      try {
        notify(await run(), "ok");
        done();
      } catch (err) {
        notify(err instanceof Error ? err.message : String(err), "error");
        button.disabled = false;
      }
    })();
  });
  return button;
}

/// "in 9m 50s" until `readyAt`, counted from the chain's `now` and then down by the wall clock while the element is
/// on the page; "ready" once it is due. `data-seconds` keeps what was left by the chain's clock when it was drawn.
export function countdown(readyAt: bigint, now: bigint, name?: string): HTMLElement {
  const left = readyAt > now ? readyAt - now : 0n;
  const el = h("span", { class: "countdown", "data-name": name, "data-seconds": left.toString() });
  const started = Date.now();
  const draw = (): boolean => {
    const remaining = Number(left) - Math.floor((Date.now() - started) / 1000);
    el.textContent = remaining > 0 ? `in ${formatDuration(BigInt(remaining))}` : "ready";
    return remaining > 0;
  };
  if (draw()) {
    const timer = setInterval(() => {
      if (!el.isConnected && Date.now() - started > 1000) clearInterval(timer);
      else if (!draw()) clearInterval(timer);
    }, 1000);
  }
  return el;
}

/// A link to another page of the app: `#/model/3`.
export function link(hash: string, text: string): HTMLAnchorElement {
  return h("a", { href: `#/${hash}` }, text);
}
