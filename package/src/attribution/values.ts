/// The checks that the attribution files' fields go through: non-negative integers, addresses, 32-byte hashes and
/// counts. Each throws a one-line OpenLedgerError naming the field (`what`) and the value it got.
import { getAddress, isAddress, isHexString } from "ethers";
import { OpenLedgerError } from "../errors/index.js";
import { checksumAddress, writeAddress } from "./merkle.js";

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return "";
}

/// A non-negative integer: a bigint, a safe JSON integer, or a decimal string.
export function parseUint(value: unknown, what: string): bigint {
  if (typeof value === "bigint" && value >= 0n) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^[0-9]+$/.test(value.trim())) return BigInt(value.trim());
  throw new OpenLedgerError(`${what} must be a non-negative integer, not ${JSON.stringify(value) ?? String(value)}`);
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const addressBytes = new Uint8Array(20);

/// The checksummed form of a 0x-prefixed hex address (EIP-55, as ethers' `getAddress`), or undefined when `text` is
/// not 40 hex digits or is in mixed case with a wrong checksum. With the fast keccak: a million take about a second.
export function checksummed(text: string): string | undefined {
  if (!HEX_ADDRESS.test(text)) return undefined;
  writeAddress(text, addressBytes, 0);
  const sum = checksumAddress(addressBytes, 0);
  const digits = text.slice(2);
  const mixed = digits !== digits.toLowerCase() && digits !== digits.toUpperCase();
  return mixed && text !== sum ? undefined : sum;
}

/// A checksummed address.
export function parseAddress(what: string, value: unknown): string {
  const text = textOf(value);
  if (text === "") throw new OpenLedgerError(`${what} is required (an address)`);
  const fast = checksummed(text);
  if (fast !== undefined) return fast;
  if (!isAddress(text)) throw new OpenLedgerError(`${what} must be an address, not "${text}"`);
  return getAddress(text);
}

/// 32 bytes of hex, lower case.
export function parseHex32(value: unknown, what: string): string {
  if (typeof value !== "string" || !isHexString(value.trim(), 32)) {
    throw new OpenLedgerError(`${what} must be 32 bytes of hex (0x + 64 hex digits), not ${JSON.stringify(value)}`);
  }
  return value.trim().toLowerCase();
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
