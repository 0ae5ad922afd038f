/// settlement:push-rewards — pushes the stakers share credited by settlements to gOPEN, where it streams to the
/// stakers over gOPEN's rewards duration (stake:claim pays what has streamed). With no stream running, the push starts
/// one; while one runs, it is queued and streams when that one ends. Anyone may call; NothingToWithdraw() when
/// nothing is credited.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { StakerRewardsPushedEvent } from "../../typechain-types/settlement/Settlement.js";
import type { RewardStreamStartedEvent } from "../../typechain-types/staking/StakedOpen.js";
import { amountFormat, timeFormat } from "../lib/governance.js";
import { eventIn, eventsIn, mined, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { amountsFor } from "./settlement-common.js";

export default runTask(async (args: SendArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { suite, signer: sender } = await suiteAndSigner(hre, args);
  const receipt = await mined(suite.settlement.connect(sender).pushStakerRewards());
  const event = eventIn<StakerRewardsPushedEvent.OutputObject>(receipt, suite.settlement, "StakerRewardsPushed");
  const [started] = eventsIn<RewardStreamStartedEvent.OutputObject>(receipt, suite.gopen, "RewardStreamStarted");
  const [stakersAccrued, totalStaked, rate, finish, queued, block] = await Promise.all([
    suite.settlement.stakersAccrued(),
    suite.gopen.totalSupply(),
    suite.gopen.rewardRate(),
    suite.gopen.periodFinish(),
    suite.gopen.queuedRewards(),
    suite.connection.ethers.provider.getBlock(receipt.blockNumber),
  ]);
  const amount = amountsFor(args.json);
  const when = timeFormat(args.json, BigInt(block?.timestamp ?? 0));
  // Started: this push began a stream; queued: it waits behind the running stream, and streams from its end.
  const stream = started === undefined ? (rate === 0n ? "queued: below one unit per second" : "queued") : "started";
  printResult(
    {
      pushed: amount(event.amount),
      to: await suite.gopen.getAddress(),
      stream,
      rewardRate: args.json ? rate : `${String(amount(rate))}/s`,
      streamEnds: rate === 0n ? null : when(finish),
      queuedRewards: amount(queued),
      totalStaked: amountFormat(args.json, "gOPEN")(totalStaked),
      stakersAccrued: amount(stakersAccrued),
      by: sender.address,
      tx: receipt.hash,
    },
    args.json,
  );
});
