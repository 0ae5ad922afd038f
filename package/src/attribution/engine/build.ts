/// buildIndex: the records of the datanet versions a model was trained on, tokenised, concatenated with a separator
/// after each, and their suffix array; the record table; and what the index covers, checked against an epoch.
import { sha256 } from "@noble/hashes/sha2.js";
import { OpenLedgerError } from "../../errors/index.js";
import { checksumAddress, parseHexInto, toHex, writeAddress } from "../merkle.js";
import { parseAddress, parseHex32 } from "../values.js";
import { suffixArray } from "./sais.js";
import { IntList, TOKENISER, Vocabulary, forEachToken, normaliseText, tokeniseCorpus } from "./tokenise.js";
import type {
  BackgroundIndex,
  BuildIndexOptions,
  CoverageExpectation,
  EngineIndex,
  EngineRecord,
  IndexedDatanet,
  IndexedRecord,
  RecordTable,
} from "./types.js";

/// The largest k (a span of more tokens than this is rare enough that nothing would be attributed).
export const MAX_K = 1 << 16;

/// A record after its fields were checked: its content hash as bytes, its contributor's bytes.
interface Checked {
  datanetId: bigint;
  version: number;
  hash: string;
  contributor: string;
  text: string;
}

export function checkK(k: unknown, what = "k"): number {
  if (typeof k !== "number" || !Number.isSafeInteger(k) || k < 1 || k > MAX_K) {
    throw new OpenLedgerError(`${what} must be an integer from 1 to ${MAX_K}, got ${String(k)}`);
  }
  return k;
}

/// Checks every record, and returns them in index order: by datanet id, then content hash.
function checkRecords(records: readonly EngineRecord[]): Checked[] {
  const addresses = new Map<string, string>();
  const checked = records.map((r, i): Checked => {
    const where = `record ${i}`;
    if (typeof r.datanetId !== "bigint" || r.datanetId < 0n) {
      throw new OpenLedgerError(`${where}: datanetId must be a non-negative bigint, got ${String(r.datanetId)}`);
    }
    if (!Number.isSafeInteger(r.version) || r.version < 1) {
      throw new OpenLedgerError(`${where} (datanet ${r.datanetId}): version must be an integer ≥ 1, got ${r.version}`);
    }
    if (typeof r.text !== "string") throw new OpenLedgerError(`${where}: text must be a string`);
    let contributor = addresses.get(r.contributor);
    if (contributor === undefined) {
      contributor = parseAddress(`${where}: contributor`, r.contributor);
      addresses.set(r.contributor, contributor);
    }
    return {
      datanetId: r.datanetId,
      version: r.version,
      hash: parseHex32(r.contentHash, `${where}: contentHash`),
      contributor,
      text: r.text,
    };
  });
  checked.sort((a, b) =>
    a.datanetId < b.datanetId ? -1 : a.datanetId > b.datanetId ? 1 : a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0,
  );
  for (let i = 1; i < checked.length; i++) {
    const [a, b] = [checked[i - 1], checked[i]];
    if (a.datanetId !== b.datanetId) continue;
    if (a.hash === b.hash) throw new OpenLedgerError(`datanet ${a.datanetId}: record ${a.hash} is given twice`);
    if (a.version !== b.version) {
      throw new OpenLedgerError(
        `datanet ${a.datanetId}: records of versions ${Math.min(a.version, b.version)} and ${Math.max(a.version, b.version)}; ` +
          `an index covers one version of each datanet (the one the model was trained on)`,
      );
    }
  }
  return checked;
}

/// sha256 of 32-byte hashes (in the order given), as 0x-hex.
function hashesDigest(hashes: Uint8Array): string {
  return toHex(sha256(hashes));
}

/// Builds the index of `records`: the records of the datanet versions one model was trained on (at most one version
/// per datanet, every content hash once per datanet), in any order. Throws a one-line OpenLedgerError on bad input.
export function buildIndex(records: readonly EngineRecord[], options: BuildIndexOptions): EngineIndex {
  const k = checkK(options.k);
  const checked = checkRecords(records);
  const count = checked.length;
  if (count === 0) throw new OpenLedgerError("no records to index");

  // The datanets covered, and the packed record table.
  const datanets: IndexedDatanet[] = [];
  const datanet = new Uint32Array(count);
  const contentHashes = new Uint8Array(32 * count);
  const contributors = new Uint8Array(20 * count);
  for (let r = 0; r < count; r++) {
    const c = checked[r];
    if (datanets.length === 0 || datanets[datanets.length - 1].datanetId !== c.datanetId) {
      datanets.push({ datanetId: c.datanetId, version: c.version, records: 0, recordsHash: "" });
    }
    const d = datanets[datanets.length - 1];
    d.records++;
    datanet[r] = datanets.length - 1;
    parseHexInto(c.hash, 32, contentHashes, 32 * r);
    writeAddress(c.contributor, contributors, 20 * r);
  }
  for (let d = 0, from = 0; d < datanets.length; d++) {
    const to = from + datanets[d].records;
    datanets[d].recordsHash = hashesDigest(contentHashes.subarray(32 * from, 32 * to));
    from = to;
  }

  // The text: each record's token ids, then its own separator V + 1 + r (above every token id), in one array sized
  // from the tokens per character of the first records, so that it is rarely grown or trimmed.
  const texts = checked.map((c) => c.text);
  let chars = 0;
  for (const t of texts) chars += t.length;
  let sampleChars = 0;
  let sampleTokens = 0;
  for (let r = 0; r < Math.min(count, 512); r++) {
    const normalised = normaliseText(texts[r]);
    sampleChars += texts[r].length;
    forEachToken(normalised, () => sampleTokens++);
  }
  const perChar = sampleChars === 0 ? 0.25 : sampleTokens / sampleChars;
  const corpus = tokeniseCorpus(texts, Math.ceil(chars * perChar * 1.02) + count + 1024);
  const vocabulary = new Vocabulary(corpus.tokens);
  const v = vocabulary.size;
  const { ids: text, starts } = corpus;
  if (v + count >= 0x7ffffffe || text.length >= 0x7fffffff) {
    throw new OpenLedgerError(`${text.length} tokens (${v} distinct) in ${count} records are too many for one index`);
  }
  const sa = suffixArray(text, v + count);

  const table: RecordTable = { count, starts, datanet, contentHashes, contributors };
  const index: EngineIndex = { tokeniser: TOKENISER, k, vocabulary, datanets, records: table, text, sa };
  if (options.background !== undefined) {
    return { ...index, background: buildBackground(vocabulary, options.background) };
  }
  return index;
}

/// The background's suffix array, over the records' vocabulary: a token the records do not have, and the end of
/// each document, is document d's own separator V + 1 + d, which no output token matches.
function buildBackground(vocabulary: Vocabulary, documents: readonly string[]): BackgroundIndex {
  const v = vocabulary.size;
  if (v + documents.length >= 0x7ffffffe) throw new OpenLedgerError(`too many background documents`);
  const list = new IntList(1024);
  documents.forEach((doc, d) => {
    if (typeof doc !== "string") throw new OpenLedgerError(`background document ${d} is not a string`);
    const separator = v + 1 + d;
    forEachToken(normaliseText(doc), (t) => list.push(vocabulary.idOf(t) || separator));
    list.push(separator);
  });
  const text = list.toArray();
  return { text, sa: suffixArray(text, v + documents.length), documents: documents.length };
}

// -------------------------------------------------------------------------------------------------
// Records and coverage
// -------------------------------------------------------------------------------------------------

/// The record that text position `position` belongs to.
export function recordAt(table: RecordTable, position: number): number {
  const { starts } = table;
  let lo = 0;
  let hi = table.count;
  // The last r with starts[r] ≤ position.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= position) lo = mid;
    else hi = mid;
  }
  return lo;
}

/// Record r of the index, unpacked.
export function recordOf(index: EngineIndex, r: number): IndexedRecord {
  const { records } = index;
  if (!Number.isSafeInteger(r) || r < 0 || r >= records.count) {
    throw new OpenLedgerError(`the index has no record ${r} (it holds ${records.count})`);
  }
  const d = index.datanets[records.datanet[r]];
  return {
    index: r,
    datanetId: d.datanetId,
    version: d.version,
    contentHash: toHex(records.contentHashes, 32 * r, 32),
    contributor: checksumAddress(records.contributors, 20 * r),
  };
}

/// Why the index does not cover what `expected` names, in one line, or undefined when it does: the same datanets at
/// the same versions, and, where the expectation lists content hashes, exactly those records.
export function coverageProblem(index: EngineIndex, expected: CoverageExpectation): string | undefined {
  const have = index.datanets.map((d) => `datanet ${d.datanetId} version ${d.version}`).join(", ");
  const wanted = [...expected.datanets].sort((a, b) =>
    a.datanetId < b.datanetId ? -1 : a.datanetId > b.datanetId ? 1 : 0,
  );
  const want = wanted.map((d) => `datanet ${d.datanetId} version ${d.version}`).join(", ");
  const ok =
    wanted.length === index.datanets.length &&
    wanted.every((d, i) => d.datanetId === index.datanets[i].datanetId && d.version === index.datanets[i].version);
  if (!ok) return `the index covers ${have || "nothing"}, but the epoch names ${want || "nothing"}`;
  let from = 0;
  for (let i = 0; i < wanted.length; i++) {
    const d = index.datanets[i];
    const to = from + d.records;
    const hashes = wanted[i].contentHashes;
    if (hashes !== undefined) {
      const expectedSet = new Set(hashes.map((h) => parseHex32(h, `datanet ${d.datanetId}: content hash`)));
      const held = new Set<string>();
      for (let r = from; r < to; r++) held.add(toHex(index.records.contentHashes, 32 * r, 32));
      const missing = [...expectedSet].filter((h) => !held.has(h)).sort();
      const extra = [...held].filter((h) => !expectedSet.has(h)).sort();
      if (missing.length > 0 || extra.length > 0) {
        const parts: string[] = [];
        if (missing.length > 0)
          parts.push(`lacks ${missing.length} of its records (${missing[0]}${missing.length > 1 ? ", …" : ""})`);
        if (extra.length > 0)
          parts.push(`holds ${extra.length} records not in it (${extra[0]}${extra.length > 1 ? ", …" : ""})`);
        return (
          `the index was built on other records than datanet ${d.datanetId} version ${d.version}: ` +
          `it ${parts.join(" and ")}`
        );
      }
    }
    from = to;
  }
  return undefined;
}

/// Throws the one line of `coverageProblem` when there is one.
export function assertCoverage(index: EngineIndex, expected: CoverageExpectation): void {
  const problem = coverageProblem(index, expected);
  if (problem !== undefined) throw new OpenLedgerError(problem);
}
