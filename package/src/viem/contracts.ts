/// getSuiteContracts: every contract of the suite as a viem contract instance, typed from its `as const` ABI.
import { getAddress, getContract, isAddress } from "viem";
import type { Address, Client, GetContractReturnType } from "viem";
import { OpenLedgerError } from "../errors/base.js";
import { suiteAbis } from "../generated/abis.js";

/// The ABI of each contract of the suite, by the key a client uses (the keys of `SUITE`, deployments.ts).
export { suiteAbis };

/// A key of the suite: `open`, `gopen`, `timelock`, `governor`, `accessManager`, `datanets`, `models`, `settlement`.
export type SuiteKey = keyof typeof suiteAbis;

/// The address of every contract of the suite, checksummed.
export type SuiteAddresses = { readonly [K in SuiteKey]: Address };

/// The addresses an action needs, as given: `addresses` of a client, `addressesFor(chainId)`, or any object with
/// those keys.
export type AddressesOf<K extends SuiteKey> = { readonly [P in K]: string };

/// What `getSuiteContracts` connects the contracts to: one client, or a public client to read and a wallet client to
/// write (as viem's `getContract` takes them).
export type SuiteClient = Client | { public: Client; wallet: Client };

/// The viem contract instance of each key: `SuiteContracts<C>["models"].read.quote([1n, 1n])`.
export type SuiteContracts<C extends SuiteClient = SuiteClient> = {
  readonly [K in SuiteKey]: GetContractReturnType<(typeof suiteAbis)[K], C, Address>;
};

export interface GetSuiteContractsParameters<C extends SuiteClient> {
  client: C;
  /// The suite's addresses (`addressesFor(chainId)`, `addressesFromIgnition(json)` or any `{ open: "0x…", … }`).
  addresses: AddressesOf<SuiteKey>;
}

/// Checks a set of addresses: every contract of the suite, each a valid address. Returns them checksummed; a one-line
/// OpenLedgerError names the first key that is missing or not an address.
export function parseSuiteAddresses(value: unknown, where = "addresses"): SuiteAddresses {
  if (typeof value !== "object" || value === null) {
    throw new OpenLedgerError(`${where} must be an object of contract key → address`);
  }
  const given = value as Partial<Record<SuiteKey, unknown>>;
  const keys = Object.keys(suiteAbis) as SuiteKey[];
  const missing = keys.filter((key) => given[key] === undefined);
  if (missing.length > 0) throw new OpenLedgerError(`${where} has no ${missing.join(", ")}`);
  const out: Partial<Record<SuiteKey, Address>> = {};
  for (const key of keys) {
    const address = given[key];
    if (typeof address !== "string" || !isAddress(address, { strict: false })) {
      throw new OpenLedgerError(`${where}.${key} is not an address: ${JSON.stringify(address)}`);
    }
    out[key] = getAddress(address);
  }
  return Object.freeze(out as Record<SuiteKey, Address>);
}

/// Every contract of the suite at `addresses`, as viem's `getContract` makes it on `client`: `read`, `simulate`,
/// `estimateGas`, `write` and `watchEvent`, each typed from the contract's ABI. Nothing is requested.
export function getSuiteContracts<C extends SuiteClient>({
  client,
  addresses,
}: GetSuiteContractsParameters<C>): SuiteContracts<C> {
  const checked = parseSuiteAddresses(addresses);
  const contracts: Partial<Record<SuiteKey, unknown>> = {};
  for (const key of Object.keys(suiteAbis) as SuiteKey[]) {
    contracts[key] = getContract({ abi: suiteAbis[key], address: checked[key], client });
  }
  return contracts as SuiteContracts<C>;
}

/// The checksummed address of `key` in `addresses`; a one-line OpenLedgerError when it is not an address.
export function addressOf<K extends SuiteKey>(addresses: AddressesOf<K>, key: K): Address {
  const address: unknown = addresses[key];
  if (typeof address !== "string" || !isAddress(address, { strict: false })) {
    throw new OpenLedgerError(`addresses.${key} is not an address: ${JSON.stringify(address)}`);
  }
  return getAddress(address);
}
