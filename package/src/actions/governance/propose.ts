/// propose: puts calls to a vote, or the change of one named protocol parameter (`gopen.cooldown` to `2h`), which is
/// checked first by simulating it from the Timelock that will execute it.
import type { ProposalCreatedEvent } from "../../../../typechain-types/governance/OpenGovernor.js";
import type { Client } from "../../client.js";
import { decodeError } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import type { ProposalCall } from "../../governance/calls.js";
import { describeChange, parameterDefinition, parseParamValue } from "../../governance/parameters.js";
import { descriptionHash, proposalId, stateName } from "../../governance/proposals.js";
import type { ProposalRecord, ProposalStateName } from "../../governance/proposals.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

/// Calls to propose, with their description.
export interface ProposeCalls {
  calls: ProposalCall[];
  description: string;
}

/// One named parameter and its new value (`"2h"`, `"500"`, `"0.5"` as a person types it, or the raw value); the
/// description defaults to `Set <name> to <new> (now <current>)`.
export interface ProposeParameter {
  parameter: string;
  value: string | bigint;
  description?: string;
}

export type ProposeParameters = ActionOptions & (ProposeCalls | ProposeParameter);

export interface ProposeReturnType extends WriteResult<ProposalCreatedEvent.OutputObject> {
  proposalId: bigint;
  state: ProposalStateName | `Unknown(${string})`;
  description: string;
  calls: ProposalCall[];
  /// For a named parameter: its value now and the one proposed, for people.
  change?: { parameter: string; current: string; proposed: string };
  /// When voting opens and ends, on the Governor's clock (timestamps).
  voteStart: bigint;
  voteEnd: bigint;
  /// What Governor.propose received, to keep (queue and execute need it).
  record: ProposalRecord;
}

async function parameterPlan(
  client: Client,
  p: ProposeParameter,
): Promise<ProposeCalls & { change: ProposeReturnType["change"] }> {
  const name = p.parameter.trim();
  const definition = parameterDefinition(name);
  const proposed = typeof p.value === "bigint" ? p.value : parseParamValue(definition.unit, p.value, name);
  const current = await definition.read(client);
  const change = describeChange(name, current, proposed, p.description);
  const call = await definition.call(client, proposed);
  const provider = client.runner.provider;
  if (provider === null) throw new OpenLedgerError("the client's runner has no provider to read the chain with");
  try {
    await provider.call({ from: client.addresses.timelock, to: call.target, data: call.calldata });
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `${name} = ${String(p.value).trim()} would revert when the Timelock executes it: ${decodeError(err)}`,
    );
  }
  return {
    calls: [call],
    description: change.description,
    change: { parameter: name, current: change.current, proposed: change.proposed },
  };
}

/// Proposes. Before anything is sent: the parameter's change is simulated from the Timelock, and Governor.propose
/// runs as a static call (a proposer below the threshold, or a proposal that exists, sends nothing).
export async function propose(client: Client, params: ProposeParameters): Promise<ProposeReturnType> {
  const { address: proposer } = await signerOf(client, "propose");
  const plan = "parameter" in params ? await parameterPlan(client, params) : { ...params, change: undefined };
  const targets = plan.calls.map((c) => c.target);
  const values = plan.calls.map((c) => c.value);
  const calldatas = plan.calls.map((c) => c.calldata);
  const id = proposalId(targets, values, calldatas, descriptionHash(plan.description));
  const governor = client.governor;

  await preflight(client, () => governor.propose.staticCall(targets, values, calldatas, plan.description));
  const receipt = await sendAndWait(
    governor.propose(targets, values, calldatas, plan.description),
    `proposing ${plan.calls.length} call(s): ${plan.description.split("\n")[0]}`,
    params,
  );
  const event = eventIn<ProposalCreatedEvent.OutputObject>(receipt, governor, "ProposalCreated");
  const [state, voteStart, voteEnd] = await Promise.all([
    governor.state(id),
    governor.proposalSnapshot(id),
    governor.proposalDeadline(id),
  ]);
  const record: ProposalRecord = {
    proposalId: id,
    proposer,
    targets,
    values,
    calldatas,
    description: plan.description,
    descriptionHash: descriptionHash(plan.description),
    voteStart,
    voteEnd,
    blockNumber: receipt.blockNumber,
    transactionHash: receipt.hash,
  };
  return {
    receipt,
    event,
    proposalId: id,
    state: stateName(state),
    description: plan.description,
    calls: plan.calls,
    change: plan.change,
    voteStart,
    voteEnd,
    record,
  };
}
