/// settledInferences: the settlements that credited a datanet, with the credit each gave it, which the inference-log
/// policy (`inferenceLogAllocation`) allocates.
import { getAddress } from "ethers";
import type { SettledInference } from "../../attribution/index.js";
import type { Client } from "../../client.js";

export interface SettledInferencesParameters {
  datanetId: bigint;
  fromBlock: number;
  toBlock: number;
}

/// Every InferenceSettled event in [fromBlock, toBlock], with its credit to `datanetId` as `previewSplit` computes it
/// at the block of that settlement: with the model terms (split, lineage, suspensions) and the governance shares in
/// force when it was settled, so that a change made afterwards never alters what an earlier settlement credited.
/// Only the settlements that credit the datanet are returned.
export async function settledInferences(
  client: Client,
  params: SettledInferencesParameters,
): Promise<SettledInference[]> {
  const { settlement } = client;
  const { datanetId, fromBlock, toBlock } = params;
  const events = await settlement.queryFilter(settlement.filters.InferenceSettled(), fromBlock, toBlock);
  const credits = new Map<string, bigint>();
  const out: SettledInference[] = [];
  for (const e of events) {
    const { inferenceId, modelId, payer, fee, attributionHash: hash } = e.args;
    // The same model and fee in the same block split the same way: one call per (block, model, fee).
    const key = `${e.blockNumber}:${modelId}:${fee}`;
    let credit = credits.get(key);
    if (credit === undefined) {
      const preview = await settlement.previewSplit(modelId, fee, { blockTag: e.blockNumber });
      credit = preview.datanets.filter((c) => c.id === datanetId).reduce((sum, c) => sum + c.amount, 0n);
      credits.set(key, credit);
    }
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
    });
  }
  return out;
}
