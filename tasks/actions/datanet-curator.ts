import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { CuratorSetEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import { getSuite, printResult, runTask } from "../lib/index.js";
import { eventIn, mined, parseAddress, parseId, signerAt } from "./datanet-common.js";

interface Args {
  datanet: string | undefined;
  account: string | undefined;
  remove: boolean;
  from: number;
  deploymentId: string | undefined;
  json: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const account = parseAddress("--account", args.account);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const receipt = await mined(suite.datanets.connect(signer).setCurator(datanetId, account, !args.remove));
  const event = eventIn<CuratorSetEvent.OutputObject>(receipt, suite.datanets, "CuratorSet");
  printResult({ datanet: datanetId, account: event.account, curator: event.isCurator, tx: receipt.hash }, args.json);
});
