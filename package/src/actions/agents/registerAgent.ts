/// registerAgent: registers an agent, an ERC-721 token of the caller in the AgentRegistry (ERC-8004's identity
/// registry), with its agent URI and on-chain metadata. The URI is given as it is (`ipfs://…`, `https://…`) or made
/// from a registration file, embedded as a data URI: a file with problems is refused with all of them before anything
/// is sent. The agent's wallet starts as its owner.
import type { MetadataSetEvent, RegisteredEvent } from "../../../../typechain-types/agents/AgentRegistry.js";
import { registrationDataURI, requireValidRegistration } from "../../agents/registration.js";
import type { AgentRegistrationFile } from "../../agents/registration.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { eventIn, eventsIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { metadataBytes } from "./internal.js";

/// The reserved metadata key that only `setAgentWallet` writes.
export const AGENT_WALLET_KEY = "agentWallet";

/// One entry of on-chain metadata: text is stored as its UTF-8 bytes, a Uint8Array as it is.
export interface AgentMetadataInput {
  key: string;
  value: string | Uint8Array;
}

export interface RegisterAgentParameters extends ActionOptions {
  /// The agent URI, as it is. Give this or `file`.
  uri?: string;
  /// A registration file, checked (`validateRegistration`) and embedded as `data:application/json;base64,…`.
  file?: AgentRegistrationFile | unknown;
  /// On-chain metadata, written in order (never the reserved key "agentWallet").
  metadata?: AgentMetadataInput[];
}

export interface RegisterAgentReturnType extends WriteResult<RegisteredEvent.OutputObject> {
  agentId: bigint;
  /// The agent URI registered.
  uri: string;
  /// The MetadataSet events: the wallet's ("agentWallet", the owner) and each entry's.
  metadata: MetadataSetEvent.OutputObject[];
}

/// The agent URI of `params`: the URI given, or the data URI of the checked file.
export function agentURIOf(params: { uri?: string; file?: unknown }): string {
  if (params.uri !== undefined && params.file !== undefined) {
    throw new OpenLedgerError("give the agent URI or a registration file, not both");
  }
  if (params.file !== undefined) return registrationDataURI(requireValidRegistration(params.file));
  if (params.uri === undefined || params.uri.trim() === "") {
    throw new OpenLedgerError("an agent needs a URI or a registration file");
  }
  return params.uri.trim();
}

/// Registers an agent of the client's signer. The file, the metadata keys and the registration's static call are
/// checked first.
export async function registerAgent(client: Client, params: RegisterAgentParameters): Promise<RegisterAgentReturnType> {
  await signerOf(client, "registerAgent");
  const uri = agentURIOf(params);
  const entries = (params.metadata ?? []).map((m) => {
    if (m.key === AGENT_WALLET_KEY) {
      throw new OpenLedgerError(`metadata key "${AGENT_WALLET_KEY}" is reserved: set the wallet with setAgentWallet`);
    }
    if (m.key === "") throw new OpenLedgerError("a metadata key is empty");
    return { metadataKey: m.key, metadataValue: metadataBytes(m.value) };
  });
  const register = client.agents["register(string,(string,bytes)[])"];
  await preflight(client, () => register.staticCall(uri, entries));
  const receipt = await sendAndWait(register(uri, entries), "registering the agent", params);
  const event = eventIn<RegisteredEvent.OutputObject>(receipt, client.agents, "Registered");
  const metadata = eventsIn<MetadataSetEvent.OutputObject>(receipt, client.agents, "MetadataSet");
  return { receipt, event, agentId: event.agentId, uri, metadata };
}
