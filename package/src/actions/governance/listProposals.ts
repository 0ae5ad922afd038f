/// listProposals: every proposal created in a range of blocks, newest first, with its state by name, proposer,
/// votes and deadline; and the proposal guardian with the end of its mandate.
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { stateName } from "../../governance/proposals.js";
import type { ProposalStateName } from "../../governance/proposals.js";
import type { Tally } from "./castVote.js";
import { proposalsCreated, tallyOf, usesTimestamps } from "./internal.js";

export interface ListProposalsParameters {
  /// First block to search (default 0: every proposal).
  fromBlock?: number;
  /// Last block to search (default: the latest).
  toBlock?: number;
}

export interface ProposalSummary {
  proposalId: bigint;
  state: ProposalStateName | `Unknown(${string})`;
  proposer: string;
  description: string;
  votes: Tally;
  voteStart: bigint;
  voteEnd: bigint;
}

export interface ListProposalsReturnType {
  fromBlock: number;
  toBlock: number;
  now: bigint;
  timestampClock: boolean;
  /// The proposal guardian; `guardianExpired` once its mandate is over (a vote renews it).
  guardian: string;
  guardianExpiry: bigint;
  guardianExpired: boolean;
  /// Newest first.
  proposals: ProposalSummary[];
}

export async function listProposals(
  client: Client,
  params: ListProposalsParameters = {},
): Promise<ListProposalsReturnType> {
  const governor = client.governor;
  const provider = client.runner.provider;
  if (provider === null) throw new OpenLedgerError("the client's runner has no provider to read the chain with");
  const toBlock = params.toBlock ?? (await provider.getBlockNumber());
  const fromBlock = Math.max(0, params.fromBlock ?? 0);
  const records = (await proposalsCreated(governor, fromBlock, toBlock)).reverse();
  const [now, timestampClock, guardian, guardianExpiry] = await Promise.all([
    governor.clock(),
    usesTimestamps(governor),
    governor.proposalGuardian(),
    governor.proposalGuardianExpiry(),
  ]);
  const proposals = await Promise.all(
    records.map(async (r): Promise<ProposalSummary> => {
      const [state, voteEnd, votes] = await Promise.all([
        governor.state(r.proposalId),
        governor.proposalDeadline(r.proposalId),
        tallyOf(governor, r.proposalId),
      ]);
      const { proposalId, proposer, description, voteStart } = r;
      return { proposalId, state: stateName(state), proposer, description, votes, voteStart, voteEnd };
    }),
  );
  return {
    fromBlock,
    toBlock,
    now,
    timestampClock,
    guardian,
    guardianExpiry,
    guardianExpired: guardianExpiry <= now,
    proposals,
  };
}
