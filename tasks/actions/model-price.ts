import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatOpen, getSuite, printResult, runTask } from "../lib/index.js";
import { mined, parseId, parseOpen, required, signerAt } from "./datanet-common.js";

interface Args {
  model: string | undefined;
  price: string | undefined;
  from: number;
  deploymentId: string | undefined;
  json: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const price = parseOpen("--price", required("price", args.price));
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const previous = (await suite.models.model(modelId)).price;
  const receipt = await mined(suite.models.connect(signer).setPrice(modelId, price));
  const show = (wei: bigint): bigint | string => (args.json ? wei : formatOpen(wei));
  printResult({ model: modelId, previous: show(previous), price: show(price), tx: receipt.hash }, args.json);
});
