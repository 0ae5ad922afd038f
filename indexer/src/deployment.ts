/// Where the indexer reads the chain and the suite from: the environment, and an Ignition deployment of the suite.
///
///   PONDER_RPC_URL          the chain's JSON-RPC URL (default http://127.0.0.1:8545)
///   PONDER_CHAIN_ID         its chain id (default 31337)
///   OPENLEDGER_DEPLOYMENT   a deployed_addresses.json file, or a deployment id under deploy/deployments/
///                           (default chain-<PONDER_CHAIN_ID>)
///   PONDER_START_BLOCK      the first block to index (default 0)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { addressesFromIgnition } from "../../package/src/deployments.js";
import type { Addresses } from "../../package/src/deployments.js";

/// The repository root: this file is `<root>/indexer/src/deployment.ts`.
export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface IndexerEnvironment {
  rpcUrl: string;
  chainId: number;
  startBlock: number;
  deploymentFile: string;
  addresses: Addresses;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

/// The deployed_addresses.json that OPENLEDGER_DEPLOYMENT names (a file, or a deployment id).
export function deploymentFile(chainId: number, env = process.env): string {
  const named = env.OPENLEDGER_DEPLOYMENT?.trim() || `chain-${chainId}`;
  if (named.endsWith(".json")) return path.resolve(named);
  return path.join(REPOSITORY_ROOT, "deploy", "deployments", named, "deployed_addresses.json");
}

export function readEnvironment(): IndexerEnvironment {
  const rpcUrl = process.env.PONDER_RPC_URL?.trim() || "http://127.0.0.1:8545";
  const chainId = positiveInteger("PONDER_CHAIN_ID", 31337);
  const startBlock = positiveInteger("PONDER_START_BLOCK", 0);
  const file = deploymentFile(chainId);
  if (!existsSync(file)) {
    throw new Error(`no deployment at ${file}: deploy the suite (npm run deploy) or set OPENLEDGER_DEPLOYMENT`);
  }
  const addresses = addressesFromIgnition(JSON.parse(readFileSync(file, "utf8")), file);
  return { rpcUrl, chainId, startBlock, deploymentFile: file, addresses };
}
