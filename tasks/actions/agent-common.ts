/// What the agent and budget tasks share: lists of ids, an expiry as a duration or a date, and an account given as an
/// address or an index into the network's accounts.
import { getAddress, isAddress } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { durationSeconds } from "../../package/src/parse/index.js";
import { OpenLedgerError, signerFor } from "../lib/index.js";

/// A list of positive ids, `1,2` (`--models`, `--declare`): each once.
export function parseIdList(option: string, value: string): bigint[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0) throw new OpenLedgerError(`--${option} must list at least one id, e.g. 1,2`);
  const ids: bigint[] = [];
  for (const item of items) {
    if (!/^[0-9]+$/.test(item) || BigInt(item) === 0n) {
      throw new OpenLedgerError(`--${option} must list positive integer ids such as 1,2, not "${item}"`);
    }
    const id = BigInt(item);
    if (ids.includes(id)) throw new OpenLedgerError(`--${option} lists ${item} twice`);
    ids.push(id);
  }
  return ids;
}

/// An expiry: a duration from `now` (`30d`, `12h`, `3600`) or an ISO date (`2027-01-01T00:00:00Z`), as a unix time.
export function parseExpiry(option: string, value: string, now: bigint): bigint {
  const text = value.trim();
  const seconds = durationSeconds(text);
  if (seconds !== undefined && seconds > 0n) return now + seconds;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) {
      const at = BigInt(Math.floor(ms / 1000));
      if (at <= now) {
        const nowISO = new Date(Number(now) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
        throw new OpenLedgerError(`--${option} ${text} is not after the chain's now (${nowISO})`);
      }
      return at;
    }
  }
  throw new OpenLedgerError(
    `--${option} "${text}" must be a duration such as 30d or 12h, or an ISO date such as 2027-01-01T00:00:00Z`,
  );
}

/// An account: an address as it is, or an index into the network's accounts.
export async function addressOf(
  connection: NetworkConnection,
  option: string,
  value: string | undefined,
): Promise<string> {
  const text = value?.trim() ?? "";
  if (text === "") throw new OpenLedgerError(`--${option} is required (an address or an account index)`);
  if (isAddress(text)) return getAddress(text);
  if (/^\d+$/.test(text)) return (await signerFor(connection, text)).address;
  throw new OpenLedgerError(`--${option} must be an address or an account index, not "${text}"`);
}
