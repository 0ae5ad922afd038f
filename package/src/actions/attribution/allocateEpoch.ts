/// allocateEpoch: computes a datanet's cumulative allocation for its next epoch, every read at one block so that the
/// result is reproducible: pro rata by accepted contribution weight within each datanet version, or from an inference
/// log restricted to those versions. Either way an inference's credit goes only to the contributors of the datanet
/// version that its model was trained on when it was settled. The previous allocation must be the one on-chain (the
/// active or the pending root), or cumulative amounts could go down.
import { ZeroHash } from "ethers";
import { ALLOCATION_VERSION, buildTree, inferenceLogAllocation, proRataAllocation } from "../../attribution/index.js";
import type {
  Allocation,
  InferenceLogResult,
  InferenceRecord,
  Policy,
  SettledInference,
  VersionTotal,
} from "../../attribution/index.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatOpen } from "../../format/index.js";
import { versionContributors } from "./contributionWeights.js";
import { settledInferences } from "./settledInferences.js";

export interface AllocateEpochParameters {
  datanetId: bigint;
  policy: Policy;
  /// The epoch (default: the next one; any other is refused).
  epoch?: number;
  /// The inference log (inference-log policy).
  log?: readonly InferenceRecord[];
  /// The allocation of the datanet's last root; required once the datanet has one.
  previous?: Allocation;
  /// How to name `previous` in messages (default "the previous allocation").
  previousName?: string;
  /// The first block of settlements to allocate when there is no previous allocation (default 0); after one, the
  /// settlements after its block are allocated.
  fromBlock?: number;
}

export interface AllocateEpochReturnType {
  allocation: Allocation;
  /// The settlements allocated (those since the previous allocation's block), with their credits per version.
  settled: SettledInference[];
  /// pro-rata: how many contributors have a positive weight in the versions credited.
  contributors?: number;
  /// pro-rata: new credits of versions without any positive weight, left in the pool.
  unallocated?: Array<{ version: number; amount: bigint }>;
  /// inference-log: what the policy found (unattributed, mismatched and unsettled inferences).
  inferenceLog?: InferenceLogResult;
}

export async function allocateEpoch(client: Client, params: AllocateEpochParameters): Promise<AllocateEpochReturnType> {
  const { datanetId, policy, previous } = params;
  const { settlement, datanets } = client;
  const provider = client.runner.provider;
  if (provider === null) throw new OpenLedgerError("the client's runner has no provider to read the chain with");
  if (policy === "inference-log" && params.log === undefined) {
    throw new OpenLedgerError("the inference-log policy needs an inference log");
  }
  await datanets.datanet(datanetId); // UnknownDatanet(id) for an unknown id
  const block = await provider.getBlockNumber();
  const [state, accrued, { chainId }] = await Promise.all([
    settlement.rootState(datanetId, { blockTag: block }),
    settlement.accrued(datanetId, { blockTag: block }),
    provider.getNetwork(),
  ]);

  const name = params.previousName ?? "the previous allocation";
  if (previous !== undefined) {
    if (BigInt(previous.datanetId) !== datanetId) {
      throw new OpenLedgerError(`${name} is for datanet ${previous.datanetId}, not ${datanetId}`);
    }
    const root = buildTree(previous).root;
    if (root !== state.activeRoot.toLowerCase() && root !== state.pendingRoot.toLowerCase()) {
      throw new OpenLedgerError(
        `${name} (epoch ${previous.epoch}, root ${root}) is neither the active root ` +
          `(epoch ${state.activeEpoch}) nor the pending root of datanet ${datanetId}`,
      );
    }
  } else if (state.activeRoot !== ZeroHash || state.pendingRoot !== ZeroHash) {
    const epoch = state.pendingRoot !== ZeroHash ? state.lastEpoch : state.activeEpoch;
    throw new OpenLedgerError(
      `datanet ${datanetId} has a root for epoch ${epoch}: pass the previous allocation (--previous <its tree file>) so that no cumulative amount goes down`,
    );
  }
  const epoch = params.epoch !== undefined && params.epoch > 0 ? params.epoch : Number(state.lastEpoch) + 1;
  if (BigInt(epoch) !== state.lastEpoch + 1n) {
    throw new OpenLedgerError(
      `epoch ${epoch} is not the next epoch of datanet ${datanetId}: epochs advance by one, the next is ${state.lastEpoch + 1n}`,
    );
  }
  if (previous !== undefined && epoch <= previous.epoch) {
    throw new OpenLedgerError(`epoch ${epoch} is not above the previous allocation's epoch ${previous.epoch}`);
  }

  const allocation: Allocation = {
    version: ALLOCATION_VERSION,
    chainId: Number(chainId),
    settlement: client.addresses.settlement,
    datanetId: datanetId.toString(10),
    epoch,
    policy,
    cumulativeTotal: "0",
    allocations: [],
    block,
    accrued: accrued.toString(10),
  };
  if (previous !== undefined) allocation.previousEpoch = previous.epoch;
  if (policy === "pro-rata" && previous !== undefined && previous.block === undefined) {
    throw new OpenLedgerError(
      `${name} (epoch ${previous.epoch}) has no block: a pro-rata allocation continues from it`,
    );
  }
  // Pro rata allocates each settlement once: those after the previous allocation's block. The inference log keeps
  // the list of what it allocated, and reads every settlement.
  const fromBlock =
    policy === "pro-rata" && previous?.block !== undefined ? previous.block + 1 : (params.fromBlock ?? 0);
  const settled = await settledInferences(client, { datanetId, fromBlock, toBlock: block });
  const out: AllocateEpochReturnType = { allocation, settled };
  const versions = [...new Set(settled.flatMap((s) => s.credits.map((c) => c.version)))];
  const contributors = await versionContributors(client, { datanetId, versions, toBlock: block });

  if (policy === "pro-rata") {
    const credits = settled.flatMap((s) => s.credits);
    const weights = new Map([...contributors].map(([v, c]) => [v, c.weights]));
    const result = proRataAllocation(previous, credits, weights, { checksummed: true });
    allocation.cumulativeTotal = result.cumulativeTotal.toString(10);
    allocation.allocations = result.allocations;
    allocation.versions = result.versions;
    out.contributors = new Set([...weights.values()].flatMap((w) => [...w.keys()])).size;
    out.unallocated = result.unallocated;
  } else {
    const members = new Map([...contributors].map(([v, c]) => [v, c.members]));
    const result = inferenceLogAllocation(params.log ?? [], settled, previous, datanetId, members);
    const [protocolBps, stakersBps, lineageBps] = await Promise.all([
      settlement.protocolBps({ blockTag: block }),
      settlement.stakersBps({ blockTag: block }),
      settlement.lineageBps({ blockTag: block }),
    ]);
    allocation.cumulativeTotal = result.cumulativeTotal.toString(10);
    allocation.allocations = result.allocations;
    allocation.inferences = result.inferences;
    allocation.versions = versionTotals(result.inferences);
    allocation.creditBasis = {
      protocolBps: Number(protocolBps),
      stakersBps: Number(stakersBps),
      lineageBps: Number(lineageBps),
      note: `datanet credits computed by previewSplit at each settlement's block, with the model terms and parameters in force then; these shares are those of block ${block}`,
    };
    out.inferenceLog = result;
  }

  const total = BigInt(allocation.cumulativeTotal);
  if (allocation.allocations.length === 0) {
    throw new OpenLedgerError(
      `datanet ${datanetId}: nothing to allocate (no accepted contribution, or no attributed inference)`,
    );
  }
  if (total > accrued) {
    throw new OpenLedgerError(
      `the allocation's total ${formatOpen(total)} is above what datanet ${datanetId} accrued (${formatOpen(accrued)}): the previous allocation, or a change of terms within a settlement's block, credits more than was settled`,
    );
  }
  if (total < state.activeTotal) {
    throw new OpenLedgerError(
      `the allocation's total ${formatOpen(total)} is below the active root's total ${formatOpen(state.activeTotal)}`,
    );
  }
  return out;
}

/// What the inferences of an inference-log allocation took from each datanet version, cumulative.
function versionTotals(inferences: readonly NonNullable<Allocation["inferences"]>[number][]): VersionTotal[] {
  const totals = new Map<number, bigint>();
  for (const inf of inferences) {
    for (const c of inf.credits ?? []) totals.set(c.version, (totals.get(c.version) ?? 0n) + BigInt(c.amount));
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, credit]) => ({ version, credit: credit.toString(10) }));
}
