import { task } from "hardhat/config";
import type { TaskDefinition } from "hardhat/types/tasks";

const DEPLOYMENT_ID = {
  name: "deploymentId",
  description: "Ignition deployment id (default: $OPENLEDGER_DEPLOYMENT_ID, else chain-<chainId>)",
  defaultValue: "",
} as const;
const JSON_FLAG = { name: "json", description: "Print the result as JSON" } as const;
const FROM = {
  name: "from",
  description: "Account that sends the transaction: an index or an address",
  defaultValue: "0",
} as const;

/// The staking tasks: definitions here, actions lazily imported from tasks/actions/.
export const stakingTasks: TaskDefinition[] = [
  task("stake", "Stakes OPEN for gOPEN (approve + stake, or one transaction with --permit)")
    .addOption({ name: "amount", description: "OPEN to stake, e.g. 1000 or 0.5", defaultValue: "" })
    .addFlag({ name: "permit", description: "Approve with an EIP-2612 signature in the staking transaction" })
    .addOption(FROM)
    .addOption(DEPLOYMENT_ID)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./actions/stake.js"))
    .build(),
  task("unstake", "Requests a withdrawal of staked OPEN (--amount), or withdraws it after the cooldown (--complete)")
    .addOption({
      name: "amount",
      description: "gOPEN to burn now; the OPEN is withdrawable after the cooldown",
      defaultValue: "",
    })
    .addFlag({ name: "complete", description: "Withdraw the pending withdrawal, once its cooldown is over" })
    .addOption(FROM)
    .addOption(DEPLOYMENT_ID)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./actions/unstake.js"))
    .build(),
  task("stake:claim", "Claims the OPEN rewards earned by staking")
    .addOption(FROM)
    .addOption(DEPLOYMENT_ID)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./actions/stake-claim.js"))
    .build(),
  task("stake:status", "Shows an account's stake: balances, votes, delegate, rewards, pending withdrawal")
    .addOption({ name: "account", description: "An account index or any address", defaultValue: "0" })
    .addOption(DEPLOYMENT_ID)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./actions/stake-status.js"))
    .build(),
];
