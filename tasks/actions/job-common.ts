/// What the job and feedback tasks share: a 32-byte value given as a hash or as text, an optional account, and the
/// printing of a job and of its tree of child jobs.
import { id, isHexString } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { formatOpen } from "../../package/src/format/index.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { completeJob, getJob, rejectJob } from "../../package/src/actions/index.js";
import type { GetJobReturnType } from "../../package/src/actions/index.js";
import { clientAndSigner, parseId, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { addressOf } from "./agent-common.js";

/// A 32-byte value: a hash as it is, or the KECCAK-256 of text; undefined when not given.
export function hashOrText(value: string | undefined): string | undefined {
  const text = value?.trim() ?? "";
  if (text === "") return undefined;
  return isHexString(text, 32) ? text.toLowerCase() : id(text);
}

/// An account option, or `fallback` when it is not given.
export async function accountOr(
  connection: NetworkConnection,
  option: string,
  value: string | undefined,
  fallback: string,
): Promise<string> {
  return value === undefined || value.trim() === "" ? fallback : addressOf(connection, option, value);
}

/// One line for a job: `#7 Funded agent 3, 10 OPEN escrow, 4 OPEN left, expires 2026-12-09T10:00:00Z`.
export function jobLine(j: GetJobReturnType): string {
  const parts = [`agent ${j.providerAgentId.toString(10)}`, `${formatOpen(j.escrow)} escrow`];
  if (j.childrenTaken > 0n) parts.push(`${formatOpen(j.childrenTaken)} to children`);
  if (j.status === "Open" || j.status === "Funded" || j.status === "Submitted") {
    parts.push(`${formatOpen(j.remaining)} left`, `expires ${j.expiryISO ?? "-"}`);
  } else {
    parts.push(`paid out ${formatOpen(j.payout)}`);
    if (j.fee > 0n) parts.push(`fee ${formatOpen(j.fee)}`);
  }
  return `#${j.jobId.toString(10)} ${j.status}: ${parts.join(", ")}`;
}

/// The tree of `j`'s child jobs, one line each, indented two spaces a level, `└─` before each child.
export function jobTree(j: GetJobReturnType, depth = 0): string[] {
  const line = depth === 0 ? jobLine(j) : `${"  ".repeat(depth - 1)}└─ ${jobLine(j)}`;
  return [line, ...j.children.flatMap((c) => jobTree(c, depth + 1))];
}

/// A job as JSON: every field, its children likewise.
export function jobJson(j: GetJobReturnType): Record<string, unknown> {
  const { jobId, children, ...rest } = j;
  return { job: jobId, ...rest, children: children.map(jobJson) };
}

/// The arguments of `job:complete` and `job:reject`.
export interface DecisionArgs extends SendArgs {
  job: string | undefined;
  reason: string | undefined;
}

/// `job:complete` and `job:reject`: the decision through the SDK's action `decide`, then the job after it.
export function decisionTask(
  decide: typeof completeJob | typeof rejectJob,
): (args: DecisionArgs, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return runTask(async (args: DecisionArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
    const jobId = parseId("job", args.job);
    const reason = hashOrText(args.reason);
    const { client, signer } = await clientAndSigner(hre, args);
    const result = await decide(client, { jobId, reason });
    const j = await getJob(client, { jobId, children: false });
    const { open } = unitsFor(args.json);
    printResult(
      {
        job: jobId,
        status: j.status,
        by: signer.address,
        payout: open(j.payout),
        fee: open(j.fee),
        reason: result.event.reason,
        tx: result.receipt.hash,
      },
      args.json,
    );
  });
}
