/// publishVersion: appends a version of a model's weights (its hash and URI); versions are never changed. Only the
/// owner of the model may (NotModelOwner).
import type { VersionPublishedEvent } from "../../../../typechain-types/registry/ModelRegistry.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface PublishVersionParameters extends ActionOptions {
  modelId: bigint;
  weightsHash: string;
  /// Where the weights are.
  uri: string;
}

export type PublishVersionReturnType = WriteResult<VersionPublishedEvent.OutputObject>;

/// Publishes a new version of `modelId`.
export async function publishVersion(
  client: Client,
  params: PublishVersionParameters,
): Promise<PublishVersionReturnType> {
  await signerOf(client, "publishVersion");
  const call = [params.modelId, params.weightsHash, params.uri] as const;
  await preflight(client, () => client.models.publishVersion.staticCall(...call));
  const receipt = await sendAndWait(
    client.models.publishVersion(...call),
    `publishing a version of model ${params.modelId}`,
    params,
  );
  return { receipt, event: eventIn<VersionPublishedEvent.OutputObject>(receipt, client.models, "VersionPublished") };
}
