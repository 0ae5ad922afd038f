/// getStakeStatus: an account's stake in one read: its OPEN and gOPEN, votes and delegate, what it earned and earns
/// per second now, its pending withdrawal, and the reward stream it shares in.
import { ZeroAddress } from "ethers";
import type { Client } from "../../client.js";
import { chainNow } from "../internal/signer.js";

/// gOPEN's reward stream: what is pushed streams at `rewardRate` until `periodFinish`; what is pushed while a
/// stream runs waits in `queuedRewards`. Below `minDistributionSupply` staked the stream is paused.
export interface RewardStream {
  rewardRate: bigint;
  periodFinish: bigint;
  queuedRewards: bigint;
  rewardsDuration: bigint;
  totalStaked: bigint;
  minDistributionSupply: bigint;
  /// True when a stream has a rate but too little is staked for it to run.
  paused: boolean;
}

export interface GetStakeStatusParameters {
  account: string;
}

export interface GetStakeStatusReturnType {
  account: string;
  openBalance: bigint;
  staked: bigint;
  votes: bigint;
  /// null when the account has not delegated (its stake then has no votes).
  delegate: string | null;
  earned: bigint;
  /// OPEN wei a second this stake earns now: its share of the running stream's rate.
  earning: bigint;
  pendingWithdrawal: { amount: bigint; readyAt: bigint; ready: boolean };
  cooldown: bigint;
  stream: RewardStream;
  /// The chain's time of the read.
  now: bigint;
}

/// The reward stream of gOPEN now.
export async function getRewardStream(client: Pick<Client, "gopen">): Promise<RewardStream> {
  const g = client.gopen;
  const [rewardRate, periodFinish, queuedRewards, rewardsDuration, totalStaked, minDistributionSupply] =
    await Promise.all([
      g.rewardRate(),
      g.periodFinish(),
      g.queuedRewards(),
      g.rewardsDuration(),
      g.totalSupply(),
      g.MIN_DISTRIBUTION_SUPPLY(),
    ]);
  const paused = totalStaked < minDistributionSupply;
  return { rewardRate, periodFinish, queuedRewards, rewardsDuration, totalStaked, minDistributionSupply, paused };
}

/// The stake of `account` now.
export async function getStakeStatus(
  client: Client,
  params: GetStakeStatusParameters,
): Promise<GetStakeStatusReturnType> {
  const { account } = params;
  const g = client.gopen;
  const [openBalance, staked, votes, delegate, earned, [amount, readyAt], cooldown, stream, now] = await Promise.all([
    client.open.balanceOf(account),
    g.balanceOf(account),
    g.getVotes(account),
    g.delegates(account),
    g.earned(account),
    g.pendingWithdrawal(account),
    g.cooldown(),
    getRewardStream(client),
    chainNow(client),
  ]);
  const { rewardRate, totalStaked, paused } = stream;
  const earning = rewardRate === 0n || paused || totalStaked === 0n ? 0n : (rewardRate * staked) / totalStaked;
  return {
    account,
    openBalance,
    staked,
    votes,
    delegate: delegate === ZeroAddress ? null : delegate,
    earned,
    earning,
    pendingWithdrawal: { amount, readyAt, ready: readyAt <= now },
    cooldown,
    stream,
    now,
  };
}
