/// getSettlementStatus: the state of the settlement vault in one read: fee shares and lineage royalty, what is
/// credited to the treasury and the stakers and not yet paid out, whether settlements are paused, the attribution
/// parameters, every datanet's accrued pool, claims and active root, and every model's unwithdrawn revenue.
import { ZeroHash } from "ethers";
import type { Client } from "../../client.js";

export interface DatanetPool {
  datanetId: bigint;
  accrued: bigint;
  claimed: bigint;
  /// The active attribution root; null before the first activation.
  activeRoot: string | null;
  activeEpoch: bigint;
  activeTotal: bigint;
}

export interface GetSettlementStatusReturnType {
  settlement: string;
  paused: boolean;
  protocolBps: bigint;
  stakersBps: bigint;
  lineageBps: bigint;
  treasuryAccrued: bigint;
  stakersAccrued: bigint;
  /// Seconds a posted root waits before it can be activated.
  challengeWindow: bigint;
  minAttestorBond: bigint;
  datanets: DatanetPool[];
  models: Array<{ modelId: bigint; revenue: bigint }>;
}

/// 1, 2, …, count.
function ids(count: bigint): bigint[] {
  return Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
}

/// The settlement vault now.
export async function getSettlementStatus(client: Client): Promise<GetSettlementStatusReturnType> {
  const s = client.settlement;
  const [protocolBps, stakersBps, lineageBps, treasuryAccrued, stakersAccrued, paused, challengeWindow] =
    await Promise.all([
      s.protocolBps(),
      s.stakersBps(),
      s.lineageBps(),
      s.treasuryAccrued(),
      s.stakersAccrued(),
      s.paused(),
      s.challengeWindow(),
    ]);
  const [minAttestorBond, datanetCount, modelCount] = await Promise.all([
    s.minAttestorBond(),
    client.datanets.datanetCount(),
    client.models.modelCount(),
  ]);
  const [datanets, models] = await Promise.all([
    Promise.all(
      ids(datanetCount).map(async (datanetId): Promise<DatanetPool> => {
        const [accrued, state] = await Promise.all([s.accrued(datanetId), s.rootState(datanetId)]);
        const activeRoot = state.activeRoot === ZeroHash ? null : state.activeRoot;
        const { claimed, activeEpoch, activeTotal } = state;
        return { datanetId, accrued, claimed, activeRoot, activeEpoch, activeTotal };
      }),
    ),
    Promise.all(ids(modelCount).map(async (modelId) => ({ modelId, revenue: await s.modelRevenue(modelId) }))),
  ]);
  return {
    settlement: client.addresses.settlement,
    paused,
    protocolBps,
    stakersBps,
    lineageBps,
    treasuryAccrued,
    stakersAccrued,
    challengeWindow,
    minAttestorBond,
    datanets,
    models,
  };
}
