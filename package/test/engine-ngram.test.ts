import { expect } from "chai";
import {
  deserialiseNgram,
  generateNgram,
  ngramScore,
  ngramWeightsHash,
  serialiseNgram,
  tokenise,
  trainNgram,
} from "../src/attribution/index.js";

const MEDICAL = [
  "The patient presented with a persistent cough and a mild fever.",
  "The patient was given fluids and rest for the fever.",
  "A persistent cough after a fever should be examined.",
];
const CODE = ["A review comment should say what is wrong and why.", "The patient reviewer reads the whole diff."];

describe("n-gram model", function () {
  describe("trainNgram", function () {
    it("counts every n-gram up to its order, framed by sentence markers", function () {
      const m = trainNgram(["a b a"], { order: 2 });
      expect(m.counts.get("")?.get("a")).to.equal(2);
      expect(m.counts.get("a")?.get("b")).to.equal(1);
      expect(m.counts.get("<s>")?.get("a")).to.equal(1);
      expect(m.counts.get("a")?.get("</s>")).to.equal(1);
      expect(m.texts).to.equal(1);
      expect(m.tokens).to.equal(3);
      expect(m.parent).to.equal(null);
    });

    it("gives the same weights, hence the same hash, for the texts in any order", function () {
      const a = trainNgram(MEDICAL, { order: 3 });
      const b = trainNgram([...MEDICAL].reverse(), { order: 3 });
      expect(serialiseNgram(a)).to.equal(serialiseNgram(b));
      expect(ngramWeightsHash(a)).to.equal(ngramWeightsHash(b));
      expect(ngramWeightsHash(a)).to.match(/^0x[0-9a-f]{64}$/);
      expect(ngramWeightsHash(trainNgram(MEDICAL, { order: 2 }))).to.not.equal(ngramWeightsHash(a));
    });

    it("refuses an order out of range, and a child of another order than its parent", function () {
      expect(() => trainNgram(MEDICAL, { order: 1 })).to.throw("2 to 8, not 1");
      expect(() => trainNgram(MEDICAL, { order: 9 })).to.throw("2 to 8, not 9");
      const parent = trainNgram(MEDICAL, { order: 3 });
      expect(() => trainNgram(CODE, { order: 2, parent })).to.throw("keeps its parent's order 3, not 2");
    });
  });

  describe("fine-tuning", function () {
    it("adds the second corpus's counts to the parent's and names the parent's weights hash", function () {
      const parent = trainNgram(MEDICAL, { order: 3 });
      const child = trainNgram(CODE, { parent });
      expect(child.order).to.equal(3);
      expect(child.parent).to.equal(ngramWeightsHash(parent));
      expect(child.texts).to.equal(MEDICAL.length + CODE.length);
      // "the patient": twice in the parent, once more in the second corpus.
      expect(parent.counts.get("the")?.get("patient")).to.equal(2);
      expect(child.counts.get("the")?.get("patient")).to.equal(3);
      expect(child.counts.get("a")?.get("review")).to.equal(1);
      expect(parent.counts.get("a")?.get("review")).to.equal(undefined);
      // The parent is not changed by its child's training.
      expect(ngramWeightsHash(parent)).to.equal(ngramWeightsHash(trainNgram(MEDICAL, { order: 3 })));
      // The same as training on both corpora, but for the parent named.
      const both = trainNgram([...MEDICAL, ...CODE], { order: 3 });
      expect([...both.counts.keys()].sort()).to.deep.equal([...child.counts.keys()].sort());
    });
  });

  describe("ngramScore", function () {
    it("uses the longest seen context and backs off by 2/5 per token dropped", function () {
      const m = trainNgram(MEDICAL, { order: 3 });
      // "a persistent" is always followed by "cough".
      expect(ngramScore(m, tokenise("with a persistent"), "cough")).to.equal(1);
      // "persistent fever" was never seen: back off to the unigram count of "fever" times 0.4 twice.
      const unigrams = m.counts.get("")!;
      const n = [...unigrams.values()].reduce((s, c) => s + c, 0);
      expect(ngramScore(m, ["xyz", "persistent"], "fever")).to.be.closeTo((0.4 * 0.4 * 3) / n, 1e-12);
      expect(ngramScore(m, [], "unknown")).to.equal(0);
    });
  });

  describe("generateNgram", function () {
    it("generates the same text for the same seed, from the training vocabulary", function () {
      const m = trainNgram(MEDICAL, { order: 3 });
      const a = generateNgram(m, { seed: 7, maxTokens: 30 });
      expect(generateNgram(m, { seed: 7, maxTokens: 30 })).to.equal(a);
      expect(a.length).to.be.greaterThan(0);
      const vocabulary = new Set(MEDICAL.flatMap(tokenise));
      for (const t of a.split(" ")) expect(vocabulary.has(t), t).to.equal(true);
      const seeds = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => generateNgram(m, { seed, maxTokens: 30 })));
      expect(seeds.size).to.be.greaterThan(1);
    });

    it("continues a prompt and stops at maxTokens", function () {
      const m = trainNgram(MEDICAL, { order: 3 });
      expect(generateNgram(m, { seed: "x", prompt: "with a persistent", maxTokens: 1 })).to.equal("cough");
      expect(generateNgram(m, { seed: 1, maxTokens: 3 }).split(" ").length).to.be.at.most(3);
      expect(() => generateNgram(m, { seed: 1, maxTokens: 0 })).to.throw("maxTokens");
    });

    it("generates nothing from an untrained model", function () {
      expect(generateNgram(trainNgram([], { order: 2 }), { seed: 1 })).to.equal("");
    });
  });

  describe("weights file", function () {
    it("round-trips to the same bytes and hash", function () {
      const child = trainNgram(CODE, { parent: trainNgram(MEDICAL) });
      const text = serialiseNgram(child);
      const back = deserialiseNgram(text);
      expect(serialiseNgram(back)).to.equal(text);
      expect(ngramWeightsHash(back)).to.equal(ngramWeightsHash(child));
      expect(generateNgram(back, { seed: 3 })).to.equal(generateNgram(child, { seed: 3 }));
    });

    it("refuses a file that is not a canonical weights file, in one line naming it", function () {
      const text = serialiseNgram(trainNgram(MEDICAL));
      expect(() => deserialiseNgram("{", "w.json")).to.throw("w.json: not JSON");
      expect(() => deserialiseNgram(JSON.stringify({ format: "x" }), "w.json")).to.throw("not an openledger-ngram");
      expect(() => deserialiseNgram(text.replace('"order":3', '"order":12'), "w.json")).to.throw("bad order");
      expect(() => deserialiseNgram(text.replace(/,"counts"/, ', "counts"'), "w.json")).to.throw("canonical");
      expect(() => deserialiseNgram(text.replace(/\["cough",\d+\]/, '["cough",0]'), "w.json")).to.throw("continuation");
    });
  });
});
