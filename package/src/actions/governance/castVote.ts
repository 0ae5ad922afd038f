/// castVote: votes for, against or abstain on an active proposal, with an optional reason.
import type { VoteCastEvent } from "../../../../typechain-types/governance/OpenGovernor.js";
import type { Client } from "../../client.js";
import { parseSupport, stateName } from "../../governance/proposals.js";
import type { ProposalStateName } from "../../governance/proposals.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { checkCanVote, tallyOf } from "./internal.js";

export interface CastVoteParameters extends ActionOptions {
  proposalId: bigint;
  /// 0 against, 1 for, 2 abstain, or their names.
  support: number | string;
  /// Stored with the vote (castVoteWithReason) when not empty.
  reason?: string;
}

/// The tally of a proposal by vote type, in gOPEN wei.
export interface Tally {
  for: bigint;
  against: bigint;
  abstain: bigint;
}

export interface CastVoteReturnType extends WriteResult<VoteCastEvent.OutputObject> {
  voter: string;
  support: number;
  /// The weight of the vote (from its VoteCast event).
  weight: bigint;
  /// The proposal's tally and state after the vote.
  votes: Tally;
  state: ProposalStateName | `Unknown(${string})`;
}

/// Votes. Before anything is sent it checks that the proposal is Active, that the voter has not voted and had votes
/// at the snapshot (a vote of weight 0 would be wasted for good), and runs the static call.
export async function castVote(client: Client, params: CastVoteParameters): Promise<CastVoteReturnType> {
  const { address: voter } = await signerOf(client, "castVote");
  const id = params.proposalId;
  const support = typeof params.support === "number" ? params.support : parseSupport(params.support);
  const reason = params.reason ?? "";
  const governor = client.governor;
  await checkCanVote(governor, id, voter);
  const send = () =>
    reason === "" ? governor.castVote(id, support) : governor.castVoteWithReason(id, support, reason);
  await preflight(client, () =>
    reason === ""
      ? governor.castVote.staticCall(id, support)
      : governor.castVoteWithReason.staticCall(id, support, reason),
  );
  const receipt = await sendAndWait(send(), `voting on proposal ${id.toString()}`, params);
  const event = eventIn<VoteCastEvent.OutputObject>(receipt, governor, "VoteCast");
  const [votes, state] = await Promise.all([tallyOf(governor, id), governor.state(id)]);
  return { receipt, event, voter, support, weight: event.weight, votes, state: stateName(state) };
}
