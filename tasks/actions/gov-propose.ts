import path from "node:path";
import { propose } from "../../package/src/actions/index.js";
import type { ProposeParameters } from "../../package/src/actions/index.js";
import { readCallFile } from "../../package/src/node/index.js";
import { describeCall } from "../../package/src/governance/index.js";
import { saveProposal, timeFormat } from "../lib/governance.js";
import { clientAndSigner, printResult, runTask, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  calls: string;
  param: string;
  value: string;
  description: string;
}

export default runTask(async (args: Args, hre) => {
  const hasCalls = args.calls.trim() !== "";
  const hasParam = args.param.trim() !== "";
  if (hasCalls === hasParam) throw new OpenLedgerError("give either --calls <file.json> or --param <name> --value <v>");
  if (hasParam && args.value.trim() === "")
    throw new OpenLedgerError(`--value is required with --param ${args.param.trim()}`);
  if (hasCalls && args.description.trim() === "") throw new OpenLedgerError("--description is required with --calls");
  const { suite, client } = await clientAndSigner(hre, args);
  const plan: ProposeParameters = hasParam
    ? { parameter: args.param, value: args.value, description: args.description }
    : { calls: readCallFile(suite.deployment, path.resolve(args.calls.trim())), description: args.description };

  const r = await propose(client, plan);
  const { chainId } = suite.deployment;
  const saved = saveProposal(suite.connection, hre.config.paths.ignition, chainId, client.addresses.governor, r.record);
  const time = timeFormat(args.json, await client.governor.clock());
  printResult(
    {
      proposalId: r.proposalId,
      state: r.state,
      proposer: r.record.proposer,
      description: r.description,
      ...(r.change === undefined ? {} : { change: r.change }),
      calls: r.calls.map((c) => describeCall(client, c)),
      voteStart: time(r.voteStart),
      voteEnd: time(r.voteEnd),
      tx: r.receipt.hash,
      gasUsed: r.receipt.gasUsed,
      ...(saved === undefined ? {} : { savedTo: path.relative(hre.config.paths.root, saved) }),
    },
    args.json,
  );
});
