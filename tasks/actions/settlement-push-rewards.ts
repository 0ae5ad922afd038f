/// settlement:push-rewards — pushes the stakers share credited by settlements to gOPEN's reward accumulator, where
/// stakers claim it (stake:claim). Anyone may call; NothingToWithdraw() when nothing is credited.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { StakerRewardsPushedEvent } from "../../typechain-types/settlement/Settlement.js";
import { amountFormat } from "../lib/governance.js";
import { eventIn, mined, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { amountsFor } from "./settlement-common.js";

export default runTask(async (args: SendArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { suite, signer: sender } = await suiteAndSigner(hre, args);
  const receipt = await mined(suite.settlement.connect(sender).pushStakerRewards());
  const event = eventIn<StakerRewardsPushedEvent.OutputObject>(receipt, suite.settlement, "StakerRewardsPushed");
  const [stakersAccrued, totalStaked] = await Promise.all([
    suite.settlement.stakersAccrued(),
    suite.gopen.totalSupply(),
  ]);
  const amount = amountsFor(args.json);
  printResult(
    {
      pushed: amount(event.amount),
      to: await suite.gopen.getAddress(),
      totalStaked: amountFormat(args.json, "gOPEN")(totalStaked),
      stakersAccrued: amount(stakersAccrued),
      by: sender.address,
      tx: receipt.hash,
    },
    args.json,
  );
});
