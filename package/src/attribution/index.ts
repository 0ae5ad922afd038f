/// Proof of Attribution, off-chain, as pure modules (no file system, no network: the same code runs in Node and in a
/// browser): allocation files, the Merkle trees posted as attribution roots, proofs, claims,
/// and the checks that anyone can run against the chain.
///
/// ## Allocation file (JSON, `version: 1`)
///
/// ```
/// { "version": 1, "chainId": 31337, "settlement": "0x…", "datanetId": "1", "epoch": 2,
///   "policy": "pro-rata" | "inference-log", "cumulativeTotal": "…", "previousEpoch": 1,
///   "allocations": [{ "account": "0x…", "cumulativeAmount": "…" }],          // sorted by address
///   "inferences": [{ "inferenceId": "0x…", "modelId": "3", "fee": "…", "datanetCredit": "…",
///                    "attributionHash": "0x…", "block": 42 }],                   // inference-log only
///   "block": 57, "accrued": "…", "carried": false, "creditBasis": { … } }
/// ```
///
/// Amounts are decimal strings of OPEN wei and **cumulative**: what each account has earned from the datanet over
/// every epoch so far. `cumulativeTotal` is the sum of the leaves, and must not exceed what the datanet has accrued.
/// A tree file (`*.tree.json`: `treeFileOf` gives it as an object, `treeFileChunks` as text, and `writeTreeFile` of
/// `@openledger/contracts/node` writes it) holds an allocation, its Merkle root, the dump of its
/// `@openzeppelin/merkle-tree` StandardMerkleTree over `(address account, uint256 cumulativeAmount)` leaves, and every
/// account's proof; it is what `uri` of a posted root points at, and what claimers read their proofs from.
///
/// ## Policies
///
/// - `pro-rata` (`proRataAllocation`): the datanet's whole accrued amount, pro rata by accepted contribution weight
///   (the action `contributionWeights`). No account's cumulative amount ever goes down: when the new weights would lower one, the
///   previous amounts are carried and only the increase since the previous total is shared pro rata.
/// - `inference-log` (`inferenceLogAllocation`): each settled inference's credit to the datanet is split over the
///   contributors that the attribution engine named for it, by their weights.
///
/// Rounding is largest-remainder, ties to the lower address, so the parts add up to the whole exactly and the
/// same input always gives the same file.
///
/// ## Inference log (JSON lines) and the attribution hash
///
/// One line per inference, either with one datanet:
///
/// ```
/// { "inferenceId": "0x<32 bytes>", "modelId": "3", "datanetId": "1",
///   "contributors": [{ "account": "0x…", "weight": "5" }] }
/// ```
///
/// or with an entry per datanet: `{ "inferenceId": …, "modelId": …, "datanets": [{ "datanetId": "1",
/// "contributors": [ … ] }, …] }`. Ids and weights are decimal strings (or JSON integers); weights are positive.
///
/// The payer must settle the inference with exactly this attribution hash:
///
/// ```
/// attributionHash = keccak256(abi.encode(
///     bytes32 inferenceId,
///     uint256 modelId,
///     (uint256 datanetId, (address account, uint256 weight)[] contributors)[] datanets))
/// ```
///
/// with the datanets in ascending id order and each datanet's contributors in ascending address order; an account
/// appears at most once per datanet and a datanet at most once per inference. The one-datanet form is the same
///
/// Reading and writing these files is `@openledger/contracts/node` (package/src/node/); what needs the chain is the
/// attribution actions (`contributionWeights`, `settledInferences`, `readChainState`, `postRoot`, …).
export * from "./types.js";
export { compareAddresses, parseAddress, parseHex32, parseUint } from "./values.js";
export { largestRemainder, parseAllocation, sumAmounts, treeFilePath } from "./allocation.js";
export { inferenceLogAllocation, proRataAllocation } from "./policies.js";
export {
  ATTRIBUTION_HASH_TYPES,
  attributionHash,
  formatInferenceRecord,
  parseInferenceLog,
  parseInferenceRecord,
} from "./inference-log.js";
export {
  buildTree,
  groupTrees,
  loadTree,
  parseAllocationOrTree,
  parseTreeFile,
  treeFileChunks,
  treeFileOf,
  treeForRoot,
} from "./tree.js";
export type { LoadedTree } from "./tree.js";
export { claimable, proofFor } from "./proofs.js";
export {
  chainMismatches,
  treeFileContentProblem,
  verifyAgainstLog,
  verifyPosted,
  verifyTreeFile,
  versionMismatches,
} from "./verify.js";
export type { AllocationHeader, ChainState, Mismatch, MismatchName } from "./verify.js";
/// The fast tree builder, byte-compatible with `@openzeppelin/merkle-tree`'s StandardMerkleTree, and the fast split.
export {
  AttributionMerkleTree,
  checksumAddress,
  encodeLeaves,
  hashLeaves,
  leafHash,
  leafHashBytes,
  processProof,
  verifyProof,
} from "./merkle.js";
export type { LeafInput, MultiProof, StandardTreeDump } from "./merkle.js";
export { largestRemainderFast, leavesOf } from "./split.js";
/// The attribution engine: span matching over a suffix array of the records (see ./engine/index.ts).
export * from "./engine/index.js";
