import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { CuratorSetEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import { eventIn, mined, parseAddress, parseId, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  account: string | undefined;
  remove: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const account = parseAddress("--account", args.account);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const receipt = await mined(suite.datanets.connect(signer).setCurator(datanetId, account, !args.remove));
  const event = eventIn<CuratorSetEvent.OutputObject>(receipt, suite.datanets, "CuratorSet");
  printResult({ datanet: datanetId, account: event.account, curator: event.isCurator, tx: receipt.hash }, args.json);
});
