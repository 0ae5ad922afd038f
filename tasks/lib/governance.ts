/// The gov tasks' edge: the proposal cache files, call files, and how amounts and times are shown. Everything else
/// about governance (states, ids, calls, parameters, ballots) is the SDK's: package/src/governance.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { NetworkConnection } from "hardhat/types/network";
import { callsFromJson, recordFromJson, recordMatches, recordToJson } from "../../package/src/governance/index.js";
import type { ProposalCall, ProposalRecord, ProposalRecordJson } from "../../package/src/governance/index.js";
import { isInProcess } from "./deployment.js";
import type { Suite } from "./deployment.js";
import { OpenLedgerError } from "./errors.js";
import { formatDuration, formatOpen, formatTime, formatVotes } from "./output.js";

export { formatDuration, formatTime, formatVotes };
export * from "../../package/src/governance/index.js";
export { PERMIT_TYPES, eip712DomainOf } from "./tx.js";

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

/// Reads a JSON file; a one-line error if it is missing or not JSON.
export function readJsonFile(file: string, shown = file): unknown {
  if (!existsSync(file)) throw new OpenLedgerError(`no such file: ${shown}`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${shown}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/// Reads and builds a call file (see the SDK's `callsFromJson`).
export function callsFromFile(suite: Suite, file: string): ProposalCall[] {
  const { addresses, futures } = suite.deployment;
  return callsFromJson({ addresses, futures }, readJsonFile(file), path.basename(file));
}

/// The local copy of a proposal's calls: deploy/proposals/<chainId>/<proposalId>.json. Only a cache: the chain's
/// ProposalCreated event is the source, and a cached copy is used only if it hashes to the proposal id.
export function proposalCacheFile(ignitionDir: string, chainId: bigint, id: bigint): string {
  return path.join(ignitionDir, "proposals", chainId.toString(), `${id.toString()}.json`);
}

/// Saves a proposal's calls so that queue and execute need no log query. Nothing is written for the in-process
/// network, whose chain ends with the process.
export function saveProposal(
  connection: NetworkConnection,
  ignitionDir: string,
  chainId: bigint,
  governor: string,
  record: ProposalRecord,
): string | undefined {
  if (isInProcess(connection)) return undefined;
  const file = proposalCacheFile(ignitionDir, chainId, record.proposalId);
  mkdirSync(path.dirname(file), { recursive: true });
  const cached = { ...recordToJson(record), governor, chainId: chainId.toString() };
  writeFileSync(file, `${JSON.stringify(cached, null, 2)}\n`);
  return file;
}

/// The cached record of proposal `id`, if its file exists and hashes to `id`; a damaged cache is ignored.
export function loadCachedProposal(file: string, id: bigint): ProposalRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const record = recordFromJson(JSON.parse(readFileSync(file, "utf8")) as ProposalRecordJson);
    return recordMatches(record, id) ? record : undefined;
  } catch {
    return undefined;
  }
}
