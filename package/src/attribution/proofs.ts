/// An account's leaf and proof in a tree file, and what it can still claim with it.
import { getAddress } from "ethers";
import type { ProofEntry, TreeFile } from "./types.js";

/// `account`'s leaf and proof in a tree file, or undefined when the account has no leaf.
export function proofFor(treeFile: TreeFile, account: string): ProofEntry | undefined {
  return treeFile.proofs[getAddress(account)];
}

/// What `account` can claim with this tree file, given what it has already claimed on-chain (never negative).
export function claimable(treeFile: TreeFile, account: string, claimedOnChain: bigint): bigint {
  const entry = proofFor(treeFile, account);
  if (entry === undefined) return 0n;
  const cumulative = BigInt(entry.cumulativeAmount);
  return cumulative > claimedOnChain ? cumulative - claimedOnChain : 0n;
}
