/// setCurator and setAttestor: the datanet owner's management of who reviews contributions and who posts the
/// datanet's attribution roots.
import type { AttestorSetEvent, CuratorSetEvent } from "../../../../typechain-types/registry/DatanetRegistry.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface SetCuratorParameters extends ActionOptions {
  datanetId: bigint;
  account: string;
  /// false removes the curator.
  isCurator: boolean;
}

/// Adds or removes a curator (datanet owner only: NotDatanetOwner is reported before anything is sent).
export async function setCurator(
  client: Client,
  params: SetCuratorParameters,
): Promise<WriteResult<CuratorSetEvent.OutputObject>> {
  await signerOf(client, "setCurator");
  const call = [params.datanetId, params.account, params.isCurator] as const;
  await preflight(client, () => client.datanets.setCurator.staticCall(...call));
  const what = `${params.isCurator ? "adding" : "removing"} curator ${params.account}`;
  const receipt = await sendAndWait(client.datanets.setCurator(...call), what, params);
  return { receipt, event: eventIn<CuratorSetEvent.OutputObject>(receipt, client.datanets, "CuratorSet") };
}

export interface SetAttestorParameters extends ActionOptions {
  datanetId: bigint;
  attestor: string;
}

export interface SetAttestorReturnType extends WriteResult<AttestorSetEvent.OutputObject> {
  previous: string;
}

/// Sets the attestor (datanet owner only, and not while governance's appointment stands).
export async function setAttestor(client: Client, params: SetAttestorParameters): Promise<SetAttestorReturnType> {
  await signerOf(client, "setAttestor");
  const previous = await client.datanets.attestorOf(params.datanetId);
  const call = [params.datanetId, params.attestor] as const;
  await preflight(client, () => client.datanets.setAttestor.staticCall(...call));
  const receipt = await sendAndWait(
    client.datanets.setAttestor(...call),
    `setting attestor ${params.attestor}`,
    params,
  );
  return { receipt, previous, event: eventIn<AttestorSetEvent.OutputObject>(receipt, client.datanets, "AttestorSet") };
}
