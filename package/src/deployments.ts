/// Where the suite is deployed: its contracts' addresses per chain id.
///
/// `deployments` holds every deployment shipped with the package. `npm run build` generates it from Ignition's
/// `deploy/deployments/<id>/deployed_addresses.json` files (package/build.ts); a local chain (31337, 1337) is left
/// out, since its contracts die with the node. For any other deployment, pass its addresses to `connect`, or read
/// them from Ignition's file with `addressesFromIgnition`.
///
/// This module depends on nothing but ethers and the table of the suite's contracts (contracts.ts), so that a dApp can
/// import it alone (`@openledger/contracts/deployments`).
import { getAddress, isAddress } from "ethers";
import { CONTRACT_KEYS, futureId } from "./contracts.js";
import type { ContractKey } from "./contracts.js";
import { OpenLedgerError } from "./errors/index.js";
import { KNOWN_DEPLOYMENTS } from "./known-deployments.js";

export { CONTRACT_KEYS, IGNITION_MODULE, SUITE } from "./contracts.js";
export type { ContractKey, ContractName } from "./contracts.js";

/// The address of every contract of the suite (checksummed).
export type Addresses = { readonly [K in ContractKey]: string };

/// Chains whose deployments are not shipped: anvil and the Hardhat node (31337), geth and ganache dev chains (1337).
export const LOCAL_CHAIN_IDS: readonly number[] = [31337, 1337];

/// The deployments shipped with the package, by chain id.
export const deployments: Readonly<Record<number, Addresses>> = KNOWN_DEPLOYMENTS;

/// The chain ids of the shipped deployments, ascending.
export function knownChainIds(): number[] {
  return Object.keys(deployments)
    .map(Number)
    .sort((a, b) => a - b);
}

function chainNumber(chainId: number | bigint): number {
  const n = typeof chainId === "bigint" ? Number(chainId) : chainId;
  if (!Number.isSafeInteger(n) || n <= 0 || BigInt(n) !== BigInt(chainId)) {
    throw new OpenLedgerError(`chain id must be a positive integer, got ${String(chainId)}`);
  }
  return n;
}

/// The addresses of the suite on `chainId`. Throws a one-line OpenLedgerError when the package ships none.
export function addressesFor(chainId: number | bigint): Addresses {
  const n = chainNumber(chainId);
  const found = deployments[n];
  if (found === undefined) {
    const known = knownChainIds();
    throw new OpenLedgerError(
      `no OpenLedger deployment for chain ${n}; known: ${known.length > 0 ? known.join(", ") : "none"}` +
        " (pass the addresses instead: connect(runner, addresses))",
    );
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/// Checks a set of addresses: every contract of the suite, each a valid address. Returns them checksummed.
export function parseAddresses(value: unknown, where = "addresses"): Addresses {
  if (!isObject(value)) throw new OpenLedgerError(`${where} must be an object of contract key → address`);
  const missing = CONTRACT_KEYS.filter((key) => value[key] === undefined);
  if (missing.length > 0) throw new OpenLedgerError(`${where} has no ${missing.join(", ")}`);
  const out: Partial<Record<ContractKey, string>> = {};
  for (const key of CONTRACT_KEYS) {
    const address = value[key];
    if (typeof address !== "string" || !isAddress(address)) {
      throw new OpenLedgerError(`${where}.${key} is not an address: ${JSON.stringify(address)}`);
    }
    out[key] = getAddress(address);
  }
  return Object.freeze(out as Record<ContractKey, string>);
}

/// The addresses in an Ignition `deployed_addresses.json` (parsed): `{ "OpenLedger#OpenToken": "0x…", … }`.
export function addressesFromIgnition(deployedAddresses: unknown, where = "deployed_addresses.json"): Addresses {
  if (!isObject(deployedAddresses)) throw new OpenLedgerError(`${where} is not an object of future id → address`);
  const byKey: Partial<Record<ContractKey, unknown>> = {};
  const missing: string[] = [];
  for (const key of CONTRACT_KEYS) {
    const id = futureId(key);
    if (deployedAddresses[id] === undefined) missing.push(id);
    byKey[key] = deployedAddresses[id];
  }
  if (missing.length > 0) throw new OpenLedgerError(`${where} has no ${missing.join(", ")}`);
  return parseAddresses(byKey, where);
}
