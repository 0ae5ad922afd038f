import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// Optional string option: `undefined` when not given.
function text<N extends string>(name: N, description: string) {
  return { name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;
}

const JOB = text("job", "Job id (required)");
const REASON = text("reason", "The reason or attestation: a 32-byte hash, or text whose KECCAK-256 is taken");

/// The job tasks: definitions here, actions lazily imported from tasks/actions/.
export const jobTasks: TaskDefinition[] = [
  suiteTask(
    "job:create",
    "Create and fund a job for a provider agent (--from: the client); approves JobEscrow when the allowance is " +
      "short, or spends a principal's budget (--principal, --from: the agent wallet)",
  )
    .addOption(text("agent", "The provider agent's id (required)"))
    .addOption(text("evaluator", "Who completes or rejects: an address or an account index (default: --from)"))
    .addOption(text("amount", "OPEN to escrow, e.g. 10 (required)"))
    .addOption(text("expiry", "When it expires: a duration from now (7d) or an ISO date (required)"))
    .addOption(text("description", "The job's description URI (required)"))
    .addOption(text("principal", "Spend this principal's budget: an address or an account index"))
    .setAction(() => import("./actions/job-create.js"))
    .build(),

  suiteTask("job:fund", "Fund an Open job (--from: its client); approves JobEscrow when the allowance is short")
    .addOption(JOB)
    .addOption(text("amount", "OPEN to escrow, e.g. 10 (required)"))
    .setAction(() => import("./actions/job-fund.js"))
    .build(),

  suiteTask(
    "job:subcontract",
    "Create and fund a child of a funded job out of what is left of its escrow (--from: the parent's provider)",
  )
    .addOption(JOB)
    .addOption(text("agent", "The child's provider agent id (required)"))
    .addOption(text("evaluator", "The child's evaluator: an address or an account index (default: --from)"))
    .addOption(text("amount", "OPEN out of the parent's remaining escrow (required)"))
    .addOption(text("expiry", "A duration from now or an ISO date, no later than the parent's (default: the parent's)"))
    .addOption(text("description", "The child's description URI (required)"))
    .setAction(() => import("./actions/job-subcontract.js"))
    .build(),

  suiteTask("job:submit", "Submit the deliverable of a funded job (--from: its provider's wallet, owner or operator)")
    .addOption(JOB)
    .addOption(text("deliverable", "The deliverable: a 32-byte hash, or text whose KECCAK-256 is taken (required)"))
    .addOption(text("uri", "Where the deliverable is"))
    .setAction(() => import("./actions/job-submit.js"))
    .build(),

  suiteTask(
    "job:complete",
    "Complete a submitted job (--from: its evaluator, or anyone once the evaluation window is over)",
  )
    .addOption(JOB)
    .addOption(REASON)
    .setAction(() => import("./actions/job-complete.js"))
    .build(),

  suiteTask("job:reject", "Reject a job (--from: its client while Open, its evaluator while Funded or Submitted)")
    .addOption(JOB)
    .addOption(REASON)
    .setAction(() => import("./actions/job-reject.js"))
    .build(),

  suiteTask("job:refund", "Refund an Open or Funded job once it expired (anyone)")
    .addOption(JOB)
    .setAction(() => import("./actions/job-refund.js"))
    .build(),

  suiteTask("job:show", "Show a job and its tree of child jobs, with each job's status and amounts")
    .addOption(JOB)
    .setAction(() => import("./actions/job-show.js"))
    .build(),
];
