/// What the SDK's action tests share: the suite's addresses for `attach`, and the error a call rejects with.
import type { Addresses } from "../../package/src/index.js";
import { CONTRACT_KEYS } from "../../package/src/contracts.js";
import type { Suite } from "../helpers/fixtures.js";

/// The addresses of a deployed suite, as the SDK's client takes them.
export async function addressesOf(s: Suite): Promise<Addresses> {
  const entries = await Promise.all(CONTRACT_KEYS.map(async (key) => [key, await s[key].getAddress()] as const));
  return Object.fromEntries(entries) as unknown as Addresses;
}

/// Runs `fn`, which must reject, and returns what it threw.
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err: unknown) {
    return err;
  }
  throw new Error("expected a rejection");
}
