import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { signVote } from "../../package/src/actions/index.js";
import { supportName } from "../../package/src/governance/index.js";
import { amountFormat, requireProposalId } from "../lib/governance.js";
import { clientAndSigner, printResult, runTask, toJson, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  proposal: bigint;
  support: string;
  out: string;
}

export default runTask(async (args: Args, hre) => {
  const proposalId = requireProposalId(args.proposal);
  if (args.support.trim() === "") throw new OpenLedgerError("--support for|against|abstain is required");
  const { suite, client } = await clientAndSigner(hre, args);
  const { ballot, weight } = await signVote(client, { proposalId, support: args.support });
  if (args.out.trim() === "") {
    // No file: the signed ballot itself is the output, ready to be redirected to a file.
    process.stdout.write(`${toJson(ballot)}\n`);
    return;
  }
  const file = path.resolve(args.out.trim());
  const shown = path.relative(process.cwd(), file) || file;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${toJson(ballot)}\n`);
  printResult(
    {
      proposalId,
      voter: ballot.voter,
      support: supportName(ballot.support),
      weight: amountFormat(args.json, "gOPEN")(weight),
      nonce: ballot.nonce,
      file: shown,
      next: `npx hardhat gov:relay-vote --network ${suite.connection.networkName} --file ${shown}`,
    },
    args.json,
  );
});
