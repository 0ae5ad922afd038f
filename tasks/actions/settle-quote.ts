/// settle:quote — the fee of `units` inferences of a model now, and how the settlement would split it: the protocol
/// and stakers shares, each model's credit (the model, then its parents' lineage royalties) and each datanet's.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getSuite, parseId, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { amountsFor, parseUnitsOption, splitOut } from "./settlement-common.js";

interface Args extends CommonArgs {
  model: string;
  units: string;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const units = parseUnitsOption(args.units);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const fee = await suite.settlement.quote(modelId, units);
  const preview = await suite.settlement.previewSplit(modelId, fee);
  const amount = amountsFor(args.json);
  printResult(
    {
      model: modelId,
      units,
      price: amount(fee / units),
      fee: amount(fee),
      split: splitOut(preview, args.json),
    },
    args.json,
  );
});
