import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// Optional string option: `undefined` when not given.
function text<N extends string>(name: N, description: string) {
  return { name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;
}

const AGENT_WALLET = text("agentWallet", "The agent's wallet: an address, or an index into the network's accounts");

/// The spending budget tasks: definitions here, actions lazily imported from tasks/actions/.
export const budgetTasks: TaskDefinition[] = [
  suiteTask(
    "budget:grant",
    "Give an agent's wallet a spending budget of your OPEN (--from: the principal), replacing any it had; approves " +
      "SpendingBudgets when the allowance is short of what the budget may spend",
  )
    .addOption(AGENT_WALLET)
    .addOption(text("amount", "OPEN per period, e.g. 10 (required)"))
    .addOption(text("period", "Period, e.g. 1d, 12h, 3600 (required)"))
    .addOption(text("expiry", "When it expires: a duration from now (30d) or an ISO date (2027-01-01T00:00:00Z)"))
    .addOption(text("models", "The models it may be spent on, e.g. 1,2 (default: any)"))
    .addOption(text("allowance", "OPEN to allow SpendingBudgets (default: the most the budget may spend)"))
    .setAction(() => import("./actions/budget-grant.js"))
    .build(),

  suiteTask("budget:revoke", "Revoke the spending budget you gave an agent's wallet (--from: the principal)")
    .addOption(AGENT_WALLET)
    .setAction(() => import("./actions/budget-revoke.js"))
    .build(),

  suiteTask(
    "budget:status",
    "Show the budget a principal gave an agent's wallet: amount per period, left in this period and its dates, " +
      "expiry, models, the principal's allowance",
  )
    .addOption(text("principal", "The principal: an address or an account index (default: --from)"))
    .addOption(AGENT_WALLET)
    .setAction(() => import("./actions/budget-status.js"))
    .build(),
];
