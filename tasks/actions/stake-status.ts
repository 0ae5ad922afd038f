import { ZeroAddress } from "ethers";
import { amountFormat, formatDuration, timeFormat } from "../lib/governance.js";
import { accountFor, getSuite, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

interface Args extends CommonArgs {
  account: string;
}

export default runTask(async (args: Args, hre) => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const account = await accountFor(suite.connection, args.account);
  const { gopen } = suite;
  const [openBalance, staked, votes, delegate, earned, [pending, readyAt], cooldown, totalStaked, latest] =
    await Promise.all([
      suite.open.balanceOf(account),
      gopen.balanceOf(account),
      gopen.getVotes(account),
      gopen.delegates(account),
      gopen.earned(account),
      gopen.pendingWithdrawal(account),
      gopen.cooldown(),
      gopen.totalSupply(),
      suite.connection.ethers.provider.getBlock("latest"),
    ]);
  const [rate, finish, queued, duration, minSupply] = await Promise.all([
    gopen.rewardRate(),
    gopen.periodFinish(),
    gopen.queuedRewards(),
    gopen.rewardsDuration(),
    gopen.MIN_DISTRIBUTION_SUPPLY(),
  ]);
  const now = BigInt(latest?.timestamp ?? 0);
  const open = amountFormat(args.json, "OPEN");
  const gOpen = amountFormat(args.json, "gOPEN");
  // Rewards stream: what this stake earns per second now is its share of the running stream's rate. Below the
  // minimum supply the stream is paused.
  const paused = totalStaked < minSupply;
  const earning = rate === 0n || paused || totalStaked === 0n ? 0n : (rate * staked) / totalStaked;
  const perSecond = (wei: bigint): bigint | string => (args.json ? wei : `${String(open(wei))}/s`);
  const streamEnds = rate === 0n ? (args.json ? null : "no stream running") : timeFormat(args.json, now)(finish);
  printResult(
    {
      account,
      openBalance: open(openBalance),
      staked: gOpen(staked),
      votes: gOpen(votes),
      delegate: delegate === ZeroAddress ? null : delegate,
      earned: open(earned),
      earning: perSecond(earning),
      rewardRate: perSecond(rate),
      streamEnds:
        paused && rate !== 0n ? (args.json ? finish : `paused: below ${String(gOpen(minSupply))} staked`) : streamEnds,
      queuedRewards: open(queued),
      rewardsDuration: args.json ? duration : `${duration.toString()} s (${formatDuration(duration)})`,
      pendingWithdrawal:
        pending === 0n
          ? args.json
            ? { amount: 0n, readyAt: null, ready: false }
            : "none"
          : { amount: open(pending), readyAt: timeFormat(args.json, now)(readyAt), ready: readyAt <= now },
      cooldown: args.json ? cooldown : `${cooldown.toString()} s (${formatDuration(cooldown)})`,
      totalStaked: gOpen(totalStaked),
    },
    args.json,
  );
});
