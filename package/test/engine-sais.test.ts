import { expect } from "chai";
import { lcpArray, suffixArray } from "../src/attribution/index.js";
import { seeded } from "./helpers.js";

/// The suffix array by sorting the suffixes themselves.
function naiveSuffixArray(text: ArrayLike<number>): number[] {
  const n = text.length;
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    while (a < n && b < n) {
      if (text[a] !== text[b]) return text[a] - text[b];
      a++;
      b++;
    }
    return a === n ? -1 : 1;
  });
}

function naiveLcp(text: ArrayLike<number>, sa: ArrayLike<number>): number[] {
  const n = text.length;
  return Array.from({ length: n }, (_, i) => {
    if (i === n - 1) return 0;
    let h = 0;
    while (sa[i] + h < n && sa[i + 1] + h < n && text[sa[i] + h] === text[sa[i + 1] + h]) h++;
    return h;
  });
}

function check(text: Int32Array): void {
  const sa = suffixArray(text);
  expect([...sa]).to.deep.equal(naiveSuffixArray(text));
  expect([...lcpArray(text, sa)]).to.deep.equal(naiveLcp(text, sa));
}

describe("suffixArray (SA-IS) and lcpArray (Kasai)", function () {
  describe("when the text is random", function () {
    it("gives the naive suffix array and LCP on 3,000 seeded texts of every length to 300 and alphabets 1 to 1,000", function () {
      const { below } = seeded(0x5a15);
      for (let c = 0; c < 3000; c++) {
        const n = below(c < 2000 ? 60 : 300);
        // Small alphabets make long repeats (the recursion's deep cases); large ones, many buckets.
        const sigma = [1, 2, 3, 4, 8, 26, 1000][below(7)];
        const text = new Int32Array(n);
        for (let i = 0; i < n; i++) text[i] = below(sigma);
        check(text);
      }
    });

    it("agrees on texts of a few hundred thousand symbols with their suffixes in order", function () {
      const { below } = seeded(7);
      for (const [n, sigma] of [
        [200_000, 2],
        [300_000, 50_000],
      ]) {
        const text = new Int32Array(n);
        for (let i = 0; i < n; i++) text[i] = below(sigma);
        const sa = suffixArray(text);
        const lcp = lcpArray(text, sa);
        const seen = new Uint8Array(n);
        for (const p of sa) seen[p] = 1;
        expect(seen.every((x) => x === 1)).to.equal(true);
        // Adjacent suffixes are in order, and share exactly lcp[i] symbols.
        let bad = -1;
        for (let i = 0; i + 1 < n && bad < 0; i++) {
          const [a, b, h] = [sa[i], sa[i + 1], lcp[i]];
          for (let j = 0; j < h; j++) if (text[a + j] !== text[b + j]) bad = i;
          if (b + h >= n || (a + h < n && text[a + h] >= text[b + h])) bad = i;
        }
        expect(bad, `suffixes ${bad} and ${bad + 1} of the array`).to.equal(-1);
      }
    });
  });

  describe("when the text is an edge case", function () {
    it("handles the empty text, one symbol, two symbols and short texts", function () {
      expect([...suffixArray(new Int32Array(0))]).to.deep.equal([]);
      expect([...suffixArray(Int32Array.of(5))]).to.deep.equal([0]);
      expect([...suffixArray(Int32Array.of(2, 1))]).to.deep.equal([1, 0]);
      expect([...suffixArray(Int32Array.of(1, 1))]).to.deep.equal([1, 0]);
      expect([...suffixArray(Int32Array.of(1, 2))]).to.deep.equal([0, 1]);
      expect([...lcpArray(new Int32Array(0), new Int32Array(0))]).to.deep.equal([]);
    });

    it("handles runs, increasing and decreasing texts, periodic texts and Fibonacci words", function () {
      for (const n of [9, 10, 39, 40, 41, 500]) {
        check(new Int32Array(n).fill(3));
        check(Int32Array.from({ length: n }, (_, i) => i));
        check(Int32Array.from({ length: n }, (_, i) => n - i));
        check(Int32Array.from({ length: n }, (_, i) => i % 3));
        check(Int32Array.from({ length: n }, (_, i) => (i % 7 === 6 ? 0 : 1)));
      }
      let [a, b] = [[0], [0, 1]];
      while (b.length < 2000) [a, b] = [b, [...b, ...a]];
      check(Int32Array.from(b));
    });

    it("takes 8-, 16- and 32-bit unsigned texts and plain arrays, and a bound above the largest symbol", function () {
      const text = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5];
      const expected = naiveSuffixArray(text);
      for (const t of [Uint8Array.from(text), Uint16Array.from(text), Uint32Array.from(text), text]) {
        expect([...suffixArray(t)]).to.deep.equal(expected);
        expect([...suffixArray(t, 70_000)]).to.deep.equal(expected);
      }
    });
  });

  describe("when the input is bad", function () {
    it("refuses negative or fractional symbols, a symbol above the bound, and a mismatched suffix array", function () {
      expect(() => suffixArray(Int32Array.of(1, -2, 3))).to.throw("symbol 1 of the text is -2, not an integer ≥ 0");
      expect(() => suffixArray([1, 2.5])).to.throw("symbol 1 of the text is 2.5, not an integer ≥ 0");
      expect(() => suffixArray(Int32Array.of(1, 9), 8)).to.throw("the text holds symbol 9, above the bound 8");
      expect(() => lcpArray(Int32Array.of(1, 2), Int32Array.of(0))).to.throw(
        "the suffix array has 1 entries for a text of 2",
      );
    });
  });
});
