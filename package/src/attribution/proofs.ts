/// An account's leaf and proof in a tree file or a proof source (a tree store), and what it can still claim with it.
import { getAddress } from "ethers";
import type { ClaimTree, ProofEntry } from "./types.js";

/// `account`'s leaf and proof in a tree file or a proof source, or undefined when the account has no leaf.
export function proofFor(tree: ClaimTree, account: string): ProofEntry | undefined {
  const key = getAddress(account);
  if ("proofFor" in tree && typeof tree.proofFor === "function") return tree.proofFor(key);
  return (tree as { proofs: Record<string, ProofEntry> }).proofs[key];
}

/// What `account` can claim with this tree, given what it has already claimed on-chain (never negative).
export function claimable(tree: ClaimTree, account: string, claimedOnChain: bigint): bigint {
  const entry = proofFor(tree, account);
  if (entry === undefined) return 0n;
  const cumulative = BigInt(entry.cumulativeAmount);
  return cumulative > claimedOnChain ? cumulative - claimedOnChain : 0n;
}
