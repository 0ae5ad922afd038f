import { formatDuration, proposalOut, proposalToRun, timeFormat } from "../lib/governance.js";
import type { ProposalArgs } from "../lib/governance.js";
import { mined, printResult, runTask } from "../lib/index.js";

export default runTask(async (args: ProposalArgs, hre) => {
  const run = await proposalToRun(hre, args, ["Succeeded"], "queue");
  const { governor, id, proposal: p } = run;
  const receipt = await mined(governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash));
  const [eta, now] = await Promise.all([governor.proposalEta(id), governor.clock()]);
  printResult(
    {
      ...(await proposalOut(run)),
      eta: timeFormat(args.json, now)(eta),
      ...(args.json ? {} : { delay: formatDuration(eta > now ? eta - now : 0n) }),
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
