import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

const text = <N extends string>(name: N, description: string) =>
  ({ name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined }) as const;

const DATANET = {
  name: "datanet",
  description: "Datanet id",
  type: ArgumentType.BIGINT,
  defaultValue: 0n,
} as const;

/// The attribution tasks: definitions here, actions lazily imported from tasks/actions/.
export const attributionTasks: TaskDefinition[] = [
  suiteTask(
    "attribution:allocate",
    "Compute a datanet's cumulative allocation for an epoch and write the allocation file",
  )
    .addOption(DATANET)
    .addOption({ name: "epoch", description: "Epoch (default: the next one)", type: ArgumentType.INT, defaultValue: 0 })
    .addOption({ name: "policy", description: "pro-rata or inference-log", defaultValue: "pro-rata" })
    .addOption({ name: "log", description: "Inference log, JSON lines (inference-log policy)", defaultValue: "" })
    .addOption({
      name: "previous",
      description: "Tree (or allocation) file of the datanet's last root",
      defaultValue: "",
    })
    .addOption({ name: "out", description: "Allocation file to write", defaultValue: "" })
    .addOption({
      name: "fromBlock",
      description: "First block to read events from",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .setAction(() => import("./actions/attribution-allocate.js"))
    .build(),
  suiteTask("attribution:hash", "Print the attribution hash of each inference of a log (what the payer settles with)")
    .addOption({ name: "log", description: "Inference log, JSON lines", defaultValue: "" })
    .setAction(() => import("./actions/attribution-hash.js"))
    .build(),
  suiteTask(
    "attribution:post",
    "Build an allocation's Merkle tree, post its root and write its tree store <file>.tree/ (and <file>.tree.json with proofs up to 50,000 accounts)",
  )
    .addOption({ name: "file", description: "Allocation file", defaultValue: "" })
    .addOption({
      name: "uri",
      description: "Where the tree file is published (default: its file name, or the store's above 50,000 accounts)",
      defaultValue: "",
    })
    .addFlag({ name: "bond", description: "Deposit the missing attestor bond first" })
    .setAction(() => import("./actions/attribution-post.js"))
    .build(),
  suiteTask(
    "attribution:verify",
    "Rebuild a tree file or tree store and check it against the chain; exit code 1 on any mismatch",
  )
    .addOption({ name: "file", description: "Tree file", defaultValue: "" })
    .addOption({
      name: "log",
      description: "Inference log to check the file's attribution hashes against",
      defaultValue: "",
    })
    .addFlag({
      name: "recompute",
      description: "Attribute every inference again from --index and --outputs and check the settled hashes",
    })
    .addOption({
      name: "index",
      description: "With --recompute: index files of the models' training sets (comma-separated, or a folder of .idx)",
      defaultValue: "",
    })
    .addOption({
      name: "records",
      description:
        "With --recompute, instead of --index: the records' texts to build the indexes from (file or folder)",
      defaultValue: "",
    })
    .addOption({
      name: "trees",
      description: "With --records: record tree files of the versions' Merkle batches (file or folder)",
      defaultValue: "",
    })
    .addOption({
      name: "k",
      description: "With --records: shortest span that counts, in tokens",
      type: ArgumentType.INT,
      defaultValue: 8,
    })
    .addOption({
      name: "outputs",
      description: "With --recompute: folder of the inferences' outputs, <inferenceId>.txt",
      defaultValue: "",
    })
    .setAction(() => import("./actions/attribution-verify.js"))
    .build(),
  suiteTask(
    "attribution:index",
    "Index the records of datanet versions for span attribution: their contributors from the chain, their texts from --records, each checked against its content hash",
  )
    .addOption(text("datanet", "Datanet ids, comma-separated (required)"))
    .addOption(
      text("datanetVersion", "Version of every datanet, or one per datanet, comma-separated (default: the latest)"),
    )
    .addOption(
      text("records", "Records' texts: a JSON-lines file of { contentHash, text } or a folder of files (required)"),
    )
    .addOption(text("trees", "Record tree files of the versions' Merkle batches: a file or a folder"))
    .addOption(text("out", "Index file to write (required)"))
    .addOption({
      name: "k",
      description: "Shortest span that counts, in tokens",
      type: ArgumentType.INT,
      defaultValue: 8,
    })
    .addOption(text("background", "Background corpus: a text file, documents separated by blank lines"))
    .setAction(() => import("./actions/attribution-index.js"))
    .build(),
  suiteTask(
    "attribution:attribute",
    "Attribute an inference's output with an index file: its spans, contributors' weights and the attribution hash to settle with",
  )
    .addOption(text("index", "Index file (required)"))
    .addOption(text("output", "The inference's output, a text file (required)"))
    .addOption(
      text("model", "Model id: the index must cover its training datanet versions (default: not checked, model 0)"),
    )
    .addOption(text("inference", "Inference id (default: keccak256 of the output)"))
    .addOption({
      name: "k",
      description: "Shortest span that counts (default: the index's)",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .setAction(() => import("./actions/attribution-attribute.js"))
    .build(),
  suiteTask("attribution:activate", "Make a datanet's pending root claimable once its challenge window is over")
    .addOption(DATANET)
    .setAction(() => import("./actions/attribution-activate.js"))
    .build(),
  suiteTask("attribution:veto", "Veto a datanet's pending root inside its challenge window (guardian or governance)")
    .addOption(DATANET)
    .addOption({
      name: "epoch",
      description: "Epoch to veto (default: the pending one)",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .setAction(() => import("./actions/attribution-veto.js"))
    .build(),
  suiteTask("attribution:status", "A datanet's roots, challenge window, accrued and claimed amounts, attestor bond")
    .addOption(DATANET)
    .setAction(() => import("./actions/attribution-status.js"))
    .build(),
  suiteTask("attribution:list", "Every datanet's epochs and roots, with their status, totals and times")
    .addOption({ ...DATANET, description: "Datanet id (default: every datanet)" })
    .addOption({
      name: "fromBlock",
      description: "First block to read events from",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .setAction(() => import("./actions/attribution-list.js"))
    .build(),
];
