/// createDatanet: creates a datanet owned by the client's account.
import { ZeroAddress } from "ethers";
import type { DatanetCreatedEvent } from "../../../../typechain-types/registry/DatanetRegistry.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface CreateDatanetParameters extends ActionOptions {
  /// Metadata URI of the datanet.
  uri: string;
  /// Keep contributions pending until a curator reviews them.
  curated?: boolean;
  /// OPEN wei taken with each contribution, refunded on acceptance (curated datanets only).
  bond?: bigint;
  /// Who may post attribution roots (default: the account).
  attestor?: string;
}

export interface CreateDatanetReturnType extends WriteResult<DatanetCreatedEvent.OutputObject> {
  datanetId: bigint;
}

/// Creates a datanet; its static call runs first (an empty URI, a bond without curation, … send nothing).
export async function createDatanet(client: Client, params: CreateDatanetParameters): Promise<CreateDatanetReturnType> {
  const { address } = await signerOf(client, "createDatanet");
  const attestor = params.attestor ?? address;
  const call = [
    params.uri,
    params.curated === true,
    params.bond ?? 0n,
    attestor === "" ? ZeroAddress : attestor,
  ] as const;
  await preflight(client, () => client.datanets.createDatanet.staticCall(...call));
  const receipt = await sendAndWait(client.datanets.createDatanet(...call), `creating datanet ${params.uri}`, params);
  const event = eventIn<DatanetCreatedEvent.OutputObject>(receipt, client.datanets, "DatanetCreated");
  return { receipt, event, datanetId: event.datanetId };
}
