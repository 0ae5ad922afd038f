import { expect } from "chai";
import { getAddress } from "ethers";
import {
  attribute,
  attributionHash,
  buildIndex,
  deserialiseIndex,
  generateNgram,
  inferenceLogAllocation,
  serialiseIndex,
  tokenise,
  trainNgram,
  WEIGHT_SCALE,
} from "../src/attribution/index.js";
import type { EngineRecord, SettledInference } from "../src/attribution/index.js";
import { seeded } from "./helpers.js";

const WORDS = ["a", "b", "c", "d", "e", "f", ",", "."];
const account = (i: number): string => getAddress(`0x${(0xc0ffee00 + i).toString(16).padStart(40, "0")}`);
const hash = (i: number): string => `0x${(0xbeef0000 + i).toString(16).padStart(64, "0")}`;

/// The spans and per-record units by brute force over the records' token lists (the definitions of ./index.ts).
function naive(records: EngineRecord[], output: string, k: number): Map<string, bigint> {
  const ordered = [...records].sort((a, b) =>
    a.datanetId !== b.datanetId ? (a.datanetId < b.datanetId ? -1 : 1) : a.contentHash < b.contentHash ? -1 : 1,
  );
  const docs = ordered.map((r) => tokenise(r.text));
  const out = tokenise(output);
  const holds = (doc: string[], from: number, length: number): boolean => {
    for (let j = 0; j + length <= doc.length; j++) {
      let ok = true;
      for (let t = 0; t < length && ok; t++) ok = doc[j + t] === out[from + t];
      if (ok) return true;
    }
    return false;
  };
  const L = out.map((_, i) => {
    let best = 0;
    while (i + best < out.length && docs.some((doc) => holds(doc, i, best + 1))) best++;
    return best;
  });
  const weights = new Map<string, bigint>();
  out.forEach((_, i) => {
    if (L[i] < k || (i > 0 && L[i - 1] > L[i])) return;
    const holders = docs.map((doc, r) => (holds(doc, i, L[i]) ? r : -1)).filter((r) => r >= 0);
    const units = BigInt(L[i]) * WEIGHT_SCALE;
    const m = BigInt(holders.length);
    holders.forEach((r, x) => {
      const part = units / m + (BigInt(x) < units % m ? 1n : 0n);
      const key = `${ordered[r].datanetId}:${getAddress(ordered[r].contributor)}`;
      if (part > 0n) weights.set(key, (weights.get(key) ?? 0n) + part);
    });
  });
  return weights;
}

describe("attribution engine properties", function () {
  it("gives the brute-force weights, the same weights and hash for any record order and after a file round trip, and allocations that add up to each credit", function () {
    const { below } = seeded(0xa77);
    const phrase = (length: number): string => Array.from({ length }, () => WORDS[below(WORDS.length)]).join(" ");
    let attributedCount = 0;
    for (let c = 0; c < 150; c++) {
      const count = 1 + below(12);
      const records: EngineRecord[] = Array.from({ length: count }, (_, i) => ({
        datanetId: BigInt(1 + below(3)),
        version: 1,
        contentHash: hash(c * 100 + i),
        contributor: account(below(5)),
        text: phrase(below(30)),
      }));
      // One version per datanet.
      for (const r of records) r.version = Number(r.datanetId);
      const k = 1 + below(5);
      const index = buildIndex(records, { k });
      const shuffled = buildIndex([...records].reverse(), { k });
      const reread = deserialiseIndex(serialiseIndex(index));

      for (let o = 0; o < 4; o++) {
        // Outputs made of record runs and noise, so that both spans and gaps occur.
        const pieces: string[] = [];
        for (let p = below(4); p >= 0; p--) {
          const words = tokenise(records[below(count)].text);
          const from = below(words.length + 1);
          pieces.push(words.slice(from, from + below(12)).join(" "), phrase(below(3)));
        }
        const output = pieces.join(" ");
        const inferenceId = `0x${(c * 10 + o + 1).toString(16).padStart(64, "0")}`;
        const params = { inferenceId, modelId: 7n };
        const result = attribute(index, output, params);
        expect(attribute(shuffled, output, params)).to.deep.equal(result);
        expect(attribute(reread, output, params)).to.deep.equal(result);
        expect(attribute(index, output, params)).to.deep.equal(result);

        const expected = naive(records, output, k);
        if (result.status === "unattributed") {
          expect(expected.size, result.reason).to.equal(0);
          continue;
        }
        attributedCount++;
        const got = new Map<string, bigint>();
        for (const d of result.record.datanets)
          for (const x of d.contributors) got.set(`${d.datanetId}:${x.account}`, x.weight);
        expect(got).to.deep.equal(expected);

        // Every datanet's credit for the inference, split by the inference-log policy, adds up exactly.
        for (const d of result.record.datanets) {
          const credit = BigInt(1 + below(1_000_000)) * 10n ** BigInt(below(19));
          const settled: SettledInference = {
            inferenceId,
            modelId: 7n,
            payer: account(99),
            fee: credit * 3n,
            attributionHash: result.attributionHash,
            block: 10,
            logIndex: 0,
            datanetCredit: credit,
            credits: [{ modelId: 7n, version: Number(d.datanetId), amount: credit }],
          };
          const allocation = inferenceLogAllocation([result.record], [settled], undefined, d.datanetId);
          expect(allocation.mismatched).to.deep.equal([]);
          expect(allocation.cumulativeTotal).to.equal(credit);
          expect(allocation.allocations.reduce((sum, a) => sum + BigInt(a.cumulativeAmount), 0n)).to.equal(credit);
          // Only the contributors named are paid (one whose part rounds to zero has no leaf).
          const named = new Set(d.contributors.map((x) => x.account));
          expect(allocation.allocations.every((a) => named.has(a.account))).to.equal(true);
        }
      }
    }
    expect(attributedCount).to.be.greaterThan(200);
  });
  it("splits every generated output's credit, level by level of a lineage, exactly, and attributes it the same every time", function () {
    const { below } = seeded(0x9e7);
    const sentence = (): string =>
      Array.from(
        { length: 6 + below(14) },
        () => ["fever", "cough", "rest", "dose", "the", "a", "of", "."][below(8)],
      ).join(" ");
    let checked = 0;
    for (let c = 0; c < 40; c++) {
      // A datanet whose version 1 holds the first records and version 2 all of them: a parent trained on version 1,
      // a child on version 2 on top of the parent's counts, as the demo's models are.
      const count = 4 + below(10);
      const first = 1 + below(count - 1);
      const records: EngineRecord[] = Array.from({ length: count }, (_, i) => ({
        datanetId: 1n,
        version: 2,
        contentHash: hash(c * 100 + i),
        contributor: account(i < first ? below(3) : 3 + below(3)),
        text: `${sentence()} ${sentence()}`,
      }));
      const v1 = new Set(records.slice(0, first).map((r) => r.contributor));
      const members = new Map([
        [1, v1],
        [2, new Set(records.map((r) => r.contributor))],
      ]);
      const parent = trainNgram(records.slice(0, first).map((r) => r.text));
      const child = trainNgram(
        records.map((r) => r.text),
        { parent },
      );
      const k = 2 + below(4);
      const index = buildIndex(records, { k });
      for (let o = 0; o < 5; o++) {
        const inferenceId = `0x${(c * 10 + o + 1).toString(16).padStart(64, "0")}`;
        const output = generateNgram(child, { seed: inferenceId, maxTokens: 10 + below(30) });
        const params = { inferenceId, modelId: 2n };
        const result = attribute(index, output, params);
        // Deterministic: the same model and seed give the same output, and a rebuilt index the same result and hash.
        expect(generateNgram(child, { seed: inferenceId, maxTokens: tokenise(output).length })).to.equal(output);
        expect(attribute(buildIndex([...records].reverse(), { k }), output, params)).to.deep.equal(result);
        if (result.status === "unattributed") continue;
        expect(result.attributionHash).to.equal(attributionHash(result.record));
        checked++;
        // The child's level credits version 2, its parent's (the lineage royalty) version 1.
        const amounts = [BigInt(1 + below(1_000_000)), BigInt(below(1_000_000))];
        const settled: SettledInference = {
          inferenceId,
          modelId: 2n,
          payer: account(99),
          fee: (amounts[0] + amounts[1]) * 4n,
          attributionHash: result.attributionHash,
          block: 10,
          logIndex: 0,
          datanetCredit: amounts[0] + amounts[1],
          credits: [
            { modelId: 2n, version: 2, amount: amounts[0] },
            { modelId: 1n, version: 1, amount: amounts[1] },
          ],
        };
        const allocation = inferenceLogAllocation([result.record], [settled], undefined, 1n, members);
        const named = result.record.datanets[0].contributors.map((x) => x.account);
        // A level whose version holds none of the contributors named keeps its credit in the pool.
        const expected = amounts[0] + (amounts[1] > 0n && named.some((a) => v1.has(a)) ? amounts[1] : 0n);
        const total = allocation.allocations.reduce((sum, a) => sum + BigInt(a.cumulativeAmount), 0n);
        expect(total).to.equal(allocation.cumulativeTotal);
        expect(allocation.cumulativeTotal).to.equal(expected);
        expect(allocation.allocations.every((a) => named.includes(a.account))).to.equal(true);
      }
    }
    expect(checked).to.be.greaterThan(60);
  });
});
