import path from "node:path";
import {
  callsFromFile,
  describeCall,
  descriptionHash,
  formatParamValue,
  parameterDefinition,
  parseParamValue,
  proposalId,
  saveProposal,
  stateName,
  timeFormat,
} from "../lib/governance.js";
import type { ProposalCall } from "../lib/governance.js";
import { decodeError, getSuite, mined, printResult, runTask, signerFor, OpenLedgerError } from "../lib/index.js";
import type { Suite } from "../lib/index.js";

interface Args {
  calls: string;
  param: string;
  value: string;
  description: string;
  from: string;
  deploymentId: string;
  json: boolean;
}

interface Plan {
  calls: ProposalCall[];
  description: string;
  change?: { parameter: string; current: string; proposed: string };
}

/// A named parameter change: one call, checked now by simulating it from the Timelock, which will execute it.
async function parameterPlan(suite: Suite, args: Args): Promise<Plan> {
  const name = args.param.trim();
  const definition = parameterDefinition(name);
  if (args.value.trim() === "") throw new OpenLedgerError(`--value is required with --param ${name}`);
  const proposed = parseParamValue(definition.unit, args.value, name);
  const current = await definition.read(suite);
  if (proposed === current) {
    throw new OpenLedgerError(`${name} is already ${formatParamValue(definition.unit, current)}`);
  }
  const call = await definition.call(suite, proposed);
  try {
    await suite.connection.ethers.provider.call({
      from: await suite.timelock.getAddress(),
      to: call.target,
      data: call.calldata,
    });
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `${name} = ${args.value.trim()} would revert when the Timelock executes it: ${decodeError(err)}`,
    );
  }
  const shown = {
    current: formatParamValue(definition.unit, current),
    proposed: formatParamValue(definition.unit, proposed),
  };
  const description = args.description.trim() || `Set ${name} to ${shown.proposed} (now ${shown.current})`;
  return { calls: [call], description, change: { parameter: name, ...shown } };
}

export default runTask(async (args: Args, hre) => {
  const hasCalls = args.calls.trim() !== "";
  const hasParam = args.param.trim() !== "";
  if (hasCalls === hasParam) {
    throw new OpenLedgerError("give either --calls <file.json> or --param <name> --value <v>");
  }
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  let plan: Plan;
  if (hasParam) {
    plan = await parameterPlan(suite, args);
  } else {
    if (args.description.trim() === "") throw new OpenLedgerError("--description is required with --calls");
    plan = { calls: callsFromFile(suite, path.resolve(args.calls.trim())), description: args.description };
  }

  const proposer = await signerFor(suite.connection, args.from);
  const governor = suite.governor.connect(proposer);
  const targets = plan.calls.map((c) => c.target);
  const values = plan.calls.map((c) => c.value);
  const calldatas = plan.calls.map((c) => c.calldata);
  const id = proposalId(targets, values, calldatas, descriptionHash(plan.description));

  const tx = await governor.propose(targets, values, calldatas, plan.description);
  const receipt = await mined(tx);
  const [state, voteStart, voteEnd, now] = await Promise.all([
    governor.state(id),
    governor.proposalSnapshot(id),
    governor.proposalDeadline(id),
    governor.clock(),
  ]);
  const { chainId } = suite.deployment;
  const saved = saveProposal(suite.connection, hre.config.paths.ignition, chainId, await governor.getAddress(), {
    proposalId: id,
    proposer: proposer.address,
    targets,
    values,
    calldatas,
    description: plan.description,
    descriptionHash: descriptionHash(plan.description),
    voteStart,
    voteEnd,
    blockNumber: receipt.blockNumber,
    transactionHash: tx.hash,
  });

  const time = timeFormat(args.json, now);
  printResult(
    {
      proposalId: id,
      state: stateName(state),
      proposer: proposer.address,
      description: plan.description,
      ...(plan.change === undefined ? {} : { change: plan.change }),
      calls: plan.calls.map((c) => describeCall(suite, c)),
      voteStart: time(voteStart),
      voteEnd: time(voteEnd),
      tx: tx.hash,
      gasUsed: receipt.gasUsed,
      ...(saved === undefined ? {} : { savedTo: path.relative(hre.config.paths.root, saved) }),
    },
    args.json,
  );
});
