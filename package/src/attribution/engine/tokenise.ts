/// The engine's tokeniser and vocabulary (described in ./index.ts): text is NFC-normalised, lowercased and split into
/// words and single punctuation marks; a vocabulary built from the records numbers the distinct tokens in sorted order.

/// The name of the tokeniser, written into every index: an index is only read by the tokeniser that built it.
export const TOKENISER = "nfc-lower-words/1";

/// A word (a run of letters, combining marks and digits) or one other character that is not white space.
const TOKEN = /[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}\s]/gu;

const ASCII = /^[\x00-\x7f]*$/;

/// For each ASCII code: 1 for a word character (letter or digit), 2 for white space (JavaScript's \s: tab, line feed,
/// vertical tab, form feed, carriage return, space), 0 for a token on its own. The same tokens as TOKEN, faster.
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) =>
  /[\p{L}\p{M}\p{N}]/u.test(String.fromCharCode(c)) ? 1 : /\s/.test(String.fromCharCode(c)) ? 2 : 0,
);

function forEachAsciiToken(text: string, each: (token: string, start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = ASCII_CLASS[text.charCodeAt(i)];
    if (c === 2) {
      i++;
    } else if (c === 0) {
      each(text[i], i, i + 1);
      i++;
    } else {
      const start = i;
      while (i < n && ASCII_CLASS[text.charCodeAt(i)] === 1) i++;
      each(text.slice(start, i), start, i);
    }
  }
}

/// The text the tokeniser reads: NFC, lowercased (Unicode's default case mapping, the same in every locale), NFC again
/// (lowercasing can leave a sequence that is not composed). Token offsets are offsets in this string.
export function normaliseText(text: string): string {
  return text.normalize("NFC").toLowerCase().normalize("NFC");
}

/// Calls `each(token, start, end)` for every token of a normalised text, in order (`start` and `end` are UTF-16
/// offsets in it).
export function forEachToken(normalised: string, each: (token: string, start: number, end: number) => void): void {
  if (ASCII.test(normalised)) {
    forEachAsciiToken(normalised, each);
    return;
  }
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(normalised); m !== null; m = TOKEN.exec(normalised)) {
    each(m[0], m.index, m.index + m[0].length);
  }
}

/// The tokens of `text`: `tokenise("Hello, World!")` is `["hello", ",", "world", "!"]`.
export function tokenise(text: string): string[] {
  const tokens: string[] = [];
  forEachToken(normaliseText(text), (t) => tokens.push(t));
  return tokens;
}

/// A text's tokens as ids of a vocabulary, with where each token is in the normalised text.
export interface TokenisedText {
  normalised: string;
  /// Token ids; 0 for a token that is not in the vocabulary.
  ids: Int32Array;
  /// Start and end offsets of token i in `normalised`: `offsets[2i]` and `offsets[2i + 1]`.
  offsets: Int32Array;
}

/// The vocabulary: the distinct tokens of the records, sorted by UTF-16 code units, numbered from 1 in that order
/// (0 is "not in the vocabulary").
export class Vocabulary {
  readonly tokens: readonly string[];
  private readonly _ids: Map<string, number>;

  /// `tokens` sorted and distinct (as `vocabularyOf` gives them, or as an index file holds them).
  constructor(tokens: readonly string[]) {
    this.tokens = tokens;
    this._ids = new Map();
    for (let i = 0; i < tokens.length; i++) {
      if (i > 0 && !(tokens[i - 1] < tokens[i])) {
        throw new RangeError(`the vocabulary is not sorted and distinct at token ${i} (${JSON.stringify(tokens[i])})`);
      }
      this._ids.set(tokens[i], i + 1);
    }
  }

  get size(): number {
    return this.tokens.length;
  }

  /// The id of `token`, 0 when it is not in the vocabulary.
  idOf(token: string): number {
    return this._ids.get(token) ?? 0;
  }

  /// `text` tokenised into this vocabulary's ids.
  encode(text: string): TokenisedText {
    const normalised = normaliseText(text);
    const ids: number[] = [];
    const offsets: number[] = [];
    forEachToken(normalised, (t, start, end) => {
      ids.push(this.idOf(t));
      offsets.push(start, end);
    });
    return { normalised, ids: Int32Array.from(ids), offsets: Int32Array.from(offsets) };
  }
}

/// Growable list of int32.
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.ceil(this.data.length * 1.5));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  /// The list's values, trimmed to its length (a copy).
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/// Tokenises `texts` in one pass into a sorted vocabulary (`tokens`) and one text of token ids: each text's ids, then
/// its separator V + 1 + t (t the text's number, V the vocabulary's size). `starts[t]` is where text t begins, and
/// `starts[count]` the length.
export function tokeniseCorpus(
  texts: readonly string[],
  capacity = 1024,
): { tokens: string[]; ids: Int32Array; starts: Int32Array } {
  // First seen order, renumbered once the vocabulary is sorted; a separator is marked −(t + 1) until then.
  const seen = new Map<string, number>();
  const firstSeen: string[] = [];
  const list = new IntList(capacity);
  const starts = new Int32Array(texts.length + 1);
  const push = (t: string): void => {
    let id = seen.get(t);
    if (id === undefined) {
      id = firstSeen.length;
      seen.set(t, id);
      firstSeen.push(t);
    }
    list.push(id);
  };
  for (let t = 0; t < texts.length; t++) {
    starts[t] = list.length;
    forEachToken(normaliseText(texts[t]), push);
    list.push(-(t + 1));
  }
  starts[texts.length] = list.length;
  const order = firstSeen.map((_, i) => i).sort((a, b) => (firstSeen[a] < firstSeen[b] ? -1 : 1));
  const rename = new Int32Array(order.length);
  for (let rank = 0; rank < order.length; rank++) rename[order[rank]] = rank + 1;
  const v = order.length;
  const ids = list.data;
  for (let i = 0; i < list.length; i++) {
    const id = ids[i];
    ids[i] = id < 0 ? v - id : rename[id];
  }
  // Keep the list's own buffer when it is nearly full; copy it out when the slack is worth the copy.
  const text = list.length * 8 >= ids.length * 7 ? ids.subarray(0, list.length) : list.toArray();
  return { tokens: order.map((i) => firstSeen[i]), ids: text, starts };
}
