/// model:withdraw — withdraws a model's revenue from the settlement vault (model owner), through the SDK's
/// `withdrawModelRevenue`; a model suspended by governance has its revenue frozen.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { withdrawModelRevenue } from "../../package/src/actions/index.js";
import { clientAndSigner, parseAddress, parseId, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string | undefined;
  to: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const to = args.to === undefined ? undefined : parseAddress("--to", args.to);
  const { client } = await clientAndSigner(hre, args);
  const { receipt, event } = await withdrawModelRevenue(client, { modelId, to });
  const { open } = unitsFor(args.json);
  printResult({ model: modelId, to: event.to, amount: open(event.amount), tx: receipt.hash }, args.json);
});
