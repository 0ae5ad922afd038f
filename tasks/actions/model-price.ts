/// model:price — sets the price per inference of a model, in OPEN (model owner), through the SDK's `setPrice`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { setPrice } from "../../package/src/actions/index.js";
import { clientAndSigner, parseId, parseOpen, printResult, required, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string | undefined;
  price: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  // A price of 0 is the contract's to refuse (ZeroPrice), with its own error.
  const price = parseOpen(required("price", args.price), "--price", true);
  const { client } = await clientAndSigner(hre, args);
  const { receipt, previous } = await setPrice(client, { modelId, price });
  const { open } = unitsFor(args.json);
  printResult({ model: modelId, previous: open(previous), price: open(price), tx: receipt.hash }, args.json);
});
