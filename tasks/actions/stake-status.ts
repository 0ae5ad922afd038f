/// stake:status — an account's stake (the SDK's `getStakeStatus`): balances, votes, delegate, rewards earned and
/// earning now, the reward stream, and its pending withdrawal.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getStakeStatus } from "../../package/src/actions/index.js";
import { accountFor, clientFor, getSuite, printResult, runTask, unitsFor } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

interface Args extends CommonArgs {
  account: string;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const account = await accountFor(suite.connection, args.account);
  const s = await getStakeStatus(clientFor(suite, suite.connection.ethers.provider), { account });
  const { open, votes, time, seconds, perSecond } = unitsFor(args.json, s.now);
  const { stream, pendingWithdrawal: p } = s;
  const json = args.json;
  // Rewards stream: below the minimum supply staked, a stream with a rate is paused.
  const running = stream.rewardRate === 0n ? (json ? null : "no stream running") : time(stream.periodFinish);
  const paused = json ? stream.periodFinish : `paused: below ${String(votes(stream.minDistributionSupply))} staked`;
  const none = json ? { amount: 0n, readyAt: null, ready: false } : "none";
  printResult(
    {
      account,
      openBalance: open(s.openBalance),
      staked: votes(s.staked),
      votes: votes(s.votes),
      delegate: s.delegate,
      earned: open(s.earned),
      earning: perSecond(s.earning),
      rewardRate: perSecond(stream.rewardRate),
      streamEnds: stream.paused && stream.rewardRate !== 0n ? paused : running,
      queuedRewards: open(stream.queuedRewards),
      rewardsDuration: seconds(stream.rewardsDuration),
      pendingWithdrawal: p.amount === 0n ? none : { amount: open(p.amount), readyAt: time(p.readyAt), ready: p.ready },
      cooldown: seconds(s.cooldown),
      totalStaked: votes(stream.totalStaked),
    },
    json,
  );
});
