/// Where the suite is deployed, on disk: Ignition's `<ignitionDir>/deployments/<deploymentId>/deployed_addresses.json`
/// (keys like `OpenLedger#OpenToken`), read and checked to hold an address for every contract of the suite.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isAddress } from "ethers";
import { CONTRACT_KEYS, futureId } from "../contracts.js";
import type { Addresses } from "../deployments.js";
import { OpenLedgerError } from "../errors/index.js";

/// A deployment record read from its folder.
export interface DeploymentRecord {
  deploymentId: string;
  /// Absolute path of deployed_addresses.json.
  file: string;
  /// Every entry of the file, future id → address.
  futures: Record<string, string>;
  /// The suite's contracts, each found in the file.
  addresses: Addresses;
}

/// What the messages of `readDeployment` name: the chain and network it was looked up for, the folder that paths are
/// shown relative to, and what to do about a missing or incomplete record.
export interface ReadDeploymentContext {
  chainId: bigint;
  networkName: string;
  /// Paths in messages are shown relative to this folder (default: absolute).
  root?: string;
  /// Appended to the message of a missing or incomplete record (`deploy with …`).
  hint?: string;
}

/// The deployment id: `--deployment-id`, else $OPENLEDGER_DEPLOYMENT_ID, else `chain-<chainId>`.
export function resolveDeploymentId(chainId: bigint, options: { deploymentId?: string } = {}): string {
  return options.deploymentId?.trim() || process.env.OPENLEDGER_DEPLOYMENT_ID?.trim() || `chain-${chainId}`;
}

/// The entries of Ignition's deployed_addresses.json (future id → address); a one-line OpenLedgerError when malformed.
export function readFutures(file: string, where = file): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new OpenLedgerError(`${where} is not an object of future id → address`);
  }
  for (const [id, address] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof address !== "string" || !isAddress(address)) {
      throw new OpenLedgerError(`${where}: "${id}" is not an address (${String(address)})`);
    }
  }
  return parsed as Record<string, string>;
}

/// The deployment `deploymentId` under `ignitionDir`: its file, its entries and the suite's addresses. A one-line
/// OpenLedgerError when the file is missing (naming the expected file), malformed, or lacks a contract of the suite.
export function readDeployment(
  ignitionDir: string,
  deploymentId: string,
  context: ReadDeploymentContext,
): DeploymentRecord {
  const { chainId, networkName, root, hint } = context;
  const then = hint === undefined ? "" : `; ${hint}`;
  const file = path.resolve(ignitionDir, "deployments", deploymentId, "deployed_addresses.json");
  const shown = root === undefined ? file : path.relative(root, file) || file;
  if (!existsSync(file)) {
    throw new OpenLedgerError(
      `no deployment for chain id ${chainId} (network "${networkName}", deployment id "${deploymentId}"): ` +
        `expected ${shown}${then}`,
    );
  }
  const futures = readFutures(file, shown);
  const missing = CONTRACT_KEYS.filter((key) => futures[futureId(key)] === undefined);
  if (missing.length > 0) {
    const where = `deployment "${deploymentId}" (${shown})`;
    throw new OpenLedgerError(`${where} has no ${missing.map(futureId).join(", ")}${then}`);
  }
  const addresses = Object.fromEntries(CONTRACT_KEYS.map((key) => [key, futures[futureId(key)]])) as Addresses;
  return { deploymentId, file, futures, addresses };
}

/// Checks that every address of `record` holds code on the chain of `provider`; a one-line OpenLedgerError naming the
/// first that does not (the chain was reset, or the record belongs to another node).
export async function requireCode(
  provider: { getCode(address: string): Promise<string> },
  record: DeploymentRecord,
  context: ReadDeploymentContext,
): Promise<void> {
  const { addresses, deploymentId, file } = record;
  const shown = context.root === undefined ? file : path.relative(context.root, file) || file;
  const codes = await Promise.all(CONTRACT_KEYS.map((key) => provider.getCode(addresses[key])));
  const empty = CONTRACT_KEYS.find((_, i) => codes[i] === "0x");
  if (empty === undefined) return;
  throw new OpenLedgerError(
    `no contract code at ${addresses[empty]} (${futureId(empty)} in deployment "${deploymentId}" (${shown})) ` +
      `on chain ${context.chainId}: the chain was reset or the file belongs to another node` +
      (context.hint === undefined ? "" : `; ${context.hint}`),
  );
}
