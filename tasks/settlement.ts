import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

const MODEL = { name: "model", description: "Model id", defaultValue: "" } as const;
const UNITS = { name: "units", description: "Number of inferences (units) to pay for", defaultValue: "1" } as const;

/// The tasks of payers and of anyone who pushes payouts (the guardian's are in guardian.ts): definitions here, actions lazily imported
/// from tasks/actions/.
export const settlementTasks: TaskDefinition[] = [
  suiteTask("settle:quote", "The fee of an inference of a model now, and how it would be split")
    .addOption(MODEL)
    .addOption(UNITS)
    .setAction(() => import("./actions/settle-quote.js"))
    .build(),
  suiteTask("settle:pay", "Pay for an inference of a model, committing to its attribution hash")
    .addOption({ ...MODEL, description: "Model id (default with --attribution: the record's)" })
    .addOption(UNITS)
    .addOption({
      name: "maxFee",
      description: "Most OPEN to pay, e.g. 0.5 (default: the quote, so a price rise reverts)",
      defaultValue: "",
    })
    .addOption({
      name: "inferenceId",
      description: "Inference id: 32 bytes of hex, or a text hashed with keccak256 (default: the record's)",
      defaultValue: "",
    })
    .addOption({
      name: "attributionHash",
      description: "Attribution hash to settle with (0x + 64 hex)",
      defaultValue: "",
    })
    .addOption({
      name: "attribution",
      description: "JSON file of one inference-log record, whose attribution hash is settled (or --attribution-hash)",
      defaultValue: "",
    })
    .addFlag({ name: "permit", description: "Sign an EIP-2612 permit of --max-fee instead of approving" })
    .setAction(() => import("./actions/settle-pay.js"))
    .build(),
  suiteTask(
    "settle:batch",
    "Pay for every inference of an inference log (JSON lines) with one approval and few transactions",
  )
    .addOption({
      name: "file",
      description: "Inference log: one record a line, with optional units and maxFee (OPEN)",
      defaultValue: "",
    })
    .addOption({
      name: "chunk",
      description: "Inferences per settleBatch transaction",
      type: ArgumentType.INT,
      defaultValue: 100,
    })
    .setAction(() => import("./actions/settle-batch.js"))
    .build(),
  suiteTask(
    "settlement:status",
    "Fee shares, pools, pause state, attribution parameters, every datanet's and model's credit",
  )
    .setAction(() => import("./actions/settlement-status.js"))
    .build(),
  suiteTask("settlement:push-rewards", "Push the stakers share to gOPEN's reward accumulator (anyone)")
    .setAction(() => import("./actions/settlement-push-rewards.js"))
    .build(),
  suiteTask("settlement:pay-treasury", "Pay the protocol share to the treasury (anyone)")
    .setAction(() => import("./actions/settlement-pay-treasury.js"))
    .build(),
];
