/// attributionRoots: every root a datanet has had, epoch by epoch, from the settlement's events: posted, activated,
/// vetoed, or set by governance, each with its status by name.
import { getAddress } from "ethers";
import type { Client } from "../../client.js";
import { chainNow } from "../internal/signer.js";

/// Where a root stands: waiting in its challenge window (or ready to activate), the claimable one, vetoed, replaced by
/// a later root, or discarded by governance while it was pending.
export type RootStatus = "pending" | "active" | "vetoed" | "superseded" | "discarded";

export interface AttributionRoot {
  epoch: bigint;
  root: string;
  cumulativeTotal: bigint;
  status: RootStatus;
  /// Who posted it: the attestor, or "governance" for a root that governance set.
  postedBy: string;
  uri: string;
  /// The block it was posted in, and when (unix seconds).
  block: number;
  postedAt: bigint;
  /// When it became (or becomes) claimable; 0 for a vetoed or discarded root.
  readyAt: bigint;
}

export interface AttributionRootsParameters {
  datanetId: bigint;
  /// The first block to read events from (default 0).
  fromBlock?: number;
}

export interface AttributionRootsReturnType {
  datanetId: bigint;
  roots: AttributionRoot[];
  /// The chain's time when this was read.
  now: bigint;
}

interface Ordered {
  blockNumber: number;
  index: number;
}
const order = (a: Ordered, b: Ordered): number => a.blockNumber - b.blockNumber || a.index - b.index;
const after = (x: Ordered, y: Ordered): boolean => order(x, y) > 0;

/// The roots of a datanet in the order they were posted, each with its status now.
export async function attributionRoots(
  client: Client,
  params: AttributionRootsParameters,
): Promise<AttributionRootsReturnType> {
  const { datanetId, fromBlock = 0 } = params;
  const { settlement } = client;
  const f = settlement.filters;
  const [posted, vetoed, replaced, state, now] = await Promise.all([
    settlement.queryFilter(f.RootPosted(datanetId), fromBlock),
    settlement.queryFilter(f.RootVetoed(datanetId), fromBlock),
    settlement.queryFilter(f.RootReplacedByGovernance(datanetId), fromBlock),
    settlement.rootState(datanetId),
    chainNow(client),
  ]);
  const blocks = new Map<number, bigint>();
  const timeOf = async (block: number): Promise<bigint> => {
    let t = blocks.get(block);
    if (t === undefined) {
      t = BigInt((await client.runner.provider?.getBlock(block))?.timestamp ?? 0);
      blocks.set(block, t);
    }
    return t;
  };
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  const entries: Array<AttributionRoot & Ordered> = [];
  for (const e of posted) {
    const { epoch, root, cumulativeTotal, readyAt, attestor, uri } = e.args;
    const ends = (x: Ordered & { args: { epoch: bigint } }): boolean => x.args.epoch >= epoch && after(x, e);
    let status: RootStatus;
    if (vetoed.some((v) => v.args.epoch === epoch && same(v.args.root, root) && after(v, e))) status = "vetoed";
    else if (replaced.some((r) => same(r.args.discardedRoot, root) && ends(r)) && !same(state.activeRoot, root)) {
      status = "discarded";
    } else if (state.pendingReadyAt !== 0n && state.lastEpoch === epoch && same(state.pendingRoot, root)) {
      status = "pending";
    } else if (state.activeEpoch === epoch && same(state.activeRoot, root)) status = "active";
    else status = "superseded";
    const dead = status === "vetoed" || status === "discarded";
    entries.push({
      epoch,
      root: root.toLowerCase(),
      cumulativeTotal,
      status,
      postedBy: getAddress(attestor),
      uri,
      block: e.blockNumber,
      postedAt: await timeOf(e.blockNumber),
      readyAt: dead ? 0n : readyAt,
      blockNumber: e.blockNumber,
      index: e.index,
    });
  }
  for (const e of replaced) {
    const { epoch, root, cumulativeTotal, uri } = e.args;
    const postedAt = await timeOf(e.blockNumber);
    entries.push({
      epoch,
      root: root.toLowerCase(),
      cumulativeTotal,
      status: state.activeEpoch === epoch && same(state.activeRoot, root) ? "active" : "superseded",
      postedBy: "governance",
      uri,
      block: e.blockNumber,
      postedAt,
      readyAt: postedAt,
      blockNumber: e.blockNumber,
      index: e.index,
    });
  }
  entries.sort(order);
  const roots = entries.map(({ blockNumber: _b, index: _i, ...root }) => root);
  return { datanetId, roots, now };
}
