/// readChainState: what the chain says about a tree file's datanet and epoch (the posted root, its status, what the
/// datanet accrued, and the settled attribution hashes of its inferences), for `verifyPosted` to check the file against.
import { getAddress } from "ethers";
import type { AllocationHeader, ChainState } from "../../attribution/index.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { datanetVersionManifest } from "../datanets/versions.js";

/// Reads the chain state that `verifyPosted` checks a tree file against (or `chainMismatches` a tree store's
/// header): anything with the allocation's header, a tree file or `{ allocation: storeHeader(...) }`.
export async function readChainState(client: Client, treeFile: { allocation: AllocationHeader }): Promise<ChainState> {
  const { settlement } = client;
  const a = treeFile.allocation;
  const datanetId = BigInt(a.datanetId);
  const provider = client.runner.provider;
  if (provider === null) throw new OpenLedgerError("the client's runner has no provider to read the chain with");
  const { chainId } = await provider.getNetwork();
  const [accrued, state] = await Promise.all([settlement.accrued(datanetId), settlement.rootState(datanetId)]);
  const posts = await settlement.queryFilter(settlement.filters.RootPosted(datanetId, BigInt(a.epoch)));
  const vetoes = await settlement.queryFilter(settlement.filters.RootVetoed(datanetId, BigInt(a.epoch)));
  const chain: ChainState = {
    chainId: Number(chainId),
    settlement: client.addresses.settlement,
    accrued,
    settled: new Map(),
  };
  const post = posts.at(-1);
  if (post !== undefined) {
    chain.posted = {
      root: post.args.root.toLowerCase(),
      cumulativeTotal: post.args.cumulativeTotal,
      readyAt: Number(post.args.readyAt),
      attestor: getAddress(post.args.attestor),
      uri: post.args.uri,
    };
    // A vetoed root gives its epoch back, so an epoch may be posted again after a veto: what counts is the latest
    // post, and a veto of that very post (same root, later in the chain).
    const epoch = BigInt(a.epoch);
    const root = post.args.root.toLowerCase();
    const after = (x: { blockNumber: number; index: number }): boolean =>
      x.blockNumber > post.blockNumber || (x.blockNumber === post.blockNumber && x.index > post.index);
    const vetoed = vetoes.some((v) => v.args.root.toLowerCase() === root && after(v));
    if (vetoed) chain.status = "vetoed";
    else if (state.pendingReadyAt !== 0n && state.lastEpoch === epoch && state.pendingRoot.toLowerCase() === root) {
      chain.status = "pending";
    } else if (state.activeEpoch === epoch && state.activeRoot.toLowerCase() === root) chain.status = "active";
    else chain.status = "superseded";
  }
  if ((a.versions?.length ?? 0) > 0) chain.firstVersion = await firstVersions(client, datanetId, a);
  if (a.policy === "inference-log" && (a.inferences?.length ?? 0) > 0) {
    const events = await settlement.queryFilter(settlement.filters.InferenceSettled());
    const wanted = new Set((a.inferences ?? []).map((i) => i.inferenceId.toLowerCase()));
    for (const e of events) {
      const id = e.args.inferenceId.toLowerCase();
      if (!wanted.has(id)) continue;
      const list = chain.settled.get(id) ?? [];
      list.push(e.args.attributionHash.toLowerCase());
      chain.settled.set(id, list);
    }
  }
  return chain;
}

/// The first version of `datanetId` that each contributor is in, as of the allocation's block: from the manifest of
/// the newest version it credits, and the accepted count of every version up to it. A contributor who held an
/// accepted record before a reveal with an earlier commit took it over counts as in that record's version too: an
/// earlier epoch may have paid it, and cumulative amounts never go down.
async function firstVersions(client: Client, datanetId: bigint, a: AllocationHeader): Promise<Map<string, number>> {
  const { datanets } = client;
  const highest = Math.max(...(a.versions ?? []).map((v) => v.version));
  const toBlock = a.block ?? (await client.runner.provider!.getBlockNumber());
  const manifest = await datanetVersionManifest(client, { datanetId, version: BigInt(highest), toBlock });
  const counts: bigint[] = [];
  for (let v = 1; v <= highest; v++) counts.push((await datanets.datanetVersion(datanetId, v)).acceptedCount);
  const first = new Map<string, number>();
  const hold = (account: string, acceptance: number): void => {
    const v = counts.findIndex((count) => BigInt(acceptance) <= count) + 1;
    const known = first.get(account);
    if (v > 0 && (known === undefined || v < known)) first.set(account, v);
  };
  const acceptanceOf = new Map<string, number>();
  for (const c of manifest.contributions) {
    if (c.kind !== "record") continue;
    acceptanceOf.set(c.contentHash.toLowerCase(), c.acceptance);
    hold(c.contributor, c.acceptance);
  }
  const ACCEPTED = 2n;
  const claims = await datanets.queryFilter(datanets.filters.ContributionClaimed(datanetId), 0, toBlock);
  for (const e of claims) {
    const acceptance = acceptanceOf.get(e.args.contentHash.toLowerCase());
    if (e.args.previousStatus === ACCEPTED && acceptance !== undefined) hold(e.args.previousContributor, acceptance);
  }
  return first;
}
