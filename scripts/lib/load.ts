/// CPU load beside a run: N child processes that each keep one core busy, to run the e2e as a busy machine would
/// (`npm run e2e -- --load 2`, or OPENLEDGER_E2E_LOAD=2).
///
/// Each hog is a plain `node -e` child whose PID is kept here. It busies its core in slices of 50 ms and, between two
/// slices, ends itself as soon as its parent is gone (the IPC channel closes, or its parent PID changes) or after a
/// fixed lifetime: a run that is killed with SIGKILL still leaves no hog behind. `stopLoad` ends them by PID and waits;
/// `stopLoadSync` kills them from `exit` and signal handlers.
///
/// This file only depends on Node's built-in modules, so that plain `node` can load it.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";

/// The environment variable read when `--load` is not given.
export const LOAD_ENV = "OPENLEDGER_E2E_LOAD";

/// At most this many hogs per core: a bound, so that a typo cannot fork-bomb the machine.
export const MAX_HOGS_PER_CORE = 4;

/// A hog ends itself after this long whatever happens (the e2e takes minutes, not an hour).
export const HOG_LIFETIME_MS = 60 * 60 * 1000;

/// The most hogs `--load` accepts on this machine.
export function maxHogs(): number {
  return MAX_HOGS_PER_CORE * availableParallelism();
}

/// The hog: spin for 50 ms, then let the event loop see a closed IPC channel, a new parent, or the end of its life.
const HOG_SOURCE = `
const parent = process.ppid;
const end = Date.now() + ${HOG_LIFETIME_MS};
process.on("disconnect", () => process.exit(0));
const spin = () => {
  if (process.ppid !== parent || Date.now() > end) process.exit(0);
  const until = Date.now() + 50;
  while (Date.now() < until);
  setImmediate(spin);
};
spin();
`;

/// The number of hogs asked for: `--load N` or `--load=N` in `argv`, else $OPENLEDGER_E2E_LOAD, else 0. Throws one
/// line on anything but an integer from 0 to `maxHogs()`.
export function parseLoad(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  let text: string | undefined;
  let from = `$${LOAD_ENV}`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--load") {
      text = argv[i + 1] ?? "";
      from = "--load";
      i++;
    } else if (arg.startsWith("--load=")) {
      text = arg.slice("--load=".length);
      from = "--load";
    } else {
      throw new Error(`unknown argument "${arg}" (the e2e takes only --load N)`);
    }
  }
  text ??= env[LOAD_ENV]?.trim() ?? "";
  if (text === "" && from !== "--load") return 0;
  const max = maxHogs();
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new Error(
      `${from} must be a number of CPU hogs from 0 to ${max} (${MAX_HOGS_PER_CORE} per core), not "${text}"`,
    );
  }
  return Number(text);
}

const hogs = new Map<number, ChildProcess>();

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/// Starts `count` hogs and returns their PIDs once they are all running.
export async function startLoad(count: number): Promise<number[]> {
  const pids: number[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ["-e", HOG_SOURCE], { stdio: ["ignore", "ignore", "ignore", "ipc"] });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    if (child.pid === undefined) throw new Error("a CPU hog did not start");
    const pid = child.pid;
    hogs.set(pid, child);
    child.once("exit", () => hogs.delete(pid));
    // The parent must not wait for its hogs to exit, nor keep running because of their channel.
    child.unref();
    child.channel?.unref();
    pids.push(pid);
  }
  return pids;
}

/// The hogs started here that are still running.
export function runningHogs(): number[] {
  return [...hogs.keys()];
}

/// Ends every hog by PID (SIGTERM, then SIGKILL after `graceMs`) and resolves once all have exited.
export async function stopLoad(graceMs = 2_000): Promise<void> {
  await Promise.all(
    [...hogs.values()].map(async (child) => {
      if (exited(child)) return;
      const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!exited(child)) child.kill("SIGKILL");
      }, graceMs);
      await done;
      clearTimeout(timer);
    }),
  );
  hogs.clear();
}

/// Kills every hog that still runs, without waiting (for `exit` and signal handlers).
export function stopLoadSync(): void {
  for (const pid of hogs.keys()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  hogs.clear();
}
