/// What the job and feedback actions share: status names, and the one-line checks on a job before a call is sent.
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatOpen } from "../../format/index.js";
import { isoTime } from "../agents/internal.js";

/// JobEscrow's statuses, by their number.
export const JOB_STATUS_NAMES = ["None", "Open", "Funded", "Submitted", "Completed", "Rejected", "Refunded"] as const;
export type JobStatusName = (typeof JOB_STATUS_NAMES)[number];

/// The name of status `status` (`Funded`), or `unknown (9)`.
export function jobStatusName(status: bigint | number): string {
  return JOB_STATUS_NAMES[Number(status)] ?? `unknown (${status.toString(10)})`;
}

/// A job's status, read (UnknownJob reverts for an unknown id, decoded by decodeError).
export async function jobStatus(client: Client, jobId: bigint): Promise<string> {
  return jobStatusName((await client.jobs.job(jobId)).status);
}

/// Throws a one-line OpenLedgerError unless `jobId` is in one of `allowed`, saying what `action` needs.
export function requireJobStatus(jobId: bigint, status: bigint, allowed: string[], action: string): void {
  const name = jobStatusName(status);
  if (allowed.includes(name)) return;
  throw new OpenLedgerError(
    `job ${jobId.toString(10)} is ${name}, not ${allowed.join(" or ")}: it cannot be ${action}`,
  );
}

/// Whether `account` acts for `agentId` as JobEscrow sees it: its wallet, its owner, or an approved operator.
export async function actsForAgent(client: Client, account: string, agentId: bigint): Promise<boolean> {
  const [wallet, authorized] = await Promise.all([
    client.agents.getAgentWallet(agentId),
    client.agents.isAuthorizedOrOwner(account, agentId),
  ]);
  return authorized || wallet.toLowerCase() === account.toLowerCase();
}

/// Throws a one-line OpenLedgerError when `amount` is below JobEscrow's least job value (`minJobValue`), which every
/// funded job, root or child, must escrow.
export async function requireJobValue(client: Client, amount: bigint, what: string): Promise<void> {
  const least = await client.jobs.minJobValue();
  if (amount < least) {
    throw new OpenLedgerError(
      `${what}, ${formatOpen(amount)}, is below the least a job may escrow (${formatOpen(least)})`,
    );
  }
}

/// A unix time as an ISO date, `-` for 0.
export function isoOr(timestamp: bigint): string {
  return isoTime(timestamp) ?? "-";
}
