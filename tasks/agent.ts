import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// Optional string option: `undefined` when not given.
function text<N extends string>(name: N, description: string) {
  return { name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;
}

const AGENT = text("agent", "Agent id (required)");

/// The agent tasks: definitions here, actions lazily imported from tasks/actions/.
export const agentTasks: TaskDefinition[] = [
  suiteTask(
    "agent:register",
    "Register an agent (ERC-8004 identity) with its agent URI, or with a registration file checked and embedded as " +
      "a data URI, and print its id",
  )
    .addOption(text("uri", "Agent URI, as it is (ipfs://…, https://…): where its registration file is"))
    .addOption(text("file", "Registration file (JSON, registration-v1): checked, then embedded as the agent URI"))
    .addOption(text("metadata", "On-chain metadata, key=value entries separated by commas (text values)"))
    .setAction(() => import("./actions/agent-register.js"))
    .build(),

  suiteTask(
    "agent:show",
    "Show an agent: owner, wallet, URI and embedded registration file, served models, stake, pending slash, " +
      "whether it can take jobs",
  )
    .addOption(AGENT)
    .setAction(() => import("./actions/agent-show.js"))
    .build(),

  suiteTask("agent:list", "List every agent: id, name, owner, wallet, models, stake, whether it can take jobs")
    .addOption({
      name: "fromBlock",
      description: "First block to search for Registered events",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .setAction(() => import("./actions/agent-list.js"))
    .build(),

  suiteTask(
    "agent:wallet",
    "Set an agent's wallet (--set, signed by the new wallet: --wallet-key, or the network account it is) or clear " +
      "it (--unset); owner or operator",
  )
    .addOption(AGENT)
    .addOption(text("set", "The new wallet: an address, or an index into the network's accounts"))
    .addOption(text("walletKey", "The new wallet's private key, to sign with (default: the network's account)"))
    .addFlag({ name: "unset", description: "Clear the wallet instead" })
    .setAction(() => import("./actions/agent-wallet.js"))
    .build(),

  suiteTask(
    "agent:models",
    "Declare the models an agent serves (--declare, owner or operator) or confirm one (--confirm, model owner)",
  )
    .addOption(AGENT)
    .addOption(text("declare", "Model ids, e.g. 1,2"))
    .addOption(text("confirm", "A model id, confirmed by its owner (--from)"))
    .setAction(() => import("./actions/agent-models.js"))
    .build(),

  suiteTask(
    "agent:stake",
    "Add OPEN to an agent's operator stake (approve + stake; anyone), or, as its owner, start unlocking some " +
      "(--request-unstake) or take out what unlocked (--unstake)",
  )
    .addOption(AGENT)
    .addOption(text("amount", "OPEN to stake or to unlock, e.g. 100 or 0.5"))
    .addFlag({ name: "requestUnstake", description: "Start unlocking --amount (owner)" })
    .addFlag({ name: "unstake", description: "Take out all that unlocked (owner)" })
    .addOption(text("to", "With --unstake: who receives the OPEN (default: the signer)"))
    .setAction(() => import("./actions/agent-stake.js"))
    .build(),
];
