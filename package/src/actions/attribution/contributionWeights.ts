/// contributionWeights: the accepted contribution weight of each contributor in a datanet version, from the
/// version's manifest (rebuilt from the registry's events and checked against the version on-chain). What the
/// pro-rata policy (`proRataAllocation`) splits a version's credits by.
import type { Client } from "../../client.js";
import { versionWeights } from "../../datanets/versions.js";
import { datanetVersionManifest } from "../datanets/versions.js";

export interface ContributionWeightsParameters {
  datanetId: bigint;
  /// The datanet version, from 1.
  version: number | bigint;
  /// The block whose contributors count (default: the latest): a reveal with an earlier commit moves an accepted
  /// record, and its weight, to the revealer.
  toBlock?: number;
}

/// Weight by checksummed address; only positive weights.
export type ContributionWeightsReturnType = Map<string, bigint>;

/// Accepted single-record weight per contributor of version `version` of `datanetId`: the records with an
/// acceptance number up to the version's accepted count, each counted for its contributor at `toBlock`. Records
/// submitted in Merkle batches (`contributeRoot`) carry their weights off-chain and are not counted here.
export async function contributionWeights(
  client: Client,
  params: ContributionWeightsParameters,
): Promise<ContributionWeightsReturnType> {
  const toBlock = params.toBlock ?? (await client.runner.provider!.getBlockNumber());
  const manifest = await datanetVersionManifest(client, {
    datanetId: params.datanetId,
    version: BigInt(params.version),
    toBlock,
  });
  return versionWeights(manifest);
}

export interface VersionContributorsParameters {
  datanetId: bigint;
  versions: readonly number[];
  toBlock: number;
}

/// The contributors of each of `versions`: their weights (what pro rata splits by) and the set of accounts in the
/// version (what the inference log is checked against).
export async function versionContributors(
  client: Client,
  params: VersionContributorsParameters,
): Promise<Map<number, { weights: Map<string, bigint>; members: Set<string> }>> {
  const out = new Map<number, { weights: Map<string, bigint>; members: Set<string> }>();
  for (const version of [...new Set(params.versions)].sort((a, b) => a - b)) {
    const manifest = await datanetVersionManifest(client, {
      datanetId: params.datanetId,
      version: BigInt(version),
      toBlock: params.toBlock,
    });
    const weights = versionWeights(manifest);
    out.set(version, { weights, members: new Set(manifest.contributors.map((c) => c.account)) });
  }
  return out;
}
