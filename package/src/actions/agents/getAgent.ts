/// getAgent and listAgents: an agent in one read (owner, wallet, URI and the registration file it embeds, served
/// models with their confirmation, stake, pending slash, whether it can take jobs), and every agent from the
/// registry's Registered events.
import { ZeroAddress } from "ethers";
import { parseRegistrationURI, validateRegistration } from "../../agents/registration.js";
import type { AgentRegistrationFile } from "../../agents/registration.js";
import type { Client } from "../../client.js";
import { isoTime } from "./internal.js";

export interface AgentStake {
  /// OPEN wei staked, not counting what is unlocking: what `canTakeJobs` counts.
  staked: bigint;
  /// OPEN wei unlocking (still slashable).
  unlocking: bigint;
  /// When what is unlocking may be taken out (0 when nothing is), and as an ISO date (null when nothing is).
  unlockAt: bigint;
  unlockAtISO: string | null;
  /// The stake the registry asks of an agent to take jobs.
  minStake: bigint;
}

export interface PendingSlash {
  /// OPEN wei proposed (capped at execution by what the agent holds).
  amount: bigint;
  /// When the challenge window ends, and as an ISO date.
  endsAt: bigint;
  endsAtISO: string | null;
  answered: boolean;
}

export interface GetAgentParameters {
  agentId: bigint;
}

export interface GetAgentReturnType {
  agentId: bigint;
  owner: string;
  /// The verified wallet; null when it was unset or cleared by a transfer.
  wallet: string | null;
  /// The nonce the next wallet signature must carry.
  walletNonce: bigint;
  uri: string;
  /// The registration file the URI embeds (a data URI), when it does and the file is valid; null otherwise (a URI to
  /// fetch, or a file with problems: see `registrationProblems`).
  registration: AgentRegistrationFile | null;
  /// The problems of the embedded file, one line each (empty when there is none or it is valid).
  registrationProblems: string[];
  /// The models it serves, each confirmed or not by the model's current owner, in model id order.
  models: Array<{ modelId: bigint; confirmed: boolean }>;
  stake: AgentStake;
  /// null when no slash is pending.
  pendingSlash: PendingSlash | null;
  canTakeJobs: boolean;
}

/// The agent `agentId`; the registry's UnknownAgent for one that was never registered.
export async function getAgent(client: Client, params: GetAgentParameters): Promise<GetAgentReturnType> {
  const { agentId } = params;
  const owner = await client.agents.ownerOf(agentId);
  const [wallet, walletNonce, uri, served, stakeOf, slash, canTakeJobs, minStake] = await Promise.all([
    client.agents.getAgentWallet(agentId),
    client.agents.agentWalletNonce(agentId),
    client.agents.tokenURI(agentId),
    client.agents.servedModels(agentId),
    client.agents.stakeOf(agentId),
    client.agents.pendingSlash(agentId),
    client.agents.canTakeJobs(agentId),
    client.agents.minStake(),
  ]);
  const embedded = parseRegistrationURI(uri);
  const registrationProblems = embedded === undefined ? [] : validateRegistration(embedded);
  const registration =
    embedded !== undefined && registrationProblems.length === 0 ? (embedded as AgentRegistrationFile) : null;
  const models = served
    .map((m) => ({ modelId: m.modelId, confirmed: m.confirmed }))
    .sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
  const [staked, unlocking, unlockAt] = stakeOf;
  const [amount, endsAt, answered] = slash;
  return {
    agentId,
    owner,
    wallet: wallet === ZeroAddress ? null : wallet,
    walletNonce,
    uri,
    registration,
    registrationProblems,
    models,
    stake: { staked, unlocking, unlockAt, unlockAtISO: isoTime(unlockAt), minStake },
    pendingSlash: endsAt === 0n ? null : { amount, endsAt, endsAtISO: isoTime(endsAt), answered },
    canTakeJobs,
  };
}

export interface AgentSummary {
  agentId: bigint;
  /// The current owner (not necessarily who registered it).
  owner: string;
  wallet: string | null;
  uri: string;
  /// The name of the registration file it embeds, if any.
  name: string | null;
  models: bigint[];
  staked: bigint;
  canTakeJobs: boolean;
  /// The block of its Registered event.
  registeredAt: number;
}

export interface ListAgentsParameters {
  /// The first block to search for Registered events (default 0).
  fromBlock?: number;
}

export type ListAgentsReturnType = AgentSummary[];

/// Every agent registered since `fromBlock`, in id order, as it is now.
export async function listAgents(client: Client, params: ListAgentsParameters = {}): Promise<ListAgentsReturnType> {
  const logs = await client.agents.queryFilter(client.agents.filters.Registered(), params.fromBlock ?? 0);
  const rows = await Promise.all(
    logs.map(async (log): Promise<AgentSummary> => {
      const agentId = log.args.agentId;
      const [owner, wallet, uri, served, [staked], canTakeJobs] = await Promise.all([
        client.agents.ownerOf(agentId),
        client.agents.getAgentWallet(agentId),
        client.agents.tokenURI(agentId),
        client.agents.servedModels(agentId),
        client.agents.stakeOf(agentId),
        client.agents.canTakeJobs(agentId),
      ]);
      const embedded = parseRegistrationURI(uri);
      const name =
        embedded !== undefined && validateRegistration(embedded).length === 0
          ? (embedded as AgentRegistrationFile).name
          : null;
      return {
        agentId,
        owner,
        wallet: wallet === ZeroAddress ? null : wallet,
        uri,
        name,
        models: served.map((m) => m.modelId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
        staked,
        canTakeJobs,
        registeredAt: log.blockNumber,
      };
    }),
  );
  return rows.sort((a, b) => (a.agentId < b.agentId ? -1 : 1));
}
