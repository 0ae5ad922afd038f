/// publishVersion: appends a version of a model's weights (its hash and URI), trained on the same datanets at the
/// versions in force or at newer published ones; versions are never changed. Only the owner of the model may
/// (NotModelOwner). The registry refuses a list of the wrong length (TrainingVersionsMismatch), an older datanet
/// version (DatanetVersionRegressed) and one not published (UnknownDatanetVersion).
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
  /// The version of each training datanet that this version was trained on, in the order of the model's datanets
  /// (`getModel(…).datanets`), each the one in force or a newer published one. Default []: the versions in force.
  datanetVersions?: bigint[];
}

export type PublishVersionReturnType = WriteResult<VersionPublishedEvent.OutputObject>;

/// Publishes a new version of `modelId`; the event gives the datanet versions it was trained on.
export async function publishVersion(
  client: Client,
  params: PublishVersionParameters,
): Promise<PublishVersionReturnType> {
  await signerOf(client, "publishVersion");
  const { modelId, weightsHash, uri } = params;
  const versions = [...(params.datanetVersions ?? [])];
  await preflight(client, () => client.models.publishVersion.staticCall(modelId, weightsHash, uri, versions));
  const receipt = await sendAndWait(
    client.models.publishVersion(modelId, weightsHash, uri, versions),
    `publishing a version of model ${modelId}`,
    params,
  );
  return { receipt, event: eventIn<VersionPublishedEvent.OutputObject>(receipt, client.models, "VersionPublished") };
}
