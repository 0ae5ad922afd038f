/// `npm run bench:engine`: the attribution engine at scale, on seeded synthetic records of about 50 tokens each
/// (scripts/lib/bench/engine-corpus.ts), each step in a fresh child process so that its time and peak memory (VmHWM)
/// are its own:
///
/// - `build`: `buildIndex` of N records (the records are made first, untimed, but their memory counts in the peak),
///   then `writeIndexFile` (timed apart), and ten outputs of 500 tokens that copy runs of the records;
/// - `load`: `readIndexFile` in a new process (the checksum and every bound checked), then `attribute` of each
///   output, timed per output after five warm-up calls on other outputs.
///
/// Writes `engine.build<N>.{seconds,cpuSeconds,peakMB}`, `engine.write<N>.seconds`, `engine.load<N>.{seconds,peakMB}`,
/// `engine.attribute500.ms<N>` (mean over the ten outputs) and `engine.index<N>.MB` (file size) to bench/perf.json
/// (merged with what is there), prints a table, and exits 1 when a goal is missed: at 1M records build ≤ 120 s and
/// ≤ 2 GB, at every N load ≤ 5 s and attribute ≤ 20 ms.
///
///   npm run bench:engine                                (N = 10k, 100k and 1M; not in CI)
///   node --import tsx scripts/bench-engine.ts --sizes 10k,100k
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { childResult, parseSize, peakKb, writePerf } from "./bench-scale.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SELF = fileURLToPath(import.meta.url);

export const ENGINE_GOALS = {
  build1M: { seconds: 120, peakMB: 2048 },
  load: { seconds: 5 },
  attribute: { ms: 20 },
} as const;

const K = 8;
const OUTPUTS = 10;
const WARM_UP = 5;
const indexOf = (dir: string, n: number): string => path.join(dir, `engine-${n}.index`);
const outputsOf = (dir: string, n: number): string => path.join(dir, `engine-${n}.outputs.json`);

type Figures = Record<string, number>;

// ─── The children ────────────────────────────────────────────────────────────────────────────────────────────────

const cpuSince = (from: NodeJS.CpuUsage): number => {
  const cpu = process.cpuUsage(from);
  return (cpu.user + cpu.system) / 1e6;
};

async function childBuild(n: number, dir: string): Promise<Figures> {
  const { syntheticOutput, syntheticRecords } = await import("./lib/bench/engine-corpus.js");
  const { buildIndex } = await import("../package/src/attribution/index.js");
  const { writeIndexFile } = await import("../package/src/node/engine-index.js");
  const records = syntheticRecords(n);
  const outputs = Array.from({ length: OUTPUTS + WARM_UP }, (_, i) => syntheticOutput(records, 500, 1 + i));
  writeFileSync(outputsOf(dir, n), JSON.stringify(outputs));
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const index = buildIndex(records, { k: K });
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuSince(cpu);
  const written = performance.now();
  const bytes = writeIndexFile(indexOf(dir, n), index);
  return {
    seconds,
    cpuSeconds,
    writeSeconds: (performance.now() - written) / 1000,
    tokens: index.text.length,
    MB: bytes / 2 ** 20,
    peakMB: peakKb() / 1024,
  };
}

async function childLoad(n: number, dir: string): Promise<Figures> {
  const all = JSON.parse(readFileSync(outputsOf(dir, n), "utf8")) as string[];
  const [outputs, warmUps] = [all.slice(0, OUTPUTS), all.slice(OUTPUTS)];
  // The modules are loaded before the timing starts: the step is reading the index, not Node's start-up.
  const { readIndexFile } = await import("../package/src/node/engine-index.js");
  const { attribute } = await import("../package/src/attribution/index.js");
  const start = performance.now();
  const index = readIndexFile(indexOf(dir, n));
  const seconds = (performance.now() - start) / 1000;
  const params = (i: number) => ({ inferenceId: `0x${(i + 1).toString(16).padStart(64, "0")}`, modelId: 1n });
  // Warm-up calls over other outputs (the first also counts the suffix array's first-token buckets, and the JIT
  // compiles the matcher), then each output timed.
  for (let i = 0; i < WARM_UP; i++) attribute(index, warmUps[i], params(100 + i));
  let total = 0;
  let attributed = 0;
  for (let i = 0; i < outputs.length; i++) {
    const t = performance.now();
    const result = attribute(index, outputs[i], params(i));
    total += performance.now() - t;
    if (result.status === "attributed") attributed++;
  }
  if (attributed !== outputs.length) throw new Error(`${outputs.length - attributed} outputs were not attributed`);
  return { seconds, attributeMs: total / outputs.length, peakMB: peakKb() / 1024 };
}

function runChild(step: "build" | "load", n: number, dir: string): Figures {
  const result = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", SELF, "--child", step, String(n), dir],
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  return childResult<Figures>(result, `engine ${step} at ${n}`);
}

// ─── The parent ──────────────────────────────────────────────────────────────────────────────────────────────────

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/// Builds, writes, loads and queries an index at each of `sizes`, writes the figures to bench/perf.json, prints
/// them, and returns them with the goals missed.
export function benchEngine(
  sizes: readonly string[] = ["10k"],
  log: (line: string) => void = console.log,
): { figures: Figures; failures: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-engine-"));
  const figures: Figures = {};
  const failures: string[] = [];
  try {
    log("\nattribution engine (each step in a fresh process; peak = max RSS; k = 8, 500-token outputs)");
    log(
      `${"N".padStart(6)}${"tokens".padStart(12)}${"build s".padStart(10)}${"cpu s".padStart(9)}${"peak MB".padStart(9)}` +
        `${"write s".padStart(9)}${"file MB".padStart(9)}${"load s".padStart(9)}${"load MB".padStart(9)}${"attr ms".padStart(9)}`,
    );
    for (const label of sizes) {
      const n = parseSize(label);
      const build = runChild("build", n, dir);
      const load = runChild("load", n, dir);
      Object.assign(figures, {
        [`engine.build${label}.seconds`]: round(build.seconds, 3),
        [`engine.build${label}.cpuSeconds`]: round(build.cpuSeconds, 3),
        [`engine.build${label}.peakMB`]: round(build.peakMB, 1),
        [`engine.write${label}.seconds`]: round(build.writeSeconds, 3),
        [`engine.index${label}.MB`]: round(build.MB, 1),
        [`engine.load${label}.seconds`]: round(load.seconds, 3),
        [`engine.load${label}.peakMB`]: round(load.peakMB, 1),
        [`engine.attribute500.ms${label}`]: round(load.attributeMs, 2),
      });
      log(
        `${label.padStart(6)}${build.tokens.toLocaleString("en-US").padStart(12)}${build.seconds.toFixed(2).padStart(10)}` +
          `${build.cpuSeconds.toFixed(2).padStart(9)}${build.peakMB.toFixed(0).padStart(9)}${build.writeSeconds.toFixed(2).padStart(9)}` +
          `${build.MB.toFixed(0).padStart(9)}${load.seconds.toFixed(2).padStart(9)}${load.peakMB.toFixed(0).padStart(9)}` +
          `${load.attributeMs.toFixed(2).padStart(9)}`,
      );
      if (n >= 1_000_000) {
        const g = ENGINE_GOALS.build1M;
        if (build.seconds > g.seconds)
          failures.push(`build at ${label}: ${build.seconds.toFixed(1)} s > ${g.seconds} s`);
        if (build.peakMB > g.peakMB) failures.push(`build at ${label}: peak ${build.peakMB.toFixed(0)} MB > 2 GB`);
      }
      if (load.seconds > ENGINE_GOALS.load.seconds) {
        failures.push(`load at ${label}: ${load.seconds.toFixed(2)} s > ${ENGINE_GOALS.load.seconds} s`);
      }
      if (load.attributeMs > ENGINE_GOALS.attribute.ms) {
        failures.push(`attribute at ${label}: ${load.attributeMs.toFixed(1)} ms > ${ENGINE_GOALS.attribute.ms} ms`);
      }
      rmSync(indexOf(dir, n), { force: true });
      rmSync(outputsOf(dir, n), { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writePerf(figures);
  for (const f of failures) log(`goal missed: ${f}`);
  return { figures, failures };
}

// ─── Command line ────────────────────────────────────────────────────────────────────────────────────────────────

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const args = process.argv.slice(2);
  try {
    const i = args.indexOf("--child");
    if (i >= 0) {
      const [step, n, dir] = [args[i + 1], Number(args[i + 2]), args[i + 3]];
      if (step !== "build" && step !== "load") throw new Error(`unknown step ${step}`);
      const figures = step === "build" ? await childBuild(n, dir) : await childLoad(n, dir);
      process.stdout.write(`${JSON.stringify(figures)}\n`);
    } else {
      const at = args.indexOf("--sizes");
      const sizes = (at >= 0 ? args[at + 1] : "10k,100k,1M").split(",").filter((s) => s.trim() !== "");
      sizes.forEach(parseSize);
      if (benchEngine(sizes).failures.length > 0) process.exitCode = 1;
    }
  } catch (err: unknown) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
