/// listModels: every model of the registry, in id order, with what a list shows: owner, card, current version,
/// price, status (suspended or not), lineage and the training datanets at the versions in force.
import type { Client } from "../../client.js";
import { modelStatusName } from "./status.js";

export interface ModelSummary {
  modelId: bigint;
  owner: string;
  cardURI: string;
  status: string;
  suspended: boolean;
  /// OPEN wei per inference.
  price: bigint;
  ownerBps: bigint;
  /// The latest version's number and weights hash.
  version: bigint;
  weightsHash: string;
  /// 0 for none.
  parentId: bigint;
  /// The ancestors, parent first.
  lineage: bigint[];
  /// The training datanets, each at the version the latest model version was trained on.
  datanets: Array<{ datanetId: bigint; version: bigint; weightBps: bigint }>;
}

export type ListModelsReturnType = ModelSummary[];

/// Every model, id 1 to `modelCount`.
export async function listModels(client: Client): Promise<ListModelsReturnType> {
  const count = await client.models.modelCount();
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  return Promise.all(
    ids.map(async (modelId): Promise<ModelSummary> => {
      const [m, lineage] = await Promise.all([client.models.model(modelId), client.models.lineage(modelId)]);
      const version = m.versionCount - 1n;
      const { weightsHash } = await client.models.version(modelId, version);
      return {
        modelId,
        owner: m.owner,
        cardURI: m.cardURI,
        status: modelStatusName(m.status),
        suspended: m.suspended,
        price: m.price,
        ownerBps: m.ownerBps,
        version,
        weightsHash,
        parentId: m.parentId,
        lineage: [...lineage],
        datanets: m.datanets.map((d) => ({ datanetId: d.datanetId, version: d.version, weightBps: d.weightBps })),
      };
    }),
  );
}
