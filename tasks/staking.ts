import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// The staking tasks: definitions here, actions lazily imported from tasks/actions/.
export const stakingTasks: TaskDefinition[] = [
  suiteTask("stake", "Stakes OPEN for gOPEN (approve + stake, or one transaction with --permit)")
    .addOption({ name: "amount", description: "OPEN to stake, e.g. 1000 or 0.5", defaultValue: "" })
    .addFlag({ name: "permit", description: "Approve with an EIP-2612 signature in the staking transaction" })
    .setAction(() => import("./actions/stake.js"))
    .build(),
  suiteTask(
    "unstake",
    "Requests a withdrawal of staked OPEN (--amount), or withdraws it after the cooldown (--complete)",
  )
    .addOption({
      name: "amount",
      description: "gOPEN to burn now; the OPEN is withdrawable after the cooldown",
      defaultValue: "",
    })
    .addFlag({ name: "complete", description: "Withdraw the pending withdrawal, once its cooldown is over" })
    .setAction(() => import("./actions/unstake.js"))
    .build(),
  suiteTask("stake:claim", "Claims the OPEN rewards earned by staking")
    .setAction(() => import("./actions/stake-claim.js"))
    .build(),
  suiteTask("stake:status", "Shows an account's stake: balances, votes, delegate, rewards, pending withdrawal")
    .addOption({ name: "account", description: "An account index or any address", defaultValue: "0" })
    .setAction(() => import("./actions/stake-status.js"))
    .build(),
];
