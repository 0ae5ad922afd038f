/// getQuote: what paying for a model would cost now and where the fee would go, in one read: the fee and the price,
/// the split, and the first ancestor suspended by governance, if any (its lineage royalty, and its ancestors', goes
/// to the datanets of the model below it instead).
import type { Client, SplitPreview } from "../../client.js";
import { previewSplit } from "./previewSplit.js";
import { quote } from "./quote.js";

export interface GetQuoteParameters {
  modelId: bigint;
  /// How many inferences (default 1).
  units?: bigint;
}

export interface GetQuoteReturnType {
  modelId: bigint;
  units: bigint;
  /// The fee of the units, in OPEN wei.
  fee: bigint;
  /// The fee of one unit.
  price: bigint;
  split: SplitPreview;
  /// The first suspended ancestor and the model below it, whose datanets receive its royalty.
  suspendedAncestor?: { modelId: bigint; child: bigint };
}

/// The quote of `units` inferences of `modelId`, its split, and where the lineage royalty stops.
export async function getQuote(
  client: Pick<Client, "settlement" | "models">,
  params: GetQuoteParameters,
): Promise<GetQuoteReturnType> {
  const { modelId } = params;
  const units = params.units ?? 1n;
  const fee = await quote(client, { modelId, units });
  const [split, lineage] = await Promise.all([previewSplit(client, { modelId, fee }), client.models.lineage(modelId)]);
  const suspended = await Promise.all(lineage.map(async (id) => (await client.models.model(id)).suspended));
  const at = suspended.indexOf(true);
  const result: GetQuoteReturnType = { modelId, units, fee, price: fee / units, split };
  if (at >= 0) result.suspendedAncestor = { modelId: lineage[at], child: at === 0 ? modelId : lineage[at - 1] };
  return result;
}
