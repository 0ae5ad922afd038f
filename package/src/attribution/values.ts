/// The checks that the attribution files' fields go through: non-negative integers, addresses, 32-byte hashes and
/// counts. Each throws a one-line OpenLedgerError naming the field (`what`) and the value it got.
import { OpenLedgerError } from "../errors/index.js";

export { checksummed, parseAddress, parseHex32, parseUint } from "../parse/index.js";

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/// A JSON count (an epoch, a block, a chain id): a non-negative safe integer.
export function parseCount(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new OpenLedgerError(`${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/// Ascending address order (equal-length hex: the lowercase string order is the numeric order).
export function compareAddresses(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/// The message of anything thrown, for a line that wraps it.
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
