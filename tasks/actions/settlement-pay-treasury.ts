/// settlement:pay-treasury — pays the protocol share credited by settlements to the treasury (the Timelock, in the
/// deploy module), through the SDK's `payTreasury`. Anyone may call; NothingToWithdraw() when nothing is credited.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { payTreasury } from "../../package/src/actions/index.js";
import { clientAndSigner, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

export default runTask(async (args: SendArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { client, signer: sender } = await clientAndSigner(hre, args);
  const { receipt, event, treasury } = await payTreasury(client);
  const [treasuryAccrued, balance] = await Promise.all([
    client.settlement.treasuryAccrued(),
    client.open.balanceOf(treasury),
  ]);
  const { open } = unitsFor(args.json);
  printResult(
    {
      paid: open(event.amount),
      treasury,
      treasuryBalance: open(balance),
      treasuryAccrued: open(treasuryAccrued),
      by: sender.address,
      tx: receipt.hash,
    },
    args.json,
  );
});
