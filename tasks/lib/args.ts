/// The options and values every task reads: the options they share, and one parser per kind of value (ids and other
/// integers, amounts of OPEN, addresses, 32-byte hashes). Each throws a one-line ToolError naming the option or the
/// field (`what`), so that a task prints what is wrong and nothing else.
import { id as keccakUtf8, isHexString, ZeroHash } from "ethers";
import { parseHex32 as parseHex32Of } from "../../package/src/attribution/values.js";
import { durationSeconds, openWei } from "../../package/src/format/parse.js";
import { ToolError } from "./errors.js";

/// The options of every task that reads the deployment.
export interface CommonArgs {
  /// `--deployment-id`: which of the chain's deployments (default: `chain-<chainId>`).
  deploymentId?: string;
  /// `--json`: one JSON document, amounts in wei.
  json: boolean;
}

/// The options of every task that sends a transaction.
export interface SendArgs extends CommonArgs {
  /// `--from`: an index into the network's accounts, or one of their addresses.
  from: string | number;
}

/// The value of a required option, trimmed.
export function required(option: string, value: string | undefined): string {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") throw new ToolError(`--${option} is required`);
  return trimmed;
}

/// The text of a JSON or command-line value, trimmed; "" for anything that is not a string or a number.
function textOf(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return "";
}

// -------------------------------------------------------------------------------------------------
// Integers
// -------------------------------------------------------------------------------------------------

/// A non-negative integer (a bigint, a safe JSON integer, or a decimal string), a checksummed address, 32 bytes of
/// hex: the SDK's parsers, the ones its attribution files are read with.
export { parseAddress, parseUint } from "../../package/src/attribution/values.js";

/// A positive integer id (`--datanet 3`, `--model 1`), given as text or as a number option (where 0, the
/// default, means that the option is missing).
export function parseId(option: string, value: string | bigint | number | undefined): bigint {
  const text = textOf(value);
  if (text === "" || (typeof value !== "string" && text === "0")) {
    throw new ToolError(`--${option} is required (a positive id)`);
  }
  if (!/^[0-9]+$/.test(text) || BigInt(text) === 0n) {
    throw new ToolError(`--${option} must be a positive integer id, not "${text}"`);
  }
  return BigInt(text);
}

/// A positive number of units (`--units 3`).
export function parseUnitsOption(text: string, option = "--units"): bigint {
  const value = text.trim().replace(/_/g, "");
  if (!/^\d+$/.test(value) || BigInt(value) === 0n) {
    throw new ToolError(`${option} must be a positive whole number of inferences, not "${text}"`);
  }
  return BigInt(value);
}

/// An inference id: 32 bytes of hex as given, or any other text hashed with keccak256 (`request-42` → `id("request-42")`).
export function parseInferenceId(text: string, option = "--inference-id"): string {
  const value = text.trim();
  if (value === "") throw new ToolError(`${option} is required (0x + 64 hex digits, or a text to hash)`);
  if (isHexString(value, 32)) return value.toLowerCase();
  if (/^0x[0-9a-fA-F]*$/.test(value)) {
    throw new ToolError(`${option} ${value} is hex but not 32 bytes: give 0x + 64 hex digits, or a text to hash`);
  }
  return keccakUtf8(value);
}

/// The first block to search for events: `--from-block`, else 0.
export function fromBlock(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0) throw new ToolError(`--from-block must be a block number, not ${value}`);
  return value;
}

// -------------------------------------------------------------------------------------------------
// Amounts of OPEN
// -------------------------------------------------------------------------------------------------

/// Amounts of OPEN and durations as a person types them: the SDK's parsers.
export { durationSeconds, openWei } from "../../package/src/format/parse.js";

/// An amount of OPEN, as wei: `1000`, `0.5` (a string, or a JSON number). More than 0 unless `allowZero`.
export function parseOpen(value: unknown, what = "--amount", allowZero = false): bigint {
  const text = textOf(value);
  const wei = openWei(text);
  if (wei === undefined) {
    throw new ToolError(`${what} "${text}" must be an amount of OPEN such as 1000 or 0.5 (at most 18 decimals)`);
  }
  if (wei === 0n && !allowZero) throw new ToolError(`${what} must be more than 0 OPEN`);
  return wei;
}

// -------------------------------------------------------------------------------------------------
// Addresses and hashes
// -------------------------------------------------------------------------------------------------

/// 32 bytes of hex (an id, a root, a content hash), lower case. The zero hash only if `allowZero`.
export function parseHex32(value: unknown, what: string, allowZero = true): string {
  const hash = parseHex32Of(value, what);
  if (hash === ZeroHash && !allowZero) throw new ToolError(`${what} is the zero hash`);
  return hash;
}

/// A 32-byte hash that commits to something (a file, an attribution): never the zero hash.
export function parseHash(what: string, value: unknown): string {
  return parseHex32(value, what, false);
}

/// A comma-separated list of 32-byte hashes (`--accept 0xab…,0xcd…`); empty for an absent option.
export function parseHashList(option: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => parseHash(`--${option}`, s));
}

// -------------------------------------------------------------------------------------------------
// Durations
// -------------------------------------------------------------------------------------------------

/// A duration in seconds, more than 0: `90s`, `10m`, `2h`, `1d`, or a bare number of seconds.
export function parseDuration(option: string, value: string): bigint {
  const seconds = durationSeconds(value);
  if (seconds === undefined || seconds === 0n) {
    throw new ToolError(`--${option} "${value.trim()}" must be a duration such as 90s, 10m, 2h or 1d (more than 0)`);
  }
  return seconds;
}
