import {
  describeCall,
  findProposal,
  formatDuration,
  proposalCacheFile,
  requireProposalId,
  requireState,
  stateName,
  timeFormat,
} from "../lib/governance.js";
import { getSuite, printResult, runTask, signerFor } from "../lib/index.js";

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

  await requireState(governor, id, ["Succeeded"], "queue");
  const cache = proposalCacheFile(hre.config.paths.ignition, suite.deployment.chainId, id);
  const p = await findProposal(governor, id, cache);
  const tx = await governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
  const receipt = await tx.wait();

  const [state, eta, now] = await Promise.all([governor.state(id), governor.proposalEta(id), governor.clock()]);
  printResult(
    {
      proposalId: id,
      state: stateName(state),
      description: p.description,
      calls: p.targets.map((target, i) =>
        describeCall(suite, { target, value: p.values[i], calldata: p.calldatas[i] }),
      ),
      eta: timeFormat(args.json, now)(eta),
      ...(args.json ? {} : { delay: formatDuration(eta > now ? eta - now : 0n) }),
      tx: tx.hash,
      gasUsed: receipt?.gasUsed,
    },
    args.json,
  );
});
