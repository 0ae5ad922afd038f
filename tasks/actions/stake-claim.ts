/// stake:claim — claims the OPEN rewards earned by staking (the SDK's `claimRewards`); NoRewards(account) when
/// nothing is earned.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { claimRewards } from "../../package/src/actions/index.js";
import { clientAndSigner, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

export default runTask(async (args: SendArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { client, signer: account } = await clientAndSigner(hre, args);
  const { receipt, event } = await claimRewards(client);
  const { open } = unitsFor(args.json);
  printResult(
    {
      account: account.address,
      claimed: open(event.amount),
      openBalance: open(await client.open.balanceOf(account.address)),
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
