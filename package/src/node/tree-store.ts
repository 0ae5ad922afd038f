/// Attribution trees on disk, in a format that streams: a folder `<name>.tree/` that holds
///
/// - `manifest.json`: the format and version, the root, the leaf encoding, the number of leaves, the cumulative
///   total, the allocation's header (everything but its leaves and inferences), where it was posted, and the layout
///   of the two record files below;
/// - `leaves.bin`: one 64-byte record per leaf, in ascending account order: the account (20 bytes), its cumulative
///   amount (uint256, big-endian, 32 bytes), the leaf's tree index and its index in the allocation (uint32,
///   big-endian, 4 bytes each) and 4 zero bytes. The account order is the index: a binary search finds an account
///   in log2(N) reads of one record;
/// - `nodes.bin`: the `2N − 1` nodes of the tree, 32 bytes each, in the order of `@openzeppelin/merkle-tree`'s
///   StandardMerkleTree (node 0 is the root, sorted leaf `i` is node `2N − 2 − i`). A proof is the log2(N)
///   siblings on the way up, each one read at its offset;
/// - `inferences.ndjson` (inference-log allocations only): one inference a line.
///
/// Nothing is ever held as one string: the writer fills a buffer of a megabyte at a time, and reading one proof is
/// about 2·log2(N) positional reads of a few bytes, whatever N. The older JSON tree file (`<name>.tree.json`, one
/// object with the allocation, the dump and every proof) still loads: `openTree` tells the two apart.
///
/// This is the Node edge of the SDK (it reads and writes files); the tree itself is `../attribution/merkle.ts`.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import {
  AttributionMerkleTree,
  checksumAddress,
  hexToNode,
  LEAF_BYTES,
  LEAF_ENCODING,
  leafHashBytes,
  NODE_BYTES,
  orderByBytes,
  processProof,
  proofIndices,
  readUint256,
  toHex,
  writeAddress,
} from "../attribution/merkle.js";
import type { LeafInput } from "../attribution/merkle.js";

/// The `format` of a tree store's manifest, and its version.
export const TREE_STORE_FORMAT = "openledger-tree-store";
export const TREE_STORE_VERSION = 1;
/// Bytes of one record of `leaves.bin`.
export const LEAF_RECORD_BYTES = 64;
/// How many bytes the writer buffers before each write.
const WRITE_BUFFER = 1 << 20;

/// What a tree is built from: an allocation with its leaves (`allocations`) and its total; every other field is
/// kept as the allocation's header, inferences apart.
export interface AllocationLike {
  allocations: readonly LeafInput[];
  cumulativeTotal: string;
  inferences?: readonly unknown[];
}

/// One account's leaf and proof.
export interface ProofEntry {
  cumulativeAmount: string;
  proof: string[];
}

/// A tree store's manifest (`manifest.json`).
export interface TreeStoreManifest {
  format: typeof TREE_STORE_FORMAT;
  version: typeof TREE_STORE_VERSION;
  root: string;
  leafEncoding: string[];
  count: number;
  cumulativeTotal: string;
  /// The allocation without its leaves and inferences.
  allocation: Record<string, unknown>;
  /// How many inferences `inferences.ndjson` holds (inference-log allocations), else absent.
  inferences?: number;
  posted?: Record<string, unknown>;
  leaves: { file: "leaves.bin"; recordBytes: 64; order: "account"; layout: string };
  nodes: { file: "nodes.bin"; recordBytes: 32; count: number; depth: number; order: string };
}

/// A mismatch found by `verifyTree`, named as `attribution:verify` names them.
export interface StoreMismatch {
  name: "root mismatch" | "proof mismatch" | "total mismatch" | "malformed";
  detail: string;
}

const LEAF_LAYOUT =
  "account (20 bytes), cumulativeAmount (uint256, 32 bytes big-endian), treeIndex (uint32 big-endian), " +
  "valueIndex (uint32 big-endian), 4 zero bytes";
const NODE_ORDER = "StandardMerkleTree: node 0 is the root, node i has children 2i+1 and 2i+2";

// -------------------------------------------------------------------------------------------------
// Writing
// -------------------------------------------------------------------------------------------------

/// The tree store folder of an allocation file: `alloc.json` → `alloc.tree` (next to `alloc.tree.json`).
export function treeStorePath(allocationFile: string): string {
  return allocationFile.endsWith(".json")
    ? `${allocationFile.slice(0, -".json".length)}.tree`
    : `${allocationFile}.tree`;
}

/// Writes everything of `bytes` at the current position of `fd`.
function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/// Writes a file from its chunks, then syncs it.
function writeFileFrom(file: string, fill: (write: (bytes: Uint8Array) => void) => void): void {
  const fd = openSync(file, "w");
  try {
    fill((bytes) => writeAll(fd, bytes));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/// The value indices of `tree`'s leaves in ascending account order. Throws when an account appears twice.
function byAccount(tree: AttributionMerkleTree): Uint32Array {
  // The account is bytes 12..32 of each encoded leaf.
  const order = orderByBytes(tree.leaves, tree.count, LEAF_BYTES, 12, 20);
  for (let r = 1; r < order.length; r++) {
    const a = order[r - 1] * LEAF_BYTES + 12;
    const b = order[r] * LEAF_BYTES + 12;
    let same = true;
    for (let k = 0; k < 20 && same; k++) same = tree.leaves[a + k] === tree.leaves[b + k];
    if (same) throw new Error(`${checksumAddress(tree.leaves, b)} has two leaves`);
  }
  return order;
}

/// Writes the tree store of `allocation` at `dir` (a folder, by convention `<name>.tree`), built with the fast
/// builder unless `tree` is given (it must be the allocation's). The store is written to a temporary folder next to
/// `dir` and renamed over it once complete, so `dir` is either what it was or the whole new store. Throws a one-line
/// error when an account is not an address, appears twice, or the leaves do not add up to `cumulativeTotal`.
export function writeTreeStore<A extends AllocationLike>(
  dir: string,
  allocation: A,
  options: { tree?: AttributionMerkleTree; posted?: Record<string, unknown> } = {},
): TreeStoreManifest {
  const { allocations, inferences, ...header } = allocation;
  if (allocations.length === 0) throw new Error("the allocation has no account");
  const tree = options.tree ?? AttributionMerkleTree.of(allocations);
  if (tree.count !== allocations.length) {
    throw new Error(`the tree has ${tree.count} leaves, the allocation ${allocations.length}`);
  }
  const total = tree.total();
  if (total.toString(10) !== BigInt(allocation.cumulativeTotal).toString(10)) {
    throw new Error(`the leaves sum to ${total}, the allocation's cumulativeTotal is ${allocation.cumulativeTotal}`);
  }
  const order = byAccount(tree);
  const n = tree.count;
  const manifest: TreeStoreManifest = {
    format: TREE_STORE_FORMAT,
    version: TREE_STORE_VERSION,
    root: tree.root,
    leafEncoding: [...LEAF_ENCODING],
    count: n,
    cumulativeTotal: total.toString(10),
    allocation: header as Record<string, unknown>,
    ...(inferences === undefined ? {} : { inferences: inferences.length }),
    ...(options.posted === undefined ? {} : { posted: options.posted }),
    leaves: { file: "leaves.bin", recordBytes: LEAF_RECORD_BYTES, order: "account", layout: LEAF_LAYOUT },
    nodes: { file: "nodes.bin", recordBytes: NODE_BYTES, count: 2 * n - 1, depth: depthOf(n), order: NODE_ORDER },
  };

  const target = path.resolve(dir);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const perChunk = WRITE_BUFFER / LEAF_RECORD_BYTES;
    writeFileFrom(path.join(partial, "leaves.bin"), (write) => {
      const chunk = new Uint8Array(WRITE_BUFFER);
      const view = new DataView(chunk.buffer);
      for (let from = 0; from < n; from += perChunk) {
        const to = Math.min(n, from + perChunk);
        chunk.fill(0);
        for (let r = from; r < to; r++) {
          const v = order[r];
          const o = (r - from) * LEAF_RECORD_BYTES;
          chunk.set(tree.leaves.subarray(v * LEAF_BYTES + 12, v * LEAF_BYTES + 64), o);
          view.setUint32(o + 52, tree.treeIndex[v]);
          view.setUint32(o + 56, v);
        }
        write(chunk.subarray(0, (to - from) * LEAF_RECORD_BYTES));
      }
    });
    writeFileFrom(path.join(partial, "nodes.bin"), (write) => {
      for (let from = 0; from < tree.nodes.length; from += WRITE_BUFFER) {
        write(tree.nodes.subarray(from, Math.min(tree.nodes.length, from + WRITE_BUFFER)));
      }
    });
    if (inferences !== undefined) {
      writeFileFrom(path.join(partial, "inferences.ndjson"), (write) => {
        const encoder = new TextEncoder();
        let buffer = "";
        for (const inference of inferences) {
          buffer += `${JSON.stringify(inference)}\n`;
          if (buffer.length >= WRITE_BUFFER) {
            write(encoder.encode(buffer));
            buffer = "";
          }
        }
        if (buffer !== "") write(encoder.encode(buffer));
      });
    }
    writeFileFrom(path.join(partial, "manifest.json"), (write) => {
      write(new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
    });
    // The old store, if any, is moved aside first: a folder cannot be renamed over a folder that is not empty.
    const old = `${target}.old-${process.pid}`;
    const hadOld = existsSync(target);
    if (hadOld) renameSync(target, old);
    renameSync(partial, target);
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } catch (err: unknown) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`cannot write the tree store ${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return manifest;
}

/// Records where the tree of the store at `dir` was posted (`posted` of its manifest), replacing the manifest
/// atomically (a temporary file renamed over it): the record files are not touched. Returns the new manifest.
export function recordPosted(dir: string, posted: Record<string, unknown>): TreeStoreManifest {
  const manifest = { ...readManifest(dir), posted };
  const file = path.join(dir, "manifest.json");
  const partial = `${file}.partial-${process.pid}`;
  try {
    writeFileFrom(partial, (write) => write(new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)));
    renameSync(partial, file);
  } catch (err: unknown) {
    rmSync(partial, { force: true });
    throw new Error(`cannot record the post in ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return manifest;
}

/// The length of the longest proof of a tree of `n` leaves (the depth of its deepest leaf).
function depthOf(n: number): number {
  let depth = 0;
  for (let i = 2 * n - 2; i > 0; i = (i - 1) >> 1) depth++;
  return depth;
}

// -------------------------------------------------------------------------------------------------
// Reading
// -------------------------------------------------------------------------------------------------

/// An open attribution tree, in either format: its root and header, one account's proof, and its leaves one by one.
export interface TreeReader {
  /// `store` for a tree store folder, `json` for the older JSON tree file.
  readonly format: "store" | "json";
  readonly path: string;
  readonly root: string;
  readonly count: number;
  readonly cumulativeTotal: string;
  /// The allocation without its leaves and inferences.
  readonly allocation: Record<string, unknown>;
  readonly posted?: Record<string, unknown>;
  /// The account's leaf and proof, checked against the root before it is returned, or undefined without a leaf.
  proofFor(account: string): ProofEntry | undefined;
  /// Every leaf, in the allocation's order for a JSON file and in account order for a store.
  leaves(): Generator<{ account: string; cumulativeAmount: string }, void, undefined>;
  /// The allocation's inferences, read on demand; undefined when it has none (pro-rata allocations).
  inferences(): unknown[] | undefined;
  close(): void;
}

/// Reads exactly `length` bytes at `position` of `fd` (throws at the end of the file).
function readAt(fd: number, buffer: Uint8Array, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += n;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/// Reads and checks the manifest of the tree store at `dir`.
export function readManifest(dir: string): TreeStoreManifest {
  const file = path.join(dir, "manifest.json");
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(value) || value.format !== TREE_STORE_FORMAT) throw new Error(`${file} is not a tree store manifest`);
  if (value.version !== TREE_STORE_VERSION) {
    throw new Error(`${file}: version ${JSON.stringify(value.version)} is not supported (expected 1)`);
  }
  const m = value as unknown as TreeStoreManifest;
  if (
    typeof m.root !== "string" ||
    !Number.isSafeInteger(m.count) ||
    m.count < 1 ||
    typeof m.cumulativeTotal !== "string" ||
    !isObject(m.allocation) ||
    m.leaves?.recordBytes !== LEAF_RECORD_BYTES ||
    m.nodes?.recordBytes !== NODE_BYTES ||
    m.nodes.count !== 2 * m.count - 1
  ) {
    throw new Error(`${file}: malformed manifest`);
  }
  hexToNode(m.root);
  return m;
}

/// Whether `file` is a tree store folder (or its manifest).
export function isTreeStore(file: string): boolean {
  return (
    (existsSync(file) && statSync(file).isDirectory() && existsSync(path.join(file, "manifest.json"))) ||
    path.basename(file) === "manifest.json"
  );
}

/// The tree store at `dir`, open for reading: the manifest is parsed, the record files are opened, nothing else is
/// read until asked for.
class StoreReader implements TreeReader {
  readonly format = "store" as const;
  readonly path: string;
  readonly root: string;
  readonly count: number;
  readonly cumulativeTotal: string;
  readonly allocation: Record<string, unknown>;
  readonly posted?: Record<string, unknown>;
  readonly manifest: TreeStoreManifest;
  private readonly leavesFd: number;
  private readonly nodesFd: number;
  private readonly record = new Uint8Array(LEAF_RECORD_BYTES);

  constructor(dir: string) {
    this.path = dir;
    this.manifest = readManifest(dir);
    this.root = this.manifest.root.toLowerCase();
    this.count = this.manifest.count;
    this.cumulativeTotal = this.manifest.cumulativeTotal;
    this.allocation = this.manifest.allocation;
    if (this.manifest.posted !== undefined) this.posted = this.manifest.posted;
    this.leavesFd = openSync(path.join(dir, "leaves.bin"), "r");
    this.nodesFd = openSync(path.join(dir, "nodes.bin"), "r");
    const leavesSize = statSync(path.join(dir, "leaves.bin")).size;
    const nodesSize = statSync(path.join(dir, "nodes.bin")).size;
    if (leavesSize !== this.count * LEAF_RECORD_BYTES || nodesSize !== (2 * this.count - 1) * NODE_BYTES) {
      this.close();
      throw new Error(`${dir}: the record files do not hold ${this.count} leaves`);
    }
  }

  /// The record of the `r`-th account (account order) in `this.record`.
  private readRecord(r: number): Uint8Array {
    readAt(this.leavesFd, this.record, LEAF_RECORD_BYTES, r * LEAF_RECORD_BYTES);
    return this.record;
  }

  proofFor(account: string): ProofEntry | undefined {
    const target = new Uint8Array(20);
    writeAddress(account, target, 0);
    // Binary search over the fixed-width records, one read of 64 bytes per step.
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const rec = this.readRecord(mid);
      let d = 0;
      for (let k = 0; k < 20 && d === 0; k++) d = rec[k] - target[k];
      if (d < 0) lo = mid + 1;
      else if (d > 0) hi = mid - 1;
      else return this.proofOfRecord(rec);
    }
    return undefined;
  }

  private proofOfRecord(rec: Uint8Array): ProofEntry {
    const view = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    const treeIndex = view.getUint32(52);
    const account = checksumAddress(rec, 0);
    const cumulativeAmount = readUint256(rec, 20).toString(10);
    if (treeIndex >= 2 * this.count - 1 || treeIndex < this.count - 1) {
      throw new Error(`${this.path}: the leaf of ${account} has tree index ${treeIndex}, not a leaf's`);
    }
    const proofBytes = proofIndices(treeIndex).map((i) => {
      const node = new Uint8Array(NODE_BYTES);
      readAt(this.nodesFd, node, NODE_BYTES, i * NODE_BYTES);
      return node;
    });
    // Check: the proof served leads from the account's leaf to the manifest's root.
    if (toHex(processProof(leafHashBytes(account, cumulativeAmount), proofBytes)) !== this.root) {
      throw new Error(`${this.path}: the proof of ${account} does not verify against root ${this.root}`);
    }
    return { cumulativeAmount, proof: proofBytes.map((p) => toHex(p)) };
  }

  *leaves(): Generator<{ account: string; cumulativeAmount: string }, void, undefined> {
    for (const { records, count } of this.recordChunks()) {
      for (let r = 0; r < count; r++) {
        const o = r * LEAF_RECORD_BYTES;
        yield { account: checksumAddress(records, o), cumulativeAmount: readUint256(records, o + 20).toString(10) };
      }
    }
  }

  /// `leaves.bin` a megabyte at a time.
  *recordChunks(): Generator<{ records: Uint8Array; count: number; first: number }, void, undefined> {
    const perChunk = WRITE_BUFFER / LEAF_RECORD_BYTES;
    const records = new Uint8Array(WRITE_BUFFER);
    for (let first = 0; first < this.count; first += perChunk) {
      const count = Math.min(perChunk, this.count - first);
      readAt(this.leavesFd, records, count * LEAF_RECORD_BYTES, first * LEAF_RECORD_BYTES);
      yield { records, count, first };
    }
  }

  /// `nodes.bin` from node `from`, `length` nodes, into `out`.
  readNodes(out: Uint8Array, from: number, length: number): void {
    readAt(this.nodesFd, out, length * NODE_BYTES, from * NODE_BYTES);
  }

  inferences(): unknown[] | undefined {
    if (this.manifest.inferences === undefined) return undefined;
    const text = readFileSync(path.join(this.path, "inferences.ndjson"), "utf8");
    return text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as unknown);
  }

  close(): void {
    for (const fd of [this.leavesFd, this.nodesFd]) {
      try {
        if (fd !== undefined) closeSync(fd);
      } catch {
        // Already closed.
      }
    }
  }
}

/// The older JSON tree file, parsed whole (it is never larger than V8's longest string).
class JsonReader implements TreeReader {
  readonly format = "json" as const;
  readonly path: string;
  readonly root: string;
  readonly count: number;
  readonly cumulativeTotal: string;
  readonly allocation: Record<string, unknown>;
  readonly posted?: Record<string, unknown>;
  private readonly entries: Array<{ account: string; cumulativeAmount: string }>;
  private readonly proofs: Record<string, { cumulativeAmount?: unknown; proof?: unknown }>;
  private readonly inferenceList: unknown[] | undefined;

  constructor(file: string) {
    this.path = file;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, "utf8"));
    } catch (err: unknown) {
      throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!isObject(value) || !isObject(value.allocation) || typeof value.root !== "string" || !isObject(value.proofs)) {
      throw new Error(`${file} is not a tree file (no allocation, root and proofs)`);
    }
    const { allocations, inferences, ...header } = value.allocation;
    if (!Array.isArray(allocations)) throw new Error(`${file}: allocation.allocations must be an array`);
    this.root = value.root.toLowerCase();
    this.entries = allocations as Array<{ account: string; cumulativeAmount: string }>;
    this.count = this.entries.length;
    this.cumulativeTotal = String(header.cumulativeTotal);
    this.allocation = header;
    this.inferenceList = Array.isArray(inferences) ? (inferences as unknown[]) : undefined;
    this.proofs = value.proofs as JsonReader["proofs"];
    if (isObject(value.posted)) this.posted = value.posted;
  }

  proofFor(account: string): ProofEntry | undefined {
    const bytes = new Uint8Array(20);
    writeAddress(account, bytes, 0);
    const key = checksumAddress(bytes);
    const entry = this.proofs[key];
    if (entry === undefined) return undefined;
    if (typeof entry.cumulativeAmount !== "string" || !Array.isArray(entry.proof)) {
      throw new Error(`${this.path}: proofs[${key}] is malformed`);
    }
    const proof = entry.proof.map((p: unknown) => toHex(hexToNode(String(p))));
    if (toHex(processProof(leafHashBytes(key, entry.cumulativeAmount), proof)) !== this.root) {
      throw new Error(`${this.path}: the proof of ${key} does not verify against root ${this.root}`);
    }
    return { cumulativeAmount: BigInt(entry.cumulativeAmount).toString(10), proof };
  }

  *leaves(): Generator<{ account: string; cumulativeAmount: string }, void, undefined> {
    for (const e of this.entries) yield { account: e.account, cumulativeAmount: String(e.cumulativeAmount) };
  }

  inferences(): unknown[] | undefined {
    return this.inferenceList;
  }

  close(): void {
    // Nothing is held open.
  }
}

/// Opens an attribution tree in either format: a tree store folder (or its `manifest.json`), or an older JSON tree
/// file. Given `x.tree.json` that does not exist while `x.tree/` does, opens the store. Throws a one-line error
/// naming the file when it is neither.
export function openTree(file: string): TreeReader {
  if (path.basename(file) === "manifest.json") return new StoreReader(path.dirname(file));
  if (isTreeStore(file)) return new StoreReader(file);
  if (!existsSync(file) && file.endsWith(".tree.json") && isTreeStore(file.slice(0, -".json".length))) {
    return new StoreReader(file.slice(0, -".json".length));
  }
  if (!existsSync(file)) throw new Error(`${file}: no such tree file or tree store`);
  return new JsonReader(file);
}

/// One account's leaf and proof from a tree in either format, opened and closed for it: a store answers with a few
/// positional reads.
export function readProof(file: string, account: string): ProofEntry | undefined {
  const reader = openTree(file);
  try {
    return reader.proofFor(account);
  } finally {
    reader.close();
  }
}

/// The whole allocation of a tree in either format (header, leaves and inferences), as the allocation file had it;
/// a store gives its leaves in the allocation's order. For trees that fit in memory as objects.
export function readAllocation(file: string): Record<string, unknown> & AllocationLike {
  const reader = openTree(file);
  try {
    const leaves = [...reader.leaves()];
    let allocations = leaves;
    if (reader instanceof StoreReader) {
      allocations = new Array<{ account: string; cumulativeAmount: string }>(leaves.length);
      let r = 0;
      for (const { records, count } of reader.recordChunks()) {
        const view = new DataView(records.buffer);
        for (let k = 0; k < count; k++, r++) allocations[view.getUint32(k * LEAF_RECORD_BYTES + 56)] = leaves[r];
      }
    }
    const inferences = reader.inferences();
    const out: Record<string, unknown> & AllocationLike = {
      ...reader.allocation,
      cumulativeTotal: reader.cumulativeTotal,
      allocations,
    };
    if (inferences !== undefined) out.inferences = inferences;
    return out;
  } finally {
    reader.close();
  }
}

// -------------------------------------------------------------------------------------------------
// Verifying
// -------------------------------------------------------------------------------------------------

/// What `verifyTree` found: the rebuilt root and the sum of the leaves, and every mismatch.
export interface TreeCheck {
  root: string;
  total: bigint;
  mismatches: StoreMismatch[];
}

/// Rebuilds the tree of `file` (either format) from its leaves alone and checks it: the rebuilt root against the
/// file's root, and the sum of the leaves against its cumulative total. For a store, also that the accounts are in
/// strictly ascending order, that every record's tree index is its leaf's, and that `nodes.bin` is the rebuilt tree
/// node for node (so every proof it serves is right). With `expected` (what the chain says was posted), the root
/// and the total are compared with it too.
export function verifyTree(file: string, expected?: { root?: string; cumulativeTotal?: bigint }): TreeCheck {
  const reader = openTree(file);
  const mismatches: StoreMismatch[] = [];
  const add = (name: StoreMismatch["name"], detail: string): void => {
    mismatches.push({ name, detail });
  };
  try {
    const n = reader.count;
    const encoded = new Uint8Array(n * LEAF_BYTES);
    let treeIndexOf: Uint32Array | undefined;
    if (reader instanceof StoreReader) {
      treeIndexOf = new Uint32Array(n);
      let r = 0;
      let ordered = true;
      for (const { records, count } of reader.recordChunks()) {
        const view = new DataView(records.buffer);
        for (let k = 0; k < count; k++, r++) {
          const o = k * LEAF_RECORD_BYTES;
          const at = r * LEAF_BYTES;
          encoded.set(records.subarray(o, o + 52), at + 12);
          treeIndexOf[r] = view.getUint32(o + 52);
          if (ordered && r > 0) {
            let d = 0;
            for (let b = 0; b < 20 && d === 0; b++) d = encoded[at + 12 + b] - encoded[at - LEAF_BYTES + 12 + b];
            if (d <= 0) {
              ordered = false;
              add("malformed", `the leaves are not in strictly ascending account order at record ${r}`);
            }
          }
        }
      }
    } else {
      let r = 0;
      for (const leaf of reader.leaves()) {
        try {
          const amount = BigInt(leaf.cumulativeAmount);
          encoded.fill(0, r * LEAF_BYTES, (r + 1) * LEAF_BYTES);
          writeAddress(leaf.account, encoded, r * LEAF_BYTES + 12);
          const hex = amount.toString(16).padStart(64, "0");
          encoded.set(hexToNode(`0x${hex}`), r * LEAF_BYTES + 32);
        } catch (err: unknown) {
          add("malformed", `leaf ${r}: ${err instanceof Error ? err.message : String(err)}`);
        }
        r++;
      }
    }
    const tree = AttributionMerkleTree.fromEncoded(encoded);
    const total = tree.total();
    if (tree.root !== reader.root)
      add("root mismatch", `the leaves' tree has root ${tree.root}, the file says ${reader.root}`);
    if (total !== BigInt(reader.cumulativeTotal)) {
      add("total mismatch", `the leaves sum to ${total}, the file's cumulativeTotal is ${reader.cumulativeTotal}`);
    }
    const allocationTotal = reader.allocation.cumulativeTotal;
    if (allocationTotal !== undefined && String(allocationTotal) !== reader.cumulativeTotal) {
      add(
        "total mismatch",
        `the manifest's total ${reader.cumulativeTotal} ≠ its allocation's ${String(allocationTotal)}`,
      );
    }
    if (reader instanceof StoreReader && treeIndexOf !== undefined) {
      let wrong = 0;
      for (let r = 0; r < n; r++) if (treeIndexOf[r] !== tree.treeIndex[r]) wrong++;
      if (wrong > 0) add("proof mismatch", `${wrong} leaf records name another tree index than their leaf's`);
      const chunkNodes = WRITE_BUFFER / NODE_BYTES;
      const buffer = new Uint8Array(WRITE_BUFFER);
      let differ = 0;
      for (let from = 0; from < 2 * n - 1; from += chunkNodes) {
        const length = Math.min(chunkNodes, 2 * n - 1 - from);
        reader.readNodes(buffer, from, length);
        const want = tree.nodes.subarray(from * NODE_BYTES, (from + length) * NODE_BYTES);
        for (let b = 0; b < want.length; b += NODE_BYTES) {
          for (let k = 0; k < NODE_BYTES; k++) {
            if (buffer[b + k] !== want[b + k]) {
              differ++;
              break;
            }
          }
        }
      }
      if (differ > 0) add("proof mismatch", `${differ} nodes of nodes.bin are not the leaves' tree`);
    }
    if (expected?.root !== undefined && expected.root.toLowerCase() !== tree.root) {
      add("root mismatch", `rebuilt root ${tree.root} ≠ posted root ${expected.root.toLowerCase()}`);
    }
    if (expected?.cumulativeTotal !== undefined && expected.cumulativeTotal !== BigInt(reader.cumulativeTotal)) {
      add(
        "total mismatch",
        `the file's cumulativeTotal is ${reader.cumulativeTotal}, the posted total ${expected.cumulativeTotal}`,
      );
    }
    return { root: tree.root, total, mismatches };
  } finally {
    reader.close();
  }
}
