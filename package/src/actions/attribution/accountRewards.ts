/// accountRewards: what an account has earned, as plain values: per datanet of the given tree files, what it can
/// claim with the active root's tree (and what a pending root will add); the revenue of the models it owns; its gOPEN
/// stake, rewards and what it earns per second now; and, for the treasury, the treasury's accrued share.
import { getAddress } from "ethers";
import { claimable, proofFor, treeForRoot } from "../../attribution/index.js";
import type { LoadedTree } from "../../attribution/index.js";
import type { Client } from "../../client.js";

export interface AccountRewardsParameters {
  account: string;
  /// Tree files by datanet id, newest first (`groupTrees`, or `loadTrees` of `@openledger/contracts/node`).
  trees?: ReadonlyMap<string, readonly LoadedTree[]>;
  /// The first block to read model transfers from (default 0).
  fromBlock?: number;
}

export interface DatanetRewards {
  activeEpoch: bigint;
  claimed: bigint;
  /// Its cumulative amount and what it can claim with the active root's tree; undefined when no tree given is the
  /// active root's.
  cumulative?: bigint;
  claimable?: bigint;
  /// The pending root's epoch, what it will make claimable, and when, when its tree is given.
  pending?: { epoch: number; claimable: bigint; readyAt: bigint };
}

export interface AccountRewardsReturnType {
  account: string;
  openBalance: bigint;
  /// By datanet id, ascending.
  datanets: Map<string, DatanetRewards>;
  datanetsClaimable: bigint;
  /// The revenue waiting for each model the account owns now, by model id, ascending.
  models: Map<string, bigint>;
  modelRevenue: bigint;
  gopenStaked: bigint;
  gopenEarned: bigint;
  /// What the stake earns per second now: its share of the running reward stream.
  gopenEarning: bigint;
  /// The treasury's accrued share, when the account is the treasury.
  treasuryAccrued?: bigint;
}

export async function accountRewards(
  client: Client,
  params: AccountRewardsParameters,
): Promise<AccountRewardsReturnType> {
  const account = getAddress(params.account);
  const { settlement, models, gopen, open } = client;

  const datanets = new Map<string, DatanetRewards>();
  let datanetsClaimable = 0n;
  const ids = [...(params.trees?.keys() ?? [])].sort((a, b) => Number(BigInt(a) - BigInt(b)));
  for (const id of ids) {
    const trees = params.trees?.get(id) ?? [];
    const datanetId = BigInt(id);
    const [state, claimed] = await Promise.all([
      settlement.rootState(datanetId),
      settlement.claimed(datanetId, account),
    ]);
    const row: DatanetRewards = { activeEpoch: state.activeEpoch, claimed };
    const active = treeForRoot(trees, state.activeRoot);
    if (active !== undefined) {
      row.cumulative = BigInt(proofFor(active.tree, account)?.cumulativeAmount ?? "0");
      row.claimable = claimable(active.tree, account, claimed);
      datanetsClaimable += row.claimable;
    }
    const pending = state.pendingReadyAt !== 0n ? treeForRoot(trees, state.pendingRoot) : undefined;
    if (pending !== undefined) {
      row.pending = {
        epoch: pending.tree.allocation.epoch,
        claimable: claimable(pending.tree, account, claimed),
        readyAt: state.pendingReadyAt,
      };
    }
    datanets.set(id, row);
  }

  // Models the account owns now: every token ever transferred to it, still held.
  const received = await models.queryFilter(models.filters.Transfer(undefined, account), params.fromBlock ?? 0);
  const tokenIds = [...new Set(received.map((e) => e.args.tokenId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const owned = new Map<string, bigint>();
  let modelRevenue = 0n;
  for (const modelId of tokenIds) {
    if (getAddress(await models.ownerOf(modelId)) !== account) continue;
    const revenue = await settlement.modelRevenue(modelId);
    modelRevenue += revenue;
    owned.set(modelId.toString(10), revenue);
  }

  const [staked, earned, balance, deps, treasuryAccrued, totalStaked, rate] = await Promise.all([
    gopen.balanceOf(account),
    gopen.earned(account),
    open.balanceOf(account),
    settlement.dependencies(),
    settlement.treasuryAccrued(),
    gopen.totalSupply(),
    gopen.rewardRate(),
  ]);
  const result: AccountRewardsReturnType = {
    account,
    openBalance: balance,
    datanets,
    datanetsClaimable,
    models: owned,
    modelRevenue,
    gopenStaked: staked,
    gopenEarned: earned,
    gopenEarning: totalStaked === 0n ? 0n : (rate * staked) / totalStaked,
  };
  if (getAddress(deps.treasury) === account) result.treasuryAccrued = treasuryAccrued;
  return result;
}
