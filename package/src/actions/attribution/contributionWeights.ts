/// contributionWeights: the accepted contribution weight of each contributor of a datanet, from the registry's events.
/// What the pro-rata policy (`proRataAllocation`) splits a datanet's accrued amount by.
import type { Client } from "../../client.js";

export interface ContributionWeightsParameters {
  datanetId: bigint;
  /// The first block to read events from (default 0).
  fromBlock?: number;
  /// The last block (default: the latest).
  toBlock?: number;
}

/// Weight by checksummed address; only positive weights.
export type ContributionWeightsReturnType = Map<string, bigint>;

/// Accepted contribution weight per contributor of `datanetId`, from ContributionSubmitted (open datanets accept at
/// once, weight 1) and ContributionReviewed (curated acceptances) events in [fromBlock, toBlock], and the
/// ContributionClaimed events of reveals with an earlier commit: an accepted record's weight moves from its previous
/// contributor to the revealer, and a revived record accepted at once counts for the revealer. Pending, rejected and
/// withdrawn records count for nobody. Records submitted in Merkle batches (`contributeRoot`) carry their weights
/// off-chain and are not counted here. A range that starts after an acceptance can see its weight move away without
/// having counted it: such accounts are left out rather than given a negative weight.
export async function contributionWeights(
  client: Client,
  params: ContributionWeightsParameters,
): Promise<ContributionWeightsReturnType> {
  const { datanets } = client;
  const { datanetId, fromBlock = 0, toBlock } = params;
  const ACCEPTED = 2n;
  const to = toBlock ?? "latest";
  const submitted = await datanets.queryFilter(datanets.filters.ContributionSubmitted(datanetId), fromBlock, to);
  const reviewed = await datanets.queryFilter(datanets.filters.ContributionReviewed(datanetId), fromBlock, to);
  const claimed = await datanets.queryFilter(datanets.filters.ContributionClaimed(datanetId), fromBlock, to);
  const weights = new Map<string, bigint>();
  // The decoded events' addresses are checksummed already (ethers' ABI coder gives them so).
  const add = (account: string, weight: bigint): void => {
    weights.set(account, (weights.get(account) ?? 0n) + weight);
  };
  for (const e of submitted) if (e.args.status === ACCEPTED) add(e.args.contributor, e.args.weight);
  for (const e of reviewed) if (e.args.status === ACCEPTED) add(e.args.contributor, e.args.weight);
  for (const e of claimed) {
    if (e.args.previousStatus === ACCEPTED) add(e.args.previousContributor, -e.args.weight);
    if (e.args.status === ACCEPTED) add(e.args.contributor, e.args.weight);
  }
  for (const [account, weight] of weights) if (weight <= 0n) weights.delete(account);
  return weights;
}
