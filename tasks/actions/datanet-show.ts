import {
  datanetVersionManifest,
  getContributions,
  getDatanet,
  getDatanetVersion,
} from "../../package/src/actions/index.js";
import type { Client } from "../../package/src/client.js";
import { manifestJson } from "../../package/src/datanets/index.js";
import {
  clientFor,
  formatOpen,
  fromBlock,
  getSuite,
  parseAddress,
  parseId,
  printResult,
  runTask,
} from "../lib/index.js";
import { formatTime, toJson, OpenLedgerError } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { latestOf } from "./datanet-common.js";

interface Args extends CommonArgs {
  datanet: string | undefined;
  contributions: boolean;
  offset: number;
  limit: number;
  contributor: string | undefined;
  fromBlock: number;
  datanetVersion: string | undefined;
  toBlock: string | undefined;
}

/// A block number option, or undefined when not given.
function blockOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value.trim())) throw new OpenLedgerError(`--${name} must be a block number, not "${value}"`);
  return Number(value.trim());
}

/// One published version: its manifest (as JSON, exactly), or its contributions and contributor weights.
async function showVersion(client: Client, datanetId: bigint, args: Args): Promise<void> {
  const text = (args.datanetVersion ?? "").trim();
  if (!/^[0-9]+$/.test(text)) throw new OpenLedgerError(`--datanet-version must be a version number, not "${text}"`);
  const version = BigInt(text);
  const toBlock = blockOption("to-block", args.toBlock);
  const v = await getDatanetVersion(client, { datanetId, version });
  const manifest = await datanetVersionManifest(client, { datanetId, version, toBlock, fromBlock: args.fromBlock });
  if (args.json) {
    process.stdout.write(manifestJson(manifest));
    return;
  }
  printResult(
    {
      datanet: datanetId,
      version,
      acceptedCount: manifest.acceptedCount,
      totalWeight: manifest.totalWeight,
      publishedAt: formatTime(v.publishedAt),
      block: manifest.blockNumber,
      contributorsAsOfBlock: toBlock ?? manifest.blockNumber,
      uri: v.uri ?? "-",
    },
    false,
  );
  process.stdout.write(`\ncontributions (${manifest.contributions.length}):\n`);
  for (const c of manifest.contributions) {
    const n = `#${c.acceptance.toString(10)}`.padEnd(5);
    process.stdout.write(
      c.kind === "record"
        ? `  ${n} record ${c.contentHash}  ${c.contributor}  w=${c.weight}\n`
        : `  ${n} batch  ${c.root}  ${c.submitter}  ${c.count.toString(10)} records (weights in its tree file)\n`,
    );
  }
  process.stdout.write(`\ncontributors (${manifest.contributors.length}):\n`);
  if (manifest.contributors.length === 0) process.stdout.write("  (none)\n");
  for (const c of manifest.contributors) {
    const records = `${c.records.toString(10)} record${c.records === 1 ? "" : "s"}`;
    process.stdout.write(`  ${c.account}  weight ${c.weight}  (${records})\n`);
  }
}

export default runTask(async (args: Args, hre): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  for (const [name, value] of [
    ["offset", args.offset],
    ["limit", args.limit],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) throw new OpenLedgerError(`--${name} must be a non-negative integer`);
  }
  const contributor = args.contributor === undefined ? undefined : parseAddress("--contributor", args.contributor);
  const since = fromBlock(args.fromBlock);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const client = clientFor(suite, suite.connection.ethers.provider);
  if (args.datanetVersion !== undefined) return showVersion(client, datanetId, args);
  if (args.toBlock !== undefined) throw new OpenLedgerError("--to-block belongs to --datanet-version");

  const d = await getDatanet(client, { datanetId, fromBlock: since });
  const open = (wei: bigint) => (args.json ? wei : formatOpen(wei));
  const details = {
    datanet: datanetId,
    ...{ uri: d.uri, owner: d.owner, attestor: d.attestor, attestorAppointed: d.attestorAppointed },
    ...{ curated: d.curated, closed: d.closed, bond: open(d.bond), contributions: d.contributions, batches: d.batches },
    ...{ acceptedCount: d.acceptedCount, acceptedWeight: d.acceptedWeight, versionCount: d.versionCount },
    latestVersion: latestOf(d.latestVersion, args.json),
    pending: d.pending,
    curators: args.json || d.curators.length > 0 ? d.curators : "-",
    accrued: open(d.accrued),
  };
  if (!args.contributions && contributor === undefined) return printResult(details, args.json);

  // A page of contributions, with their URIs from the ContributionSubmitted events.
  const offset = BigInt(args.offset);
  const limit = BigInt(args.limit);
  const page = await getContributions(client, { datanetId, offset, limit, contributor, fromBlock: since });
  const pageInfo = { offset, limit, next: page.next };
  if (args.json) {
    process.stdout.write(`${toJson({ ...details, page: pageInfo, contributionsPage: page.rows })}\n`);
    return;
  }
  printResult(details, false);
  const filter = contributor === undefined ? "" : ` by ${contributor}`;
  const end = offset + limit < page.total ? offset + limit : page.total;
  process.stdout.write(
    `\ncontributions${filter} at positions ${offset.toString(10)}..${(end > offset ? end - 1n : offset).toString(10)} ` +
      `of ${page.total.toString(10)}:\n`,
  );
  if (page.rows.length === 0) process.stdout.write("  (none)\n");
  for (const r of page.rows) {
    process.stdout.write(
      `  #${r.index.toString(10).padEnd(4)} ${r.contentHash}  ${r.contributor}  ${r.status.padEnd(8)} ` +
        `w=${r.weight.toString(10).padEnd(3)} ${r.uri ?? "-"}\n`,
    );
  }
  if (page.next !== null) process.stdout.write(`next page: --offset ${page.next.toString(10)}\n`);
});
