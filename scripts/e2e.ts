/// End to end on two real, independent JSON-RPC nodes: anvil and the Hardhat node.
///
///   npm run e2e                 (= node scripts/e2e.ts)
///   npm run e2e -- --load 2     the same, with 2 CPU hogs busy beside it (or OPENLEDGER_E2E_LOAD=2)
///
/// Builds once, starts both nodes on free loopback ports, then runs the same steps against each node (deploy the
/// suite, run the governance scenario, ...), each step a `hardhat run <script> --network <name>` child process. The
/// JSON results of the steps must be identical on both nodes. The nodes are always stopped by PID and the
/// deployment folders removed, on success, failure, Ctrl-C or SIGTERM. Exit code 0 only if everything passed.
///
/// `--load N` runs it as a busy machine would: after the build, N child processes each keep a core busy until the end
/// (scripts/lib/load.ts; at most 4 per core). They are stopped by PID with the nodes, on success, failure, Ctrl-C or
/// SIGTERM, and end themselves if this process dies.
///
/// To add a step, append it to NODE_STEPS: it gets the node and may return a JSON result to compare.
///
/// Plain `node` runs this file with type stripping, but its own relative imports follow the project's `.js`
/// convention, which only a TypeScript-aware loader maps to `.ts`: tsx (what Hardhat itself registers) is
/// registered first and the project's modules are then imported dynamically.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { register } from "tsx/esm/api";
import type { LocalNode } from "./lib/nodes.js";

register();
const { PROJECT_ROOT, hardhatCli, runningNodes, startAnvil, startHardhatNode, stopAllNodesSync, stopNode } =
  await import("./lib/nodes.js");
const { parseLoad, runningHogs, startLoad, stopLoad, stopLoadSync } = await import("./lib/load.js");

/// One node under test and what its steps share.
interface NodeTarget {
  /// Hardhat network name (hardhat.config.ts).
  network: "anvil" | "localhost";
  /// The environment variable hardhat.config.ts reads for that network's URL.
  urlEnv: "ANVIL_RPC_URL" | "LOCALHOST_RPC_URL";
  /// Both nodes report chain 31337, so each gets its own Ignition deployment id.
  deploymentId: string;
  start: () => Promise<LocalNode>;
  node?: LocalNode;
}

interface NodeStep {
  name: string;
  /// Runs the step against `target`; a returned value is compared across nodes.
  run: (target: NodeTarget) => Promise<unknown>;
}

const E2E_DIR = path.join(PROJECT_ROOT, ".e2e");
const DEPLOYMENTS_DIR = path.join(PROJECT_ROOT, "deploy", "deployments");

const TARGETS: NodeTarget[] = [
  { network: "anvil", urlEnv: "ANVIL_RPC_URL", deploymentId: "e2e-anvil", start: () => startAnvil() },
  {
    network: "localhost",
    urlEnv: "LOCALHOST_RPC_URL",
    deploymentId: "e2e-hardhat-node",
    start: () => startHardhatNode(),
  },
];

/// Steps run in this order against every node.
const SEPOLIA_CHAIN_ID = 11155111;
const REHEARSAL_ID = "e2e-sepolia-rehearsal";
/// The first of anvil's (and Hardhat's) well-known development accounts: public test key, never a real one.
const ANVIL_FIRST_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/// The second development account: the rehearsal's guardian, which a live network requires to differ from the deployer.
const ANVIL_SECOND_ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

const NODE_STEPS: NodeStep[] = [
  {
    name: "deploy",
    run: async (target) => {
      await hardhatRun("scripts/deploy.ts", target);
      return undefined;
    },
  },
  {
    name: "governance",
    run: async (target) => {
      const file = path.join(E2E_DIR, `${target.deploymentId}-governance.json`);
      await hardhatRun("scripts/e2e-scenario.ts", target, { OPENLEDGER_SUMMARY_FILE: file });
      return JSON.parse(readFileSync(file, "utf8")) as unknown;
    },
  },
  {
    name: "economy",
    run: async (target) => {
      const file = path.join(E2E_DIR, `${target.deploymentId}-economy.json`);
      await hardhatRun("scripts/demo.ts", target, {
        OPENLEDGER_SUMMARY_FILE: file,
        OPENLEDGER_DEMO_OUT: demoOut(target),
      });
      return JSON.parse(readFileSync(file, "utf8")) as unknown;
    },
  },
  {
    // The auditor's check of the demo's last epoch, as a CLI task: every settled inference of each datanet attributed
    // again by the engine from its output and the records (each checked against its on-chain content hash), against
    // the hash settled on-chain; the task exits with 1 on any mismatch.
    name: "recompute",
    run: async (target) => {
      const out = demoOut(target);
      for (const datanet of ["medical-qa", "code-review"]) {
        await hardhatTask(target, [
          "attribution:verify",
          "--file",
          path.join(out, `${datanet}-epoch2.tree.json`),
          "--recompute",
          "--records",
          path.join(out, "records"),
          "--trees",
          path.join(out, "trees"),
          "--outputs",
          path.join(out, "outputs"),
        ]);
      }
      return undefined;
    },
  },
];

/// Where the demo run on `target` writes its files.
const demoOut = (target: NodeTarget): string => path.join(E2E_DIR, `${target.deploymentId}-demo`);

// -------------------------------------------------------------------------------------------------
// Child processes
// -------------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
const started = Date.now();
const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

/// Runs `hardhat <args>` with this Node, its output indented under the step; rejects on a non-zero exit.
function hardhat(args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [hardhatCli(), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    const indent = (chunk: Buffer): string =>
      chunk
        .toString()
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => `    │ ${line}\n`)
        .join("");
    child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(indent(chunk)));
    child.stderr?.on("data", (chunk: Buffer) => process.stdout.write(indent(chunk)));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`hardhat ${args.join(" ")} exited with ${code ?? signal}`));
    });
  });
}

function hardhatRun(script: string, target: NodeTarget, env: NodeJS.ProcessEnv = {}): Promise<void> {
  return hardhatTask(target, ["run", "--no-compile", script], env);
}

/// Runs `hardhat <args> --network <target's>` against `target`'s node (a task, its name then its options, or `run`);
/// rejects on a non-zero exit.
function hardhatTask(target: NodeTarget, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  if (target.node === undefined) throw new Error(`${target.network}: the node is not running`);
  return hardhat([...args, "--network", target.network], {
    [target.urlEnv]: target.node.url,
    OPENLEDGER_DEPLOYMENT_ID: target.deploymentId,
    ...env,
  });
}

function removeDeployments(): void {
  for (const target of TARGETS) {
    rmSync(path.join(DEPLOYMENTS_DIR, target.deploymentId), { recursive: true, force: true });
  }
}

/// Ends every child synchronously: for signals and `exit`, where nothing can be awaited.
function killEverything(): void {
  for (const child of children) child.kill("SIGKILL");
  stopLoadSync();
  stopAllNodesSync();
  removeDeployments();
}

process.once("exit", killEverything);
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping the nodes`);
    killEverything();
    process.exit(code);
  });
}

// -------------------------------------------------------------------------------------------------
// Comparing results
// -------------------------------------------------------------------------------------------------

/// Dotted paths where two JSON values differ (at most `limit`).
function differences(a: unknown, b: unknown, at = "", out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        at ? `${at}.${key}` : key,
        out,
        limit,
      );
    }
    return out;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${at || "(root)"}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Main
// -------------------------------------------------------------------------------------------------

/// The CPU hogs asked for with --load (0: none).
let load = 0;

async function main(): Promise<boolean> {
  load = parseLoad(process.argv.slice(2));
  rmSync(E2E_DIR, { recursive: true, force: true });
  removeDeployments();

  let t = Date.now();
  log("▶ build");
  await hardhat(["build", "--quiet", "--no-tests"]);
  log(`✔ build (${elapsed(t)})`);

  if (load > 0) {
    const pids = await startLoad(load);
    log(`▶ load: ${load} CPU hog${load === 1 ? "" : "s"} on ${availableParallelism()} cores, pids ${pids.join(", ")}`);
  }

  t = Date.now();
  log("▶ start nodes");
  // Wait for every start to settle, so that no node comes up after a failure has begun the shutdown.
  const starts = await Promise.allSettled(
    TARGETS.map(async (target) => {
      target.node = await target.start();
    }),
  );
  const failedStart = starts.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failedStart !== undefined) throw failedStart.reason;
  for (const target of TARGETS) {
    log(`    ${target.node?.kind} pid ${target.node?.pid} on ${target.node?.url} (network "${target.network}")`);
  }
  log(`✔ start nodes (${elapsed(t)})`);

  const results = new Map<string, Map<string, unknown>>();
  for (const target of TARGETS) {
    const perStep = new Map<string, unknown>();
    results.set(target.network, perStep);
    for (const step of NODE_STEPS) {
      t = Date.now();
      log(`▶ ${target.network}: ${step.name}`);
      perStep.set(step.name, await step.run(target));
      log(`✔ ${target.network}: ${step.name} (${elapsed(t)})`);
    }
  }

  let same = true;
  const [reference, ...others] = TARGETS;
  for (const step of NODE_STEPS) {
    const expected = results.get(reference.network)?.get(step.name);
    if (expected === undefined) continue;
    for (const other of others) {
      const diff = differences(expected, results.get(other.network)?.get(step.name));
      if (diff.length === 0) {
        log(`✔ ${step.name}: ${reference.network} and ${other.network} agree`);
      } else {
        same = false;
        log(`✘ ${step.name}: ${reference.network} and ${other.network} differ`);
        for (const line of diff) log(`    ${line}`);
      }
    }
  }

  // The published package, from outside: npm pack, install the tarball in an empty project, run the example against
  // a fresh anvil (its own node, stopped by the same registry of nodes).
  t = Date.now();
  log("▶ package");
  const { runPackageE2E } = await import("./package-e2e.js");
  await runPackageE2E(log);
  log(`✔ package (${elapsed(t)})`);

  // A testnet deployment, rehearsed: the real `sepolia` network entry of hardhat.config.ts (URL and key from
  // configuration variables) and deploy/parameters/sepolia.json, against an anvil that poses as chain 11155111.
  t = Date.now();
  log("▶ testnet rehearsal: sepolia parameters on anvil as chain 11155111");
  const rehearsal = await startAnvil({ chainId: SEPOLIA_CHAIN_ID });
  try {
    await hardhat(["run", "--no-compile", "scripts/deploy.ts", "--network", "sepolia"], {
      SEPOLIA_RPC_URL: rehearsal.url,
      SEPOLIA_PRIVATE_KEY: ANVIL_FIRST_KEY,
      OPENLEDGER_DEPLOYMENT_ID: REHEARSAL_ID,
      OPENLEDGER_GUARDIAN: ANVIL_SECOND_ADDRESS,
    });
  } finally {
    await stopNode(rehearsal);
    rmSync(path.join(DEPLOYMENTS_DIR, REHEARSAL_ID), { recursive: true, force: true });
  }
  log(`✔ testnet rehearsal (${elapsed(t)})`);
  return same;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopHogs(): Promise<void> {
  const pids = runningHogs();
  if (pids.length === 0) return;
  const average = loadavg()[0].toFixed(2);
  await stopLoad();
  log(
    `✔ load: stopped ${pids.length} CPU hog(s), ${pids.filter(isAlive).length} still running; 1-min load average ${average}`,
  );
}

async function stopNodes(): Promise<void> {
  const t = Date.now();
  log("▶ stop nodes");
  for (const node of runningNodes()) {
    await stopNode(node);
    log(`    ${node.kind} pid ${node.pid} ${isAlive(node.pid) ? "still running" : "stopped"}`);
  }
  removeDeployments();
  log(`✔ stop nodes (${elapsed(t)})`);
}

let ok = false;
try {
  ok = await main();
} catch (err: unknown) {
  log(`✘ ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
} finally {
  await stopHogs();
  await stopNodes();
}
const under = load > 0 ? ` with ${load} CPU hog${load === 1 ? "" : "s"} beside it` : "";
log(
  ok
    ? `e2e passed in ${elapsed(started)}${under}`
    : `e2e FAILED after ${elapsed(started)}${under} (node logs in ${E2E_DIR})`,
);
process.exitCode = ok ? 0 : 1;
