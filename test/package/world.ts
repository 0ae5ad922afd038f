/// What the SDK's action tests share: the suite's addresses for `attach`, and the error a call rejects with.
import type { Addresses } from "../../package/src/index.js";
import type { Suite } from "../helpers/fixtures.js";

/// The addresses of a deployed suite, as the SDK's client takes them.
export async function addressesOf(s: Suite): Promise<Addresses> {
  const at = async (c: { getAddress(): Promise<string> }) => c.getAddress();
  return {
    open: await at(s.open),
    gopen: await at(s.gopen),
    timelock: await at(s.timelock),
    governor: await at(s.governor),
    accessManager: await at(s.accessManager),
    datanets: await at(s.datanets),
    models: await at(s.models),
    settlement: await at(s.settlement),
  };
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
