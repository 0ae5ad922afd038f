import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { BondWithdrawnEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import { eventIn, formatOpen, mined, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

export default runTask(async (args: SendArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { suite, signer } = await suiteAndSigner(hre, args);
  const receipt = await mined(suite.datanets.connect(signer).withdrawBondCredit());
  const event = eventIn<BondWithdrawnEvent.OutputObject>(receipt, suite.datanets, "BondWithdrawn");
  printResult(
    { account: event.account, amount: args.json ? event.amount : formatOpen(event.amount), tx: receipt.hash },
    args.json,
  );
});
