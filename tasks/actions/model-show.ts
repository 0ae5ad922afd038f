import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatOpen, fromBlock, getSuite, parseId, printResult, runTask, toJson } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { MODEL_STATUS_NAMES, statusName } from "./datanet-common.js";
import { grouped } from "./model-card.js";

interface Args extends CommonArgs {
  model: string | undefined;
  fromBlock: number;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const since = fromBlock(args.fromBlock);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });

  const m = await suite.models.model(modelId);
  const lineage = await suite.models.lineage(modelId);
  const revenue = await suite.settlement.modelRevenue(modelId);
  const minDataBps = await suite.models.minDataBps();
  // The owner share that settlement applies: the stored one, held to the current floor on the data share.
  const effectiveOwnerBps = m.ownerBps < 10_000n - minDataBps ? m.ownerBps : 10_000n - minDataBps;

  // Versions: hashes and times from storage, URIs from the VersionPublished events.
  const uris = new Map<bigint, string>();
  const logs = await suite.models.queryFilter(suite.models.filters.VersionPublished(modelId), since);
  for (const log of logs) uris.set(log.args.version, log.args.uri);
  const versions = [];
  for (let i = 0n; i < m.versionCount; i++) {
    const v = await suite.models.version(modelId, i);
    versions.push({
      version: i,
      weightsHash: v.weightsHash,
      publishedAt: new Date(Number(v.publishedAt) * 1000).toISOString(),
      uri: uris.get(i) ?? null,
    });
  }
  const datanets = m.datanets.map((d) => ({ datanetId: d.datanetId, weightBps: d.weightBps }));

  if (args.json) {
    process.stdout.write(
      `${toJson({
        model: modelId,
        owner: m.owner,
        status: statusName(MODEL_STATUS_NAMES, m.status),
        suspended: m.suspended,
        cardURI: m.cardURI,
        price: m.price,
        ownerBps: m.ownerBps,
        effectiveOwnerBps,
        parent: m.parentId === 0n ? null : m.parentId,
        depth: m.depth,
        lineage,
        datanets,
        versions,
        revenue,
        revenueFrozen: m.suspended,
      })}\n`,
    );
    return;
  }
  printResult(
    {
      model: modelId,
      owner: m.owner,
      status: statusName(MODEL_STATUS_NAMES, m.status) + (m.suspended ? " (suspended)" : ""),
      cardURI: m.cardURI,
      price: `${formatOpen(m.price)} per inference`,
      split:
        `owner ${grouped(m.ownerBps)} bps, data ${grouped(10_000n - m.ownerBps)} bps` +
        (effectiveOwnerBps !== m.ownerBps ? ` (owner held to ${grouped(effectiveOwnerBps)} by the floor)` : ""),
      parent: m.parentId === 0n ? "-" : m.parentId,
      lineage: lineage.length === 0 ? "-" : `${lineage.map((id) => id.toString(10)).join(" → ")} (parent first)`,
      datanets: datanets.map((d) => `${d.datanetId.toString(10)} (${grouped(d.weightBps)} bps)`),
      revenue: `${formatOpen(revenue)} not withdrawn` + (m.suspended ? " (frozen while suspended)" : ""),
    },
    false,
  );
  process.stdout.write(`versions (${m.versionCount.toString(10)}):\n`);
  for (const v of versions) {
    process.stdout.write(`  v${v.version.toString(10)}  ${v.weightsHash}  ${v.publishedAt}  ${v.uri ?? "-"}\n`);
  }
});
