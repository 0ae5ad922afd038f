/// Datanet versions without the chain: the manifest of a published version, rebuilt from the registry's events by a
/// pure builder, its canonical JSON, and what attribution asks of it (weights per contributor, membership).
///
/// Version v of a datanet holds the contributions with acceptance numbers 1 to its `acceptedCount`: every accepted
/// record and batch gets the next number of its datanet when it is accepted (ContributionSubmitted, BatchSubmitted in
/// an open datanet; ContributionReviewed, BatchReviewed in a curated one; 0 means pending or rejected). Accepted is
/// final. A reveal with an earlier commit (ContributionClaimed, BatchClaimed) moves a record or batch to another
/// contributor and keeps its number, so who holds a contribution of a version depends on the block it is read at:
/// the manifest names the contributors as of `toBlock`. The on-chain version has the count and the total weight of
/// the records (a batch adds 0: its leaves carry their weights in its tree file), which the builder checks.
import { getAddress } from "ethers";
import { OpenLedgerError } from "../errors/index.js";

/// The `kind` of a manifest.
export const DATANET_VERSION_MANIFEST_KIND = "openledger.datanet-version";
/// The `format` of a manifest.
export const DATANET_VERSION_MANIFEST_FORMAT = 1;

/// One accepted record of a version: its contributor as of the manifest's block, and its weight.
export interface VersionRecord {
  acceptance: number;
  kind: "record";
  contentHash: string;
  contributor: string;
  weight: string;
}

/// One accepted Merkle batch of a version: its submitter as of the manifest's block, and how many records its tree
/// holds (their contributors and weights are in its tree file).
export interface VersionBatch {
  acceptance: number;
  kind: "batch";
  root: string;
  submitter: string;
  count: number;
}

export type VersionContribution = VersionRecord | VersionBatch;

/// A contributor of a version's records: their total weight, and how many records.
export interface VersionContributor {
  account: string;
  weight: string;
  records: number;
}

/// What a version holds: its contributions by acceptance number, and its record contributors by address.
export interface DatanetVersionManifest {
  kind: typeof DATANET_VERSION_MANIFEST_KIND;
  format: typeof DATANET_VERSION_MANIFEST_FORMAT;
  chainId: string;
  registry: string;
  datanetId: string;
  version: number;
  acceptedCount: number;
  totalWeight: string;
  /// The block and the time of the publication.
  blockNumber: number;
  publishedAt: number;
  contributions: VersionContribution[];
  contributors: VersionContributor[];
}

/// Where an event is in the chain: events are applied in (blockNumber, logIndex) order.
export interface EventPosition {
  blockNumber: number;
  logIndex: number;
}

/// A registry event of one datanet, decoded: what the builder reads. Addresses in any case.
export type DatanetEventRecord = EventPosition &
  (
    | { type: "ContributionSubmitted"; contentHash: string; contributor: string; weight: bigint; acceptance: bigint }
    | { type: "ContributionReviewed"; contentHash: string; contributor: string; weight: bigint; acceptance: bigint }
    | { type: "ContributionClaimed"; contentHash: string; contributor: string; weight: bigint }
    | { type: "BatchSubmitted"; root: string; submitter: string; count: bigint; acceptance: bigint }
    | { type: "BatchReviewed"; root: string; acceptance: bigint }
    | { type: "BatchClaimed"; root: string; submitter: string; count: bigint }
  );

/// A published version as the registry tells it (`datanetVersion`), and where it was published.
export interface VersionInfo {
  chainId: bigint;
  registry: string;
  datanetId: bigint;
  version: bigint;
  acceptedCount: bigint;
  totalWeight: bigint;
  publishedAt: bigint;
  blockNumber: bigint;
}

interface Held {
  kind: "record" | "batch";
  key: string;
  holder: string;
  weight: bigint;
  count: bigint;
  acceptance: bigint;
}

const byAccount = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/// The manifest of `version` from the events of its datanet, applied in chain order up to `toBlock` (default: the
/// version's block; events after it are ignored): the contributions with acceptance numbers 1 to its acceptedCount,
/// with their contributors as of `toBlock`, and the weight of each contributor's records. Throws a one-line
/// OpenLedgerError when the events do not rebuild the version (a number missing or twice, another count or total
/// weight than the registry's), e.g. when they were read from a block after some acceptances.
export function buildVersionManifest(
  version: VersionInfo,
  events: readonly DatanetEventRecord[],
  toBlock?: number,
): DatanetVersionManifest {
  const last = toBlock ?? Number(version.blockNumber);
  const what = `version ${version.version.toString(10)} of datanet ${version.datanetId.toString(10)}`;
  if (last < Number(version.blockNumber)) {
    throw new OpenLedgerError(
      `${what} was published in block ${version.blockNumber.toString(10)}: its manifest cannot be read as of block ${last.toString(10)}`,
    );
  }
  const ordered = events
    .filter((e) => e.blockNumber <= last)
    .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  const records = new Map<string, Held>();
  const batches = new Map<string, Held>();
  const held = (map: Map<string, Held>, kind: Held["kind"], key: string, holder: string): Held => {
    const k = key.toLowerCase();
    let h = map.get(k);
    if (h === undefined) {
      h = { kind, key: k, holder, weight: 0n, count: 0n, acceptance: 0n };
      map.set(k, h);
    }
    h.holder = holder;
    return h;
  };
  for (const e of ordered) {
    switch (e.type) {
      case "ContributionSubmitted":
      case "ContributionReviewed": {
        const h = held(records, "record", e.contentHash, e.contributor);
        if (e.acceptance > 0n) {
          h.acceptance = e.acceptance;
          h.weight = e.weight;
        }
        break;
      }
      case "ContributionClaimed":
        // An accepted record keeps its number and weight; a revived one is pending again (or accepted by a review).
        held(records, "record", e.contentHash, e.contributor);
        break;
      case "BatchSubmitted": {
        const h = held(batches, "batch", e.root, e.submitter);
        h.count = e.count;
        if (e.acceptance > 0n) h.acceptance = e.acceptance;
        break;
      }
      case "BatchReviewed": {
        const h = batches.get(e.root.toLowerCase());
        if (h === undefined) throw new OpenLedgerError(`BatchReviewed of ${e.root} without its BatchSubmitted`);
        if (e.acceptance > 0n) h.acceptance = e.acceptance;
        break;
      }
      case "BatchClaimed": {
        // An accepted batch keeps the count that was accepted: the event says which count holds.
        const h = held(batches, "batch", e.root, e.submitter);
        h.count = e.count;
        break;
      }
    }
  }

  const included = [...records.values(), ...batches.values()]
    .filter((h) => h.acceptance > 0n && h.acceptance <= version.acceptedCount)
    .sort((a, b) => (a.acceptance < b.acceptance ? -1 : a.acceptance > b.acceptance ? 1 : 0));
  for (const [i, h] of included.entries()) {
    if (h.acceptance !== BigInt(i + 1)) {
      const problem =
        h.acceptance <= BigInt(i) ? `acceptance #${h.acceptance.toString(10)} twice` : `no acceptance #${i + 1}`;
      throw new OpenLedgerError(`the events do not rebuild ${what}: ${problem}`);
    }
  }
  const weight = included.reduce((s, h) => s + h.weight, 0n);
  if (BigInt(included.length) !== version.acceptedCount || weight !== version.totalWeight) {
    throw new OpenLedgerError(
      `the events do not rebuild ${what}: ${included.length} contributions of total weight ${weight.toString(10)}, ` +
        `the registry says ${version.acceptedCount.toString(10)} of total weight ${version.totalWeight.toString(10)}`,
    );
  }

  const contributions: VersionContribution[] = included.map((h) =>
    h.kind === "record"
      ? {
          acceptance: Number(h.acceptance),
          kind: "record",
          contentHash: h.key,
          contributor: getAddress(h.holder),
          weight: h.weight.toString(10),
        }
      : {
          acceptance: Number(h.acceptance),
          kind: "batch",
          root: h.key,
          submitter: getAddress(h.holder),
          count: Number(h.count),
        },
  );
  const totals = new Map<string, { weight: bigint; records: number }>();
  for (const c of contributions) {
    if (c.kind !== "record") continue;
    const t = totals.get(c.contributor) ?? { weight: 0n, records: 0 };
    t.weight += BigInt(c.weight);
    t.records += 1;
    totals.set(c.contributor, t);
  }
  const contributors = [...totals]
    .sort(([a], [b]) => byAccount(a, b))
    .map(([account, t]) => ({ account, weight: t.weight.toString(10), records: t.records }));
  return {
    kind: DATANET_VERSION_MANIFEST_KIND,
    format: DATANET_VERSION_MANIFEST_FORMAT,
    chainId: version.chainId.toString(10),
    registry: getAddress(version.registry),
    datanetId: version.datanetId.toString(10),
    version: Number(version.version),
    acceptedCount: Number(version.acceptedCount),
    totalWeight: version.totalWeight.toString(10),
    blockNumber: Number(version.blockNumber),
    publishedAt: Number(version.publishedAt),
    contributions,
    contributors,
  };
}

/// The weight of each contributor's accepted records in the version, by checksummed address (only positive weights).
/// Records of batches are not counted: their weights are in the batches' tree files.
export function versionWeights(manifest: DatanetVersionManifest): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const c of manifest.contributors) {
    const weight = BigInt(c.weight);
    if (weight > 0n) out.set(getAddress(c.account), weight);
  }
  return out;
}

/// Whether `account` holds a contribution of the version: one of its records, or one of its batches as submitter
/// (a batch's leaves may name others: its tree file says who).
export function isVersionMember(manifest: DatanetVersionManifest, account: string): boolean {
  const a = account.toLowerCase();
  return manifest.contributions.some((c) => (c.kind === "record" ? c.contributor : c.submitter).toLowerCase() === a);
}

/// The canonical JSON of a manifest: its keys in the order of the format, two-space indented, with a final newline.
/// Two manifests of the same version read at the same block give the same bytes.
export function manifestJson(manifest: DatanetVersionManifest): string {
  const m = manifest;
  const canonical = {
    kind: m.kind,
    format: m.format,
    chainId: m.chainId,
    registry: m.registry,
    datanetId: m.datanetId,
    version: m.version,
    acceptedCount: m.acceptedCount,
    totalWeight: m.totalWeight,
    blockNumber: m.blockNumber,
    publishedAt: m.publishedAt,
    contributions: m.contributions.map((c) =>
      c.kind === "record"
        ? {
            acceptance: c.acceptance,
            kind: c.kind,
            contentHash: c.contentHash,
            contributor: c.contributor,
            weight: c.weight,
          }
        : { acceptance: c.acceptance, kind: c.kind, root: c.root, submitter: c.submitter, count: c.count },
    ),
    contributors: m.contributors.map((c) => ({ account: c.account, weight: c.weight, records: c.records })),
  };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

/// Checks that parsed JSON (named `source` in errors) is a manifest of this format; returns it typed.
export function parseVersionManifest(parsed: unknown, source: string): DatanetVersionManifest {
  const m = parsed as Partial<DatanetVersionManifest> | null;
  if (m === null || typeof m !== "object" || m.kind !== DATANET_VERSION_MANIFEST_KIND) {
    throw new OpenLedgerError(
      `${source} is not a datanet version manifest (expected "kind": "${DATANET_VERSION_MANIFEST_KIND}")`,
    );
  }
  if (m.format !== DATANET_VERSION_MANIFEST_FORMAT) {
    throw new OpenLedgerError(`${source}: format ${String(m.format)}, expected ${DATANET_VERSION_MANIFEST_FORMAT}`);
  }
  if (!Array.isArray(m.contributions) || !Array.isArray(m.contributors)) {
    throw new OpenLedgerError(`${source}: missing "contributions" or "contributors"`);
  }
  return m as DatanetVersionManifest;
}
