/// budget:revoke — revokes the spending budget that the principal (`--from`) gave an agent's wallet, through the
/// SDK's `revokeBudget`. The principal's allowance to SpendingBudgets stays (its other budgets share it).
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { revokeBudget } from "../../package/src/actions/index.js";
import { clientAndSigner, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { addressOf } from "./agent-common.js";

interface Args extends SendArgs {
  agentWallet: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { suite, client, signer } = await clientAndSigner(hre, args);
  const agent = await addressOf(suite.connection, "agent-wallet", args.agentWallet);
  const { receipt } = await revokeBudget(client, { agent });
  const allowance = await client.open.allowance(signer.address, client.addresses.budgets);
  const { open } = unitsFor(args.json);
  printResult(
    { principal: signer.address, agent, revoked: true, allowance: open(allowance), tx: receipt.hash },
    args.json,
  );
});
