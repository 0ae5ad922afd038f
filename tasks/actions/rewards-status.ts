/// rewards:status — what an account has earned: claimable per datanet (from tree files, against what it claimed
/// on-chain), the revenue of the models it owns, its gOPEN rewards, and, for the treasury, the treasury's share.
import { getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getSuite, parseAddress, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { claimable, proofFor, treeForRoot } from "../../package/src/index.js";
import { loadTrees } from "../../package/src/node/index.js";
import { amountOut, chainNow, requireSameDeployment, timeOut } from "./attribution-common.js";

export interface RewardsStatusArgs extends CommonArgs {
  account: string;
  trees: string;
  fromBlock: number;
}

export default runTask(async (args: RewardsStatusArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const account = parseAddress("--account", args.account);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const { settlement, models, gopen, open } = suite;
  const json = args.json;
  const now = await chainNow(suite);

  // Datanets: claimable with the active root's tree file, and what a pending root will add.
  const datanets: Record<string, Record<string, unknown>> = {};
  let claimableTotal = 0n;
  if (args.trees.trim() !== "") {
    const byDatanet = loadTrees(args.trees.trim());
    for (const [id, trees] of [...byDatanet.entries()].sort(([a], [b]) => Number(BigInt(a) - BigInt(b)))) {
      for (const t of trees) await requireSameDeployment(suite, t.tree.allocation, t.file);
      const datanetId = BigInt(id);
      const [state, claimed] = await Promise.all([
        settlement.rootState(datanetId),
        settlement.claimed(datanetId, account),
      ]);
      const row: Record<string, unknown> = { activeEpoch: state.activeEpoch, claimed: amountOut(claimed, json) };
      const active = treeForRoot(trees, state.activeRoot);
      if (active !== undefined) {
        const amount = claimable(active.tree, account, claimed);
        claimableTotal += amount;
        row.cumulative = amountOut(BigInt(proofFor(active.tree, account)?.cumulativeAmount ?? "0"), json);
        row.claimable = amountOut(amount, json);
      } else {
        row.claimable = state.activeEpoch === 0n ? amountOut(0n, json) : "no tree file for the active root";
      }
      const pending = state.pendingReadyAt !== 0n ? treeForRoot(trees, state.pendingRoot) : undefined;
      if (pending !== undefined) {
        row.pendingEpoch = pending.tree.allocation.epoch;
        row.pendingClaimable = amountOut(claimable(pending.tree, account, claimed), json);
        row.pendingReadyAt = timeOut(Number(state.pendingReadyAt), now, json);
      }
      datanets[id] = row;
    }
  }

  // Models the account owns now: every token ever transferred to it, still held.
  const received = await models.queryFilter(models.filters.Transfer(undefined, account), args.fromBlock);
  const ids = [...new Set(received.map((e) => e.args.tokenId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const owned: Record<string, bigint | string> = {};
  let revenueTotal = 0n;
  for (const modelId of ids) {
    if (getAddress(await models.ownerOf(modelId)) !== account) continue;
    const revenue = await settlement.modelRevenue(modelId);
    revenueTotal += revenue;
    owned[modelId.toString(10)] = amountOut(revenue, json);
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
  // gOPEN rewards stream: what the stake earns per second now (its share of the running stream).
  const earning = totalStaked === 0n ? 0n : (rate * staked) / totalStaked;
  const result: Record<string, unknown> = {
    account,
    openBalance: amountOut(balance, json),
    datanets,
    datanetsClaimable: amountOut(claimableTotal, json),
    models: owned,
    modelRevenue: amountOut(revenueTotal, json),
    gopenStaked: amountOut(staked, json),
    gopenEarned: amountOut(earned, json),
    gopenEarning: json ? earning : `${String(amountOut(earning, json))}/s`,
  };
  if (getAddress(deps.treasury) === account) result.treasuryAccrued = amountOut(treasuryAccrued, json);
  printResult(result, json);
});
