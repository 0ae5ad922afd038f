/// Values as people write them, parsed: integers, amounts of OPEN, addresses, 32-byte hashes and durations. Each
/// parser throws a one-line OpenLedgerError that names the field (`what`) and the offending value, so that a tool or a
/// dApp can show it as it is. Pure: the same in Node and in a browser.
import { getAddress, id as keccakUtf8, isAddress, isHexString, ZeroHash } from "ethers";
import { checksumAddress, writeAddress } from "../attribution/merkle.js";
import { OpenLedgerError } from "../errors/index.js";
import { durationSeconds, openWei } from "./units.js";

export { durationSeconds, openWei };

/// The text of a JSON or command-line value, trimmed; "" for anything that is not a string or a number.
export function textOf(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return "";
}

/// A non-negative integer: a bigint, a safe JSON integer, or a decimal string. `what` names it in the message.
export function parseUint(value: unknown, what: string): bigint {
  if (typeof value === "bigint" && value >= 0n) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^[0-9]+$/.test(value.trim())) return BigInt(value.trim());
  throw new OpenLedgerError(`${what} must be a non-negative integer, not ${JSON.stringify(value) ?? String(value)}`);
}

/// An amount of OPEN, as wei: `1000`, `0.5` (a string, or a JSON number). More than 0 unless `allowZero`.
export function parseOpen(value: unknown, what = "amount", allowZero = false): bigint {
  const text = textOf(value);
  const wei = openWei(text);
  if (wei === undefined) {
    throw new OpenLedgerError(`${what} "${text}" must be an amount of OPEN such as 1000 or 0.5 (at most 18 decimals)`);
  }
  if (wei === 0n && !allowZero) throw new OpenLedgerError(`${what} must be more than 0 OPEN`);
  return wei;
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

/// 32 bytes of hex (an id, a root, a content hash), lower case. The zero hash only if `allowZero`.
export function parseHex32(value: unknown, what: string, allowZero = true): string {
  if (typeof value !== "string" || !isHexString(value.trim(), 32)) {
    throw new OpenLedgerError(`${what} must be 32 bytes of hex (0x + 64 hex digits), not ${JSON.stringify(value)}`);
  }
  const hash = value.trim().toLowerCase();
  if (hash === ZeroHash && !allowZero) throw new OpenLedgerError(`${what} is the zero hash`);
  return hash;
}

/// A 32-byte hash that commits to something (a file, an attribution): never the zero hash.
export function parseHash(what: string, value: unknown): string {
  return parseHex32(value, what, false);
}

/// A duration in seconds, more than 0: `90s`, `10m`, `2h`, `1d`, or a bare number of seconds.
export function parseDuration(what: string, value: string): bigint {
  const seconds = durationSeconds(value);
  if (seconds === undefined || seconds === 0n) {
    throw new OpenLedgerError(`${what} "${value.trim()}" must be a duration such as 90s, 10m, 2h or 1d (more than 0)`);
  }
  return seconds;
}

/// A comma-separated list of 32-byte hashes (`0xab…,0xcd…`); empty for an absent or empty value.
export function parseHashList(what: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => parseHash(what, s));
}

/// An inference id: 32 bytes of hex as given, or any other text hashed with keccak256 (`request-42` → `id("request-42")`).
export function parseInferenceId(text: string, what = "inference id"): string {
  const value = text.trim();
  if (value === "") throw new OpenLedgerError(`${what} is required (0x + 64 hex digits, or a text to hash)`);
  if (isHexString(value, 32)) return value.toLowerCase();
  if (/^0x[0-9a-fA-F]*$/.test(value)) {
    throw new OpenLedgerError(`${what} ${value} is hex but not 32 bytes: give 0x + 64 hex digits, or a text to hash`);
  }
  return keccakUtf8(value);
}
