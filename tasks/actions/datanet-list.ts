import { listDatanets } from "../../package/src/actions/index.js";
import { clientFor, formatOpen, getSuite, runTask, shortAddr, toJson } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { latestOf } from "./datanet-common.js";

/// Every datanet: id, URI, owner, attestor, contributions accepted and pending, its latest version, and what it has
/// accrued.
export default runTask(async (args: CommonArgs, hre): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const datanets = await listDatanets(clientFor(suite, suite.connection.ethers.provider));
  const rows = datanets.map((d) => ({
    datanet: d.datanetId,
    uri: d.uri,
    owner: d.owner,
    curators: d.curators,
    attestor: d.attestor,
    curated: d.curated,
    closed: d.closed,
    accepted: d.accepted,
    pending: d.pending,
    versionCount: d.versionCount,
    latestVersion: latestOf(d.latestVersion, args.json),
    accrued: args.json ? d.accrued : formatOpen(d.accrued),
  }));
  if (args.json) {
    process.stdout.write(`${toJson({ datanets: rows })}\n`);
    return;
  }
  if (rows.length === 0) process.stdout.write("no datanets\n");
  for (const r of rows) {
    const kind = `${r.curated ? "curated" : "open"}${r.closed ? ", closed" : ""}`;
    process.stdout.write(
      `#${r.datanet.toString(10)} ${r.uri}  (${kind})  owner ${shortAddr(r.owner)}, attestor ${shortAddr(r.attestor)}\n` +
        `    accepted ${r.accepted.contributions.toString(10)} (+${r.accepted.batches.toString(10)} batches), ` +
        `pending ${r.pending.contributions.toString(10)} (+${r.pending.batches.toString(10)} batches), accrued ${String(r.accrued)}\n` +
        `    latest version ${String(r.latestVersion)}\n`,
    );
  }
});
