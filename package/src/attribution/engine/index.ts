/// The attribution engine: span matching of an inference's output against the records of the datanet versions its
/// model was trained on, over a suffix array of the records' tokens (in the style of Infini-gram). Pure (no file
/// system, no network); `writeIndexFile` / `readIndexFile` of `@openledger/contracts/node` put an index on disk.
///
/// ```ts
/// const index = buildIndex(records, { k: 8, background });
/// const result = attribute(index, output, { inferenceId, modelId });
/// if (result.status === "attributed") log.push(formatInferenceRecord(result.record)); // settle with result.attributionHash
/// console.log(explain(result).text);
/// ```
///
/// ## Tokens
///
/// A text is NFC-normalised, lowercased with Unicode's default case mapping (the same in every locale) and NFC-normalised
/// again; its tokens are, left to right, the matches of `[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}\s]`: runs of letters,
/// combining marks and digits (words), and every other character that is not white space on its own (punctuation,
/// symbols). White space only separates. `tokenise("Don't panic!")` is `don ' t panic !`. The tokeniser is named
/// `nfc-lower-words/1` in every index, and an index is only read under the same name.
///
/// The vocabulary is the distinct tokens of the indexed records, sorted by UTF-16 code units and numbered from 1; a
/// token of an output or of the background that no record has gets no id and matches nothing.
///
/// ## The index
///
/// Records are put in (datanet id, content hash) order, whatever order they are given in, so the same records always
/// give the same index. Its text is record 0's token ids, separator V + 1, record 1's ids, separator V + 2, … (V the
/// vocabulary's size): every record ends with a separator of its own, above every token id, so that no match runs
/// across two records. Its suffix array is built by SA-IS (./sais.ts, O(n)). An index covers one version of each of
/// its datanets, and records per datanet the version, the record count and sha256 of the records' content hashes in
/// ascending order; `coverageProblem` / `attribute(…, { covers })` refuse, in one line, an index built on other
/// datanet versions or other records than an epoch names. The background corpus, when given, is indexed the same way
/// over the records' vocabulary, each document ending with its own separator (a token the records lack counts as one).
///
/// ## Spans
///
/// For each token position i of the output, L(i) is the length of the longest run of output tokens starting at i that
/// occurs, contiguous, in some record (found by narrowing the suffix-array interval one token at a time with two binary
/// searches). Since L(i − 1) ≤ L(i) + 1, the run at i lies inside the run at i − 1 exactly when L(i − 1) = L(i) + 1.
/// A **maximal span** is a run [i, i + L(i)) with L(i) ≥ k that does not lie inside the run at i − 1: it can be
/// extended neither to the right (L(i) is the longest) nor to the left. Maximal spans may overlap; each counts.
///
/// ## Scoring
///
/// A span of L tokens is worth `L − B` tokens, where B is what the background explains: the length of the longest run
/// of the span's tokens that occurs in the background (0 without one). It is worth `(L − B) · WEIGHT_SCALE` weight
/// units (WEIGHT_SCALE = 232,792,560 = lcm(1 … 20)), shared equally among the m distinct records that hold the whole
/// span: each gets ⌊units / m⌋, and the first `units mod m` of them in index order one unit more, so the parts add up
/// to the units exactly. A contributor's weight in a datanet is the sum of the units of its records there. The
/// inference-log record lists, per datanet in ascending id order, the contributors with a positive weight in ascending
/// address order (the form `inferenceLogAllocation` reads and `attributionHash` hashes). An output with no span of k or
/// more tokens, or whose every span the background explains, is "unattributed", with the reason in one line.
///
/// ## Index file (format version 1, little-endian)
///
/// ```
/// 0    "OLATTIDX"                          magic, 8 bytes
/// 8    u32 format version (1)
/// 12   u32 H: the header's byte length (a multiple of 8)
/// 16   header: JSON, padded with spaces: { format: "openledger-attribution-index", tokeniser, k, records, tokens,
///      vocabulary, datanets: [{ datanetId, version, records, recordsHash }], background: { documents, tokens } | null,
///      sections: [{ name, offset, bytes }] }
/// 16+H sections, each at an offset that is a multiple of 8 (zero padding between): vocabulary (UTF-8 tokens joined
///      by "\n"), starts (i32 × records + 1), datanet (u32 × records), contentHashes (32 B × records), contributors
///      (20 B × records), text (i32 × tokens), sa (i32 × tokens), then backgroundText and backgroundSa (i32 each)
/// end  sha256 of every byte before it (32 bytes)
/// ```
///
/// Reading checks the magic, the version and the checksum first (a damaged file: one line), then every count and
/// bound (record starts, separators, token ids and suffix-array entries in range), so a file that reads is safe to
/// search.
export { attribute, longestMatch, matchingStatistics, WEIGHT_SCALE } from "./attribute.js";
export type { Match } from "./attribute.js";
export { assertCoverage, buildIndex, coverageProblem, MAX_K, recordAt, recordOf } from "./build.js";
export { explain } from "./explain.js";
export type { ExplainedContributor, ExplainedRecord, ExplainedSpan, Explanation } from "./explain.js";
export {
  deserialiseIndex,
  INDEX_FORMAT,
  INDEX_FORMAT_VERSION,
  INDEX_MAGIC,
  indexFileChunks,
  serialiseIndex,
} from "./format.js";
export type { Hasher, IndexFileOptions } from "./format.js";
export { lcpArray, suffixArray } from "./sais.js";
export type { IntText } from "./sais.js";
export { normaliseText, tokenise, TOKENISER, Vocabulary } from "./tokenise.js";
export type { TokenisedText } from "./tokenise.js";
export type * from "./types.js";
export {
  BACKOFF_ALPHA,
  deserialiseNgram,
  generateNgram,
  MAX_ORDER,
  NGRAM_FORMAT,
  NGRAM_FORMAT_VERSION,
  ngramScore,
  ngramWeightsHash,
  serialiseNgram,
  trainNgram,
} from "./ngram.js";
export type { GenerateOptions, NgramModel, TrainNgramOptions } from "./ngram.js";
