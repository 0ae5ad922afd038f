/// attribute: the maximal spans of an output found in the records, each worth its length less what the background
/// explains, shared equally among the records that hold it; the contributors' weights as an inference-log record and
/// its attribution hash (the definitions are in ./index.ts).
import { OpenLedgerError } from "../../errors/index.js";
import { attributionHash } from "../inference-log.js";
import { compareAddresses, parseHex32 } from "../values.js";
import type { InferenceRecord } from "../types.js";
import { assertCoverage, checkK, recordAt, recordOf } from "./build.js";
import type {
  AttributeParams,
  AttributionResult,
  ContributorShare,
  EngineIndex,
  Span,
  SpanRecord,
  TokenSuffixArray,
} from "./types.js";

/// The weight units one span token is worth: lcm(1, …, 20), so that a span shared by up to 20 records (or any
/// divisor of this) splits exactly equally.
export const WEIGHT_SCALE = 232_792_560n;

/// The longest prefix of `pattern[from ..]` that occurs in `index` and the suffix-array interval [lo, hi) of its
/// occurrences. The pattern holds token ids (0 stops the match: a token the records do not have).
export interface Match {
  length: number;
  lo: number;
  hi: number;
}

/// The longest match of `pattern[from .. to)` in the suffix array: the interval of the suffixes that start with its
/// first d tokens is narrowed one token at a time by two binary searches, and once a single suffix is left, followed
/// token by token.
export function longestMatch(index: TokenSuffixArray, pattern: Int32Array, from: number, to = pattern.length): Match {
  const { text, sa } = index;
  const n = text.length;
  if (from >= to || pattern[from] <= 0) return { length: 0, lo: 0, hi: 0 };
  // The suffixes that start with the first token, from the table of first tokens.
  const first = firstTokens(index);
  const c0 = pattern[from];
  if (c0 + 1 >= first.length) return { length: 0, lo: 0, hi: 0 };
  let lo = first[c0];
  let hi = first[c0 + 1];
  if (lo === hi) return { length: 0, lo: 0, hi: 0 };
  let d = 1;
  while (from + d < to) {
    const c = pattern[from + d];
    if (c === 0) break;
    if (hi - lo === 1) {
      // One suffix left: follow it.
      const p = sa[lo] + d;
      if (p < n && text[p] === c) {
        d++;
        continue;
      }
      break;
    }
    // The first suffix in [lo, hi) whose token at depth d is ≥ c, then the first one whose token is > c. Every
    // suffix here has d tokens before depth d (none of them a separator), and the last token of the text is a
    // separator, so sa[j] + d < n.
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (text[sa[mid] + d] < c) a = mid + 1;
      else b = mid;
    }
    const start = a;
    b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (text[sa[mid] + d] <= c) a = mid + 1;
      else b = mid;
    }
    if (start === a) break;
    lo = start;
    hi = a;
    d++;
  }
  return { length: d, lo, hi };
}

/// Per suffix array, where the suffixes starting with each symbol begin: the suffixes that start with c are
/// sa[first[c] .. first[c + 1]). Counted once per array, in O(n).
const FIRST_TOKENS = new WeakMap<Int32Array, Int32Array>();

function firstTokens(index: TokenSuffixArray): Int32Array {
  let first = FIRST_TOKENS.get(index.sa);
  if (first !== undefined) return first;
  const { text } = index;
  let max = 0;
  for (let i = 0; i < text.length; i++) if (text[i] > max) max = text[i];
  first = new Int32Array(max + 2);
  for (let i = 0; i < text.length; i++) first[text[i] + 1]++;
  for (let c = 1; c < first.length; c++) first[c] += first[c - 1];
  FIRST_TOKENS.set(index.sa, first);
  return first;
}

/// The matching statistics of `pattern` in `index`: at each position, the length of the longest match starting there.
export function matchingStatistics(index: TokenSuffixArray, pattern: Int32Array): Int32Array {
  const out = new Int32Array(pattern.length);
  for (let i = 0; i < pattern.length; i++) out[i] = longestMatch(index, pattern, i).length;
  return out;
}

function checkParams(index: EngineIndex, params: AttributeParams): { inferenceId: string; k: number } {
  const inferenceId = parseHex32(params.inferenceId, "inferenceId");
  if (typeof params.modelId !== "bigint" || params.modelId < 0n) {
    throw new OpenLedgerError(`modelId must be a non-negative bigint, got ${String(params.modelId)}`);
  }
  const k = params.k === undefined ? index.k : checkK(params.k);
  if (params.covers !== undefined) assertCoverage(index, params.covers);
  return { inferenceId, k };
}

/// Attributes `output` (an inference's text) to the records of `index`; see ./index.ts for the definitions. The
/// result is the same for the same index, output and parameters, on any machine.
export function attribute(index: EngineIndex, output: string, params: AttributeParams): AttributionResult {
  if (typeof output !== "string") throw new OpenLedgerError("the output must be a string");
  const { inferenceId, k } = checkParams(index, params);
  const { modelId } = params;
  const encoded = index.vocabulary.encode(output);
  const ids = encoded.ids;
  const tokens = ids.length;

  // The longest match at every start; a start begins a maximal span when it is not inside the previous start's.
  const matches: Match[] = [];
  let longest = 0;
  for (let i = 0; i < tokens; i++) {
    const m = longestMatch(index, ids, i);
    matches.push(m);
    if (m.length > longest) longest = m.length;
  }
  const bg = index.background === undefined ? undefined : matchingStatistics(index.background, ids);

  const spans: Span[] = [];
  for (let i = 0; i < tokens; i++) {
    const m = matches[i];
    if (m.length < k) continue;
    if (i > 0 && matches[i - 1].length > m.length) continue; // contained in the span that starts at i − 1
    const end = i + m.length;
    let background = 0;
    if (bg !== undefined) {
      for (let j = i; j < end; j++) background = Math.max(background, Math.min(bg[j], end - j));
    }
    const score = m.length - background;
    // The distinct records that hold the span, in index order.
    const held = new Set<number>();
    for (let j = m.lo; j < m.hi; j++) held.add(recordAt(index.records, index.sa[j]));
    const order = [...held].sort((a, b) => a - b);
    const units = BigInt(score) * WEIGHT_SCALE;
    const count = BigInt(order.length);
    const each = units / count;
    const rest = Number(units % count);
    const records: SpanRecord[] = order.map((r, x) => ({
      ...recordOf(index, r),
      units: each + (x < rest ? 1n : 0n),
    }));
    spans.push({
      start: i,
      end,
      text: encoded.normalised.slice(encoded.offsets[2 * i], encoded.offsets[2 * end - 1]),
      length: m.length,
      background,
      score,
      records,
    });
  }

  const base = { inferenceId, modelId, k, tokens, longestMatch: longest, spans };
  if (spans.length === 0) {
    const reason =
      tokens < k
        ? `the output has ${tokens} ${tokens === 1 ? "token" : "tokens"}, fewer than k = ${k}`
        : `no span of ${k} or more tokens of the output is in the records (the longest match is ${longest} ${longest === 1 ? "token" : "tokens"})`;
    return { ...base, status: "unattributed", reason };
  }

  // The contributors' weights per datanet: the sum of their records' units.
  const shares = new Map<string, ContributorShare>();
  const behind = new Map<string, Set<number>>();
  for (const span of spans) {
    for (const r of span.records) {
      if (r.units === 0n) continue;
      const key = `${r.datanetId}:${r.contributor}`;
      let share = shares.get(key);
      if (share === undefined) {
        share = { datanetId: r.datanetId, account: r.contributor, weight: 0n, records: [] };
        shares.set(key, share);
        behind.set(key, new Set());
      }
      share.weight += r.units;
      const seen = behind.get(key)!;
      if (!seen.has(r.index)) {
        seen.add(r.index);
        share.records.push(r.index);
      }
    }
  }
  if (shares.size === 0) {
    return {
      ...base,
      status: "unattributed",
      reason: `the background explains every span of ${k} or more tokens (${spans.length} ${spans.length === 1 ? "span" : "spans"})`,
    };
  }
  const list = [...shares.values()].sort((a, b) =>
    a.datanetId < b.datanetId ? -1 : a.datanetId > b.datanetId ? 1 : compareAddresses(a.account, b.account),
  );
  for (const s of list) s.records.sort((a, b) => a - b);
  const datanets: InferenceRecord["datanets"] = [];
  for (const s of list) {
    if (datanets.length === 0 || datanets[datanets.length - 1].datanetId !== s.datanetId) {
      datanets.push({ datanetId: s.datanetId, contributors: [] });
    }
    datanets[datanets.length - 1].contributors.push({ account: s.account, weight: s.weight });
  }
  const record: InferenceRecord = { inferenceId, modelId, datanets };
  return { ...base, status: "attributed", record, attributionHash: attributionHash(record), shares: list };
}
