/// Feedback in ReputationRegistry (ERC-8004), backed by JobEscrow's jobs: a client rates its latest completed or
/// rejected root job with an agent (`giveFeedback`) or a given job (`giveFeedbackForJob`), anyone appends a response,
/// and summaries are read per agent and tags (O(1)) or over a list of clients (ERC-8004's getSummary). Feedback from
/// someone other than the job's client, on a job not finished, or on a job already rated is refused in one line.
import type { NewFeedbackEvent, ResponseAppendedEvent } from "../../../../typechain-types/agents/ReputationRegistry.js";
import { ZeroHash } from "ethers";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { jobStatusName } from "./internal.js";

const id = (n: bigint): string => n.toString(10);

export interface GiveFeedbackParameters extends ActionOptions {
  /// The agent rated, for the standard call (the signer's latest completed or rejected root job with it).
  agentId?: bigint;
  /// The job rated, for giveFeedbackForJob (its provider agent is rated).
  jobId?: bigint;
  value: bigint;
  /// 0 to 18 (default 0).
  valueDecimals?: number;
  tag1?: string;
  tag2?: string;
  endpoint?: string;
  feedbackURI?: string;
  feedbackHash?: string;
}

export interface GiveFeedbackReturnType extends WriteResult<NewFeedbackEvent.OutputObject> {
  agentId: bigint;
  /// The job rated, and what the client paid for it (its weight).
  jobId: bigint;
  weight: bigint;
}

/// Why a job whose client paid nothing cannot be rated (NothingPaid).
function nothingPaid(jobId: bigint): string {
  return `job ${id(jobId)} was rejected with nothing paid (all of its escrow came back): it cannot be rated`;
}

/// The job that `client` last rated with `agentId`, or 0.
async function lastRatedJob(client: Client, agentId: bigint, rater: string): Promise<bigint> {
  const last = await client.reputation.getLastIndex(agentId, rater);
  if (last === 0n) return 0n;
  return (await client.reputation.feedbackJob(agentId, rater, last)).jobId;
}

/// Rates a job of the signer (the client): the given `jobId`, or its latest finished root job with `agentId`.
export async function giveFeedback(client: Client, params: GiveFeedbackParameters): Promise<GiveFeedbackReturnType> {
  const { address } = await signerOf(client, "giveFeedback");
  if ((params.agentId === undefined) === (params.jobId === undefined)) {
    throw new OpenLedgerError("give the agent or the job to rate, one of them");
  }
  const valueDecimals = params.valueDecimals ?? 0;
  if (!Number.isInteger(valueDecimals) || valueDecimals < 0 || valueDecimals > 18) {
    throw new OpenLedgerError(`the value's decimals must be 0 to 18, not ${valueDecimals}`);
  }
  const rest = [
    params.value,
    valueDecimals,
    params.tag1 ?? "",
    params.tag2 ?? "",
    params.endpoint ?? "",
    params.feedbackURI ?? "",
    params.feedbackHash ?? ZeroHash,
  ] as const;
  let agentId: bigint;
  let jobId: bigint;
  let send;
  if (params.jobId !== undefined) {
    jobId = params.jobId;
    const [jobClient, providerAgentId, status, escrow, paid] = await client.jobs.feedbackTerms(jobId);
    agentId = providerAgentId;
    if (jobClient.toLowerCase() !== address.toLowerCase()) {
      throw new OpenLedgerError(`only the client of job ${id(jobId)} (${jobClient}) may rate it, not ${address}`);
    }
    const name = jobStatusName(status);
    if (name !== "Completed" && name !== "Rejected") {
      throw new OpenLedgerError(`job ${id(jobId)} is ${name}, not Completed or Rejected: it cannot be rated yet`);
    }
    if (escrow !== 0n && paid === 0n) throw new OpenLedgerError(nothingPaid(jobId));
    const last = await lastRatedJob(client, agentId, address);
    if (last === jobId) throw new OpenLedgerError(`${address} already rated job ${id(jobId)}`);
    if (last > jobId) {
      throw new OpenLedgerError(
        `${address} already rated job ${id(last)} with agent ${id(agentId)}: job ${id(jobId)}, before it, can no ` +
          "longer be rated",
      );
    }
    await preflight(client, () => client.reputation.giveFeedbackForJob.staticCall(jobId, ...rest));
    send = () => client.reputation.giveFeedbackForJob(jobId, ...rest);
  } else {
    agentId = params.agentId as bigint;
    const [latest, paid] = await client.jobs.latestFinishedJob(address, agentId);
    if (latest === 0n) {
      throw new OpenLedgerError(`${address} has no completed or rejected job with agent ${id(agentId)} to rate`);
    }
    jobId = latest;
    if ((await lastRatedJob(client, agentId, address)) >= latest) {
      throw new OpenLedgerError(`${address} already rated job ${id(latest)}, its latest with agent ${id(agentId)}`);
    }
    if (paid === 0n) throw new OpenLedgerError(`${nothingPaid(latest)} (the latest with agent ${id(agentId)})`);
    await preflight(client, () => client.reputation.giveFeedback.staticCall(agentId, ...rest));
    send = () => client.reputation.giveFeedback(agentId, ...rest);
  }
  const receipt = await sendAndWait(send(), `rating job ${id(jobId)} of agent ${id(agentId)}`, params);
  const event = eventIn<NewFeedbackEvent.OutputObject>(receipt, client.reputation, "NewFeedback");
  const [, weight] = await client.reputation.feedbackJob(agentId, address, event.feedbackIndex);
  return { receipt, event, agentId, jobId, weight };
}

export interface RespondToFeedbackParameters extends ActionOptions {
  agentId: bigint;
  clientAddress: string;
  feedbackIndex: bigint;
  responseURI: string;
  responseHash?: string;
}

export type RespondToFeedbackReturnType = WriteResult<ResponseAppendedEvent.OutputObject>;

/// Appends a response to feedback `feedbackIndex` of `clientAddress` to `agentId` (anyone may respond).
export async function respondToFeedback(
  client: Client,
  params: RespondToFeedbackParameters,
): Promise<RespondToFeedbackReturnType> {
  await signerOf(client, "respondToFeedback");
  const { agentId, clientAddress, feedbackIndex, responseURI } = params;
  if (responseURI === "") throw new OpenLedgerError("the response's URI must not be empty");
  const last = await client.reputation.getLastIndex(agentId, clientAddress);
  if (feedbackIndex === 0n || feedbackIndex > last) {
    throw new OpenLedgerError(
      `${clientAddress} gave agent ${id(agentId)} no feedback ${id(feedbackIndex)} (it gave ${id(last)})`,
    );
  }
  const call = [agentId, clientAddress, feedbackIndex, responseURI, params.responseHash ?? ZeroHash] as const;
  await preflight(client, () => client.reputation.appendResponse.staticCall(...call));
  const receipt = await sendAndWait(
    client.reputation.appendResponse(...call),
    `responding to feedback ${id(feedbackIndex)} of ${clientAddress} to agent ${id(agentId)}`,
    params,
  );
  return {
    receipt,
    event: eventIn<ResponseAppendedEvent.OutputObject>(receipt, client.reputation, "ResponseAppended"),
  };
}

export interface GetFeedbackSummaryParameters {
  agentId: bigint;
  tag1?: string;
  tag2?: string;
  /// With clients: ERC-8004's getSummary over them (an empty tag matches any); without: the running aggregates of
  /// the exact tags.
  clients?: string[];
}

export interface GetFeedbackSummaryReturnType {
  agentId: bigint;
  tag1: string;
  tag2: string;
  /// The clients summarised, or null for the running aggregates.
  clients: string[] | null;
  count: bigint;
  /// The payment-weighted average value (every feedback weighs what its client paid), with `decimals` decimals.
  average: bigint;
  decimals: number;
  /// The running aggregates only (null with clients): the sum of the values and the total paid weight in OPEN wei.
  sum: bigint | null;
  totalWeight: bigint | null;
  /// Every client that gave the agent feedback.
  allClients: string[];
}

/// The summary of `agentId`'s feedback: per tags, or over `clients`.
export async function getFeedbackSummary(
  client: Client,
  params: GetFeedbackSummaryParameters,
): Promise<GetFeedbackSummaryReturnType> {
  const { agentId } = params;
  const tag1 = params.tag1 ?? "";
  const tag2 = params.tag2 ?? "";
  const [decimals, allClients] = await Promise.all([
    client.reputation.SUMMARY_DECIMALS(),
    client.reputation.getClients(agentId),
  ]);
  const base = { agentId, tag1, tag2, decimals: Number(decimals), allClients: [...allClients] };
  if (params.clients !== undefined) {
    if (params.clients.length === 0) throw new OpenLedgerError("the summary over clients needs at least one client");
    const [count, value] = await client.reputation.getSummary(agentId, params.clients, tag1, tag2);
    return { ...base, clients: [...params.clients], count, average: value, sum: null, totalWeight: null };
  }
  const [count, sum, totalWeight, average] = await client.reputation.summary(agentId, tag1, tag2);
  return { ...base, clients: null, count, average, sum, totalWeight };
}
