/// Records contributed to a datanet, off-chain: content hashes of files, and the Merkle tree of a batch.
///
/// - A record's content hash is keccak256 of the file's bytes.
/// - A batch is a `StandardMerkleTree` (@openzeppelin/merkle-tree) over `[contributor, contentHash, weight]` leaves
///   of types `["address", "bytes32", "uint256"]`: the leaf that `DatanetRegistry.verifyRecord` checks.
/// - A tree file holds the tree's dump and every record's proof, so that anyone can rebuild the root and prove a
///   record without the files.
/// - A commitment (commit–reveal) is `keccak256(abi.encode(contributor, datanetId, contentHash, salt))`, as
///   `DatanetRegistry.commitmentOf` computes it; a batch commits to its root in place of the content hash.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { randomBytes } from "node:crypto";
import { AbiCoder, getAddress, hexlify, isAddress, isHexString, keccak256 } from "ethers";
import { OpenLedgerError } from "./errors.js";
import { toJson } from "./output.js";

/// The leaf encoding of a record, as `DatanetRegistry.verifyRecord` hashes it.
export const RECORD_LEAF_ENCODING = ["address", "bytes32", "uint256"];

/// The `format` of a tree file written by `writeTreeFile`.
export const TREE_FILE_FORMAT = "openledger-records-v1";

/// One leaf: `[contributor, contentHash, weight]`, the weight as a decimal string (JSON has no bigint).
export type RecordLeaf = [string, string, string];

/// A file and its content hash.
export interface HashedFile {
  /// Absolute path of the file.
  file: string;
  /// Path relative to the folder that was hashed (posix separators), or the file name for a single file.
  name: string;
  contentHash: string;
  size: number;
}

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
export interface TreeFile {
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

/// The commitment to contributing `contentHash` (or a batch root) to `datanetId` as `contributor`, with `salt`.
export function commitmentOf(contributor: string, datanetId: bigint, contentHash: string, salt: string): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "uint256", "bytes32", "bytes32"],
      [contributor, datanetId, contentHash, salt],
    ),
  );
}

/// A random 32-byte salt, from the system's cryptographic generator.
export function randomSalt(): string {
  return hexlify(randomBytes(32));
}

/// The salt of one record in a run: keccak256(runSalt, contentHash). Each record's salt differs, and revealing one
/// does not tell the run's salt (so the other commitments of the run stay hidden).
export function saltFor(runSalt: string, contentHash: string): string {
  if (!isHexString(runSalt, 32)) throw new OpenLedgerError(`--salt must be a 32-byte hex value, not ${runSalt}`);
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [runSalt, contentHash]));
}

/// keccak256 of the bytes of `file`.
export async function hashFile(file: string, name = path.basename(file)): Promise<HashedFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { file: path.resolve(file), name, contentHash: keccak256(bytes), size: bytes.length };
}

/// Every regular file under `dir`, recursively, as paths relative to `dir` with posix separators, sorted.
/// Symbolic links are not followed.
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string): void => {
    const entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk("");
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/// The files that `target` names: the file itself, or every file of the folder (see `listFiles`), hashed.
export async function hashPath(target: string): Promise<{ folder: boolean; files: HashedFile[] }> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(target).isDirectory();
  } catch {
    throw new OpenLedgerError(`no such file or folder: ${target}`);
  }
  if (!isDirectory) return { folder: false, files: [await hashFile(target)] };
  const names = listFiles(target);
  if (names.length === 0) throw new OpenLedgerError(`the folder ${target} holds no file`);
  const files: HashedFile[] = [];
  for (const name of names) files.push(await hashFile(path.join(target, name), name));
  return { folder: true, files };
}

/// Splits `files` into the first file of each content hash, and the later files with the same content.
export function dedupe(files: HashedFile[]): { unique: HashedFile[]; duplicates: HashedFile[] } {
  const seen = new Set<string>();
  const unique: HashedFile[] = [];
  const duplicates: HashedFile[] = [];
  for (const f of files) {
    if (seen.has(f.contentHash)) duplicates.push(f);
    else {
      seen.add(f.contentHash);
      unique.push(f);
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

/// The tree file of a batch of `files`, all contributed by `contributor` with the same weight.
export function treeFileOf(params: {
  chainId: bigint;
  datanetId: bigint;
  contributor: string;
  uri: string;
  files: Array<Pick<HashedFile, "name" | "contentHash">>;
  weight?: bigint;
}): { tree: StandardMerkleTree<RecordLeaf>; content: TreeFile } {
  const weight = params.weight ?? 1n;
  const leaves = params.files.map((f) => recordLeaf(params.contributor, f.contentHash, weight));
  const tree = buildRecordTree(leaves);
  const records = params.files.map((f, i) => ({
    name: f.name,
    contentHash: leaves[i][1],
    weight: leaves[i][2],
    proof: tree.getProof(i),
  }));
  const content: TreeFile = {
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

/// Writes a tree file (creating its folder).
export function writeTreeFile(file: string, content: TreeFile): void {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, `${toJson(content)}\n`);
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === "string");
}

/// Reads a tree file and checks it: its format, that the dump rebuilds the stated root, and every proof.
export function readTreeFile(file: string): { tree: StandardMerkleTree<RecordLeaf>; content: TreeFile } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const content = parsed as Partial<TreeFile> | null;
  if (content === null || typeof content !== "object" || content.format !== TREE_FILE_FORMAT) {
    throw new OpenLedgerError(`${file} is not a tree file (expected "format": "${TREE_FILE_FORMAT}")`);
  }
  if (content.tree === undefined || typeof content.root !== "string" || !Array.isArray(content.records)) {
    throw new OpenLedgerError(`${file}: missing "tree", "root" or "records"`);
  }
  let tree: StandardMerkleTree<RecordLeaf>;
  try {
    tree = StandardMerkleTree.load(content.tree);
    tree.validate();
  } catch (err: unknown) {
    throw new OpenLedgerError(`${file}: invalid tree (${err instanceof Error ? err.message : String(err)})`);
  }
  if (tree.root !== content.root) {
    throw new OpenLedgerError(`${file}: the tree's root is ${tree.root}, the file states ${content.root}`);
  }
  for (const record of content.records) {
    if (
      typeof record.contentHash !== "string" ||
      typeof record.weight !== "string" ||
      !isStringArray(record.proof) ||
      typeof content.contributor !== "string" ||
      !isAddress(content.contributor)
    ) {
      throw new OpenLedgerError(`${file}: malformed record ${toJson(record, 0)}`);
    }
    const leaf = recordLeaf(content.contributor, record.contentHash, BigInt(record.weight));
    if (!StandardMerkleTree.verify(tree.root, RECORD_LEAF_ENCODING, leaf, record.proof)) {
      throw new OpenLedgerError(`${file}: the proof of ${record.contentHash} does not verify against ${tree.root}`);
    }
  }
  return { tree, content: content as TreeFile };
}

/// The record of `contentHash` in a tree file, with its proof.
export function recordIn(content: TreeFile, contentHash: string): TreeFileRecord {
  if (!isHexString(contentHash, 32)) throw new OpenLedgerError(`not a 32-byte hash: ${contentHash}`);
  const found = content.records.find((r) => r.contentHash.toLowerCase() === contentHash.toLowerCase());
  if (found === undefined) throw new OpenLedgerError(`${contentHash} is not in the batch ${content.root}`);
  return found;
}
