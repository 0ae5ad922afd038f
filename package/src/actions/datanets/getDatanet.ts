/// getDatanet, getContributions and listDatanets: the reads behind datanet:show and datanet:list. Amounts are OPEN
/// wei; statuses by name.
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { contributionStatus } from "../../datanets/records.js";

/// Positions read per call when counting contributions.
const SCAN_PAGE = 500n;

export interface DatanetDetails {
  datanetId: bigint;
  uri: string;
  owner: string;
  attestor: string;
  attestorAppointed: boolean;
  curated: boolean;
  closed: boolean;
  bond: bigint;
  contributions: bigint;
  batches: bigint;
  /// How many contributions (records and batches) were accepted, the total weight of the accepted records, and how
  /// many versions were published.
  acceptedCount: bigint;
  acceptedWeight: bigint;
  versionCount: bigint;
  /// The latest published version, or null for none.
  latestVersion: { version: bigint; acceptedCount: bigint; totalWeight: bigint; publishedAt: bigint } | null;
  /// Contributions and batches by status.
  accepted: { contributions: bigint; batches: bigint };
  pending: { contributions: bigint; batches: bigint };
  /// The curators now, from the CuratorSet events since `fromBlock`.
  curators: string[];
  /// What settlements credited the datanet, in OPEN wei.
  accrued: bigint;
}

export interface GetDatanetParameters {
  datanetId: bigint;
  /// First block to search for CuratorSet events (default 0).
  fromBlock?: number;
}

async function counts(client: Client, datanetId: bigint, contributions: bigint, batches: bigint) {
  const out = { accepted: { contributions: 0n, batches: 0n }, pending: { contributions: 0n, batches: 0n } };
  for (let offset = 0n; offset < contributions; offset += SCAN_PAGE) {
    for (const c of await client.datanets.contributionsOf(datanetId, offset, SCAN_PAGE)) {
      if (c.status === 1n) out.pending.contributions++;
      if (c.status === 2n) out.accepted.contributions++;
    }
  }
  for (let i = 0n; i < batches; i++) {
    const { status } = await client.datanets.batch(datanetId, await client.datanets.batchRootAt(datanetId, i));
    if (status === 1n) out.pending.batches++;
    if (status === 2n) out.accepted.batches++;
  }
  return out;
}

/// One datanet. Reverts with UnknownDatanet for an unknown id.
export async function getDatanet(client: Client, params: GetDatanetParameters): Promise<DatanetDetails> {
  const { datanetId } = params;
  const d = await client.datanets.datanet(datanetId);
  const logs = await client.datanets.queryFilter(client.datanets.filters.CuratorSet(datanetId), params.fromBlock ?? 0);
  const current = new Map<string, boolean>();
  for (const log of logs) current.set(log.args.account, log.args.isCurator);
  const [tally, accrued, latest] = await Promise.all([
    counts(client, datanetId, d.contributionCount, d.batchCount),
    client.settlement.accrued(datanetId),
    d.versionCount === 0n ? null : client.datanets.datanetVersion(datanetId, d.versionCount),
  ]);
  return {
    datanetId,
    uri: d.uri,
    owner: d.owner,
    attestor: d.attestor,
    attestorAppointed: d.attestorAppointed,
    curated: d.curated,
    closed: d.closed,
    bond: d.bond,
    contributions: d.contributionCount,
    batches: d.batchCount,
    acceptedCount: d.acceptedCount,
    acceptedWeight: d.acceptedWeight,
    versionCount: d.versionCount,
    latestVersion:
      latest === null
        ? null
        : {
            version: d.versionCount,
            acceptedCount: latest.acceptedCount,
            totalWeight: latest.totalWeight,
            publishedAt: latest.publishedAt,
          },
    ...tally,
    curators: [...current].filter(([, is]) => is).map(([account]) => account),
    accrued,
  };
}

/// Every datanet, by id.
export async function listDatanets(client: Client): Promise<DatanetDetails[]> {
  const count = await client.datanets.datanetCount();
  const out: DatanetDetails[] = [];
  for (let id = 1n; id <= count; id++) out.push(await getDatanet(client, { datanetId: id }));
  return out;
}

export interface ContributionRow {
  index: bigint;
  contentHash: string;
  contributor: string;
  status: string;
  weight: bigint;
  /// From its ContributionSubmitted (or, after a takeover, ContributionClaimed) event; null if not found.
  uri: string | null;
}

export interface GetContributionsParameters {
  datanetId: bigint;
  offset: bigint;
  limit: bigint;
  /// Only the contributions of this address, within the positions of the page.
  contributor?: string;
  /// First block to search for the events that give the URIs (default 0).
  fromBlock?: number;
}

export interface ContributionsPage {
  rows: ContributionRow[];
  /// The offset of the following page; null at the end.
  next: bigint | null;
  total: bigint;
}

/// A page of a datanet's contributions, in submission order.
export async function getContributions(client: Client, params: GetContributionsParameters): Promise<ContributionsPage> {
  const { datanetId, offset, limit } = params;
  if (offset < 0n || limit < 0n) throw new OpenLedgerError("a page's offset and limit must not be negative");
  const r = client.datanets;
  const total = (await r.datanet(datanetId)).contributionCount;
  let page;
  let next: bigint;
  if (params.contributor === undefined) {
    page = await r.contributionsOf(datanetId, offset, limit);
    next = offset + BigInt(page.length);
  } else {
    [page, next] = await r.contributionsBy(datanetId, params.contributor, offset, limit);
  }
  const uris = new Map<string, string>();
  if (page.length > 0) {
    const since = params.fromBlock ?? 0;
    for (const log of await r.queryFilter(r.filters.ContributionSubmitted(datanetId), since)) {
      uris.set(log.args.contentHash, log.args.uri);
    }
    // A reveal that took a record over gave its own URI: the later event wins.
    for (const log of await r.queryFilter(r.filters.ContributionClaimed(datanetId), since)) {
      uris.set(log.args.contentHash, log.args.uri);
    }
  }
  const rows = page.map((c) => ({
    index: c.index,
    contentHash: c.contentHash,
    contributor: c.contributor,
    status: contributionStatus(c.status),
    weight: c.weight,
    uri: uris.get(c.contentHash) ?? null,
  }));
  return { rows, next: next < total ? next : null, total };
}
