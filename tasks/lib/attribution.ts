/// Proof of Attribution, off-chain: allocation files, the Merkle trees posted as attribution roots, proofs, claims,
/// and the checks that anyone can run against the chain.
///
/// ## Allocation file (JSON, `version: 1`)
///
/// ```
/// { "version": 1, "chainId": 31337, "settlement": "0x…", "datanetId": "1", "epoch": 2,
///   "policy": "pro-rata" | "inference-log", "cumulativeTotal": "…", "previousEpoch": 1,
///   "allocations": [{ "account": "0x…", "cumulativeAmount": "…" }],          // sorted by address
///   "inferences": [{ "inferenceId": "0x…", "modelId": "3", "fee": "…", "datanetCredit": "…",
///                    "attributionHash": "0x…", "block": 42 }],                   // inference-log only
///   "block": 57, "accrued": "…", "carried": false, "creditBasis": { … } }
/// ```
///
/// Amounts are decimal strings of OPEN wei and **cumulative**: what each account has earned from the datanet over
/// every epoch so far. `cumulativeTotal` is the sum of the leaves, and must not exceed what the datanet has accrued.
/// A tree file (`*.tree.json`, written by `writeTreeFile`) holds an allocation, its Merkle root, the dump of its
/// `@openzeppelin/merkle-tree` StandardMerkleTree over `(address account, uint256 cumulativeAmount)` leaves, and every
/// account's proof; it is what `uri` of a posted root points at, and what claimers read their proofs from.
///
/// ## Policies
///
/// - `pro-rata` (`proRataAllocation`): the datanet's whole accrued amount, pro rata by accepted contribution weight
///   (`weightsFromEvents`). No account's cumulative amount ever goes down: when the new weights would lower one, the
///   previous amounts are carried and only the increase since the previous total is shared pro rata.
/// - `inference-log` (`inferenceLogAllocation`): each settled inference's credit to the datanet is split over the
///   contributors that the attribution engine named for it, by their weights.
///
/// Rounding is largest-remainder, ties to the lower address, so the parts add up to the whole exactly and the
/// same input always gives the same file.
///
/// ## Inference log (JSON lines) and the attribution hash
///
/// One line per inference, either with one datanet:
///
/// ```
/// { "inferenceId": "0x<32 bytes>", "modelId": "3", "datanetId": "1",
///   "contributors": [{ "account": "0x…", "weight": "5" }] }
/// ```
///
/// or with an entry per datanet: `{ "inferenceId": …, "modelId": …, "datanets": [{ "datanetId": "1",
/// "contributors": [ … ] }, …] }`. Ids and weights are decimal strings (or JSON integers); weights are positive.
///
/// The payer must settle the inference with exactly this attribution hash:
///
/// ```
/// attributionHash = keccak256(abi.encode(
///     bytes32 inferenceId,
///     uint256 modelId,
///     (uint256 datanetId, (address account, uint256 weight)[] contributors)[] datanets))
/// ```
///
/// with the datanets in ascending id order and each datanet's contributors in ascending address order; an account
/// appears at most once per datanet and a datanet at most once per inference. The one-datanet form is the same
/// record as `datanets: [{ datanetId, contributors }]`.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, getAddress, keccak256 } from "ethers";
import type { DatanetRegistry, Settlement } from "../../typechain-types/index.js";
import { parseAddress, parseHex32, parseUint } from "./args.js";
import { OpenLedgerError } from "./errors.js";
import { toJson } from "./output.js";

// -------------------------------------------------------------------------------------------------
// Types
// -------------------------------------------------------------------------------------------------

export const ALLOCATION_VERSION = 1;

export type Policy = "pro-rata" | "inference-log";
export const POLICIES: readonly Policy[] = ["pro-rata", "inference-log"];

/// One leaf: an account and everything it has earned from the datanet so far.
export interface AllocationEntry {
  account: string;
  cumulativeAmount: string;
}

/// One settled inference allocated by an inference-log file.
export interface InferenceEntry {
  inferenceId: string;
  modelId: string;
  /// The fee paid for the inference.
  fee: string;
  /// The datanet's credit from that fee (previewSplit at the settlement's block).
  datanetCredit: string;
  /// The attribution hash of the inference's log record, equal to the settled one.
  attributionHash: string;
  /// The block of the settlement.
  block: number;
}

/// The settlement parameters under which the credits of an inference-log file were computed.
export interface CreditBasis {
  protocolBps: number;
  stakersBps: number;
  lineageBps: number;
  note: string;
}

export interface Allocation {
  version: typeof ALLOCATION_VERSION;
  chainId: number;
  settlement: string;
  datanetId: string;
  epoch: number;
  policy: Policy;
  cumulativeTotal: string;
  previousEpoch?: number;
  allocations: AllocationEntry[];
  inferences?: InferenceEntry[];
  /// The block the allocation was computed at.
  block?: number;
  /// What the datanet had accrued at that block.
  accrued?: string;
  /// pro-rata: whether the previous amounts were carried (the new weights would have lowered one).
  carried?: boolean;
  /// inference-log: the parameters behind the datanets' credits.
  creditBasis?: CreditBasis;
}

/// What a policy computes: the leaves, and their sum.
export interface AllocationResult {
  cumulativeTotal: bigint;
  allocations: AllocationEntry[];
}

export interface ProRataResult extends AllocationResult {
  carried: boolean;
}

/// One contributor named for an inference, with its weight.
export interface LogContributor {
  account: string;
  weight: bigint;
}

/// One inference of the log, normalised: datanets by ascending id, contributors by ascending address.
export interface InferenceRecord {
  inferenceId: string;
  modelId: bigint;
  datanets: Array<{ datanetId: bigint; contributors: LogContributor[] }>;
}

/// One InferenceSettled event, with the credit it gave the datanet being allocated.
export interface SettledInference {
  inferenceId: string;
  modelId: bigint;
  payer: string;
  fee: bigint;
  attributionHash: string;
  block: number;
  logIndex: number;
  datanetCredit: bigint;
}

/// A settlement of a logged inference id with another attribution hash than the log's record: anyone can settle any
/// inference id, so it proves nothing about the contributors, and its credit stays unallocated.
export interface MismatchedSettlement {
  inferenceId: string;
  /// The attribution hash the payer settled with.
  settledHash: string;
  /// The attribution hash of the log's record for that inference id.
  logHash: string;
  fee: bigint;
}

export interface InferenceLogResult extends AllocationResult {
  /// Every inference allocated so far (the previous file's, then the new ones).
  inferences: InferenceEntry[];
  /// Settled inferences that credited the datanet but have no contributors for it in the log: their credit stays
  /// unallocated.
  unattributed: SettledInference[];
  /// Settlements of a logged inference id whose attribution hash is not the log's: treated as unattributed (their
  /// credit stays unallocated), never allocated, and never in the way of the matching settlements.
  mismatched: MismatchedSettlement[];
  /// Inference ids of the log (with contributors for the datanet) not settled yet with the log's attribution hash.
  unsettled: string[];
}

/// The Merkle tree over `(account, cumulativeAmount)` leaves.
export type AttributionTree = StandardMerkleTree<[string, string]>;

export interface ProofEntry {
  cumulativeAmount: string;
  proof: string[];
}

/// Where an allocation was posted on-chain.
export interface PostedInfo {
  transaction: string;
  block: number;
  readyAt: number;
  uri: string;
  attestor: string;
}

/// A tree file: an allocation, its root, the tree and every account's proof.
export interface TreeFile {
  allocation: Allocation;
  root: string;
  tree: ReturnType<AttributionTree["dump"]>;
  proofs: Record<string, ProofEntry>;
  posted?: PostedInfo;
}

export const LEAF_ENCODING = ["address", "uint256"];

// -------------------------------------------------------------------------------------------------
// Validation helpers
// -------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/// The fields of the files are read with the options' parsers: `parseUint` is also this module's.
export { parseUint };

function parseCount(value: unknown, what: string): number {
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

function sumAmounts(entries: readonly AllocationEntry[]): bigint {
  return entries.reduce((sum, e) => sum + BigInt(e.cumulativeAmount), 0n);
}

/// The leaves of `amounts`, in address order, without zero amounts.
function toEntries(amounts: Map<string, bigint>): AllocationEntry[] {
  return [...amounts.entries()]
    .filter(([, amount]) => amount > 0n)
    .sort(([a], [b]) => compareAddresses(a, b))
    .map(([account, amount]) => ({ account, cumulativeAmount: amount.toString(10) }));
}

function amountsOf(allocation: Allocation | undefined): Map<string, bigint> {
  const amounts = new Map<string, bigint>();
  for (const e of allocation?.allocations ?? []) amounts.set(getAddress(e.account), BigInt(e.cumulativeAmount));
  return amounts;
}

/// Checks that a previous allocation adds up, and returns its total.
function previousTotal(previous: Allocation | undefined): bigint {
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
      };
    });
  }
  if (value.block !== undefined) allocation.block = parseCount(value.block, `${where}: block`);
  if (value.accrued !== undefined) allocation.accrued = parseUint(value.accrued, `${where}: accrued`).toString(10);
  if (typeof value.carried === "boolean") allocation.carried = value.carried;
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

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new OpenLedgerError(`${file}: no such file`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function readAllocationFile(file: string): Allocation {
  return parseAllocation(readJson(file), file);
}

export function writeAllocationFile(file: string, allocation: Allocation): void {
  writeFileSync(file, `${toJson(allocation)}\n`);
}

/// An allocation from either an allocation file or a tree file (as `--previous` accepts both).
export function readAllocationOrTree(file: string): Allocation {
  const parsed = readJson(file);
  if (isObject(parsed) && "allocation" in parsed) return parseTreeFile(parsed, file).allocation;
  return parseAllocation(parsed, file);
}

// -------------------------------------------------------------------------------------------------
// Rounding
// -------------------------------------------------------------------------------------------------

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

function normaliseWeights(weights: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [account, w] of weights) {
    const key = parseAddress("weight account", account);
    if (w < 0n) throw new OpenLedgerError(`negative weight ${w} for ${key}`);
    out.set(key, (out.get(key) ?? 0n) + w);
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Pro-rata policy
// -------------------------------------------------------------------------------------------------

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

/// Accepted contribution weight per contributor of `datanetId`, from ContributionSubmitted (open datanets accept at
/// once, weight 1) and ContributionReviewed (curated acceptances) events in [fromBlock, toBlock], and the
/// ContributionClaimed events of reveals with an earlier commit: an accepted record's weight moves from its previous
/// contributor to the revealer, and a revived record accepted at once counts for the revealer. Pending, rejected and
/// withdrawn records count for nobody. Records submitted in Merkle batches (`contributeRoot`) carry their weights
/// off-chain and are not counted here. A range that starts after an acceptance can see its weight move away without
/// having counted it: such accounts are left out rather than given a negative weight.
export async function weightsFromEvents(
  datanets: DatanetRegistry,
  datanetId: bigint,
  fromBlock = 0,
  toBlock?: number,
): Promise<Map<string, bigint>> {
  const ACCEPTED = 2n;
  const to = toBlock ?? "latest";
  const submitted = await datanets.queryFilter(datanets.filters.ContributionSubmitted(datanetId), fromBlock, to);
  const reviewed = await datanets.queryFilter(datanets.filters.ContributionReviewed(datanetId), fromBlock, to);
  const claimed = await datanets.queryFilter(datanets.filters.ContributionClaimed(datanetId), fromBlock, to);
  const weights = new Map<string, bigint>();
  const add = (account: string, weight: bigint): void => {
    const key = getAddress(account);
    weights.set(key, (weights.get(key) ?? 0n) + weight);
  };
  for (const e of submitted) if (e.args.status === ACCEPTED) add(e.args.contributor, e.args.weight);
  for (const e of reviewed) if (e.args.status === ACCEPTED) add(e.args.contributor, e.args.weight);
  for (const e of claimed) {
    if (e.args.previousStatus === ACCEPTED) add(e.args.previousContributor, -e.args.weight);
    if (e.args.status === ACCEPTED) add(e.args.contributor, e.args.weight);
  }
  for (const [account, weight] of weights) if (weight <= 0n) weights.delete(account);
  return weights;
}

// -------------------------------------------------------------------------------------------------
// Inference log policy
// -------------------------------------------------------------------------------------------------

const coder = AbiCoder.defaultAbiCoder();

/// The ABI types of the attribution hash's preimage.
export const ATTRIBUTION_HASH_TYPES = [
  "bytes32",
  "uint256",
  "tuple(uint256 datanetId, tuple(address account, uint256 weight)[] contributors)[]",
];

function parseContributors(value: unknown, where: string): LogContributor[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new OpenLedgerError(`${where}: contributors must be a non-empty array`);
  const contributors = value.map((c: unknown, i: number): LogContributor => {
    if (!isObject(c)) throw new OpenLedgerError(`${where}: contributors[${i}] is not an object`);
    const weight = parseUint(c.weight, `${where}: contributors[${i}].weight`);
    if (weight === 0n) throw new OpenLedgerError(`${where}: contributors[${i}].weight must be positive`);
    return { account: parseAddress(`${where}: contributors[${i}].account`, c.account), weight };
  });
  contributors.sort((a, b) => compareAddresses(a.account, b.account));
  for (let i = 1; i < contributors.length; i++) {
    if (contributors[i].account === contributors[i - 1].account) {
      throw new OpenLedgerError(`${where}: ${contributors[i].account} appears twice among the contributors`);
    }
  }
  return contributors;
}

/// Validates and normalises one log record (either form).
export function parseInferenceRecord(value: unknown, where = "record"): InferenceRecord {
  if (!isObject(value)) throw new OpenLedgerError(`${where} is not a JSON object`);
  const inferenceId = parseHex32(value.inferenceId, `${where}: inferenceId`);
  const at = `${where} (inference ${inferenceId})`;
  const modelId = parseUint(value.modelId, `${at}: modelId`);
  let datanets: InferenceRecord["datanets"];
  if (value.datanets !== undefined) {
    if (value.datanetId !== undefined || value.contributors !== undefined) {
      throw new OpenLedgerError(`${at}: give either datanetId + contributors or datanets, not both`);
    }
    if (!Array.isArray(value.datanets) || value.datanets.length === 0) {
      throw new OpenLedgerError(`${at}: datanets must be a non-empty array`);
    }
    datanets = value.datanets.map((d: unknown, i: number) => {
      if (!isObject(d)) throw new OpenLedgerError(`${at}: datanets[${i}] is not an object`);
      return {
        datanetId: parseUint(d.datanetId, `${at}: datanets[${i}].datanetId`),
        contributors: parseContributors(d.contributors, `${at}: datanets[${i}]`),
      };
    });
  } else {
    datanets = [
      {
        datanetId: parseUint(value.datanetId, `${at}: datanetId`),
        contributors: parseContributors(value.contributors, at),
      },
    ];
  }
  datanets.sort((a, b) => (a.datanetId < b.datanetId ? -1 : a.datanetId > b.datanetId ? 1 : 0));
  for (let i = 1; i < datanets.length; i++) {
    if (datanets[i].datanetId === datanets[i - 1].datanetId) {
      throw new OpenLedgerError(`${at}: datanet ${datanets[i].datanetId} appears twice`);
    }
  }
  return { inferenceId, modelId, datanets };
}

/// Parses a JSON-lines inference log (blank lines allowed). Every inference id appears once.
export function parseInferenceLog(text: string, where = "log"): InferenceRecord[] {
  const records: InferenceRecord[] = [];
  const seen = new Set<string>();
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err: unknown) {
      throw new OpenLedgerError(`${where}:${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const record = parseInferenceRecord(parsed, `${where}:${i + 1}`);
    if (seen.has(record.inferenceId))
      throw new OpenLedgerError(`${where}:${i + 1}: inference ${record.inferenceId} appears twice`);
    seen.add(record.inferenceId);
    records.push(record);
  });
  return records;
}

export function readInferenceLog(file: string): InferenceRecord[] {
  if (!existsSync(file)) throw new OpenLedgerError(`${file}: no such file`);
  return parseInferenceLog(readFileSync(file, "utf8"), file);
}

/// The record as one JSON line (the canonical single-line form when it names one datanet).
export function formatInferenceRecord(record: InferenceRecord): string {
  const contributors = (list: LogContributor[]) =>
    list.map((c) => ({ account: c.account, weight: c.weight.toString(10) }));
  if (record.datanets.length === 1) {
    return JSON.stringify({
      inferenceId: record.inferenceId,
      modelId: record.modelId.toString(10),
      datanetId: record.datanets[0].datanetId.toString(10),
      contributors: contributors(record.datanets[0].contributors),
    });
  }
  return JSON.stringify({
    inferenceId: record.inferenceId,
    modelId: record.modelId.toString(10),
    datanets: record.datanets.map((d) => ({
      datanetId: d.datanetId.toString(10),
      contributors: contributors(d.contributors),
    })),
  });
}

/// The attribution hash that the payer settles `record` with (see the file header). The record is canonicalised
/// first (a raw log line object is accepted too), so the order in which contributors are listed does not matter.
export function attributionHash(record: InferenceRecord | unknown): string {
  const r = parseInferenceRecord(isNormalised(record) ? rawRecord(record) : record);
  return keccak256(
    coder.encode(ATTRIBUTION_HASH_TYPES, [
      r.inferenceId,
      r.modelId,
      r.datanets.map((d) => [d.datanetId, d.contributors.map((c) => [c.account, c.weight])]),
    ]),
  );
}

/// A record back in its JSON form (decimal strings), to be validated and canonicalised by parseInferenceRecord.
function rawRecord(record: InferenceRecord): Json {
  return {
    inferenceId: record.inferenceId,
    modelId: record.modelId.toString(10),
    datanets: record.datanets.map((d) => ({
      datanetId: d.datanetId.toString(10),
      contributors: d.contributors.map((c) => ({ account: c.account, weight: c.weight.toString(10) })),
    })),
  };
}

function isNormalised(value: unknown): value is InferenceRecord {
  return (
    isObject(value) &&
    typeof value.modelId === "bigint" &&
    Array.isArray(value.datanets) &&
    value.datanets.every(
      (d: unknown) =>
        isObject(d) &&
        typeof d.datanetId === "bigint" &&
        Array.isArray(d.contributors) &&
        d.contributors.every((c: unknown) => isObject(c) && typeof c.weight === "bigint"),
    )
  );
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

/// Every InferenceSettled event in [fromBlock, toBlock], with its credit to `datanetId` as `previewSplit` computes it
/// at the block of that settlement: with the model terms (split, lineage, suspensions) and the governance shares in
/// force when it was settled, so that a change made afterwards never alters what an earlier settlement credited.
/// Only the settlements that credit the datanet are returned.
export async function settledInferences(
  settlement: Settlement,
  datanetId: bigint,
  fromBlock: number,
  toBlock: number,
): Promise<SettledInference[]> {
  const events = await settlement.queryFilter(settlement.filters.InferenceSettled(), fromBlock, toBlock);
  const credits = new Map<string, bigint>();
  const out: SettledInference[] = [];
  for (const e of events) {
    const { inferenceId, modelId, payer, fee, attributionHash: hash } = e.args;
    // The same model and fee in the same block split the same way: one call per (block, model, fee).
    const key = `${e.blockNumber}:${modelId}:${fee}`;
    let credit = credits.get(key);
    if (credit === undefined) {
      const preview = await settlement.previewSplit(modelId, fee, { blockTag: e.blockNumber });
      credit = preview.datanets.filter((c) => c.id === datanetId).reduce((sum, c) => sum + c.amount, 0n);
      credits.set(key, credit);
    }
    if (credit === 0n) continue;
    out.push({
      inferenceId: inferenceId.toLowerCase(),
      modelId,
      payer: getAddress(payer),
      fee,
      attributionHash: hash.toLowerCase(),
      block: e.blockNumber,
      logIndex: e.index,
      datanetCredit: credit,
    });
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Trees, proofs, claims
// -------------------------------------------------------------------------------------------------

/// The StandardMerkleTree of an allocation: one `(address, uint256)` leaf per account.
export function buildTree(allocation: Allocation): AttributionTree {
  if (allocation.allocations.length === 0) {
    throw new OpenLedgerError(
      `datanet ${allocation.datanetId} epoch ${allocation.epoch}: the allocation has no account`,
    );
  }
  return StandardMerkleTree.of(
    allocation.allocations.map((e): [string, string] => [e.account, e.cumulativeAmount]),
    LEAF_ENCODING,
  );
}

/// The tree file of an allocation: the allocation, the root, the tree's dump, and every account's proof.
export function treeFileOf(allocation: Allocation, tree: AttributionTree, posted?: PostedInfo): TreeFile {
  const proofs: Record<string, ProofEntry> = {};
  for (const [i, [account, cumulativeAmount]] of tree.entries()) {
    proofs[getAddress(account)] = { cumulativeAmount, proof: tree.getProof(i) };
  }
  const file: TreeFile = { allocation, root: tree.root, tree: tree.dump(), proofs };
  if (posted !== undefined) file.posted = posted;
  return file;
}

/// Writes the tree file of an allocation (see `writeTreeFileStreamed`) and returns its content.
export function writeTreeFile(
  file: string,
  allocation: Allocation,
  tree: AttributionTree,
  posted?: PostedInfo,
): TreeFile {
  writeTreeFileStreamed(file, allocation, tree, posted);
  return treeFileOf(allocation, tree, posted);
}

/// The JSON text of a tree file, piece by piece (an account's leaf or proof at a time), so that no string ever holds
/// the whole file: V8 refuses strings above 2^29 − 24 characters, which a tree file passes at about 271,000 accounts.
/// It parses to what `treeFileOf` returns. Every proof is checked against the root as it is written, and the leaves
/// against the allocation's total: a piece that would not verify throws a OpenLedgerError before it is yielded.
export function* treeFileChunks(
  allocation: Allocation,
  tree: AttributionTree,
  posted?: PostedInfo,
): Generator<string, void, undefined> {
  const { allocations, inferences, ...header } = allocation;
  const head = JSON.stringify(header);
  yield `{\n  "allocation": ${head.slice(0, -1)}${head === "{}" ? "" : ","}"allocations": [`;
  for (let i = 0; i < allocations.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(allocations[i])}`;
  yield "\n  ]";
  if (inferences !== undefined) {
    yield `,"inferences": [`;
    for (let i = 0; i < inferences.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(inferences[i])}`;
    yield "\n  ]";
  }
  yield `},\n  "root": ${JSON.stringify(tree.root)},\n`;
  const dump = tree.dump();
  yield `  "tree": {"format": ${JSON.stringify(dump.format)}, "leafEncoding": ${JSON.stringify(dump.leafEncoding)}, "tree": [`;
  for (let i = 0; i < dump.tree.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(dump.tree[i])}`;
  yield `\n  ], "values": [`;
  for (let i = 0; i < dump.values.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(dump.values[i])}`;
  yield `\n  ]},\n  "proofs": {`;
  let sum = 0n;
  let first = true;
  for (const [i, [account, cumulativeAmount]] of tree.entries()) {
    const proof = tree.getProof(i);
    if (!StandardMerkleTree.verify(tree.root, LEAF_ENCODING, [account, cumulativeAmount], proof)) {
      throw new OpenLedgerError(`the proof of ${getAddress(account)} does not verify against root ${tree.root}`);
    }
    sum += BigInt(cumulativeAmount);
    const entry: ProofEntry = { cumulativeAmount, proof };
    yield `${first ? "" : ","}\n    ${JSON.stringify(getAddress(account))}: ${JSON.stringify(entry)}`;
    first = false;
  }
  if (sum !== BigInt(allocation.cumulativeTotal)) {
    throw new OpenLedgerError(
      `the leaves sum to ${sum}, the allocation's cumulativeTotal is ${allocation.cumulativeTotal}`,
    );
  }
  yield "\n  }";
  if (posted !== undefined) yield `,\n  "posted": ${JSON.stringify(posted)}`;
  yield "\n}\n";
}

const WRITE_BUFFER = 1 << 20;

/// Writes the tree file of an allocation without ever holding it in one string (`treeFileChunks`), to a temporary
/// file next to it that is renamed over `file` once complete: `file` is either what it was or the whole new file,
/// never a part. Returns the SHA-256 of what it wrote (hex), with which `treeFileProblem` reads a large file back.
/// Throws a one-line OpenLedgerError when it cannot be written; the temporary file is then removed.
export function writeTreeFileStreamed(
  file: string,
  allocation: Allocation,
  tree: AttributionTree,
  posted?: PostedInfo,
): string {
  const partial = `${file}.partial-${process.pid}`;
  const digest = createHash("sha256");
  let fd: number | undefined;
  try {
    fd = openSync(partial, "w");
    let buffer = "";
    const flush = (descriptor: number): void => {
      const bytes = Buffer.from(buffer, "utf8");
      digest.update(bytes);
      writeSync(descriptor, bytes);
      buffer = "";
    };
    for (const chunk of treeFileChunks(allocation, tree, posted)) {
      buffer += chunk;
      if (buffer.length >= WRITE_BUFFER) flush(fd);
    }
    if (buffer !== "") flush(fd);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(partial, file);
    return digest.digest("hex");
  } catch (err: unknown) {
    if (fd !== undefined) closeSync(fd);
    rmSync(partial, { force: true });
    if (err instanceof OpenLedgerError) throw err;
    throw new OpenLedgerError(
      `cannot write the tree file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/// Tree files up to this size are read back whole and verified by parsing; larger ones are compared to the text
/// that `treeFileChunks` gives, piece by piece (a JSON text that large cannot be one string).
export const TREE_FILE_PARSE_LIMIT = 256 * 1024 * 1024;

/// Why the tree file at `file` is not the verified tree file of `allocation`, or undefined when it is: it exists,
/// its root is the allocation's root, every proof verifies and its total is the allocation's. A file with any
/// `posted` block passes. Above `parseLimit` bytes the file must be exactly what `treeFileChunks` writes (whose
/// proofs it checks as it goes), without or with one of `posted`; with `written`, the SHA-256 that
/// `writeTreeFileStreamed` returned, the file is only hashed and compared with it.
export function treeFileProblem(
  file: string,
  allocation: Allocation,
  tree: AttributionTree,
  posted: readonly PostedInfo[] = [],
  parseLimit = TREE_FILE_PARSE_LIMIT,
  written?: string,
): string | undefined {
  if (!existsSync(file)) return "no such file";
  const size = statSync(file).size;
  if (size > parseLimit) {
    if (written !== undefined) return sha256Of(file) === written ? undefined : "its content is not what was written";
    for (const variant of [undefined, ...posted]) {
      if (sameText(file, size, treeFileChunks(allocation, tree, variant))) return undefined;
    }
    return "its content is not the allocation's tree";
  }
  let content: TreeFile;
  try {
    content = readTreeFile(file);
  } catch (err: unknown) {
    return err instanceof Error ? err.message : String(err);
  }
  const a = content.allocation;
  if (
    a.chainId !== allocation.chainId ||
    getAddress(a.settlement) !== getAddress(allocation.settlement) ||
    a.datanetId !== allocation.datanetId ||
    a.epoch !== allocation.epoch
  ) {
    return `it is the tree of chain ${a.chainId} settlement ${a.settlement} datanet ${a.datanetId} epoch ${a.epoch}`;
  }
  if (content.root.toLowerCase() !== tree.root) return `its root ${content.root} is not the allocation's ${tree.root}`;
  if (a.cumulativeTotal !== allocation.cumulativeTotal) {
    return `its total ${a.cumulativeTotal} is not the allocation's ${allocation.cumulativeTotal}`;
  }
  const mismatches = verifyTreeFile(content);
  return mismatches.length === 0 ? undefined : mismatches.map((m) => `${m.name}: ${m.detail}`).join("; ");
}

/// The SHA-256 of a file (hex), read a megabyte at a time.
function sha256Of(file: string): string {
  const digest = createHash("sha256");
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(WRITE_BUFFER);
    for (
      let n = readSync(fd, buffer, 0, buffer.length, null);
      n > 0;
      n = readSync(fd, buffer, 0, buffer.length, null)
    ) {
      digest.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return digest.digest("hex");
}

/// Whether the `size` bytes of `file` are exactly the concatenation of `chunks`.
function sameText(file: string, size: number, chunks: Iterable<string>): boolean {
  const fd = openSync(file, "r");
  try {
    let offset = 0;
    for (const chunk of chunks) {
      const expected = Buffer.from(chunk, "utf8");
      if (offset + expected.length > size) return false;
      const actual = Buffer.alloc(expected.length);
      let read = 0;
      while (read < expected.length) {
        const n = readSync(fd, actual, read, expected.length - read, offset + read);
        if (n === 0) return false;
        read += n;
      }
      if (!actual.equals(expected)) return false;
      offset += expected.length;
    }
    return offset === size;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/// The tree file next to an allocation file: `alloc.json` → `alloc.tree.json`.
export function treeFilePath(allocationFile: string): string {
  return allocationFile.endsWith(".json")
    ? `${allocationFile.slice(0, -".json".length)}.tree.json`
    : `${allocationFile}.tree.json`;
}

/// Validates the shape of a parsed tree file. It does not check that its parts agree: that is `verifyPosted`.
export function parseTreeFile(value: unknown, where = "tree file"): TreeFile {
  if (!isObject(value)) throw new OpenLedgerError(`${where} is not a JSON object`);
  const allocation = parseAllocation(value.allocation, `${where}: allocation`);
  const root = parseHex32(value.root, `${where}: root`);
  const tree = value.tree;
  if (!isObject(tree) || tree.format !== "standard-v1" || !Array.isArray(tree.tree) || !Array.isArray(tree.values)) {
    throw new OpenLedgerError(`${where}: tree is not a standard-v1 merkle-tree dump`);
  }
  if (!isObject(value.proofs)) throw new OpenLedgerError(`${where}: proofs must be an object of account → proof`);
  const proofs: Record<string, ProofEntry> = {};
  for (const [account, entry] of Object.entries(value.proofs)) {
    const key = parseAddress(`${where}: proofs key`, account);
    if (!isObject(entry) || !Array.isArray(entry.proof))
      throw new OpenLedgerError(`${where}: proofs[${key}] is malformed`);
    proofs[key] = {
      cumulativeAmount: parseUint(entry.cumulativeAmount, `${where}: proofs[${key}].cumulativeAmount`).toString(10),
      proof: entry.proof.map((p: unknown, i: number) => parseHex32(p, `${where}: proofs[${key}].proof[${i}]`)),
    };
  }
  const out: TreeFile = { allocation, root, tree: tree as unknown as TreeFile["tree"], proofs };
  if (isObject(value.posted)) {
    const p = value.posted;
    out.posted = {
      transaction: typeof p.transaction === "string" ? p.transaction : "",
      block: parseCount(p.block, `${where}: posted.block`),
      readyAt: parseCount(p.readyAt, `${where}: posted.readyAt`),
      uri: typeof p.uri === "string" ? p.uri : "",
      attestor: parseAddress(`${where}: posted.attestor`, p.attestor),
    };
  }
  return out;
}

export function readTreeFile(file: string): TreeFile {
  return parseTreeFile(readJson(file), file);
}

/// The tree files named by `spec`: a comma-separated list of files and folders; a folder gives its `*.tree.json`.
export function listTreeFiles(spec: string): string[] {
  const files: string[] = [];
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")) {
    if (!existsSync(part)) throw new OpenLedgerError(`${part}: no such file or folder`);
    if (statSync(part).isDirectory()) {
      const inFolder = readdirSync(part)
        .filter((f) => f.endsWith(".tree.json"))
        .sort()
        .map((f) => path.join(part, f));
      if (inFolder.length === 0) throw new OpenLedgerError(`${part}: no *.tree.json file in this folder`);
      files.push(...inFolder);
    } else {
      files.push(part);
    }
  }
  if (files.length === 0) throw new OpenLedgerError("no tree file given");
  return files;
}

/// `account`'s leaf and proof in a tree file, or undefined when the account has no leaf.
export function proofFor(treeFile: TreeFile, account: string): ProofEntry | undefined {
  return treeFile.proofs[getAddress(account)];
}

/// What `account` can claim with this tree file, given what it has already claimed on-chain (never negative).
export function claimable(treeFile: TreeFile, account: string, claimedOnChain: bigint): bigint {
  const entry = proofFor(treeFile, account);
  if (entry === undefined) return 0n;
  const cumulative = BigInt(entry.cumulativeAmount);
  return cumulative > claimedOnChain ? cumulative - claimedOnChain : 0n;
}

// -------------------------------------------------------------------------------------------------
// Verification
// -------------------------------------------------------------------------------------------------

/// What the chain says about a tree file's datanet and epoch.
export interface ChainState {
  chainId: number;
  settlement: string;
  /// The RootPosted event of the file's datanet and epoch, if there is one.
  posted?: { root: string; cumulativeTotal: bigint; readyAt: number; attestor: string; uri: string };
  /// Whether that root was vetoed, is pending, active, or was replaced by a newer one.
  status?: "pending" | "active" | "vetoed" | "superseded";
  /// What the datanet has accrued now.
  accrued: bigint;
  /// Settled attribution hashes by inference id (lowercase), for the file's inferences. An id settled several
  /// times has several hashes.
  settled: Map<string, string[]>;
}

export type MismatchName =
  | "network mismatch"
  | "not posted"
  | "root mismatch"
  | "proof mismatch"
  | "total mismatch"
  | "total above accrued"
  | "credit mismatch"
  | "attribution hash mismatch";

export interface Mismatch {
  name: MismatchName;
  detail: string;
}

/// Checks a tree file's own parts against each other, with no chain: the tree rebuilt from its allocation against
/// the file's root and tree dump, every proof against its leaf and the root, and the leaves against the file's
/// `cumulativeTotal`. Returns every mismatch found (none when the file is consistent).
export function verifyTreeFile(treeFile: TreeFile): Mismatch[] {
  const out: Mismatch[] = [];
  const add = (name: MismatchName, detail: string): void => {
    out.push({ name, detail });
  };
  treeMismatches(treeFile, add);
  const total = BigInt(treeFile.allocation.cumulativeTotal);
  const leafSum = sumAmounts(treeFile.allocation.allocations);
  if (leafSum !== total) add("total mismatch", `the leaves sum to ${leafSum}, the file's cumulativeTotal is ${total}`);
  return out;
}

/// The tree part of `verifyPosted` and `verifyTreeFile`: adds the mismatches between the allocation's tree and the
/// file's root, dump and proofs, and returns the rebuilt tree (undefined when the allocation cannot be built).
function treeMismatches(
  treeFile: TreeFile,
  add: (name: MismatchName, detail: string) => void,
): AttributionTree | undefined {
  const a = treeFile.allocation;
  let rebuilt: AttributionTree | undefined;
  try {
    rebuilt = buildTree(a);
  } catch (err: unknown) {
    add(
      "root mismatch",
      `the allocation cannot be built into a tree: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (rebuilt !== undefined) {
    if (rebuilt.root !== treeFile.root.toLowerCase()) {
      add("root mismatch", `the allocation's tree has root ${rebuilt.root}, the file says ${treeFile.root}`);
    }
    let dumpRoot: string | undefined;
    try {
      dumpRoot = StandardMerkleTree.load(treeFile.tree).root;
    } catch {
      dumpRoot = undefined;
    }
    if (dumpRoot !== rebuilt.root) {
      add(
        "root mismatch",
        `the file's tree dump has root ${dumpRoot ?? "(invalid)"}, the allocation's tree ${rebuilt.root}`,
      );
    }
    const leaves = new Map(a.allocations.map((e) => [getAddress(e.account), e.cumulativeAmount]));
    for (const [account, entry] of Object.entries(treeFile.proofs)) {
      const amount = leaves.get(account);
      if (amount === undefined) {
        add("proof mismatch", `${account} has a proof but no leaf in the allocation`);
      } else if (amount !== entry.cumulativeAmount) {
        add("proof mismatch", `${account}: proof for ${entry.cumulativeAmount}, leaf of ${amount}`);
      } else if (!StandardMerkleTree.verify(rebuilt.root, LEAF_ENCODING, [account, amount], entry.proof)) {
        add("proof mismatch", `${account}: the proof does not verify against root ${rebuilt.root}`);
      }
    }
    for (const account of leaves.keys()) {
      if (treeFile.proofs[account] === undefined) add("proof mismatch", `${account} has a leaf but no proof`);
    }
  }
  return rebuilt;
}

/// Rebuilds the tree of `treeFile` and checks it, and the file's own parts, against the chain. Returns every
/// mismatch found (none when the file is what was posted and it is consistent).
export function verifyPosted(treeFile: TreeFile, chain: ChainState): Mismatch[] {
  const out: Mismatch[] = [];
  const a = treeFile.allocation;
  const add = (name: MismatchName, detail: string): void => {
    out.push({ name, detail });
  };

  if (a.chainId !== chain.chainId)
    add("network mismatch", `the file is for chain ${a.chainId}, connected to ${chain.chainId}`);
  if (getAddress(a.settlement) !== getAddress(chain.settlement)) {
    add("network mismatch", `the file is for settlement ${a.settlement}, the deployment's is ${chain.settlement}`);
  }

  // The tree, rebuilt from the allocation, against the file's own root, tree dump and proofs.
  const rebuilt = treeMismatches(treeFile, add);
  if (rebuilt !== undefined && chain.posted !== undefined && rebuilt.root !== chain.posted.root.toLowerCase()) {
    add("root mismatch", `rebuilt root ${rebuilt.root} ≠ posted root ${chain.posted.root.toLowerCase()}`);
  }

  // Totals: the leaves, the file's total, the posted total, and what the datanet accrued.
  const total = BigInt(a.cumulativeTotal);
  const leafSum = sumAmounts(a.allocations);
  if (leafSum !== total) add("total mismatch", `the leaves sum to ${leafSum}, the file's cumulativeTotal is ${total}`);
  if (chain.posted === undefined) {
    add("not posted", `no root was posted for datanet ${a.datanetId} epoch ${a.epoch}`);
  } else if (chain.posted.cumulativeTotal !== total) {
    add("total mismatch", `the file's cumulativeTotal is ${total}, the posted total ${chain.posted.cumulativeTotal}`);
  }
  const highest = leafSum > total ? leafSum : total;
  if (highest > chain.accrued) add("total above accrued", `total ${highest} > accrued ${chain.accrued}`);

  // Inference-log files: each inference's hash against its settlement, and the credits against the total.
  if (a.policy === "inference-log") {
    const inferences = a.inferences ?? [];
    // Each inference of the file needs a settlement of its own with the file's hash: an id settled several times
    // (by its payer, or by anyone with another hash) matches each of its settlements at most once.
    const used = new Map<string, number>();
    for (const inf of inferences) {
      const id = inf.inferenceId.toLowerCase();
      const hash = inf.attributionHash.toLowerCase();
      const hashes = chain.settled.get(id) ?? [];
      const n = (used.get(`${id}:${hash}`) ?? 0) + 1;
      used.set(`${id}:${hash}`, n);
      if (hashes.length === 0) {
        add("attribution hash mismatch", `inference ${id} was never settled`);
      } else if (hashes.filter((h) => h === hash).length < n) {
        add("attribution hash mismatch", `inference ${id}: file ${hash} ≠ settled ${hashes.join(", ")}`);
      }
    }
    const credits = inferences.reduce((s, inf) => s + BigInt(inf.datanetCredit), 0n);
    if (credits !== total) add("credit mismatch", `the inferences' credits sum to ${credits}, the total is ${total}`);
  }
  return out;
}

/// Checks a tree file's inferences against the log they came from: each must be in it, with the same hash.
export function verifyAgainstLog(treeFile: TreeFile, log: readonly InferenceRecord[]): Mismatch[] {
  const byId = new Map(log.map((r) => [r.inferenceId.toLowerCase(), r]));
  const out: Mismatch[] = [];
  for (const inf of treeFile.allocation.inferences ?? []) {
    const record = byId.get(inf.inferenceId.toLowerCase());
    if (record === undefined) {
      out.push({ name: "attribution hash mismatch", detail: `inference ${inf.inferenceId} is not in the log` });
    } else if (attributionHash(record) !== inf.attributionHash.toLowerCase()) {
      out.push({
        name: "attribution hash mismatch",
        detail: `inference ${inf.inferenceId}: log ${attributionHash(record)} ≠ file ${inf.attributionHash.toLowerCase()}`,
      });
    }
  }
  return out;
}

/// Reads the chain state that `verifyPosted` checks a tree file against.
export async function readChainState(settlement: Settlement, treeFile: TreeFile): Promise<ChainState> {
  const a = treeFile.allocation;
  const datanetId = BigInt(a.datanetId);
  const provider = settlement.runner?.provider;
  if (provider === undefined || provider === null) throw new OpenLedgerError("the settlement contract has no provider");
  const { chainId } = await provider.getNetwork();
  const [accrued, state] = await Promise.all([settlement.accrued(datanetId), settlement.rootState(datanetId)]);
  const posts = await settlement.queryFilter(settlement.filters.RootPosted(datanetId, BigInt(a.epoch)));
  const vetoes = await settlement.queryFilter(settlement.filters.RootVetoed(datanetId, BigInt(a.epoch)));
  const chain: ChainState = {
    chainId: Number(chainId),
    settlement: await settlement.getAddress(),
    accrued,
    settled: new Map(),
  };
  const post = posts.at(-1);
  if (post !== undefined) {
    chain.posted = {
      root: post.args.root.toLowerCase(),
      cumulativeTotal: post.args.cumulativeTotal,
      readyAt: Number(post.args.readyAt),
      attestor: getAddress(post.args.attestor),
      uri: post.args.uri,
    };
    // A vetoed root gives its epoch back, so an epoch may be posted again after a veto: what counts is the latest
    // post, and a veto of that very post (same root, later in the chain).
    const epoch = BigInt(a.epoch);
    const root = post.args.root.toLowerCase();
    const after = (x: { blockNumber: number; index: number }): boolean =>
      x.blockNumber > post.blockNumber || (x.blockNumber === post.blockNumber && x.index > post.index);
    const vetoed = vetoes.some((v) => v.args.root.toLowerCase() === root && after(v));
    if (vetoed) chain.status = "vetoed";
    else if (state.pendingReadyAt !== 0n && state.lastEpoch === epoch && state.pendingRoot.toLowerCase() === root) {
      chain.status = "pending";
    } else if (state.activeEpoch === epoch && state.activeRoot.toLowerCase() === root) chain.status = "active";
    else chain.status = "superseded";
  }
  if (a.policy === "inference-log" && (a.inferences?.length ?? 0) > 0) {
    const events = await settlement.queryFilter(settlement.filters.InferenceSettled());
    const wanted = new Set((a.inferences ?? []).map((i) => i.inferenceId.toLowerCase()));
    for (const e of events) {
      const id = e.args.inferenceId.toLowerCase();
      if (!wanted.has(id)) continue;
      const list = chain.settled.get(id) ?? [];
      list.push(e.args.attributionHash.toLowerCase());
      chain.settled.set(id, list);
    }
  }
  return chain;
}

// -------------------------------------------------------------------------------------------------
// Claims over many tree files
// -------------------------------------------------------------------------------------------------

/// A tree file and where it was read from.
export interface LoadedTree {
  file: string;
  tree: TreeFile;
}

/// Reads the tree files of `spec` (see `listTreeFiles`), grouped by datanet id, newest epoch first.
export function loadTrees(spec: string): Map<string, LoadedTree[]> {
  const byDatanet = new Map<string, LoadedTree[]>();
  for (const file of listTreeFiles(spec)) {
    const tree = readTreeFile(file);
    const list = byDatanet.get(tree.allocation.datanetId) ?? [];
    list.push({ file, tree });
    byDatanet.set(tree.allocation.datanetId, list);
  }
  for (const list of byDatanet.values()) list.sort((a, b) => b.tree.allocation.epoch - a.tree.allocation.epoch);
  return byDatanet;
}

/// The tree file whose root is `root`, if any.
export function treeForRoot(trees: readonly LoadedTree[], root: string): LoadedTree | undefined {
  const wanted = root.toLowerCase();
  return trees.find((t) => t.tree.root.toLowerCase() === wanted);
}
