/// getModel: a model in one read: its owner, status, terms, lineage, training datanets (with the versions in force),
/// versions (hashes, times and the datanet versions each was trained on from storage, URIs from the VersionPublished
/// events) and the revenue its owner has not withdrawn.
import type { Client } from "../../client.js";
import { BPS } from "./modelCard.js";
import { modelStatusName } from "./status.js";

export interface ModelVersion {
  version: bigint;
  weightsHash: string;
  publishedAt: bigint;
  /// The version of each training datanet it was trained on, in the order of the model's datanets.
  datanetVersions: bigint[];
  /// From the VersionPublished event; null when it is before `fromBlock`.
  uri: string | null;
}

export interface GetModelParameters {
  modelId: bigint;
  /// The first block to search for VersionPublished events (default 0).
  fromBlock?: number;
}

export interface GetModelReturnType {
  modelId: bigint;
  owner: string;
  status: string;
  suspended: boolean;
  cardURI: string;
  price: bigint;
  ownerBps: bigint;
  /// The owner share that settlement applies: the stored one, held to the current floor on the data share.
  effectiveOwnerBps: bigint;
  /// 0 for none.
  parentId: bigint;
  depth: bigint;
  /// The ancestors, parent first.
  lineage: bigint[];
  /// The training datanets, each at the version the latest model version was trained on (the one in force).
  datanets: Array<{ datanetId: bigint; version: bigint; weightBps: bigint }>;
  versions: ModelVersion[];
  /// Not withdrawn; frozen while the model is suspended.
  revenue: bigint;
}

/// The model `modelId`; the registry's UnknownModel for one that does not exist.
export async function getModel(client: Client, params: GetModelParameters): Promise<GetModelReturnType> {
  const { modelId } = params;
  const m = await client.models.model(modelId);
  const [lineage, revenue, minDataBps, logs] = await Promise.all([
    client.models.lineage(modelId),
    client.settlement.modelRevenue(modelId),
    client.models.minDataBps(),
    client.models.queryFilter(client.models.filters.VersionPublished(modelId), params.fromBlock ?? 0),
  ]);
  const uris = new Map<bigint, string>();
  for (const log of logs) uris.set(log.args.version, log.args.uri);
  const versions: ModelVersion[] = [];
  for (let i = 0n; i < m.versionCount; i++) {
    const v = await client.models.version(modelId, i);
    versions.push({
      version: i,
      weightsHash: v.weightsHash,
      publishedAt: v.publishedAt,
      datanetVersions: [...v.datanetVersions],
      uri: uris.get(i) ?? null,
    });
  }
  return {
    modelId,
    owner: m.owner,
    status: modelStatusName(m.status),
    suspended: m.suspended,
    cardURI: m.cardURI,
    price: m.price,
    ownerBps: m.ownerBps,
    effectiveOwnerBps: m.ownerBps < BPS - minDataBps ? m.ownerBps : BPS - minDataBps,
    parentId: m.parentId,
    depth: m.depth,
    lineage: [...lineage],
    datanets: m.datanets.map((d) => ({ datanetId: d.datanetId, version: d.version, weightBps: d.weightBps })),
    versions,
    revenue,
  };
}
