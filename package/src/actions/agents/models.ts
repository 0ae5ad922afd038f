/// The models an agent serves: its owner (or an operator) declares them, and each model's owner confirms the link.
/// The registry refuses a model that does not exist (UnknownModel), one already declared (ModelAlreadyDeclared), more
/// than MAX_SERVED_MODELS in all (TooManyServedModels), and a confirmation by anyone but the model's owner.
import type { ModelConfirmedEvent, ModelDeclaredEvent } from "../../../../typechain-types/agents/AgentRegistry.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { eventIn, eventsIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface DeclareModelsParameters extends ActionOptions {
  agentId: bigint;
  modelIds: bigint[];
}

export interface DeclareModelsReturnType extends WriteResult<ModelDeclaredEvent.OutputObject> {
  /// One event per model, in order.
  declared: ModelDeclaredEvent.OutputObject[];
}

/// Declares that `agentId` serves `modelIds`.
export async function declareModels(client: Client, params: DeclareModelsParameters): Promise<DeclareModelsReturnType> {
  await signerOf(client, "declareModels");
  const { agentId } = params;
  const modelIds = [...params.modelIds];
  if (modelIds.length === 0) throw new OpenLedgerError("declareModels needs at least one model");
  const seen = new Set<bigint>();
  for (const id of modelIds) {
    if (seen.has(id)) throw new OpenLedgerError(`model ${id.toString(10)} is listed twice`);
    seen.add(id);
  }
  await preflight(client, () => client.agents.declareModels.staticCall(agentId, modelIds));
  const receipt = await sendAndWait(
    client.agents.declareModels(agentId, modelIds),
    `declaring model${modelIds.length === 1 ? "" : "s"} ${modelIds.join(", ")} for agent ${agentId.toString(10)}`,
    params,
  );
  const declared = eventsIn<ModelDeclaredEvent.OutputObject>(receipt, client.agents, "ModelDeclared");
  return {
    receipt,
    event: eventIn<ModelDeclaredEvent.OutputObject>(receipt, client.agents, "ModelDeclared"),
    declared,
  };
}

export interface ConfirmModelParameters extends ActionOptions {
  agentId: bigint;
  modelId: bigint;
}

export type ConfirmModelReturnType = WriteResult<ModelConfirmedEvent.OutputObject>;

/// Confirms, as the owner of `modelId`, that `agentId` serves it.
export async function confirmModel(client: Client, params: ConfirmModelParameters): Promise<ConfirmModelReturnType> {
  await signerOf(client, "confirmModel");
  const { agentId, modelId } = params;
  await preflight(client, () => client.agents.confirmModel.staticCall(agentId, modelId));
  const receipt = await sendAndWait(
    client.agents.confirmModel(agentId, modelId),
    `confirming that agent ${agentId.toString(10)} serves model ${modelId.toString(10)}`,
    params,
  );
  return { receipt, event: eventIn<ModelConfirmedEvent.OutputObject>(receipt, client.agents, "ModelConfirmed") };
}
