import { formatTime, proposalOut, proposalToRun } from "../lib/governance.js";
import type { ProposalArgs } from "../lib/governance.js";
import { OpenLedgerError, mined, printResult, runTask } from "../lib/index.js";

export default runTask(async (args: ProposalArgs, hre) => {
  const run = await proposalToRun(hre, args, ["Queued"], "execute", async (governor, id) => {
    const [eta, now] = await Promise.all([governor.proposalEta(id), governor.clock()]);
    if (eta > now) {
      throw new OpenLedgerError(
        `cannot execute proposal ${id.toString()} yet: its Timelock delay ends ${formatTime(eta, now)}`,
      );
    }
  });
  const { governor, proposal: p } = run;
  const receipt = await mined(governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash));
  printResult({ ...(await proposalOut(run)), tx: receipt.hash, gasUsed: receipt.gasUsed }, args.json);
});
