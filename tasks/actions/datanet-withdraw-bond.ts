import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { BondWithdrawnEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import { formatOpen, getSuite, printResult, runTask } from "../lib/index.js";
import { eventIn, mined, signerAt } from "./datanet-common.js";

interface Args {
  from: number;
  deploymentId: string | undefined;
  json: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const receipt = await mined(suite.datanets.connect(signer).withdrawBondCredit());
  const event = eventIn<BondWithdrawnEvent.OutputObject>(receipt, suite.datanets, "BondWithdrawn");
  printResult(
    { account: event.account, amount: args.json ? event.amount : formatOpen(event.amount), tx: receipt.hash },
    args.json,
  );
});
