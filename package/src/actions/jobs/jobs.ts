/// Jobs in JobEscrow (ERC-8183 with subcontracting): a client creates and funds a job for a provider agent (or an
/// agent wallet does so under its principal's budget), the provider subcontracts child jobs out of what is left of the
/// escrow and submits, the evaluator completes or rejects, an unsubmitted job is refunded once expired, and the
/// payouts are withdrawn. Each action reads the job first and refuses in one line, in OPEN and ISO time, what the
/// contract would refuse (the wrong state, the wrong caller, an amount above what is left, a job too deep, a refund
/// before the expiry); then it runs the static call and sends.
import type {
  AgentEarningsWithdrawnEvent,
  JobCompletedEvent,
  JobCreatedEvent,
  JobExpiredEvent,
  JobFundedEvent,
  JobRejectedEvent,
  JobSubcontractedEvent,
  JobSubmittedEvent,
  WithdrawnEvent,
} from "../../../../typechain-types/agents/JobEscrow.js";
import { ZeroHash } from "ethers";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatOpen } from "../../format/index.js";
import { budgetRefusal } from "../agents/settleFor.js";
import { getBudget } from "../agents/budgets.js";
import { ensureAllowance, eventIn, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { chainNow, signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { actsForAgent, isoOr, requireJobStatus, requireJobValue } from "./internal.js";

const id = (n: bigint): string => n.toString(10);

export interface CreateJobParameters extends ActionOptions {
  providerAgentId: bigint;
  /// Who completes or rejects the job.
  evaluator: string;
  /// Unix time: an unsubmitted job may be refunded from then on.
  expiry: bigint;
  descriptionURI: string;
  /// OPEN wei to escrow.
  amount: bigint;
  /// The principal whose budget the signer (an agent wallet) spends; the principal is then the client of record.
  principal?: string;
}

export interface CreateJobReturnType extends WriteResult<JobCreatedEvent.OutputObject> {
  jobId: bigint;
  funded: JobFundedEvent.OutputObject;
}

/// Creates and funds a job for `providerAgentId` (createAndFund), approving JobEscrow for the amount first when the
/// signer's allowance is short (reported through `onProgress`); with `principal`, spends the principal's budget
/// instead (createAndFundFor), after checking what is left of it.
export async function createJob(client: Client, params: CreateJobParameters): Promise<CreateJobReturnType> {
  const { address } = await signerOf(client, "createJob");
  const { providerAgentId, evaluator, expiry, descriptionURI, amount, principal } = params;
  await requireJobValue(client, amount, "the job's amount");
  const now = await chainNow(client);
  if (expiry <= now) throw new OpenLedgerError(`the job's expiry ${isoOr(expiry)} is not after now (${isoOr(now)})`);
  if (!(await client.agents.canTakeJobs(providerAgentId))) {
    const [[staked], minStake] = await Promise.all([client.agents.stakeOf(providerAgentId), client.agents.minStake()]);
    throw new OpenLedgerError(
      `agent ${id(providerAgentId)} cannot take jobs: ${formatOpen(staked)} staked, ${formatOpen(minStake)} needed ` +
        "(or a slash of it is pending)",
    );
  }
  let approval: string | undefined;
  let sent;
  if (principal !== undefined) {
    if (await actsForAgent(client, address, providerAgentId)) {
      throw new OpenLedgerError(
        `${address} acts for agent ${id(providerAgentId)}: it may not fund a job for its own agent from ` +
          `${principal}'s budget`,
      );
    }
    const budget = await getBudget(client, { principal, agent: address });
    const refusal = budgetRefusal({ ...budget, modelIds: [] }, 0n, amount);
    if (refusal !== undefined) throw new OpenLedgerError(refusal);
    const call = [principal, providerAgentId, evaluator, expiry, descriptionURI, amount] as const;
    await preflight(client, () => client.jobs.createAndFundFor.staticCall(...call));
    sent = sendAndWait(
      client.jobs.createAndFundFor(...call),
      `creating a job of ${formatOpen(amount)} for agent ${id(providerAgentId)}, paid from ${principal}'s budget`,
      params,
    );
  } else {
    await requireOpenBalance(client, address, amount, "to escrow");
    const call = [providerAgentId, evaluator, expiry, descriptionURI, amount] as const;
    await preflight(client, () => client.jobs.createAndFund.staticCall(...call), true);
    approval = await ensureAllowance(client, address, client.addresses.jobs, amount, {
      onProgress: (p) => params.onProgress?.({ ...p, message: `approving JobEscrow for ${formatOpen(amount)}` }),
    });
    sent = sendAndWait(
      client.jobs.createAndFund(...call),
      `creating a job of ${formatOpen(amount)} for agent ${id(providerAgentId)}`,
      params,
    );
  }
  const receipt = await sent;
  const event = eventIn<JobCreatedEvent.OutputObject>(receipt, client.jobs, "JobCreated");
  const funded = eventIn<JobFundedEvent.OutputObject>(receipt, client.jobs, "JobFunded");
  return { receipt, event, funded, jobId: event.jobId, approval };
}

export interface FundJobParameters extends ActionOptions {
  jobId: bigint;
  amount: bigint;
}

export type FundJobReturnType = WriteResult<JobFundedEvent.OutputObject>;

/// Funds Open job `jobId` (its client only), approving JobEscrow for the amount when the allowance is short.
export async function fundJob(client: Client, params: FundJobParameters): Promise<FundJobReturnType> {
  const { address } = await signerOf(client, "fundJob");
  const { jobId, amount } = params;
  await requireJobValue(client, amount, "the amount to fund");
  const j = await client.jobs.job(jobId);
  requireJobStatus(jobId, j.status, ["Open"], "funded");
  if (j.client.toLowerCase() !== address.toLowerCase()) {
    throw new OpenLedgerError(`only the client of job ${id(jobId)} (${j.client}) may fund it, not ${address}`);
  }
  await requireOpenBalance(client, address, amount, "to escrow");
  await preflight(client, () => client.jobs.fund.staticCall(jobId, amount), true);
  const approval = await ensureAllowance(client, address, client.addresses.jobs, amount, {
    onProgress: (p) => params.onProgress?.({ ...p, message: `approving JobEscrow for ${formatOpen(amount)}` }),
  });
  const receipt = await sendAndWait(
    client.jobs.fund(jobId, amount),
    `funding job ${id(jobId)} with ${formatOpen(amount)}`,
    params,
  );
  return { receipt, event: eventIn<JobFundedEvent.OutputObject>(receipt, client.jobs, "JobFunded"), approval };
}

export interface SubcontractParameters extends ActionOptions {
  parentId: bigint;
  providerAgentId: bigint;
  evaluator: string;
  /// OPEN wei out of the parent's remaining escrow.
  amount: bigint;
  /// Unix time, no later than the parent's expiry (default: the parent's expiry).
  expiry?: bigint;
  descriptionURI: string;
}

export interface SubcontractReturnType extends WriteResult<JobSubcontractedEvent.OutputObject> {
  childId: bigint;
}

/// Creates and funds a child of funded job `parentId` out of its remaining escrow, as the parent's provider.
export async function subcontract(client: Client, params: SubcontractParameters): Promise<SubcontractReturnType> {
  const { address } = await signerOf(client, "subcontract");
  const { parentId, providerAgentId, evaluator, amount, descriptionURI } = params;
  await requireJobValue(client, amount, "the child job's amount");
  const [parent, remaining, maxDepth] = await Promise.all([
    client.jobs.job(parentId),
    client.jobs.remaining(parentId),
    client.jobs.MAX_DEPTH(),
  ]);
  requireJobStatus(parentId, parent.status, ["Funded"], "subcontracted");
  if (!(await actsForAgent(client, address, parent.providerAgentId))) {
    throw new OpenLedgerError(
      `${address} does not act for agent ${id(parent.providerAgentId)}, the provider of job ${id(parentId)}`,
    );
  }
  if (parent.depth + 1n > maxDepth) {
    throw new OpenLedgerError(
      `job ${id(parentId)} sits at depth ${id(parent.depth)}: a child would sit at ${id(parent.depth + 1n)}, ` +
        `below the deepest allowed (${id(maxDepth)})`,
    );
  }
  if (amount > remaining) {
    throw new OpenLedgerError(
      `job ${id(parentId)} has ${formatOpen(remaining)} left of its escrow, less than the ${formatOpen(amount)} ` +
        "asked for the child",
    );
  }
  const expiry = params.expiry ?? parent.expiry;
  if (expiry > parent.expiry) {
    throw new OpenLedgerError(
      `the child's expiry ${isoOr(expiry)} is after its parent's (${isoOr(parent.expiry)}, job ${id(parentId)})`,
    );
  }
  const call = [parentId, providerAgentId, evaluator, amount, expiry, descriptionURI] as const;
  await preflight(client, () => client.jobs.subcontract.staticCall(...call));
  const receipt = await sendAndWait(
    client.jobs.subcontract(...call),
    `subcontracting ${formatOpen(amount)} of job ${id(parentId)} to agent ${id(providerAgentId)}`,
    params,
  );
  const event = eventIn<JobSubcontractedEvent.OutputObject>(receipt, client.jobs, "JobSubcontracted");
  return { receipt, event, childId: event.childId };
}

export interface SubmitJobParameters extends ActionOptions {
  jobId: bigint;
  /// A commitment to the deliverable (its hash, non-zero).
  deliverable: string;
  deliverableURI: string;
}

export type SubmitJobReturnType = WriteResult<JobSubmittedEvent.OutputObject>;

/// Submits the deliverable of funded `jobId`, as its provider, before its expiry and with no unfinished child.
export async function submitJob(client: Client, params: SubmitJobParameters): Promise<SubmitJobReturnType> {
  const { address } = await signerOf(client, "submitJob");
  const { jobId, deliverable, deliverableURI } = params;
  const j = await client.jobs.job(jobId);
  requireJobStatus(jobId, j.status, ["Funded"], "submitted");
  if (!(await actsForAgent(client, address, j.providerAgentId))) {
    throw new OpenLedgerError(
      `only the provider of job ${id(jobId)} (agent ${id(j.providerAgentId)}'s wallet, owner or operator) may ` +
        `submit it, not ${address}`,
    );
  }
  const now = await chainNow(client);
  if (now >= j.expiry)
    throw new OpenLedgerError(`job ${id(jobId)} expired at ${isoOr(j.expiry)}: it cannot be submitted`);
  if (deliverable === ZeroHash) throw new OpenLedgerError("the deliverable's hash must not be zero");
  await preflight(client, () => client.jobs.submit.staticCall(jobId, deliverable, deliverableURI));
  const receipt = await sendAndWait(
    client.jobs.submit(jobId, deliverable, deliverableURI),
    `submitting job ${id(jobId)}`,
    params,
  );
  return { receipt, event: eventIn<JobSubmittedEvent.OutputObject>(receipt, client.jobs, "JobSubmitted") };
}

export interface DecideJobParameters extends ActionOptions {
  jobId: bigint;
  /// The evaluator's attestation or reason, 32 bytes (default: zero).
  reason?: string;
}

export type CompleteJobReturnType = WriteResult<JobCompletedEvent.OutputObject>;

/// Completes submitted `jobId`: as its evaluator, or as anyone once its evaluation window is over.
export async function completeJob(client: Client, params: DecideJobParameters): Promise<CompleteJobReturnType> {
  const { address } = await signerOf(client, "completeJob");
  const { jobId } = params;
  const reason = params.reason ?? ZeroHash;
  const j = await client.jobs.job(jobId);
  requireJobStatus(jobId, j.status, ["Submitted"], "completed");
  if (j.evaluator.toLowerCase() !== address.toLowerCase() && (await chainNow(client)) < j.evaluationEndsAt) {
    throw new OpenLedgerError(
      `only the evaluator of job ${id(jobId)} (${j.evaluator}) may complete it before its evaluation window ends ` +
        `at ${isoOr(j.evaluationEndsAt)}`,
    );
  }
  await preflight(client, () => client.jobs.complete.staticCall(jobId, reason));
  const receipt = await sendAndWait(client.jobs.complete(jobId, reason), `completing job ${id(jobId)}`, params);
  return { receipt, event: eventIn<JobCompletedEvent.OutputObject>(receipt, client.jobs, "JobCompleted") };
}

export type RejectJobReturnType = WriteResult<JobRejectedEvent.OutputObject>;

/// Rejects `jobId`: as its client while Open, as its evaluator while Funded or Submitted (until the window ends).
export async function rejectJob(client: Client, params: DecideJobParameters): Promise<RejectJobReturnType> {
  const { address } = await signerOf(client, "rejectJob");
  const { jobId } = params;
  const reason = params.reason ?? ZeroHash;
  const j = await client.jobs.job(jobId);
  requireJobStatus(jobId, j.status, ["Open", "Funded", "Submitted"], "rejected");
  const who = j.status === 1n ? ["client", j.client] : ["evaluator", j.evaluator];
  if (who[1].toLowerCase() !== address.toLowerCase()) {
    throw new OpenLedgerError(`only the ${who[0]} of job ${id(jobId)} (${who[1]}) may reject it now, not ${address}`);
  }
  if (j.status === 3n && (await chainNow(client)) >= j.evaluationEndsAt) {
    throw new OpenLedgerError(
      `the evaluation window of job ${id(jobId)} ended at ${isoOr(j.evaluationEndsAt)}: it can only be completed`,
    );
  }
  await preflight(client, () => client.jobs.reject.staticCall(jobId, reason));
  const receipt = await sendAndWait(client.jobs.reject(jobId, reason), `rejecting job ${id(jobId)}`, params);
  return { receipt, event: eventIn<JobRejectedEvent.OutputObject>(receipt, client.jobs, "JobRejected") };
}

export interface RefundJobParameters extends ActionOptions {
  jobId: bigint;
}

export type RefundJobReturnType = WriteResult<JobExpiredEvent.OutputObject>;

/// Refunds `jobId`, Open or Funded (never submitted), once expired. Anyone may call.
export async function refundJob(client: Client, params: RefundJobParameters): Promise<RefundJobReturnType> {
  await signerOf(client, "refundJob");
  const { jobId } = params;
  const j = await client.jobs.job(jobId);
  requireJobStatus(jobId, j.status, ["Open", "Funded"], "refunded");
  const now = await chainNow(client);
  if (now < j.expiry) {
    throw new OpenLedgerError(
      `job ${id(jobId)} expires at ${isoOr(j.expiry)}: it can be refunded from then on, not now (${isoOr(now)})`,
    );
  }
  await preflight(client, () => client.jobs.refund.staticCall(jobId));
  const receipt = await sendAndWait(client.jobs.refund(jobId), `refunding job ${id(jobId)}`, params);
  return { receipt, event: eventIn<JobExpiredEvent.OutputObject>(receipt, client.jobs, "JobExpired") };
}

export interface WithdrawJobFundsParameters extends ActionOptions {
  /// An agent's earnings (its wallet, owner or operator); without it, the signer's refunds as a client.
  agentId?: bigint;
  /// Who receives the OPEN (default: the signer).
  to?: string;
}

export interface WithdrawJobFundsReturnType {
  receipt: WriteResult<unknown>["receipt"];
  event: WithdrawnEvent.OutputObject | AgentEarningsWithdrawnEvent.OutputObject;
  amount: bigint;
}

/// Withdraws an agent's earnings (withdrawAgentEarnings) or the signer's refunds (withdraw). Nothing to withdraw is
/// refused in one line.
export async function withdrawJobFunds(
  client: Client,
  params: WithdrawJobFundsParameters,
): Promise<WithdrawJobFundsReturnType> {
  const { address } = await signerOf(client, "withdrawJobFunds");
  const to = params.to ?? address;
  if (params.agentId !== undefined) {
    const agentId = params.agentId;
    const amount = await client.jobs.agentEarnings(agentId);
    if (amount === 0n) throw new OpenLedgerError(`agent ${id(agentId)} has no job earnings to withdraw`);
    await preflight(client, () => client.jobs.withdrawAgentEarnings.staticCall(agentId, to));
    const receipt = await sendAndWait(
      client.jobs.withdrawAgentEarnings(agentId, to),
      `withdrawing ${formatOpen(amount)} of agent ${id(agentId)}'s earnings to ${to}`,
      params,
    );
    const event = eventIn<AgentEarningsWithdrawnEvent.OutputObject>(receipt, client.jobs, "AgentEarningsWithdrawn");
    return { receipt, event, amount: event.amount };
  }
  const amount = await client.jobs.claimable(address);
  if (amount === 0n) throw new OpenLedgerError(`${address} has no job refunds to withdraw`);
  await preflight(client, () => client.jobs.withdraw.staticCall(to));
  const receipt = await sendAndWait(
    client.jobs.withdraw(to),
    `withdrawing ${formatOpen(amount)} of refunds to ${to}`,
    params,
  );
  const event = eventIn<WithdrawnEvent.OutputObject>(receipt, client.jobs, "Withdrawn");
  return { receipt, event, amount: event.amount };
}
