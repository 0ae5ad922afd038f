/// settlement:pay-treasury — pays the protocol share credited by settlements to the treasury (the Timelock, in the deploy module). Anyone
/// may call; NothingToWithdraw() when nothing is credited.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { TreasuryPaidEvent } from "../../typechain-types/settlement/Settlement.js";
import { eventIn, mined, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { amountsFor } from "./settlement-common.js";

export default runTask(async (args: SendArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { suite, signer: sender } = await suiteAndSigner(hre, args);
  const receipt = await mined(suite.settlement.connect(sender).payTreasury());
  const event = eventIn<TreasuryPaidEvent.OutputObject>(receipt, suite.settlement, "TreasuryPaid");
  const treasury = (await suite.settlement.dependencies()).treasury;
  const [treasuryAccrued, balance] = await Promise.all([
    suite.settlement.treasuryAccrued(),
    suite.open.balanceOf(treasury),
  ]);
  const amount = amountsFor(args.json);
  printResult(
    {
      paid: amount(event.amount),
      treasury,
      treasuryBalance: amount(balance),
      treasuryAccrued: amount(treasuryAccrued),
      by: sender.address,
      tx: receipt.hash,
    },
    args.json,
  );
});
