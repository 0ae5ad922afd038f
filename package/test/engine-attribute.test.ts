import { expect } from "chai";
import {
  attribute,
  attributionHash,
  buildIndex,
  coverageProblem,
  explain,
  formatInferenceRecord,
  parseInferenceRecord,
  serialiseIndex,
  tokenise,
  Vocabulary,
  WEIGHT_SCALE,
} from "../src/attribution/index.js";
import type { EngineRecord, AttributionResult, AttributedResult } from "../src/attribution/index.js";
import { forEachToken, normaliseText } from "../src/attribution/engine/tokenise.js";
import { seeded } from "./helpers.js";

const ALICE = "0x1111111111111111111111111111111111111111";
const BOB = "0x2222222222222222222222222222222222222222";
const CAROL = "0x3333333333333333333333333333333333333333";
const ID = `0x${"ab".repeat(32)}`;
const hash = (i: number): string => `0x${i.toString(16).padStart(64, "0")}`;
const rec = (datanetId: bigint, i: number, contributor: string, text: string, version = 1): EngineRecord => ({
  datanetId,
  version,
  contentHash: hash(i),
  contributor,
  text,
});
const params = { inferenceId: ID, modelId: 3n };

function attributed(result: AttributionResult): AttributedResult {
  if (result.status !== "attributed") expect.fail(`unattributed: ${result.reason}`);
  return result;
}

describe("tokenise", function () {
  it("lowercases, composes, and splits words from punctuation, dropping white space", function () {
    expect(tokenise("Hello, World!")).to.deep.equal(["hello", ",", "world", "!"]);
    expect(tokenise("Don't  panic:\n42 km/h")).to.deep.equal(["don", "'", "t", "panic", ":", "42", "km", "/", "h"]);
    // "é" as e + combining acute (NFD) and as one code point (NFC) are the same token; so is "É".
    expect(tokenise("Cafe\u0301 CAFÉ café")).to.deep.equal(["café", "café", "café"]);
    expect(tokenise("naïve Straße ΣΟΦΊΑ 東京")).to.deep.equal(["naïve", "straße", "σοφία", "東京"]);
    expect(tokenise("  \t ")).to.deep.equal([]);
  });

  it("gives the same tokens on its ASCII path as the pattern does, on 2,000 seeded strings", function () {
    const { below } = seeded(99);
    const pattern = /[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}\s]/gu;
    for (let c = 0; c < 2000; c++) {
      let text = "";
      const length = below(40);
      for (let i = 0; i < length; i++) text += String.fromCharCode(below(4) === 0 ? 32 : below(128));
      const fast: Array<[string, number, number]> = [];
      forEachToken(normaliseText(text), (t, s, e) => fast.push([t, s, e]));
      const slow = [...normaliseText(text).matchAll(pattern)].map((m) => [m[0], m.index, m.index + m[0].length]);
      expect(fast, JSON.stringify(text)).to.deep.equal(slow);
    }
  });

  it("numbers the vocabulary from 1 in sorted order, 0 for a token it lacks", function () {
    const v = new Vocabulary(["a", "b", "z"]);
    expect(v.encode("Z a, q b")).to.deep.include({ normalised: "z a, q b" });
    expect([...v.encode("Z a, q b").ids]).to.deep.equal([3, 1, 0, 0, 2]);
    expect(() => new Vocabulary(["b", "a"])).to.throw("the vocabulary is not sorted and distinct at token 1");
  });
});

describe("buildIndex", function () {
  const records = [
    rec(2n, 3, CAROL, "every function has a test"),
    rec(1n, 2, BOB, "take two tablets every six hours"),
    rec(1n, 1, ALICE, "take two tablets with food"),
  ];

  it("orders the records by datanet and content hash, whatever their order, and covers one version per datanet", function () {
    const index = buildIndex(records, { k: 3 });
    const again = buildIndex([...records].reverse(), { k: 3 });
    expect(serialiseIndex(again)).to.deep.equal(serialiseIndex(index));
    expect(index.datanets.map((d) => [d.datanetId, d.version, d.records])).to.deep.equal([
      [1n, 1, 2],
      [2n, 1, 1],
    ]);
    expect(index.records.count).to.equal(3);
    // Each record ends with its own separator above every token id.
    const v = index.vocabulary.size;
    for (let r = 0; r < 3; r++) expect(index.text[index.records.starts[r + 1] - 1]).to.equal(v + 1 + r);
  });

  describe("when the input is bad", function () {
    it("refuses it in one line naming the record", function () {
      expect(() => buildIndex([], { k: 3 })).to.throw("no records to index");
      expect(() => buildIndex(records, { k: 0 })).to.throw("k must be an integer from 1 to 65536, got 0");
      expect(() => buildIndex(records, { k: 2.5 })).to.throw("k must be an integer from 1 to 65536, got 2.5");
      expect(() => buildIndex([...records, rec(1n, 1, BOB, "again")], { k: 3 })).to.throw(
        `datanet 1: record ${hash(1)} is given twice`,
      );
      expect(() => buildIndex([...records, rec(1n, 9, BOB, "later", 2)], { k: 3 })).to.throw(
        "datanet 1: records of versions 1 and 2; an index covers one version of each datanet (the one the model was trained on)",
      );
      expect(() => buildIndex([{ ...records[0], contributor: "0x12" }], { k: 3 })).to.throw(
        'record 0: contributor must be an address, not "0x12"',
      );
      expect(() => buildIndex([{ ...records[0], contentHash: "0x12" }], { k: 3 })).to.throw(
        'record 0: contentHash must be 32 bytes of hex (0x + 64 hex digits), not "0x12"',
      );
      expect(() => buildIndex([{ ...records[0], version: 0 }], { k: 3 })).to.throw(
        "record 0 (datanet 2): version must be an integer ≥ 1, got 0",
      );
    });
  });
});

describe("attribute", function () {
  describe("spans", function () {
    it("finds the maximal spans: the longest match at each start that the previous start's does not contain", function () {
      const index = buildIndex(
        [rec(1n, 1, ALICE, "a b c d e f"), rec(1n, 2, BOB, "c d e f g h"), rec(1n, 3, CAROL, "x y z")],
        { k: 2 },
      );
      // Output tokens: a b c d e f g h q x y
      const result = attributed(attribute(index, "a b c d e f g h q x y", params));
      expect(result.spans.map((s) => [s.start, s.end, s.text])).to.deep.equal([
        [0, 6, "a b c d e f"], // L(0) = 6
        [2, 8, "c d e f g h"], // L(1) = 5 lies inside L(0); L(2) = 6 runs past it
        [9, 11, "x y"],
      ]);
      expect(result.longestMatch).to.equal(6);
      expect(result.tokens).to.equal(11);
    });

    it("never matches across two records, nor a token the records lack", function () {
      const index = buildIndex([rec(1n, 1, ALICE, "a b c"), rec(1n, 2, BOB, "d e f")], { k: 4 });
      const across = attribute(index, "a b c d e f", params);
      expect(across.status).to.equal("unattributed");
      expect(across.longestMatch).to.equal(3);
      expect(attribute(index, "a b zz c", { ...params, k: 2 }).spans.map((s) => s.text)).to.deep.equal(["a b"]);
    });
  });

  describe("scoring", function () {
    it("gives a span length × WEIGHT_SCALE units, shared equally among the records that hold it, per datanet", function () {
      const index = buildIndex(
        [
          rec(1n, 1, ALICE, "one two three four"),
          rec(1n, 2, BOB, "zero one two three four five"),
          rec(2n, 3, BOB, "one two three four"),
          rec(2n, 4, CAROL, "alpha beta gamma delta"),
        ],
        { k: 3 },
      );
      const result = attributed(attribute(index, "one two three four and alpha beta gamma", params));
      const [first, second] = result.spans;
      expect(first.records.map((r) => [r.datanetId, r.contributor, r.units])).to.deep.equal([
        [1n, ALICE, (4n * WEIGHT_SCALE) / 3n],
        [1n, BOB, (4n * WEIGHT_SCALE) / 3n],
        [2n, BOB, (4n * WEIGHT_SCALE) / 3n],
      ]);
      expect(second.records.map((r) => r.units)).to.deep.equal([3n * WEIGHT_SCALE]);
      expect(result.record).to.deep.equal({
        inferenceId: ID,
        modelId: 3n,
        datanets: [
          {
            datanetId: 1n,
            contributors: [
              { account: ALICE, weight: (4n * WEIGHT_SCALE) / 3n },
              { account: BOB, weight: (4n * WEIGHT_SCALE) / 3n },
            ],
          },
          {
            datanetId: 2n,
            contributors: [
              { account: BOB, weight: (4n * WEIGHT_SCALE) / 3n },
              { account: CAROL, weight: 3n * WEIGHT_SCALE },
            ],
          },
        ],
      });
      // The record is in the inference log's canonical form, and hashes as the log's line does.
      expect(parseInferenceRecord(JSON.parse(formatInferenceRecord(result.record)))).to.deep.equal(result.record);
      expect(result.attributionHash).to.equal(attributionHash(JSON.parse(formatInferenceRecord(result.record))));
    });

    it("splits the units exactly, the remainder one unit each to the first records in index order", function () {
      // 23 records hold the span; 23 does not divide WEIGHT_SCALE.
      const holders = Array.from({ length: 23 }, (_, i) =>
        rec(1n, 100 + i, `0x${(0x100 + i).toString(16).padStart(40, "0")}`, `lead ${i} shared span of words`),
      );
      const index = buildIndex(holders, { k: 4 });
      const [span] = attributed(attribute(index, "shared span of words", params)).spans;
      const units = span.records.map((r) => r.units);
      const total = 4n * WEIGHT_SCALE;
      expect(units.reduce((a, b) => a + b, 0n)).to.equal(total);
      const rest = Number(total % 23n);
      expect(units).to.deep.equal(units.map((_, i) => total / 23n + (i < rest ? 1n : 0n)));
      expect(span.records.map((r) => r.contentHash)).to.deep.equal(holders.map((h) => h.contentHash));
    });

    it("takes off what the background explains: the span's longest run found in the background", function () {
      const records = [rec(1n, 1, ALICE, "please take two tablets every six hours with food")];
      const background = ["you take two tablets", "every six hours", "food"];
      const index = buildIndex(records, { k: 4, background });
      const [span] = attributed(attribute(index, "take two tablets every six hours with food", params)).spans;
      expect([span.length, span.background, span.score]).to.deep.equal([8, 3, 5]);
      expect(span.records[0].units).to.equal(5n * WEIGHT_SCALE);
      // Without a background the span is worth all its tokens.
      const plain = buildIndex(records, { k: 4 });
      expect(
        attributed(attribute(plain, "take two tablets every six hours with food", params)).spans[0].score,
      ).to.equal(8);
    });
  });

  describe("when nothing is attributed", function () {
    const index = buildIndex([rec(1n, 1, ALICE, "take two tablets every six hours")], {
      k: 4,
      background: ["take two tablets every six hours"],
    });

    it("says so when no span of k tokens is in the records", function () {
      const result = attribute(index, "take two pills every day", params);
      expect(result).to.deep.include({
        status: "unattributed",
        reason: "no span of 4 or more tokens of the output is in the records (the longest match is 2 tokens)",
        spans: [],
      });
    });

    it("says so when the output is shorter than k", function () {
      expect(attribute(index, "take two", params)).to.deep.include({
        status: "unattributed",
        reason: "the output has 2 tokens, fewer than k = 4",
      });
      expect(attribute(index, "", params)).to.deep.include({ reason: "the output has 0 tokens, fewer than k = 4" });
    });

    it("says so when the background explains every span", function () {
      const result = attribute(index, "take two tablets every six hours", params);
      expect(result).to.deep.include({
        status: "unattributed",
        reason: "the background explains every span of 4 or more tokens (1 span)",
      });
      expect(result.spans).to.have.length(1);
    });

    it("refuses bad parameters in one line", function () {
      expect(() => attribute(index, "x", { ...params, inferenceId: "0x12" })).to.throw(
        'inferenceId must be 32 bytes of hex (0x + 64 hex digits), not "0x12"',
      );
      expect(() => attribute(index, "x", { ...params, modelId: -1n })).to.throw(
        "modelId must be a non-negative bigint, got -1",
      );
      expect(() => attribute(index, "x", { ...params, k: 0 })).to.throw("k must be an integer from 1 to 65536, got 0");
    });
  });

  describe("when the index was built on other records than the epoch names", function () {
    const index = buildIndex([rec(1n, 1, ALICE, "a b c d"), rec(1n, 2, BOB, "e f g h"), rec(2n, 3, BOB, "i j k")], {
      k: 2,
    });

    it("accepts the datanet versions and records it was built on", function () {
      const covers = {
        datanets: [
          { datanetId: 2n, version: 1 },
          { datanetId: 1n, version: 1, contentHashes: [hash(2), hash(1).toUpperCase().replace("0X", "0x")] },
        ],
      };
      expect(coverageProblem(index, covers)).to.equal(undefined);
      expect(attribute(index, "a b c", { ...params, covers }).status).to.equal("attributed");
    });

    it("refuses another version, another datanet, or other records, in one line", function () {
      expect(
        coverageProblem(index, {
          datanets: [
            { datanetId: 1n, version: 2 },
            { datanetId: 2n, version: 1 },
          ],
        }),
      ).to.equal(
        "the index covers datanet 1 version 1, datanet 2 version 1, but the epoch names datanet 1 version 2, datanet 2 version 1",
      );
      expect(coverageProblem(index, { datanets: [{ datanetId: 1n, version: 1 }] })).to.equal(
        "the index covers datanet 1 version 1, datanet 2 version 1, but the epoch names datanet 1 version 1",
      );
      expect(
        coverageProblem(index, {
          datanets: [
            { datanetId: 1n, version: 1, contentHashes: [hash(1), hash(7)] },
            { datanetId: 2n, version: 1 },
          ],
        }),
      ).to.equal(
        `the index was built on other records than datanet 1 version 1: it lacks 1 of its records (${hash(7)}) and holds 1 records not in it (${hash(2)})`,
      );
      expect(() =>
        attribute(index, "a b c", { ...params, covers: { datanets: [{ datanetId: 1n, version: 1 }] } }),
      ).to.throw("the index covers datanet 1 version 1, datanet 2 version 1, but the epoch names datanet 1 version 1");
    });
  });
});

describe("explain", function () {
  const index = buildIndex(
    [rec(1n, 1, ALICE, "take two tablets every six hours"), rec(1n, 2, BOB, "take two tablets with food")],
    { k: 3 },
  );

  it("gives the spans, the records and contributors behind each, and each contributor's share, as JSON and text", function () {
    const result = attributed(
      attribute(index, "Take two tablets every six hours, take two tablets with food.", params),
    );
    const { json, text } = explain(result);
    expect(json.status).to.equal("attributed");
    expect(json.attributionHash).to.equal(result.attributionHash);
    expect(json.spans.map((s) => [s.text, s.records.map((r) => r.contributor)])).to.deep.equal([
      ["take two tablets every six hours", [ALICE]],
      ["take two tablets with food", [BOB]],
    ]);
    expect(json.contributors).to.deep.equal([
      { datanetId: "1", account: ALICE, weight: (6n * WEIGHT_SCALE).toString(), share: "54.54%", records: [hash(1)] },
      { datanetId: "1", account: BOB, weight: (5n * WEIGHT_SCALE).toString(), share: "45.45%", records: [hash(2)] },
    ]);
    expect(JSON.parse(JSON.stringify(json))).to.deep.equal(json);
    expect(text.split("\n")).to.deep.equal([
      `inference ${ID} (model 3): 2 spans of 3+ tokens in 13 tokens (longest match 6)`,
      `attribution hash ${result.attributionHash}`,
      `span 1: tokens 0–5 (6 tokens, background 0, score 6) "take two tablets every six hours"`,
      `  datanet 1 v1 record ${hash(1)} by ${ALICE}: ${6n * WEIGHT_SCALE} units`,
      `span 2: tokens 7–11 (5 tokens, background 0, score 5) "take two tablets with food"`,
      `  datanet 1 v1 record ${hash(2)} by ${BOB}: ${5n * WEIGHT_SCALE} units`,
      "contributors:",
      `  datanet 1: ${ALICE} 54.54% (weight ${6n * WEIGHT_SCALE}, 1 record)`,
      `  datanet 1: ${BOB} 45.45% (weight ${5n * WEIGHT_SCALE}, 1 record)`,
    ]);
  });

  it("gives the reason of an unattributed output", function () {
    const { json, text } = explain(attribute(index, "nothing here", params));
    expect(json).to.deep.include({ status: "unattributed", spans: [], contributors: [] });
    expect(text).to.equal(`inference ${ID} (model 3): unattributed: the output has 2 tokens, fewer than k = 3`);
  });
});
