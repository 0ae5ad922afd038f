/// The indexer checked against the chain, to the unit.
///
///   npm run indexer:check                  (= node --import tsx scripts/indexer-check.ts: on PGlite)
///   npm run indexer:check -- --postgres    (on a throwaway PostgreSQL, or on $DATABASE_URL's server if set)
///   npm run indexer:check -- --both        (PGlite, then PostgreSQL, on the same chain: what CI runs)
///
/// Builds (cached), starts anvil on a free port, deploys the suite, runs the demo economy on it over JSON-RPC, then
/// starts the indexer (`ponder start` on PGlite in a temp dir, a fresh schema; on PostgreSQL with `--postgres`, or
/// when DATABASE_URL is set) and waits for /ready: the time from start to ready is `indexer.demo.seconds` in
/// bench/perf.json (`indexer.demo.postgres.seconds` on PostgreSQL). The throwaway PostgreSQL is `initdb`'d in a temp
/// dir (scripts/lib/postgres.ts) and stopped at exit. With `--both`, the second indexer starts once the first is
/// ready, and every check below runs on each. It then reads
/// every balance-like figure from the indexer (SQL over HTTP) and from the contracts' views at the same block, and
/// prints them side by side: each datanet's pool (accrued, claimed, active root), each contributor's claimed amount,
/// each model's revenue and owner, the treasury, the stakers' share and every staker, every job's escrow, refunds and
/// agent earnings, every proposal's votes, and the OPEN balance of every account the indexer knows.
///
/// Then the reorg check: a snapshot, an inference and a transfer, which the indexer must show; a revert to the
/// snapshot and other transactions, after which the indexer must have dropped the first ones and show the new ones,
/// with every figure equal to the chain's again.
///
/// Exit code 0 only if every figure matched at every stage. Everything started here is stopped on exit.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPublicClient, createWalletClient, http, keccak256, toHex } from "viem";
import type { PublicClient } from "viem";
import { suiteAbis } from "../package/src/generated/abis.js";
import { writePerf } from "./bench-scale.js";
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
import { PROJECT_ROOT, rpc, stopAllNodesSync, stopNode } from "./lib/nodes.js";
import { startPostgres } from "./lib/postgres.js";
import type { Postgres } from "./lib/postgres.js";

const DEPLOYMENT_ID = "indexer-check";
const DEPLOYMENT_DIR = path.join(PROJECT_ROOT, "deploy", "deployments", DEPLOYMENT_ID);

const started = Date.now();

// -------------------------------------------------------------------------------------------------
// Child processes
// -------------------------------------------------------------------------------------------------

let tempDir: string | undefined;
let postgres: Postgres | undefined;

/// Kept on failure, for the indexer's log.
let keepTemp = false;

function cleanUp(): void {
  killChildren();
  stopAllNodesSync();
  postgres?.stopSync();
  rmSync(DEPLOYMENT_DIR, { recursive: true, force: true });
  if (tempDir !== undefined && !keepTemp) rmSync(tempDir, { recursive: true, force: true });
}

onExit(cleanUp);

// -------------------------------------------------------------------------------------------------
// Reading the indexer
// -------------------------------------------------------------------------------------------------

type Row = Record<string, string | number | boolean | null>;

let queries = 0;

/// One read-only SQL query over HTTP (Ponder's client protocol: superjson in the `sql` parameter). Ponder caches each
/// query's result by its text until a change to the tables it reads, and that cache served stale rows here after a
/// reorg: a comment makes every query new.
async function sql(indexer: Indexer, query: string): Promise<Row[]> {
  const text = `${query} /* ${process.pid}-${++queries} */`;
  const param = encodeURIComponent(JSON.stringify({ json: { sql: text, params: [] } }));
  const response = await fetch(`${indexer.url}/sql/db?sql=${param}`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`SQL ${query}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { rows: Row[] }).rows;
}

/// One GraphQL query (the OPEN holders are read through GraphQL, page by page, to check that API too).
async function graphql<T>(indexer: Indexer, query: string): Promise<T> {
  const response = await fetch(`${indexer.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors !== undefined || body.data === undefined) {
    throw new Error(`GraphQL: ${body.errors?.map((e) => e.message).join("; ") ?? "no data"}`);
  }
  return body.data;
}

/// Every OPEN holder the indexer knows, by lower-case address.
async function holders(indexer: Indexer): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  let after: string | null = null;
  for (;;) {
    const page: {
      holders: {
        items: Array<{ address: string; openBalance: string }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await graphql(
      indexer,
      `{ holders(limit: 1000${after === null ? "" : `, after: "${after}"`}) { items { address openBalance } pageInfo { hasNextPage endCursor } } }`,
    );
    for (const h of page.holders.items) out.set(h.address.toLowerCase(), BigInt(h.openBalance));
    if (!page.holders.pageInfo.hasNextPage) return out;
    after = page.holders.pageInfo.endCursor;
  }
}

const big = (value: string | number | boolean | null | undefined): bigint =>
  value === null || value === undefined ? 0n : BigInt(value as string | number);

// -------------------------------------------------------------------------------------------------
// Comparing with the contracts
// -------------------------------------------------------------------------------------------------

interface Figure {
  what: string;
  chain: string;
  indexer: string;
}

const JOB_STATUS = ["none", "open", "funded", "submitted", "completed", "rejected", "refunded"];

/// Every balance-like figure, from the chain (views at `block`) and from the indexer.
async function figures(client: PublicClient, a: Addresses, indexer: Indexer, block: bigint): Promise<Figure[]> {
  const read = <T>(address: Hex, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address, abi, functionName, args, blockNumber: block } as never) as Promise<T>;
  const settlement = (fn: string, args: readonly unknown[] = []) =>
    read<bigint>(a.settlement, suiteAbis.settlement, fn, args);
  const out: Figure[] = [];
  const add = (what: string, chain: unknown, indexed: unknown): void =>
    void out.push({ what, chain: String(chain), indexer: String(indexed) });
  const [totals] = await sql(indexer, "select * from totals");
  const byKey = <T extends Row>(rows: T[], key: string): Map<string, T> =>
    new Map(rows.map((r) => [String(r[key]), r]));

  // Datanet pools.
  const datanetCount = await read<bigint>(a.datanets, suiteAbis.datanets, "datanetCount");
  const datanets = byKey(await sql(indexer, "select * from datanet"), "id");
  add("datanets", datanetCount, datanets.size);
  for (let id = 1n; id <= datanetCount; id++) {
    const d = datanets.get(String(id));
    const state = await read<{ activeTotal: bigint; activeEpoch: bigint; claimed: bigint }>(
      a.settlement,
      suiteAbis.settlement,
      "rootState",
      [id],
    );
    add(`datanet ${id} accrued`, await settlement("accrued", [id]), big(d?.accrued));
    add(`datanet ${id} claimed`, state.claimed, big(d?.claimed));
    add(`datanet ${id} active epoch`, state.activeEpoch, big(d?.active_epoch));
    add(`datanet ${id} active total`, state.activeTotal, big(d?.active_total));
    add(`datanet ${id} claimable now`, state.activeTotal - state.claimed, big(d?.claimable_now));
  }
  // Each contributor's claims, per datanet.
  for (const p of await sql(indexer, "select * from contributor_pool order by datanet_id, account")) {
    const claimed = await settlement("claimed", [big(p.datanet_id), p.account]);
    add(`contributor ${String(p.account).slice(0, 10)}… datanet ${p.datanet_id} claimed`, claimed, big(p.claimed));
  }
  // Models.
  const modelCount = await read<bigint>(a.models, suiteAbis.models, "modelCount");
  const models = byKey(await sql(indexer, "select * from model"), "id");
  add("models", modelCount, models.size);
  for (let id = 1n; id <= modelCount; id++) {
    const m = models.get(String(id));
    add(`model ${id} revenue`, await settlement("modelRevenue", [id]), big(m?.revenue));
    const owner = await read<string>(a.models, suiteAbis.models, "ownerOf", [id]);
    add(`model ${id} owner`, owner.toLowerCase(), m?.owner);
  }
  // Treasury and stakers.
  add("settlement treasury accrued", await settlement("treasuryAccrued"), big(totals.treasury_accrued));
  add("settlement stakers accrued", await settlement("stakersAccrued"), big(totals.stakers_accrued));
  const balanceOf = (who: string) => read<bigint>(a.open, suiteAbis.open, "balanceOf", [who]);
  const gopen = <T>(fn: string, args: readonly unknown[] = []) => read<T>(a.gopen, suiteAbis.gopen, fn, args);
  add("gOPEN total staked", await gopen("totalSupply"), big(totals.total_staked));
  add("gOPEN pending withdrawals", await gopen("totalPendingWithdrawals"), big(totals.total_pending_withdrawals));
  add("gOPEN rewards reserve", await gopen("rewardsReserve"), big(totals.rewards_added) - big(totals.rewards_claimed));
  for (const s of await sql(indexer, "select * from staker order by address")) {
    const who = String(s.address);
    const short = `${who.slice(0, 10)}…`;
    add(`staker ${short} staked`, await gopen("balanceOf", [who]), big(s.staked));
    const [pending] = await gopen<[bigint, bigint]>("pendingWithdrawal", [who]);
    add(`staker ${short} pending withdrawal`, pending, big(s.pending_withdrawal));
    add(`staker ${short} votes`, await gopen("getVotes", [who]), big(s.votes));
  }
  // Jobs, refunds, agents.
  const jobs = <T>(fn: string, args: readonly unknown[] = []) => read<T>(a.jobs, suiteAbis.jobs, fn, args);
  add("job escrow treasury accrued", await jobs("treasuryAccrued"), big(totals.job_treasury_accrued));
  const jobCount = await jobs<bigint>("jobCount");
  const jobRows = byKey(await sql(indexer, "select * from job"), "id");
  add("jobs", jobCount, jobRows.size);
  for (let id = 1n; id <= jobCount; id++) {
    const j = jobRows.get(String(id));
    const view = await jobs<{
      status: number;
      escrow: bigint;
      childrenTaken: bigint;
      payout: bigint;
      fee: bigint;
      parentId: bigint;
    }>("job", [id]);
    add(`job ${id} parent`, view.parentId, big(j?.parent_id));
    add(`job ${id} status`, JOB_STATUS[view.status], j?.status);
    add(`job ${id} escrow`, view.escrow, big(j?.escrow));
    add(`job ${id} children taken`, view.childrenTaken, big(j?.children_taken));
    // The view's payout is the provider's for a completed job, and what went back for a rejected or refunded one.
    const paid = j?.status === "completed" ? big(j?.payout) : big(j?.returned);
    add(`job ${id} payout + fee`, `${view.payout} + ${view.fee}`, `${paid} + ${big(j?.fee)}`);
  }
  for (const e of await sql(indexer, "select * from escrow_account order by address")) {
    add(`escrow refunds of ${String(e.address).slice(0, 10)}…`, await jobs("claimable", [e.address]), big(e.claimable));
  }
  const agentCount = await read<bigint>(a.agents, suiteAbis.agents, "agentCount");
  const agents = byKey(await sql(indexer, "select * from agent"), "id");
  add("agents", agentCount, agents.size);
  for (let id = 1n; id <= agentCount; id++) {
    const g = agents.get(String(id));
    add(`agent ${id} earnings`, await jobs("agentEarnings", [id]), big(g?.earnings));
    const [staked] = await read<[bigint]>(a.agents, suiteAbis.agents, "stakeOf", [id]);
    add(`agent ${id} stake`, staked, big(g?.staked));
  }
  // Budgets: allowance, spent in the period and what is left, at the block of each budget's last event.
  for (const b of await sql(indexer, "select * from budget_spend order by principal, agent")) {
    const at = big(b.updated_at);
    const budgets = { address: a.budgets, abi: suiteAbis.budgets, args: [b.principal, b.agent], blockNumber: at };
    const view = (await client.readContract({ ...budgets, functionName: "budget" } as never)) as {
      amountPerPeriod: bigint;
      spentInPeriod: bigint;
    };
    const available = (await client.readContract({ ...budgets, functionName: "available" } as never)) as bigint;
    const pair = `${String(b.principal).slice(0, 8)}…→${String(b.agent).slice(0, 8)}…`;
    add(
      `budget ${pair} allowance/spent/remaining at ${at}`,
      `${view.amountPerPeriod}/${view.spentInPeriod}/${available}`,
      `${big(b.allowance)}/${big(b.spent_in_period)}/${big(b.remaining)}`,
    );
  }
  // Payment-weighted reputation: ReputationRegistry's summary over every client of the agent, any tag.
  const clientsOf = new Map<string, string[]>();
  // (Ponder's SQL over HTTP refuses DISTINCT.)
  for (const f of await sql(indexer, "select agent_id, client from feedback order by agent_id, client")) {
    const list = clientsOf.get(String(f.agent_id)) ?? [];
    if (!list.includes(String(f.client))) list.push(String(f.client));
    clientsOf.set(String(f.agent_id), list);
  }
  for (const r of await sql(indexer, "select * from agent_reputation order by agent_id")) {
    const [count, average] = await read<[bigint, bigint, number]>(a.reputation, suiteAbis.reputation, "getSummary", [
      big(r.agent_id),
      clientsOf.get(String(r.agent_id)) ?? [],
      "",
      "",
    ]);
    add(
      `agent ${r.agent_id} feedbacks/weighted average`,
      `${count}/${average}`,
      `${big(r.feedbacks)}/${big(r.weighted_average)}`,
    );
  }
  // Governance.
  for (const p of await sql(indexer, "select * from proposal order by created_at")) {
    const [against, forVotes, abstain] = await read<[bigint, bigint, bigint]>(
      a.governor,
      suiteAbis.governor,
      "proposalVotes",
      [big(p.id)],
    );
    add(
      `proposal ${String(p.id).slice(0, 8)}… for/against/abstain`,
      `${forVotes}/${against}/${abstain}`,
      `${big(p.for_votes)}/${big(p.against_votes)}/${big(p.abstain_votes)}`,
    );
  }
  // OPEN balances: every contract of the suite (the treasury is the Timelock), then every other account.
  for (const c of await sql(indexer, "select * from protocol_contract order by key")) {
    add(`OPEN held by ${c.name}`, await balanceOf(String(c.address)), big(c.open_balance));
  }
  const contracts = new Set(Object.values(a).map((x) => x.toLowerCase()));
  for (const [address, balance] of [...(await holders(indexer)).entries()].sort()) {
    if (contracts.has(address)) continue;
    add(`OPEN of ${address.slice(0, 10)}…`, await balanceOf(address), balance);
  }
  return out;
}

/// Prints the figures as a table; returns the number of mismatches.
function printTable(title: string, rows: Figure[], verbose: boolean): number {
  const bad = rows.filter((r) => r.chain !== r.indexer);
  const width = Math.max(...rows.map((r) => r.what.length));
  const valueWidth = Math.max(...rows.map((r) => r.chain.length));
  log(`  ${title}: ${rows.length} figures, ${bad.length} mismatch${bad.length === 1 ? "" : "es"}`);
  log(`    ${"figure".padEnd(width)}  ${"chain".padStart(valueWidth)}  indexer`);
  for (const r of verbose ? rows : bad) {
    const same = r.chain === r.indexer;
    log(`    ${r.what.padEnd(width)}  ${r.chain.padStart(valueWidth)}  ${same ? "=" : `${r.indexer}  ✘`}`);
  }
  return bad.length;
}

// -------------------------------------------------------------------------------------------------
// Main
// -------------------------------------------------------------------------------------------------

/// Where the indexer keeps its tables: PGlite in the temp dir, or a PostgreSQL (a throwaway one, or $DATABASE_URL's).
interface Backend {
  name: "PGlite" | "PostgreSQL";
  databaseUrl: string | null;
  /// The figure of bench/perf.json for its time to /ready.
  perfKey: string;
}

const USAGE = "usage: indexer:check [--postgres | --both]";

/// `--postgres`: on a throwaway PostgreSQL (or $DATABASE_URL's) instead of PGlite; `--both`: PGlite, then
/// PostgreSQL, on the same chain. $DATABASE_URL alone selects PostgreSQL on that server.
function parseBackends(argv: readonly string[]): Array<"PGlite" | "PostgreSQL"> {
  const flags = new Set(argv);
  for (const arg of flags) {
    if (arg !== "--postgres" && arg !== "--both") throw new Error(`unknown argument "${arg}" (${USAGE})`);
  }
  if (flags.size > 1) throw new Error(`--postgres and --both exclude each other (${USAGE})`);
  if (flags.has("--both")) return ["PGlite", "PostgreSQL"];
  return flags.has("--postgres") || process.env.DATABASE_URL ? ["PostgreSQL"] : ["PGlite"];
}

async function backendsFor(names: ReadonlyArray<"PGlite" | "PostgreSQL">): Promise<Backend[]> {
  const out: Backend[] = [];
  for (const name of names) {
    if (name === "PGlite") {
      out.push({ name, databaseUrl: null, perfKey: "indexer.demo.seconds" });
      continue;
    }
    let databaseUrl = process.env.DATABASE_URL ?? "";
    if (databaseUrl === "") {
      const t = Date.now();
      postgres = await startPostgres();
      databaseUrl = postgres.url;
      log(`✔ PostgreSQL pid ${postgres.pid} on port ${postgres.port}, in ${postgres.dir} (${elapsed(t)})`);
    }
    out.push({ name, databaseUrl, perfKey: "indexer.demo.postgres.seconds" });
  }
  return out;
}

async function main(): Promise<boolean> {
  const names = parseBackends(process.argv.slice(2));
  rmSync(DEPLOYMENT_DIR, { recursive: true, force: true });
  const { node, addresses: a } = await startDemoChain(DEPLOYMENT_ID);
  const client = createPublicClient({ transport: http(node.url), cacheTime: 0 }) as PublicClient;
  const head = await client.getBlockNumber();
  log(`  ${head} blocks`);

  tempDir = mkdtempSync(path.join(tmpdir(), "openledger-indexer-"));
  const backends = await backendsFor(names);
  // One at a time, so that each one's time to /ready is its own.
  const indexers: Array<{ backend: Backend; indexer: Indexer; seconds: number }> = [];
  for (const backend of backends) {
    const indexer = await startIndexer(node, DEPLOYMENT_ID, tempDir, undefined, {
      databaseUrl: backend.databaseUrl,
      logName: `ponder-${backend.name.toLowerCase()}.log`,
    });
    log(`▶ indexer: ponder start (${backend.name}), log ${indexer.logFile}`);
    const seconds = await waitForIndexer(indexer, head);
    const [{ count: events }] = await sql(indexer, "select count(*) as count from protocol_event");
    log(
      `✔ indexer ready (${backend.name}): ${head} blocks indexed from block 0 in ${seconds} s (${events} rows in protocol_event)`,
    );
    indexers.push({ backend, indexer, seconds });
  }

  let mismatches = 0;
  for (const { backend, indexer } of indexers) {
    mismatches += printTable(`after the demo (${backend.name})`, await figures(client, a, indexer, head), true);
  }

  // The reorg: a snapshot, then an inference and a transfer that every indexer shows; a revert, other transactions,
  // and every indexer must follow the chain back.
  log("▶ reorg");
  const [deployer] = (await rpc(node.url, "eth_accounts")) as Hex[];
  const wallet = createWalletClient({ account: deployer, transport: http(node.url) });
  const send = async (address: Hex, abi: readonly unknown[], functionName: string, args: readonly unknown[]) => {
    const hash = await wallet.writeContract({ address, abi, functionName, args, chain: null } as never);
    await client.waitForTransactionReceipt({ hash });
  };
  const before = await Promise.all(
    indexers.map(async ({ indexer }) => (await sql(indexer, "select inferences, fees from totals"))[0]),
  );
  const snapshot = (await rpc(node.url, "evm_snapshot")) as string;
  const doomed = "0x000000000000000000000000000000000000dead" as Hex;
  const kept = "0x000000000000000000000000000000000000beef" as Hex;
  const fee = (await client.readContract({
    address: a.models,
    abi: suiteAbis.models,
    functionName: "quote",
    args: [1n, 1n],
  })) as bigint;
  await send(a.open, suiteAbis.open, "transfer", [doomed, 123n]);
  await send(a.open, suiteAbis.open, "approve", [a.settlement, fee]);
  await send(a.settlement, suiteAbis.settlement, "settle", [
    1n,
    1n,
    fee,
    keccak256(toHex("indexer-check: reorged inference")),
    keccak256(toHex("attribution")),
  ]);
  const forked = await client.getBlockNumber();
  const sawDoomed: boolean[] = [];
  for (const [i, { backend, indexer }] of indexers.entries()) {
    await waitFor("the doomed blocks", indexer, async () => (await indexedBlock(indexer)) >= forked, 60_000);
    const [during] = await sql(indexer, "select inferences, fees from totals");
    const doomedBalance = (await holders(indexer)).get(doomed);
    log(
      `  before the revert (${backend.name}): block ${forked}, ${during.inferences} inferences (was ${before[i].inferences}), ` +
        `${doomed.slice(0, 10)}… holds ${doomedBalance?.toString() ?? "nothing"}`,
    );
    sawDoomed.push(Number(during.inferences) === Number(before[i].inferences) + 1 && doomedBalance === 123n);
    mismatches += printTable(
      `on the doomed branch (${backend.name})`,
      await figures(client, a, indexer, forked),
      false,
    );
  }

  if (!(await rpc(node.url, "evm_revert", [snapshot]))) throw new Error("evm_revert refused the snapshot");
  await send(a.open, suiteAbis.open, "transfer", [kept, 456n]);
  await rpc(node.url, "anvil_mine", ["0x5"]);
  const newHead = await client.getBlockNumber();
  const newHash = (await client.getBlock({ blockNumber: newHead })).hash;
  let followedAll = true;
  for (const [i, { backend, indexer }] of indexers.entries()) {
    await waitFor(
      "the new branch",
      indexer,
      async () => {
        return (await indexedBlock(indexer)) >= newHead && (await holders(indexer)).get(kept) === 456n;
      },
      60_000,
    );
    const [after] = await sql(indexer, "select inferences, fees from totals");
    const finalHolders = await holders(indexer);
    const doomedAfter = finalHolders.get(doomed);
    const keptAfter = finalHolders.get(kept);
    const reverted = await sql(
      indexer,
      "select count(*) as n from inference where inference_id = " +
        `'${keccak256(toHex("indexer-check: reorged inference"))}'`,
    );
    log(
      `  after the revert (${backend.name}): block ${newHead} (${newHash.slice(0, 10)}…), ${after.inferences} inferences, ` +
        `${doomed.slice(0, 10)}… holds ${doomedAfter?.toString() ?? "nothing"}, ${kept.slice(0, 10)}… holds ${keptAfter}`,
    );
    const followed =
      sawDoomed[i] &&
      Number(after.inferences) === Number(before[i].inferences) &&
      big(after.fees) === big(before[i].fees) &&
      (doomedAfter ?? 0n) === 0n &&
      Number(reverted[0]?.n) === 0 &&
      keptAfter === 456n;
    mismatches += printTable(`after the reorg (${backend.name})`, await figures(client, a, indexer, newHead), false);
    log(
      `${followed ? "✔" : "✘"} reorg (${backend.name}): the indexer ${followed ? "followed" : "did not follow"} the chain back`,
    );
    followedAll &&= followed;
  }

  for (const { indexer } of indexers) indexer.child.kill("SIGTERM");
  await stopNode(node);
  await postgres?.stop();
  postgres = undefined;
  const perf = Object.fromEntries(indexers.map(({ backend, seconds }) => [backend.perfKey, seconds]));
  writePerf(perf);
  for (const [key, value] of Object.entries(perf)) log(`  bench/perf.json: ${key} = ${value}`);
  const ok = mismatches === 0 && followedAll;
  const on = indexers.map(({ backend }) => backend.name).join(" and ");
  log(
    `${ok ? "✔" : "✘"} indexer check on ${on} ${ok ? "passed" : "failed"}: ${mismatches} mismatches (${elapsed(started)})`,
  );
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
    cleanUp();
    // Nothing of ours may keep the process alive.
    setTimeout(() => process.exit(), 100).unref();
  });
