import type { RewardsClaimedEvent } from "../../typechain-types/staking/StakedOpen.js";
import { amountFormat } from "../lib/governance.js";
import { eventsIn, mined, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

export default runTask(async (args: SendArgs, hre) => {
  const { suite, signer: account } = await suiteAndSigner(hre, args);
  const gopen = suite.gopen.connect(account);

  // With nothing earned, the contract's own NoRewards(account) error says so.
  const receipt = await mined(gopen.claimRewards());
  const [event] = eventsIn<RewardsClaimedEvent.OutputObject>(receipt, gopen, "RewardsClaimed");
  const claimed = event?.amount ?? 0n;
  const open = amountFormat(args.json, "OPEN");
  printResult(
    {
      account: account.address,
      claimed: open(claimed),
      openBalance: open(await suite.open.balanceOf(account.address)),
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
