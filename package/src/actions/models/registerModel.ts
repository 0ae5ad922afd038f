/// registerModel: registers a model as an ERC-721 token of its owner: its card, its first version, its lineage
/// (parent), its training datanets (each at a published version) and weights, its price and its owner/data split. The publish fee, if governance
/// set one, goes to the treasury: it is approved (only when the allowance is short) after the preflight passed.
import type { IModelRegistry, ModelRegisteredEvent } from "../../../../typechain-types/registry/ModelRegistry.js";
import type { Client } from "../../client.js";
import { ensureAllowance, eventIn, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

/// A model to register, as `ModelRegistry.registerModel` takes it.
export interface ModelInput {
  cardURI: string;
  weightsHash: string;
  weightsURI: string;
  /// The parent model (0: none).
  parentId: bigint;
  /// The training datanets, each with the published version of it trained on (from 1), weights in basis points
  /// summing to 10,000.
  datanets: Array<{ datanetId: bigint; version: bigint; weightBps: bigint }>;
  /// OPEN wei per inference.
  price: bigint;
  /// The owner's share of the model's revenue in basis points; the rest goes to the training data.
  ownerBps: bigint;
}

export interface RegisterModelParameters extends ActionOptions {
  model: ModelInput;
}

export interface RegisterModelReturnType extends WriteResult<ModelRegisteredEvent.OutputObject> {
  /// The publish fee paid to the treasury.
  publishFee: bigint;
}

/// Registers `model`. The fee balance and the registration's static call are checked before anything is sent, so
/// that a card the registry refuses (UnknownDatanetVersion for a datanet version not published, DatanetIsClosed, …)
/// leaves no approval behind.
export async function registerModel(client: Client, params: RegisterModelParameters): Promise<RegisterModelReturnType> {
  const { address } = await signerOf(client, "registerModel");
  const input: IModelRegistry.ModelParamsStruct = {
    ...params.model,
    datanets: params.model.datanets.map((d) => ({
      datanetId: d.datanetId,
      version: d.version,
      weightBps: d.weightBps,
    })),
  };
  const publishFee = await client.models.publishFee();
  await requireOpenBalance(client, address, publishFee, "publish fee");
  await preflight(client, () => client.models.registerModel.staticCall(input), true);
  const approval = await ensureAllowance(client, address, client.addresses.models, publishFee, params);
  const receipt = await sendAndWait(client.models.registerModel(input), "registering the model", params);
  const event = eventIn<ModelRegisteredEvent.OutputObject>(receipt, client.models, "ModelRegistered");
  return { receipt, event, approval, publishFee };
}
