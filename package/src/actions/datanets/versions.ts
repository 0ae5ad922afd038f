/// publishDatanetVersion, getDatanetVersion and datanetVersionManifest: the owner publishes the next version of a
/// datanet (every contribution accepted so far), anyone reads a version, and rebuilds its manifest from the events.
import { getAddress } from "ethers";
import type { DatanetVersionPublishedEvent } from "../../../../typechain-types/registry/DatanetRegistry.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { buildVersionManifest } from "../../datanets/versions.js";
import type { DatanetEventRecord, DatanetVersionManifest, VersionInfo } from "../../datanets/versions.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { registryError } from "./internal.js";

export interface PublishDatanetVersionParameters extends ActionOptions {
  datanetId: bigint;
  /// Where the version's manifest is (or will be).
  uri: string;
}

export interface PublishDatanetVersionReturnType extends WriteResult<DatanetVersionPublishedEvent.OutputObject> {
  /// The new version's number, from 1.
  version: bigint;
}

export interface GetDatanetVersionParameters {
  datanetId: bigint;
  version: bigint;
}

export interface DatanetVersion {
  datanetId: bigint;
  version: bigint;
  /// The version holds the contributions with acceptance numbers 1 to `acceptedCount`.
  acceptedCount: bigint;
  /// The total weight of its records (batches carry theirs in their tree files).
  totalWeight: bigint;
  publishedAt: bigint;
  blockNumber: bigint;
  /// The manifest's URI, from the DatanetVersionPublished event; null if the event was not found.
  uri: string | null;
}

export interface DatanetVersionManifestParameters {
  datanetId: bigint;
  version: bigint;
  /// The contributors are the ones as of this block (default: the version's block): a reveal with an earlier commit
  /// may take a record of the version over after its publication.
  toBlock?: number;
  /// The first block to read events from (default 0): a block after the datanet's creation fails the check.
  fromBlock?: number;
}

/// The accepted count of the latest version of `datanetId` (0 for none).
async function versionedCount(client: Client, datanetId: bigint, latest: bigint): Promise<bigint> {
  return latest === 0n ? 0n : (await client.datanets.datanetVersion(datanetId, latest)).acceptedCount;
}

/// Publishes the next version of a datanet. Everything the registry would refuse fails before anything is sent, as
/// the registry's one-line error: UnknownDatanet, NotDatanetOwner, NothingAcceptedSinceVersion, EmptyURI,
/// TooManyVersions.
export async function publishDatanetVersion(
  client: Client,
  params: PublishDatanetVersionParameters,
): Promise<PublishDatanetVersionReturnType> {
  const { address } = await signerOf(client, "publishDatanetVersion");
  const { datanetId, uri } = params;
  const r = client.datanets;
  const d = await r.datanet(datanetId); // reverts UnknownDatanet(id)
  if (getAddress(d.owner) !== getAddress(address)) {
    throw registryError(client, "NotDatanetOwner", [datanetId, address]);
  }
  if (uri === "") throw registryError(client, "EmptyURI", []);
  if ((await versionedCount(client, datanetId, d.versionCount)) === d.acceptedCount) {
    throw registryError(client, "NothingAcceptedSinceVersion", [datanetId, d.versionCount, d.acceptedCount]);
  }
  await preflight(client, () => r.publishVersion.staticCall(datanetId, uri));
  const receipt = await sendAndWait(
    r.publishVersion(datanetId, uri),
    `publishing version ${(d.versionCount + 1n).toString(10)} of datanet ${datanetId.toString(10)}`,
    params,
  );
  const event = eventIn<DatanetVersionPublishedEvent.OutputObject>(receipt, r, "DatanetVersionPublished");
  return { receipt, event, version: event.version };
}

/// One published version. Version 0, or one not published yet, fails as UnknownDatanetVersion naming the latest.
export async function getDatanetVersion(client: Client, params: GetDatanetVersionParameters): Promise<DatanetVersion> {
  const { datanetId, version } = params;
  const r = client.datanets;
  const latest = await r.versionCount(datanetId); // reverts UnknownDatanet(id)
  if (version < 1n || version > latest) {
    throw registryError(client, "UnknownDatanetVersion", [datanetId, version, latest]);
  }
  const [v, logs] = await Promise.all([
    r.datanetVersion(datanetId, version),
    r.queryFilter(r.filters.DatanetVersionPublished(datanetId, version)),
  ]);
  return {
    datanetId,
    version,
    acceptedCount: v.acceptedCount,
    totalWeight: v.totalWeight,
    publishedAt: v.publishedAt,
    blockNumber: v.blockNumber,
    uri: logs.length > 0 ? logs[logs.length - 1].args.uri : null,
  };
}

/// The events of `datanetId` that a manifest is built from, in [fromBlock, toBlock]: one query per event type, each
/// filtered by the datanet's topic.
export async function datanetEventRecords(
  client: Client,
  datanetId: bigint,
  fromBlock: number,
  toBlock: number,
): Promise<DatanetEventRecord[]> {
  const r = client.datanets;
  const f = r.filters;
  const [submitted, reviewed, claimed, batches, batchReviews, batchClaims] = await Promise.all([
    r.queryFilter(f.ContributionSubmitted(datanetId), fromBlock, toBlock),
    r.queryFilter(f.ContributionReviewed(datanetId), fromBlock, toBlock),
    r.queryFilter(f.ContributionClaimed(datanetId), fromBlock, toBlock),
    r.queryFilter(f.BatchSubmitted(datanetId), fromBlock, toBlock),
    r.queryFilter(f.BatchReviewed(datanetId), fromBlock, toBlock),
    r.queryFilter(f.BatchClaimed(datanetId), fromBlock, toBlock),
  ]);
  const at = (e: { blockNumber: number; index: number }) => ({ blockNumber: e.blockNumber, logIndex: e.index });
  return [
    ...submitted.map((e) => ({
      ...at(e),
      type: "ContributionSubmitted" as const,
      contentHash: e.args.contentHash,
      contributor: e.args.contributor,
      weight: e.args.weight,
      acceptance: e.args.acceptance,
    })),
    ...reviewed.map((e) => ({
      ...at(e),
      type: "ContributionReviewed" as const,
      contentHash: e.args.contentHash,
      contributor: e.args.contributor,
      weight: e.args.weight,
      acceptance: e.args.acceptance,
    })),
    ...claimed.map((e) => ({
      ...at(e),
      type: "ContributionClaimed" as const,
      contentHash: e.args.contentHash,
      contributor: e.args.contributor,
      weight: e.args.weight,
    })),
    ...batches.map((e) => ({
      ...at(e),
      type: "BatchSubmitted" as const,
      root: e.args.root,
      submitter: e.args.submitter,
      count: e.args.count,
      acceptance: e.args.acceptance,
    })),
    ...batchReviews.map((e) => ({
      ...at(e),
      type: "BatchReviewed" as const,
      root: e.args.root,
      acceptance: e.args.acceptance,
    })),
    ...batchClaims.map((e) => ({
      ...at(e),
      type: "BatchClaimed" as const,
      root: e.args.root,
      submitter: e.args.submitter,
      count: e.args.count,
    })),
  ];
}

/// The manifest of a published version, rebuilt from the registry's events up to `toBlock` (default: the version's
/// block), and checked against the registry's count and total weight (a one-line OpenLedgerError if they differ).
export async function datanetVersionManifest(
  client: Client,
  params: DatanetVersionManifestParameters,
): Promise<DatanetVersionManifest> {
  const { datanetId, version } = params;
  const v = await getDatanetVersion(client, { datanetId, version });
  const toBlock = params.toBlock ?? Number(v.blockNumber);
  if (toBlock < Number(v.blockNumber)) {
    throw new OpenLedgerError(
      `version ${version.toString(10)} of datanet ${datanetId.toString(10)} was published in block ` +
        `${v.blockNumber.toString(10)}: its manifest cannot be read as of block ${toBlock.toString(10)}`,
    );
  }
  const chainId = client.chainId ?? (await client.runner.provider?.getNetwork())?.chainId;
  if (chainId === undefined) throw new OpenLedgerError("the client's runner has no provider: no chain to read");
  const info: VersionInfo = { chainId, registry: client.addresses.datanets, ...v };
  const events = await datanetEventRecords(client, datanetId, params.fromBlock ?? 0, toBlock);
  return buildVersionManifest(info, events, toBlock);
}
