/// An attribution tree checked from the installed package alone, the same in Node (index.ts) and in a browser
/// (../browser-example/main.ts): a tiny allocation of a datanet's earnings, its Merkle tree as `attribution:post`
/// builds it (`@openzeppelin/merkle-tree`'s StandardMerkleTree over `(address account, uint256 cumulativeAmount)`
/// leaves), one account's proof taken from the tree file, and that proof checked against the root.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ethers } from "@openledger/contracts";
import type { ProofEntry, TreeFile } from "@openledger/contracts";

/// The leaf encoding of every attribution tree.
const LEAF_ENCODING = ["address", "uint256"];

/// What `checkTree` found.
export interface TreeCheck {
  root: string;
  account: string;
  cumulativeAmount: string;
  proofLength: number;
  /// The account's proof proves its leaf under the root.
  valid: boolean;
  /// The same proof does not prove one wei more.
  tamperedRejected: boolean;
  /// The tree's dump loads back to the same root.
  reloaded: boolean;
}

/// The tree file of `leaves` for datanet `datanetId` of the Settlement at `settlement`, epoch 1, as
/// `attribution:post` writes it: the allocation in address order, the root, the tree's dump, every account's proof.
export function treeFileOf(
  chainId: number,
  settlement: string,
  datanetId: bigint,
  leaves: ReadonlyArray<readonly [string, bigint]>,
): TreeFile {
  const allocations = leaves
    .map(([account, amount]) => ({ account: ethers.getAddress(account), cumulativeAmount: amount.toString() }))
    .sort((a, b) => (a.account.toLowerCase() < b.account.toLowerCase() ? -1 : 1));
  const tree = StandardMerkleTree.of(
    allocations.map((e): [string, string] => [e.account, e.cumulativeAmount]),
    LEAF_ENCODING,
  );
  const proofs: Record<string, ProofEntry> = {};
  for (const [i, [account, cumulativeAmount]] of tree.entries()) {
    proofs[ethers.getAddress(account)] = { cumulativeAmount, proof: tree.getProof(i) };
  }
  const total = leaves.reduce((sum, [, amount]) => sum + amount, 0n);
  return {
    allocation: {
      version: 1,
      chainId,
      settlement: ethers.getAddress(settlement),
      datanetId: datanetId.toString(),
      epoch: 1,
      policy: "pro-rata",
      cumulativeTotal: total.toString(),
      allocations,
    },
    root: tree.root,
    tree: tree.dump(),
    proofs,
  };
}

/// Checks `account`'s proof in `treeFile` against its root, and that it proves nothing else.
export function checkTree(treeFile: TreeFile, account: string): TreeCheck {
  const key = ethers.getAddress(account);
  const entry = treeFile.proofs[key];
  if (entry === undefined) throw new Error(`${key} has no leaf in the tree of root ${treeFile.root}`);
  const proves = (amount: bigint): boolean =>
    StandardMerkleTree.verify(treeFile.root, LEAF_ENCODING, [key, amount.toString()], entry.proof);
  const amount = BigInt(entry.cumulativeAmount);
  return {
    root: treeFile.root,
    account: key,
    cumulativeAmount: entry.cumulativeAmount,
    proofLength: entry.proof.length,
    valid: proves(amount),
    tamperedRejected: !proves(amount + 1n),
    reloaded: StandardMerkleTree.load(treeFile.tree).root === treeFile.root,
  };
}

/// The whole check in one call: the tree file of `leaves` and the first account's proof checked against its root.
export function verifyTree(
  chainId: number,
  settlement: string,
  datanetId: bigint,
  leaves: ReadonlyArray<readonly [string, bigint]>,
): TreeCheck {
  if (leaves.length === 0) throw new Error("a tree needs at least one leaf");
  return checkTree(treeFileOf(chainId, settlement, datanetId, leaves), leaves[0][0]);
}
