/// setSplit: sets the owner's share of a model's revenue in basis points (model owner); the rest goes to the
/// training data, and never less than the governance floor (DataShareBelowFloor).
import type { SplitSetEvent } from "../../../../typechain-types/registry/ModelRegistry.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface SetSplitParameters extends ActionOptions {
  modelId: bigint;
  ownerBps: bigint;
}

export interface SetSplitReturnType extends WriteResult<SplitSetEvent.OutputObject> {
  /// The owner's share before.
  previous: bigint;
}

/// Sets the owner/data split of `modelId`.
export async function setSplit(client: Client, params: SetSplitParameters): Promise<SetSplitReturnType> {
  await signerOf(client, "setSplit");
  const { modelId, ownerBps } = params;
  const previous = (await client.models.model(modelId)).ownerBps;
  await preflight(client, () => client.models.setSplit.staticCall(modelId, ownerBps));
  const receipt = await sendAndWait(client.models.setSplit(modelId, ownerBps), `splitting model ${modelId}`, params);
  return { receipt, event: eventIn<SplitSetEvent.OutputObject>(receipt, client.models, "SplitSet"), previous };
}
