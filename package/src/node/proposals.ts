/// Governance files on disk: call files (the calls of a proposal, see `callsFromJson`) and the local cache of a
/// proposal's calls, `<ignitionDir>/proposals/<chainId>/<proposalId>.json`. The cache is only a cache: the chain's
/// ProposalCreated event is the source, and a cached copy is used only if it hashes to the proposal id.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { OpenLedgerError } from "../errors/index.js";
import { callsFromJson, recordFromJson, recordMatches, recordToJson } from "../governance/index.js";
import type { CallContext, ProposalCall, ProposalRecord, ProposalRecordJson } from "../governance/index.js";

/// Reads a JSON file; a one-line error if it is missing or not JSON (`shown` names it in the message).
export function readJsonFile(file: string, shown = file): unknown {
  if (!existsSync(file)) throw new OpenLedgerError(`no such file: ${shown}`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${shown}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/// Reads and builds a call file against a deployment's addresses and futures (see `callsFromJson`).
export function readCallFile(deployment: CallContext, file: string): ProposalCall[] {
  return callsFromJson(deployment, readJsonFile(file), path.basename(file));
}

/// Where proposal `id` of chain `chainId` is cached.
export function proposalCacheFile(ignitionDir: string, chainId: bigint, id: bigint): string {
  return path.join(ignitionDir, "proposals", chainId.toString(), `${id.toString()}.json`);
}

/// Saves a proposal's calls so that queue and execute need no log query; returns the file written.
export function writeProposalCache(
  ignitionDir: string,
  chainId: bigint,
  governor: string,
  record: ProposalRecord,
): string {
  const file = proposalCacheFile(ignitionDir, chainId, record.proposalId);
  mkdirSync(path.dirname(file), { recursive: true });
  const cached = { ...recordToJson(record), governor, chainId: chainId.toString() };
  writeFileSync(file, `${JSON.stringify(cached, null, 2)}\n`);
  return file;
}

/// The cached record of proposal `id`, if its file exists and hashes to `id`; a damaged cache is ignored.
export function readCachedProposal(file: string, id: bigint): ProposalRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const record = recordFromJson(JSON.parse(readFileSync(file, "utf8")) as ProposalRecordJson);
    return recordMatches(record, id) ? record : undefined;
  } catch {
    return undefined;
  }
}
