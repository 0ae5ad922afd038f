import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import {
  formatOpen,
  fromBlock,
  getSuite,
  parseAddress,
  parseId,
  printResult,
  runTask,
  toJson,
  OpenLedgerError,
} from "../lib/index.js";
import type { CommonArgs, Suite } from "../lib/index.js";
import { STATUS_NAMES, statusName } from "./datanet-common.js";

interface Args extends CommonArgs {
  datanet: string | undefined;
  contributions: boolean;
  offset: number;
  limit: number;
  contributor: string | undefined;
  fromBlock: number;
}

/// Positions read per call when counting pending contributions.
const SCAN_PAGE = 500n;

/// The accounts that are curators of `datanetId` now, from the CuratorSet events (the last one per account wins).
async function curatorsOf(suite: Suite, datanetId: bigint, since: number): Promise<string[]> {
  const logs = await suite.datanets.queryFilter(suite.datanets.filters.CuratorSet(datanetId), since);
  const current = new Map<string, boolean>();
  for (const log of logs) current.set(log.args.account, log.args.isCurator);
  return [...current].filter(([, isCurator]) => isCurator).map(([account]) => account);
}

/// How many contributions and batches of `datanetId` wait for a review.
async function pendingOf(
  suite: Suite,
  datanetId: bigint,
  contributionCount: bigint,
  batchCount: bigint,
): Promise<{ contributions: bigint; batches: bigint }> {
  let contributions = 0n;
  for (let offset = 0n; offset < contributionCount; offset += SCAN_PAGE) {
    const page = await suite.datanets.contributionsOf(datanetId, offset, SCAN_PAGE);
    for (const c of page) if (c.status === 1n) contributions++;
  }
  let batches = 0n;
  for (let i = 0n; i < batchCount; i++) {
    const root = await suite.datanets.batchRootAt(datanetId, i);
    if ((await suite.datanets.batch(datanetId, root)).status === 1n) batches++;
  }
  return { contributions, batches };
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
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

  const d = await suite.datanets.datanet(datanetId);
  const curators = await curatorsOf(suite, datanetId, since);
  const pending = await pendingOf(suite, datanetId, d.contributionCount, d.batchCount);
  const details = {
    datanet: datanetId,
    uri: d.uri,
    owner: d.owner,
    attestor: d.attestor,
    attestorAppointed: d.attestorAppointed,
    curated: d.curated,
    closed: d.closed,
    bond: args.json ? d.bond : formatOpen(d.bond),
    contributions: d.contributionCount,
    batches: d.batchCount,
    pending: { contributions: pending.contributions, batches: pending.batches },
    curators: args.json || curators.length > 0 ? curators : "-",
    accrued: args.json
      ? await suite.settlement.accrued(datanetId)
      : formatOpen(await suite.settlement.accrued(datanetId)),
  };
  if (!args.contributions && contributor === undefined) {
    printResult(details, args.json);
    return;
  }

  // A page of contributions, with their URIs from the ContributionSubmitted events.
  const offset = BigInt(args.offset);
  const limit = BigInt(args.limit);
  let page;
  let next: bigint;
  if (contributor === undefined) {
    page = await suite.datanets.contributionsOf(datanetId, offset, limit);
    next = offset + BigInt(page.length);
  } else {
    [page, next] = await suite.datanets.contributionsBy(datanetId, contributor, offset, limit);
  }
  const uris = new Map<string, string>();
  if (page.length > 0) {
    const logs = await suite.datanets.queryFilter(suite.datanets.filters.ContributionSubmitted(datanetId), since);
    for (const log of logs) uris.set(log.args.contentHash, log.args.uri);
    // A reveal that took a record over gave its own URI: the later event wins.
    const claims = await suite.datanets.queryFilter(suite.datanets.filters.ContributionClaimed(datanetId), since);
    for (const log of claims) uris.set(log.args.contentHash, log.args.uri);
  }
  const rows = page.map((c) => ({
    index: c.index,
    contentHash: c.contentHash,
    contributor: c.contributor,
    status: statusName(STATUS_NAMES, c.status),
    weight: c.weight,
    uri: uris.get(c.contentHash) ?? null,
  }));
  const pageInfo = { offset, limit, next: next < d.contributionCount ? next : null };

  if (args.json) {
    process.stdout.write(`${toJson({ ...details, page: pageInfo, contributionsPage: rows })}\n`);
    return;
  }
  printResult(details, false);
  const filter = contributor === undefined ? "" : ` by ${contributor}`;
  const end = offset + limit < d.contributionCount ? offset + limit : d.contributionCount;
  process.stdout.write(
    `\ncontributions${filter} at positions ${offset.toString(10)}..${(end > offset ? end - 1n : offset).toString(10)} ` +
      `of ${d.contributionCount.toString(10)}:\n`,
  );
  if (rows.length === 0) process.stdout.write("  (none)\n");
  for (const r of rows) {
    process.stdout.write(
      `  #${r.index.toString(10).padEnd(4)} ${r.contentHash}  ${r.contributor}  ${r.status.padEnd(8)} ` +
        `w=${r.weight.toString(10).padEnd(3)} ${r.uri ?? "-"}\n`,
    );
  }
  if (pageInfo.next !== null) process.stdout.write(`next page: --offset ${pageInfo.next.toString(10)}\n`);
});
