/// budget:status — the budget a principal gave an agent's wallet (the SDK's `getBudget`): amount per period, what is
/// spent and left in this period with its start and end, the expiry, the models, and the principal's allowance to
/// SpendingBudgets and balance.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getBudget } from "../../package/src/actions/index.js";
import { clientFor, getSuite, printResult, runTask, unitsFor } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { addressOf } from "./agent-common.js";

interface Args extends CommonArgs {
  from: string;
  principal: string | undefined;
  agentWallet: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const principalText = args.principal === undefined || args.principal.trim() === "" ? args.from : args.principal;
  const principal = await addressOf(suite.connection, "principal", String(principalText));
  const agent = await addressOf(suite.connection, "agent-wallet", args.agentWallet);
  const b = await getBudget(clientFor(suite, suite.connection.ethers.provider), { principal, agent });
  if (args.json) {
    printResult({ ...b }, true);
    return;
  }
  const { open, seconds } = unitsFor(false);
  if (!b.exists) {
    printResult({ principal, agent, budget: "none", allowance: open(b.allowance), balance: open(b.balance) }, false);
    return;
  }
  const state = b.expired ? "expired" : b.amountPerPeriod === 0n ? "frozen (lowered to 0)" : "active";
  printResult(
    {
      principal,
      agent,
      budget: state,
      amountPerPeriod: open(b.amountPerPeriod),
      period: seconds(b.period),
      spentInPeriod: open(b.spentInPeriod),
      available: open(b.available),
      periodStart: b.periodStartISO,
      periodEnd: b.periodEndISO,
      expiry: b.expiryISO,
      models: b.modelIds.length === 0 ? "any" : b.modelIds,
      allowance: open(b.allowance),
      balance: open(b.balance),
    },
    false,
  );
});
