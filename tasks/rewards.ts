import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// The rewards tasks: what an account can claim, and claiming it; actions lazily imported from tasks/actions/.
export const rewardsTasks: TaskDefinition[] = [
  suiteTask("rewards:claim", "Claim what an account earned from datanets, in one transaction, from their tree files")
    .addOption({ name: "account", description: "Account to claim for (the tokens go to it)", defaultValue: "" })
    .addOption({ name: "trees", description: "Tree files, tree stores and folders, comma-separated", defaultValue: "" })
    .setAction(() => import("./actions/rewards-claim.js"))
    .build(),
  suiteTask("rewards:status", "What an account can claim: datanets, model revenue, gOPEN rewards, treasury")
    .addOption({ name: "account", description: "Account", defaultValue: "" })
    .addOption({ name: "trees", description: "Tree files, tree stores and folders, comma-separated", defaultValue: "" })
    .addOption({
      name: "fromBlock",
      description: "First block to read model transfers from",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .setAction(() => import("./actions/rewards-status.js"))
    .build(),
];
