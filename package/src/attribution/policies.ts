/// The allocation policies: pro rata by accepted contribution weight within each datanet version that the settled
/// inferences' models were trained on, and the inference log's per-inference split, restricted to those versions.
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

/// The pro-rata allocation of a datanet by version: the previous allocation, plus the new `credits` (those of the
/// settlements since the previous allocation's block), each split over the contributors of the version it names, by
/// weight. A contributor who joined after a version is never paid from that version's credits, and never dilutes
/// its contributors. Credits of a version without any positive weight stay unallocated (in the pool).
///
/// The credits are summed per version and each sum is split once, with largest remainder: cumulative amounts only
/// grow, the leaves add up to the total, and the same input gives the same result. The split is the packed
/// `largestRemainderFast`. With `checksummed` (weights keyed by checksummed addresses, once each, as
/// `versionWeights` gives them), the keys are taken as they are instead of being checked and merged one by one; the
/// split still refuses a key that is not an address or comes twice.
export function proRataAllocation(
  previous: Allocation | undefined,
  credits: ReadonlyArray<{ version: number; amount: bigint }>,
  weightsOf: ReadonlyMap<number, ReadonlyMap<string, bigint>>,
  options: { checksummed?: boolean } = {},
): ProRataResult {
  if (previous !== undefined && previous.policy !== "pro-rata") {
    throw new OpenLedgerError(
      `the previous allocation (epoch ${previous.epoch}) is ${previous.policy}: a pro-rata allocation continues only a pro-rata one`,
    );
  }
  const prevTotal = previousTotal(previous);
  const totals = new Map<number, bigint>((previous?.versions ?? []).map((v) => [v.version, BigInt(v.credit)]));
  const perVersion = new Map<number, bigint>();
  for (const c of credits) {
    if (!Number.isSafeInteger(c.version) || c.version < 1) {
      throw new OpenLedgerError(`a credit names version ${c.version}: datanet versions run from 1`);
    }
    if (c.amount < 0n) throw new OpenLedgerError(`a credit to version ${c.version} is negative (${c.amount})`);
    perVersion.set(c.version, (perVersion.get(c.version) ?? 0n) + c.amount);
  }

  const splits: Array<{ version: number; amount: bigint; weights: ReadonlyMap<string, bigint> }> = [];
  const unallocated: Array<{ version: number; amount: bigint }> = [];
  for (const version of [...perVersion.keys()].sort((a, b) => a - b)) {
    const amount = perVersion.get(version)!;
    if (amount === 0n) continue;
    const raw = weightsOf.get(version) ?? new Map<string, bigint>();
    const weights = options.checksummed === true ? raw : normaliseWeights(raw);
    let positive = false;
    for (const [account, x] of weights) {
      if (x < 0n) throw new OpenLedgerError(`negative weight ${x} for ${account} in version ${version}`);
      if (x > 0n) positive = true;
    }
    if (positive) splits.push({ version, amount, weights });
    else unallocated.push({ version, amount });
  }

  let total = prevTotal;
  for (const { version, amount } of splits) {
    total += amount;
    totals.set(version, (totals.get(version) ?? 0n) + amount);
  }
  const versions = [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, credit]) => ({ version, credit: credit.toString(10) }));

  // The first allocation of one version is the split itself, written straight from the packed form.
  const prev = amountsOf(previous);
  if (prev.size === 0 && splits.length === 1) {
    const [only] = splits;
    return {
      cumulativeTotal: total,
      allocations: fast(() => splitLeaves(only.amount, only.weights)),
      versions,
      unallocated,
    };
  }
  for (const { amount, weights } of splits) {
    for (const [account, part] of fast(() => largestRemainderFast(amount, weights))) {
      prev.set(account, (prev.get(account) ?? 0n) + part);
    }
  }
  return { cumulativeTotal: total, allocations: toEntries(prev), versions, unallocated };
}

/// The lineage levels of settlement `s` that the log's `contributors` are paid from: each level's credit with the
/// weights of the contributors in its version (all of them without `members`). Throws for a contributor in none of
/// the versions.
function levelsOf(
  s: SettledInference,
  contributors: readonly LogContributor[],
  members: ReadonlyMap<number, ReadonlySet<string>> | undefined,
): Array<{ modelId: bigint; version: number; amount: bigint; weights: Map<string, bigint> }> {
  const all = new Map(contributors.map((c) => [c.account, c.weight]));
  if (members === undefined) {
    const credits = s.credits.length > 0 ? s.credits : [{ modelId: s.modelId, version: 0, amount: s.datanetCredit }];
    return credits.filter((c) => c.amount > 0n).map((c) => ({ ...c, weights: all }));
  }
  const paid = new Set<string>();
  const out: Array<{ modelId: bigint; version: number; amount: bigint; weights: Map<string, bigint> }> = [];
  for (const c of s.credits) {
    const inVersion = members.get(c.version) ?? new Set<string>();
    const weights = new Map([...all].filter(([account]) => inVersion.has(account)));
    for (const account of weights.keys()) paid.add(account);
    if (c.amount > 0n && weights.size > 0) out.push({ ...c, weights });
  }
  for (const account of all.keys()) {
    if (paid.has(account)) continue;
    const versions = [...new Set(s.credits.map((c) => c.version))].sort((a, b) => a - b);
    throw new OpenLedgerError(
      `inference ${s.inferenceId} (model ${s.modelId}, block ${s.block}): contributor ${account} is not in ` +
        `${versions.length === 1 ? "version" : "versions"} ${versions.join(", ")} of the datanet, which the model's training set named then`,
    );
  }
  return out;
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
///
/// With `members` (the accounts of each datanet version, by version), each lineage level's credit is split only over
/// the log's contributors who are in the version that level's model was trained on; a level with none of them keeps
/// its credit unallocated. A contributor of the log who is in none of the versions that the inference pays is
/// refused: the allocation throws, naming the inference.
export function inferenceLogAllocation(
  log: readonly InferenceRecord[],
  settled: readonly SettledInference[],
  previous: Allocation | undefined,
  datanetId: bigint,
  members?: ReadonlyMap<number, ReadonlySet<string>>,
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
    const parts = levelsOf(s, record.contributors, members);
    let credit = 0n;
    for (const { weights, amount } of parts) {
      for (const [account, part] of largestRemainder(amount, weights)) {
        amounts.set(account, (amounts.get(account) ?? 0n) + part);
      }
      credit += amount;
    }
    if (credit === 0n) {
      unattributed.push(s);
      continue;
    }
    total += credit;
    inferences.push({
      inferenceId: id,
      modelId: s.modelId.toString(10),
      fee: s.fee.toString(10),
      datanetCredit: credit.toString(10),
      attributionHash: settledHash,
      block: s.block,
      credits: parts.map((p) => ({
        modelId: p.modelId.toString(10),
        version: p.version,
        amount: p.amount.toString(10),
      })),
    });
  }
  const unsettled = log
    .filter((r) => logged.has(r.inferenceId.toLowerCase()) && !matched.has(r.inferenceId.toLowerCase()))
    .map((r) => r.inferenceId);
  return { cumulativeTotal: total, allocations: toEntries(amounts), inferences, unattributed, mismatched, unsettled };
}
