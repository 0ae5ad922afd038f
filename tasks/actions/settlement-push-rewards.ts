/// settlement:push-rewards — pushes the stakers share credited by settlements to gOPEN (the SDK's
/// `pushStakerRewards`), where it streams to the stakers over gOPEN's rewards duration (stake:claim pays what has
/// streamed). With no stream running the push starts one; while one runs it is queued behind it. Anyone may call;
/// NothingToWithdraw() when nothing is credited.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getRewardStream, pushStakerRewards } from "../../package/src/actions/index.js";
import { clientAndSigner, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

export default runTask(async (args: SendArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { client, signer: sender } = await clientAndSigner(hre, args);
  const { receipt, event, streamStarted } = await pushStakerRewards(client);
  const [stream, stakersAccrued, block] = await Promise.all([
    getRewardStream(client),
    client.settlement.stakersAccrued(),
    receipt.getBlock(),
  ]);
  const { open, votes, time, perSecond } = unitsFor(args.json, BigInt(block.timestamp));
  const rate = stream.rewardRate;
  // Started: this push began a stream; queued: it waits behind the running stream, and streams from its end.
  const queued = rate === 0n ? "queued: below one unit per second" : "queued";
  printResult(
    {
      pushed: open(event.amount),
      to: client.addresses.gopen,
      stream: streamStarted === undefined ? queued : "started",
      rewardRate: perSecond(rate),
      streamEnds: rate === 0n ? null : time(stream.periodFinish),
      queuedRewards: open(stream.queuedRewards),
      totalStaked: votes(stream.totalStaked),
      stakersAccrued: open(stakersAccrued),
      by: sender.address,
      tx: receipt.hash,
    },
    args.json,
  );
});
