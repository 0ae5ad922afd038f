/// What the gov tasks share: the proposal of `--proposal` with its cached calls, and how a vote is printed.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { CastVoteReturnType } from "../../package/src/actions/index.js";
import { supportName } from "../../package/src/governance/index.js";
import type { ProposalRecord } from "../../package/src/governance/index.js";
import { readCachedProposal, proposalCacheFile } from "../../package/src/node/index.js";
import { amountFormat, requireProposalId } from "../lib/governance.js";
import type { Suite } from "../lib/index.js";

/// `--proposal` and its cached record, if a copy was saved by gov:propose.
export function proposalOf(
  hre: HardhatRuntimeEnvironment,
  suite: Suite,
  proposal: bigint,
): { proposalId: bigint; record: ProposalRecord | undefined } {
  const id = requireProposalId(proposal);
  const file = proposalCacheFile(hre.config.paths.ignition, suite.deployment.chainId, id);
  return { proposalId: id, record: readCachedProposal(file, id) };
}

/// A cast vote for output: who, how, its weight, the tally and the state after it.
export function voteOut(r: CastVoteReturnType, json: boolean, extra: Record<string, unknown> = {}) {
  const votes = amountFormat(json, "gOPEN");
  return {
    proposalId: r.event.proposalId,
    voter: r.voter,
    support: supportName(r.support),
    weight: votes(r.weight),
    ...extra,
    votes: { for: votes(r.votes.for), against: votes(r.votes.against), abstain: votes(r.votes.abstain) },
    state: r.state,
    tx: r.receipt.hash,
    gasUsed: r.receipt.gasUsed,
  };
}

/// The first line of a description.
export function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? "";
}
