import {
  describeCall,
  findProposal,
  formatTime,
  proposalCacheFile,
  requireProposalId,
  requireState,
  stateName,
} from "../lib/governance.js";
import { getSuite, printResult, runTask, signerFor, ToolError } from "../lib/index.js";

interface Args {
  proposal: bigint;
  from: string;
  deploymentId: string;
  json: boolean;
}

export default runTask(async (args: Args, hre) => {
  const id = requireProposalId(args.proposal);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const sender = await signerFor(suite.connection, args.from);
  const governor = suite.governor.connect(sender);

  await requireState(governor, id, ["Queued"], "execute");
  const [eta, now] = await Promise.all([governor.proposalEta(id), governor.clock()]);
  if (eta > now) {
    throw new ToolError(
      `cannot execute proposal ${id.toString()} yet: its Timelock delay ends ${formatTime(eta, now)}`,
    );
  }
  const cache = proposalCacheFile(hre.config.paths.ignition, suite.deployment.chainId, id);
  const p = await findProposal(governor, id, cache);
  const tx = await governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
  const receipt = await tx.wait();

  printResult(
    {
      proposalId: id,
      state: stateName(await governor.state(id)),
      description: p.description,
      calls: p.targets.map((target, i) =>
        describeCall(suite, { target, value: p.values[i], calldata: p.calldatas[i] }),
      ),
      tx: tx.hash,
      gasUsed: receipt?.gasUsed,
    },
    args.json,
  );
});
