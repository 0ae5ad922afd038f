/// What the attribution and rewards tasks share: the chain's clock, the checks that a file belongs to the connected
/// deployment, and how amounts and times are shown.
import { getAddress } from "ethers";
import { OpenLedgerError, formatOpen, latestTimestamp } from "../lib/index.js";
import type { Suite } from "../lib/index.js";
import type { Allocation } from "../../package/src/index.js";

/// The timestamp of the latest block: what "now" means on-chain.
export async function chainNow(suite: Suite): Promise<number> {
  return Number(await latestTimestamp(suite.connection));
}

/// Throws unless `allocation` was made for the connected chain and deployment.
export async function requireSameDeployment(
  suite: Suite,
  allocation: Pick<Allocation, "chainId" | "settlement">,
  where: string,
): Promise<void> {
  const settlement = await suite.settlement.getAddress();
  if (BigInt(allocation.chainId) !== suite.deployment.chainId) {
    throw new OpenLedgerError(
      `${where} is for chain ${allocation.chainId}, but the network "${suite.connection.networkName}" is chain ${suite.deployment.chainId}`,
    );
  }
  if (getAddress(allocation.settlement) !== getAddress(settlement)) {
    throw new OpenLedgerError(
      `${where} is for settlement ${allocation.settlement}, but the deployment's is ${settlement}`,
    );
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
