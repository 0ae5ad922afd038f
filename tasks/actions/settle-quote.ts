/// settle:quote — the fee of `units` inferences of a model now, and how the settlement would split it: the protocol
/// and stakers shares, each model's credit (the model, then its parents' lineage royalties) and each datanet's. A
/// parent suspended by governance receives no royalty: the quote names it, and its royalty shows under the datanets
/// of the model below it.
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
  // The first ancestor suspended by governance: the lineage royalty stops below it, with its child's datanets.
  const lineage = await suite.models.lineage(modelId);
  const suspended = await Promise.all(lineage.map(async (id) => (await suite.models.model(id)).suspended));
  const at = suspended.indexOf(true);
  const extra: Record<string, unknown> = {};
  if (at >= 0) {
    const child = at === 0 ? modelId : lineage[at - 1];
    extra.suspendedAncestor = args.json
      ? lineage[at]
      : `model ${lineage[at]} is suspended: the royalty it would receive goes to model ${child}'s datanets`;
  }
  printResult(
    {
      model: modelId,
      units,
      price: amount(fee / units),
      fee: amount(fee),
      split: splitOut(preview, args.json),
      ...extra,
    },
    args.json,
  );
});
