import { queue } from "../../package/src/actions/index.js";
import { describeCalls } from "../../package/src/governance/index.js";
import { formatDuration } from "../../package/src/format/index.js";
import { timeFormat } from "../lib/governance.js";
import { clientAndSigner, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { proposalOf } from "./gov-common.js";

export default runTask(async (args: SendArgs & { proposal: bigint }, hre) => {
  const { suite, client } = await clientAndSigner(hre, args);
  const r = await queue(client, proposalOf(hre, suite, args.proposal));
  const now = await client.governor.clock();
  printResult(
    {
      proposalId: r.event.proposalId,
      state: r.state,
      description: r.record.description,
      calls: describeCalls(client, r.record),
      eta: timeFormat(args.json, now)(r.eta),
      ...(args.json ? {} : { delay: formatDuration(r.eta > now ? r.eta - now : 0n) }),
      tx: r.receipt.hash,
      gasUsed: r.receipt.gasUsed,
    },
    args.json,
  );
});
