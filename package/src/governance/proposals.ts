/// Proposals of the Governor, without the chain: state names, vote types, the proposal id and description hash that
/// Governor.propose computes, and what a ProposalCreated event says. Pure: the same in Node and in a browser.
import { AbiCoder, id as keccakUtf8, keccak256 } from "ethers";
import { OpenLedgerError } from "../errors/index.js";
import { formatTime } from "../format/index.js";

/// IGovernor.ProposalState, in enum order (OpenZeppelin 5).
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/// The name of a ProposalState value: `Active`, or `Unknown(9)`.
export function stateName(state: bigint | number): ProposalStateName | `Unknown(${string})` {
  return PROPOSAL_STATES[Number(state)] ?? `Unknown(${state.toString()})`;
}

/// GovernorCountingSimple.VoteType.
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type SupportName = keyof typeof SUPPORT;

/// "for" | "against" | "abstain" (or 1 | 0 | 2) → the uint8 the Governor takes.
export function parseSupport(text: string): number {
  const key = text.trim().toLowerCase();
  if (key in SUPPORT) return SUPPORT[key as SupportName];
  if (/^[012]$/.test(key)) return Number(key);
  throw new OpenLedgerError(`--support "${text}" must be for, against or abstain`);
}

/// The name of a VoteType value: `for`, or `unknown(7)`.
export function supportName(support: bigint | number): string {
  const found = (Object.keys(SUPPORT) as SupportName[]).find((k) => SUPPORT[k] === Number(support));
  return found ?? `unknown(${support.toString()})`;
}

/// keccak256 of the description's UTF-8 bytes, as Governor.propose computes it.
export function descriptionHash(description: string): string {
  return keccakUtf8(description);
}

/// Governor.hashProposal: keccak256(abi.encode(targets, values, calldatas, descriptionHash)).
export function proposalId(
  targets: readonly string[],
  values: readonly bigint[],
  calldatas: readonly string[],
  descHash: string,
): bigint {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["address[]", "uint256[]", "bytes[]", "bytes32"],
    [targets, values, calldatas, descHash],
  );
  return BigInt(keccak256(encoded));
}

/// A timepoint of the Governor's clock: a date in timestamp mode (gOPEN uses timestamps), else a block number.
export function formatTimepoint(timepoint: bigint, now: bigint, timestampClock: boolean): string {
  return timestampClock ? formatTime(timepoint, now) : `block ${timepoint.toString()}`;
}

/// A proposal as Governor.propose received it, plus where it was created.
export interface ProposalRecord {
  proposalId: bigint;
  proposer: string;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: number;
  transactionHash: string;
}

/// Whether `record` is what Governor.propose received for proposal `id`: it hashes to `id`.
export function recordMatches(record: ProposalRecord, id: bigint): boolean {
  return proposalId(record.targets, record.values, record.calldatas, descriptionHash(record.description)) === id;
}

/// A ProposalRecord as JSON (bigints as decimal strings), and back: how a proposal is cached or sent over the wire.
export interface ProposalRecordJson extends Omit<ProposalRecord, "proposalId" | "values" | "voteStart" | "voteEnd"> {
  proposalId: string;
  values: string[];
  voteStart: string;
  voteEnd: string;
}

export function recordToJson(record: ProposalRecord): ProposalRecordJson {
  return {
    ...record,
    proposalId: record.proposalId.toString(),
    values: record.values.map((v) => v.toString()),
    voteStart: record.voteStart.toString(),
    voteEnd: record.voteEnd.toString(),
  };
}

export function recordFromJson(json: ProposalRecordJson): ProposalRecord {
  return {
    ...json,
    proposalId: BigInt(json.proposalId),
    values: json.values.map((v) => BigInt(v)),
    voteStart: BigInt(json.voteStart),
    voteEnd: BigInt(json.voteEnd),
  };
}
