/// setPrice: sets a model's price per inference (model owner; ZeroPrice for 0). Settlements quoted before the
/// change and capped at the old price revert with FeeAboveCap.
import type { PriceSetEvent } from "../../../../typechain-types/registry/ModelRegistry.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface SetPriceParameters extends ActionOptions {
  modelId: bigint;
  /// OPEN wei per inference.
  price: bigint;
}

export interface SetPriceReturnType extends WriteResult<PriceSetEvent.OutputObject> {
  /// The price before.
  previous: bigint;
}

/// Sets the price of `modelId`.
export async function setPrice(client: Client, params: SetPriceParameters): Promise<SetPriceReturnType> {
  await signerOf(client, "setPrice");
  const { modelId, price } = params;
  const previous = (await client.models.model(modelId)).price;
  await preflight(client, () => client.models.setPrice.staticCall(modelId, price));
  const receipt = await sendAndWait(client.models.setPrice(modelId, price), `pricing model ${modelId}`, params);
  return { receipt, event: eventIn<PriceSetEvent.OutputObject>(receipt, client.models, "PriceSet"), previous };
}
