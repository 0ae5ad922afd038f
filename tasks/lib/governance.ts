/// How the gov tasks show amounts and times, `--proposal`, and the proposal cache of a live network. Everything else
/// about governance is the SDK's: package/src/governance (states, ids, calls, ballots) and package/src/node/proposals.ts
/// (call files, the cache files).
import type { NetworkConnection } from "hardhat/types/network";
import type { ProposalRecord } from "../../package/src/governance/index.js";
import { writeProposalCache } from "../../package/src/node/index.js";
import { isInProcess } from "./deployment.js";
import { OpenLedgerError } from "./errors.js";
import { formatOpen, formatTime, formatVotes } from "./output.js";

/// How a task shows amounts: exact wei (a decimal string in JSON) for `--json`, else `1,000 OPEN` / `1,000 gOPEN`.
export function amountFormat(json: boolean, token: "OPEN" | "gOPEN"): (wei: bigint) => bigint | string {
  if (json) return (wei) => wei;
  return token === "OPEN" ? formatOpen : formatVotes;
}

/// How a task shows unix times: the number for `--json`, else a date relative to the chain's `now`.
export function timeFormat(json: boolean, now: bigint): (timestamp: bigint) => bigint | string {
  return json ? (timestamp) => timestamp : (timestamp) => formatTime(timestamp, now);
}

/// The proposal id the tasks were given: `--proposal` is required and cannot be 0.
export function requireProposalId(proposal: bigint): bigint {
  if (proposal === 0n) throw new OpenLedgerError("--proposal <id> is required (gov:status lists the proposals)");
  return proposal;
}

/// Saves a proposal's calls in the cache (the SDK's `writeProposalCache`) so that queue and execute need no log
/// query. Nothing is written for the in-process network, whose chain ends with the process.
export function saveProposal(
  connection: NetworkConnection,
  ignitionDir: string,
  chainId: bigint,
  governor: string,
  record: ProposalRecord,
): string | undefined {
  return isInProcess(connection) ? undefined : writeProposalCache(ignitionDir, chainId, governor, record);
}
