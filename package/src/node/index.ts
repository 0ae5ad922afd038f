/// @openledger/contracts/node: the SDK's files on disk, for Node only (the rest of the SDK runs in a browser too).
/// Allocation files, inference logs and tree files, read and validated; tree files written piece by piece and
/// atomically, and read back to check them. Also: contributed records hashed and their record tree files, Ignition
/// deployment records, proposal call files and the proposal cache, the error fragments of a build's artifacts, and the
/// attribution engine's index files (`writeIndexFile`, atomic; `readIndexFile`, checked).
///
/// ```ts
/// import { buildTree } from "@openledger/contracts";
/// import { readAllocationFile, writeTreeFile } from "@openledger/contracts/node";
/// const allocation = readAllocationFile("epoch-3.json");
/// writeTreeFile("epoch-3.tree.json", allocation, buildTree(allocation));
/// ```
export {
  listTreeFiles,
  loadTree,
  loadTrees,
  storeProofSource,
  readAllocationFile,
  readAllocationOrTree,
  readInferenceLog,
  readJson,
  readTreeFile,
  writeAllocationFile,
} from "./files.js";
export {
  ensureTreeFile,
  TREE_FILE_PARSE_LIMIT,
  treeFileProblem,
  writeTreeFile,
  writeTreeFileStreamed,
} from "./tree-writer.js";
export {
  hashFile,
  hashPath,
  listFiles,
  readRecordTreeFile,
  readVersionManifest,
  writeRecordTreeFile,
  writeVersionManifest,
} from "./records.js";
export type { HashedFile } from "./records.js";
export { readDeployment, readFutures, requireCode, resolveDeploymentId } from "./deployments.js";
export type { DeploymentRecord, ReadDeploymentContext } from "./deployments.js";
export { proposalCacheFile, readCachedProposal, readCallFile, readJsonFile, writeProposalCache } from "./proposals.js";
export { errorsFromArtifacts, findArtifact, listArtifactFiles } from "./artifacts.js";
export {
  isTreeStore,
  LEAF_RECORD_BYTES,
  openTree,
  readAllocation,
  readManifest,
  readProof,
  recordPosted,
  TREE_STORE_FORMAT,
  TREE_STORE_VERSION,
  treeStorePath,
  verifyTree,
  writeTreeStore,
} from "./tree-store.js";
export type {
  AllocationLike,
  ProofEntry as StoreProofEntry,
  StoreMismatch,
  TreeCheck,
  TreeReader,
  TreeStoreManifest,
} from "./tree-store.js";
export {
  ensureEpochTree,
  recordEpochPosted,
  storeHeader,
  TREE_FILE_MAX_LEAVES,
  verifyStorePosted,
} from "./epoch-tree.js";
export type { EpochTree } from "./epoch-tree.js";
export { readIndexFile, writeIndexFile } from "./engine-index.js";
export { readRecordTexts, readRecordTrees, versionRecords } from "./engine-records.js";
export type { RecordText, VersionRecordsParameters } from "./engine-records.js";
