/// settlement:status — the state of the settlement vault: fee shares and lineage royalty, what is credited to the
/// treasury and the stakers and not yet paid out, whether settlements are paused, the attribution parameters, and
/// for every datanet what it accrued, what its contributors claimed and its active root, for every model the
/// revenue its owner has not withdrawn.
import { ZeroHash } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatDuration } from "../lib/governance.js";
import { getSuite, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { amountsFor, bpsFor } from "./settlement-common.js";

/// 1, 2, …, count.
function ids(count: bigint): bigint[] {
  return Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
}

/// An empty list for people is "-" (printResult shows nothing for an empty object); JSON keeps `{}`.
function none(json: boolean, entries: Record<string, unknown>): Record<string, unknown> | null {
  return json || Object.keys(entries).length > 0 ? entries : null;
}

export default runTask(async (args: CommonArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const { settlement } = suite;
  const [
    protocolBps,
    stakersBps,
    lineageBps,
    treasuryAccrued,
    stakersAccrued,
    paused,
    challengeWindow,
    minAttestorBond,
    datanetCount,
    modelCount,
  ] = await Promise.all([
    settlement.protocolBps(),
    settlement.stakersBps(),
    settlement.lineageBps(),
    settlement.treasuryAccrued(),
    settlement.stakersAccrued(),
    settlement.paused(),
    settlement.challengeWindow(),
    settlement.minAttestorBond(),
    suite.datanets.datanetCount(),
    suite.models.modelCount(),
  ]);
  const [datanets, revenues] = await Promise.all([
    Promise.all(
      ids(datanetCount).map(async (datanetId) => {
        const [accrued, state] = await Promise.all([settlement.accrued(datanetId), settlement.rootState(datanetId)]);
        return { datanetId, accrued, state };
      }),
    ),
    Promise.all(ids(modelCount).map(async (modelId) => ({ modelId, revenue: await settlement.modelRevenue(modelId) }))),
  ]);

  const json = args.json;
  const amount = amountsFor(json);
  const bps = bpsFor(json);
  printResult(
    {
      settlement: await settlement.getAddress(),
      paused,
      protocolBps: bps(protocolBps),
      stakersBps: bps(stakersBps),
      lineageBps: bps(lineageBps),
      treasuryAccrued: amount(treasuryAccrued),
      stakersAccrued: amount(stakersAccrued),
      challengeWindow: json ? challengeWindow : `${challengeWindow.toString()} s (${formatDuration(challengeWindow)})`,
      minAttestorBond: amount(minAttestorBond),
      datanets: none(
        json,
        Object.fromEntries(
          datanets.map(({ datanetId, accrued, state }) => [
            datanetId.toString(10),
            {
              accrued: amount(accrued),
              claimed: amount(state.claimed),
              activeRoot: state.activeRoot === ZeroHash ? null : state.activeRoot,
              activeEpoch: state.activeEpoch,
              activeTotal: amount(state.activeTotal),
            },
          ]),
        ),
      ),
      modelRevenue: none(
        json,
        Object.fromEntries(revenues.map(({ modelId, revenue }) => [modelId.toString(10), amount(revenue)])),
      ),
    },
    json,
  );
});
