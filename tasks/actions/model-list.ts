/// model:list — every model of the registry (the SDK's `listModels`): owner, card, current version, price, status
/// (suspended or not) and lineage; one line each for people, one JSON document with `--json` (which also gives each
/// model's training datanets at the versions in force).
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { listModels } from "../../package/src/actions/index.js";
import { clientFor, formatOpen, getSuite, printResult, runTask, shortAddr } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

export default runTask(async (args: CommonArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const models = await listModels(clientFor(suite, suite.connection.ethers.provider));
  if (args.json) {
    const rows = models.map(({ modelId, parentId, ...m }) => ({
      model: modelId,
      ...m,
      parent: parentId === 0n ? null : parentId,
    }));
    printResult({ count: rows.length, models: rows }, true);
    return;
  }
  const lines = models.map((m) => {
    const status = m.status + (m.suspended ? " (suspended)" : "");
    const lineage = m.lineage.length === 0 ? "no parent" : `lineage ${m.lineage.join(" → ")}`;
    const terms = `${formatOpen(m.price)} per inference, v${m.version.toString(10)}, ${status}`;
    return [`model ${m.modelId.toString(10)}`, `${terms}, owner ${shortAddr(m.owner)}, ${lineage}, ${m.cardURI}`];
  });
  printResult({ models: models.length, ...Object.fromEntries(lines) }, false);
});
