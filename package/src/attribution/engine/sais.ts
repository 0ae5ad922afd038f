/// The suffix array by induced sorting (SA-IS: Nong, Zhang and Chan, "Linear Suffix Array Construction by Almost Pure
/// Induced-Sorting", 2009), over integer texts in typed arrays, and the LCP array by Kasai et al.'s algorithm (2001).
/// Both O(n) in time. The structure follows the AtCoder Library's `sa_is` (no sentinel; naive and doubling sorts for
/// short texts), with Nong's memory layout: the LMS substrings' names are kept in the suffix array's own second half
/// and the reduced text in its first, so that the extra memory is one byte of types per symbol, the LMS positions and
/// the recursion on at most n / 2 symbols (about 10 bytes per symbol at the peak, beside the text and the result).
///
/// The text is any array of integers in [0, upper]; no sentinel is needed (the end of the text sorts before every
/// symbol, as if a smaller one were appended). Suffixes compare as sequences of integers, a proper prefix first.

/// The integer texts that the engine works on.
export type IntText = Int32Array | Uint32Array | Uint16Array | Uint8Array;

/// Below this length the suffixes are sorted by comparison (cheaper than the induction's set-up).
const NAIVE_BELOW = 10;
/// Below this length, by prefix doubling.
const DOUBLING_BELOW = 40;

/// The suffix array of `text`: the start positions of its suffixes in ascending order. Every symbol must be an
/// integer in [0, upper] (the largest symbol by default).
export function suffixArray(text: ArrayLike<number>, upper?: number): Int32Array {
  const n = text.length;
  if (n > 0x7fffffff) throw new RangeError(`a text of ${n} symbols is too long for a 32-bit suffix array`);
  // Typed integer arrays hold integers already; anything else is checked symbol by symbol.
  const typed =
    text instanceof Int32Array ||
    text instanceof Uint32Array ||
    text instanceof Uint16Array ||
    text instanceof Uint8Array;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c < 0 || (!typed && !Number.isInteger(c))) {
      throw new RangeError(`symbol ${i} of the text is ${c}, not an integer ≥ 0`);
    }
    if (c > max) max = c;
  }
  const top = upper ?? max;
  if (max > top) throw new RangeError(`the text holds symbol ${max}, above the bound ${top}`);
  if (top >= 0x7fffffff) throw new RangeError(`the bound ${top} on the symbols does not fit 31 bits`);
  const s = text instanceof Int32Array ? text : Int32Array.from(text);
  return sais(s, top);
}

/// The LCP array of `text` and its suffix array `sa` (Kasai): `lcp[i]` is the length of the longest common prefix
/// of the suffixes at `sa[i]` and `sa[i + 1]`, for i < n − 1 (`lcp[n − 1]` is 0).
export function lcpArray(text: ArrayLike<number>, sa: Int32Array): Int32Array {
  const n = text.length;
  if (sa.length !== n) throw new RangeError(`the suffix array has ${sa.length} entries for a text of ${n}`);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[sa[i]] = i;
  const lcp = new Int32Array(n);
  let h = 0;
  for (let i = 0; i < n; i++) {
    // h drops by at most one from suffix i − 1 to suffix i (Kasai's lemma), so the loop is O(n) over all i.
    if (h > 0) h--;
    const r = rank[i];
    if (r === n - 1) {
      h = 0;
      continue;
    }
    const j = sa[r + 1];
    while (i + h < n && j + h < n && text[i + h] === text[j + h]) h++;
    lcp[r] = h;
  }
  return lcp;
}

/// Sorting by comparison, for short texts.
function saNaive(s: Int32Array): Int32Array {
  const n = s.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    if (a === b) return 0;
    while (a < n && b < n) {
      if (s[a] !== s[b]) return s[a] - s[b];
      a++;
      b++;
    }
    // The one that ran out first is a proper prefix of the other.
    return a === n ? -1 : 1;
  });
  return Int32Array.from(order);
}

/// Prefix doubling (Manber–Myers with a comparison sort), for short texts.
function saDoubling(s: Int32Array): Int32Array {
  const n = s.length;
  const sa = Array.from({ length: n }, (_, i) => i);
  let rnk = Array.from(s);
  let tmp = new Array<number>(n).fill(0);
  for (let k = 1; k < n; k *= 2) {
    const cmp = (x: number, y: number): number => {
      if (rnk[x] !== rnk[y]) return rnk[x] - rnk[y];
      const rx = x + k < n ? rnk[x + k] : -1;
      const ry = y + k < n ? rnk[y + k] : -1;
      return rx - ry;
    };
    sa.sort(cmp);
    tmp[sa[0]] = 0;
    for (let i = 1; i < n; i++) tmp[sa[i]] = tmp[sa[i - 1]] + (cmp(sa[i - 1], sa[i]) < 0 ? 1 : 0);
    [tmp, rnk] = [rnk, tmp];
  }
  return Int32Array.from(sa);
}

/// Whether the LMS substrings at l and r (each up to and including the next LMS position) are equal. One that runs to
/// the end of the text is equal to no other: the end sorts before every symbol.
function sameLmsSubstring(s: Int32Array, ls: Uint8Array, l: number, r: number): boolean {
  const n = s.length;
  for (let d = 0; ; d++) {
    const a = l + d;
    const b = r + d;
    if (a === n || b === n || s[a] !== s[b]) return false;
    if (d === 0) continue;
    const endA = ls[a] === 1 && ls[a - 1] === 0;
    const endB = ls[b] === 1 && ls[b - 1] === 0;
    if (endA || endB) return endA && endB;
  }
}

/// SA-IS proper. `s` holds symbols in [0, upper].
function sais(s: Int32Array, upper: number): Int32Array {
  const n = s.length;
  if (n === 0) return new Int32Array(0);
  if (n === 1) return Int32Array.of(0);
  if (n === 2) return s[0] < s[1] ? Int32Array.of(0, 1) : Int32Array.of(1, 0);
  if (n < NAIVE_BELOW) return saNaive(s);
  if (n < DOUBLING_BELOW) return saDoubling(s);

  const sa = new Int32Array(n);
  // ls[i] = 1 when suffix i is S-type (smaller than suffix i + 1), 0 when L-type. The last suffix is L-type: the
  // (virtual) end of the text that follows it sorts first.
  const ls = new Uint8Array(n);
  for (let i = n - 2; i >= 0; i--) ls[i] = s[i] === s[i + 1] ? ls[i + 1] : s[i] < s[i + 1] ? 1 : 0;

  // Bucket c (the suffixes that start with c) spans [start[c], start[c + 1]): its L-type suffixes first, then its
  // S-type ones.
  const start = new Int32Array(upper + 2);
  for (let i = 0; i < n; i++) start[s[i] + 1]++;
  for (let c = 1; c < start.length; c++) start[c] += start[c - 1];
  const buf = new Int32Array(upper + 2);

  // Induced sorting: the LMS suffixes in the given order at the ends of their buckets, then every L-type suffix from
  // left to right (each bucket filled from its start), then every S-type suffix from right to left (each bucket
  // filled from its end, over the LMS suffixes placed first). buf[c + 1] is bucket c's end pointer, buf[c] its start
  // pointer.
  const induce = (lms: Int32Array, count: number): void => {
    sa.fill(-1);
    buf.set(start);
    for (let i = count - 1; i >= 0; i--) {
      const d = lms[i];
      sa[--buf[s[d] + 1]] = d;
    }
    buf.set(start);
    sa[buf[s[n - 1]]++] = n - 1;
    for (let i = 0; i < n; i++) {
      const v = sa[i];
      if (v >= 1 && ls[v - 1] === 0) sa[buf[s[v - 1]]++] = v - 1;
    }
    buf.set(start);
    for (let i = n - 1; i >= 0; i--) {
      const v = sa[i];
      if (v >= 1 && ls[v - 1] === 1) sa[--buf[s[v - 1] + 1]] = v - 1;
    }
  };

  // The LMS positions (an S-type suffix right after an L-type one), in text order.
  let m = 0;
  for (let i = 1; i < n; i++) if (ls[i - 1] === 0 && ls[i] === 1) m++;
  let lms: Int32Array | undefined = new Int32Array(m);
  for (let i = 1, j = 0; i < n; i++) if (ls[i - 1] === 0 && ls[i] === 1) lms[j++] = i;

  induce(lms, m);
  // Not needed until after the recursion, where it is written again into the suffix array's space: let it go before
  // the recursion, where the memory peaks.
  lms = undefined;
  if (m === 0) return sa;

  // The LMS positions in the order of their LMS substrings, moved to sa[0 .. m).
  for (let i = 0, j = 0; i < n; i++) {
    const v = sa[i];
    if (v > 0 && ls[v] === 1 && ls[v - 1] === 0) sa[j++] = v;
  }
  // The substrings named by rank, equal ones alike; LMS positions are at least two apart, so the name of the one at p
  // goes to sa[m + ⌊p / 2⌋] (m ≤ n / 2 keeps it in bounds, and clear of sa[0 .. m)).
  sa.fill(-1, m);
  let name = 0;
  for (let i = 0; i < m; i++) {
    const p = sa[i];
    if (i > 0 && !sameLmsSubstring(s, ls, sa[i - 1], p)) name++;
    sa[m + (p >> 1)] = name;
  }
  // The names in text order, into sa[0 .. m): the reduced text, whose suffix array orders the LMS suffixes.
  for (let i = m, j = 0; i < n; i++) if (sa[i] >= 0) sa[j++] = sa[i];
  const order = sais(sa.subarray(0, m), name);
  // The LMS positions in text order again, into sa[0 .. m) (free now), and the LMS suffixes in sorted order.
  for (let i = 1, j = 0; i < n; i++) if (ls[i - 1] === 0 && ls[i] === 1) sa[j++] = i;
  for (let i = 0; i < m; i++) order[i] = sa[order[i]];
  induce(order, m);
  return sa;
}
