import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLOT_TYPES, amountFormat, supportName, voteToCast } from "../lib/governance.js";
import type { SignedBallot, VoteArgs } from "../lib/governance.js";
import { eip712DomainOf, printResult, runTask, toJson } from "../lib/index.js";

interface Args extends VoteArgs {
  out: string;
}

export default runTask(async (args: Args, hre) => {
  const { suite, voter, id, support, weight } = await voteToCast(hre, args);
  const governor = suite.governor;
  const nonce = await governor.nonces(voter.address);
  const domain = await eip712DomainOf(governor);
  const signature = await voter.signTypedData(domain, BALLOT_TYPES, {
    proposalId: id,
    support,
    voter: voter.address,
    nonce,
  });
  const ballot: SignedBallot = {
    chainId: suite.deployment.chainId.toString(),
    governor: await governor.getAddress(),
    proposalId: id.toString(),
    support,
    voter: voter.address,
    nonce: nonce.toString(),
    signature,
  };

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
      proposalId: id,
      voter: voter.address,
      support: supportName(support),
      weight: amountFormat(args.json, "gOPEN")(weight),
      nonce,
      file: shown,
      next: `npx hardhat gov:relay-vote --network ${suite.connection.networkName} --file ${shown}`,
    },
    args.json,
  );
});
