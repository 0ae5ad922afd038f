import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatOpen, mined, parseId, parseOpen, printResult, required, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string | undefined;
  price: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  // A price of 0 is the contract's to refuse (ZeroPrice), with its own error.
  const price = parseOpen(required("price", args.price), "--price", true);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const previous = (await suite.models.model(modelId)).price;
  const receipt = await mined(suite.models.connect(signer).setPrice(modelId, price));
  const show = (wei: bigint): bigint | string => (args.json ? wei : formatOpen(wei));
  printResult({ model: modelId, previous: show(previous), price: show(price), tx: receipt.hash }, args.json);
});
