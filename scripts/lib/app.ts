/// The web app (app/) for scripts: its Vite build, a static server for dist/ with a /config.json, and a test wallet
/// to inject into a page (an EIP-1193 `window.ethereum` forwarding to a node's JSON-RPC for one of its unlocked
/// accounts).
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { children } from "./indexer.js";
import { PROJECT_ROOT } from "./nodes.js";
import { servePage } from "./browser.js";
import type { PageServer, Served } from "./browser.js";

export const APP_DIR = path.join(PROJECT_ROOT, "app");
export const APP_DIST = path.join(APP_DIR, "dist");

/// What the app reads from /config.json.
export interface AppConfig {
  rpcUrl: string;
  indexerUrl: string;
  chainId: number;
  addresses: Record<string, string>;
}

/// `vite build` in app/, with the app workspace's own Vite (8.3.8); rejects with its output on failure.
export function buildApp(): Promise<void> {
  const vite = path.join(path.dirname(createRequire(path.join(APP_DIR, "package.json")).resolve("vite/package.json")));
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(vite, "bin", "vite.js"), "build", "--logLevel", "warn"], {
      cwd: APP_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`vite build exited with ${code}:\n${output}`));
    });
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/// Serves app/dist (built) and `config` as /config.json on a free port of 127.0.0.1.
export async function serveApp(config: AppConfig): Promise<PageServer> {
  const files: Record<string, Served> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const type = TYPES[path.extname(entry.name)] ?? "application/octet-stream";
        files[`/${path.relative(APP_DIST, full).split(path.sep).join("/")}`] = { type, body: readFileSync(full) };
      }
    }
  };
  walk(APP_DIST);
  files["/config.json"] = { type: "application/json", body: JSON.stringify(config, null, 2) };
  return servePage(files);
}

/// A script for `page.addInitScript`: `window.ethereum` as an EIP-1193 provider for `account`, answering the account
/// and chain requests itself and forwarding everything else (eth_sendTransaction included: the node's accounts are
/// unlocked) to `rpcUrl`.
export function testWalletScript(rpcUrl: string, account: string, chainId: number): string {
  return `(() => {
  const account = ${JSON.stringify(account)};
  const rpcUrl = ${JSON.stringify(rpcUrl)};
  let id = 0;
  window.ethereum = {
    isTestWallet: true,
    async request({ method, params }) {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return [account];
      if (method === "eth_chainId") return "0x" + (${chainId}).toString(16);
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
      });
      const body = await response.json();
      if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
      return body.result;
    },
    on() {},
    removeListener() {},
  };
})();`;
}
