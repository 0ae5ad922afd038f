import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

export const DATANET = {
  name: "datanet",
  description: "Datanet id",
  type: ArgumentType.STRING_WITHOUT_DEFAULT,
  defaultValue: undefined,
} as const;

/// Optional string option: `undefined` when not given.
export function text<N extends string>(name: N, description: string) {
  return { name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;
}

/// The datanet tasks of roles and withdrawals: curators, the attestor, a timed-out contribution, bond credit.
export const datanetRoleTasks: TaskDefinition[] = [
  suiteTask("datanet:curator", "Add or remove a curator of a datanet (datanet owner)")
    .addOption(DATANET)
    .addOption(text("account", "Address of the curator (required)"))
    .addFlag({ name: "remove", description: "Remove the curator instead of adding it" })
    .setAction(() => import("./actions/datanet-curator.js"))
    .build(),

  suiteTask("datanet:attestor", "Set the attestor of a datanet (datanet owner)")
    .addOption(DATANET)
    .addOption(text("attestor", "Address of the new attestor (required)"))
    .setAction(() => import("./actions/datanet-attestor.js"))
    .build(),

  suiteTask(
    "datanet:withdraw-contribution",
    "Withdraw the signer's pending contribution (or batch) once the review timeout has passed: its bond is credited",
  )
    .addOption(DATANET)
    .addOption(text("hash", "Content hash of the pending contribution, or the batch root with --root (required)"))
    .addFlag({ name: "root", description: "The hash is a Merkle batch root" })
    .setAction(() => import("./actions/datanet-withdraw-contribution.js"))
    .build(),

  suiteTask(
    "datanet:withdraw-bond",
    "Withdraw the signer's bond credit: refunded bonds, and bonds forfeited to an owner",
  )
    .setAction(() => import("./actions/datanet-withdraw-bond.js"))
    .build(),
];
