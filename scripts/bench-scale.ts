/// `npm run bench:scale`: the attestor's off-chain work at the scale of millions of contributors, each step in a
/// fresh child process so that its time and its peak memory (max RSS) are its own:
///
/// - `post`: allocate (a pro-rata split of the datanet's accrued amount over N weights), build the tree, write the
///   tree store with everything every proof needs and verify it: the code of `attribution:allocate` and
///   `attribution:post` (`proRataAllocation`, `buildTree`, `ensureEpochTree`) without the chain;
/// - `proof`: one account's proof from a cold start: a new process imports the store reader, opens the store, reads
///   the proof and checks it against the root;
/// - `verify`: verify a posted epoch as `attribution:verify` does (`verifyStorePosted`): rebuild the tree from the
///   store's leaves alone, check it is the manifest's root and that the leaves add up to its cumulative total, and
///   the chain checks (here the manifest's values stand in for the chain's).
///
/// Writes `attribution.<step>.<N>.seconds` (wall clock) and `attribution.<step>.<N>.peakMB` to bench/perf.json
/// (merged with what is there), with `.cpuSeconds` (user + system CPU time of the same span, which tells the step's
/// own cost apart from waiting for a core on a shared machine), prints a table, and exits 1 when a goal is missed: at 1M, post ≤ 60 s and ≤ 2 GB, proof ≤ 200 ms,
/// verify ≤ 90 s; the proof ≤ 200 ms at every N; and from 100k to 1M no step's cost per leaf grows by more than 20%
/// (in CPU seconds always, and in wall seconds too unless the machine was loaded: see docs/bench.md).
///
///   npm run bench:scale                       (N = 10k, 100k and 1M; not in CI)
///   node --import tsx scripts/bench-scale.ts --sizes 10k,100k
///
/// `npm run bench` runs the 10k step through `benchScale`.
import { spawnSync } from "node:child_process";
import type { SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PERF_FILE = path.join(ROOT, "bench", "perf.json");
const SELF = fileURLToPath(import.meta.url);

export type Step = "post" | "proof" | "verify";
const STEPS: readonly Step[] = ["post", "proof", "verify"];

/// The goals of the issue, at 1M contributors (the proof's at every N).
export const SCALE_GOALS = {
  post: { seconds: 60, peakMB: 2048 },
  proof: { seconds: 0.2 },
  verify: { seconds: 90 },
  /// Largest growth of a step's cost per leaf from 100k to 1M.
  perLeafGrowth: 0.2,
} as const;

/// What one child measured.
interface Measure {
  seconds: number;
  /// CPU time (user + system) over the same span: on a shared machine, what the step costs apart from waiting.
  cpuSeconds: number;
  peakMB: number;
  /// The child's whole life seen from the parent (start-up of Node and of the TypeScript loader included).
  processSeconds: number;
}

/// `10k` → 10000, `1M` → 1000000.
export function parseSize(label: string): number {
  const m = /^(\d+)(k|M)?$/.exec(label.trim());
  if (m === null) throw new Error(`${JSON.stringify(label)} is not a size (10k, 100k, 1M, or a number)`);
  return Number(m[1]) * (m[2] === "k" ? 1_000 : m[2] === "M" ? 1_000_000 : 1);
}

// ─── The children ────────────────────────────────────────────────────────────────────────────────────────────────

/// A deterministic stream of 32-bit numbers (xorshift32).
export function numbers(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/// N distinct accounts with weights from 1 to 1000, as the events give them (the input of the allocation): keyed by
/// checksummed addresses, as the action `contributionWeights` gives them.
async function weightsOf(n: number): Promise<Map<string, bigint>> {
  const { checksumAddress, writeAddress } = await import("../package/src/attribution/merkle.js");
  const next = numbers(0x5eed + n);
  const hex = (): string => next().toString(16).padStart(8, "0");
  const weights = new Map<string, bigint>();
  const bytes = new Uint8Array(20);
  while (weights.size < n) {
    writeAddress(`0x${hex()}${hex()}${hex()}${hex()}${hex()}`, bytes, 0);
    weights.set(checksumAddress(bytes), BigInt(1 + (next() % 1000)));
  }
  return weights;
}

const allocationFileOf = (dir: string, n: number): string => path.join(dir, `scale-${n}.json`);
const storeOf = (dir: string, n: number): string => path.join(dir, `scale-${n}.tree`);
const MB = (kb: number): number => kb / 1024;
const SETTLEMENT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

/// `attribution:allocate` then `attribution:post`, without the chain: the same SDK calls (`proRataAllocation` as
/// `allocateEpoch` calls it, `buildTree`, and `ensureEpochTree`, which writes the tree store, verifies it with
/// `verifyTree`, and writes the JSON tree file too up to 50,000 leaves), minus the RPC reads and the transaction.
async function childPost(n: number, dir: string): Promise<number> {
  const { buildTree, proRataAllocation } = await import("../package/src/attribution/index.js");
  const { ensureEpochTree } = await import("../package/src/node/epoch-tree.js");
  const weights = await weightsOf(n);
  // Timed from here: the weights are what the chain's events give; the rest is the attestor's work.
  const start = performance.now();
  startCpu();
  const accrued = 1_234_567n * 10n ** 18n + BigInt(n);
  const result = proRataAllocation(undefined, [{ version: 1, amount: accrued }], new Map([[1, weights]]), {
    checksummed: true,
  });
  const allocation = {
    version: 1 as const,
    chainId: 31337,
    settlement: SETTLEMENT,
    datanetId: "1",
    epoch: 1,
    policy: "pro-rata" as const,
    cumulativeTotal: result.cumulativeTotal.toString(10),
    allocations: result.allocations,
    accrued: accrued.toString(10),
    versions: result.versions,
  };
  const tree = buildTree(allocation);
  ensureEpochTree(allocationFileOf(dir, n), allocation, tree, undefined, "nothing was posted");
  const seconds = (performance.now() - start) / 1000;
  // The account whose proof the next child reads: one in the middle of the address order.
  writeFileSync(
    path.join(dir, `scale-${n}.account`),
    allocation.allocations[allocation.allocations.length >> 1].account,
  );
  return seconds;
}

/// One account's proof as a claim reads it (`storeProofSource(...).proofFor` reads it with `readProof`).
async function childProof(n: number, dir: string): Promise<number> {
  const account = readFileSync(path.join(dir, `scale-${n}.account`), "utf8");
  // Timed from here: loading the reader is part of a cold start.
  const start = performance.now();
  startCpu();
  const { readProof, readManifest } = await import("../package/src/node/tree-store.js");
  const { verifyProof } = await import("../package/src/attribution/merkle.js");
  const store = storeOf(dir, n);
  const entry = readProof(store, account);
  if (entry === undefined) throw new Error(`no proof for ${account} in ${store}`);
  if (!verifyProof(readManifest(store).root, account, entry.cumulativeAmount, entry.proof)) {
    throw new Error(`the proof of ${account} does not verify`);
  }
  return (performance.now() - start) / 1000;
}

/// `attribution:verify` of the store, without the chain: `verifyStorePosted` (the tree rebuilt from the store's
/// leaves alone, and the chain checks) against a chain state that says what the manifest says.
async function childVerify(n: number, dir: string): Promise<number> {
  // The modules are loaded before the timing starts (as for post): the step is the check, not the start-up.
  const { readManifest } = await import("../package/src/node/tree-store.js");
  const { verifyStorePosted } = await import("../package/src/node/epoch-tree.js");
  const start = performance.now();
  startCpu();
  const store = storeOf(dir, n);
  // The chain's root and total: the manifest's values stand in for a RootPosted event here.
  const manifest = readManifest(store);
  const total = BigInt(manifest.cumulativeTotal);
  const chain = {
    chainId: 31337,
    settlement: SETTLEMENT,
    posted: { root: manifest.root, cumulativeTotal: total, readyAt: 0, attestor: SETTLEMENT, uri: "" },
    status: "pending" as const,
    accrued: total,
    settled: new Map<string, string[]>(),
  };
  const mismatches = verifyStorePosted(store, chain);
  if (mismatches.length > 0) {
    throw new Error(`verify found ${mismatches.map((m) => `${m.name}: ${m.detail}`).join("; ")}`);
  }
  return (performance.now() - start) / 1000;
}

/// CPU seconds (user + system) since `from`, and the mark to measure from; set by each step where its timing starts.
let cpuFrom: NodeJS.CpuUsage = process.cpuUsage();
const startCpu = (): void => {
  cpuFrom = process.cpuUsage();
};

/// The child's own peak resident memory, in kB: the high-water mark of its address space (VmHWM), which starts
/// anew at exec. `resourceUsage().maxRSS` does not: Linux carries it over from the forked parent, so a step run from
/// a large process (the bench inside Hardhat) would report the parent's size.
export function peakKb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm !== null) return Number(hwm[1]);
  } catch {
    // not Linux: fall back to the rusage figure
  }
  return process.resourceUsage().maxRSS;
}

async function child(step: Step, n: number, dir: string): Promise<void> {
  const seconds =
    step === "post" ? await childPost(n, dir) : step === "proof" ? await childProof(n, dir) : await childVerify(n, dir);
  const cpu = process.cpuUsage(cpuFrom);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakMB = MB(peakKb());
  process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds, peakMB })}\n`);
}

/// Runs one step in a child process and returns what it measured. Throws with the child's error when it fails.
function runChild(step: Step, n: number, dir: string): Measure {
  const start = performance.now();
  const result = spawnSync(process.execPath, ["--import", "tsx", SELF, "--child", step, String(n), dir], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const processSeconds = (performance.now() - start) / 1000;
  const { seconds, cpuSeconds, peakMB } = childResult<Omit<Measure, "processSeconds">>(
    result,
    `attribution ${step} at ${n}`,
  );
  return { seconds, cpuSeconds, peakMB, processSeconds };
}

/// The JSON object a child printed last, or an Error with the last line of its stderr when it failed.
export function childResult<T>(result: SpawnSyncReturns<string>, what: string): T {
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  if (result.status !== 0 || !line.startsWith("{")) {
    const why = result.stderr
      .trim()
      .split("\n")
      .filter((l) => l.trim() !== "");
    throw new Error(`${what} failed (exit ${result.status}): ${why.at(-1) ?? "no output"}`);
  }
  return JSON.parse(line) as T;
}

// ─── The parent ──────────────────────────────────────────────────────────────────────────────────────────────────

/// What `benchScale` measured and checked.
export interface ScaleResult {
  /// The `attribution.<step>.<N>.{seconds,peakMB}` figures written to bench/perf.json.
  figures: Record<string, number>;
  /// The goals missed, one line each (none when all are met).
  failures: string[];
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/// Merges `figures` into bench/perf.json (keys sorted).
export function writePerf(figures: Record<string, number>, file = PERF_FILE): void {
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, number>) : {};
  const merged = { ...current, ...figures };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
}

/// Runs post, proof and verify at each of `sizes` (`10k`, `100k`, `1M`), each in a child process, writes the figures
/// to bench/perf.json, prints them, and returns them with the goals missed.
export function benchScale(sizes: readonly string[] = ["10k"], log: (line: string) => void = console.log): ScaleResult {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-scale-"));
  const figures: Record<string, number> = {};
  const measured = new Map<string, Measure>();
  const failures: string[] = [];
  try {
    log("\nattribution at scale (each step in a fresh process; peak = max RSS)");
    log(
      `${"step".padEnd(8)}${"N".padStart(6)}${"seconds".padStart(10)}${"cpu s".padStart(10)}${"peak MB".padStart(10)}` +
        `${"µs/leaf".padStart(10)}${"process s".padStart(11)}`,
    );
    for (const label of sizes) {
      const n = parseSize(label);
      for (const step of STEPS) {
        const m = runChild(step, n, dir);
        measured.set(`${step}.${label}`, m);
        figures[`attribution.${step}.${label}.seconds`] = round(m.seconds, 3);
        figures[`attribution.${step}.${label}.peakMB`] = round(m.peakMB, 1);
        figures[`attribution.${step}.${label}.cpuSeconds`] = round(m.cpuSeconds, 3);
        log(
          `${step.padEnd(8)}${label.padStart(6)}${m.seconds.toFixed(3).padStart(10)}${m.cpuSeconds.toFixed(3).padStart(10)}` +
            `${m.peakMB.toFixed(0).padStart(10)}` +
            `${((m.seconds / n) * 1e6).toFixed(2).padStart(10)}${m.processSeconds.toFixed(2).padStart(11)}`,
        );
        if (step === "proof" && m.seconds > SCALE_GOALS.proof.seconds) {
          failures.push(`proof at ${label}: ${m.seconds.toFixed(3)} s > ${SCALE_GOALS.proof.seconds} s`);
        }
      }
      rmSync(storeOf(dir, n), { recursive: true, force: true });
      rmSync(`${storeOf(dir, n)}.json`, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const at = (step: Step, label: string): Measure | undefined => measured.get(`${step}.${label}`);
  const post = at("post", "1M");
  if (post !== undefined) {
    if (post.seconds > SCALE_GOALS.post.seconds) failures.push(`post at 1M: ${post.seconds.toFixed(1)} s > 60 s`);
    if (post.peakMB > SCALE_GOALS.post.peakMB) failures.push(`post at 1M: peak ${post.peakMB.toFixed(0)} MB > 2 GB`);
  }
  const verify = at("verify", "1M");
  if (verify !== undefined && verify.seconds > SCALE_GOALS.verify.seconds) {
    failures.push(`verify at 1M: ${verify.seconds.toFixed(1)} s > 90 s`);
  }
  // Cost per leaf from 100k to 1M: measured in CPU seconds (user + system), the step's own cost, which waiting for
  // a core on a shared machine does not inflate; in wall seconds too when neither run waited much (wall ≤ 1.5 × CPU).
  for (const step of ["post", "verify"] as const) {
    const small = at(step, "100k");
    const large = at(step, "1M");
    if (small === undefined || large === undefined) continue;
    const perLeaf = (m: Measure, key: "seconds" | "cpuSeconds", n: number): number => m[key] / n;
    const growthOf = (key: "seconds" | "cpuSeconds"): number =>
      perLeaf(large, key, 1_000_000) / perLeaf(small, key, 100_000) - 1;
    const loaded = [small, large].some((m) => m.seconds > 1.5 * m.cpuSeconds);
    const pct = (g: number): string => `${g >= 0 ? "+" : ""}${(g * 100).toFixed(1)}%`;
    const cpu = growthOf("cpuSeconds");
    const wall = growthOf("seconds");
    figures[`attribution.${step}.perLeafGrowth.cpuSeconds`] = round(cpu, 3);
    figures[`attribution.${step}.perLeafGrowth.seconds`] = round(wall, 3);
    log(
      `${step}: cost per leaf from 100k to 1M ${pct(cpu)} in CPU seconds, ${pct(wall)} in wall seconds` +
        `${loaded ? " (machine loaded: wall not checked)" : ""} (limit +20%)`,
    );
    if (cpu > SCALE_GOALS.perLeafGrowth)
      failures.push(`${step}: CPU cost per leaf grows ${pct(cpu)} from 100k to 1M (> 20%)`);
    if (!loaded && wall > SCALE_GOALS.perLeafGrowth) {
      failures.push(`${step}: wall cost per leaf grows ${pct(wall)} from 100k to 1M (> 20%)`);
    }
  }
  writePerf(figures);
  log(`wrote ${path.relative(ROOT, PERF_FILE)}`);
  for (const f of failures) log(`goal missed: ${f}`);
  return { figures, failures };
}

// ─── Command line ────────────────────────────────────────────────────────────────────────────────────────────────

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const args = process.argv.slice(2);
  try {
    const step = option(args, "--child");
    if (step !== undefined) {
      if (!STEPS.includes(step as Step)) throw new Error(`unknown step ${step}`);
      const i = args.indexOf("--child");
      await child(step as Step, Number(args[i + 2]), args[i + 3]);
    } else {
      const sizes = (option(args, "--sizes") ?? "10k,100k,1M").split(",").filter((s) => s.trim() !== "");
      sizes.forEach(parseSize);
      if (benchScale(sizes).failures.length > 0) process.exitCode = 1;
    }
  } catch (err: unknown) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
