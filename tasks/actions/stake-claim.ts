import { amountFormat, signerFor } from "../lib/governance.js";
import { getSuite, printResult, runTask } from "../lib/index.js";

interface Args {
  from: string;
  deploymentId: string;
  json: boolean;
}

export default runTask(async (args: Args, hre) => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const account = await signerFor(suite.connection, args.from);
  const gopen = suite.gopen.connect(account);

  // With nothing earned, the contract's own NoRewards(account) error says so.
  const tx = await gopen.claimRewards();
  const receipt = await tx.wait();
  let claimed = 0n;
  for (const log of receipt?.logs ?? []) {
    const parsed = gopen.interface.parseLog(log);
    if (parsed?.name === "RewardsClaimed") claimed = BigInt(parsed.args.amount as bigint);
  }
  const open = amountFormat(args.json, "OPEN");
  printResult(
    {
      account: account.address,
      claimed: open(claimed),
      openBalance: open(await suite.open.balanceOf(account.address)),
      tx: tx.hash,
      gasUsed: receipt?.gasUsed,
    },
    args.json,
  );
});
