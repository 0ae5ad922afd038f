import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// Optional string option: `undefined` when not given.
function text<N extends string>(name: N, description: string) {
  return { name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;
}

const MODEL = text("model", "Model id (required)");

/// The model tasks: definitions here, actions lazily imported from tasks/actions/.
export const modelTasks: TaskDefinition[] = [
  suiteTask("model:register", "Register a model from its model card JSON and print its id")
    .addOption(
      text(
        "card",
        "Model card JSON: cardURI, weightsHash or weightsFile, weightsURI, datanets " +
          '[{ "id": N, "version": N, "weightBps": N }] at published datanet versions, price, ownerBps, …',
      ),
    )
    .setAction(() => import("./actions/model-register.js"))
    .build(),

  suiteTask(
    "model:version",
    "Publish a new version of a model's weights (model owner), trained on the same datanets at the versions in " +
      "force or at newer published ones (--datanet-versions or --card)",
  )
    .addOption(MODEL)
    .addOption(text("weightsHash", "Hash of the weights (or --weights-file)"))
    .addOption(text("weightsFile", "File of the weights, hashed with keccak256 (or --weights-hash)"))
    .addOption(text("uri", "URI of the weights (default with --weights-file: its file:// URL)"))
    .addOption(
      text(
        "datanetVersions",
        "The version of each training datanet it was trained on, in the model's order (model:show), e.g. 2,3 " +
          "(default: the versions in force)",
      ),
    )
    .addOption(
      text(
        "card",
        "Or a model card JSON whose datanets give the new versions, matched by datanet id (the datanets and weights " +
          "must be the model's)",
      ),
    )
    .setAction(() => import("./actions/model-version.js"))
    .build(),

  suiteTask(
    "model:show",
    "Show a model: terms, lineage, training datanets at the versions in force, versions with the datanet versions " +
      "each was trained on, revenue not withdrawn",
  )
    .addOption(MODEL)
    .addOption({
      name: "fromBlock",
      description: "First block to search for events",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .setAction(() => import("./actions/model-show.js"))
    .build(),

  suiteTask(
    "model:train",
    "Train the n-gram model on the records of datanet versions (texts checked against their content hashes), or fine-tune a parent's weights on them; print the weights hash",
  )
    .addOption(text("datanet", "Datanet ids, comma-separated (required)"))
    .addOption(text("datanetVersion", "Version of every datanet, or one per datanet (default: the latest)"))
    .addOption(
      text("records", "Records' texts: a JSON-lines file of { contentHash, text } or a folder of files (required)"),
    )
    .addOption(text("trees", "Record tree files of the versions' Merkle batches: a file or a folder"))
    .addOption(text("parent", "Weights file of the model to fine-tune"))
    .addOption({
      name: "order",
      description: "n (default 3, or the parent's)",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .addOption(text("out", "Weights file to write (required)"))
    .setAction(() => import("./actions/model-train.js"))
    .build(),
  suiteTask("model:generate", "Generate text from an n-gram weights file with a seed (the same seed, the same text)")
    .addOption(text("weights", "Weights file (required)"))
    .addOption(text("seed", "Seed (default 0)"))
    .addOption(text("prompt", "Text to continue"))
    .addOption({ name: "maxTokens", description: "Most tokens to generate", type: ArgumentType.INT, defaultValue: 64 })
    .setAction(() => import("./actions/model-generate.js"))
    .build(),
  suiteTask("model:list", "List every model: id, owner, card, current version, price, status, lineage")
    .setAction(() => import("./actions/model-list.js"))
    .build(),

  suiteTask("model:price", "Set the price per inference of a model, in OPEN (model owner)")
    .addOption(MODEL)
    .addOption(text("price", "Price per inference in OPEN, e.g. 0.25 (required)"))
    .setAction(() => import("./actions/model-price.js"))
    .build(),

  suiteTask("model:split", "Set the owner's share of a model's revenue, in basis points (model owner)")
    .addOption(MODEL)
    .addOption(text("ownerBps", "Owner share in basis points; the rest goes to the training data (required)"))
    .setAction(() => import("./actions/model-split.js"))
    .build(),

  suiteTask("model:withdraw", "Withdraw a model's revenue from the settlement vault (model owner)")
    .addOption(MODEL)
    .addOption(text("to", "Recipient (default: the signer)"))
    .setAction(() => import("./actions/model-withdraw.js"))
    .build(),
];
