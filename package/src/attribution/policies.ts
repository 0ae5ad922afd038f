/// The allocation policies: pro rata by accepted contribution weight (carrying the previous amounts when the new
/// weights would lower one), and the inference log's per-inference split.
import { OpenLedgerError } from "../errors/index.js";
import { amountsOf, largestRemainder, normaliseWeights, previousTotal, toEntries } from "./allocation.js";
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
export function proRataAllocation(
  accrued: bigint,
  previous: Allocation | undefined,
  weights: ReadonlyMap<string, bigint>,
): ProRataResult {
  const prevTotal = previousTotal(previous);
  if (accrued < prevTotal) {
    throw new OpenLedgerError(`accrued ${accrued} is below the previous cumulative total ${prevTotal}`);
  }
  const prev = amountsOf(previous);
  const w = normaliseWeights(weights);
  const positive = [...w.values()].some((x) => x > 0n);
  if (!positive) {
    return { cumulativeTotal: prevTotal, allocations: toEntries(prev), carried: previous !== undefined };
  }
  const ideal = largestRemainder(accrued, w);
  const lowers = [...prev.entries()].some(([account, amount]) => (ideal.get(account) ?? 0n) < amount);
  if (!lowers) return { cumulativeTotal: accrued, allocations: toEntries(ideal), carried: false };
  const increase = largestRemainder(accrued - prevTotal, w);
  const carried = new Map(prev);
  for (const [account, amount] of increase) carried.set(account, (carried.get(account) ?? 0n) + amount);
  return { cumulativeTotal: accrued, allocations: toEntries(carried), carried: true };
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
