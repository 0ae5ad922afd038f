/// The agent's wallet: the new wallet proves control by signing the EIP-712 message AgentWalletSet (agentId,
/// newWallet, owner, nonce, deadline) in the registry's domain ("OpenLedger Agent", "1", the chain, the registry),
/// with the agent's current wallet nonce; the owner or an operator then sends it. The signature names the owner, so
/// it is void once the agent changes hands, and serves once.
import type { Signer, TypedDataField } from "ethers";
import type { MetadataSetEvent } from "../../../../typechain-types/agents/AgentRegistry.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { chainNow, signerOf } from "../internal/signer.js";
import { eip712DomainOf } from "../settlement/signPermit.js";
import type { ActionOptions, WriteResult } from "../types.js";

/// AgentRegistry.AGENT_WALLET_SET_TYPEHASH:
/// AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 nonce,uint256 deadline).
export const AGENT_WALLET_TYPES: Record<string, TypedDataField[]> = {
  AgentWalletSet: [
    { name: "agentId", type: "uint256" },
    { name: "newWallet", type: "address" },
    { name: "owner", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/// How long a wallet signature stays valid by default, in seconds of chain time.
export const AGENT_WALLET_SIGNATURE_LIFETIME = 3_600n;

/// A wallet's signature for `setAgentWallet`.
export interface SignedAgentWallet {
  agentId: bigint;
  newWallet: string;
  owner: string;
  nonce: bigint;
  deadline: bigint;
  signature: string;
}

export interface SignAgentWalletParameters {
  agentId: bigint;
  /// The new wallet, which signs (an ethers signer: a Wallet of its key, a node's account).
  wallet: Signer;
  /// Seconds of chain time the signature stays valid (default `AGENT_WALLET_SIGNATURE_LIFETIME`).
  lifetime?: bigint;
}

/// The new wallet's signature of AgentWalletSet for `agentId`, with the agent's current owner and nonce, in the
/// registry's own EIP-712 domain (read from ERC-5267 `eip712Domain()`). Nothing is sent.
export async function signAgentWallet(client: Client, params: SignAgentWalletParameters): Promise<SignedAgentWallet> {
  const { agentId } = params;
  const [owner, nonce, domain, now, newWallet] = await Promise.all([
    client.agents.ownerOf(agentId),
    client.agents.agentWalletNonce(agentId),
    eip712DomainOf(client.agents),
    chainNow(client),
    params.wallet.getAddress(),
  ]);
  const deadline = now + (params.lifetime ?? AGENT_WALLET_SIGNATURE_LIFETIME);
  const message = { agentId, newWallet, owner, nonce, deadline };
  const signature = await params.wallet.signTypedData(domain, AGENT_WALLET_TYPES, message);
  return { ...message, signature };
}

export interface SetAgentWalletParameters extends ActionOptions {
  agentId: bigint;
  /// The new wallet's signer, to sign here; or `signed`, a signature it made elsewhere.
  wallet?: Signer;
  signed?: SignedAgentWallet;
}

export interface SetAgentWalletReturnType extends WriteResult<MetadataSetEvent.OutputObject> {
  /// The wallet before (null for none) and after.
  previous: string | null;
  wallet: string;
}

/// Sets the wallet of `agentId` (its owner or an operator sends): signs with `wallet`, or sends `signed`. The
/// static call checks the caller, the deadline and the signature first.
export async function setAgentWallet(
  client: Client,
  params: SetAgentWalletParameters,
): Promise<SetAgentWalletReturnType> {
  await signerOf(client, "setAgentWallet");
  const { agentId } = params;
  let signed = params.signed;
  if (signed === undefined) {
    if (params.wallet === undefined)
      throw new OpenLedgerError("setAgentWallet needs the new wallet's signer or signature");
    signed = await signAgentWallet(client, { agentId, wallet: params.wallet });
  }
  if (signed.agentId !== agentId) {
    throw new OpenLedgerError(`the signature is for agent ${signed.agentId.toString(10)}, not ${agentId.toString(10)}`);
  }
  const before = await client.agents.getAgentWallet(agentId);
  const call = [agentId, signed.newWallet, signed.deadline, signed.signature] as const;
  await preflight(client, () => client.agents.setAgentWallet.staticCall(...call));
  const receipt = await sendAndWait(
    client.agents.setAgentWallet(...call),
    `setting the wallet of agent ${agentId.toString(10)} to ${signed.newWallet}`,
    params,
  );
  const event = eventIn<MetadataSetEvent.OutputObject>(receipt, client.agents, "MetadataSet");
  const previous = /^0x0{40}$/.test(before) ? null : before;
  return { receipt, event, previous, wallet: signed.newWallet };
}

export interface UnsetAgentWalletParameters extends ActionOptions {
  agentId: bigint;
}

export interface UnsetAgentWalletReturnType extends WriteResult<MetadataSetEvent.OutputObject> {
  previous: string | null;
}

/// Clears the wallet of `agentId` (owner or operator): it has none until one is set again.
export async function unsetAgentWallet(
  client: Client,
  params: UnsetAgentWalletParameters,
): Promise<UnsetAgentWalletReturnType> {
  await signerOf(client, "unsetAgentWallet");
  const { agentId } = params;
  const before = await client.agents.getAgentWallet(agentId);
  await preflight(client, () => client.agents.unsetAgentWallet.staticCall(agentId));
  const receipt = await sendAndWait(
    client.agents.unsetAgentWallet(agentId),
    `clearing the wallet of agent ${agentId.toString(10)}`,
    params,
  );
  const event = eventIn<MetadataSetEvent.OutputObject>(receipt, client.agents, "MetadataSet");
  return { receipt, event, previous: /^0x0{40}$/.test(before) ? null : before };
}
