/// The option set that every task of the suite shares, declared once: `--from` (an index into the network's
/// accounts or an address: who sends, or whose view a read-only task shows), `--deployment-id` and `--json`.
/// `suiteTask` starts a task definition with the three of them; the task adds its own options after.
import { task } from "hardhat/config";

export const FROM = {
  name: "from",
  description: "Account: an index into the network's accounts, or an address (default: account 0)",
  defaultValue: "0",
} as const;

export const DEPLOYMENT_ID = {
  name: "deploymentId",
  description: "Ignition deployment id (default: $OPENLEDGER_DEPLOYMENT_ID, else chain-<chainId>)",
  defaultValue: "",
} as const;

export const JSON_FLAG = {
  name: "json",
  description: "Print one JSON document (amounts in wei, times in unix seconds)",
} as const;

/// A task definition with the shared options; `from` overrides what `--from` means for this task in its help.
export function suiteTask(name: string, description: string, from: string = FROM.description) {
  return task(name, description)
    .addOption({ ...FROM, description: from })
    .addOption(DEPLOYMENT_ID)
    .addFlag(JSON_FLAG);
}
