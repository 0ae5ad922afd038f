/// `npm run bench:indexer`: the indexer's throughput and its query latency on a long chain.
///
///   npm run bench:indexer                                  (100,000 inferences; writes bench/perf.json)
///   npm run bench:indexer -- --inferences 5000 --no-write  (what CI runs: the same code path, small)
///
/// On anvil (the suite deployed by Ignition), the minimum to settle: an open datanet with one Merkle batch of
/// `--contributors` records (2,000 by default, one contributor each, weights 1 to 100) and its version 1, a model
/// trained on it, and a payer holding OPEN. Then a synthetic chain of `--inferences` inferences through
/// `Settlement.settleBatch`, `--batch` inferences per transaction (1,000 by default: about 5.5M gas), as many
/// transactions per block as the block's gas limit takes (automine off, one `evm_mine` per block), every receipt
/// checked. The inferences are split into `--epochs` attribution epochs (4 by default): after each part, the attestor
/// allocates the datanet's new accrual pro rata over the contributors' weights (the SDK's `proRataAllocation`),
/// writes the tree file, posts the root, and the root is activated after the challenge window. So the indexer has
/// `allocation` and `contributor_pool` rows to serve.
///
/// Then the indexer indexes the chain from block 0 on PGlite (a temp dir) and on a throwaway PostgreSQL (fresh
/// schema; scripts/lib/postgres.ts), one after the other, each timed from `ponder start` to `/ready` with the head
/// block indexed. Events per second = the logs it handles (eth_getLogs over the suite's addresses, each log whose
/// topic is an event of the contract's ABI: every such event has a handler), checked against Ponder's own count of
/// completed events (/metrics), / those seconds. A few of its figures are checked against the chain (inferences,
/// the datanet's accrual, the model's revenue, the payer's OPEN).
///
/// Then the contributor-earnings query of indexer/README.md ("Contributor": allocations per datanet and epoch,
/// pools, contributions, over GraphQL) for `--queries` distinct contributors (300 by default), one at a time after
/// 20 warm-up queries, and the same over SQL (`select datanet_id, epoch, earned from allocation where account = …`,
/// each text unique). p95 latencies in ms.
///
/// Writes `indexer.eventsPerSecond.{pglite,postgres}` and `indexer.earningsQuery.p95ms` (GraphQL on PostgreSQL), with
/// their goals (`….goal`: ≥ 5,000 events/s on PostgreSQL, p95 < 50 ms) and the other figures measured, into
/// bench/perf.json (merged), unless `--no-write`; prints a table. At 100,000 inferences or more, exits 1 when a goal
/// is missed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createPublicClient, encodeFunctionData, http, keccak256, parseEther, toEventSelector, toHex } from "viem";
import type { Abi, AbiEvent, PublicClient } from "viem";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { buildTree, proRataAllocation } from "../package/src/attribution/index.js";
import type { Allocation } from "../package/src/attribution/index.js";
import { writeTreeFile } from "../package/src/node/index.js";
import { suiteAbis } from "../package/src/generated/abis.js";
import { writePerf } from "./bench-scale.js";
import {
  elapsed,
  indexedBlock,
  killChildren,
  log,
  onExit,
  sleep,
  startDemoChain,
  startIndexer,
  waitFor,
} from "./lib/indexer.js";
import type { Addresses, Hex, Indexer } from "./lib/indexer.js";
import { PROJECT_ROOT, rpc, stopAllNodesSync, stopNode } from "./lib/nodes.js";
import type { LocalNode } from "./lib/nodes.js";
import { startPostgres } from "./lib/postgres.js";
import type { Postgres } from "./lib/postgres.js";

const DEPLOYMENT_ID = "indexer-bench";
const DEPLOYMENT_DIR = path.join(PROJECT_ROOT, "deploy", "deployments", DEPLOYMENT_ID);

/// The goals: events per second on PostgreSQL, and the earnings query's p95.
export const INDEXER_GOALS = { eventsPerSecondPostgres: 5_000, earningsQueryP95ms: 50 } as const;
/// The goals hold for a chain of at least this many inferences (a short one is mostly Ponder's start-up).
const GOAL_SCALE = 100_000;
const WARM_UP_QUERIES = 20;
/// Ponder's finality depth on a chain it does not know (ponder/dist/esm/utils/finality.js): the last 30 blocks are
/// indexed one by one as new blocks, the rest as history.
const FINALITY_BLOCKS = 30;
const PRICE = parseEther("0.001");

interface Options {
  inferences: number;
  batch: number;
  contributors: number;
  epochs: number;
  queries: number;
  write: boolean;
}

const USAGE =
  "usage: bench:indexer [--inferences N] [--batch N] [--contributors N] [--epochs N] [--queries N] [--no-write]";

export function parseOptions(argv: readonly string[]): Options {
  const o: Options = { inferences: 100_000, batch: 1_000, contributors: 2_000, epochs: 4, queries: 300, write: true };
  const numeric: Record<string, keyof Omit<Options, "write">> = {
    "--inferences": "inferences",
    "--batch": "batch",
    "--contributors": "contributors",
    "--epochs": "epochs",
    "--queries": "queries",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--no-write") {
      o.write = false;
      continue;
    }
    const [flag, inline] = arg.includes("=") ? arg.split("=", 2) : [arg, undefined];
    const key = numeric[flag];
    if (key === undefined) throw new Error(`unknown argument "${arg}" (${USAGE})`);
    const text = inline ?? argv[++i] ?? "";
    if (!/^\d+$/.test(text.replace(/_/g, "")) || Number(text.replace(/_/g, "")) < 1) {
      throw new Error(`${flag} takes a positive whole number, not "${text}"`);
    }
    o[key] = Number(text.replace(/_/g, ""));
  }
  if (o.epochs > o.inferences) throw new Error(`--epochs (${o.epochs}) cannot exceed --inferences (${o.inferences})`);
  if (o.queries > o.contributors) {
    throw new Error(
      `--queries (${o.queries}) asks for more distinct contributors than --contributors (${o.contributors})`,
    );
  }
  return o;
}

// ─── Clean-up ────────────────────────────────────────────────────────────────────────────────────────────────────

let tempDir: string | undefined;
let postgres: Postgres | undefined;
let keepTemp = false;

function cleanUp(): void {
  killChildren();
  stopAllNodesSync();
  postgres?.stopSync();
  rmSync(DEPLOYMENT_DIR, { recursive: true, force: true });
  if (tempDir !== undefined && !keepTemp) rmSync(tempDir, { recursive: true, force: true });
}

// ─── The chain ───────────────────────────────────────────────────────────────────────────────────────────────────

interface Chain {
  node: LocalNode;
  addresses: Addresses;
  client: PublicClient;
  head: bigint;
  contributors: Hex[];
  datanetId: bigint;
  modelId: bigint;
  payer: Hex;
  /// Transactions and blocks of settlements.
  settleTxs: number;
  settleBlocks: number;
}

type Send = (from: Hex, to: Hex, abi: Abi, functionName: string, args: readonly unknown[]) => Promise<void>;

/// A sender over anvil's unlocked accounts, with automine on: each transaction is mined and must succeed.
function senderOn(node: LocalNode, client: PublicClient): Send {
  return async (from, to, abi, functionName, args) => {
    const data = encodeFunctionData({ abi, functionName, args } as never);
    const hash = (await rpc(node.url, "eth_sendTransaction", [{ from, to, data }], 60_000)) as Hex;
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
  };
}

const hashOf = (text: string): Hex => keccak256(toHex(text));

/// The datanet, its contributors' batch and version 1, the model, the payer's OPEN and allowance, the attestor's bond.
async function setUp(node: LocalNode, a: Addresses, client: PublicClient, o: Options, send: Send) {
  const accounts = (await rpc(node.url, "eth_accounts")) as Hex[];
  const [deployer, owner, attestor, submitter, builder, payer] = accounts;
  await send(owner, a.datanets, suiteAbis.datanets as Abi, "createDatanet", [
    "ipfs://bench/datanet",
    false,
    0n,
    attestor,
  ]);
  const datanetId = (await client.readContract({
    address: a.datanets,
    abi: suiteAbis.datanets as Abi,
    functionName: "datanetCount",
  })) as bigint;
  // The contributors: one record each in one Merkle batch ([contributor, content hash, weight] leaves).
  const weights = new Map<string, bigint>();
  const leaves: Array<[string, string, bigint]> = [];
  for (let i = 0; i < o.contributors; i++) {
    const account = `0x${hashOf(`bench contributor ${i}`).slice(26)}`;
    const weight = BigInt(1 + (i % 100));
    weights.set(account, weight);
    leaves.push([account, hashOf(`bench record ${i}`), weight]);
  }
  const batch = StandardMerkleTree.of(leaves, ["address", "bytes32", "uint256"]);
  await send(submitter, a.datanets, suiteAbis.datanets as Abi, "contributeRoot", [
    datanetId,
    batch.root,
    BigInt(leaves.length),
    "ipfs://bench/records.json",
  ]);
  await send(owner, a.datanets, suiteAbis.datanets as Abi, "publishVersion", [datanetId, "ipfs://bench/v1"]);
  await send(builder, a.models, suiteAbis.models as Abi, "registerModel", [
    {
      cardURI: "ipfs://bench/model",
      weightsHash: hashOf("bench weights"),
      weightsURI: "ipfs://bench/weights",
      parentId: 0n,
      datanets: [{ datanetId, version: 1n, weightBps: 10_000n }],
      price: PRICE,
      ownerBps: 3_000n,
    },
  ]);
  const modelId = (await client.readContract({
    address: a.models,
    abi: suiteAbis.models as Abi,
    functionName: "modelCount",
  })) as bigint;
  // Units 1 to 5: the payer pays at most 5 × the price per inference.
  const spend = PRICE * 5n * BigInt(o.inferences);
  await send(deployer, a.open, suiteAbis.open as Abi, "transfer", [payer, spend]);
  await send(payer, a.open, suiteAbis.open as Abi, "approve", [a.settlement, spend]);
  // A bond that covers every root the attestor posts (the exposure is at most what the datanet accrues).
  const minBond = (await client.readContract({
    address: a.settlement,
    abi: suiteAbis.settlement as Abi,
    functionName: "minAttestorBond",
  })) as bigint;
  const bond = minBond > spend ? minBond : spend;
  await send(deployer, a.open, suiteAbis.open as Abi, "transfer", [attestor, bond]);
  await send(attestor, a.open, suiteAbis.open as Abi, "approve", [a.settlement, bond]);
  await send(attestor, a.settlement, suiteAbis.settlement as Abi, "depositBond", [bond]);
  return { datanetId, modelId, payer, attestor, weights, contributors: [...weights.keys()] as Hex[] };
}

/// Settles inferences `from` to `to` (exclusive) in batches of `o.batch`, packing blocks up to their gas limit.
async function settleRange(
  node: LocalNode,
  a: Addresses,
  client: PublicClient,
  o: Options,
  s: { modelId: bigint; payer: Hex },
  from: number,
  to: number,
  packing: { gasPerTx?: bigint; txsPerBlock?: number; txs: number; blocks: number },
): Promise<void> {
  const calldataOf = (first: number, last: number): Hex => {
    const inferences = [];
    // Units 1 to 5 in runs (a batch sorted by fee, as a payer would group them): one split per run.
    const run = Math.max(1, Math.ceil((last - first) / 5));
    for (let i = first; i < last; i++) {
      const units = BigInt(1 + Math.floor((i - first) / run));
      inferences.push({
        modelId: s.modelId,
        units,
        maxFee: PRICE * units,
        inferenceId: hashOf(`bench inference ${i}`),
        attributionHash: hashOf(`bench attribution ${i}`),
      });
    }
    return encodeFunctionData({
      abi: suiteAbis.settlement as Abi,
      functionName: "settleBatch",
      args: [inferences],
    });
  };
  let next = from;
  if (packing.gasPerTx === undefined) {
    // The first batch alone, automined, gives the gas of a batch and so how many fit in a block.
    const hash = (await rpc(
      node.url,
      "eth_sendTransaction",
      [{ from: s.payer, to: a.settlement, data: calldataOf(next, Math.min(next + o.batch, to)) }],
      60_000,
    )) as Hex;
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`settleBatch reverted (${hash})`);
    next = Math.min(next + o.batch, to);
    packing.txs++;
    packing.blocks++;
    const block = await client.getBlock({ blockNumber: receipt.blockNumber });
    packing.gasPerTx = (receipt.gasUsed * 11n) / 10n;
    packing.txsPerBlock = Math.max(1, Number(block.gasLimit / packing.gasPerTx));
  }
  await rpc(node.url, "evm_setAutomine", [false]);
  try {
    while (next < to) {
      const hashes: Hex[] = [];
      for (let k = 0; k < packing.txsPerBlock! && next < to; k++) {
        const last = Math.min(next + o.batch, to);
        const tx = { from: s.payer, to: a.settlement, data: calldataOf(next, last), gas: toHex(packing.gasPerTx) };
        hashes.push((await rpc(node.url, "eth_sendTransaction", [tx], 60_000)) as Hex);
        next = last;
      }
      await rpc(node.url, "evm_mine");
      packing.blocks++;
      for (const hash of hashes) {
        const receipt = await client.getTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`settleBatch reverted (${hash})`);
        packing.txs++;
      }
    }
  } finally {
    await rpc(node.url, "evm_setAutomine", [true]);
  }
}

/// Deploys, sets up, settles `o.inferences` inferences over `o.epochs` attribution epochs (each posted with its tree
/// file in `dir` and activated after the challenge window).
async function buildChain(o: Options, dir: string): Promise<Chain> {
  rmSync(DEPLOYMENT_DIR, { recursive: true, force: true });
  const { node, addresses: a } = await startDemoChain(DEPLOYMENT_ID, { demo: false });
  const client = createPublicClient({ transport: http(node.url, { timeout: 60_000 }), cacheTime: 0 }) as PublicClient;
  const send = senderOn(node, client);
  let t = Date.now();
  const s = await setUp(node, a, client, o, send);
  log(`✔ set up: datanet ${s.datanetId} (${o.contributors} contributors), model ${s.modelId}, payer (${elapsed(t)})`);
  t = Date.now();
  const packing: { gasPerTx?: bigint; txsPerBlock?: number; txs: number; blocks: number } = { txs: 0, blocks: 0 };
  const settlement = { address: a.settlement, abi: suiteAbis.settlement as Abi };
  const { chainId } = { chainId: await client.getChainId() };
  const window = (await client.readContract({ ...settlement, functionName: "challengeWindow" })) as bigint;
  let previous: Allocation | undefined;
  let accruedBefore = 0n;
  for (let e = 1; e <= o.epochs; e++) {
    const from = Math.floor(((e - 1) * o.inferences) / o.epochs);
    const to = Math.floor((e * o.inferences) / o.epochs);
    await settleRange(node, a, client, o, s, from, to, packing);
    const accrued = (await client.readContract({
      ...settlement,
      functionName: "accrued",
      args: [s.datanetId],
    })) as bigint;
    const result = proRataAllocation(
      previous,
      [{ version: 1, amount: accrued - accruedBefore }],
      new Map([[1, s.weights]]),
    );
    const allocation: Allocation = {
      version: 1,
      chainId,
      settlement: a.settlement,
      datanetId: s.datanetId.toString(),
      epoch: e,
      policy: "pro-rata",
      cumulativeTotal: result.cumulativeTotal.toString(),
      ...(previous === undefined ? {} : { previousEpoch: previous.epoch }),
      allocations: result.allocations,
      block: Number(await client.getBlockNumber()),
      accrued: accrued.toString(),
      versions: result.versions,
    };
    const tree = buildTree(allocation);
    const file = path.join(dir, `epoch-${e}.tree.json`);
    writeTreeFile(file, allocation, tree);
    await send(s.attestor, a.settlement, settlement.abi, "postRoot", [
      s.datanetId,
      BigInt(e),
      tree.root,
      result.cumulativeTotal,
      pathToFileURL(file).href,
    ]);
    await rpc(node.url, "evm_increaseTime", [Number(window) + 1]);
    await send(s.attestor, a.settlement, settlement.abi, "activateRoot", [s.datanetId]);
    previous = allocation;
    accruedBefore = accrued;
  }
  // The history final: its last block more than Ponder's finality depth behind the head, as a chain's history is, so
  // that all of it is indexed as history (backfill) rather than as new blocks.
  await rpc(node.url, "anvil_mine", [toHex(FINALITY_BLOCKS + 1)]);
  const head = await client.getBlockNumber();
  log(
    `✔ ${o.inferences} inferences settled in ${packing.txs} settleBatch transactions, ${packing.blocks} blocks ` +
      `(${packing.txsPerBlock} per block at ${packing.gasPerTx} gas each), ${o.epochs} epochs posted and activated; ` +
      `head ${head} (${elapsed(t)})`,
  );
  return {
    node,
    addresses: a,
    client,
    head,
    contributors: s.contributors,
    datanetId: s.datanetId,
    modelId: s.modelId,
    payer: s.payer,
    settleTxs: packing.txs,
    settleBlocks: packing.blocks,
  };
}

/// The logs of blocks 0 to `head` that the indexer handles: those of the suite's contracts whose first topic is an
/// event of the contract's ABI (each of which has a handler in indexer/src/index.ts).
async function handledLogs(c: Chain): Promise<number> {
  const selectors = new Map<string, Set<string>>();
  for (const [key, abi] of Object.entries(suiteAbis) as Array<[keyof Addresses, Abi]>) {
    const address = c.addresses[key].toLowerCase();
    const events = abi.filter((item): item is AbiEvent => item.type === "event");
    selectors.set(address, new Set(events.map((e) => toEventSelector(e))));
  }
  let count = 0;
  const step = 10n;
  for (let from = 0n; from <= c.head; from += step) {
    const to = from + step - 1n > c.head ? c.head : from + step - 1n;
    const logs = (await rpc(
      c.node.url,
      "eth_getLogs",
      [{ fromBlock: toHex(from), toBlock: toHex(to), address: [...selectors.keys()] }],
      120_000,
    )) as Array<{ address: string; topics: string[] }>;
    for (const l of logs) if (selectors.get(l.address.toLowerCase())?.has(l.topics[0] ?? "")) count++;
  }
  return count;
}

// ─── The indexer ─────────────────────────────────────────────────────────────────────────────────────────────────

/// Ponder's count of completed events (its /metrics), setup functions aside.
async function completedEvents(indexer: Indexer): Promise<number> {
  const text = await (await fetch(`${indexer.url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  let total = 0;
  for (const line of text.split("\n")) {
    const m = /^ponder_indexing_completed_events\{([^}]*)\}\s+(\d+)/.exec(line);
    if (m !== null && !/event="[^"]*:setup"/.test(m[1])) total += Number(m[2]);
  }
  return total;
}

let nonce = 0;

async function sqlRows(indexer: Indexer, query: string): Promise<Array<Record<string, unknown>>> {
  // Ponder caches a SQL result by its text: each query is made unique.
  const text = `${query} /* ${process.pid}-${++nonce} */`;
  const param = encodeURIComponent(JSON.stringify({ json: { sql: text, params: [] } }));
  const response = await fetch(`${indexer.url}/sql/db?sql=${param}`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`SQL ${query}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { rows: Array<Record<string, unknown>> }).rows;
}

async function graphqlData(indexer: Indexer, query: string): Promise<Record<string, { items: unknown[] }>> {
  const response = await fetch(`${indexer.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: Record<string, { items: unknown[] }>; errors?: unknown[] };
  if (body.errors !== undefined || body.data === undefined) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/// The "Contributor" query of indexer/README.md.
const earningsQuery = (account: string): string => `{
  allocations(where: { account: "${account}" }, orderBy: "epoch") { items { datanetId epoch cumulativeAmount earned } }
  contributorPools(where: { account: "${account}" }) { items { datanetId activeCumulative claimed claimableNow } }
  contributions(where: { contributor: "${account}" }) { items { datanetId hash status acceptance weight } }
}`;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

interface Latency {
  p50: number;
  p95: number;
  max: number;
}

/// Times `run` for each account, after warm-up runs on other ones; checks every answer with `check`.
async function latency(
  accounts: readonly string[],
  warmUp: readonly string[],
  run: (account: string) => Promise<unknown>,
  check: (account: string, answer: unknown) => void,
): Promise<Latency> {
  for (const account of warmUp) check(account, await run(account));
  const times: number[] = [];
  for (const account of accounts) {
    const t = performance.now();
    const answer = await run(account);
    times.push(performance.now() - t);
    check(account, answer);
  }
  times.sort((x, y) => x - y);
  const round = (x: number): number => Number(x.toFixed(1));
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times[times.length - 1]) };
}

interface Run {
  backend: "PGlite" | "PostgreSQL";
  seconds: number;
  eventsPerSecond: number;
  graphql: Latency;
  sql: Latency;
}

/// Indexes the chain from block 0 on `backend`, times it, checks it, queries it; stops the indexer.
async function indexOn(
  c: Chain,
  o: Options,
  backend: "PGlite" | "PostgreSQL",
  events: number,
  dir: string,
): Promise<Run> {
  let databaseUrl: string | null = null;
  if (backend === "PostgreSQL") {
    postgres = await startPostgres();
    databaseUrl = postgres.url;
    log(`✔ PostgreSQL pid ${postgres.pid} on port ${postgres.port}`);
  }
  const t = performance.now();
  const indexer = await startIndexer(c.node, DEPLOYMENT_ID, dir, undefined, {
    databaseUrl,
    logName: `ponder-${backend.toLowerCase()}.log`,
  });
  log(`▶ indexing on ${backend}: ponder start, log ${indexer.logFile}`);
  await waitFor(
    `block ${c.head} on ${backend}`,
    indexer,
    async () => (await fetch(`${indexer.url}/ready`)).status === 200 && (await indexedBlock(indexer)) >= c.head,
    1_800_000,
  );
  const seconds = (performance.now() - t) / 1000;
  const completed = await completedEvents(indexer);
  if (completed !== events) {
    throw new Error(`${backend}: Ponder completed ${completed} events, but the chain has ${events} logs to handle`);
  }
  const eventsPerSecond = Math.round(events / seconds);
  log(`✔ ${backend}: ${events} events indexed in ${seconds.toFixed(1)} s: ${eventsPerSecond} events/s`);

  // Figures against the chain at the head.
  const read = (address: Hex, abi: Abi, functionName: string, args: readonly unknown[]) =>
    c.client.readContract({ address, abi, functionName, args, blockNumber: c.head }) as Promise<bigint>;
  const [totals] = await sqlRows(indexer, "select inferences from totals");
  const [d] = await sqlRows(indexer, `select accrued from datanet where id = ${c.datanetId}`);
  const [m] = await sqlRows(indexer, `select revenue from model where id = ${c.modelId}`);
  const [h] = await sqlRows(indexer, `select open_balance from holder where address = '${c.payer.toLowerCase()}'`);
  // The pools through GraphQL: Ponder's SQL over HTTP answered 0 rows of contributor_pool here while the table held
  // every row (and GraphQL served them).
  const { contributorPools } = (await graphqlData(
    indexer,
    "{ contributorPools(limit: 1) { items { account } totalCount } }",
  )) as unknown as {
    contributorPools: { totalCount: number };
  };
  const figures: Array<[string, bigint | number, unknown]> = [
    ["inferences", o.inferences, Number(totals?.inferences)],
    [
      "datanet accrued",
      await read(c.addresses.settlement, suiteAbis.settlement as Abi, "accrued", [c.datanetId]),
      d?.accrued,
    ],
    [
      "model revenue",
      await read(c.addresses.settlement, suiteAbis.settlement as Abi, "modelRevenue", [c.modelId]),
      m?.revenue,
    ],
    ["payer OPEN", await read(c.addresses.open, suiteAbis.open as Abi, "balanceOf", [c.payer]), h?.open_balance],
    ["contributor pools", c.contributors.length, contributorPools.totalCount],
  ];
  for (const [what, chain, indexed] of figures) {
    if (String(chain) !== String(indexed))
      throw new Error(`${backend}: ${what} is ${chain} on chain, ${indexed} indexed`);
  }
  log(`✔ ${backend}: ${figures.map(([what]) => what).join(", ")} equal the chain's`);

  // The earnings query, for distinct contributors (no two texts alike), after warm-up on others.
  const accounts = c.contributors.slice(0, o.queries);
  const warmUp = c.contributors.slice(o.queries, o.queries + WARM_UP_QUERIES);
  const graphql = await latency(
    accounts,
    warmUp,
    (account) => graphqlData(indexer, earningsQuery(account)),
    (account, answer) => {
      const items = (answer as Record<string, { items: unknown[] }>).allocations.items;
      if (items.length !== o.epochs) throw new Error(`${backend}: ${account} has ${items.length} allocations`);
    },
  );
  const sql = await latency(
    accounts,
    warmUp,
    (account) =>
      sqlRows(
        indexer,
        `select datanet_id, epoch, earned from allocation where account = '${account}' order by datanet_id, epoch`,
      ),
    (account, answer) => {
      if ((answer as unknown[]).length !== o.epochs) throw new Error(`${backend}: ${account}: SQL rows missing`);
    },
  );
  log(
    `✔ ${backend}: earnings query p95 ${graphql.p95} ms (GraphQL), ${sql.p95} ms (SQL), ${accounts.length} contributors`,
  );

  const exited = new Promise<void>((resolve) => indexer.child.once("exit", () => resolve()));
  indexer.child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (postgres !== undefined) {
    await postgres.stop();
    postgres = undefined;
  }
  return { backend, seconds, eventsPerSecond, graphql, sql };
}

// ─── Main ────────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(o: Options): Promise<boolean> {
  const started = Date.now();
  tempDir = mkdtempSync(path.join(tmpdir(), "openledger-bench-indexer-"));
  const chain = await buildChain(o, tempDir);
  const events = await handledLogs(chain);
  log(`  ${events} logs for the indexer to handle in blocks 0-${chain.head}`);
  const runs: Run[] = [];
  for (const backend of ["PGlite", "PostgreSQL"] as const) runs.push(await indexOn(chain, o, backend, events, tempDir));
  await stopNode(chain.node);

  const [pglite, pg] = runs;
  const atScale = o.inferences >= GOAL_SCALE;
  const rows: Array<[string, string, string, string]> = [
    ["", "PGlite", "PostgreSQL", "goal"],
    ["seconds to the head", pglite.seconds.toFixed(1), pg.seconds.toFixed(1), ""],
    [
      "events/s",
      String(pglite.eventsPerSecond),
      String(pg.eventsPerSecond),
      `≥ ${INDEXER_GOALS.eventsPerSecondPostgres} (PostgreSQL)`,
    ],
    ["earnings query p50 ms (GraphQL)", String(pglite.graphql.p50), String(pg.graphql.p50), ""],
    [
      "earnings query p95 ms (GraphQL)",
      String(pglite.graphql.p95),
      String(pg.graphql.p95),
      `< ${INDEXER_GOALS.earningsQueryP95ms} (PostgreSQL)`,
    ],
    ["earnings query max ms (GraphQL)", String(pglite.graphql.max), String(pg.graphql.max), ""],
    ["earnings query p95 ms (SQL)", String(pglite.sql.p95), String(pg.sql.p95), ""],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  log();
  log(
    `indexer bench: ${o.inferences} inferences (${chain.settleTxs} transactions, ${chain.settleBlocks} blocks), ` +
      `${events} events, ${o.contributors} contributors × ${o.epochs} epochs, ${o.queries} queries per backend`,
  );
  for (const r of rows)
    log(`  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3]}`);

  const failures: string[] = [];
  if (pg.eventsPerSecond < INDEXER_GOALS.eventsPerSecondPostgres) {
    failures.push(`${pg.eventsPerSecond} events/s on PostgreSQL < ${INDEXER_GOALS.eventsPerSecondPostgres}`);
  }
  if (pg.graphql.p95 >= INDEXER_GOALS.earningsQueryP95ms) {
    failures.push(`earnings query p95 ${pg.graphql.p95} ms ≥ ${INDEXER_GOALS.earningsQueryP95ms}`);
  }
  if (o.write) {
    writePerf({
      "indexer.bench.inferences": o.inferences,
      "indexer.bench.events": events,
      "indexer.bench.pglite.seconds": Number(pglite.seconds.toFixed(1)),
      "indexer.bench.postgres.seconds": Number(pg.seconds.toFixed(1)),
      "indexer.eventsPerSecond.pglite": pglite.eventsPerSecond,
      "indexer.eventsPerSecond.postgres": pg.eventsPerSecond,
      "indexer.eventsPerSecond.postgres.goal": INDEXER_GOALS.eventsPerSecondPostgres,
      "indexer.earningsQuery.p95ms": pg.graphql.p95,
      "indexer.earningsQuery.p95ms.goal": INDEXER_GOALS.earningsQueryP95ms,
      "indexer.earningsQuery.pglite.p95ms": pglite.graphql.p95,
      "indexer.earningsQuery.sql.p95ms": pg.sql.p95,
    });
    log("wrote bench/perf.json");
  }
  for (const f of failures)
    log(`${atScale ? "goal missed" : "below the goal (which holds at 100,000 inferences)"}: ${f}`);
  log(`✔ indexer bench done (${elapsed(started)})`);
  return !atScale || failures.length === 0;
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  onExit(cleanUp);
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err: unknown) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  main(options)
    .then((ok) => {
      process.exitCode = ok ? 0 : 1;
    })
    .catch((err: unknown) => {
      keepTemp = true;
      process.stderr.write(`error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`);
      if (tempDir !== undefined) process.stderr.write(`  logs kept in ${tempDir}\n`);
      process.exitCode = 1;
    })
    .finally(() => {
      cleanUp();
      setTimeout(() => process.exit(), 100).unref();
    });
}
