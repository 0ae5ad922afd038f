/// The checks that anyone can run on a tree file: its own parts against each other (`verifyTreeFile`), against what
/// the chain says (`verifyPosted`, with the ChainState that the SDK action `readChainState` reads) and against the
/// inference log it came from (`verifyAgainstLog`).
import { getAddress } from "ethers";
import { sumAmounts } from "./allocation.js";
import { attributionHash } from "./inference-log.js";
import { buildTree } from "./tree.js";
import { verifyProof } from "./merkle.js";
import type { Allocation, AttributionTree, InferenceEntry, InferenceRecord, TreeFile, VersionTotal } from "./types.js";
import { checksummed, messageOf } from "./values.js";

/// What the chain says about a tree file's datanet and epoch.
export interface ChainState {
  chainId: number;
  settlement: string;
  /// The RootPosted event of the file's datanet and epoch, if there is one.
  posted?: { root: string; cumulativeTotal: bigint; readyAt: number; attestor: string; uri: string };
  /// Whether that root was vetoed, is pending, active, or was replaced by a newer one.
  status?: "pending" | "active" | "vetoed" | "superseded";
  /// What the datanet has accrued now.
  accrued: bigint;
  /// Settled attribution hashes by inference id (lowercase), for the file's inferences. An id settled several
  /// times has several hashes.
  settled: Map<string, string[]>;
  /// For a file that credits datanet versions: the first version that each contributor (checksummed) is in, as of the
  /// file's block. Versions are prefixes, so a contributor is in every version from that one on.
  firstVersion?: Map<string, number>;
}

export type MismatchName =
  | "network mismatch"
  | "not posted"
  | "root mismatch"
  | "proof mismatch"
  | "total mismatch"
  | "total above accrued"
  | "credit mismatch"
  | "attribution hash mismatch"
  | "version mismatch"
  /// An inference that the engine attributes again (`attribution:verify --recompute`) to another hash, or to none.
  | "recomputed attribution";

export interface Mismatch {
  name: MismatchName;
  detail: string;
}

/// Checks a tree file's own parts against each other, with no chain: the tree rebuilt from its allocation against
/// the file's root and tree dump, every proof against its leaf and the root, and the leaves against the file's
/// `cumulativeTotal`. Returns every mismatch found (none when the file is consistent).
export function verifyTreeFile(treeFile: TreeFile): Mismatch[] {
  const out: Mismatch[] = [];
  const add = (name: MismatchName, detail: string): void => {
    out.push({ name, detail });
  };
  treeMismatches(treeFile, add);
  const total = BigInt(treeFile.allocation.cumulativeTotal);
  const leafSum = sumAmounts(treeFile.allocation.allocations);
  if (leafSum !== total) add("total mismatch", `the leaves sum to ${leafSum}, the file's cumulativeTotal is ${total}`);
  return out;
}

/// The root of a StandardMerkleTree dump (what `StandardMerkleTree.load(dump).root` gives), or undefined when it is
/// not a `standard-v1` dump of `(address, uint256)` values over 32-byte nodes. Checked without hashing every value
/// again, as loading it would: the dump's nodes are compared with the rebuilt tree's by the root.
function dumpRootOf(dump: unknown): string | undefined {
  if (typeof dump !== "object" || dump === null) return undefined;
  const d = dump as { format?: unknown; leafEncoding?: unknown; tree?: unknown; values?: unknown };
  if (d.format !== "standard-v1" || !Array.isArray(d.tree) || !Array.isArray(d.values) || d.tree.length === 0) {
    return undefined;
  }
  if (JSON.stringify(d.leafEncoding) !== JSON.stringify(["address", "uint256"])) return undefined;
  if (d.tree.length !== 2 * d.values.length - 1) return undefined;
  const node = /^0x[0-9a-fA-F]{64}$/;
  if (!d.tree.every((x) => typeof x === "string" && node.test(x))) return undefined;
  const count = d.values.length;
  const size = d.tree.length;
  const valid = d.values.every((v: unknown) => {
    const e = v as { value?: unknown; treeIndex?: unknown };
    return (
      typeof e === "object" &&
      e !== null &&
      Array.isArray(e.value) &&
      e.value.length === 2 &&
      Number.isSafeInteger(e.treeIndex) &&
      (e.treeIndex as number) >= count - 1 &&
      (e.treeIndex as number) < size
    );
  });
  return valid ? (d.tree[0] as string).toLowerCase() : undefined;
}

/// The tree part of `verifyPosted` and `verifyTreeFile`: adds the mismatches between the allocation's tree and the
/// file's root, dump and proofs, and returns the rebuilt tree (undefined when the allocation cannot be built).
function treeMismatches(
  treeFile: TreeFile,
  add: (name: MismatchName, detail: string) => void,
): AttributionTree | undefined {
  const a = treeFile.allocation;
  let rebuilt: AttributionTree | undefined;
  try {
    rebuilt = buildTree(a);
  } catch (err: unknown) {
    add("root mismatch", `the allocation cannot be built into a tree: ${messageOf(err)}`);
  }
  if (rebuilt !== undefined) {
    if (rebuilt.root !== treeFile.root.toLowerCase()) {
      add("root mismatch", `the allocation's tree has root ${rebuilt.root}, the file says ${treeFile.root}`);
    }
    const dumpRoot = dumpRootOf(treeFile.tree);
    if (dumpRoot !== rebuilt.root) {
      add(
        "root mismatch",
        `the file's tree dump has root ${dumpRoot ?? "(invalid)"}, the allocation's tree ${rebuilt.root}`,
      );
    }
    const leaves = new Map(
      a.allocations.map((e) => [checksummed(e.account) ?? getAddress(e.account), e.cumulativeAmount]),
    );
    // A proof that is the rebuilt tree's own proof of the leaf verifies: compared as text, hashed only otherwise.
    const indexOf = new Map<string, number>();
    [...leaves.keys()].forEach((account, i) => indexOf.set(account, i));
    const isOwnProof = (account: string, proof: readonly string[]): boolean => {
      const i = indexOf.get(account);
      if (i === undefined || leaves.size !== a.allocations.length) return false;
      const own = rebuilt!.getProof(i);
      return own.length === proof.length && own.every((p, k) => p === proof[k].toLowerCase());
    };
    for (const [account, entry] of Object.entries(treeFile.proofs)) {
      const amount = leaves.get(account);
      if (amount === undefined) {
        add("proof mismatch", `${account} has a proof but no leaf in the allocation`);
      } else if (amount !== entry.cumulativeAmount) {
        add("proof mismatch", `${account}: proof for ${entry.cumulativeAmount}, leaf of ${amount}`);
      } else if (!isOwnProof(account, entry.proof) && !verifyProof(rebuilt.root, account, amount, entry.proof)) {
        add("proof mismatch", `${account}: the proof does not verify against root ${rebuilt.root}`);
      }
    }
    for (const account of leaves.keys()) {
      if (treeFile.proofs[account] === undefined) add("proof mismatch", `${account} has a leaf but no proof`);
    }
  }
  return rebuilt;
}

/// Rebuilds the tree of `treeFile` and checks it, and the file's own parts, against the chain. Returns every
/// mismatch found (none when the file is what was posted and it is consistent).
export function verifyPosted(treeFile: TreeFile, chain: ChainState): Mismatch[] {
  const out: Mismatch[] = [];
  const a = treeFile.allocation;
  const add = (name: MismatchName, detail: string): void => {
    out.push({ name, detail });
  };

  // The tree, rebuilt from the allocation, against the file's own root, tree dump and proofs (reported after the
  // network's mismatches and before the rest).
  const rebuilt = treeMismatches(treeFile, add);
  const onChain = chainMismatches(a, rebuilt?.root, sumAmounts(a.allocations), chain);
  if (chain.firstVersion !== undefined) {
    const leaves = a.allocations.map((e): [string, bigint] => [e.account, BigInt(e.cumulativeAmount)]);
    onChain.push(...versionMismatches(leaves, a.versions ?? [], chain.firstVersion));
  }
  const network = onChain.filter((m) => m.name === "network mismatch");
  return [...network, ...out, ...onChain.filter((m) => m.name !== "network mismatch")];
}

/// The allocation's fields that the chain checks read: its network, datanet, epoch, policy, total and inferences.
export type AllocationHeader = Pick<Allocation, "chainId" | "settlement" | "datanetId" | "epoch" | "policy"> & {
  cumulativeTotal: string;
  inferences?: readonly InferenceEntry[];
  block?: number;
  versions?: readonly VersionTotal[];
};

/// Checks that the leaves could only have come from the datanet versions that the allocation credited: each
/// version's credit may pay only the contributors in it (`firstVersion`: the first version each contributor is in).
/// Since versions are prefixes, that holds exactly when, for every credited version k, what the contributors who
/// joined in version k or later hold is at most what versions k and later credited. Also checks that the versions'
/// credits add up to the leaves. Returns a "version mismatch" for each breach, naming the accounts or versions.
export function versionMismatches(
  leaves: Iterable<readonly [string, bigint]>,
  versions: readonly VersionTotal[],
  firstVersion: ReadonlyMap<string, number>,
): Mismatch[] {
  const out: Mismatch[] = [];
  const credited = [...versions].sort((a, b) => a.version - b.version);
  const last = credited.at(-1)?.version ?? 0;
  const heldFrom = new Map<number, bigint>();
  let leafSum = 0n;
  const outside: string[] = [];
  for (const [account, amount] of leaves) {
    leafSum += amount;
    if (amount === 0n) continue;
    const first = firstVersion.get(account);
    if (first === undefined || first > last) {
      outside.push(first === undefined ? `${account} (in no version)` : `${account} (from version ${first})`);
      continue;
    }
    heldFrom.set(first, (heldFrom.get(first) ?? 0n) + amount);
  }
  if (outside.length > 0) {
    const shown = outside.slice(0, 5).join(", ") + (outside.length > 5 ? `, and ${outside.length - 5} more` : "");
    out.push({
      name: "version mismatch",
      detail: `${outside.length} account(s) are paid but in none of the versions credited (up to ${last}): ${shown}`,
    });
  }
  const creditSum = credited.reduce((sum, v) => sum + BigInt(v.credit), 0n);
  if (credited.length > 0 && creditSum !== leafSum) {
    out.push({ name: "version mismatch", detail: `the versions credited ${creditSum}, the leaves sum to ${leafSum}` });
  }
  // For every version t that someone joined in: what the joiners of version t or later hold, against what versions t
  // and later credited (only they contain those joiners).
  for (const t of [...heldFrom.keys()].sort((a, b) => a - b)) {
    let held = 0n;
    for (const [j, amount] of heldFrom) if (j >= t) held += amount;
    const paid = credited.filter((v) => v.version >= t).reduce((sum, v) => sum + BigInt(v.credit), 0n);
    if (held > paid) {
      out.push({
        name: "version mismatch",
        detail: `contributors who joined in version ${t} or later hold ${held}, but versions ${t} and later credited only ${paid}`,
      });
    }
  }
  return out;
}

/// The checks of `verifyPosted` against the chain, for a tree whose leaves are checked elsewhere (a tree store, by
/// `verifyTree`): the network, the rebuilt root (`root`; undefined when it could not be rebuilt) against the posted
/// one, the leaves' sum (`leafSum`) and the total against the posted total and the datanet's accrued amount, and
/// for inference-log allocations every inference against its settlement and the credits against the total.
export function chainMismatches(
  a: AllocationHeader,
  root: string | undefined,
  leafSum: bigint,
  chain: ChainState,
): Mismatch[] {
  const out: Mismatch[] = [];
  const add = (name: MismatchName, detail: string): void => {
    out.push({ name, detail });
  };
  if (a.chainId !== chain.chainId)
    add("network mismatch", `the file is for chain ${a.chainId}, connected to ${chain.chainId}`);
  if (getAddress(a.settlement) !== getAddress(chain.settlement)) {
    add("network mismatch", `the file is for settlement ${a.settlement}, the deployment's is ${chain.settlement}`);
  }

  if (root !== undefined && chain.posted !== undefined && root !== chain.posted.root.toLowerCase()) {
    add("root mismatch", `rebuilt root ${root} ≠ posted root ${chain.posted.root.toLowerCase()}`);
  }

  // Totals: the leaves, the file's total, the posted total, and what the datanet accrued.
  const total = BigInt(a.cumulativeTotal);
  if (leafSum !== total) add("total mismatch", `the leaves sum to ${leafSum}, the file's cumulativeTotal is ${total}`);
  if (chain.posted === undefined) {
    add("not posted", `no root was posted for datanet ${a.datanetId} epoch ${a.epoch}`);
  } else if (chain.posted.cumulativeTotal !== total) {
    add("total mismatch", `the file's cumulativeTotal is ${total}, the posted total ${chain.posted.cumulativeTotal}`);
  }
  const highest = leafSum > total ? leafSum : total;
  if (highest > chain.accrued) add("total above accrued", `total ${highest} > accrued ${chain.accrued}`);

  // Inference-log files: each inference's hash against its settlement, and the credits against the total.
  if (a.policy === "inference-log") {
    const inferences = a.inferences ?? [];
    // Each inference of the file needs a settlement of its own with the file's hash: an id settled several times
    // (by its payer, or by anyone with another hash) matches each of its settlements at most once.
    const used = new Map<string, number>();
    for (const inf of inferences) {
      const id = inf.inferenceId.toLowerCase();
      const hash = inf.attributionHash.toLowerCase();
      const hashes = chain.settled.get(id) ?? [];
      const n = (used.get(`${id}:${hash}`) ?? 0) + 1;
      used.set(`${id}:${hash}`, n);
      if (hashes.length === 0) {
        add("attribution hash mismatch", `inference ${id} was never settled`);
      } else if (hashes.filter((h) => h === hash).length < n) {
        add("attribution hash mismatch", `inference ${id}: file ${hash} ≠ settled ${hashes.join(", ")}`);
      }
    }
    const credits = inferences.reduce((s, inf) => s + BigInt(inf.datanetCredit), 0n);
    if (credits !== total) add("credit mismatch", `the inferences' credits sum to ${credits}, the total is ${total}`);
  }
  return out;
}

/// Checks a tree file's inferences against the log they came from: each must be in it, with the same hash.
export function verifyAgainstLog(
  treeFile: { allocation: { inferences?: readonly InferenceEntry[] } },
  log: readonly InferenceRecord[],
): Mismatch[] {
  const byId = new Map(log.map((r) => [r.inferenceId.toLowerCase(), r]));
  const out: Mismatch[] = [];
  for (const inf of treeFile.allocation.inferences ?? []) {
    const record = byId.get(inf.inferenceId.toLowerCase());
    if (record === undefined) {
      out.push({ name: "attribution hash mismatch", detail: `inference ${inf.inferenceId} is not in the log` });
    } else if (attributionHash(record) !== inf.attributionHash.toLowerCase()) {
      out.push({
        name: "attribution hash mismatch",
        detail: `inference ${inf.inferenceId}: log ${attributionHash(record)} ≠ file ${inf.attributionHash.toLowerCase()}`,
      });
    }
  }
  return out;
}

/// Why the tree file `content` is not the verified tree file of `allocation` and its `tree`, or undefined when it is:
/// the same chain, settlement, datanet and epoch, the same root and total, and no mismatch between its parts.
export function treeFileContentProblem(
  content: TreeFile,
  allocation: Allocation,
  tree: AttributionTree,
): string | undefined {
  const a = content.allocation;
  if (
    a.chainId !== allocation.chainId ||
    getAddress(a.settlement) !== getAddress(allocation.settlement) ||
    a.datanetId !== allocation.datanetId ||
    a.epoch !== allocation.epoch
  ) {
    return `it is the tree of chain ${a.chainId} settlement ${a.settlement} datanet ${a.datanetId} epoch ${a.epoch}`;
  }
  if (content.root.toLowerCase() !== tree.root) return `its root ${content.root} is not the allocation's ${tree.root}`;
  if (a.cumulativeTotal !== allocation.cumulativeTotal) {
    return `its total ${a.cumulativeTotal} is not the allocation's ${allocation.cumulativeTotal}`;
  }
  const mismatches = verifyTreeFile(content);
  return mismatches.length === 0 ? undefined : mismatches.map((m) => `${m.name}: ${m.detail}`).join("; ");
}
