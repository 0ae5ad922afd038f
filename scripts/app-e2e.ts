/// The web app end to end, in headless Chromium.
///
///   npm run app:e2e          (= node --import tsx scripts/app-e2e.ts)
///
/// Starts anvil, deploys the suite, runs the demo economy, starts the indexer (PGlite in a temp dir), builds the app
/// with Vite and serves it with a /config.json. Then, in Chromium with a test wallet injected (an EIP-1193
/// window.ethereum forwarding to anvil for one unlocked account):
/// - My account, as a contributor who can claim: every datanet's claimed and claimable figures and the stake are
///   compared with the contracts; Claim (one Settlement.claimMany) must raise its OPEN balance by what was shown.
///   Then a root is posted and left pending: what it will add, and the time left before it can be activated.
/// - Datanets: the list's accrued figures; the pending root's datanet: its pool (Settlement.accrued, rootState), every
///   contribution's status and weight (DatanetRegistry.contribution / batch), every contributor's claimed, the active
///   and pending epochs and the countdown to activation (rootState.pendingReadyAt against the chain's clock).
/// - Models: the list's prices and held revenue; the deepest model's page: price and owner share, lineage (the
///   chain's lineage), training datanets and weights, versions' weights hashes, the split of one inference
///   (Settlement.previewSplit), revenue held and credited (modelRevenue + ModelRevenueWithdrawn logs), the revenue
///   chart's total, and the royalties paid to each ancestor (its InferenceSettled logs, split at their blocks).
/// - Overview: the Sankey is drawn, the protocol's and stakers' shares held are the contracts' figures, and the
///   deepest model's royalties go in one flow straight to each ancestor, its grandparent's included.
/// - Agents: every agent's stake and held earnings, and every job's escrow in the tree, are the contracts' figures.
/// - Stake, Request withdrawal, then Withdraw: refused before the cooldown with the decoded one-line error, and after
///   it (anvil's clock moved by the script) the OPEN balance rises by the pending withdrawal to the wei.
/// - Governance, as a staker: a gopen.cooldown proposal built in the page must exist on the Governor (its hash,
///   proposer, state Pending or Active); every proposal's votes are the Governor's; Vote For on it must be counted
///   with the voter's weight.
/// A screenshot of each page goes to .e2e/screenshots/. Exit code 0 only if every check passed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  getAbiItem,
  http,
  keccak256,
  parseUnits,
  toHex,
} from "viem";
import type { PublicClient } from "viem";
import { AttributionMerkleTree } from "../package/src/attribution/merkle.js";
import { suiteAbis } from "../package/src/generated/abis.js";
import { buildApp, serveApp, testWalletScript } from "./lib/app.js";
import { chromiumPath } from "./lib/browser.js";
import {
  elapsed,
  indexedBlock,
  killChildren,
  log,
  onExit,
  startDemoChain,
  startIndexer,
  waitFor,
  waitForIndexer,
} from "./lib/indexer.js";
import type { Addresses, Hex, Indexer } from "./lib/indexer.js";
import { PROJECT_ROOT, rpc, stopAllNodesSync } from "./lib/nodes.js";

const DEPLOYMENT_ID = "indexer-app-e2e";
const DEPLOYMENT_DIR = path.join(PROJECT_ROOT, "deploy", "deployments", DEPLOYMENT_ID);
const SCREENSHOTS = path.join(PROJECT_ROOT, ".e2e", "screenshots");

const started = Date.now();
let tempDir: string | undefined;
let keepTemp = false;
let browser: Browser | undefined;

function cleanUp(): void {
  killChildren();
  stopAllNodesSync();
  rmSync(DEPLOYMENT_DIR, { recursive: true, force: true });
  if (tempDir !== undefined && !keepTemp) rmSync(tempDir, { recursive: true, force: true });
}
onExit(cleanUp);

let failures = 0;
function check(what: string, expected: unknown, actual: unknown): void {
  const ok = String(expected) === String(actual);
  if (!ok) failures++;
  log(`  ${ok ? "✔" : "✘"} ${what}: ${String(actual)}${ok ? "" : ` (expected ${String(expected)})`}`);
}

async function graphql<T>(indexer: Indexer, query: string): Promise<T> {
  const response = await fetch(`${indexer.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.data === undefined) throw new Error(`GraphQL: ${body.errors?.map((e) => e.message).join("; ")}`);
  return body.data;
}

/// A page of the app as `account`: opened on `hash`, waited for until its figures are in.
async function openPage(url: string, rpcUrl: string, account: string, hash: string, problems: string[]): Promise<Page> {
  if (browser === undefined) throw new Error("no browser");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(testWalletScript(rpcUrl, account, 31337));
  const page = await context.newPage();
  page.on("console", (m) => void (m.type() === "error" && problems.push(`${hash}: console: ${m.text()}`)));
  page.on("pageerror", (e) => problems.push(`${hash}: uncaught: ${e.message}`));
  await page.goto(`${url}#/${hash}`);
  await waitReady(page);
  return page;
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
  const error = await page.$("#page-error");
  if (error !== null) throw new Error(`the page shows: ${await error.textContent()}`);
}

/// The `data-wei` of the cell named `name` under `scope`.
async function wei(page: Page, scope: string, name: string): Promise<bigint> {
  const value = await page.getAttribute(`${scope} [data-name="${name}"]`, "data-wei");
  if (value === null) throw new Error(`no ${name} under ${scope}`);
  return BigInt(value);
}

/// Waits for the page's notice after an action; throws its text when it is an error.
async function notice(page: Page): Promise<string> {
  await page.waitForSelector("#notice[data-kind]", { timeout: 60_000 });
  const text = (await page.textContent("#notice")) ?? "";
  if ((await page.getAttribute("#notice", "data-kind")) !== "ok") throw new Error(`the page says: ${text}`);
  return text;
}

/// Settles an inference on model 1, then, for each datanet where `claimant` has a leaf and the pool holds more than
/// the active root allocates, posts a new epoch (as the datanet's attestor) that gives all of it to `claimant`, with
/// its allocation file in `dir`, and (when `activate`) activates it after the challenge window. Returns what
/// `claimant` gained, per datanet.
async function postEpoch(
  rpcUrl: string,
  client: PublicClient,
  a: Addresses,
  indexer: Indexer,
  claimant: Hex,
  dir: string,
  activate: boolean,
): Promise<Map<bigint, bigint>> {
  const read = <T>(address: Hex, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  const sendAs = async (from: Hex, address: Hex, abi: readonly unknown[], functionName: string, args: unknown[]) => {
    const wallet = createWalletClient({ account: from, transport: http(rpcUrl) });
    const hash = await wallet.writeContract({ address, abi, functionName, args, chain: null } as never);
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  };
  const [deployer] = (await rpc(rpcUrl, "eth_accounts")) as Hex[];
  const fee = await read<bigint>(a.models, suiteAbis.models, "quote", [1n, 1n]);
  await sendAs(deployer, a.open, suiteAbis.open, "approve", [a.settlement, fee]);
  await sendAs(deployer, a.settlement, suiteAbis.settlement, "settle", [
    1n,
    1n,
    fee,
    keccak256(toHex(`app e2e inference ${Date.now()}`)),
    keccak256(toHex("attribution")),
  ]);
  await waitFor(
    "the inference indexed",
    indexer,
    async () => (await indexedBlock(indexer)) >= (await client.getBlockNumber()),
    60_000,
  );
  const { contributorPools } = await graphql<{ contributorPools: { items: Array<{ datanetId: string }> } }>(
    indexer,
    `{ contributorPools(where: { account: "${claimant.toLowerCase()}" }) { items { datanetId } } }`,
  );
  const gained = new Map<bigint, bigint>();
  for (const { datanetId } of contributorPools.items) {
    const id = BigInt(datanetId);
    const state = await read<{ activeTotal: bigint; activeEpoch: bigint; lastEpoch: bigint; pendingRoot: Hex }>(
      a.settlement,
      suiteAbis.settlement,
      "rootState",
      [id],
    );
    const extra = (await read<bigint>(a.settlement, suiteAbis.settlement, "accrued", [id])) - state.activeTotal;
    if (extra <= 0n || BigInt(state.pendingRoot) !== 0n) continue;
    const { allocations, datanet } = await graphql<{
      allocations: { items: Array<{ account: string; cumulativeAmount: string }> };
      datanet: { attestor: Hex };
    }>(
      indexer,
      `{ allocations(where: { datanetId: "${id}", epoch: "${state.activeEpoch}" }, limit: 1000) { items { account cumulativeAmount } }
         datanet(id: "${id}") { attestor } }`,
    );
    const leaves = allocations.items.map((l) => ({
      account: l.account,
      cumulativeAmount: (
        BigInt(l.cumulativeAmount) + (l.account.toLowerCase() === claimant.toLowerCase() ? extra : 0n)
      ).toString(),
    }));
    const epoch = state.lastEpoch + 1n;
    const tree = AttributionMerkleTree.of(leaves);
    const file = path.join(dir, `allocation-${id}-${epoch}.json`);
    writeFileSync(file, JSON.stringify({ datanetId: id.toString(), epoch: epoch.toString(), allocations: leaves }));
    await sendAs(datanet.attestor, a.settlement, suiteAbis.settlement, "postRoot", [
      id,
      epoch,
      tree.root,
      state.activeTotal + extra,
      pathToFileURL(file).href,
    ]);
    gained.set(id, extra);
  }
  if (gained.size === 0) throw new Error("no datanet of the claimant has anything new to allocate");
  if (activate) {
    const window = await read<bigint>(a.settlement, suiteAbis.settlement, "challengeWindow");
    await rpc(rpcUrl, "evm_increaseTime", [Number(window) + 1]);
    await rpc(rpcUrl, "evm_mine");
    for (const id of gained.keys()) await sendAs(deployer, a.settlement, suiteAbis.settlement, "activateRoot", [id]);
  }
  const head = await client.getBlockNumber();
  await waitFor("the new epoch indexed", indexer, async () => (await indexedBlock(indexer)) >= head, 60_000);
  return gained;
}

/// Clears the page's notice, clicks `selector` and returns the notice that follows, ok or error.
async function clickForNotice(page: Page, selector: string): Promise<{ kind: string; text: string }> {
  await page.$eval("#notice", (n) => {
    n.textContent = "";
    n.removeAttribute("data-kind");
  });
  await page.click(selector);
  await page.waitForSelector("#notice[data-kind]", { timeout: 60_000 });
  return {
    kind: (await page.getAttribute("#notice", "data-kind")) ?? "",
    text: (await page.textContent("#notice")) ?? "",
  };
}

/// A `data-*` attribute of the element at `selector`; throws when there is none.
async function attr(page: Page, selector: string, name: string): Promise<string> {
  const value = await page.getAttribute(selector, name);
  if (value === null) throw new Error(`no ${name} on ${selector}`);
  return value;
}

const INFERENCE_SETTLED = getAbiItem({ abi: suiteAbis.settlement, name: "InferenceSettled" });
const REVENUE_WITHDRAWN = getAbiItem({ abi: suiteAbis.settlement, name: "ModelRevenueWithdrawn" });

interface SplitView {
  models: ReadonlyArray<{ id: bigint; amount: bigint }>;
  datanets: ReadonlyArray<{ id: bigint; modelId: bigint; version: bigint; amount: bigint }>;
  protocol: bigint;
  stakers: bigint;
}

/// What the inferences of `modelId` paid each ancestor, from the chain alone: every InferenceSettled log of the
/// model, split by Settlement.previewSplit at its block (the terms of that block), summed per lineage level.
async function royaltiesFromChain(
  client: PublicClient,
  a: Addresses,
  modelId: bigint,
): Promise<Map<bigint, { toOwner: bigint; toData: bigint }>> {
  const logs = await client.getLogs({
    address: a.settlement,
    event: INFERENCE_SETTLED,
    args: { modelId },
    fromBlock: 0n,
  });
  const out = new Map<bigint, { toOwner: bigint; toData: bigint }>();
  const at = (id: bigint) => out.get(id) ?? out.set(id, { toOwner: 0n, toData: 0n }).get(id)!;
  for (const l of logs) {
    const split = (await client.readContract({
      address: a.settlement,
      abi: suiteAbis.settlement,
      functionName: "previewSplit",
      args: [modelId, l.args.fee ?? 0n],
      blockNumber: l.blockNumber,
    })) as SplitView;
    for (const m of split.models) if (m.id !== modelId) at(m.id).toOwner += m.amount;
    for (const d of split.datanets) if (d.modelId !== modelId) at(d.modelId).toData += d.amount;
  }
  return out;
}

async function main(): Promise<boolean> {
  rmSync(DEPLOYMENT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { node, addresses: a } = await startDemoChain(DEPLOYMENT_ID);
  const client = createPublicClient({ transport: http(node.url), cacheTime: 0 }) as PublicClient;
  const read = <T>(address: Hex, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address, abi, functionName, args } as never) as Promise<T>;

  tempDir = mkdtempSync(path.join(tmpdir(), "openledger-app-"));
  let t = Date.now();
  const indexer = await startIndexer(node, DEPLOYMENT_ID, tempDir);
  const [built] = await Promise.all([
    buildApp().then(() => Date.now()),
    waitForIndexer(indexer, await client.getBlockNumber()),
  ]);
  log(`✔ app built (${((built - t) / 1000).toFixed(1)} s) and indexer ready (${elapsed(t)})`);
  const server = await serveApp({ rpcUrl: node.url, indexerUrl: indexer.url, chainId: 31337, addresses: a });
  log(`✔ app on ${server.url}`);
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true });
  const problems: string[] = [];

  // My account, as the contributor who earned the most; the demo claims everything, so a new epoch gives it more.
  const { contributorPools } = await graphql<{ contributorPools: { items: Array<{ account: Hex }> } }>(
    indexer,
    `
      {
        contributorPools(orderBy: "activeCumulative", orderDirection: "desc", limit: 1) {
          items {
            account
          }
        }
      }
    `,
  );
  const claimant = contributorPools.items[0]?.account;
  if (claimant === undefined) throw new Error("the demo leaves no contributor");
  t = Date.now();
  const fresh = [...(await postEpoch(node.url, client, a, indexer, claimant, tempDir, true)).values()].reduce(
    (x, y) => x + y,
    0n,
  );
  log(`✔ a new epoch gives ${claimant} ${fresh} more (${elapsed(t)})`);
  log(`▶ My account, as contributor ${claimant}`);
  t = Date.now();
  let page = await openPage(server.url, node.url, claimant, "account", problems);
  let shown = 0n;
  for (const row of await page.$$("#claims tbody tr")) {
    const datanetId = BigInt((await row.getAttribute("data-datanet")) ?? "0");
    const scope = `#claims tr[data-datanet="${datanetId}"]`;
    const earned = await wei(page, scope, "earned");
    const claimed = await read<bigint>(a.settlement, suiteAbis.settlement, "claimed", [datanetId, claimant]);
    check(`datanet ${datanetId} claimed`, claimed, await wei(page, scope, "claimed"));
    check(`datanet ${datanetId} claimable`, earned - claimed, await wei(page, scope, "claimable"));
    shown += earned - claimed;
  }
  check("total claimable", shown, BigInt((await page.getAttribute("#claimable-total", "data-wei")) ?? "-1"));
  check(
    "staked",
    await read(a.gopen, suiteAbis.gopen, "balanceOf", [claimant]),
    await wei(page, "#stake-table", "staked"),
  );
  check(
    "votes",
    await read(a.gopen, suiteAbis.gopen, "getVotes", [claimant]),
    await wei(page, "#stake-table", "votes"),
  );
  const balanceBefore = await read<bigint>(a.open, suiteAbis.open, "balanceOf", [claimant]);
  check("OPEN balance", balanceBefore, await wei(page, "#stake-table", "balance"));
  await page.screenshot({ path: path.join(SCREENSHOTS, "account.png"), fullPage: true });
  if (shown === 0n) throw new Error("nothing to claim on the page");
  await page.click("#claim");
  log(`  ${await notice(page)}`);
  const balanceAfter = await read<bigint>(a.open, suiteAbis.open, "balanceOf", [claimant]);
  check("OPEN received by the claim", shown, balanceAfter - balanceBefore);
  await waitReady(page);
  check("claimable after the claim", 0n, BigInt((await page.getAttribute("#claimable-total", "data-wei")) ?? "-1"));
  await page.screenshot({ path: path.join(SCREENSHOTS, "account-claimed.png"), fullPage: true });
  log(`✔ My account (${elapsed(t)})`);

  // A pending root: what it will add on My account, and its countdown on the datanet's page.
  log("▶ A pending root: My account and the datanet's page");
  t = Date.now();
  const pendingGains = await postEpoch(node.url, client, a, indexer, claimant, tempDir, false);
  const pendingTotal = [...pendingGains.values()].reduce((x, y) => x + y, 0n);
  await page.reload();
  await waitReady(page);
  check("what the pending roots will add", pendingTotal, BigInt(await attr(page, "#pending-roots", "data-wei")));
  const now = (await client.getBlock()).timestamp;
  for (const [datanetId, gain] of pendingGains) {
    const state = await read<{ pendingReadyAt: bigint }>(a.settlement, suiteAbis.settlement, "rootState", [datanetId]);
    const scope = `#pending-roots tr[data-datanet="${datanetId}"]`;
    check(`datanet ${datanetId} pending root adds`, gain, await wei(page, scope, "adds"));
    check(
      `datanet ${datanetId} pending root countdown (s)`,
      state.pendingReadyAt - now,
      await attr(page, `${scope} [data-name="countdown"]`, "data-seconds"),
    );
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "account-pending-root.png"), fullPage: true });

  const STATUS = ["none", "pending", "accepted", "rejected", "withdrawn"];
  await page.goto(`${server.url}#/datanets`);
  await waitReady(page);
  const datanetIds = await page.$$eval("#datanet-table tbody tr", (rows) =>
    rows.map((r) => r.getAttribute("data-datanet")),
  );
  check("datanets listed", await read<bigint>(a.datanets, suiteAbis.datanets, "datanetCount"), datanetIds.length);
  for (const id of datanetIds) {
    check(
      `datanet ${id} accrued (list)`,
      await read(a.settlement, suiteAbis.settlement, "accrued", [BigInt(id ?? "0")]),
      await wei(page, `#datanet-table tr[data-datanet="${id}"]`, "accrued"),
    );
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "datanets.png"), fullPage: true });
  const [shownDatanet] = pendingGains.keys();
  await page.goto(`${server.url}#/datanet/${shownDatanet}`);
  await waitReady(page);
  {
    const id = shownDatanet;
    const view = await read<{ contributionCount: bigint; batchCount: bigint }>(
      a.datanets,
      suiteAbis.datanets,
      "datanet",
      [id],
    );
    const state = await read<{
      activeTotal: bigint;
      activeEpoch: bigint;
      claimed: bigint;
      lastEpoch: bigint;
      pendingReadyAt: bigint;
    }>(a.settlement, suiteAbis.settlement, "rootState", [id]);
    check(
      `datanet ${id} accrued`,
      await read(a.settlement, suiteAbis.settlement, "accrued", [id]),
      await wei(page, "#datanet-money", "accrued"),
    );
    check(`datanet ${id} active total`, state.activeTotal, await wei(page, "#datanet-money", "activeTotal"));
    check(`datanet ${id} claimed`, state.claimed, await wei(page, "#datanet-money", "claimed"));
    const rows = await page.$$eval("#contributions tbody tr", (trs) =>
      trs.map((r) => ({
        hash: r.getAttribute("data-hash") ?? "",
        kind: r.getAttribute("data-kind") ?? "",
        status: r.querySelector('[data-name="status"]')?.textContent ?? "",
        weight: r.querySelector('[data-name="weight"]')?.getAttribute("data-value") ?? "",
      })),
    );
    check(`datanet ${id} contributions listed`, view.contributionCount + view.batchCount, rows.length);
    let matching = 0;
    for (const r of rows) {
      if (r.kind === "batch") {
        const b = await read<{ status: number }>(a.datanets, suiteAbis.datanets, "batch", [id, r.hash]);
        if (STATUS[b.status] === r.status) matching++;
        else check(`batch ${r.hash.slice(0, 10)} status`, STATUS[b.status], r.status);
      } else {
        const x = await read<{ status: number; weight: bigint }>(a.datanets, suiteAbis.datanets, "contribution", [
          id,
          r.hash,
        ]);
        if (STATUS[x.status] === r.status && x.weight.toString() === r.weight) matching++;
        else
          check(
            `record ${r.hash.slice(0, 10)} status/weight`,
            `${STATUS[x.status]}/${x.weight}`,
            `${r.status}/${r.weight}`,
          );
      }
    }
    check(`datanet ${id} contributions with the chain's status and weight`, rows.length, matching);
    const accounts = await page.$$eval("#contributors tbody tr", (trs) =>
      trs.map((r) => r.getAttribute("data-account") ?? ""),
    );
    let claimedOk = 0;
    for (const account of accounts) {
      const claimed = await read<bigint>(a.settlement, suiteAbis.settlement, "claimed", [id, account]);
      if (claimed === (await wei(page, `#contributors tr[data-account="${account}"]`, "claimed"))) claimedOk++;
    }
    check(`datanet ${id} contributors whose claimed is the chain's`, accounts.length, claimedOk);
    check(
      `datanet ${id} active epoch`,
      "active",
      await attr(page, `#roots tr[data-epoch="${state.activeEpoch}"]`, "data-status"),
    );
    const pendingRow = `#roots tr[data-epoch="${state.lastEpoch}"]`;
    check(`datanet ${id} epoch ${state.lastEpoch}`, "pending", await attr(page, pendingRow, "data-status"));
    check(
      `datanet ${id} countdown to activation (s)`,
      state.pendingReadyAt - (await client.getBlock()).timestamp,
      await attr(page, `${pendingRow} [data-name="countdown"]`, "data-seconds"),
    );
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "datanet.png"), fullPage: true });
  log(`✔ Pending root and datanet ${shownDatanet} (${elapsed(t)})`);

  // Models: the list, then the deepest model's page (its grandparent's royalties are checked on the Overview too).
  log("▶ Models");
  t = Date.now();
  const modelCount = await read<bigint>(a.models, suiteAbis.models, "modelCount");
  await page.goto(`${server.url}#/models`);
  await waitReady(page);
  const modelIds = await page.$$eval("#model-table tbody tr", (rows) => rows.map((r) => r.getAttribute("data-model")));
  check("models listed", modelCount, modelIds.length);
  let deepest = 1n;
  let deepestLineage: readonly bigint[] = [];
  for (const idText of modelIds) {
    const id = BigInt(idText ?? "0");
    const scope = `#model-table tr[data-model="${id}"]`;
    const view = await read<{ price: bigint }>(a.models, suiteAbis.models, "model", [id]);
    check(`model ${id} price (list)`, view.price, await wei(page, scope, "price"));
    check(
      `model ${id} held (list)`,
      await read(a.settlement, suiteAbis.settlement, "modelRevenue", [id]),
      await wei(page, scope, "revenue"),
    );
    const lineage = await read<readonly bigint[]>(a.models, suiteAbis.models, "lineage", [id]);
    if (lineage.length > deepestLineage.length) [deepest, deepestLineage] = [id, lineage];
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "models.png"), fullPage: true });
  if (deepestLineage.length < 2) throw new Error("the demo leaves no model with a grandparent");
  const paidUp = await royaltiesFromChain(client, a, deepest);
  await page.goto(`${server.url}#/model/${deepest}`);
  await waitReady(page);
  {
    const id = deepest;
    const view = await read<{
      price: bigint;
      ownerBps: bigint;
      versionCount: bigint;
      datanets: ReadonlyArray<{ datanetId: bigint; version: bigint; weightBps: bigint }>;
    }>(a.models, suiteAbis.models, "model", [id]);
    check(`model ${id} price`, view.price, await attr(page, '#model-facts [data-name="price"]', "data-wei"));
    check(
      `model ${id} owner share (bps)`,
      view.ownerBps,
      await attr(page, '#model-facts [data-name="ownerBps"]', "data-value"),
    );
    const ancestors = await page.$$eval("#lineage [data-ancestor]", (els) =>
      els.map((e) => e.getAttribute("data-ancestor")),
    );
    check(`model ${id} lineage, root first`, [...deepestLineage].reverse().join(","), ancestors.join(","));
    const training = await page.$$eval("#training tbody tr", (rows) =>
      rows.map(
        (r) =>
          `${r.getAttribute("data-datanet")}:v${r.querySelector('[data-name="version"]')?.textContent}:${r.querySelector('[data-name="weightBps"]')?.getAttribute("data-value")}`,
      ),
    );
    check(
      `model ${id} training datanets`,
      view.datanets.map((d) => `${d.datanetId}:v${d.version}:${d.weightBps}`).join(" "),
      training.join(" "),
    );
    const hashes = await page.$$eval('#versions [data-name="weightsHash"]', (els) =>
      els.map((e) => e.getAttribute("data-value")),
    );
    const chainHashes: string[] = [];
    for (let v = 0n; v < view.versionCount; v++) {
      chainHashes.push(
        (await read<{ weightsHash: string }>(a.models, suiteAbis.models, "version", [id, v])).weightsHash,
      );
    }
    check(`model ${id} versions' weights`, chainHashes.sort().join(","), hashes.sort().join(","));
    const split = await read<SplitView>(a.settlement, suiteAbis.settlement, "previewSplit", [id, view.price]);
    const shownSplit = await page.$$eval('#split [data-name^="split-"]', (els) =>
      els.map((e) => e.getAttribute("data-wei")),
    );
    const expectedSplit = [
      split.protocol,
      split.stakers,
      ...split.models.map((m) => m.amount),
      ...split.datanets.map((d) => d.amount),
    ];
    check(`model ${id} split of one inference`, expectedSplit.join(","), shownSplit.join(","));
    const held = await read<bigint>(a.settlement, suiteAbis.settlement, "modelRevenue", [id]);
    check(`model ${id} revenue held`, held, await wei(page, "#revenue", "held"));
    const withdrawn = (
      await client.getLogs({ address: a.settlement, event: REVENUE_WITHDRAWN, args: { modelId: id }, fromBlock: 0n })
    ).reduce((sum, l) => sum + (l.args.amount ?? 0n), 0n);
    check(`model ${id} revenue credited (held + withdrawn)`, held + withdrawn, await wei(page, "#revenue", "credited"));
    check(`model ${id} revenue charted per block`, held + withdrawn, await attr(page, "#revenue-chart", "data-wei"));
    check(`model ${id} revenue chart drawn`, true, (await page.$("#revenue-chart canvas")) !== null);
    for (const ancestor of deepestLineage) {
      const expected = paidUp.get(ancestor) ?? { toOwner: 0n, toData: 0n };
      const scope = `#royalties-paid tr[data-ancestor="${ancestor}"]`;
      check(
        `model ${id} royalties to model ${ancestor} (owner/data)`,
        `${expected.toOwner}/${expected.toData}`,
        `${await wei(page, scope, "toOwner")}/${await wei(page, scope, "toData")}`,
      );
    }
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "model.png"), fullPage: true });
  log(`✔ Models: model ${deepest}, lineage ${[...deepestLineage].reverse().join(" → ")} → ${deepest} (${elapsed(t)})`);

  // Overview.
  log("▶ Overview");
  t = Date.now();
  await page.goto(`${server.url}#/overview`);
  await waitReady(page);
  const links = Number((await page.getAttribute("#sankey", "data-links")) ?? "0");
  check("Sankey drawn with links", true, links > 0 && (await page.$("#sankey canvas")) !== null);
  const settlementRead = (fn: string) => read<bigint>(a.settlement, suiteAbis.settlement, fn);
  check("protocol share held", await settlementRead("treasuryAccrued"), await wei(page, "#totals", "treasuryAccrued"));
  check("stakers' share held", await settlementRead("stakersAccrued"), await wei(page, "#totals", "stakersAccrued"));
  // The deepest model's royalties: one flow straight to each ancestor, the grandparent's not folded into the parent's.
  for (const ancestor of deepestLineage) {
    const expected = paidUp.get(ancestor) ?? { toOwner: 0n, toData: 0n };
    const flow = `#flows tr[data-source="model ${deepest}"][data-target="model ${ancestor}"]`;
    check(
      `Sankey flow model ${deepest} → model ${ancestor} (${deepestLineage.indexOf(ancestor) + 1} level(s) up)`,
      expected.toOwner + expected.toData,
      (await page.$(flow)) === null ? "no such flow" : await wei(page, flow, "flow"),
    );
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview.png"), fullPage: true });
  log(`✔ Overview: ${links} links (${elapsed(t)})`);

  // Agents.
  log("▶ Agents");
  t = Date.now();
  await page.goto(`${server.url}#/agents`);
  await waitReady(page);
  const agentIds = await page.$$eval("#agent-table tbody tr", (rows) => rows.map((r) => r.getAttribute("data-agent")));
  check("agents", await read<bigint>(a.agents, suiteAbis.agents, "agentCount"), agentIds.length);
  for (const id of agentIds) {
    const scope = `#agent-table tr[data-agent="${id}"]`;
    const [staked] = await read<[bigint]>(a.agents, suiteAbis.agents, "stakeOf", [BigInt(id ?? "0")]);
    check(`agent ${id} stake`, staked, await wei(page, scope, "staked"));
    const earnings = await read<bigint>(a.jobs, suiteAbis.jobs, "agentEarnings", [BigInt(id ?? "0")]);
    check(`agent ${id} earnings held`, earnings, await wei(page, scope, "earnings"));
  }
  const jobIds = await page.$$eval("#job-tree tbody tr", (rows) => rows.map((r) => r.getAttribute("data-job")));
  check("jobs in the tree", await read<bigint>(a.jobs, suiteAbis.jobs, "jobCount"), jobIds.length);
  for (const id of jobIds) {
    const view = await read<{ escrow: bigint }>(a.jobs, suiteAbis.jobs, "job", [BigInt(id ?? "0")]);
    check(`job ${id} escrow`, view.escrow, await wei(page, `#job-tree tr[data-job="${id}"]`, "escrow"));
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "agents.png"), fullPage: true });
  log(`✔ Agents (${elapsed(t)})`);

  // Stake, request a withdrawal, Withdraw before the cooldown (the decoded one-line error), then after it.
  log("▶ Stake and withdraw, as the contributor");
  t = Date.now();
  const gopenRead = <T>(fn: string, args: readonly unknown[] = []) => read<T>(a.gopen, suiteAbis.gopen, fn, args);
  await page.goto(`${server.url}#/account`);
  await waitReady(page);
  const stakedBefore = await gopenRead<bigint>("balanceOf", [claimant]);
  await page.fill("#stake-amount", "1.5");
  let result = await clickForNotice(page, "#stake");
  check(`Stake: ${result.text}`, "ok", result.kind);
  await waitReady(page);
  check("staked on gOPEN", stakedBefore + parseUnits("1.5", 18), await gopenRead("balanceOf", [claimant]));
  await page.fill("#stake-amount", "1.5");
  result = await clickForNotice(page, "#unstake");
  check(`Request withdrawal: ${result.text}`, "ok", result.kind);
  await waitReady(page);
  const [pendingAmount, readyAt] = await gopenRead<[bigint, bigint]>("pendingWithdrawal", [claimant]);
  check("pending withdrawal", pendingAmount, await wei(page, "#stake-table", "pending"));
  const chainNow = (await client.getBlock()).timestamp;
  check(
    "time left before Withdraw (s)",
    readyAt - chainNow,
    await attr(page, '#stake-table [data-name="withdraw-countdown"]', "data-seconds"),
  );
  result = await clickForNotice(page, "#withdraw");
  check("Withdraw before the cooldown is refused", "error", result.kind);
  check(
    `…in one decoded line without raw hex: ${result.text}`,
    true,
    /WithdrawalNotReady/.test(result.text) && !result.text.includes("\n") && !/0x[0-9a-f]{41,}/i.test(result.text),
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, "account-withdraw-early.png"), fullPage: true });
  await rpc(node.url, "evm_increaseTime", [Number(readyAt - chainNow) + 1]);
  await rpc(node.url, "evm_mine");
  await page.reload();
  await waitReady(page);
  check("Withdraw ready", "ready", await page.textContent('#stake-table [data-name="withdraw-countdown"]'));
  const openBefore = await read<bigint>(a.open, suiteAbis.open, "balanceOf", [claimant]);
  result = await clickForNotice(page, "#withdraw");
  check(`Withdraw: ${result.text}`, "ok", result.kind);
  const openAfter = await read<bigint>(a.open, suiteAbis.open, "balanceOf", [claimant]);
  check("OPEN returned by Withdraw", pendingAmount, openAfter - openBefore);
  await waitReady(page);
  check("pending withdrawal after Withdraw", 0n, await wei(page, "#stake-table", "pending"));
  check("OPEN balance shown after Withdraw", openAfter, await wei(page, "#stake-table", "balance"));
  await page.screenshot({ path: path.join(SCREENSHOTS, "account-withdrawn.png"), fullPage: true });
  log(`✔ Stake and withdraw (${elapsed(t)})`);
  await page.context().close();

  // Governance: a staker proposes, then votes For in the app.
  const { stakers } = await graphql<{ stakers: { items: Array<{ address: Hex }> } }>(
    indexer,
    `
      {
        stakers(orderBy: "votes", orderDirection: "desc", limit: 1) {
          items {
            address
          }
        }
      }
    `,
  );
  const voter = stakers.items[0]?.address;
  if (voter === undefined) throw new Error("the demo leaves no staker with votes");
  log(`▶ Governance, as staker ${voter}`);
  t = Date.now();
  // The proposal builder: gopen.cooldown, one minute longer, through the page and the wallet.
  page = await openPage(server.url, node.url, voter, "governance", problems);
  const newCooldown = (await gopenRead<bigint>("cooldown")) + 60n;
  const description = `App e2e: gopen.cooldown to ${newCooldown} s (${Date.now()})`;
  await page.selectOption("#param-name", "gopen.cooldown");
  await page.fill("#param-value", newCooldown.toString());
  await page.fill("#param-description", description);
  result = await clickForNotice(page, "#propose");
  check(`Propose: ${result.text}`, "ok", result.kind);
  const proposalId = BigInt(await attr(page, "#notice", "data-proposal"));
  const calldata = encodeFunctionData({ abi: suiteAbis.gopen, functionName: "setCooldown", args: [newCooldown] });
  check(
    "the proposal is the Governor's hash of gopen.setCooldown",
    await read<bigint>(a.governor, suiteAbis.governor, "hashProposal", [
      [a.gopen],
      [0n],
      [calldata],
      keccak256(toHex(description)),
    ]),
    proposalId,
  );
  check(
    "its proposer on the Governor",
    voter.toLowerCase(),
    (await read<string>(a.governor, suiteAbis.governor, "proposalProposer", [proposalId])).toLowerCase(),
  );
  const stateAfter = Number(await read<number>(a.governor, suiteAbis.governor, "state", [proposalId]));
  check("its state on the Governor is Pending or Active", true, stateAfter === 0 || stateAfter === 1);
  await waitReady(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "governance-proposed.png"), fullPage: true });
  // Past the voting delay: the proposal is Active.
  await rpc(node.url, "evm_increaseTime", [5]);
  await rpc(node.url, "evm_mine");
  const head = await client.getBlockNumber();
  await waitFor("the proposal indexed", indexer, async () => (await indexedBlock(indexer)) >= head, 60_000);
  await page.reload();
  await waitReady(page);
  for (const row of await page.$$("#proposals tbody tr")) {
    const id = BigInt((await row.getAttribute("data-proposal")) ?? "0");
    const [against, forVotes, abstain] = await read<[bigint, bigint, bigint]>(
      a.governor,
      suiteAbis.governor,
      "proposalVotes",
      [id],
    );
    const scope = `#proposals tr[data-proposal="${id}"]`;
    check(
      `proposal ${String(id).slice(0, 8)}… for/against/abstain`,
      `${forVotes}/${against}/${abstain}`,
      `${await wei(page, scope, "for")}/${await wei(page, scope, "against")}/${await wei(page, scope, "abstain")}`,
    );
  }
  const scope = `#proposals tr[data-proposal="${proposalId}"]`;
  check("the new proposal is Active", "Active", await page.getAttribute(scope, "data-state"));
  await page.screenshot({ path: path.join(SCREENSHOTS, "governance.png"), fullPage: true });
  const snapshot = await read<bigint>(a.governor, suiteAbis.governor, "proposalSnapshot", [proposalId]);
  const weight = await read<bigint>(a.gopen, suiteAbis.gopen, "getPastVotes", [voter, snapshot]);
  await page.click(`${scope} button[data-vote="for"]`);
  log(`  ${await notice(page)}`);
  check("hasVoted on the Governor", true, await read(a.governor, suiteAbis.governor, "hasVoted", [proposalId, voter]));
  const [, forAfter] = await read<[bigint, bigint, bigint]>(a.governor, suiteAbis.governor, "proposalVotes", [
    proposalId,
  ]);
  check("for votes on the Governor", weight, forAfter);
  await waitReady(page);
  check("for votes shown", weight, await wei(page, scope, "for"));
  await page.screenshot({ path: path.join(SCREENSHOTS, "governance-voted.png"), fullPage: true });
  log(`✔ Governance (${elapsed(t)})`);

  for (const p of problems) log(`  ✘ ${p}`);
  failures += problems.length;
  await browser.close();
  await server.close();
  log(`  screenshots in ${path.relative(PROJECT_ROOT, SCREENSHOTS)}/`);
  const ok = failures === 0;
  log(`${ok ? "✔" : "✘"} app e2e ${ok ? "passed" : `failed: ${failures} checks`} (${elapsed(started)})`);
  return ok;
}

main()
  .then((ok) => {
    process.exitCode = ok ? 0 : 1;
    keepTemp = !ok;
  })
  .catch((err: unknown) => {
    keepTemp = true;
    process.stderr.write(`error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    void browser?.close();
    cleanUp();
    setTimeout(() => process.exit(), 100).unref();
  });
