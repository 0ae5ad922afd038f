import { getContributions, getDatanet } from "../../package/src/actions/index.js";
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
import { toJson, OpenLedgerError } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

interface Args extends CommonArgs {
  datanet: string | undefined;
  contributions: boolean;
  offset: number;
  limit: number;
  contributor: string | undefined;
  fromBlock: number;
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

  const d = await getDatanet(client, { datanetId, fromBlock: since });
  const open = (wei: bigint) => (args.json ? wei : formatOpen(wei));
  const details = {
    datanet: datanetId,
    ...{ uri: d.uri, owner: d.owner, attestor: d.attestor, attestorAppointed: d.attestorAppointed },
    ...{ curated: d.curated, closed: d.closed, bond: open(d.bond), contributions: d.contributions, batches: d.batches },
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
