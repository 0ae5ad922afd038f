/// execute: executes a queued proposal once its Timelock delay is over.
import type { ProposalExecutedEvent } from "../../../../typechain-types/governance/OpenGovernor.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatTime } from "../../format/index.js";
import { stateName } from "../../governance/proposals.js";
import type { ProposalRecord, ProposalStateName } from "../../governance/proposals.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { findProposal, requireState } from "./internal.js";

export interface ExecuteParameters extends ActionOptions {
  proposalId: bigint;
  /// What Governor.propose received, if kept (propose returns it); else it is found in the chain's logs.
  record?: ProposalRecord;
}

export interface ExecuteReturnType extends WriteResult<ProposalExecutedEvent.OutputObject> {
  record: ProposalRecord;
  state: ProposalStateName | `Unknown(${string})`;
}

/// Executes. Before anything is sent: the proposal must be Queued and its Timelock delay over (else a line with the
/// date it ends), and the static call must pass.
export async function execute(client: Client, params: ExecuteParameters): Promise<ExecuteReturnType> {
  await signerOf(client, "execute");
  const id = params.proposalId;
  const governor = client.governor;
  await requireState(governor, id, ["Queued"], "execute");
  const [eta, now] = await Promise.all([governor.proposalEta(id), governor.clock()]);
  if (eta > now) {
    throw new OpenLedgerError(
      `cannot execute proposal ${id.toString()} yet: its Timelock delay ends ${formatTime(eta, now)}`,
    );
  }
  const p = await findProposal(governor, id, params.record);
  const call = [p.targets, p.values, p.calldatas, p.descriptionHash] as const;
  await preflight(client, () => governor.execute.staticCall(...call));
  const receipt = await sendAndWait(governor.execute(...call), `executing proposal ${id.toString()}`, params);
  const event = eventIn<ProposalExecutedEvent.OutputObject>(receipt, governor, "ProposalExecuted");
  return { receipt, event, record: p, state: stateName(await governor.state(id)) };
}
