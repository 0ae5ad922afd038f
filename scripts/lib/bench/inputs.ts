/// Realistic, deterministic inputs of the bench: ipfs URIs of the real length, hashes and addresses by label.
import { id, keccak256, toUtf8Bytes } from "ethers";

/// Leaves of each attribution tree: 2^19 + 1, the smallest count whose tree has proofs of length 20.
export const CLAIM_TREE_LEAVES = 524_289;
export const CLAIM_PROOF_LENGTH = 20;
/// Records of the Merkle batch that registers the large datanet's contributors.
export const LARGE_DATANET_RECORDS = 100_000;
export const BATCH_SIZE = 100;
/// A permit deadline far in the future (2100-01-01), fixed so that calldata does not vary between runs.
export const DEADLINE = 4_102_444_800n;

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/// A deterministic CIDv1-looking URI of 71 characters: `ipfs://bafybei<52 base32 chars>/meta`.
export function ipfsUri(label: string): string {
  let bits = (BigInt(keccak256(toUtf8Bytes(`cid ${label}`))) << 256n) | BigInt(id(label));
  let body = "";
  for (let i = 0; i < 52; i++) {
    body += BASE32[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `ipfs://bafybei${body}/meta`;
}

/// A deterministic 32-byte hash for `label`.
export const hashOf = (label: string): string => keccak256(toUtf8Bytes(label));

/// A deterministic pseudo-random address for index `i` (Merkle leaves that no key controls).
export function syntheticAddress(i: number, salt: bigint): string {
  const mixed = ((BigInt(i) + 1n) * 0x9e3779b97f4a7c15f39cc0605cedc8341082276bn + salt) % 2n ** 160n;
  return `0x${mixed.toString(16).padStart(40, "0")}`;
}
