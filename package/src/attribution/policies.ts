/// The allocation policies: pro rata by accepted contribution weight (carrying the previous amounts when the new
/// weights would lower one), and the inference log's per-inference split.
import { OpenLedgerError } from "../errors/index.js";
import { amountsOf, largestRemainder, normaliseWeights, previousTotal, toEntries } from "./allocation.js";
import { largestRemainderFast, splitLeaves } from "./split.js";
import { attributionHash } from "./inference-log.js";
import type {
  Allocation,
  InferenceEntry,
  InferenceLogResult,
  InferenceRecord,
  LogContributor,
  MismatchedSettlement,
  ProRataResult,
  SettledInference,
} from "./types.js";

/// The datanet's whole `accrued` amount (cumulative), pro rata by `weights`. If that would lower any account's
/// amount in `previous`, the previous amounts are carried and only `accrued − previous total` is shared pro rata.
/// With no positive weight the previous allocation is carried as is. The leaves always add up to the total.
///
/// The split is the packed `largestRemainderFast`. With `checksummed` (weights keyed by checksummed addresses, once
/// each, as the action `contributionWeights` gives them), the keys are taken as they are instead of being checked
/// and merged one by one; the split still refuses a key that is not an address or comes twice.
export function proRataAllocation(
  accrued: bigint,
  previous: Allocation | undefined,
  weights: ReadonlyMap<string, bigint>,
  options: { checksummed?: boolean } = {},
): ProRataResult {
  const prevTotal = previousTotal(previous);
  if (accrued < prevTotal) {
    throw new OpenLedgerError(`accrued ${accrued} is below the previous cumulative total ${prevTotal}`);
  }
  const prev = amountsOf(previous);
  const w = options.checksummed === true ? weights : normaliseWeights(weights);
  let positive = false;
  for (const [account, x] of w) {
    if (x < 0n) throw new OpenLedgerError(`negative weight ${x} for ${account}`);
    if (x > 0n) positive = true;
  }
  if (!positive) {
    return { cumulativeTotal: prevTotal, allocations: toEntries(prev), carried: previous !== undefined };
  }
  const ideal = fast(() => splitLeaves(accrued, w));
  if (prev.size === 0) return { cumulativeTotal: accrued, allocations: ideal, carried: false };
  const idealOf = new Map(ideal.map((e) => [e.account, BigInt(e.cumulativeAmount)]));
  const lowers = [...prev.entries()].some(([account, amount]) => (idealOf.get(account) ?? 0n) < amount);
  if (!lowers) return { cumulativeTotal: accrued, allocations: ideal, carried: false };
  const increase = fast(() => largestRemainderFast(accrued - prevTotal, w));
  const carried = new Map(prev);
  for (const [account, amount] of increase) carried.set(account, (carried.get(account) ?? 0n) + amount);
  return { cumulativeTotal: accrued, allocations: toEntries(carried), carried: true };
}

/// The fast split's errors as the library's one-line OpenLedgerError.
function fast<T>(run: () => T): T {
  try {
    return run();
  } catch (err: unknown) {
    throw err instanceof OpenLedgerError ? err : new OpenLedgerError(err instanceof Error ? err.message : String(err));
  }
}

/// The inference-log allocation of `datanetId`: the previous allocation, plus, for every settled inference not yet
/// allocated (in settlement order), its credit to the datanet split over the log's contributors for that datanet.
///
/// Only a settlement whose attribution hash is the one of the log's record is allocated. Settlement does not
/// deduplicate inference ids, so anyone can settle a small fee under someone else's inference id with another hash:
/// such a settlement is reported in `mismatched` and its credit stays unallocated, and the matching settlements of
/// that id are allocated as usual, each once.
export function inferenceLogAllocation(
  log: readonly InferenceRecord[],
  settled: readonly SettledInference[],
  previous: Allocation | undefined,
  datanetId: bigint,
): InferenceLogResult {
  if (previous !== undefined && previous.policy !== "inference-log") {
    throw new OpenLedgerError(
      `the previous allocation (epoch ${previous.epoch}) is ${previous.policy}: an inference-log allocation continues only an inference-log one`,
    );
  }
  if (previous !== undefined && BigInt(previous.datanetId) !== datanetId) {
    throw new OpenLedgerError(`the previous allocation is for datanet ${previous.datanetId}, not ${datanetId}`);
  }
  const prevTotal = previousTotal(previous);
  const amounts = amountsOf(previous);
  const inferences: InferenceEntry[] = [...(previous?.inferences ?? [])];

  // Settlements already allocated, per inference id and attribution hash: an id settled twice with its log's hash is
  // allocated twice, and a settlement with another hash never takes the place of an allocated one.
  const key = (id: string, hash: string): string => `${id.toLowerCase()}:${hash.toLowerCase()}`;
  const done = new Map<string, number>();
  for (const e of inferences) {
    const k = key(e.inferenceId, e.attributionHash);
    done.set(k, (done.get(k) ?? 0) + 1);
  }

  // The log's record for the datanet, and its attribution hash, per inference id.
  const logged = new Map<string, { contributors: LogContributor[]; hash: string }>();
  for (const r of log) {
    const entry = r.datanets.find((d) => d.datanetId === datanetId);
    if (entry === undefined) continue;
    logged.set(r.inferenceId.toLowerCase(), { contributors: entry.contributors, hash: attributionHash(r) });
  }
  const ordered = [...settled].sort((a, b) => a.block - b.block || a.logIndex - b.logIndex);

  let total = prevTotal;
  const unattributed: SettledInference[] = [];
  const mismatched: MismatchedSettlement[] = [];
  const matched = new Set<string>();
  for (const s of ordered) {
    const id = s.inferenceId.toLowerCase();
    const settledHash = s.attributionHash.toLowerCase();
    const record = logged.get(id);
    if (record !== undefined && record.hash === settledHash) matched.add(id);
    if (s.datanetCredit === 0n) continue;
    const already = done.get(key(id, settledHash)) ?? 0;
    if (already > 0) {
      done.set(key(id, settledHash), already - 1);
      continue;
    }
    if (record === undefined) {
      unattributed.push(s);
      continue;
    }
    if (record.hash !== settledHash) {
      mismatched.push({ inferenceId: id, settledHash, logHash: record.hash, fee: s.fee });
      continue;
    }
    const weights = new Map(record.contributors.map((c) => [c.account, c.weight]));
    for (const [account, amount] of largestRemainder(s.datanetCredit, weights)) {
      amounts.set(account, (amounts.get(account) ?? 0n) + amount);
    }
    total += s.datanetCredit;
    inferences.push({
      inferenceId: id,
      modelId: s.modelId.toString(10),
      fee: s.fee.toString(10),
      datanetCredit: s.datanetCredit.toString(10),
      attributionHash: settledHash,
      block: s.block,
    });
  }
  const unsettled = log
    .filter((r) => logged.has(r.inferenceId.toLowerCase()) && !matched.has(r.inferenceId.toLowerCase()))
    .map((r) => r.inferenceId);
  return { cumulativeTotal: total, allocations: toEntries(amounts), inferences, unattributed, mismatched, unsettled };
}
