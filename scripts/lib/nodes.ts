/// Local JSON-RPC nodes as plain child processes: anvil (Foundry) and the Hardhat node.
///
/// Each node is started directly (no shell, no npx), so the PID kept here is the node itself and stopping that PID
/// stops the node. Every node started by this module is remembered until it exits, so that `stopAllNodesSync` can
/// end them from an `exit` or signal handler.
///
/// This file only depends on Node's built-in modules, so that plain `node` can load it.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/// The project root: this file is `<root>/scripts/lib/nodes.ts`.
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/// Environment variable that overrides the anvil binary.
export const ANVIL_BIN_ENV = "ANVIL_BIN";

export type NodeKind = "anvil" | "hardhat-node";

export interface LocalNode {
  kind: NodeKind;
  pid: number;
  port: number;
  /// `http://127.0.0.1:<port>`
  url: string;
  /// Where the node's stdout and stderr go.
  logFile: string;
  child: ChildProcess;
}

export interface StartOptions {
  /// The port to listen on (default: a free loopback port).
  port?: number;
  /// Where to write the node's output (default: `<root>/.e2e/<kind>-<port>.log`).
  logFile?: string;
  /// How long to wait for the node to answer `eth_chainId` (default 60 s).
  readyTimeoutMs?: number;
}

const running = new Map<number, LocalNode>();

/// A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it).
export async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not pick a free port"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/// `count` distinct free loopback ports.
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

const ANVIL_PLATFORMS: Readonly<Record<string, string>> = {
  "linux-x64": "linux-amd64",
  "linux-arm64": "linux-arm64",
  "darwin-x64": "darwin-amd64",
  "darwin-arm64": "darwin-arm64",
  "win32-x64": "win32-amd64",
};

/// The anvil binary: $ANVIL_BIN, else the platform package that `@foundry-rs/anvil` installs
/// (`@foundry-rs/anvil-<os>-<arch>/bin/anvil`), resolved the way Node resolves it from the wrapper package.
export function anvilBinary(): string {
  const fromEnv = process.env[ANVIL_BIN_ENV]?.trim();
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${ANVIL_BIN_ENV}=${fromEnv} does not exist`);
    return fromEnv;
  }
  const platform = ANVIL_PLATFORMS[`${process.platform}-${process.arch}`];
  if (platform === undefined) {
    throw new Error(`anvil has no npm package for ${process.platform}-${process.arch}; set ${ANVIL_BIN_ENV}`);
  }
  const projectRequire = createRequire(path.join(PROJECT_ROOT, "package.json"));
  let wrapper: string;
  try {
    wrapper = projectRequire.resolve("@foundry-rs/anvil/package.json");
  } catch {
    throw new Error("@foundry-rs/anvil is not installed: run npm install (under Node 22)");
  }
  const pkg = `@foundry-rs/anvil-${platform}`;
  let manifest: string;
  try {
    manifest = createRequire(wrapper).resolve(`${pkg}/package.json`);
  } catch {
    throw new Error(`${pkg} is not installed (an optional dependency of @foundry-rs/anvil): run npm install`);
  }
  const binary = path.join(path.dirname(manifest), "bin", process.platform === "win32" ? "anvil.exe" : "anvil");
  if (!existsSync(binary)) throw new Error(`${pkg} has no binary at ${binary}`);
  return binary;
}

/// The Hardhat CLI entry point of this project (`hardhat/dist/src/cli.js`).
export function hardhatCli(): string {
  const projectRequire = createRequire(path.join(PROJECT_ROOT, "package.json"));
  const manifest = projectRequire.resolve("hardhat/package.json");
  return path.join(path.dirname(manifest), "dist", "src", "cli.js");
}

interface JsonRpcResponse {
  result?: unknown;
  error?: { code: number; message: string };
}

/// One JSON-RPC call over HTTP. Throws on a transport error or a JSON-RPC error.
export async function rpc(url: string, method: string, params: unknown[] = [], timeoutMs = 5_000): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as JsonRpcResponse;
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message} (${body.error.code})`);
  return body.result;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/// Polls `eth_chainId` until the node answers; fails early if the process exits. Returns the chain id.
export async function waitForRpc(node: LocalNode, timeoutMs = 60_000): Promise<bigint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(node.child)) {
      throw new Error(
        `${node.kind} (pid ${node.pid}) exited with ${node.child.exitCode ?? node.child.signalCode} before answering; see ${node.logFile}`,
      );
    }
    try {
      const chainId = await rpc(node.url, "eth_chainId", [], 1_000);
      if (typeof chainId === "string") return BigInt(chainId);
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${node.kind} (pid ${node.pid}) did not answer eth_chainId on ${node.url} within ${timeoutMs} ms`,
      );
    }
    await sleep(100);
  }
}

async function start(
  kind: NodeKind,
  command: string,
  args: (port: number) => string[],
  options: StartOptions,
): Promise<LocalNode> {
  const port = options.port ?? (await freePort());
  const logFile = options.logFile ?? path.join(PROJECT_ROOT, ".e2e", `${kind}-${port}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, "w");
  let child: ChildProcess;
  try {
    child = spawn(command, args(port), { cwd: PROJECT_ROOT, stdio: ["ignore", fd, fd], env: process.env });
  } finally {
    closeSync(fd); // the child holds its own copy
  }
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  if (child.pid === undefined) throw new Error(`${kind} did not start`);
  const node: LocalNode = { kind, pid: child.pid, port, url: `http://127.0.0.1:${port}`, logFile, child };
  running.set(node.pid, node);
  child.once("exit", () => running.delete(node.pid));
  try {
    await waitForRpc(node, options.readyTimeoutMs);
  } catch (err: unknown) {
    await stopNode(node);
    throw err;
  }
  return node;
}

/// Starts anvil on 127.0.0.1 with 30 default accounts (the Hardhat node's 30, from the same mnemonic)
/// and waits until it answers. `chainId` makes it pose as another chain (to rehearse a testnet deployment).
/// `extraArgs` go to anvil as they are.
export async function startAnvil(
  options: StartOptions & { chainId?: number; extraArgs?: string[] } = {},
): Promise<LocalNode> {
  const chainId = options.chainId === undefined ? [] : ["--chain-id", String(options.chainId)];
  return start(
    "anvil",
    anvilBinary(),
    (port) => [
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--accounts",
      "30",
      ...chainId,
      ...(options.extraArgs ?? []),
    ],
    options,
  );
}

/// Starts `hardhat node` on 127.0.0.1 (with the Node running this file, so the PID is the node itself) and waits
/// until it answers. Compile first: the node does not, and parallel compilations would race on the artifacts.
export async function startHardhatNode(options: StartOptions = {}): Promise<LocalNode> {
  return start(
    "hardhat-node",
    process.execPath,
    (port) => [hardhatCli(), "node", "--hostname", "127.0.0.1", "--port", String(port)],
    options,
  );
}

/// Stops a node by its PID: SIGTERM, then SIGKILL after `graceMs`. Resolves once the process has exited.
export async function stopNode(node: LocalNode, graceMs = 5_000): Promise<void> {
  const { child } = node;
  if (exited(child)) return;
  const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    if (!exited(child)) child.kill("SIGKILL");
  }, graceMs);
  await done;
  clearTimeout(timer);
  running.delete(node.pid);
}

/// The nodes started here that are still running.
export function runningNodes(): LocalNode[] {
  return [...running.values()];
}

/// Kills every node started here that still runs, without waiting (for `exit` and signal handlers).
export function stopAllNodesSync(): void {
  for (const node of running.values()) {
    try {
      process.kill(node.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
}
