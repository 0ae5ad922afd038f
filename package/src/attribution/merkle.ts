/// The Merkle tree of an attribution epoch, built fast: one leaf `(address account, uint256 cumulativeAmount)` per
/// contributor, exactly as `@openzeppelin/merkle-tree`'s `StandardMerkleTree.of(values, ["address", "uint256"])`
/// builds it, so that the root, every proof and every multiproof are the same bytes.
///
/// What the library does, and this module repeats:
/// - a leaf is `keccak256(keccak256(abi.encode(account, cumulativeAmount)))`;
/// - the leaves are sorted by hash (ascending, ties in input order) and laid out at the end of one array of
///   `2n − 1` nodes, the first sorted leaf last: sorted leaf `i` is node `2n − 2 − i`;
/// - node `i < n − 1` is the hash of its children `2i + 1` and `2i + 2`, the smaller one first;
/// - a proof is the sibling of each node on the way from the leaf up to node 0, the root.
///
/// The library spends most of its time turning bytes into hex strings and back, and encoding each leaf with a general
/// ABI coder. Here a leaf is 64 bytes written by hand, the nodes are one `Uint8Array`, and each hash is one call of
/// @noble/hashes' Keccak-f permutation (`keccakP`) on one reused state, which makes 2^20 leaves a matter of seconds rather than
/// minutes. Pure and browser-safe: no Node module is imported.
import { keccak_256, keccakP } from "@noble/hashes/sha3.js";

/// The leaf encoding of every attribution tree (StandardMerkleTree's `leafEncoding`).
export const LEAF_ENCODING: readonly ["address", "uint256"] = ["address", "uint256"];

/// Bytes of an ABI-encoded leaf `(address, uint256)`: two 32-byte words.
export const LEAF_BYTES = 64;
/// Bytes of a node (a keccak256 hash).
export const NODE_BYTES = 32;

/// One leaf as the allocation files write it: an account and what it has earned in all (decimal string or bigint).
export interface LeafInput {
  account: string;
  cumulativeAmount: string | bigint;
}

/// A StandardMerkleTree dump (`tree.dump()`), as the JSON tree files hold it.
export interface StandardTreeDump {
  format: "standard-v1";
  leafEncoding: string[];
  tree: string[];
  values: Array<{ value: [string, string]; treeIndex: number }>;
}

/// How a tree is built: `sortLeaves` as the library's option of that name (default true: leaves in ascending hash
/// order; false: in the order given).
export interface TreeOptions {
  sortLeaves?: boolean;
}

/// A multiproof in the library's form: the leaves it proves, the proof nodes and the flags.
export interface MultiProof {
  leaves: Array<[string, string]>;
  proof: string[];
  proofFlags: boolean[];
}

// -------------------------------------------------------------------------------------------------
// Keccak-256 of one or two words, on one reused state
// -------------------------------------------------------------------------------------------------

const STATE = new Uint32Array(50);
const STATE_BYTES = new Uint8Array(STATE.buffer);
/// Keccak-256's rate: 136 bytes, so one 32- or 64-byte input is one block.
const RATE = 136;
/// The permutation's words are the lanes' little-endian halves. On a little-endian host (every browser and every
/// Node platform in use) a word view of the input bytes is that already; a big-endian host reads bytes one by one.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/// Writes keccak256 of `src[srcWord*4 .. +words*4]` to `dst[dstWord*4 .. +32]`. Both are 32-bit word views, so
/// every input and output here is 4-byte aligned (leaves are 64 bytes, nodes 32).
function hashWords(src: Uint32Array, srcWord: number, words: 8 | 16, dst: Uint32Array, dstWord: number): void {
  if (!LITTLE_ENDIAN) {
    const from = new Uint8Array(src.buffer, src.byteOffset + srcWord * 4, words * 4);
    new Uint8Array(dst.buffer, dst.byteOffset + dstWord * 4, 32).set(keccak256(from));
    return;
  }
  const s = STATE;
  s.fill(0);
  for (let w = 0; w < words; w++) s[w] = src[srcWord + w];
  // Padding of Keccak (not SHA-3): 0x01 after the message, 0x80 in the last byte of the block.
  STATE_BYTES[words * 4] ^= 0x01;
  STATE_BYTES[RATE - 1] ^= 0x80;
  keccakP(s, 24);
  for (let w = 0; w < 8; w++) dst[dstWord + w] = s[w];
}

/// keccak256 of any bytes (used for checksums, not for the tree): @noble/hashes' sponge.
export function keccak256(input: Uint8Array): Uint8Array {
  return keccak_256(input);
}

/// Scratch words for a pair of nodes (64 bytes) and one node (32 bytes).
const PAIR = new Uint32Array(16);

/// Byte order of two 32-byte nodes (`a` at byte `ai` of `ab`, `b` at byte `bi` of `bb`): −1, 0 or 1.
function compareNodes(ab: Uint8Array, ai: number, bb: Uint8Array, bi: number): number {
  for (let k = 0; k < NODE_BYTES; k++) {
    const d = ab[ai + k] - bb[bi + k];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/// The parent of two nodes (`standardNodeHash`): keccak256 of the smaller one followed by the larger one, written to
/// word `dstWord` of `dst`. Node `a` is at byte `ai` of `ab` (and word `ai / 4` of `aw`, the same bytes as words),
/// node `b` likewise; the words are copied one by one, without a subarray per node.
function hashPair(
  ab: Uint8Array,
  aw: Uint32Array,
  ai: number,
  bb: Uint8Array,
  bw: Uint32Array,
  bi: number,
  dst: Uint32Array,
  dstWord: number,
): void {
  const aFirst = compareNodes(ab, ai, bb, bi) <= 0;
  const first = aFirst ? ai >> 2 : bi >> 2;
  const second = aFirst ? bi >> 2 : ai >> 2;
  const fw = aFirst ? aw : bw;
  const sw = aFirst ? bw : aw;
  for (let w = 0; w < 8; w++) {
    PAIR[w] = fw[first + w];
    PAIR[8 + w] = sw[second + w];
  }
  hashWords(PAIR, 0, 16, dst, dstWord);
}

const words = (bytes: Uint8Array): Uint32Array => {
  if (bytes.byteOffset % 4 !== 0 || bytes.byteLength % 4 !== 0) {
    const copy = new Uint8Array(bytes.byteLength + ((4 - (bytes.byteLength % 4)) % 4));
    copy.set(bytes);
    return new Uint32Array(copy.buffer);
  }
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

// -------------------------------------------------------------------------------------------------
// Hex, addresses and amounts
// -------------------------------------------------------------------------------------------------

const HEX = "0123456789abcdef";
const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4] + HEX[i & 15]);

/// `0x` and the lowercase hex of `bytes[from .. from + length]`.
export function toHex(bytes: Uint8Array, from = 0, length = bytes.length - from): string {
  let out = "0x";
  for (let i = from; i < from + length; i++) out += HEX_PAIRS[bytes[i]];
  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/// Parses `hex` (`0x` and exactly `2·length` hex digits) into `out[at .. at + length]`; false if it is not that.
export function parseHexInto(hex: string, length: number, out: Uint8Array, at: number): boolean {
  if (hex.length !== 2 + 2 * length || hex[0] !== "0" || (hex[1] !== "x" && hex[1] !== "X")) return false;
  for (let i = 0; i < length; i++) {
    const hi = nibble(hex.charCodeAt(2 + 2 * i));
    const lo = nibble(hex.charCodeAt(3 + 2 * i));
    if (hi < 0 || lo < 0) return false;
    out[at + i] = (hi << 4) | lo;
  }
  return true;
}

/// The 32 bytes of a node or root given in hex. Throws on anything else.
export function hexToNode(hex: string): Uint8Array {
  const out = new Uint8Array(NODE_BYTES);
  if (!parseHexInto(hex, NODE_BYTES, out, 0)) throw new Error(`${JSON.stringify(hex)} is not a 32-byte hex value`);
  return out;
}

const MAX_UINT256 = (1n << 256n) - 1n;

/// Writes `amount` as a big-endian uint256 at `out[at .. at + 32]`. Throws unless 0 ≤ amount < 2^256.
function writeUint256(amount: bigint, out: Uint8Array, at: number): void {
  if (amount < 0n || amount > MAX_UINT256) throw new Error(`${amount} is not a uint256`);
  // 32 bits at a time from the low end, stopping at the last non-zero word: amounts in wei are two or three words.
  out.fill(0, at, at + 32);
  let rest = amount;
  for (let o = at + 28; o >= at && rest !== 0n; o -= 4) {
    const word = Number(BigInt.asUintN(32, rest));
    out[o] = word >>> 24;
    out[o + 1] = (word >>> 16) & 0xff;
    out[o + 2] = (word >>> 8) & 0xff;
    out[o + 3] = word & 0xff;
    rest >>= 32n;
  }
}

/// The big-endian uint256 at `bytes[at .. at + 32]`.
export function readUint256(bytes: Uint8Array, at: number): bigint {
  let value = 0n;
  for (let o = at; o < at + 32; o += 8) {
    // Two 32-bit halves per 64-bit word keep the bigint work to a few operations per word.
    const a = ((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]) >>> 0;
    const b = ((bytes[o + 4] << 24) | (bytes[o + 5] << 16) | (bytes[o + 6] << 8) | bytes[o + 7]) >>> 0;
    value = (value << 64n) | (BigInt(a) << 32n) | BigInt(b);
  }
  return value;
}

/// The EIP-55 checksummed form of the 20-byte address at `bytes[at .. at + 20]`.
export function checksumAddress(bytes: Uint8Array, at = 0): string {
  const lower = toHex(bytes, at, 20).slice(2);
  const hash = keccak256(new TextEncoder().encode(lower));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const c = lower[i];
    const bit = i % 2 === 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 15;
    out += bit >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

/// Writes the 20 bytes of `account` (any case, no checksum check) at `out[at .. at + 20]`. Throws a one-line error
/// naming the account when it is not an address.
export function writeAddress(account: string, out: Uint8Array, at: number): void {
  if (!parseHexInto(account, 20, out, at)) throw new Error(`${JSON.stringify(account)} is not an address`);
}

// -------------------------------------------------------------------------------------------------
// Leaves
// -------------------------------------------------------------------------------------------------

/// Writes `abi.encode(account, cumulativeAmount)` at `out[at .. at + 64]` (out must be zero there: the address
/// word's first 12 bytes are left as they are).
export function encodeLeafInto(account: string, cumulativeAmount: string | bigint, out: Uint8Array, at: number): void {
  writeAddress(account, out, at + 12);
  let amount: bigint;
  try {
    amount = typeof cumulativeAmount === "bigint" ? cumulativeAmount : BigInt(cumulativeAmount);
  } catch {
    throw new Error(`the cumulative amount of ${account}, ${JSON.stringify(cumulativeAmount)}, is not an integer`);
  }
  if (amount < 0n || amount > MAX_UINT256) {
    throw new Error(`the cumulative amount of ${account}, ${amount}, is not a uint256`);
  }
  writeUint256(amount, out, at + 32);
}

/// The ABI-encoded leaves of `entries`, 64 bytes each, in the given order.
export function encodeLeaves(entries: readonly LeafInput[]): Uint8Array {
  const out = new Uint8Array(entries.length * LEAF_BYTES);
  for (let i = 0; i < entries.length; i++) {
    encodeLeafInto(entries[i].account, entries[i].cumulativeAmount, out, i * LEAF_BYTES);
  }
  return out;
}

const LEAF_SCRATCH = new Uint32Array(16);
const LEAF_SCRATCH_BYTES = new Uint8Array(LEAF_SCRATCH.buffer);

/// The leaf hash (`standardLeafHash`) of one `(account, cumulativeAmount)`, as 32 bytes.
export function leafHashBytes(account: string, cumulativeAmount: string | bigint): Uint8Array {
  LEAF_SCRATCH.fill(0);
  encodeLeafInto(account, cumulativeAmount, LEAF_SCRATCH_BYTES, 0);
  const out = new Uint32Array(8);
  hashWords(LEAF_SCRATCH, 0, 16, out, 0);
  hashWords(out, 0, 8, out, 0);
  return new Uint8Array(out.buffer);
}

/// The leaf hash of one `(account, cumulativeAmount)`, in hex.
export function leafHash(account: string, cumulativeAmount: string | bigint): string {
  return toHex(leafHashBytes(account, cumulativeAmount));
}

/// The leaf hashes of encoded leaves (`n·64` bytes), `n·32` bytes in the same order.
export function hashLeaves(encoded: Uint8Array): Uint8Array {
  if (encoded.length % LEAF_BYTES !== 0) throw new Error(`${encoded.length} bytes are not whole 64-byte leaves`);
  const n = encoded.length / LEAF_BYTES;
  const src = words(encoded);
  const out = new Uint32Array(n * 8);
  for (let i = 0; i < n; i++) {
    hashWords(src, i * 16, 16, out, i * 8);
    hashWords(out, i * 8, 8, out, i * 8);
  }
  return new Uint8Array(out.buffer);
}

// -------------------------------------------------------------------------------------------------
// The tree
// -------------------------------------------------------------------------------------------------

/// The indices of `n` records of `stride` bytes in `data` in ascending order of their bytes `offset .. offset +
/// length` (length ≥ 6), ties in index order: the order of a stable sort. A counting pass on the first two bytes puts
/// every record in one of 65,536 buckets (in index order), then each bucket is sorted on its own: the first six bytes
/// of each key, as one exact double, decide almost every comparison; the rest are compared only on a tie. For keys
/// spread as hashes and addresses are, a bucket holds a handful of records and the whole is about linear in `n`.
export function orderByBytes(data: Uint8Array, n: number, stride: number, offset: number, length: number): Uint32Array {
  const key = new Float64Array(n);
  const small = n < 1024;
  const start = new Uint32Array(small ? 2 : 65_537);
  for (let i = 0; i < n; i++) {
    const o = i * stride + offset;
    key[i] =
      data[o] * 2 ** 40 +
      data[o + 1] * 2 ** 32 +
      (((data[o + 2] << 24) | (data[o + 3] << 16) | (data[o + 4] << 8) | data[o + 5]) >>> 0);
    if (!small) start[((data[o] << 8) | data[o + 1]) + 1]++;
  }
  const compare = (a: number, b: number): number => {
    const d = key[a] - key[b];
    if (d !== 0) return d;
    for (let k = 6; k < length; k++) {
      const e = data[a * stride + offset + k] - data[b * stride + offset + k];
      if (e !== 0) return e;
    }
    return a - b;
  };
  if (small) {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort(compare);
  }
  for (let b = 1; b <= 65_536; b++) start[b] += start[b - 1];
  const order = new Uint32Array(n);
  const fill = start.slice(0, 65_536);
  for (let i = 0; i < n; i++) {
    const o = i * stride + offset;
    order[fill[(data[o] << 8) | data[o + 1]]++] = i;
  }
  for (let b = 0; b < 65_536; b++) {
    const from = start[b];
    const to = start[b + 1];
    if (to - from < 2) continue;
    if (to - from > 32) {
      order.subarray(from, to).sort(compare);
      continue;
    }
    // Insertion sort: a bucket is short.
    for (let i = from + 1; i < to; i++) {
      const v = order[i];
      let j = i - 1;
      while (j >= from && compare(order[j], v) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
  }
  return order;
}

/// The tree index of each node's sibling on the way from `treeIndex` up to the root.
export function proofIndices(treeIndex: number): number[] {
  const out: number[] = [];
  for (let i = treeIndex; i > 0; i = (i - 1) >> 1) out.push(i % 2 === 1 ? i + 1 : i - 1);
  return out;
}

/// The root that a leaf hash and its proof lead to (`processProof`), as 32 bytes.
export function processProof(leaf: Uint8Array, proof: readonly (string | Uint8Array)[]): Uint8Array {
  const out = new Uint32Array(8);
  const outBytes = new Uint8Array(out.buffer);
  outBytes.set(leaf);
  for (const p of proof) {
    const sibling = Uint8Array.from(typeof p === "string" ? hexToNode(p) : p);
    if (sibling.length !== NODE_BYTES) throw new Error(`a proof node of ${sibling.length} bytes, not 32`);
    hashPair(outBytes, out, 0, sibling, words(sibling), 0, out, 0);
  }
  return outBytes;
}

/// Whether `proof` proves the leaf `(account, cumulativeAmount)` under `root` (`StandardMerkleTree.verify`).
export function verifyProof(
  root: string,
  account: string,
  cumulativeAmount: string | bigint,
  proof: readonly string[],
): boolean {
  return toHex(processProof(leafHashBytes(account, cumulativeAmount), proof)) === root.toLowerCase();
}

/// An attribution tree: `StandardMerkleTree.of(values, ["address", "uint256"])` without its hex strings.
export class AttributionMerkleTree {
  /// The number of leaves.
  readonly count: number;
  /// The encoded leaves, 64 bytes each, in value order (the order they were given in).
  readonly leaves: Uint8Array;
  /// The `2n − 1` nodes, 32 bytes each, in the library's order: node 0 is the root.
  readonly nodes: Uint8Array;
  /// The tree index of each value (what the library's dump calls `treeIndex`).
  readonly treeIndex: Uint32Array;

  private constructor(leaves: Uint8Array, nodes: Uint8Array, treeIndex: Uint32Array) {
    this.count = treeIndex.length;
    this.leaves = leaves;
    this.nodes = nodes;
    this.treeIndex = treeIndex;
  }

  /// The tree of `entries`, in their order (the library's `StandardMerkleTree.of`). Throws on no entry, on an account
  /// that is not an address, and on an amount that is not a uint256.
  static of(entries: readonly LeafInput[], options: TreeOptions = {}): AttributionMerkleTree {
    return AttributionMerkleTree.fromEncoded(encodeLeaves(entries), options);
  }

  /// The tree of `(account, amount)` pairs, such as a split's map, encoded as they come (no leaf objects).
  static fromAmounts(
    amounts: Iterable<readonly [string, bigint]>,
    count?: number,
    options: TreeOptions = {},
  ): AttributionMerkleTree {
    const list = count === undefined ? [...amounts] : amounts;
    const n = count ?? (list as Array<readonly [string, bigint]>).length;
    const out = new Uint8Array(n * LEAF_BYTES);
    let i = 0;
    for (const [account, amount] of list) {
      if (i === n) throw new Error(`more than ${n} amounts`);
      encodeLeafInto(account, amount, out, i++ * LEAF_BYTES);
    }
    if (i !== n) throw new Error(`${i} amounts, not ${n}`);
    return AttributionMerkleTree.fromEncoded(out, options);
  }

  /// The tree of already encoded leaves (`n·64` bytes, see `encodeLeaves`).
  static fromEncoded(leaves: Uint8Array, options: TreeOptions = {}): AttributionMerkleTree {
    const hashes = hashLeaves(leaves);
    const hashWords32 = new Uint32Array(hashes.buffer, hashes.byteOffset, hashes.byteLength / 4);
    const n = hashes.length / NODE_BYTES;
    if (n === 0) throw new Error("Expected non-zero number of leaves");
    // The library's order: ascending hash, ties in input order; or the input order with `sortLeaves: false`.
    let order: Uint32Array;
    if (options.sortLeaves === false) {
      order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
    } else {
      order = orderByBytes(hashes, n, NODE_BYTES, 0, NODE_BYTES);
    }
    const size = 2 * n - 1;
    const nodeWords = new Uint32Array(size * 8);
    const nodes = new Uint8Array(nodeWords.buffer);
    const treeIndex = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const t = size - 1 - i;
      for (let w = 0; w < 8; w++) nodeWords[t * 8 + w] = hashWords32[order[i] * 8 + w];
      treeIndex[order[i]] = t;
    }
    for (let i = size - 1 - n; i >= 0; i--) {
      hashPair(
        nodes,
        nodeWords,
        (2 * i + 1) * NODE_BYTES,
        nodes,
        nodeWords,
        (2 * i + 2) * NODE_BYTES,
        nodeWords,
        i * 8,
      );
    }
    return new AttributionMerkleTree(leaves, nodes, treeIndex);
  }

  /// The root, in lowercase hex (the library's `tree.root`).
  get root(): string {
    return toHex(this.nodes, 0, NODE_BYTES);
  }

  /// The node at tree index `i`, in hex.
  node(i: number): string {
    return toHex(this.nodes, i * NODE_BYTES, NODE_BYTES);
  }

  /// The value at `valueIndex`: the checksummed account and the decimal amount.
  value(valueIndex: number): [string, string] {
    const at = valueIndex * LEAF_BYTES;
    return [checksumAddress(this.leaves, at + 12), readUint256(this.leaves, at + 32).toString(10)];
  }

  /// The proof of the value at `valueIndex` (the library's `getProof(valueIndex)`), in hex.
  proof(valueIndex: number): string[] {
    if (!Number.isInteger(valueIndex) || valueIndex < 0 || valueIndex >= this.count) {
      throw new Error("Index out of bounds");
    }
    return proofIndices(this.treeIndex[valueIndex]).map((i) => this.node(i));
  }

  /// The proof of the value at `valueIndex`, under the library's name (`getProof`).
  getProof(valueIndex: number): string[] {
    return this.proof(valueIndex);
  }

  /// Every value with its index, in value order (the library's `entries()`).
  *entries(): Generator<[number, [string, string]], void, undefined> {
    for (let v = 0; v < this.count; v++) yield [v, this.value(v)];
  }

  /// The multiproof of the values at `valueIndices` (the library's `getMultiProof`), values in the library's order.
  multiProof(valueIndices: readonly number[]): MultiProof {
    const byTreeIndex = new Map<number, number>();
    for (const v of valueIndices) {
      if (!Number.isInteger(v) || v < 0 || v >= this.count) throw new Error("Index out of bounds");
      byTreeIndex.set(this.treeIndex[v], v);
    }
    const indices = valueIndices.map((v) => this.treeIndex[v]).sort((a, b) => b - a);
    if (indices.some((t, p) => p > 0 && t === indices[p - 1])) throw new Error("Cannot prove duplicated index");
    const stack = [...indices];
    const proof: string[] = [];
    const proofFlags: boolean[] = [];
    while (stack.length > 0 && stack[0] > 0) {
      const j = stack.shift() as number;
      const s = j % 2 === 1 ? j + 1 : j - 1;
      const p = (j - 1) >> 1;
      if (s === stack[0]) {
        proofFlags.push(true);
        stack.shift();
      } else {
        proofFlags.push(false);
        proof.push(this.node(s));
      }
      stack.push(p);
    }
    if (indices.length === 0) proof.push(this.node(0));
    return { leaves: indices.map((t) => this.value(byTreeIndex.get(t) as number)), proof, proofFlags };
  }

  /// The sum of every leaf's amount.
  total(): bigint {
    // Eight column sums of 32-bit words, exact in doubles for up to 2^21 leaves at a time; one bigint per chunk.
    let sum = 0n;
    const view = new DataView(this.leaves.buffer, this.leaves.byteOffset, this.leaves.byteLength);
    const columns = new Float64Array(8);
    for (let from = 0; from < this.count; from += 1 << 21) {
      columns.fill(0);
      const to = Math.min(this.count, from + (1 << 21));
      for (let i = from; i < to; i++) {
        const o = i * LEAF_BYTES + 32;
        for (let c = 0; c < 8; c++) columns[c] += view.getUint32(o + 4 * c);
      }
      for (let c = 0; c < 8; c++) sum += BigInt(columns[c]) << BigInt(32 * (7 - c));
    }
    return sum;
  }

  /// The library's dump of this tree (`StandardMerkleTree.load` accepts it), accounts checksummed.
  dump(): StandardTreeDump {
    const tree: string[] = new Array<string>(2 * this.count - 1);
    for (let i = 0; i < tree.length; i++) tree[i] = this.node(i);
    const values = Array.from({ length: this.count }, (_, v) => ({
      value: this.value(v),
      treeIndex: this.treeIndex[v],
    }));
    return { format: "standard-v1", leafEncoding: [...LEAF_ENCODING], tree, values };
  }
}
