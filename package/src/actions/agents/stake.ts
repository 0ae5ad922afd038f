/// The operator stake of an agent, in OPEN: anyone may add to it (approve + stake, approving exactly the amount and
/// only when the allowance is short), its owner asks to take some out, and takes it out once the unstake delay is
/// over and no slash is pending. Stake that is unlocking no longer counts for `canTakeJobs` but stays slashable.
import type {
  StakedEvent,
  UnstakedEvent,
  UnstakeRequestedEvent,
} from "../../../../typechain-types/agents/AgentRegistry.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatOpen } from "../../format/index.js";
import { ensureAllowance, eventIn, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface StakeAgentParameters extends ActionOptions {
  agentId: bigint;
  /// OPEN wei to add.
  amount: bigint;
}

export type StakeAgentReturnType = WriteResult<StakedEvent.OutputObject>;

/// Adds `amount` OPEN of the client's signer to the stake of `agentId`. The balance and the stake's static call are
/// checked before anything is sent, so that a stake that would fail leaves no approval behind.
export async function stakeAgent(client: Client, params: StakeAgentParameters): Promise<StakeAgentReturnType> {
  const { address } = await signerOf(client, "stakeAgent");
  const { agentId, amount } = params;
  if (amount === 0n) throw new OpenLedgerError("the amount to stake must be more than 0 OPEN");
  await client.agents.ownerOf(agentId); // UnknownAgent, before the balance
  await requireOpenBalance(client, address, amount, `to stake on agent ${agentId.toString(10)}`);
  await preflight(client, () => client.agents.stake.staticCall(agentId, amount), true);
  const approval = await ensureAllowance(client, address, client.addresses.agents, amount, params);
  const receipt = await sendAndWait(
    client.agents.stake(agentId, amount),
    `staking ${formatOpen(amount)} on agent ${agentId.toString(10)}`,
    params,
  );
  return { receipt, event: eventIn<StakedEvent.OutputObject>(receipt, client.agents, "Staked"), approval };
}

export interface RequestAgentUnstakeParameters extends ActionOptions {
  agentId: bigint;
  /// OPEN wei to start unlocking.
  amount: bigint;
}

export type RequestAgentUnstakeReturnType = WriteResult<UnstakeRequestedEvent.OutputObject>;

/// Starts unlocking `amount` of the stake of `agentId` (owner only): a request restarts the delay for all that is
/// unlocking. More than is staked is refused in one line with both amounts.
export async function requestAgentUnstake(
  client: Client,
  params: RequestAgentUnstakeParameters,
): Promise<RequestAgentUnstakeReturnType> {
  await signerOf(client, "requestAgentUnstake");
  const { agentId, amount } = params;
  if (amount === 0n) throw new OpenLedgerError("the amount to unstake must be more than 0 OPEN");
  const [staked] = await client.agents.stakeOf(agentId);
  if (amount > staked) {
    throw new OpenLedgerError(
      `agent ${agentId.toString(10)} has ${formatOpen(staked)} staked, less than the ${formatOpen(amount)} asked`,
    );
  }
  await preflight(client, () => client.agents.requestUnstake.staticCall(agentId, amount));
  const receipt = await sendAndWait(
    client.agents.requestUnstake(agentId, amount),
    `unlocking ${formatOpen(amount)} of agent ${agentId.toString(10)}`,
    params,
  );
  const event = eventIn<UnstakeRequestedEvent.OutputObject>(receipt, client.agents, "UnstakeRequested");
  return { receipt, event };
}

export interface UnstakeAgentParameters extends ActionOptions {
  agentId: bigint;
  /// Who receives the OPEN (default: the client's signer).
  to?: string;
}

export type UnstakeAgentReturnType = WriteResult<UnstakedEvent.OutputObject>;

/// Takes out all that is unlocking of the stake of `agentId` (owner only), once its delay is over and no slash is
/// pending. Nothing unlocking is refused in one line.
export async function unstakeAgent(client: Client, params: UnstakeAgentParameters): Promise<UnstakeAgentReturnType> {
  const { address } = await signerOf(client, "unstakeAgent");
  const { agentId } = params;
  const to = params.to ?? address;
  const [, unlocking] = await client.agents.stakeOf(agentId);
  if (unlocking === 0n) {
    throw new OpenLedgerError(`agent ${agentId.toString(10)} has nothing unlocking: request an unstake first`);
  }
  // A delay not over is the contract's UnstakeNotReady(agentId, unlockAt), decoded with the date: the next block's
  // time, not the latest's, decides.
  await preflight(client, () => client.agents.unstake.staticCall(agentId, to));
  const receipt = await sendAndWait(
    client.agents.unstake(agentId, to),
    `taking ${formatOpen(unlocking)} out of agent ${agentId.toString(10)}`,
    params,
  );
  return { receipt, event: eventIn<UnstakedEvent.OutputObject>(receipt, client.agents, "Unstaked") };
}
