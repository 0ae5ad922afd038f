/// The types of the attribution engine: its input records, the index, what `attribute` returns and what `explain`
/// gives. The definitions (tokens, spans, scores, the file format) are in ./index.ts.
import type { InferenceRecord } from "../types.js";
import type { Vocabulary } from "./tokenise.js";

/// One accepted record of a datanet version that a model was trained on.
export interface EngineRecord {
  datanetId: bigint;
  /// The datanet's version that the model's training set names (the record is in it).
  version: number;
  /// The record's content hash, as registered on-chain (32 bytes of hex).
  contentHash: string;
  /// Who contributed it (the address paid for it).
  contributor: string;
  /// The record's text.
  text: string;
}

export interface BuildIndexOptions {
  /// The shortest span (in tokens) that counts, by default for `attribute`.
  k: number;
  /// A background corpus: generic text whose matches explain part of a span (see the scoring rule).
  background?: readonly string[];
}

/// One datanet version the index covers.
export interface IndexedDatanet {
  datanetId: bigint;
  version: number;
  /// How many records of it the index holds.
  records: number;
  /// sha256 of the records' content hashes (32 bytes each) in ascending order, as 0x-hex.
  recordsHash: string;
}

/// The records of an index, packed: record r is the r-th in (datanet id, content hash) order.
export interface RecordTable {
  readonly count: number;
  /// Record r's tokens are `text[starts[r] .. starts[r + 1] − 1)`; its separator is at `starts[r + 1] − 1`.
  readonly starts: Int32Array;
  /// Index into `EngineIndex.datanets` of each record's datanet.
  readonly datanet: Uint32Array;
  /// 32 bytes per record.
  readonly contentHashes: Uint8Array;
  /// 20 bytes per record.
  readonly contributors: Uint8Array;
}

/// A suffix array over token ids.
export interface TokenSuffixArray {
  /// Token ids (1 … V), each document followed by a separator above V.
  readonly text: Int32Array;
  readonly sa: Int32Array;
}

export interface BackgroundIndex extends TokenSuffixArray {
  readonly documents: number;
}

/// What `buildIndex` builds and `deserialiseIndex` reads.
export interface EngineIndex extends TokenSuffixArray {
  readonly tokeniser: string;
  readonly k: number;
  readonly vocabulary: Vocabulary;
  /// The datanet versions covered, by ascending datanet id.
  readonly datanets: readonly IndexedDatanet[];
  readonly records: RecordTable;
  readonly background?: BackgroundIndex;
}

/// One record of the index, unpacked.
export interface IndexedRecord {
  /// Its number in the index.
  index: number;
  datanetId: bigint;
  version: number;
  contentHash: string;
  contributor: string;
}

/// What an epoch says the index must cover: for each datanet, the version its models were trained on and, when known,
/// the content hashes of that version's records.
export interface CoverageExpectation {
  datanets: ReadonlyArray<{ datanetId: bigint; version: number; contentHashes?: readonly string[] }>;
}

export interface AttributeParams {
  inferenceId: string;
  modelId: bigint;
  /// The shortest span that counts (default: the index's k).
  k?: number;
  /// Refuse, with one line, an index that does not cover exactly these datanet versions (and records).
  covers?: CoverageExpectation;
}

/// A record that holds a span, and the weight units it gets from it.
export interface SpanRecord extends IndexedRecord {
  units: bigint;
}

/// One maximal span of the output found in the records.
export interface Span {
  /// Token offsets in the output: tokens `start` to `end − 1`.
  start: number;
  end: number;
  /// The span as it stands in the normalised output.
  text: string;
  /// Its length in tokens (end − start).
  length: number;
  /// How many of its tokens the background explains (its longest sub-span found in the background).
  background: number;
  /// length − background: what the span is worth, in tokens.
  score: number;
  /// The distinct records holding it, in index order, with their units.
  records: SpanRecord[];
}

/// One contributor's weight in one datanet, with the records behind it.
export interface ContributorShare {
  datanetId: bigint;
  account: string;
  weight: bigint;
  /// The records of this contributor (indices in the index) that span units came from.
  records: number[];
}

interface ResultBase {
  inferenceId: string;
  modelId: bigint;
  k: number;
  /// The output's token count.
  tokens: number;
  /// The longest match of any output position in the records (in tokens).
  longestMatch: number;
  spans: Span[];
}

export interface AttributedResult extends ResultBase {
  status: "attributed";
  /// The inference-log record: per datanet (ascending), contributors (ascending address) with positive weights.
  record: InferenceRecord;
  attributionHash: string;
  shares: ContributorShare[];
}

export interface UnattributedResult extends ResultBase {
  status: "unattributed";
  /// Why nothing is credited, in one line.
  reason: string;
}

export type AttributionResult = AttributedResult | UnattributedResult;
