/// The app: a hash router over the pages, the chain and the wallet. `<body data-page>` names the page shown and
/// `data-ready` turns "1" once its figures are in (the browser test waits for it).
import { connectChain, connectWallet } from "./chain.js";
import type { Chain_, Wallet } from "./chain.js";
import { loadConfig } from "./config.js";
import { accountPage } from "./pages/account.js";
import { agentsPage } from "./pages/agents.js";
import { datanetPage, datanetsPage } from "./pages/datanets.js";
import { governancePage } from "./pages/governance.js";
import { modelPage, modelsPage } from "./pages/models.js";
import { overviewPage } from "./pages/overview.js";
import { h, short } from "./ui.js";

const PAGES = ["account", "governance", "overview", "agents", "models", "model", "datanets", "datanet"] as const;
type PageName = (typeof PAGES)[number];

/// The page of the hash (`#/model/3` is page "model" with argument "3"), and the nav entry it belongs to.
function current(): { name: PageName; arg: string; nav: string } {
  const [first = "", arg = ""] = location.hash.replace(/^#\/?/, "").split("/");
  const name = (PAGES as readonly string[]).includes(first) ? (first as PageName) : "account";
  const nav = name === "model" ? "models" : name === "datanet" ? "datanets" : name;
  return { name, arg: decodeURIComponent(arg), nav };
}

let generation = 0;

async function render(c: Chain_, wallet: Wallet | undefined): Promise<void> {
  const mine = ++generation;
  const { name, arg, nav } = current();
  const main = document.getElementById("page") as HTMLElement;
  document.body.dataset.page = name;
  document.body.dataset.ready = "0";
  for (const a of document.querySelectorAll<HTMLAnchorElement>("header nav a")) {
    a.classList.toggle("active", a.getAttribute("href") === `#/${nav}`);
  }
  const rerender = (): void => void render(c, wallet);
  try {
    let element: HTMLElement;
    let mount = (): void => {};
    if (name === "account") element = await accountPage(c, wallet, rerender);
    else if (name === "governance") element = await governancePage(c, wallet, rerender);
    else if (name === "agents") element = await agentsPage(c);
    else if (name === "models") element = await modelsPage(c);
    else if (name === "model") ({ element, mount } = await modelPage(c, arg));
    else if (name === "datanets") element = await datanetsPage(c);
    else if (name === "datanet") element = await datanetPage(c, arg);
    else ({ element, mount } = await overviewPage(c));
    if (mine !== generation) return;
    main.replaceChildren(element);
    mount();
  } catch (err) {
    if (mine !== generation) return;
    main.replaceChildren(
      h("p", { class: "error", id: "page-error" }, err instanceof Error ? err.message : String(err)),
    );
  }
  document.body.dataset.ready = "1";
}

async function start(): Promise<void> {
  const config = await loadConfig();
  const c = connectChain(config);
  const wallet = await connectWallet(c.chain);
  const walletLabel = document.getElementById("wallet") as HTMLElement;
  walletLabel.textContent = wallet === undefined ? "no wallet" : short(wallet.account);
  if (wallet !== undefined) walletLabel.dataset.account = wallet.account;
  window.addEventListener("hashchange", () => {
    // A notice belongs to the page that gave it.
    const notice = document.getElementById("notice") as HTMLElement;
    notice.textContent = "";
    delete notice.dataset.kind;
    void render(c, wallet);
  });
  await render(c, wallet);
}

start().catch((err: unknown) => {
  const main = document.getElementById("page") as HTMLElement;
  main.replaceChildren(h("p", { class: "error", id: "page-error" }, err instanceof Error ? err.message : String(err)));
  document.body.dataset.ready = "1";
});
