/// settledInferences: the settlements that credited a datanet, with the credit each gave it per lineage level and
/// the datanet version each level's model was trained on then, which the allocation policies split.
import { getAddress } from "ethers";
import type { SettledInference, VersionCredit } from "../../attribution/index.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";

export interface SettledInferencesParameters {
  datanetId: bigint;
  fromBlock: number;
  toBlock: number;
}

/// Where a log sits in the chain, to order events of different contracts.
interface LogPosition {
  block: number;
  logIndex: number;
}

const before = (a: LogPosition, b: LogPosition): boolean =>
  a.block < b.block || (a.block === b.block && a.logIndex < b.logIndex);

/// Every InferenceSettled event in [fromBlock, toBlock], with its credit to `datanetId` as `previewSplit` computes it
/// at the block of that settlement: with the model terms (split, lineage, suspensions) and the governance shares in
/// force when it was settled, so that a change made afterwards never alters what an earlier settlement credited.
/// Each lineage level's credit names the datanet version that its model's training set named when the inference was
/// settled: the one of the model's last VersionPublished event before the settlement, in chain order (so a version
/// published later in the same block does not count). Only the settlements that credit the datanet are returned.
export async function settledInferences(
  client: Client,
  params: SettledInferencesParameters,
): Promise<SettledInference[]> {
  const { settlement, models } = client;
  const { datanetId, fromBlock, toBlock } = params;
  const events = await settlement.queryFilter(settlement.filters.InferenceSettled(), fromBlock, toBlock);
  if (events.length === 0) return [];
  const history = await trainingHistory(client, toBlock);
  const order = new Map<bigint, bigint[]>();
  const datanetsOf = async (modelId: bigint): Promise<bigint[]> => {
    let ids = order.get(modelId);
    if (ids === undefined) {
      ids = (await models.model(modelId, { blockTag: toBlock })).datanets.map((d) => d.datanetId);
      order.set(modelId, ids);
    }
    return ids;
  };
  const versionAt = async (modelId: bigint, at: LogPosition): Promise<number> => {
    const published = history.get(modelId) ?? [];
    let current: (typeof published)[number] | undefined;
    for (const p of published) if (before(p, at)) current = p;
    if (current === undefined) throw new OpenLedgerError(`model ${modelId} was settled before it was registered`);
    const i = (await datanetsOf(modelId)).indexOf(datanetId);
    if (i < 0) throw new OpenLedgerError(`model ${modelId} is credited datanet ${datanetId} but does not train on it`);
    return current.versions[i];
  };

  const previews = new Map<string, Array<{ modelId: bigint; amount: bigint }>>();
  const out: SettledInference[] = [];
  for (const e of events) {
    const { inferenceId, modelId, payer, fee, attributionHash: hash } = e.args;
    // The same model and fee in the same block split the same way: one call per (block, model, fee).
    const key = `${e.blockNumber}:${modelId}:${fee}`;
    let levels = previews.get(key);
    if (levels === undefined) {
      const preview = await settlement.previewSplit(modelId, fee, { blockTag: e.blockNumber });
      levels = preview.datanets
        .filter((c) => c.id === datanetId)
        .map((c) => ({ modelId: c.modelId, amount: c.amount }));
      previews.set(key, levels);
    }
    const at = { block: e.blockNumber, logIndex: e.index };
    const credits: VersionCredit[] = [];
    for (const level of levels) {
      credits.push({ modelId: level.modelId, version: await versionAt(level.modelId, at), amount: level.amount });
    }
    const credit = credits.reduce((sum, c) => sum + c.amount, 0n);
    if (credit === 0n) continue;
    out.push({
      inferenceId: inferenceId.toLowerCase(),
      modelId,
      payer: getAddress(payer),
      fee,
      attributionHash: hash.toLowerCase(),
      block: e.blockNumber,
      logIndex: e.index,
      datanetCredit: credit,
      credits,
    });
  }
  return out;
}

/// Every model's VersionPublished events up to `toBlock`, in chain order: when each training set came into force.
async function trainingHistory(
  client: Client,
  toBlock: number,
): Promise<Map<bigint, Array<LogPosition & { versions: number[] }>>> {
  const { models } = client;
  const published = await models.queryFilter(models.filters.VersionPublished(), 0, toBlock);
  const history = new Map<bigint, Array<LogPosition & { versions: number[] }>>();
  for (const e of published) {
    const list = history.get(e.args.modelId) ?? [];
    list.push({ block: e.blockNumber, logIndex: e.index, versions: e.args.datanetVersions.map(Number) });
    history.set(e.args.modelId, list);
  }
  for (const list of history.values()) list.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  return history;
}
