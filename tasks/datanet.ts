import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { DATANET, datanetRoleTasks, text } from "./datanet-roles.js";
import { suiteTask } from "./lib/options.js";

const FROM_BLOCK = {
  name: "fromBlock",
  description: "First block to search for events",
  type: ArgumentType.INT,
  defaultValue: 0,
} as const;

/// The datanet tasks: definitions here, actions lazily imported from tasks/actions/.
export const datanetTasks: TaskDefinition[] = [
  suiteTask("datanet:create", "Create a datanet owned by the signer and print its id")
    .addOption(text("uri", "Metadata URI of the datanet (required)"))
    .addFlag({ name: "curated", description: "Keep contributions pending until a curator reviews them" })
    .addOption(text("bond", "OPEN taken with each contribution, refunded on acceptance (curated datanets only)"))
    .addOption(text("attestor", "Address allowed to post attribution roots (default: the signer)"))
    .setAction(() => import("./actions/datanet-create.js"))
    .build(),

  suiteTask(
    "datanet:contribute",
    "Contribute a file, or every file of a folder (one by one, or as one Merkle root): commit, then reveal",
  )
    .addOption(DATANET)
    .addOption(text("path", "File or folder to contribute (required)"))
    .addOption(
      text("uriPrefix", "URI prefix of the records, e.g. ipfs://<cid>/ (default: file:// and the absolute path)"),
    )
    .addOption({
      name: "batchThreshold",
      description: "A folder with more files than this is submitted as one Merkle root",
      type: ArgumentType.INT,
      defaultValue: 16,
    })
    .addOption(text("out", "Tree file of a Merkle batch (default: ./contributions/<datanet>-<root prefix>.json)"))
    .addFlag({
      name: "direct",
      description:
        "Contribute in one transaction, without commit-reveal: anyone who copies it from the mempool can take its credit",
    })
    .addOption(text("salt", "Salt of an earlier run whose reveal failed: reveals its commits instead of new ones"))
    .setAction(() => import("./actions/datanet-contribute.js"))
    .build(),

  suiteTask("datanet:review", "Accept or reject pending contributions (one transaction), or pending Merkle batches")
    .addOption(DATANET)
    .addOption(text("accept", "Comma-separated content hashes to accept (batch roots with --root)"))
    .addOption(text("reject", "Comma-separated content hashes to reject (batch roots with --root)"))
    .addOption({
      name: "weight",
      description: "Weight of the accepted contributions",
      type: ArgumentType.INT,
      defaultValue: 1,
    })
    .addOption(text("file", 'JSON file of decisions: [{ "contentHash": "0x…", "weight": 1 }, …], weight 0 rejects'))
    .addFlag({ name: "root", description: "The hashes of --accept/--reject are batch roots (reviewBatch)" })
    .setAction(() => import("./actions/datanet-review.js"))
    .build(),

  suiteTask(
    "datanet:show",
    "Show a datanet: details, curators, pending reviews, versions, and a page of contributions; or one version",
  )
    .addOption(DATANET)
    .addOption(
      text(
        "datanetVersion",
        "Show this published version: its contributions and contributor weights (--json: its manifest)",
      ),
    )
    .addOption(
      text("toBlock", "With --datanet-version: the contributors as of this block (default: the version's block)"),
    )
    .addFlag({ name: "contributions", description: "List a page of contributions" })
    .addOption({ name: "offset", description: "First position of the page", type: ArgumentType.INT, defaultValue: 0 })
    .addOption({ name: "limit", description: "Size of the page", type: ArgumentType.INT, defaultValue: 20 })
    .addOption(text("contributor", "Only the contributions of this address (within the page's positions)"))
    .addOption(FROM_BLOCK)
    .setAction(() => import("./actions/datanet-show.js"))
    .build(),

  suiteTask(
    "datanet:version",
    "Publish the next version of a datanet (datanet owner): every contribution accepted so far, and its manifest file",
  )
    .addOption(DATANET)
    .addOption(text("uri", "URI of the version's manifest (default: the file:// URL of the manifest file written)"))
    .addOption(
      text("out", "Manifest file to write (default: ./datanet-versions/<deployment id>/<datanet>-v<version>.json)"),
    )
    .setAction(() => import("./actions/datanet-version.js"))
    .build(),

  suiteTask(
    "datanet:list",
    "List every datanet: owner, attestor, contributions accepted and pending, latest version, accrued OPEN",
  )
    .setAction(() => import("./actions/datanet-list.js"))
    .build(),

  ...datanetRoleTasks,
];
