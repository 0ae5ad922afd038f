/// model:show — a model (the SDK's `getModel`): terms, lineage, training datanets at the versions in force, versions
/// with the datanet versions each was trained on, revenue not withdrawn.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { BPS, getModel, grouped } from "../../package/src/actions/index.js";
import { clientFor, formatOpen, fromBlock, getSuite, parseId, printResult, runTask, toJson } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

interface Args extends CommonArgs {
  model: string | undefined;
  fromBlock: number;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const since = fromBlock(args.fromBlock);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const m = await getModel(clientFor(suite, suite.connection.ethers.provider), { modelId, fromBlock: since });
  const versions = m.versions.map((v) => ({
    ...v,
    publishedAt: new Date(Number(v.publishedAt) * 1000).toISOString(),
  }));
  const parent = m.parentId === 0n ? null : m.parentId;

  if (args.json) {
    const { modelId: model, owner, status, suspended, cardURI, price, ownerBps, effectiveOwnerBps } = m;
    const rest = { depth: m.depth, lineage: m.lineage, datanets: m.datanets, versions, revenue: m.revenue };
    const shown = { model, owner, status, suspended, cardURI, price, ownerBps, effectiveOwnerBps, parent, ...rest };
    process.stdout.write(`${toJson({ ...shown, revenueFrozen: suspended })}\n`);
    return;
  }
  const held =
    m.effectiveOwnerBps !== m.ownerBps ? ` (owner held to ${grouped(m.effectiveOwnerBps)} by the floor)` : "";
  printResult(
    {
      model: modelId,
      owner: m.owner,
      status: m.status + (m.suspended ? " (suspended)" : ""),
      cardURI: m.cardURI,
      price: `${formatOpen(m.price)} per inference`,
      split: `owner ${grouped(m.ownerBps)} bps, data ${grouped(BPS - m.ownerBps)} bps${held}`,
      parent: parent ?? "-",
      lineage: m.lineage.length === 0 ? "-" : `${m.lineage.map((id) => id.toString(10)).join(" → ")} (parent first)`,
      datanets: m.datanets.map(
        (d) => `${d.datanetId.toString(10)} v${d.version.toString(10)} (${grouped(d.weightBps)} bps)`,
      ),
      revenue: `${formatOpen(m.revenue)} not withdrawn` + (m.suspended ? " (frozen while suspended)" : ""),
    },
    false,
  );
  process.stdout.write(`versions (${versions.length.toString(10)}):\n`);
  for (const v of versions) {
    const trained = v.datanetVersions
      .map((dv, i) => `${m.datanets[i]?.datanetId.toString(10) ?? "?"} v${dv.toString(10)}`)
      .join(", ");
    process.stdout.write(
      `  v${v.version.toString(10)}  ${v.weightsHash}  ${v.publishedAt}  ${v.uri ?? "-"}  datanets ${trained}\n`,
    );
  }
});
