/// rewards:status — what an account has earned: claimable per datanet (from tree files, against what it claimed
/// on-chain), the revenue of the models it owns, its gOPEN rewards, and, for the treasury, the treasury's share. The
/// reads are the SDK's `accountRewards`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { accountRewards } from "../../package/src/index.js";
import { loadTrees } from "../../package/src/node/index.js";
import { clientFor, getSuite, parseAddress, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { amountOut, chainNow, requireSameDeployment, timeOut } from "./attribution-common.js";

export interface RewardsStatusArgs extends CommonArgs {
  account: string;
  trees: string;
  fromBlock: number;
}

export default runTask(async (args: RewardsStatusArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const account = parseAddress("--account", args.account);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const trees = args.trees.trim() === "" ? undefined : loadTrees(args.trees.trim());
  for (const t of [...(trees?.values() ?? [])].flat()) await requireSameDeployment(suite, t.tree.allocation, t.file);
  const r = await accountRewards(clientFor(suite, suite.connection.ethers.provider), {
    account,
    trees,
    fromBlock: args.fromBlock,
  });
  const { json } = args;
  const now = await chainNow(suite);
  const open = (wei: bigint): bigint | string => amountOut(wei, json);

  const datanets: Record<string, Record<string, unknown>> = {};
  for (const [id, d] of r.datanets) {
    const row: Record<string, unknown> = { activeEpoch: d.activeEpoch, claimed: open(d.claimed) };
    if (d.claimable !== undefined) {
      row.cumulative = open(d.cumulative ?? 0n);
      row.claimable = open(d.claimable);
    } else {
      row.claimable = d.activeEpoch === 0n ? open(0n) : "no tree file for the active root";
    }
    if (d.pending !== undefined) {
      row.pendingEpoch = d.pending.epoch;
      row.pendingClaimable = open(d.pending.claimable);
      row.pendingReadyAt = timeOut(Number(d.pending.readyAt), now, json);
    }
    datanets[id] = row;
  }
  const result: Record<string, unknown> = {
    account,
    openBalance: open(r.openBalance),
    datanets,
    datanetsClaimable: open(r.datanetsClaimable),
    models: Object.fromEntries([...r.models].map(([id, revenue]) => [id, open(revenue)])),
    modelRevenue: open(r.modelRevenue),
    gopenStaked: open(r.gopenStaked),
    gopenEarned: open(r.gopenEarned),
    gopenEarning: json ? r.gopenEarning : `${String(open(r.gopenEarning))}/s`,
  };
  if (r.treasuryAccrued !== undefined) result.treasuryAccrued = open(r.treasuryAccrued);
  printResult(result, json);
});
