/// The pieces a script needs to bring the suite up on a local node with its indexer: hardhat runs (deploy, demo),
/// `ponder start` on PGlite (or PostgreSQL when DATABASE_URL is set), and waiting for it. Every child started here
/// is in `children`, which `killChildren` stops.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { addressesFromIgnition } from "../../package/src/deployments.js";
import type { suiteAbis } from "../../package/src/generated/abis.js";
import { PROJECT_ROOT, freePort, hardhatCli, startAnvil } from "./nodes.js";
import type { LocalNode } from "./nodes.js";

export type Hex = `0x${string}`;
export type Addresses = Record<keyof typeof suiteAbis, Hex>;

export const INDEXER_DIR = path.join(PROJECT_ROOT, "indexer");

export const log = (line = ""): void => void process.stdout.write(`${line}\n`);
export const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/// Every child process started here and still running.
export const children = new Set<ChildProcess>();

export function killChildren(): void {
  for (const child of children) child.kill("SIGKILL");
}

/// Runs `cleanUp` when the process exits, and on SIGINT or SIGTERM (then exits with 130 or 143).
export function onExit(cleanUp: () => void): void {
  process.once("exit", cleanUp);
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping`);
      cleanUp();
      process.exit(code);
    });
  }
}

/// Runs `hardhat <args>` with this Node, its output indented; rejects on a non-zero exit.
export function hardhat(args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [hardhatCli(), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      children.delete(child);
      if (code === 0) resolve();
      else {
        process.stdout.write(output.replace(/^/gm, "    │ "));
        reject(new Error(`hardhat ${args.join(" ")} exited with ${code ?? signal}`));
      }
    });
  });
}

export interface DemoChain {
  node: LocalNode;
  addresses: Addresses;
}

/// Builds (cached), starts anvil (with `anvilArgs`), deploys the suite as `deploymentId` and, unless `demo` is false,
/// runs the demo economy on it, logging each step and its time.
export async function startDemoChain(
  deploymentId: string,
  options: { demo?: boolean; anvilArgs?: string[] } = {},
): Promise<DemoChain> {
  let t = Date.now();
  log("▶ build");
  await hardhat(["build", "--quiet", "--no-tests"]);
  log(`✔ build (${elapsed(t)})`);
  t = Date.now();
  const node = await startAnvil({ extraArgs: options.anvilArgs });
  log(`✔ anvil pid ${node.pid} on ${node.url} (${elapsed(t)})`);
  const env = { ANVIL_RPC_URL: node.url, OPENLEDGER_DEPLOYMENT_ID: deploymentId };
  t = Date.now();
  await hardhat(["run", "--no-compile", "scripts/deploy.ts", "--network", "anvil"], env);
  log(`✔ deploy (${elapsed(t)})`);
  if (options.demo ?? true) {
    t = Date.now();
    await hardhat(["run", "--no-compile", "scripts/demo.ts", "--network", "anvil"], env);
    log(`✔ demo economy (${elapsed(t)})`);
  }
  const file = path.join(PROJECT_ROOT, "deploy", "deployments", deploymentId, "deployed_addresses.json");
  const addresses = addressesFromIgnition(JSON.parse(readFileSync(file, "utf8"))) as unknown as Addresses;
  return { node, addresses };
}

export interface Indexer {
  child: ChildProcess;
  url: string;
  logFile: string;
}

/// Ponder's CLI, from the indexer workspace's node_modules or the root's (where npm hoists it). Its package exports
/// neither package.json nor the CLI, so it is found by path.
export function ponderCli(): string {
  for (const dir of [path.join(INDEXER_DIR, "node_modules"), path.join(PROJECT_ROOT, "node_modules")]) {
    const cli = path.join(dir, "ponder", "dist", "esm", "bin", "ponder.js");
    if (existsSync(cli)) return cli;
  }
  throw new Error("ponder is not installed: run npm install (under Node 22)");
}

/// `ponder start` in indexer/ for `deploymentId`, on a fresh schema, with PGlite in `dir`, or on the PostgreSQL of
/// `databaseUrl` (default: $DATABASE_URL; `null` for PGlite whatever the environment says). `port` defaults to a free
/// one; the log is `<dir>/<logName>`.
export async function startIndexer(
  node: LocalNode,
  deploymentId: string,
  dir: string,
  port?: number,
  options: { databaseUrl?: string | null; logName?: string } = {},
): Promise<Indexer> {
  const listen = port ?? (await freePort());
  const schema = `${deploymentId.replace(/\W/g, "_")}_${process.pid}_${Date.now()}`;
  const cli = ponderCli();
  const logFile = path.join(dir, options.logName ?? "ponder.log");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PONDER_RPC_URL: node.url,
    PONDER_CHAIN_ID: "31337",
    OPENLEDGER_DEPLOYMENT: deploymentId,
    PONDER_PGLITE_DIRECTORY: path.join(dir, "pglite"),
  };
  const databaseUrl = options.databaseUrl === undefined ? process.env.DATABASE_URL : options.databaseUrl;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const fd = openSync(logFile, "w");
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [cli, "start", "--schema", schema, "--port", String(listen)], {
      cwd: INDEXER_DIR,
      env,
      stdio: ["ignore", fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  children.add(child);
  child.once("exit", () => children.delete(child));
  return { child, url: `http://127.0.0.1:${listen}`, logFile };
}

/// Polls `test` every 250 ms until it holds; fails at once if the indexer exits, else after `timeoutMs`.
export async function waitFor(
  what: string,
  indexer: Indexer,
  test: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (indexer.child.exitCode !== null || indexer.child.signalCode !== null) {
      throw new Error(
        `the indexer exited (${indexer.child.exitCode ?? indexer.child.signalCode}); see ${indexer.logFile}`,
      );
    }
    try {
      if (await test()) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s; see ${indexer.logFile}`);
    await sleep(250);
  }
}

/// The last block the indexer has indexed.
export async function indexedBlock(indexer: Indexer): Promise<bigint> {
  const response = await fetch(`${indexer.url}/status`, { signal: AbortSignal.timeout(5_000) });
  const status = (await response.json()) as Record<string, { block: { number: number } }>;
  return BigInt(status.openledger?.block.number ?? -1);
}

/// Waits for /ready and then for block `head`; returns the seconds from the call to /ready.
export async function waitForIndexer(indexer: Indexer, head: bigint, timeoutMs = 300_000): Promise<number> {
  const t = Date.now();
  await waitFor("/ready", indexer, async () => (await fetch(`${indexer.url}/ready`)).status === 200, timeoutMs);
  const seconds = Number(((Date.now() - t) / 1000).toFixed(1));
  await waitFor(`block ${head}`, indexer, async () => (await indexedBlock(indexer)) >= head, 60_000);
  return seconds;
}
