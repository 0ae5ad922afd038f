/// What the attribution and rewards tasks share: signers by index, argument checks, the chain's clock, and the
/// checks that a file belongs to the connected deployment.
import { getAddress, isAddress } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ToolError, formatOpen } from "../lib/index.js";
import type { Suite } from "../lib/index.js";
import type { Allocation } from "../lib/attribution.js";

/// The options every attribution task takes.
export interface CommonArgs {
  deploymentId: string;
  json: boolean;
}

/// Signer `index` of the connection (`--from`), with a clear line when there is no such signer.
export async function signerAt(suite: Suite, index: number): Promise<HardhatEthersSigner> {
  const signers = await suite.connection.ethers.getSigners();
  if (!Number.isSafeInteger(index) || index < 0 || index >= signers.length) {
    throw new ToolError(
      `--from ${index}: the network "${suite.connection.networkName}" has ${signers.length} signer(s) (indices 0..${signers.length - 1})`,
    );
  }
  return signers[index];
}

/// A datanet id option: positive.
export function requireId(value: bigint, option: string): bigint {
  if (value <= 0n) throw new ToolError(`--${option} is required (a positive id)`);
  return value;
}

/// An address option.
export function requireAddress(value: string, option: string): string {
  if (value.trim() === "") throw new ToolError(`--${option} is required (an address)`);
  if (!isAddress(value.trim())) throw new ToolError(`--${option} ${value} is not an address`);
  return getAddress(value.trim());
}

/// A file option.
export function requireFile(value: string, option: string): string {
  if (value.trim() === "") throw new ToolError(`--${option} is required (a file)`);
  return value.trim();
}

/// The timestamp of the latest block: what "now" means on-chain.
export async function chainNow(suite: Suite): Promise<number> {
  const block = await suite.connection.ethers.provider.getBlock("latest");
  if (block === null) throw new ToolError("the node returned no latest block");
  return block.timestamp;
}

/// Throws unless `allocation` was made for the connected chain and deployment.
export async function requireSameDeployment(suite: Suite, allocation: Allocation, where: string): Promise<void> {
  const settlement = await suite.settlement.getAddress();
  if (BigInt(allocation.chainId) !== suite.deployment.chainId) {
    throw new ToolError(
      `${where} is for chain ${allocation.chainId}, but the network "${suite.connection.networkName}" is chain ${suite.deployment.chainId}`,
    );
  }
  if (getAddress(allocation.settlement) !== getAddress(settlement)) {
    throw new ToolError(`${where} is for settlement ${allocation.settlement}, but the deployment's is ${settlement}`);
  }
}

/// An amount for output: OPEN with thousands for people, the exact wei in JSON.
export function amountOut(wei: bigint, json: boolean): bigint | string {
  return json ? wei : formatOpen(wei);
}

/// A timestamp for output: the unix time in JSON, ISO time and how far from now for people.
export function timeOut(timestamp: number, now: number, json: boolean): number | string {
  if (json) return timestamp;
  const iso = new Date(timestamp * 1000).toISOString();
  const delta = timestamp - now;
  return delta > 0 ? `${iso} (in ${delta} s)` : `${iso} (${-delta} s ago)`;
}
