/// agent:list — every agent registered (the SDK's `listAgents`, from the Registered events), as it is now: one line
/// each for people, one JSON document with `--json`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { listAgents } from "../../package/src/actions/index.js";
import { clientFor, formatOpen, fromBlock, getSuite, printResult, runTask, shortAddr } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

interface Args extends CommonArgs {
  fromBlock: number;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const agents = await listAgents(clientFor(suite, suite.connection.ethers.provider), {
    fromBlock: fromBlock(args.fromBlock),
  });
  if (args.json) {
    const rows = agents.map(({ agentId, ...a }) => ({ agent: agentId, ...a }));
    printResult({ count: rows.length, agents: rows }, true);
    return;
  }
  const lines = agents.map((a) => {
    const models = a.models.length === 0 ? "no models" : `models ${a.models.join(", ")}`;
    const wallet = a.wallet === null ? "no wallet" : `wallet ${shortAddr(a.wallet)}`;
    const jobs = a.canTakeJobs ? "takes jobs" : "cannot take jobs";
    return [
      `agent ${a.agentId.toString(10)}`,
      `${a.name ?? "-"}, owner ${shortAddr(a.owner)}, ${wallet}, ${models}, ${formatOpen(a.staked)} staked, ${jobs}`,
    ];
  });
  printResult({ agents: agents.length, ...Object.fromEntries(lines) }, false);
});
