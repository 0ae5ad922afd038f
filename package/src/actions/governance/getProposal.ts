/// getProposal: one proposal as gov:status shows it: its state by name, its votes and quorum, and its dates (unix
/// times; `formatTime` shows them).
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { stateName } from "../../governance/proposals.js";
import type { ProposalRecord, ProposalStateName } from "../../governance/proposals.js";
import type { Tally } from "./castVote.js";
import { findProposal, tallyOf, usesTimestamps } from "./internal.js";

export interface GetProposalParameters {
  proposalId: bigint;
  /// What Governor.propose received, if kept; else it is looked for in the chain's logs.
  record?: ProposalRecord;
}

export interface ProposalStatus {
  proposalId: bigint;
  state: ProposalStateName | `Unknown(${string})`;
  proposer: string;
  /// What Governor.propose received; undefined if no ProposalCreated event was found.
  record: ProposalRecord | undefined;
  votes: Tally;
  /// The quorum, fixed at the snapshot: undefined until voting opens.
  quorum: bigint | undefined;
  quorumReached: boolean | undefined;
  /// Timepoints of the Governor's clock: timestamps when `timestampClock`.
  voteStart: bigint;
  voteEnd: bigint;
  /// When a queued proposal can be executed; 0 if it is not queued.
  eta: bigint;
  now: bigint;
  timestampClock: boolean;
}

/// Reads a proposal. An unknown id reverts with the Governor's GovernorNonexistentProposal.
export async function getProposal(client: Client, params: GetProposalParameters): Promise<ProposalStatus> {
  const governor = client.governor;
  const id = params.proposalId;
  const state = await governor.state(id);
  const [voteStart, voteEnd, eta, proposer, votes, now, timestampClock] = await Promise.all([
    governor.proposalSnapshot(id),
    governor.proposalDeadline(id),
    governor.proposalEta(id),
    governor.proposalProposer(id),
    tallyOf(governor, id),
    governor.clock(),
    usesTimestamps(governor),
  ]);
  const quorum = voteStart < now ? await governor.quorum(voteStart) : undefined;
  let record: ProposalRecord | undefined;
  try {
    record = await findProposal(governor, id, params.record);
  } catch (err: unknown) {
    if (!(err instanceof OpenLedgerError)) throw err;
  }
  return {
    proposalId: id,
    state: stateName(state),
    proposer,
    record,
    votes,
    quorum,
    quorumReached: quorum === undefined ? undefined : votes.for + votes.abstain >= quorum,
    voteStart,
    voteEnd,
    eta,
    now,
    timestampClock,
  };
}
