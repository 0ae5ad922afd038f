/// Synthetic, seeded records and outputs for the attribution engine's scale bench: a vocabulary of made-up words
/// drawn with a skew (a few common, most rare), records of about 50 tokens with punctuation, and outputs that copy
/// runs of some records between words of their own.
import type { EngineRecord } from "../../../package/src/attribution/index.js";
import { numbers } from "../../bench-scale.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const PUNCTUATION = [",", ".", ";", ":", "?", "!"];

/// The made-up words: `size` distinct ones of 2 to 9 letters.
export function words(size: number, seed = 1): string[] {
  const next = numbers(seed);
  const out = new Set<string>();
  while (out.size < size) {
    let w = "";
    const length = 2 + (next() % 8);
    for (let i = 0; i < length; i++) w += LETTERS[next() % 26];
    out.add(w);
  }
  return [...out];
}

/// A word index with a skew: the cube of a uniform number, so the first words are far more common than the rest.
function pick(next: () => number, size: number): number {
  const u = next() / 0x1_0000_0000;
  return Math.floor(u * u * u * size);
}

/// `count` records of `tokens` tokens on average, over two datanets, by `count / 10` contributors (at least 10).
export function syntheticRecords(count: number, tokens = 50, vocabulary = 50_000, seed = 0xe61e): EngineRecord[] {
  const next = numbers(seed + count);
  const dict = words(vocabulary, seed);
  const people = Math.max(10, Math.floor(count / 10));
  const contributors = Array.from(
    { length: people },
    (_, i) => `0x${(0x1000_0000 + i).toString(16).padStart(40, "0")}`,
  );
  const records: EngineRecord[] = new Array(count);
  for (let r = 0; r < count; r++) {
    const parts: string[] = [];
    const length = tokens - 10 + (next() % 21);
    for (let t = 0; t < length; t++) {
      parts.push(next() % 12 === 0 ? PUNCTUATION[next() % PUNCTUATION.length] : dict[pick(next, dict.length)]);
    }
    records[r] = {
      datanetId: BigInt(1 + (r % 2)),
      version: 1,
      contentHash: `0x${(r + 1).toString(16).padStart(64, "0")}`,
      contributor: contributors[next() % people],
      text: parts.join(" "),
    };
  }
  return records;
}

/// An output of about `tokens` tokens: runs of 10 to 40 tokens copied from random records, between runs of 5 to 15
/// words of its own.
export function syntheticOutput(records: readonly EngineRecord[], tokens = 500, seed = 7): string {
  const next = numbers(seed);
  const dict = words(2_000, seed + 1);
  const out: string[] = [];
  while (out.length < tokens) {
    const own = 5 + (next() % 11);
    for (let i = 0; i < own; i++) out.push(dict[next() % dict.length]);
    const from = records[next() % records.length].text.split(" ");
    const length = Math.min(from.length, 10 + (next() % 31));
    const at = next() % (from.length - length + 1);
    out.push(...from.slice(at, at + length));
  }
  return out.slice(0, tokens).join(" ");
}
