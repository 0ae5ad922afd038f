import { delegate } from "../../package/src/actions/index.js";
import { amountFormat } from "../lib/governance.js";
import { accountFor, clientAndSigner, clientFor, printResult, runTask, signerFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  to: string;
  bySig: boolean;
  relayer: string;
}

export default runTask(async (args: Args, hre) => {
  const { suite, client, signer } = await clientAndSigner(hre, args);
  const to = args.to.trim();
  const delegatee = to === "" || to.toLowerCase() === "self" ? signer.address : await accountFor(suite.connection, to);
  const relayer = args.bySig
    ? clientFor(suite, await signerFor(suite.connection, args.relayer === "" ? args.from : args.relayer))
    : undefined;
  const r = await delegate(client, { delegatee, bySig: args.bySig, relayer });
  const votes = amountFormat(args.json, "gOPEN");
  printResult(
    {
      account: r.account,
      balance: votes(r.balance),
      previousDelegate: r.previousDelegate,
      delegate: r.delegate,
      votesBefore: votes(r.votesBefore),
      votesAfter: votes(r.votesAfter),
      ...(r.delegate === r.account
        ? {}
        : { accountVotesBefore: votes(r.accountVotesBefore), accountVotesAfter: votes(r.accountVotesAfter) }),
      ...(r.relayer === undefined ? {} : { bySig: true, relayer: r.relayer }),
      tx: r.receipt.hash,
      gasUsed: r.receipt.gasUsed,
    },
    args.json,
  );
});
