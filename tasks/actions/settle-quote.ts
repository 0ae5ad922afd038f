/// settle:quote — the fee of `units` inferences of a model now, and how the settlement would split it: the protocol
/// and stakers shares, each model's credit (the model, then its parents' lineage royalties) and each datanet's. A
/// parent suspended by governance receives no royalty: the quote names it, and its royalty shows under the datanets
/// of the model below it.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getQuote, sumCredits } from "../../package/src/actions/index.js";
import type { Credit } from "../../package/src/client.js";
import { clientFor, getSuite, parseId, parseUnitsOption, printResult, runTask, unitsFor } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

interface Args extends CommonArgs {
  model: string;
  units: string;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const units = parseUnitsOption(args.units);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const q = await getQuote(clientFor(suite, suite.connection.ethers.provider), { modelId, units });
  const { open } = unitsFor(args.json);
  const byId = (list: Credit[]): Record<string, bigint | string> =>
    Object.fromEntries(sumCredits(list).map((c) => [c.id.toString(10), open(c.amount)]));
  const s = q.suspendedAncestor;
  const extra =
    s === undefined
      ? {}
      : {
          suspendedAncestor: args.json
            ? s.modelId
            : `model ${s.modelId} is suspended: the royalty it would receive goes to model ${s.child}'s datanets`,
        };
  printResult(
    {
      model: modelId,
      units,
      price: open(q.price),
      fee: open(q.fee),
      split: {
        protocol: open(q.split.protocol),
        stakers: open(q.split.stakers),
        models: byId(q.split.models),
        datanets: byId(q.split.datanets),
      },
      ...extra,
    },
    args.json,
  );
});
