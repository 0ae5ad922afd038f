/// The whole stack on this machine, for trying the app by hand.
///
///   npm run stack            (= node --import tsx scripts/stack.ts)
///
/// Starts anvil, deploys the suite, runs the demo economy, starts the indexer (PGlite in a temp dir), builds the app
/// and serves it with its /config.json, then prints the URLs and waits. Ctrl-C stops everything. Point a wallet
/// (MetaMask or any EIP-1193 wallet) at the node's URL, chain id 31337, and import one of anvil's accounts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPublicClient, http } from "viem";
import { buildApp, serveApp } from "./lib/app.js";
import { elapsed, killChildren, log, onExit, startDemoChain, startIndexer, waitForIndexer } from "./lib/indexer.js";
import { PROJECT_ROOT, stopAllNodesSync } from "./lib/nodes.js";

const DEPLOYMENT_ID = "indexer-stack";
const DEPLOYMENT_DIR = path.join(PROJECT_ROOT, "deploy", "deployments", DEPLOYMENT_ID);

const started = Date.now();
let tempDir: string | undefined;

function cleanUp(): void {
  killChildren();
  stopAllNodesSync();
  rmSync(DEPLOYMENT_DIR, { recursive: true, force: true });
  if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
}
onExit(cleanUp);

async function main(): Promise<void> {
  rmSync(DEPLOYMENT_DIR, { recursive: true, force: true });
  const { node, addresses } = await startDemoChain(DEPLOYMENT_ID);
  const client = createPublicClient({ transport: http(node.url) });
  tempDir = mkdtempSync(path.join(tmpdir(), "openledger-stack-"));
  const t = Date.now();
  const indexer = await startIndexer(node, DEPLOYMENT_ID, tempDir);
  await Promise.all([buildApp(), waitForIndexer(indexer, await client.getBlockNumber())]);
  log(`✔ indexer ready and app built (${elapsed(t)})`);
  const server = await serveApp({ rpcUrl: node.url, indexerUrl: indexer.url, chainId: 31337, addresses });
  log("");
  log(`  app      ${server.url}`);
  log(`  node     ${node.url} (chain id 31337; anvil's accounts, from the Hardhat mnemonic)`);
  log(`  indexer  ${indexer.url}/graphql (log ${indexer.logFile})`);
  log("");
  log(`✔ stack up in ${elapsed(started)}; Ctrl-C stops it`);
  indexer.child.once("exit", (code) => {
    log(`✘ the indexer exited (${code}); see ${indexer.logFile}`);
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`);
  process.exit(1);
});
