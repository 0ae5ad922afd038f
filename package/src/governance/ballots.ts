/// The EIP-712 messages of governance: a ballot (Governor.castVoteBySig) and a delegation (gOPEN.delegateBySig), and
/// a signed ballot as a file or a message carries it. Pure.
import { isAddress, isHexString } from "ethers";
import type { TypedDataField } from "ethers";
import { OpenLedgerError } from "../errors/index.js";

/// Governor.BALLOT_TYPEHASH: Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce).
export const BALLOT_TYPES: Record<string, TypedDataField[]> = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/// Votes.DELEGATION_TYPEHASH: Delegation(address delegatee,uint256 nonce,uint256 expiry).
export const DELEGATION_TYPES: Record<string, TypedDataField[]> = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
};

/// A vote signed by `voter`, as `signVote` returns it and `relayVote` takes it (JSON: numbers as decimal strings).
export interface SignedBallot {
  chainId: string;
  governor: string;
  proposalId: string;
  support: number;
  voter: string;
  nonce: string;
  signature: string;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/// Checks that `parsed` (read from `source`) is a SignedBallot; a one-line OpenLedgerError names the bad field.
export function parseSignedBallot(parsed: unknown, source: string): SignedBallot {
  if (!isRecord(parsed)) throw new OpenLedgerError(`${source} is not a signed vote (expected a JSON object)`);
  const fields: Array<[keyof SignedBallot, (x: unknown) => boolean]> = [
    ["chainId", (x) => typeof x === "string" && /^\d+$/.test(x)],
    ["governor", (x) => typeof x === "string" && isAddress(x)],
    ["proposalId", (x) => typeof x === "string" && /^\d+$/.test(x)],
    ["support", (x) => x === 0 || x === 1 || x === 2],
    ["voter", (x) => typeof x === "string" && isAddress(x)],
    ["nonce", (x) => typeof x === "string" && /^\d+$/.test(x)],
    ["signature", (x) => typeof x === "string" && isHexString(x)],
  ];
  for (const [name, ok] of fields) {
    if (!ok(parsed[name])) throw new OpenLedgerError(`${source}: "${name}" is missing or malformed`);
  }
  return parsed as unknown as SignedBallot;
}
