/// quote: the fee of `units` inferences of a model now, as the settlement computes it (`ModelRegistry.quote`). Reverts,
/// with the contract's own error, for a model that cannot be settled (unknown, deprecated or suspended).
import type { Client } from "../../client.js";

export interface QuoteParameters {
  modelId: bigint;
  /// How many inferences (default 1).
  units?: bigint;
}

export type QuoteReturnType = bigint;

/// The fee, in OPEN wei, of `units` inferences of `modelId` now.
export async function quote(client: Pick<Client, "models">, params: QuoteParameters): Promise<QuoteReturnType> {
  return client.models.quote(params.modelId, params.units ?? 1n);
}
