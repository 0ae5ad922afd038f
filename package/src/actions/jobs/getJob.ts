/// getJob: a job of JobEscrow as plain values (status by name, amounts in OPEN wei, times as unix times and ISO
/// dates), with the tree of its child jobs read recursively from `children`.
import type { Client } from "../../client.js";
import { isoTime } from "../agents/internal.js";
import { jobStatusName } from "./internal.js";

export interface GetJobParameters {
  jobId: bigint;
  /// Whether to read the tree of child jobs (default: true).
  children?: boolean;
}

export interface GetJobReturnType {
  jobId: bigint;
  /// The client (for a child job, its parent provider's current wallet), and who paid (an agent wallet under a
  /// budget, or the client).
  client: string;
  spender: string;
  providerAgentId: bigint;
  evaluator: string;
  /// 0 for a root job.
  parentId: bigint;
  depth: bigint;
  status: string;
  /// OPEN wei: the escrow, what children took, what is left of it (0 once finished), and once finished what it paid
  /// out, the fee, and what its client paid.
  escrow: bigint;
  childrenTaken: bigint;
  remaining: bigint;
  payout: bigint;
  fee: bigint;
  paid: bigint;
  expiry: bigint;
  expiryISO: string | null;
  submittedAt: bigint;
  submittedAtISO: string | null;
  evaluationEndsAt: bigint;
  evaluationEndsAtISO: string | null;
  /// The child jobs, oldest first, each with its own children.
  children: GetJobReturnType[];
}

/// Job `jobId` and, unless `children` is false, its tree of child jobs.
export async function getJob(client: Client, params: GetJobParameters): Promise<GetJobReturnType> {
  const { jobId } = params;
  const [j, remaining, childIds] = await Promise.all([
    client.jobs.job(jobId),
    client.jobs.remaining(jobId),
    params.children === false ? Promise.resolve([] as bigint[]) : client.jobs.children(jobId),
  ]);
  const children = await Promise.all([...childIds].reverse().map((childId) => getJob(client, { jobId: childId })));
  return {
    jobId,
    client: j.client,
    spender: j.spender,
    providerAgentId: j.providerAgentId,
    evaluator: j.evaluator,
    parentId: j.parentId,
    depth: j.depth,
    status: jobStatusName(j.status),
    escrow: j.escrow,
    childrenTaken: j.childrenTaken,
    remaining,
    payout: j.payout,
    fee: j.fee,
    paid: j.paid,
    expiry: j.expiry,
    expiryISO: isoTime(j.expiry),
    submittedAt: j.submittedAt,
    submittedAtISO: isoTime(j.submittedAt),
    evaluationEndsAt: j.evaluationEndsAt,
    evaluationEndsAtISO: isoTime(j.evaluationEndsAt),
    children,
  };
}
