import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { getAddress, verifyTypedData } from "ethers";
import { BALLOT_TYPES, checkCanVote, parseSignedBallot, supportName, voteCastOut } from "../lib/governance.js";
import { eip712DomainOf, getSuite, mined, printResult, runTask, signerFor, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  file: string;
}

export default runTask(async (args: Args, hre) => {
  if (args.file.trim() === "")
    throw new OpenLedgerError("--file <signed ballot> is required (write one with gov:sign-vote)");
  const file = path.resolve(args.file.trim());
  if (!existsSync(file)) throw new OpenLedgerError(`no such file: ${args.file}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${args.file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const ballot = parseSignedBallot(parsed, path.basename(file));

  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const governor = suite.governor;
  const governorAddress = await governor.getAddress();
  if (ballot.chainId !== suite.deployment.chainId.toString() || getAddress(ballot.governor) !== governorAddress) {
    throw new OpenLedgerError(
      `the ballot is for Governor ${ballot.governor} on chain ${ballot.chainId}, ` +
        `but this deployment's Governor is ${governorAddress} on chain ${suite.deployment.chainId.toString()}`,
    );
  }
  const id = BigInt(ballot.proposalId);
  const voter = getAddress(ballot.voter);
  const nonce = BigInt(ballot.nonce);
  const signer = verifyTypedData(
    await eip712DomainOf(governor),
    BALLOT_TYPES,
    { proposalId: id, support: ballot.support, voter, nonce },
    ballot.signature,
  );
  if (signer !== voter) throw new OpenLedgerError(`the signature was made by ${signer}, not by the voter ${voter}`);
  const current = await governor.nonces(voter);
  if (current !== nonce) {
    throw new OpenLedgerError(
      `the ballot was signed with nonce ${nonce.toString()} but ${voter} is now at nonce ${current.toString()}: sign it again`,
    );
  }
  await checkCanVote(governor, id, voter);

  const relayer = await signerFor(suite.connection, args.from);
  const receipt = await mined(governor.connect(relayer).castVoteBySig(id, ballot.support, voter, ballot.signature));
  const cast = await voteCastOut(governor, id, receipt, args.json);
  printResult(
    {
      proposalId: id,
      voter,
      support: supportName(ballot.support),
      weight: cast.weight,
      relayer: relayer.address,
      votes: cast.votes,
      state: cast.state,
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
