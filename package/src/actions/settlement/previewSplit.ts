/// previewSplit: how a fee paid for a model would be split now, by the contract's own rule
/// (`Settlement.previewSplit`): the treasury's and the stakers' shares, the model's revenue and each ancestor's
/// lineage royalty, each training datanet's credit with the model and the datanet version it is for. The parts add up
/// to the fee.
import type { Client, Credit, SplitPreview } from "../../client.js";

export interface PreviewSplitParameters {
  modelId: bigint;
  /// The fee to split, in OPEN wei.
  fee: bigint;
}

export type PreviewSplitReturnType = SplitPreview;

/// The split of `fee` for `modelId` now.
export async function previewSplit(
  client: Pick<Client, "settlement">,
  params: PreviewSplitParameters,
): Promise<PreviewSplitReturnType> {
  const p = await client.settlement.previewSplit(params.modelId, params.fee);
  const credits = (list: ReadonlyArray<{ id: bigint; amount: bigint }>): Credit[] =>
    list.map((c) => ({ id: c.id, amount: c.amount }));
  return {
    fee: p.fee,
    protocol: p.protocol,
    stakers: p.stakers,
    models: credits(p.models),
    datanets: p.datanets.map((c) => ({ id: c.id, modelId: c.modelId, version: c.version, amount: c.amount })),
  };
}

/// The credits of a split summed by id, in the order each id first appears: a datanet that trains both a model and
/// one of its ancestors is credited once per level.
export function sumCredits(list: readonly Credit[]): Credit[] {
  const sums = new Map<bigint, bigint>();
  for (const c of list) sums.set(c.id, (sums.get(c.id) ?? 0n) + c.amount);
  return [...sums].map(([id, amount]) => ({ id, amount }));
}
