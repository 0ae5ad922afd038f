/// The web app end to end, in headless Chromium.
///
///   npm run app:e2e          (= node --import tsx scripts/app-e2e.ts)
///
/// Starts anvil, deploys the suite, runs the demo economy, starts the indexer (PGlite in a temp dir), builds the app
/// with Vite and serves it with a /config.json. Then, in Chromium with a test wallet injected (an EIP-1193
/// window.ethereum forwarding to anvil for one unlocked account):
/// - My account, as a contributor who can claim: every datanet's claimed and claimable figures and the stake are
///   compared with the contracts; Claim (one Settlement.claimMany) must raise its OPEN balance by what was shown.
/// - Overview: the Sankey is drawn, and the protocol's and stakers' shares held are the contracts' figures.
/// - Agents: every agent's stake and held earnings, and every job's escrow in the tree, are the contracts' figures.
/// - Governance, as a staker: after a proposal is made for the test, every proposal's votes are the Governor's;
///   Vote For must be counted on the Governor with the voter's weight.
/// A screenshot of each page goes to .e2e/screenshots/. Exit code 0 only if every check passed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { createPublicClient, createWalletClient, encodeFunctionData, http, keccak256, toHex } from "viem";
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
/// its allocation file in `dir`, and activates it after the challenge window. Returns what `claimant` gained.
async function newEpoch(
  rpcUrl: string,
  client: PublicClient,
  a: Addresses,
  indexer: Indexer,
  claimant: Hex,
  dir: string,
): Promise<bigint> {
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
  let gained = 0n;
  const posted: bigint[] = [];
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
    posted.push(id);
    gained += extra;
  }
  if (posted.length === 0) throw new Error("no datanet of the claimant has anything new to allocate");
  const window = await read<bigint>(a.settlement, suiteAbis.settlement, "challengeWindow");
  await rpc(rpcUrl, "evm_increaseTime", [Number(window) + 1]);
  await rpc(rpcUrl, "evm_mine");
  for (const id of posted) await sendAs(deployer, a.settlement, suiteAbis.settlement, "activateRoot", [id]);
  const head = await client.getBlockNumber();
  await waitFor("the new epoch indexed", indexer, async () => (await indexedBlock(indexer)) >= head, 60_000);
  return gained;
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
  const fresh = await newEpoch(node.url, client, a, indexer, claimant, tempDir);
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
  const wallet = createWalletClient({ account: voter, transport: http(node.url) });
  const description = `App e2e: a proposal to vote on (${Date.now()})`;
  const calldata = encodeFunctionData({ abi: suiteAbis.open, functionName: "approve", args: [a.timelock, 0n] });
  const proposeHash = await wallet.writeContract({
    address: a.governor,
    abi: suiteAbis.governor,
    functionName: "propose",
    args: [[a.open], [0n], [calldata], description],
    chain: null,
  } as never);
  await client.waitForTransactionReceipt({ hash: proposeHash });
  const proposalId = await read<bigint>(a.governor, suiteAbis.governor, "hashProposal", [
    [a.open],
    [0n],
    [calldata],
    keccak256(toHex(description)),
  ]);
  // Past the voting delay: the proposal is Active.
  await rpc(node.url, "evm_increaseTime", [5]);
  await rpc(node.url, "evm_mine");
  const head = await client.getBlockNumber();
  await waitFor("the proposal indexed", indexer, async () => (await indexedBlock(indexer)) >= head, 60_000);
  page = await openPage(server.url, node.url, voter, "governance", problems);
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
