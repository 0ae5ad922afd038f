import { execute } from "../../package/src/actions/index.js";
import { describeCalls } from "../../package/src/governance/index.js";
import { clientAndSigner, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { proposalOf } from "./gov-common.js";

export default runTask(async (args: SendArgs & { proposal: bigint }, hre) => {
  const { suite, client } = await clientAndSigner(hre, args);
  const r = await execute(client, proposalOf(hre, suite, args.proposal));
  printResult(
    {
      proposalId: r.event.proposalId,
      state: r.state,
      description: r.record.description,
      calls: describeCalls(client, r.record),
      tx: r.receipt.hash,
      gasUsed: r.receipt.gasUsed,
    },
    args.json,
  );
});
