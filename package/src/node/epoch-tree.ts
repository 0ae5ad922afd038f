/// The files of a posted epoch, next to its allocation file `<name>.json`: the tree store `<name>.tree/` (any size;
/// proofs read in O(log N)) and, for trees small enough to be read whole, the JSON tree file `<name>.tree.json`
/// that the walkthroughs and older tools read. What `attribution:post` writes before it posts, and what
/// `attribution:verify` and claims read.
import { AttributionMerkleTree, chainMismatches, versionMismatches } from "../attribution/index.js";
import type {
  Allocation,
  AllocationHeader,
  ChainState,
  InferenceEntry,
  Mismatch,
  PostedInfo,
} from "../attribution/index.js";
import { treeFilePath } from "../attribution/index.js";
import { OpenLedgerError } from "../errors/index.js";
import { ensureTreeFile, writeTreeFileStreamed } from "./tree-writer.js";
import {
  isTreeStore,
  openTree,
  readManifest,
  recordPosted,
  treeStorePath,
  verifyTree,
  writeTreeStore,
} from "./tree-store.js";

/// The JSON tree file is written only up to this many leaves: above it a file of about 2 KB a leaf is no use to
/// read whole, and the tree store serves every proof.
export const TREE_FILE_MAX_LEAVES = 50_000;

/// Where an epoch's trees are, and whether each was reused or written.
export interface EpochTree {
  /// The tree store folder (`<name>.tree`).
  store: string;
  storeState: "reused" | "written";
  /// The JSON tree file (`<name>.tree.json`), when the tree has at most `TREE_FILE_MAX_LEAVES` leaves.
  treeFile?: string;
  treeFileState?: "reused" | "written";
}

const samePosted = (a: unknown, b: PostedInfo | undefined): boolean =>
  b === undefined || JSON.stringify(a) === JSON.stringify(b);

/// Makes `<name>.tree/` (and, when small, `<name>.tree.json`) the verified trees of `allocation`, read from
/// `allocationFile`: a store already there with the same root that verifies is reused, else the store is written
/// with `writeTreeStore` and checked with `verifyTree` (rebuilt from its leaves: the root, the total and every
/// node). With `posted`, it is recorded in both. `treeFileMaxLeaves` (default `TREE_FILE_MAX_LEAVES`) is where the
/// JSON tree file stops being written. Throws a one-line OpenLedgerError ending with `context` (what
/// happened on-chain) when a file cannot be written or does not verify once written.
export function ensureEpochTree(
  allocationFile: string,
  allocation: Allocation,
  tree: AttributionMerkleTree,
  posted: PostedInfo | undefined,
  context: string,
  options: { treeFileMaxLeaves?: number } = {},
): EpochTree {
  const store = treeStorePath(allocationFile);
  const expected = { root: tree.root, cumulativeTotal: BigInt(allocation.cumulativeTotal) };
  let storeState: EpochTree["storeState"] = "written";
  try {
    if (isTreeStore(store) && readManifest(store).root.toLowerCase() === tree.root) {
      if (verifyTree(store, expected).mismatches.length === 0) storeState = "reused";
    }
  } catch {
    storeState = "written";
  }
  try {
    if (storeState === "written") {
      writeTreeStore(store, allocation, { tree, ...(posted === undefined ? {} : { posted: { ...posted } }) });
      const check = verifyTree(store, expected);
      if (check.mismatches.length > 0) {
        const why = check.mismatches.map((m) => `${m.name}: ${m.detail}`).join("; ");
        throw new OpenLedgerError(`the tree store ${store} does not verify once written (${why})`);
      }
    } else if (posted !== undefined && !samePosted(readManifest(store).posted, posted)) {
      recordPosted(store, { ...posted });
    }
  } catch (err: unknown) {
    throw new OpenLedgerError(`${err instanceof Error ? err.message : String(err)}; ${context}`);
  }
  const out: EpochTree = { store, storeState };
  if (tree.count <= (options.treeFileMaxLeaves ?? TREE_FILE_MAX_LEAVES)) {
    out.treeFile = treeFilePath(allocationFile);
    out.treeFileState = ensureTreeFile(out.treeFile, allocation, tree, posted, context);
  }
  return out;
}

/// Records where the epoch was posted in its trees (the store's manifest, and the JSON tree file when there is
/// one, replaced whole). Throws when one cannot be written; the trees written before the post stay as they were.
export function recordEpochPosted(
  epoch: EpochTree,
  allocation: Allocation,
  tree: AttributionMerkleTree,
  posted: PostedInfo,
): void {
  recordPosted(epoch.store, { ...posted });
  if (epoch.treeFile !== undefined) writeTreeFileStreamed(epoch.treeFile, allocation, tree, posted);
}

/// The allocation header and inferences of the tree store at `dir`, as `readChainState` and `chainMismatches` take
/// them.
export function storeHeader(dir: string): AllocationHeader & { root: string } {
  const reader = openTree(dir);
  try {
    const inferences = reader.inferences() as InferenceEntry[] | undefined;
    const header = { ...reader.allocation, cumulativeTotal: reader.cumulativeTotal } as unknown as AllocationHeader;
    return { ...header, ...(inferences === undefined ? {} : { inferences }), root: reader.root };
  } finally {
    reader.close();
  }
}

/// Verifies the tree store at `dir` against the chain: `verifyTree` (the tree rebuilt from the leaves alone
/// against the manifest's root and total, and every node) and the chain checks of `verifyPosted` on the store's
/// allocation and inferences. Mismatches are named as `verifyPosted` names them.
export function verifyStorePosted(dir: string, chain: ChainState): Mismatch[] {
  const header = storeHeader(dir);
  const check = verifyTree(dir);
  const own: Mismatch[] = check.mismatches.map((m) => ({
    name: m.name === "malformed" ? "proof mismatch" : m.name,
    detail: m.detail,
  }));
  const onChain = chainMismatches(header, check.root, check.total, chain);
  if (chain.firstVersion !== undefined)
    onChain.push(...versionMismatches(storeLeaves(dir), header.versions ?? [], chain.firstVersion));
  const network = onChain.filter((m) => m.name === "network mismatch");
  return [...network, ...own, ...onChain.filter((m) => m.name !== "network mismatch")];
}

/// The leaves of the tree store at `dir`, one by one, as (checksummed account, amount).
function* storeLeaves(dir: string): Generator<[string, bigint]> {
  const reader = openTree(dir);
  try {
    for (const leaf of reader.leaves()) yield [leaf.account, BigInt(leaf.cumulativeAmount)];
  } finally {
    reader.close();
  }
}
