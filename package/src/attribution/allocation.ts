/// Allocation files: parsing and validating one, and the exact pro-rata split (largest remainder) that every policy
/// rounds with.
import { getAddress } from "ethers";
import { OpenLedgerError } from "../errors/index.js";
import { ALLOCATION_VERSION } from "./types.js";
import type { Allocation, AllocationEntry, InferenceEntry, VersionCreditEntry, VersionTotal } from "./types.js";
import { compareAddresses, isObject, parseAddress, parseCount, parseHex32, parseUint } from "./values.js";

export function sumAmounts(entries: readonly AllocationEntry[]): bigint {
  return entries.reduce((sum, e) => sum + BigInt(e.cumulativeAmount), 0n);
}

/// The leaves of `amounts`, in address order, without zero amounts.
export function toEntries(amounts: Map<string, bigint>): AllocationEntry[] {
  return [...amounts.entries()]
    .filter(([, amount]) => amount > 0n)
    .sort(([a], [b]) => compareAddresses(a, b))
    .map(([account, amount]) => ({ account, cumulativeAmount: amount.toString(10) }));
}

export function amountsOf(allocation: Allocation | undefined): Map<string, bigint> {
  const amounts = new Map<string, bigint>();
  for (const e of allocation?.allocations ?? []) amounts.set(getAddress(e.account), BigInt(e.cumulativeAmount));
  return amounts;
}

/// Checks that a previous allocation adds up, and returns its total.
export function previousTotal(previous: Allocation | undefined): bigint {
  if (previous === undefined) return 0n;
  const total = BigInt(previous.cumulativeTotal);
  const sum = sumAmounts(previous.allocations);
  if (sum !== total) {
    throw new OpenLedgerError(
      `the previous allocation (epoch ${previous.epoch}) does not add up: its leaves sum to ${sum}, its cumulativeTotal is ${total}`,
    );
  }
  return total;
}

// -------------------------------------------------------------------------------------------------
// Allocation files
// -------------------------------------------------------------------------------------------------

/// Validates a parsed allocation file: every field, address order and uniqueness, and that the leaves add up.
export function parseAllocation(value: unknown, where = "allocation"): Allocation {
  if (!isObject(value)) throw new OpenLedgerError(`${where} is not a JSON object`);
  if (value.version !== ALLOCATION_VERSION) {
    throw new OpenLedgerError(`${where}: version ${JSON.stringify(value.version)} is not supported (expected 1)`);
  }
  const policy = value.policy;
  if (policy !== "pro-rata" && policy !== "inference-log") {
    throw new OpenLedgerError(`${where}: policy must be "pro-rata" or "inference-log", got ${JSON.stringify(policy)}`);
  }
  if (!Array.isArray(value.allocations)) throw new OpenLedgerError(`${where}: allocations must be an array`);
  const allocations = value.allocations.map((e: unknown, i: number): AllocationEntry => {
    if (!isObject(e)) throw new OpenLedgerError(`${where}: allocations[${i}] is not an object`);
    return {
      account: parseAddress(`${where}: allocations[${i}].account`, e.account),
      cumulativeAmount: parseUint(e.cumulativeAmount, `${where}: allocations[${i}].cumulativeAmount`).toString(10),
    };
  });
  const seen = new Set<string>();
  for (const e of allocations) {
    if (seen.has(e.account)) throw new OpenLedgerError(`${where}: ${e.account} appears twice in allocations`);
    seen.add(e.account);
  }
  const allocation: Allocation = {
    version: ALLOCATION_VERSION,
    chainId: parseCount(value.chainId, `${where}: chainId`),
    settlement: parseAddress(`${where}: settlement`, value.settlement),
    datanetId: parseUint(value.datanetId, `${where}: datanetId`).toString(10),
    epoch: parseCount(value.epoch, `${where}: epoch`),
    policy,
    cumulativeTotal: parseUint(value.cumulativeTotal, `${where}: cumulativeTotal`).toString(10),
    allocations,
  };
  if (value.previousEpoch !== undefined) {
    allocation.previousEpoch = parseCount(value.previousEpoch, `${where}: previousEpoch`);
  }
  if (value.inferences !== undefined) {
    if (!Array.isArray(value.inferences)) throw new OpenLedgerError(`${where}: inferences must be an array`);
    allocation.inferences = value.inferences.map((e: unknown, i: number): InferenceEntry => {
      const at = `${where}: inferences[${i}]`;
      if (!isObject(e)) throw new OpenLedgerError(`${at} is not an object`);
      return {
        inferenceId: parseHex32(e.inferenceId, `${at}.inferenceId`),
        modelId: parseUint(e.modelId, `${at}.modelId`).toString(10),
        fee: parseUint(e.fee, `${at}.fee`).toString(10),
        datanetCredit: parseUint(e.datanetCredit, `${at}.datanetCredit`).toString(10),
        attributionHash: parseHex32(e.attributionHash, `${at}.attributionHash`),
        block: parseCount(e.block, `${at}.block`),
        ...(e.credits === undefined ? {} : { credits: parseCredits(e.credits, `${at}.credits`) }),
      };
    });
  }
  if (value.block !== undefined) allocation.block = parseCount(value.block, `${where}: block`);
  if (value.accrued !== undefined) allocation.accrued = parseUint(value.accrued, `${where}: accrued`).toString(10);
  if (value.versions !== undefined) {
    if (!Array.isArray(value.versions)) throw new OpenLedgerError(`${where}: versions must be an array`);
    allocation.versions = value.versions.map((e: unknown, i: number): VersionTotal => {
      const at = `${where}: versions[${i}]`;
      if (!isObject(e)) throw new OpenLedgerError(`${at} is not an object`);
      return {
        version: parseCount(e.version, `${at}.version`),
        credit: parseUint(e.credit, `${at}.credit`).toString(10),
      };
    });
  }
  if (isObject(value.creditBasis)) {
    const b = value.creditBasis;
    allocation.creditBasis = {
      protocolBps: parseCount(b.protocolBps, `${where}: creditBasis.protocolBps`),
      stakersBps: parseCount(b.stakersBps, `${where}: creditBasis.stakersBps`),
      lineageBps: parseCount(b.lineageBps, `${where}: creditBasis.lineageBps`),
      note: typeof b.note === "string" ? b.note : "",
    };
  }
  return allocation;
}

function parseCredits(value: unknown, where: string): VersionCreditEntry[] {
  if (!Array.isArray(value)) throw new OpenLedgerError(`${where} must be an array`);
  return value.map((e: unknown, i: number): VersionCreditEntry => {
    if (!isObject(e)) throw new OpenLedgerError(`${where}[${i}] is not an object`);
    return {
      modelId: parseUint(e.modelId, `${where}[${i}].modelId`).toString(10),
      version: parseCount(e.version, `${where}[${i}].version`),
      amount: parseUint(e.amount, `${where}[${i}].amount`).toString(10),
    };
  });
}

/// Splits `total` over `weights` pro rata, exactly: each gets ⌊total·w/W⌋, and the units left over (fewer than the
/// number of accounts) go one each to the largest remainders, ties to the lower address.
export function largestRemainder(total: bigint, weights: ReadonlyMap<string, bigint>): Map<string, bigint> {
  if (total < 0n) throw new OpenLedgerError(`cannot split a negative amount (${total})`);
  const rows = [...weights.entries()].filter(([, w]) => w > 0n).sort(([a], [b]) => compareAddresses(a, b));
  for (const [account, w] of weights) {
    if (w < 0n) throw new OpenLedgerError(`negative weight ${w} for ${account}`);
  }
  const weightSum = rows.reduce((s, [, w]) => s + w, 0n);
  if (weightSum === 0n) throw new OpenLedgerError("cannot split an amount over no positive weight");
  const parts = rows.map(([account, w]) => ({
    account,
    amount: (total * w) / weightSum,
    remainder: (total * w) % weightSum,
  }));
  let left = total - parts.reduce((s, p) => s + p.amount, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? compareAddresses(a.account, b.account) : a.remainder > b.remainder ? -1 : 1,
  );
  for (const p of byRemainder) {
    if (left === 0n) break;
    p.amount += 1n;
    left -= 1n;
  }
  return new Map(parts.map((p) => [p.account, p.amount]));
}

export function normaliseWeights(weights: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [account, w] of weights) {
    const key = parseAddress("weight account", account);
    if (w < 0n) throw new OpenLedgerError(`negative weight ${w} for ${key}`);
    out.set(key, (out.get(key) ?? 0n) + w);
  }
  return out;
}

/// The tree file next to an allocation file: `alloc.json` → `alloc.tree.json`.
export function treeFilePath(allocationFile: string): string {
  return allocationFile.endsWith(".json")
    ? `${allocationFile.slice(0, -".json".length)}.tree.json`
    : `${allocationFile}.tree.json`;
}
