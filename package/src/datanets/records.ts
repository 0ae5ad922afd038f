/// Records contributed to a datanet, without files: commitments, the leaves and Merkle tree of a batch, and the tree
/// file that lets anyone rebuild the root and prove a record. Pure: the caller hashes and reads the files.
///
/// - A record's content hash is keccak256 of its bytes.
/// - A batch is a `StandardMerkleTree` (@openzeppelin/merkle-tree) over `[contributor, contentHash, weight]` leaves
///   of types `["address", "bytes32", "uint256"]`: the leaf that `DatanetRegistry.verifyRecord` checks.
/// - A commitment (commit–reveal) is `keccak256(abi.encode(contributor, datanetId, contentHash, salt))`, as
///   `DatanetRegistry.commitmentOf` computes it; a batch commits to its root in place of the content hash.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, getAddress, hexlify, isAddress, isHexString, keccak256, randomBytes } from "ethers";
import { OpenLedgerError } from "../errors/index.js";

/// The names of `IDatanetRegistry.Status`, by value.
export const STATUS_NAMES = ["None", "Pending", "Accepted", "Rejected", "Withdrawn"] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

/// The name of a status value, or its number if unknown.
export function statusName(names: readonly string[], value: bigint): string {
  return names[Number(value)] ?? value.toString(10);
}

/// The name of a contribution's or batch's status: `Pending`.
export function contributionStatus(value: bigint): string {
  return statusName(STATUS_NAMES, value);
}

/// The leaf encoding of a record, as `DatanetRegistry.verifyRecord` hashes it.
export const RECORD_LEAF_ENCODING = ["address", "bytes32", "uint256"];

/// The `format` of a tree file.
export const TREE_FILE_FORMAT = "openledger-records-v1";

/// One leaf: `[contributor, contentHash, weight]`, the weight as a decimal string (JSON has no bigint).
export type RecordLeaf = [string, string, string];

/// What `StandardMerkleTree.dump()` returns for records.
export type RecordTreeDump = ReturnType<StandardMerkleTree<RecordLeaf>["dump"]>;

/// One record of a batch as the tree file lists it.
export interface TreeFileRecord {
  name: string;
  contentHash: string;
  weight: string;
  proof: string[];
}

/// What a tree file holds.
export interface RecordTreeFile {
  format: typeof TREE_FILE_FORMAT;
  chainId: string;
  datanetId: string;
  contributor: string;
  root: string;
  count: number;
  uri: string;
  records: TreeFileRecord[];
  tree: RecordTreeDump;
}

/// A named record: its name (a file's path, say) and its content hash.
export interface NamedRecord {
  name: string;
  contentHash: string;
}

/// The commitment to contributing `contentHash` (or a batch root) to `datanetId` as `contributor`, with `salt`.
export function commitmentOf(contributor: string, datanetId: bigint, contentHash: string, salt: string): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "uint256", "bytes32", "bytes32"],
      [contributor, datanetId, contentHash, salt],
    ),
  );
}

/// A random 32-byte salt, from the platform's cryptographic generator (Node or browser).
export function randomSalt(): string {
  return hexlify(randomBytes(32));
}

/// The salt of one record in a run: keccak256(runSalt, contentHash). Each record's salt differs, and revealing one
/// does not tell the run's salt (so the other commitments of the run stay hidden).
export function saltFor(runSalt: string, contentHash: string): string {
  if (!isHexString(runSalt, 32)) throw new OpenLedgerError(`--salt must be a 32-byte hex value, not ${runSalt}`);
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [runSalt, contentHash]));
}

/// Splits `records` into the first of each content hash, and the later ones with the same content.
export function dedupeRecords<T extends { contentHash: string }>(records: T[]): { unique: T[]; duplicates: T[] } {
  const seen = new Set<string>();
  const unique: T[] = [];
  const duplicates: T[] = [];
  for (const r of records) {
    if (seen.has(r.contentHash)) duplicates.push(r);
    else {
      seen.add(r.contentHash);
      unique.push(r);
    }
  }
  return { unique, duplicates };
}

/// The leaf of one record.
export function recordLeaf(contributor: string, contentHash: string, weight: bigint | number = 1n): RecordLeaf {
  return [getAddress(contributor), contentHash.toLowerCase(), BigInt(weight).toString(10)];
}

/// The Merkle tree of `leaves`, as `contributeRoot` and `verifyRecord` expect it.
export function buildRecordTree(leaves: RecordLeaf[]): StandardMerkleTree<RecordLeaf> {
  if (leaves.length === 0) throw new OpenLedgerError("a batch needs at least one record");
  return StandardMerkleTree.of(leaves, RECORD_LEAF_ENCODING);
}

/// Whether `leaf` is in the tree of `root` by `proof`.
export function verifyRecordProof(root: string, leaf: RecordLeaf, proof: string[]): boolean {
  return StandardMerkleTree.verify(root, RECORD_LEAF_ENCODING, leaf, proof);
}

/// The tree file of a batch of `records`, all contributed by `contributor` with the same weight.
export function recordTreeFileOf(params: {
  chainId: bigint;
  datanetId: bigint;
  contributor: string;
  uri: string;
  files: NamedRecord[];
  weight?: bigint;
}): { tree: StandardMerkleTree<RecordLeaf>; content: RecordTreeFile } {
  const weight = params.weight ?? 1n;
  const leaves = params.files.map((f) => recordLeaf(params.contributor, f.contentHash, weight));
  const tree = buildRecordTree(leaves);
  const records = params.files.map((f, i) => ({
    name: f.name,
    contentHash: leaves[i][1],
    weight: leaves[i][2],
    proof: tree.getProof(i),
  }));
  const content: RecordTreeFile = {
    format: TREE_FILE_FORMAT,
    chainId: params.chainId.toString(10),
    datanetId: params.datanetId.toString(10),
    contributor: getAddress(params.contributor),
    root: tree.root,
    count: leaves.length,
    uri: params.uri,
    records,
    tree: tree.dump(),
  };
  return { tree, content };
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === "string");
}

/// Checks a parsed tree file (named `source` in errors): its format, that the dump rebuilds the stated root, and
/// every proof.
export function checkRecordTreeFile(
  parsed: unknown,
  source: string,
): { tree: StandardMerkleTree<RecordLeaf>; content: RecordTreeFile } {
  const content = parsed as Partial<RecordTreeFile> | null;
  if (content === null || typeof content !== "object" || content.format !== TREE_FILE_FORMAT) {
    throw new OpenLedgerError(`${source} is not a tree file (expected "format": "${TREE_FILE_FORMAT}")`);
  }
  if (content.tree === undefined || typeof content.root !== "string" || !Array.isArray(content.records)) {
    throw new OpenLedgerError(`${source}: missing "tree", "root" or "records"`);
  }
  let tree: StandardMerkleTree<RecordLeaf>;
  try {
    tree = StandardMerkleTree.load(content.tree);
    tree.validate();
  } catch (err: unknown) {
    throw new OpenLedgerError(`${source}: invalid tree (${err instanceof Error ? err.message : String(err)})`);
  }
  if (tree.root !== content.root) {
    throw new OpenLedgerError(`${source}: the tree's root is ${tree.root}, the file states ${content.root}`);
  }
  for (const record of content.records) {
    if (
      typeof record.contentHash !== "string" ||
      typeof record.weight !== "string" ||
      !isStringArray(record.proof) ||
      typeof content.contributor !== "string" ||
      !isAddress(content.contributor)
    ) {
      throw new OpenLedgerError(`${source}: malformed record ${JSON.stringify(record)}`);
    }
    const leaf = recordLeaf(content.contributor, record.contentHash, BigInt(record.weight));
    if (!verifyRecordProof(tree.root, leaf, record.proof)) {
      throw new OpenLedgerError(`${source}: the proof of ${record.contentHash} does not verify against ${tree.root}`);
    }
  }
  return { tree, content: content as RecordTreeFile };
}

/// The record of `contentHash` in a tree file, with its proof.
export function recordIn(content: RecordTreeFile, contentHash: string): TreeFileRecord {
  if (!isHexString(contentHash, 32)) throw new OpenLedgerError(`not a 32-byte hash: ${contentHash}`);
  const found = content.records.find((r) => r.contentHash.toLowerCase() === contentHash.toLowerCase());
  if (found === undefined) throw new OpenLedgerError(`${contentHash} is not in the batch ${content.root}`);
  return found;
}
