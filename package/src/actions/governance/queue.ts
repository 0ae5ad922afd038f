/// queue: queues a succeeded proposal in the Timelock, from which it can be executed after the Timelock's delay.
import type { ProposalQueuedEvent } from "../../../../typechain-types/governance/OpenGovernor.js";
import type { Client } from "../../client.js";
import { stateName } from "../../governance/proposals.js";
import type { ProposalRecord, ProposalStateName } from "../../governance/proposals.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { findProposal, requireState } from "./internal.js";

export interface QueueParameters extends ActionOptions {
  proposalId: bigint;
  /// What Governor.propose received, if kept (propose returns it); else it is found in the chain's logs.
  record?: ProposalRecord;
}

export interface QueueReturnType extends WriteResult<ProposalQueuedEvent.OutputObject> {
  record: ProposalRecord;
  state: ProposalStateName | `Unknown(${string})`;
  /// When it can be executed (a timestamp).
  eta: bigint;
}

/// Queues. Before anything is sent: the proposal must be Succeeded (else a line that says what it is and when that
/// changes), and the static call must pass.
export async function queue(client: Client, params: QueueParameters): Promise<QueueReturnType> {
  await signerOf(client, "queue");
  const id = params.proposalId;
  const governor = client.governor;
  await requireState(governor, id, ["Succeeded"], "queue");
  const p = await findProposal(governor, id, params.record);
  const call = [p.targets, p.values, p.calldatas, p.descriptionHash] as const;
  await preflight(client, () => governor.queue.staticCall(...call));
  const receipt = await sendAndWait(governor.queue(...call), `queuing proposal ${id.toString()}`, params);
  const event = eventIn<ProposalQueuedEvent.OutputObject>(receipt, governor, "ProposalQueued");
  return { receipt, event, record: p, state: stateName(await governor.state(id)), eta: event.etaSeconds };
}
