/// A small token n-gram language model with backoff, over the engine's tokens (`nfc-lower-words/1`): trained on the
/// texts of a datanet version's records, its weights are a canonical JSON file whose keccak256 is the hash a model
/// version registers (`model:version`), and it generates text from a seed, the same on every machine. A fine-tuned
/// child adds the counts of a second corpus to its parent's, and names its parent's weights hash.
///
/// ## Counts
///
/// Every text is tokenised and framed as `<s>` … `<s>` (order − 1 of them) before its tokens and `</s>` after: for each
/// token position and each context length c from 0 to order − 1, the count of (the c tokens before, the token) is
/// incremented. Texts are counted in the order given, but counts are sums, so any order gives the same model.
///
/// ## Scores (stupid backoff)
///
/// `score(w | h) = count(h, w) / count(h)` when (h, w) was seen, else `ALPHA · score(w | h minus its first token)`,
/// down to the unigram `count(w) / N`; ALPHA = 2/5. Scores are not normalised probabilities: they rank.
///
/// ## Generation
///
/// From the longest context (at most order − 1 tokens) that has any continuation, the next token is drawn with
/// probability count(h, w) / count(h), continuations in code-unit order, by a 32-bit xorshift* generator seeded by
/// the seed; `</s>` or `maxTokens` ends the text.
///
/// ## Weights file
///
/// `{ format: "openledger-ngram", version: 1, tokeniser, order, parent: <weights hash> | null, texts, tokens, counts }`
/// with `counts` an array of `[context, [[token, count], …]]`, contexts and tokens joined by a space, both in code-unit
/// order (keys sorted), written without white space: the same counts give the same bytes, hence the same hash.
import { keccak256, toUtf8Bytes } from "ethers";
import { OpenLedgerError } from "../../errors/index.js";
import { tokenise, TOKENISER } from "./tokenise.js";

export const NGRAM_FORMAT = "openledger-ngram";
export const NGRAM_FORMAT_VERSION = 1;
export const BOS = "<s>";
export const EOS = "</s>";
export const BACKOFF_ALPHA = 0.4;
export const MAX_ORDER = 8;

/// A trained model: for each context (tokens joined by a space; "" for none), its continuations and their counts.
export interface NgramModel {
  readonly order: number;
  /// The weights hash of the model it was fine-tuned from, or null.
  readonly parent: string | null;
  /// How many texts, and tokens (without the frame), it was trained on, its parent's included.
  readonly texts: number;
  readonly tokens: number;
  readonly counts: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface TrainNgramOptions {
  /// n: the longest n-gram counted (2 to MAX_ORDER); a child's must be its parent's.
  order?: number;
  /// Fine-tune: start from this model's counts.
  parent?: NgramModel;
}

export interface GenerateOptions {
  /// Any integer or string: the same seed gives the same text.
  seed: number | string;
  /// The most tokens generated (default 64).
  maxTokens?: number;
  /// Text to continue (its tokens are the first context; they are not repeated in the result).
  prompt?: string;
}

const key = (tokens: readonly string[]): string => tokens.join(" ");
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/// Trains a model on `texts` (and on top of `options.parent`'s counts).
export function trainNgram(texts: readonly string[], options: TrainNgramOptions = {}): NgramModel {
  const parent = options.parent;
  const order = options.order ?? parent?.order ?? 3;
  if (!Number.isInteger(order) || order < 2 || order > MAX_ORDER) {
    throw new OpenLedgerError(`the order of an n-gram model is 2 to ${MAX_ORDER}, not ${order}`);
  }
  if (parent !== undefined && parent.order !== order) {
    throw new OpenLedgerError(`a fine-tuned model keeps its parent's order ${parent.order}, not ${order}`);
  }
  const counts = new Map<string, Map<string, number>>();
  if (parent !== undefined) for (const [h, next] of parent.counts) counts.set(h, new Map(next));
  let tokens = parent?.tokens ?? 0;
  for (const text of texts) {
    const words = tokenise(text);
    tokens += words.length;
    const framed = [...Array<string>(order - 1).fill(BOS), ...words, EOS];
    for (let i = order - 1; i < framed.length; i++) {
      for (let c = 0; c < order; c++) {
        const h = key(framed.slice(i - c, i));
        let next = counts.get(h);
        if (next === undefined) counts.set(h, (next = new Map()));
        next.set(framed[i], (next.get(framed[i]) ?? 0) + 1);
      }
    }
  }
  return {
    order,
    parent: parent === undefined ? null : ngramWeightsHash(parent),
    texts: (parent?.texts ?? 0) + texts.length,
    tokens,
    counts,
  };
}

const total = (next: ReadonlyMap<string, number>): number => {
  let sum = 0;
  for (const n of next.values()) sum += n;
  return sum;
};

/// The stupid-backoff score of `token` after the tokens of `context` (see the module header); 0 for a token never seen.
export function ngramScore(model: NgramModel, context: readonly string[], token: string): number {
  const h = context.slice(Math.max(0, context.length - (model.order - 1)));
  let factor = 1;
  for (let start = 0; start <= h.length; start++) {
    const next = model.counts.get(key(h.slice(start)));
    const n = next?.get(token);
    if (next !== undefined && n !== undefined) return (factor * n) / total(next);
    factor *= BACKOFF_ALPHA;
  }
  return 0;
}

/// xorshift32 with a multiplier on output, seeded by FNV-1a of the seed's text (never 0).
function generator(seed: number | string): () => number {
  let s = 0x811c9dc5;
  for (const ch of String(seed)) s = Math.imul(s ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  if (s === 0) s = 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (Math.imul(s, 0x2545f491) >>> 0) / 0x1_0000_0000;
  };
}

/// Generates up to `maxTokens` tokens (see the module header), joined by a space; the same model and seed give the
/// same text.
export function generateNgram(model: NgramModel, options: GenerateOptions): string {
  const maxTokens = options.maxTokens ?? 64;
  if (!Number.isInteger(maxTokens) || maxTokens < 1)
    throw new OpenLedgerError(`maxTokens must be 1 or more, not ${maxTokens}`);
  const random = generator(options.seed);
  const history = [...Array<string>(model.order - 1).fill(BOS), ...tokenise(options.prompt ?? "")];
  const out: string[] = [];
  while (out.length < maxTokens) {
    let next: ReadonlyMap<string, number> | undefined;
    for (let c = model.order - 1; c >= 0 && next === undefined; c--) {
      const found = model.counts.get(key(history.slice(history.length - c)));
      if (found !== undefined && found.size > 0) next = found;
    }
    if (next === undefined) break; // an untrained model
    const candidates = [...next.keys()].sort(byCodeUnit);
    let target = random() * total(next);
    let token = candidates[candidates.length - 1];
    for (const t of candidates) {
      target -= next.get(t)!;
      if (target < 0) {
        token = t;
        break;
      }
    }
    if (token === EOS) break;
    out.push(token);
    history.push(token);
  }
  return out.join(" ");
}

/// The weights file's text (canonical; see the module header).
export function serialiseNgram(model: NgramModel): string {
  const counts = [...model.counts.keys()].sort(byCodeUnit).map((h) => {
    const next = model.counts.get(h)!;
    return [h, [...next.keys()].sort(byCodeUnit).map((t) => [t, next.get(t)!])];
  });
  return JSON.stringify({
    format: NGRAM_FORMAT,
    version: NGRAM_FORMAT_VERSION,
    tokeniser: TOKENISER,
    order: model.order,
    parent: model.parent,
    texts: model.texts,
    tokens: model.tokens,
    counts,
  });
}

/// keccak256 of the weights file's UTF-8 bytes: the weights hash a model version registers.
export function ngramWeightsHash(model: NgramModel): string {
  return keccak256(toUtf8Bytes(serialiseNgram(model)));
}

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n > 0;

/// Reads a weights file's text, checking its format; every failure is one line naming `source`.
export function deserialiseNgram(text: string, source = "the weights file"): NgramModel {
  const fail = (why: string): never => {
    throw new OpenLedgerError(`${source}: ${why}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail("not JSON");
  }
  const o = parsed as Record<string, unknown>;
  if (typeof o !== "object" || o === null || o.format !== NGRAM_FORMAT) return fail(`not an ${NGRAM_FORMAT} file`);
  if (o.version !== NGRAM_FORMAT_VERSION)
    return fail(`format version ${String(o.version)}, not ${NGRAM_FORMAT_VERSION}`);
  if (o.tokeniser !== TOKENISER) return fail(`tokeniser ${String(o.tokeniser)}, not ${TOKENISER}`);
  const order = o.order;
  if (typeof order !== "number" || !Number.isInteger(order) || order < 2 || order > MAX_ORDER) return fail("bad order");
  if (o.parent !== null && (typeof o.parent !== "string" || !/^0x[0-9a-f]{64}$/.test(o.parent)))
    return fail("bad parent");
  if (!isCount(o.texts) && o.texts !== 0) return fail("bad texts count");
  if (!isCount(o.tokens) && o.tokens !== 0) return fail("bad tokens count");
  if (!Array.isArray(o.counts)) return fail("no counts");
  const counts = new Map<string, Map<string, number>>();
  for (const entry of o.counts as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string" || !Array.isArray(entry[1])) {
      return fail("a counts entry is [context, [[token, count], …]]");
    }
    const h = entry[0];
    if (h !== "" && h.split(" ").length >= order) return fail(`context "${h}" is longer than the order allows`);
    if (counts.has(h)) return fail(`context "${h}" twice`);
    const next = new Map<string, number>();
    for (const pair of entry[1] as unknown[]) {
      if (!Array.isArray(pair) || typeof pair[0] !== "string" || !isCount(pair[1]) || next.has(pair[0])) {
        return fail(`a bad continuation of "${h}"`);
      }
      next.set(pair[0], pair[1]);
    }
    counts.set(h, next);
  }
  const model: NgramModel = {
    order,
    parent: o.parent as string | null,
    texts: o.texts as number,
    tokens: o.tokens as number,
    counts,
  };
  if (serialiseNgram(model) !== text) return fail("not in canonical form (its hash would not be its weights hash)");
  return model;
}
