/// The index file: bytes in, bytes out (the layout is in ./index.ts). Reading checks the magic, the format version
/// and the checksum before anything else, then every count and bound, so that a damaged or foreign file is refused
/// with one line and a file that reads is safe to search.
import { sha256 } from "@noble/hashes/sha2.js";
import { OpenLedgerError } from "../../errors/index.js";
import { TOKENISER, Vocabulary } from "./tokenise.js";
import { checkK } from "./build.js";
import type { EngineIndex, IndexedDatanet, RecordTable } from "./types.js";

/// The first 8 bytes of every index file.
export const INDEX_MAGIC = "OLATTIDX";
export const INDEX_FORMAT_VERSION = 1;
/// What the JSON header's `format` says.
export const INDEX_FORMAT = "openledger-attribution-index";
const CHECKSUM_BYTES = 32;
const PREAMBLE_BYTES = 16;

/// An incremental hash: @noble/hashes' sha256 by default; Node's `createHash("sha256")` gives the same digest faster.
export interface Hasher {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

export interface IndexFileOptions {
  /// A sha256 to use instead of @noble/hashes' (the digest must be the same).
  sha256?: () => Hasher;
}

const nobleSha256 = (): Hasher => sha256.create();

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

interface Section {
  name: string;
  offset: number;
  bytes: number;
}

interface Header {
  format: typeof INDEX_FORMAT;
  tokeniser: string;
  k: number;
  records: number;
  tokens: number;
  vocabulary: number;
  datanets: Array<{ datanetId: string; version: number; records: number; recordsHash: string }>;
  background: { documents: number; tokens: number } | null;
  sections: Section[];
}

/// The little-endian bytes of a typed array (a view of it on a little-endian machine).
function bytesOf(array: Int32Array | Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const out = new Uint8Array(array.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < array.length; i++) view.setUint32(4 * i, array[i] >>> 0, true);
  return out;
}

const pad8 = (x: number): number => (x + 7) & ~7;

/// The sections of `index` in file order, with their contents.
function sectionsOf(index: EngineIndex): Array<{ name: string; data: Uint8Array }> {
  const r = index.records;
  const list = [
    { name: "vocabulary", data: new TextEncoder().encode(index.vocabulary.tokens.join("\n")) },
    { name: "starts", data: bytesOf(r.starts) },
    { name: "datanet", data: bytesOf(r.datanet) },
    { name: "contentHashes", data: r.contentHashes },
    { name: "contributors", data: r.contributors },
    { name: "text", data: bytesOf(index.text) },
    { name: "sa", data: bytesOf(index.sa) },
  ];
  if (index.background !== undefined) {
    list.push({ name: "backgroundText", data: bytesOf(index.background.text) });
    list.push({ name: "backgroundSa", data: bytesOf(index.background.sa) });
  }
  return list;
}

/// The index file of `index`, piece by piece (so that a large one is never one buffer): the preamble, the header, the
/// sections, and last the checksum of everything before it.
export function* indexFileChunks(index: EngineIndex, options: IndexFileOptions = {}): Generator<Uint8Array> {
  const sections = sectionsOf(index);
  // The header names every section's offset, which depends on the header's own length: lay it out with the offsets
  // of a header padded to a fixed width, then pad the real one to it.
  const headerOf = (start: number): { header: Header; end: number } => {
    let at = start;
    const placed: Section[] = sections.map((s) => {
      const section = { name: s.name, offset: at, bytes: s.data.length };
      at = pad8(at + s.data.length);
      return section;
    });
    const header: Header = {
      format: INDEX_FORMAT,
      tokeniser: index.tokeniser,
      k: index.k,
      records: index.records.count,
      tokens: index.text.length,
      vocabulary: index.vocabulary.size,
      datanets: index.datanets.map((d) => ({
        datanetId: d.datanetId.toString(10),
        version: d.version,
        records: d.records,
        recordsHash: d.recordsHash,
      })),
      background:
        index.background === undefined
          ? null
          : { documents: index.background.documents, tokens: index.background.text.length },
      sections: placed,
    };
    return { header, end: at };
  };
  // Offsets are at most 16 digits each, so a header laid out for a start 16 bytes per section further is wide enough.
  const draft = new TextEncoder().encode(JSON.stringify(headerOf(0).header));
  const headerBytes = pad8(draft.length + 24 * sections.length + 64);
  const start = PREAMBLE_BYTES + headerBytes;
  const { header } = headerOf(start);
  const json = new TextEncoder().encode(JSON.stringify(header));
  if (json.length > headerBytes) throw new Error(`index header of ${json.length} bytes overflows its ${headerBytes}`);
  const head = new Uint8Array(start).fill(0x20);
  head.set(new TextEncoder().encode(INDEX_MAGIC), 0);
  const view = new DataView(head.buffer);
  view.setUint32(8, INDEX_FORMAT_VERSION, true);
  view.setUint32(12, headerBytes, true);
  head.set(json, PREAMBLE_BYTES);

  const hasher = (options.sha256 ?? nobleSha256)();
  const emit = (chunk: Uint8Array): Uint8Array => {
    hasher.update(chunk);
    return chunk;
  };
  yield emit(head);
  for (const s of sections) {
    yield emit(s.data);
    const gap = pad8(s.data.length) - s.data.length;
    if (gap > 0) yield emit(new Uint8Array(gap));
  }
  yield Uint8Array.from(hasher.digest());
}

/// The index file of `index` as one buffer.
export function serialiseIndex(index: EngineIndex, options: IndexFileOptions = {}): Uint8Array {
  const chunks = [...indexFileChunks(index, options)];
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const fail = (what: string): never => {
  throw new OpenLedgerError(`not a valid attribution index: ${what}`);
};

function int32s(bytes: Uint8Array, s: Section, count: number, unsigned: boolean): Int32Array | Uint32Array {
  if (s.bytes !== 4 * count) fail(`section ${s.name} has ${s.bytes} bytes, not ${4 * count}`);
  const Type = unsigned ? Uint32Array : Int32Array;
  const at = bytes.byteOffset + s.offset;
  if (LITTLE_ENDIAN && at % 4 === 0) return new Type(bytes.buffer as ArrayBuffer, at, count);
  const out = new Type(count);
  const view = new DataView(bytes.buffer, at, s.bytes);
  for (let i = 0; i < count; i++) out[i] = unsigned ? view.getUint32(4 * i, true) : view.getInt32(4 * i, true);
  return out;
}

const isCount = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;

/// Reads an index file. Throws one line for a file that is not an index, of another format version, damaged (its
/// checksum), or inconsistent. The arrays are views of `bytes` where they can be (keep `bytes` unchanged).
export function deserialiseIndex(bytes: Uint8Array, options: IndexFileOptions = {}): EngineIndex {
  if (bytes.length < PREAMBLE_BYTES + CHECKSUM_BYTES) fail(`${bytes.length} bytes is too short`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== INDEX_MAGIC) fail(`it does not start with ${INDEX_MAGIC}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, PREAMBLE_BYTES);
  const version = view.getUint32(8, true);
  if (version !== INDEX_FORMAT_VERSION) {
    throw new OpenLedgerError(
      `the attribution index is of format version ${version}; this reader reads version ${INDEX_FORMAT_VERSION}`,
    );
  }
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  const hasher = (options.sha256 ?? nobleSha256)();
  hasher.update(body);
  const digest = hasher.digest();
  const stored = bytes.subarray(bytes.length - CHECKSUM_BYTES);
  for (let i = 0; i < CHECKSUM_BYTES; i++) {
    if (digest[i] !== stored[i]) {
      throw new OpenLedgerError(
        "the attribution index is corrupted: its sha256 checksum does not match its contents (rebuild or fetch it again)",
      );
    }
  }

  const headerBytes = view.getUint32(12, true);
  if (PREAMBLE_BYTES + headerBytes > body.length) fail(`its header (${headerBytes} bytes) runs past the end`);
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerBytes)),
    ) as Header;
  } catch (err: unknown) {
    return fail(`its header is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (header === null || typeof header !== "object" || header.format !== INDEX_FORMAT)
    fail("its header is not an index header");
  if (header.tokeniser !== TOKENISER) {
    throw new OpenLedgerError(
      `the attribution index was built with tokeniser ${JSON.stringify(header.tokeniser)}; this reader has ${TOKENISER}`,
    );
  }
  const k = checkK(header.k, "the index's k");
  const { records: count, tokens: n, vocabulary: v } = header;
  if (!isCount(count) || count < 1 || !isCount(n) || !isCount(v)) fail("its counts are not counts");
  if (!Array.isArray(header.sections)) fail("its header lists no sections");
  const section = (name: string): Section => {
    const s = header.sections.find((x) => x.name === name);
    if (s === undefined) return fail(`it has no section ${name}`);
    if (
      !isCount(s.offset) ||
      !isCount(s.bytes) ||
      s.offset < PREAMBLE_BYTES + headerBytes ||
      s.offset + s.bytes > body.length
    ) {
      fail(`section ${name} lies outside the file`);
    }
    return s;
  };

  const vocabSection = section("vocabulary");
  const words = new TextDecoder().decode(bytes.subarray(vocabSection.offset, vocabSection.offset + vocabSection.bytes));
  const tokens = v === 0 ? [] : words.split("\n");
  if (tokens.length !== v) fail(`its vocabulary has ${tokens.length} tokens, its header says ${v}`);
  let vocabulary: Vocabulary;
  try {
    vocabulary = new Vocabulary(tokens);
  } catch (err: unknown) {
    return fail(err instanceof Error ? err.message : String(err));
  }

  if (!Array.isArray(header.datanets) || header.datanets.length === 0) fail("it covers no datanet");
  let total = 0;
  const datanets: IndexedDatanet[] = header.datanets.map((d, i) => {
    if (typeof d.datanetId !== "string" || !/^\d+$/.test(d.datanetId)) fail(`datanet ${i} has no id`);
    if (!isCount(d.version) || d.version < 1 || !isCount(d.records))
      fail(`datanet ${d.datanetId} has a bad version or count`);
    if (typeof d.recordsHash !== "string") fail(`datanet ${d.datanetId} has no records hash`);
    total += d.records;
    return { datanetId: BigInt(d.datanetId), version: d.version, records: d.records, recordsHash: d.recordsHash };
  });
  if (total !== count) fail(`its datanets hold ${total} records, its header says ${count}`);
  for (let i = 1; i < datanets.length; i++) {
    if (datanets[i].datanetId <= datanets[i - 1].datanetId) fail("its datanets are not in ascending order");
  }

  const starts = int32s(bytes, section("starts"), count + 1, false) as Int32Array;
  const datanet = int32s(bytes, section("datanet"), count, true) as Uint32Array;
  const hashes = section("contentHashes");
  const people = section("contributors");
  if (hashes.bytes !== 32 * count) fail(`section contentHashes has ${hashes.bytes} bytes, not ${32 * count}`);
  if (people.bytes !== 20 * count) fail(`section contributors has ${people.bytes} bytes, not ${20 * count}`);
  const text = int32s(bytes, section("text"), n, false) as Int32Array;
  const sa = int32s(bytes, section("sa"), n, false) as Int32Array;

  // Bounds, so that searching never reads outside the arrays: the records tile the text, each ends with its own
  // separator, tokens are vocabulary ids, and the suffix array holds positions of the text.
  if (starts[0] !== 0 || starts[count] !== n) fail("its record starts do not tile the text");
  for (let r = 0; r < count; r++) {
    if (!(starts[r] < starts[r + 1])) fail(`record ${r} has no separator`);
    if (text[starts[r + 1] - 1] !== v + 1 + r) fail(`record ${r} does not end with its separator`);
    const d = datanet[r];
    if (d >= datanets.length) fail(`record ${r} names datanet ${d} of ${datanets.length}`);
  }
  for (let d = 0, r = 0; d < datanets.length; d++) {
    for (const end = r + datanets[d].records; r < end; r++)
      if (datanet[r] !== d) fail(`record ${r} is out of datanet order`);
  }
  for (let i = 0; i < n; i++) {
    const t = text[i];
    if (t < 1 || t > v + count) fail(`token ${i} is ${t}, outside 1 … ${v + count}`);
    const p = sa[i];
    if (p < 0 || p >= n) fail(`suffix array entry ${i} is ${p}, outside the text`);
  }

  const records: RecordTable = {
    count,
    starts,
    datanet,
    contentHashes: bytes.subarray(hashes.offset, hashes.offset + hashes.bytes),
    contributors: bytes.subarray(people.offset, people.offset + people.bytes),
  };
  const index: EngineIndex = { tokeniser: TOKENISER, k, vocabulary, datanets, records, text, sa };
  if (header.background === null || header.background === undefined) return index;
  const { documents, tokens: bn } = header.background;
  if (!isCount(documents) || !isCount(bn)) fail("its background counts are not counts");
  const bText = int32s(bytes, section("backgroundText"), bn, false) as Int32Array;
  const bSa = int32s(bytes, section("backgroundSa"), bn, false) as Int32Array;
  for (let i = 0; i < bn; i++) {
    const t = bText[i];
    if (t < 1 || t > v + documents) fail(`background token ${i} is ${t}, outside 1 … ${v + documents}`);
    if (bSa[i] < 0 || bSa[i] >= bn) fail(`background suffix array entry ${i} is outside its text`);
  }
  if (bn > 0 && bText[bn - 1] <= v) fail("the background does not end with a separator");
  return { ...index, background: { text: bText, sa: bSa, documents } };
}
