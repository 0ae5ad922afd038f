import { castVote } from "../../package/src/actions/index.js";
import { requireProposalId } from "../lib/governance.js";
import { clientAndSigner, printResult, runTask, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { voteOut } from "./gov-common.js";

interface Args extends SendArgs {
  proposal: bigint;
  support: string;
  reason: string;
}

export default runTask(async (args: Args, hre) => {
  const proposalId = requireProposalId(args.proposal);
  if (args.support.trim() === "") throw new OpenLedgerError("--support for|against|abstain is required");
  const { client } = await clientAndSigner(hre, args);
  const r = await castVote(client, { proposalId, support: args.support, reason: args.reason });
  printResult(voteOut(r, args.json, args.reason === "" ? {} : { reason: args.reason }), args.json);
});
