import {
  amountFormat,
  castWeight,
  checkCanVote,
  parseSupport,
  requireProposalId,
  stateName,
  supportName,
} from "../lib/governance.js";
import { getSuite, printResult, runTask, signerFor, ToolError } from "../lib/index.js";

interface Args {
  proposal: bigint;
  support: string;
  reason: string;
  from: string;
  deploymentId: string;
  json: boolean;
}

export default runTask(async (args: Args, hre) => {
  const id = requireProposalId(args.proposal);
  if (args.support.trim() === "") throw new ToolError("--support for|against|abstain is required");
  const support = parseSupport(args.support);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const voter = await signerFor(suite.connection, args.from);
  const governor = suite.governor.connect(voter);

  await checkCanVote(governor, id, voter.address);
  const tx =
    args.reason === ""
      ? await governor.castVote(id, support)
      : await governor.castVoteWithReason(id, support, args.reason);
  const receipt = await tx.wait();
  const weight = castWeight(governor, receipt);

  const [tally, state] = await Promise.all([governor.proposalVotes(id), governor.state(id)]);
  const votes = amountFormat(args.json, "gOPEN");
  printResult(
    {
      proposalId: id,
      voter: voter.address,
      support: supportName(support),
      weight: votes(weight),
      ...(args.reason === "" ? {} : { reason: args.reason }),
      votes: { for: votes(tally.forVotes), against: votes(tally.againstVotes), abstain: votes(tally.abstainVotes) },
      state: stateName(state),
      tx: tx.hash,
      gasUsed: receipt?.gasUsed,
    },
    args.json,
  );
});
