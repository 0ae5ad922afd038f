/// The types of Proof of Attribution off-chain: allocation files, the inference log, tree files and what the policies
/// and checks return. The formats are described in ./index.ts.
import type { StandardMerkleTree } from "@openzeppelin/merkle-tree";

export const ALLOCATION_VERSION = 1;

export type Policy = "pro-rata" | "inference-log";
export const POLICIES: readonly Policy[] = ["pro-rata", "inference-log"];

/// One leaf: an account and everything it has earned from the datanet so far.
export interface AllocationEntry {
  account: string;
  cumulativeAmount: string;
}

/// A datanet credit of a settled inference at one lineage level: the model whose data share it is, the datanet
/// version that model's training set named when the inference was settled (only that version's contributors may be
/// paid from it), and the amount.
export interface VersionCredit {
  modelId: bigint;
  version: number;
  amount: bigint;
}

/// A VersionCredit as allocation files write it.
export interface VersionCreditEntry {
  modelId: string;
  version: number;
  amount: string;
}

/// What an allocation has taken from one datanet version so far, cumulative over its epochs.
export interface VersionTotal {
  version: number;
  credit: string;
}

/// One settled inference allocated by an inference-log file.
export interface InferenceEntry {
  inferenceId: string;
  modelId: string;
  /// The fee paid for the inference.
  fee: string;
  /// The datanet's credit from that fee (previewSplit at the settlement's block).
  datanetCredit: string;
  /// The attribution hash of the inference's log record, equal to the settled one.
  attributionHash: string;
  /// The block of the settlement.
  block: number;
  /// The datanet credit per lineage level, with the datanet version each level's training set named.
  credits?: VersionCreditEntry[];
}

/// The settlement parameters under which the credits of an inference-log file were computed.
export interface CreditBasis {
  protocolBps: number;
  stakersBps: number;
  lineageBps: number;
  note: string;
}

export interface Allocation {
  version: typeof ALLOCATION_VERSION;
  chainId: number;
  settlement: string;
  datanetId: string;
  epoch: number;
  policy: Policy;
  cumulativeTotal: string;
  previousEpoch?: number;
  allocations: AllocationEntry[];
  inferences?: InferenceEntry[];
  /// The block the allocation was computed at: it allocates the settlements up to it, and the next one those after.
  block?: number;
  /// What the datanet had accrued at that block.
  accrued?: string;
  /// What the allocation has taken from each datanet version so far (cumulative, ascending versions).
  versions?: VersionTotal[];
  /// inference-log: the parameters behind the datanets' credits.
  creditBasis?: CreditBasis;
}

/// What a policy computes: the leaves, and their sum.
export interface AllocationResult {
  cumulativeTotal: bigint;
  allocations: AllocationEntry[];
}

export interface ProRataResult extends AllocationResult {
  /// What the allocation has taken from each version so far (the previous totals plus the new credits).
  versions: VersionTotal[];
  /// New credits of versions without any positive weight (only batches, say): they stay in the pool.
  unallocated: Array<{ version: number; amount: bigint }>;
}

/// One contributor named for an inference, with its weight.
export interface LogContributor {
  account: string;
  weight: bigint;
}

/// One inference of the log, normalised: datanets by ascending id, contributors by ascending address.
export interface InferenceRecord {
  inferenceId: string;
  modelId: bigint;
  datanets: Array<{ datanetId: bigint; contributors: LogContributor[] }>;
}

/// One InferenceSettled event, with the credit it gave the datanet being allocated.
export interface SettledInference {
  inferenceId: string;
  modelId: bigint;
  payer: string;
  fee: bigint;
  attributionHash: string;
  block: number;
  logIndex: number;
  /// The datanet's credit from the fee: the sum of `credits`.
  datanetCredit: bigint;
  /// The datanet's credit per lineage level, with the version each level's training set named at the settlement.
  credits: VersionCredit[];
}

/// A settlement of a logged inference id with another attribution hash than the log's record: anyone can settle any
/// inference id, so it proves nothing about the contributors, and its credit stays unallocated.
export interface MismatchedSettlement {
  inferenceId: string;
  /// The attribution hash the payer settled with.
  settledHash: string;
  /// The attribution hash of the log's record for that inference id.
  logHash: string;
  fee: bigint;
}

export interface InferenceLogResult extends AllocationResult {
  /// Every inference allocated so far (the previous file's, then the new ones).
  inferences: InferenceEntry[];
  /// Settled inferences that credited the datanet but have no contributors for it in the log: their credit stays
  /// unallocated.
  unattributed: SettledInference[];
  /// Settlements of a logged inference id whose attribution hash is not the log's: treated as unattributed (their
  /// credit stays unallocated), never allocated, and never in the way of the matching settlements.
  mismatched: MismatchedSettlement[];
  /// Inference ids of the log (with contributors for the datanet) not settled yet with the log's attribution hash.
  unsettled: string[];
}

/// The Merkle tree over `(account, cumulativeAmount)` leaves: what both `@openzeppelin/merkle-tree`'s
/// StandardMerkleTree and the fast `AttributionMerkleTree` (what `buildTree` returns) give.
export interface AttributionTree {
  readonly root: string;
  dump(): TreeDump;
  entries(): Iterable<[number, [string, string]]>;
  getProof(valueIndex: number): string[];
}

/// A StandardMerkleTree dump of `(address, uint256)` leaves, as tree files hold it.
export type TreeDump = ReturnType<StandardMerkleTree<[string, string]>["dump"]>;

export interface ProofEntry {
  cumulativeAmount: string;
  proof: string[];
}

/// Anything an account's proof is read from: a parsed tree file (its `proofs`), or a source that reads one proof
/// when asked (`proofFor`), such as a tree store of `@openledger/contracts/node` (`storeProofSource`), which reads it
/// in O(log N) without loading the tree.
export interface ProofSource {
  readonly root: string;
  readonly allocation: Pick<Allocation, "chainId" | "settlement" | "datanetId" | "epoch">;
  /// The account's (checksummed) leaf and proof, or undefined when it has no leaf.
  proofFor(account: string): ProofEntry | undefined;
}

/// A tree that claims and checks read proofs from: a tree file or a proof source.
export type ClaimTree = TreeFile | ProofSource;

/// Where an allocation was posted on-chain.
export interface PostedInfo {
  transaction: string;
  block: number;
  readyAt: number;
  uri: string;
  attestor: string;
}

/// A tree file: an allocation, its root, the tree and every account's proof.
export interface TreeFile {
  allocation: Allocation;
  root: string;
  tree: TreeDump;
  proofs: Record<string, ProofEntry>;
  posted?: PostedInfo;
}

export const LEAF_ENCODING = ["address", "uint256"];
