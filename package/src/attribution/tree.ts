/// The Merkle tree of an allocation (a StandardMerkleTree over `(address account, uint256 cumulativeAmount)` leaves,
/// byte-compatible with `@openzeppelin/merkle-tree`) and its tree file: the object form, the JSON text piece by piece,
/// parsing and validating one, and what is wrong with one for a given allocation.
import { getAddress } from "ethers";
import { checksummed } from "./values.js";
import { OpenLedgerError } from "../errors/index.js";
import { parseAllocation } from "./allocation.js";
import { AttributionMerkleTree } from "./merkle.js";
import type { Allocation, AttributionTree, ClaimTree, PostedInfo, ProofEntry, TreeFile } from "./types.js";
import { isObject, messageOf, parseAddress, parseCount, parseHex32, parseUint } from "./values.js";

/// The tree of an allocation: one `(address, uint256)` leaf per account, built with the fast builder (the same root,
/// dump and proofs as `StandardMerkleTree.of`).
export function buildTree(allocation: Allocation): AttributionMerkleTree {
  if (allocation.allocations.length === 0) {
    throw new OpenLedgerError(
      `datanet ${allocation.datanetId} epoch ${allocation.epoch}: the allocation has no account`,
    );
  }
  return AttributionMerkleTree.of(allocation.allocations);
}

/// An account checksummed (the fast tree's accounts already are; a StandardMerkleTree keeps them as given).
const addressOf = (account: string): string => checksummed(account) ?? getAddress(account);

/// The tree file of an allocation: the allocation, the root, the tree's dump, and every account's proof.
export function treeFileOf(allocation: Allocation, tree: AttributionTree, posted?: PostedInfo): TreeFile {
  const proofs: Record<string, ProofEntry> = {};
  for (const [i, [account, cumulativeAmount]] of tree.entries()) {
    proofs[addressOf(account)] = { cumulativeAmount, proof: tree.getProof(i) };
  }
  const file: TreeFile = { allocation, root: tree.root, tree: tree.dump(), proofs };
  if (posted !== undefined) file.posted = posted;
  return file;
}

/// The JSON text of a tree file, piece by piece (an account's leaf or proof at a time), so that no string ever holds
/// the whole file: V8 refuses strings above 2^29 − 24 characters, which a tree file passes at about 271,000 accounts.
/// It parses to what `treeFileOf` returns. The proofs are the tree's (not hashed again here: a written file is read
/// back and verified whole by `ensureTreeFile`), and the leaves are checked against the allocation's total.
export function* treeFileChunks(
  allocation: Allocation,
  tree: AttributionTree,
  posted?: PostedInfo,
): Generator<string, void, undefined> {
  const { allocations, inferences, ...header } = allocation;
  const head = JSON.stringify(header);
  yield `{\n  "allocation": ${head.slice(0, -1)}${head === "{}" ? "" : ","}"allocations": [`;
  for (let i = 0; i < allocations.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(allocations[i])}`;
  yield "\n  ]";
  if (inferences !== undefined) {
    yield `,"inferences": [`;
    for (let i = 0; i < inferences.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(inferences[i])}`;
    yield "\n  ]";
  }
  yield `},\n  "root": ${JSON.stringify(tree.root)},\n`;
  const dump = tree.dump();
  yield `  "tree": {"format": ${JSON.stringify(dump.format)}, "leafEncoding": ${JSON.stringify(dump.leafEncoding)}, "tree": [`;
  for (let i = 0; i < dump.tree.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(dump.tree[i])}`;
  yield `\n  ], "values": [`;
  for (let i = 0; i < dump.values.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(dump.values[i])}`;
  yield `\n  ]},\n  "proofs": {`;
  let sum = 0n;
  let first = true;
  for (const [i, [account, cumulativeAmount]] of tree.entries()) {
    const proof = tree.getProof(i);
    sum += BigInt(cumulativeAmount);
    const entry: ProofEntry = { cumulativeAmount, proof };
    yield `${first ? "" : ","}\n    ${JSON.stringify(addressOf(account))}: ${JSON.stringify(entry)}`;
    first = false;
  }
  if (sum !== BigInt(allocation.cumulativeTotal)) {
    throw new OpenLedgerError(
      `the leaves sum to ${sum}, the allocation's cumulativeTotal is ${allocation.cumulativeTotal}`,
    );
  }
  yield "\n  }";
  if (posted !== undefined) yield `,\n  "posted": ${JSON.stringify(posted)}`;
  yield "\n}\n";
}

/// Validates the shape of a parsed tree file. It does not check that its parts agree: that is `verifyPosted`.
export function parseTreeFile(value: unknown, where = "tree file"): TreeFile {
  if (!isObject(value)) throw new OpenLedgerError(`${where} is not a JSON object`);
  const allocation = parseAllocation(value.allocation, `${where}: allocation`);
  const root = parseHex32(value.root, `${where}: root`);
  const tree = value.tree;
  if (!isObject(tree) || tree.format !== "standard-v1" || !Array.isArray(tree.tree) || !Array.isArray(tree.values)) {
    throw new OpenLedgerError(`${where}: tree is not a standard-v1 merkle-tree dump`);
  }
  if (!isObject(value.proofs)) throw new OpenLedgerError(`${where}: proofs must be an object of account → proof`);
  const proofs: Record<string, ProofEntry> = {};
  for (const [account, entry] of Object.entries(value.proofs)) {
    const key = parseAddress(`${where}: proofs key`, account);
    if (!isObject(entry) || !Array.isArray(entry.proof))
      throw new OpenLedgerError(`${where}: proofs[${key}] is malformed`);
    proofs[key] = {
      cumulativeAmount: parseUint(entry.cumulativeAmount, `${where}: proofs[${key}].cumulativeAmount`).toString(10),
      proof: entry.proof.map((p: unknown, i: number) => parseHex32(p, `${where}: proofs[${key}].proof[${i}]`)),
    };
  }
  const out: TreeFile = { allocation, root, tree: tree as unknown as TreeFile["tree"], proofs };
  if (isObject(value.posted)) {
    const p = value.posted;
    out.posted = {
      transaction: typeof p.transaction === "string" ? p.transaction : "",
      block: parseCount(p.block, `${where}: posted.block`),
      readyAt: parseCount(p.readyAt, `${where}: posted.readyAt`),
      uri: typeof p.uri === "string" ? p.uri : "",
      attestor: parseAddress(`${where}: posted.attestor`, p.attestor),
    };
  }
  return out;
}

/// A tree file and where it was read from (a path, a URL: any name).
export interface LoadedTree {
  file: string;
  tree: ClaimTree;
}

/// Groups tree files by datanet id, newest epoch first in each group.
export function groupTrees(trees: Iterable<LoadedTree>): Map<string, LoadedTree[]> {
  const byDatanet = new Map<string, LoadedTree[]>();
  for (const loaded of trees) {
    const list = byDatanet.get(loaded.tree.allocation.datanetId) ?? [];
    list.push(loaded);
    byDatanet.set(loaded.tree.allocation.datanetId, list);
  }
  for (const list of byDatanet.values()) list.sort((a, b) => b.tree.allocation.epoch - a.tree.allocation.epoch);
  return byDatanet;
}

/// The tree file whose root is `root`, if any.
export function treeForRoot(trees: readonly LoadedTree[], root: string): LoadedTree | undefined {
  const wanted = root.toLowerCase();
  return trees.find((t) => t.tree.root.toLowerCase() === wanted);
}

/// An allocation from a parsed allocation file or a parsed tree file (as `--previous` accepts both).
export function parseAllocationOrTree(value: unknown, where = "allocation"): Allocation {
  if (isObject(value) && "allocation" in value) return parseTreeFile(value, where).allocation;
  return parseAllocation(value, where);
}

/// A tree file from its parsed JSON or its JSON text (`@openledger/contracts/node`'s `loadTree` also takes a path).
/// Throws a one-line OpenLedgerError when it is malformed.
export function loadTree(source: unknown, where = "tree file"): TreeFile {
  if (typeof source !== "string") return parseTreeFile(source, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (err: unknown) {
    throw new OpenLedgerError(`${where} is not JSON: ${messageOf(err)}`);
  }
  return parseTreeFile(parsed, where);
}
