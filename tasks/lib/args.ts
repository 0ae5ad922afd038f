/// The options every task reads and the parsers of option values. The value parsers themselves (integers, OPEN,
/// addresses, hashes, durations) are the SDK's (package/src/parse), shared with the dApps; here are the ones that
/// speak of options (`--datanet`, `--from-block`).
import { parseDuration as parseDurationOf, parseOpen as parseOpenOf, textOf } from "../../package/src/parse/index.js";
import { OpenLedgerError } from "./errors.js";

export { parseAddress, parseHash, parseUint } from "../../package/src/parse/index.js";

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
  if (trimmed === "") throw new OpenLedgerError(`--${option} is required`);
  return trimmed;
}

/// A positive integer id (`--datanet 3`, `--model 1`), given as text or as a number option (where 0, the
/// default, means that the option is missing).
export function parseId(option: string, value: string | bigint | number | undefined): bigint {
  const text = textOf(value);
  if (text === "" || (typeof value !== "string" && text === "0")) {
    throw new OpenLedgerError(`--${option} is required (a positive id)`);
  }
  if (!/^[0-9]+$/.test(text) || BigInt(text) === 0n) {
    throw new OpenLedgerError(`--${option} must be a positive integer id, not "${text}"`);
  }
  return BigInt(text);
}

/// A positive number of units (`--units 3`).
export function parseUnitsOption(text: string, option = "--units"): bigint {
  const value = text.trim().replace(/_/g, "");
  if (!/^\d+$/.test(value) || BigInt(value) === 0n) {
    throw new OpenLedgerError(`${option} must be a positive whole number of inferences, not "${text}"`);
  }
  return BigInt(value);
}

/// The first block to search for events: `--from-block`, else 0.
export function fromBlock(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0)
    throw new OpenLedgerError(`--from-block must be a block number, not ${value}`);
  return value;
}

/// An amount of OPEN, as wei; `what` names the option in the message (default `--amount`).
export function parseOpen(value: unknown, what = "--amount", allowZero = false): bigint {
  return parseOpenOf(value, what, allowZero);
}

/// A duration in seconds, more than 0, of option `--<option>`.
export function parseDuration(option: string, value: string): bigint {
  return parseDurationOf(`--${option}`, value);
}
