import { Signature, getAddress, isAddress } from "ethers";
import { DELEGATION_TYPES, amountFormat } from "../lib/governance.js";
import { eip712DomainOf, getSuite, mined, printResult, runTask, signerFor } from "../lib/index.js";

interface Args {
  to: string;
  from: string;
  bySig: boolean;
  relayer: string;
  deploymentId: string;
  json: boolean;
}

/// How long a signed delegation stays valid.
const SIGNATURE_LIFETIME = 3_600n;

export default runTask(async (args: Args, hre) => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const account = await signerFor(suite.connection, args.from);
  const to = args.to.trim().toLowerCase();
  const delegatee =
    to === "self" || to === ""
      ? account.address
      : isAddress(args.to.trim())
        ? getAddress(args.to.trim())
        : (await signerFor(suite.connection, args.to)).address;
  const gopen = suite.gopen;

  const [previous, balance, votesBefore, ownVotesBefore] = await Promise.all([
    gopen.delegates(account.address),
    gopen.balanceOf(account.address),
    gopen.getVotes(delegatee),
    gopen.getVotes(account.address),
  ]);

  let tx;
  let relayer: string | undefined;
  if (args.bySig) {
    // The account signs; the relayer (any account) pays for the transaction.
    const sender = await signerFor(suite.connection, args.relayer === "" ? args.from : args.relayer);
    const nonce = await gopen.nonces(account.address);
    const expiry =
      BigInt((await suite.connection.ethers.provider.getBlock("latest"))?.timestamp ?? 0) + SIGNATURE_LIFETIME;
    const signature = Signature.from(
      await account.signTypedData(await eip712DomainOf(gopen), DELEGATION_TYPES, { delegatee, nonce, expiry }),
    );
    tx = await gopen.connect(sender).delegateBySig(delegatee, nonce, expiry, signature.v, signature.r, signature.s);
    relayer = sender.address;
  } else {
    tx = await gopen.connect(account).delegate(delegatee);
  }
  const receipt = await mined(tx);

  const votes = amountFormat(args.json, "gOPEN");
  const [votesAfter, ownVotesAfter] = await Promise.all([gopen.getVotes(delegatee), gopen.getVotes(account.address)]);
  printResult(
    {
      account: account.address,
      balance: votes(balance),
      previousDelegate: previous,
      delegate: delegatee,
      votesBefore: votes(votesBefore),
      votesAfter: votes(votesAfter),
      ...(delegatee === account.address
        ? {}
        : { accountVotesBefore: votes(ownVotesBefore), accountVotesAfter: votes(ownVotesAfter) }),
      ...(relayer === undefined ? {} : { bySig: true, relayer }),
      tx: tx.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
