import { supportName, voteCastOut, voteToCast } from "../lib/governance.js";
import type { VoteArgs } from "../lib/governance.js";
import { mined, printResult, runTask } from "../lib/index.js";

interface Args extends VoteArgs {
  reason: string;
}

export default runTask(async (args: Args, hre) => {
  const { suite, voter, id, support } = await voteToCast(hre, args);
  const governor = suite.governor.connect(voter);
  const receipt = await mined(
    args.reason === "" ? governor.castVote(id, support) : governor.castVoteWithReason(id, support, args.reason),
  );
  const cast = await voteCastOut(governor, id, receipt, args.json);
  printResult(
    {
      proposalId: id,
      voter: voter.address,
      support: supportName(support),
      weight: cast.weight,
      ...(args.reason === "" ? {} : { reason: args.reason }),
      votes: cast.votes,
      state: cast.state,
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
