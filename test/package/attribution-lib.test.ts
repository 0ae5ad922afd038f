import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { AbiCoder, getAddress, keccak256 } from "ethers";
import {
  ATTRIBUTION_HASH_TYPES,
  attributionHash,
  buildTree,
  claimable,
  formatInferenceRecord,
  inferenceLogAllocation,
  largestRemainder,
  parseAllocation,
  parseInferenceLog,
  proRataAllocation,
  proofFor,
  treeFileOf,
  treeFilePath,
  verifyAgainstLog,
  verifyPosted,
  versionMismatches,
} from "../../package/src/attribution/index.js";
import type {
  Allocation,
  ChainState,
  InferenceRecord,
  SettledInference,
  TreeFile,
} from "../../package/src/attribution/index.js";
import {
  listTreeFiles,
  readAllocationOrTree,
  readTreeFile,
  writeAllocationFile,
  writeTreeFile,
} from "../../package/src/node/index.js";

const A = getAddress("0x1000000000000000000000000000000000000001");
const B = getAddress("0x2000000000000000000000000000000000000002");
const C = getAddress("0x3000000000000000000000000000000000000003");
const D = getAddress("0x4000000000000000000000000000000000000004");
const SETTLEMENT = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const ID1 = `0x${"11".repeat(32)}`;
const ID2 = `0x${"22".repeat(32)}`;
const ID3 = `0x${"33".repeat(32)}`;

/// A small deterministic generator (xorshift32), so that the property tests are reproducible.
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function randomAccount(next: () => number): string {
  return getAddress(`0x${[0, 1, 2, 3, 4].map(() => next().toString(16).padStart(8, "0")).join("")}`);
}

function sum(entries: Allocation["allocations"]): bigint {
  return entries.reduce((s, e) => s + BigInt(e.cumulativeAmount), 0n);
}

function allocation(fields: Partial<Allocation> & Pick<Allocation, "allocations" | "cumulativeTotal">): Allocation {
  return {
    version: 1,
    chainId: 31337,
    settlement: SETTLEMENT,
    datanetId: "1",
    epoch: 1,
    policy: "pro-rata",
    ...fields,
  };
}

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (err: unknown) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-error: ${String(err)}`);
  }
  throw new Error("expected a throw");
}

function record(inferenceId: string, datanetId: bigint, contributors: Array<[string, bigint]>): InferenceRecord {
  return {
    inferenceId,
    modelId: 1n,
    datanets: [{ datanetId, contributors: contributors.map(([account, weight]) => ({ account, weight })) }],
  };
}

function settledOf(
  r: InferenceRecord,
  credit: bigint,
  block: number,
  levels: Array<{ version: number; amount: bigint }> = [{ version: 1, amount: credit }],
): SettledInference {
  return {
    inferenceId: r.inferenceId,
    modelId: r.modelId,
    payer: D,
    fee: credit * 2n,
    attributionHash: attributionHash(r),
    block,
    logIndex: 0,
    datanetCredit: credit,
    credits: levels.map((l) => ({ modelId: r.modelId, ...l })),
  };
}

describe("largestRemainder", function () {
  describe("when the amount does not divide evenly", function () {
    it("adds up exactly and gives the leftover units to the largest remainders, ties to the lower address", function () {
      const parts = largestRemainder(
        10n,
        new Map([
          [C, 1n],
          [A, 1n],
          [B, 1n],
        ]),
      );
      // 10/3: 3 each, one unit left, all remainders equal → the lowest address.
      expect([...parts.entries()]).to.deep.equal([
        [A, 4n],
        [B, 3n],
        [C, 3n],
      ]);
    });

    it("never misses the exact share by a unit or more, over random inputs", function () {
      const next = rng(7);
      for (let round = 0; round < 300; round++) {
        const n = 1 + (next() % 12);
        const weights = new Map<string, bigint>();
        for (let i = 0; i < n; i++) weights.set(randomAccount(next), BigInt(1 + (next() % 1000)));
        const total = BigInt(next()) * BigInt(next()) + BigInt(next() % 7);
        const parts = largestRemainder(total, weights);
        const weightSum = [...weights.values()].reduce((s, w) => s + w, 0n);
        expect([...parts.values()].reduce((s, p) => s + p, 0n)).to.equal(total);
        for (const [account, part] of parts) {
          const floor = (total * weights.get(account)!) / weightSum;
          expect(part === floor || part === floor + 1n, `${account}: ${part} vs ⌊${floor}⌋`).to.equal(true);
        }
      }
    });
  });

  describe("when no weight is positive", function () {
    it("throws", function () {
      expect(thrownBy(() => largestRemainder(5n, new Map([[A, 0n]]))).message).to.match(/no positive weight/);
    });
  });
});

describe("proRataAllocation", function () {
  const weights = (...pairs: Array<[string, bigint]>): Map<string, bigint> => new Map(pairs);

  describe("when there is no previous allocation", function () {
    it("splits each version's credit over that version's contributors by weight, summing exactly", function () {
      const result = proRataAllocation(
        undefined,
        [{ version: 1, amount: 1000n }],
        new Map([[1, weights([B, 2n], [A, 1n])]]),
      );
      expect(result.allocations).to.deep.equal([
        { account: A, cumulativeAmount: "333" },
        { account: B, cumulativeAmount: "667" },
      ]);
      expect(result.cumulativeTotal).to.equal(1000n);
      expect(result.versions).to.deep.equal([{ version: 1, credit: "1000" }]);
    });
  });

  describe("when a contributor joined after the version a credit names", function () {
    it("pays the late contributor nothing from the old version and only from the new one", function () {
      const v1 = weights([A, 1n], [B, 1n]);
      const v2 = weights([A, 1n], [B, 1n], [C, 2n]);
      const result = proRataAllocation(
        undefined,
        [
          { version: 1, amount: 100n },
          { version: 2, amount: 40n },
          { version: 1, amount: 20n },
        ],
        new Map([
          [1, v1],
          [2, v2],
        ]),
      );
      // Version 1: 120 over A and B; version 2: 40 over A, B and C (1:1:2).
      expect(result.allocations).to.deep.equal([
        { account: A, cumulativeAmount: "70" },
        { account: B, cumulativeAmount: "70" },
        { account: C, cumulativeAmount: "20" },
      ]);
      expect(result.versions).to.deep.equal([
        { version: 1, credit: "120" },
        { version: 2, credit: "40" },
      ]);
    });
  });

  describe("when there is a previous allocation", function () {
    it("adds the new credits to the previous amounts and version totals", function () {
      const previous = allocation({
        cumulativeTotal: "100",
        allocations: [
          { account: A, cumulativeAmount: "90" },
          { account: B, cumulativeAmount: "10" },
        ],
        versions: [{ version: 1, credit: "100" }],
      });
      const result = proRataAllocation(
        previous,
        [{ version: 2, amount: 30n }],
        new Map([[2, weights([A, 1n], [B, 1n], [C, 1n])]]),
      );
      expect(result.allocations).to.deep.equal([
        { account: A, cumulativeAmount: "100" },
        { account: B, cumulativeAmount: "20" },
        { account: C, cumulativeAmount: "10" },
      ]);
      expect(result.cumulativeTotal).to.equal(130n);
      expect(result.versions).to.deep.equal([
        { version: 1, credit: "100" },
        { version: 2, credit: "30" },
      ]);
    });
  });

  describe("when a version has no positive weight", function () {
    it("leaves its credit unallocated", function () {
      const result = proRataAllocation(
        undefined,
        [
          { version: 1, amount: 50n },
          { version: 2, amount: 7n },
        ],
        new Map([
          [1, weights([A, 1n])],
          [2, weights([A, 0n])],
        ]),
      );
      expect(result.cumulativeTotal).to.equal(50n);
      expect(result.unallocated).to.deep.equal([{ version: 2, amount: 7n }]);
      expect(result.versions).to.deep.equal([{ version: 1, credit: "50" }]);
    });
  });

  describe("when epochs follow one another with random credits over growing versions", function () {
    it("never lowers a cumulative amount, sums exactly, and pays each version only its own contributors", function () {
      const next = rng(2024);
      const accounts = [A, B, C, D, ...[0, 1, 2, 3].map(() => randomAccount(next))];
      // Version v holds the first v + 1 accounts, with fixed weights: versions are prefixes.
      const versionWeights = new Map<number, Map<string, bigint>>();
      for (let v = 1; v <= 7; v++) {
        versionWeights.set(v, new Map(accounts.slice(0, v + 1).map((a, i) => [a, BigInt(i + 1)])));
      }
      let previous: Allocation | undefined;
      const paidBy = new Map<number, bigint>();
      for (let epoch = 1; epoch <= 40; epoch++) {
        const credits = [0, 1, 2].map(() => ({
          version: 1 + (next() % 7),
          amount: BigInt(next() % 1_000_000) * 10n ** 9n + BigInt(next() % 997),
        }));
        for (const c of credits) paidBy.set(c.version, (paidBy.get(c.version) ?? 0n) + c.amount);
        const result = proRataAllocation(previous, credits, versionWeights);
        expect(sum(result.allocations)).to.equal(result.cumulativeTotal);
        for (const e of previous?.allocations ?? []) {
          const now = result.allocations.find((x) => x.account === e.account);
          expect(BigInt(now?.cumulativeAmount ?? "0") >= BigInt(e.cumulativeAmount), `epoch ${epoch}`).to.equal(true);
        }
        // The account that first appears in version k is paid at most what versions k and later credited.
        for (const [i, account] of accounts.entries()) {
          const first = Math.max(1, i);
          let bound = 0n;
          for (const [v, amount] of paidBy) if (v >= first) bound += amount;
          const got = BigInt(result.allocations.find((x) => x.account === account)?.cumulativeAmount ?? "0");
          expect(got <= bound, `epoch ${epoch} account ${i}`).to.equal(true);
        }
        previous = allocation({
          epoch,
          cumulativeTotal: result.cumulativeTotal.toString(),
          allocations: result.allocations,
          versions: result.versions,
        });
      }
    });
  });

  describe("when a credit names version 0", function () {
    it("throws", function () {
      expect(thrownBy(() => proRataAllocation(undefined, [{ version: 0, amount: 1n }], new Map())).message).to.match(
        /names version 0: datanet versions run from 1/,
      );
    });
  });

  describe("when the previous allocation is an inference-log one", function () {
    it("throws", function () {
      const previous = allocation({ policy: "inference-log", cumulativeTotal: "0", allocations: [] });
      expect(thrownBy(() => proRataAllocation(previous, [], new Map())).message).to.match(
        /a pro-rata allocation continues only a pro-rata one/,
      );
    });
  });

  describe("when the previous allocation does not add up", function () {
    it("throws", function () {
      const previous = allocation({ cumulativeTotal: "11", allocations: [{ account: A, cumulativeAmount: "10" }] });
      expect(thrownBy(() => proRataAllocation(previous, [], new Map())).message).to.match(
        /leaves sum to 10, its cumulativeTotal is 11/,
      );
    });
  });
});

describe("attributionHash", function () {
  const r = record(ID1, 1n, [
    [B, 2n],
    [A, 3n],
  ]);

  describe("when computed for a known record", function () {
    it("is keccak256 of the documented ABI encoding, with contributors sorted by address", function () {
      const expected = keccak256(
        AbiCoder.defaultAbiCoder().encode(ATTRIBUTION_HASH_TYPES, [
          ID1,
          1n,
          [
            [
              1n,
              [
                [A, 3n],
                [B, 2n],
              ],
            ],
          ],
        ]),
      );
      expect(attributionHash(parseInferenceLog(formatInferenceRecord(r))[0])).to.equal(expected);
      // Pinned: a change of this value breaks every payer that settles with it.
      expect(expected).to.equal("0xbed992757830246a342eb19038533ddacce9e64cee738afe3ed0ba575ea73ed6");
    });
  });

  describe("when the same attribution is written differently", function () {
    it("gives the same hash for any contributor order and for both record forms", function () {
      const oneLine = {
        inferenceId: ID1.toUpperCase().replace("0X", "0x"),
        modelId: 1,
        datanetId: "1",
        contributors: [
          { account: A.toLowerCase(), weight: "3" },
          { account: B, weight: 2 },
        ],
      };
      const perDatanet = {
        inferenceId: ID1,
        modelId: "1",
        datanets: [
          {
            datanetId: "1",
            contributors: [
              { account: B, weight: "2" },
              { account: A, weight: "3" },
            ],
          },
        ],
      };
      expect(attributionHash(oneLine)).to.equal(attributionHash(r));
      expect(attributionHash(perDatanet)).to.equal(attributionHash(r));
    });
  });

  describe("when any part of the attribution changes", function () {
    it("changes", function () {
      const base = attributionHash(r);
      expect(
        attributionHash(
          record(ID1, 1n, [
            [A, 3n],
            [B, 3n],
          ]),
        ),
      ).to.not.equal(base);
      expect(
        attributionHash(
          record(ID2, 1n, [
            [A, 3n],
            [B, 2n],
          ]),
        ),
      ).to.not.equal(base);
      expect(attributionHash({ ...r, modelId: 2n })).to.not.equal(base);
      expect(
        attributionHash(
          record(ID1, 2n, [
            [A, 3n],
            [B, 2n],
          ]),
        ),
      ).to.not.equal(base);
    });
  });
});

describe("parseInferenceLog", function () {
  describe("when a line is malformed", function () {
    it("names the line and what is wrong", function () {
      const good = formatInferenceRecord(record(ID1, 1n, [[A, 1n]]));
      expect(thrownBy(() => parseInferenceLog(`${good}\n{oops`, "log.jsonl")).message).to.match(
        /^log\.jsonl:2: not JSON/,
      );
      expect(thrownBy(() => parseInferenceLog(`${good}\n\n${good}`, "log.jsonl")).message).to.equal(
        `log.jsonl:3: inference ${ID1} appears twice`,
      );
      const zero = JSON.stringify({
        inferenceId: ID2,
        modelId: "1",
        datanetId: "1",
        contributors: [{ account: A, weight: 0 }],
      });
      expect(thrownBy(() => parseInferenceLog(zero, "l")).message).to.match(
        /contributors\[0\]\.weight must be positive/,
      );
      const twice = JSON.stringify({
        inferenceId: ID2,
        modelId: "1",
        datanetId: "1",
        contributors: [
          { account: A, weight: 1 },
          { account: A.toLowerCase(), weight: 2 },
        ],
      });
      expect(thrownBy(() => parseInferenceLog(twice, "l")).message).to.match(/appears twice among the contributors/);
    });
  });
});

describe("inferenceLogAllocation", function () {
  const r1 = record(ID1, 1n, [
    [A, 1n],
    [B, 2n],
  ]);
  const r2 = record(ID2, 1n, [
    [B, 1n],
    [C, 1n],
  ]);
  const r3 = record(ID3, 1n, [[C, 1n]]);

  describe("when every settled inference is in the log", function () {
    it("splits each inference's credit by its weights and sums exactly", function () {
      const result = inferenceLogAllocation([r1, r2], [settledOf(r1, 100n, 5), settledOf(r2, 51n, 6)], undefined, 1n);
      // r1: 100 over 1:2 → 33 / 67 (remainders 1 and 2); r2: 51 over 1:1 → 26 / 25 (tie to the lower address B).
      expect(result.allocations).to.deep.equal([
        { account: A, cumulativeAmount: "33" },
        { account: B, cumulativeAmount: "93" },
        { account: C, cumulativeAmount: "25" },
      ]);
      expect(result.cumulativeTotal).to.equal(151n);
      expect(result.inferences.map((i) => [i.inferenceId, i.datanetCredit])).to.deep.equal([
        [ID1, "100"],
        [ID2, "51"],
      ]);
    });
  });

  describe("when a log record's hash differs from the settled one", function () {
    it("leaves that settlement's credit unallocated, reports it as mismatched, and allocates the rest", function () {
      const tampered = { ...settledOf(r2, 10n, 6), attributionHash: attributionHash(r1) };
      const result = inferenceLogAllocation([r1, r2], [settledOf(r1, 10n, 5), tampered], undefined, 1n);
      expect(result.mismatched).to.deep.equal([
        { inferenceId: ID2, settledHash: attributionHash(r1), logHash: attributionHash(r2), fee: 20n },
      ]);
      expect(result.cumulativeTotal).to.equal(10n);
      expect(result.inferences.map((i) => i.inferenceId)).to.deep.equal([ID1]);
      expect(result.allocations).to.deep.equal(
        inferenceLogAllocation([r1], [settledOf(r1, 10n, 5)], undefined, 1n).allocations,
      );
      expect(result.unattributed).to.deep.equal([]);
      expect(result.unsettled).to.deep.equal([ID2]);
    });
  });

  describe("when someone settles a logged inference id again with a junk hash", function () {
    const honest = settledOf(r1, 100n, 5);
    const junk = (block: number): SettledInference => ({
      ...settledOf(r1, 1n, block),
      payer: C,
      attributionHash: `0x${"66".repeat(32)}`,
    });
    const alone = inferenceLogAllocation([r1, r2], [honest], undefined, 1n);

    it("allocates the honest settlement exactly as without the junk one, whichever came first", function () {
      for (const settled of [
        [honest, junk(6)],
        [junk(4), honest],
      ]) {
        const result = inferenceLogAllocation([r1, r2], settled, undefined, 1n);
        expect(result.allocations).to.deep.equal(alone.allocations);
        expect(result.cumulativeTotal).to.equal(alone.cumulativeTotal);
        expect(result.inferences).to.deep.equal(alone.inferences);
        expect(result.mismatched.map((m) => [m.inferenceId, m.fee])).to.deep.equal([[ID1, 2n]]);
        expect(result.unsettled).to.deep.equal([ID2]);
      }
    });

    it("does not allocate the honest settlement again in the next epoch", function () {
      const first = inferenceLogAllocation([r1, r2], [junk(4), honest], undefined, 1n);
      const previous = allocation({
        policy: "inference-log",
        cumulativeTotal: first.cumulativeTotal.toString(),
        allocations: first.allocations,
        inferences: first.inferences,
      });
      const r2Settled = settledOf(r2, 10n, 7);
      const second = inferenceLogAllocation([r1, r2], [junk(4), honest, r2Settled, junk(8)], previous, 1n);
      const expected = inferenceLogAllocation([r1, r2], [honest, r2Settled], undefined, 1n);
      expect(second.allocations).to.deep.equal(expected.allocations);
      expect(second.cumulativeTotal).to.equal(110n);
      expect(second.inferences.map((i) => i.inferenceId)).to.deep.equal([ID1, ID2]);
      expect(second.mismatched).to.have.length(2);
    });

    it("allocates each settlement made with the log's hash once", function () {
      const again = { ...settledOf(r1, 50n, 9), logIndex: 1 };
      const result = inferenceLogAllocation([r1], [honest, junk(6), again], undefined, 1n);
      expect(result.cumulativeTotal).to.equal(150n);
      expect(result.inferences.map((i) => i.datanetCredit)).to.deep.equal(["100", "50"]);
      const previous = allocation({
        policy: "inference-log",
        cumulativeTotal: result.cumulativeTotal.toString(),
        allocations: result.allocations,
        inferences: result.inferences,
      });
      const next = inferenceLogAllocation([r1], [honest, junk(6), again, junk(10)], previous, 1n);
      expect(next.cumulativeTotal).to.equal(150n);
      expect(next.allocations).to.deep.equal(result.allocations);
    });
  });

  describe("when continuing a previous inference-log allocation", function () {
    it("keeps the previous amounts and adds only the inferences settled since", function () {
      const first = inferenceLogAllocation([r1], [settledOf(r1, 100n, 5)], undefined, 1n);
      const previous = allocation({
        policy: "inference-log",
        cumulativeTotal: first.cumulativeTotal.toString(),
        allocations: first.allocations,
        inferences: first.inferences,
      });
      const second = inferenceLogAllocation(
        [r1, r2, r3],
        [settledOf(r1, 100n, 5), settledOf(r2, 10n, 7)],
        previous,
        1n,
      );
      expect(second.allocations).to.deep.equal([
        { account: A, cumulativeAmount: "33" },
        { account: B, cumulativeAmount: "72" },
        { account: C, cumulativeAmount: "5" },
      ]);
      expect(second.cumulativeTotal).to.equal(110n);
      expect(second.inferences).to.have.length(2);
      expect(second.unsettled).to.deep.equal([ID3]);
    });
  });

  describe("when a settled inference has no contributors for the datanet in the log", function () {
    it("leaves its credit unallocated and reports it", function () {
      const other = record(ID3, 2n, [[C, 1n]]);
      const result = inferenceLogAllocation(
        [r1, other],
        [settledOf(r1, 9n, 5), settledOf(other, 4n, 6)],
        undefined,
        1n,
      );
      expect(result.cumulativeTotal).to.equal(9n);
      expect(result.unattributed.map((u) => u.inferenceId)).to.deep.equal([ID3]);
    });
  });

  describe("when the previous allocation is pro-rata", function () {
    it("throws", function () {
      const previous = allocation({ cumulativeTotal: "1", allocations: [{ account: A, cumulativeAmount: "1" }] });
      expect(thrownBy(() => inferenceLogAllocation([r1], [], previous, 1n)).message).to.match(
        /continues only an inference-log/,
      );
    });
  });
});

describe("buildTree", function () {
  const alloc = allocation({
    cumulativeTotal: "600",
    allocations: [
      { account: A, cumulativeAmount: "100" },
      { account: B, cumulativeAmount: "200" },
      { account: C, cumulativeAmount: "300" },
    ],
  });

  describe("when written to a tree file and read back", function () {
    it("keeps the root, and every proof verifies against it", function () {
      const dir = mkdtempSync(path.join(tmpdir(), "attribution-lib-"));
      const allocFile = path.join(dir, "alloc.json");
      writeAllocationFile(allocFile, alloc);
      const tree = buildTree(alloc);
      const file = treeFilePath(allocFile);
      expect(file).to.equal(path.join(dir, "alloc.tree.json"));
      writeTreeFile(file, alloc, tree);

      const read = readTreeFile(file);
      expect(read.root).to.equal(tree.root);
      expect(readAllocationOrTree(file)).to.deep.equal(alloc);
      expect(readAllocationOrTree(allocFile)).to.deep.equal(alloc);
      expect(listTreeFiles(dir)).to.deep.equal([file]);
      for (const e of alloc.allocations) {
        const entry = proofFor(read, e.account.toLowerCase());
        expect(entry?.cumulativeAmount).to.equal(e.cumulativeAmount);
        expect(
          StandardMerkleTree.verify(tree.root, ["address", "uint256"], [e.account, e.cumulativeAmount], entry!.proof),
        ).to.equal(true);
      }
      expect(proofFor(read, D)).to.equal(undefined);
    });
  });

  describe("when the allocation has no account", function () {
    it("throws", function () {
      expect(thrownBy(() => buildTree(allocation({ cumulativeTotal: "0", allocations: [] }))).message).to.match(
        /no account/,
      );
    });
  });
});

describe("claimable", function () {
  const alloc = allocation({ cumulativeTotal: "100", allocations: [{ account: A, cumulativeAmount: "100" }] });
  const file = treeFileOf(alloc, buildTree(alloc));

  it("is the cumulative amount less what was claimed, never negative, and 0 without a leaf", function () {
    expect(claimable(file, A, 0n)).to.equal(100n);
    expect(claimable(file, A, 40n)).to.equal(60n);
    expect(claimable(file, A, 100n)).to.equal(0n);
    expect(claimable(file, A, 150n)).to.equal(0n);
    expect(claimable(file, B, 0n)).to.equal(0n);
  });
});

describe("parseAllocation", function () {
  describe("when the file is malformed", function () {
    it("says which field is wrong", function () {
      const good = allocation({ cumulativeTotal: "1", allocations: [{ account: A, cumulativeAmount: "1" }] });
      expect(thrownBy(() => parseAllocation({ ...good, version: 2 }, "f")).message).to.match(
        /version 2 is not supported/,
      );
      expect(thrownBy(() => parseAllocation({ ...good, policy: "equal" }, "f")).message).to.match(/policy must be/);
      expect(
        thrownBy(() => parseAllocation({ ...good, allocations: [{ account: A, cumulativeAmount: "-1" }] }, "f"))
          .message,
      ).to.match(/allocations\[0\]\.cumulativeAmount must be a non-negative integer/);
      expect(
        thrownBy(() =>
          parseAllocation(
            {
              ...good,
              allocations: [
                { account: A, cumulativeAmount: "1" },
                { account: A.toLowerCase(), cumulativeAmount: "1" },
              ],
            },
            "f",
          ),
        ).message,
      ).to.match(/appears twice/);
    });
  });
});

describe("verifyPosted", function () {
  const r1 = record(ID1, 1n, [
    [A, 1n],
    [B, 1n],
  ]);
  const r2 = record(ID2, 1n, [[C, 1n]]);
  const result = inferenceLogAllocation([r1, r2], [settledOf(r1, 100n, 5), settledOf(r2, 50n, 6)], undefined, 1n);
  const alloc = allocation({
    policy: "inference-log",
    cumulativeTotal: result.cumulativeTotal.toString(),
    allocations: result.allocations,
    inferences: result.inferences,
  });
  const good = treeFileOf(alloc, buildTree(alloc));
  const chain = (): ChainState => ({
    chainId: 31337,
    settlement: SETTLEMENT,
    posted: { root: good.root, cumulativeTotal: 150n, readyAt: 1, attestor: D, uri: "u" },
    status: "active",
    accrued: 200n,
    settled: new Map([
      [ID1, [attributionHash(r1)]],
      [ID2, [attributionHash(r2)]],
    ]),
  });
  /// A deep copy of the good file, changed by `edit`, as if someone edited the JSON.
  const tampered = (edit: (f: TreeFile) => void): TreeFile => {
    const copy = JSON.parse(JSON.stringify(good)) as TreeFile;
    edit(copy);
    return copy;
  };
  const names = (file: TreeFile, state: ChainState = chain()): string[] => [
    ...new Set(verifyPosted(file, state).map((m) => m.name)),
  ];

  describe("when the file is what was posted", function () {
    it("finds no mismatch", function () {
      expect(verifyPosted(good, chain())).to.deep.equal([]);
    });
  });

  describe("when an amount was changed in the allocation", function () {
    it("names the root, proof and total mismatches", function () {
      const file = tampered((f) => {
        f.allocation.allocations[0].cumulativeAmount = "60";
      });
      expect(names(file)).to.deep.equal(["root mismatch", "proof mismatch", "total mismatch"]);
    });
  });

  describe("when the total was raised above what the datanet accrued", function () {
    it("names the total mismatches and the total above accrued", function () {
      const file = tampered((f) => {
        f.allocation.cumulativeTotal = "250";
      });
      expect(names(file)).to.deep.equal(["total mismatch", "total above accrued", "credit mismatch"]);
    });
  });

  describe("when the posted root or total differ", function () {
    it("names each", function () {
      const state = chain();
      state.posted = { root: `0x${"ab".repeat(32)}`, cumulativeTotal: 149n, readyAt: 1, attestor: D, uri: "u" };
      expect(names(good, state)).to.deep.equal(["root mismatch", "total mismatch"]);
    });
  });

  describe("when an inference's attribution hash differs from its settlement", function () {
    it("names the inference", function () {
      const file = tampered((f) => {
        f.allocation.inferences![1].attributionHash = `0x${"cd".repeat(32)}`;
      });
      const found = verifyPosted(file, chain());
      expect(found.map((m) => m.name)).to.deep.equal(["attribution hash mismatch"]);
      expect(found[0].detail).to.contain(`inference ${ID2}`);
    });

    it("finds no mismatch when the inference was also settled by someone else with another hash", function () {
      const state = chain();
      state.settled.set(ID1, [`0x${"66".repeat(32)}`, attributionHash(r1)]);
      expect(verifyPosted(good, state)).to.deep.equal([]);
    });

    it("names an inference allocated more often than it was settled with its hash", function () {
      const file = tampered((f) => {
        f.allocation.inferences!.push({ ...f.allocation.inferences![0] });
      });
      const state = chain();
      state.settled.set(ID1, [attributionHash(r1), `0x${"66".repeat(32)}`]);
      const found = verifyPosted(file, state).filter((m) => m.name === "attribution hash mismatch");
      expect(found.map((m) => m.detail)).to.deep.equal([
        `inference ${ID1}: file ${attributionHash(r1)} ≠ settled ${attributionHash(r1)}, 0x${"66".repeat(32)}`,
      ]);
    });

    it("names an inference that was never settled", function () {
      const state = chain();
      state.settled.delete(ID1);
      expect(verifyPosted(good, state).map((m) => m.detail)).to.deep.equal([`inference ${ID1} was never settled`]);
    });
  });

  describe("when nothing was posted for the epoch, or the file is for another deployment", function () {
    it("names not posted and network mismatch", function () {
      const state = chain();
      delete state.posted;
      state.chainId = 1;
      expect(names(good, state)).to.deep.equal(["network mismatch", "not posted"]);
    });
  });

  describe("when checked against the inference log", function () {
    it("finds nothing for the log it came from, and names an inference whose record changed", function () {
      expect(verifyAgainstLog(good, [r1, r2])).to.deep.equal([]);
      const changed = record(ID2, 1n, [[D, 1n]]);
      expect(verifyAgainstLog(good, [r1, changed]).map((m) => m.name)).to.deep.equal(["attribution hash mismatch"]);
    });
  });

  describe("when the tree file on disk was edited", function () {
    it("reads back the edit and names it", function () {
      const dir = mkdtempSync(path.join(tmpdir(), "attribution-verify-"));
      const file = path.join(dir, "x.tree.json");
      writeFileSync(file, JSON.stringify(good));
      const text = readFileSync(file, "utf8").replace(`"cumulativeTotal":"150"`, `"cumulativeTotal":"151"`);
      writeFileSync(file, text);
      expect(names(readTreeFile(file))).to.include("total mismatch");
    });
  });
});

describe("inferenceLogAllocation with datanet versions", function () {
  const r = record(ID1, 1n, [
    [A, 1n],
    [C, 1n],
  ]);
  const members = new Map<number, Set<string>>([
    [1, new Set([A, B])],
    [2, new Set([A, B, C])],
  ]);

  describe("when the inference pays one version and every named contributor is in it", function () {
    it("splits the credit and records the level's version", function () {
      const result = inferenceLogAllocation(
        [r],
        [settledOf(r, 10n, 5, [{ version: 2, amount: 10n }])],
        undefined,
        1n,
        members,
      );
      expect(result.allocations).to.deep.equal([
        { account: A, cumulativeAmount: "5" },
        { account: C, cumulativeAmount: "5" },
      ]);
      expect(result.inferences[0].credits).to.deep.equal([{ modelId: "1", version: 2, amount: "10" }]);
    });
  });

  describe("when a named contributor is not in the version the inference pays", function () {
    it("refuses it, naming the inference, the contributor and the version", function () {
      const settled = settledOf(r, 10n, 5, [{ version: 1, amount: 10n }]);
      expect(thrownBy(() => inferenceLogAllocation([r], [settled], undefined, 1n, members)).message).to.match(
        new RegExp(`inference ${ID1} \\(model 1, block 5\\): contributor ${C} is not in version 1 of the datanet`),
      );
    });
  });

  describe("when two lineage levels pay different versions", function () {
    it("splits each level only over the named contributors in its version", function () {
      const settled = settledOf(r, 30n, 5, [
        { version: 2, amount: 20n },
        { version: 1, amount: 10n },
      ]);
      const result = inferenceLogAllocation([r], [settled], undefined, 1n, members);
      // Level v2: 20 over A and C; level v1: 10 to A alone (C joined in version 2).
      expect(result.allocations).to.deep.equal([
        { account: A, cumulativeAmount: "20" },
        { account: C, cumulativeAmount: "10" },
      ]);
      expect(result.cumulativeTotal).to.equal(30n);
    });
  });
});

describe("versionMismatches", function () {
  const first = new Map([
    [A, 1],
    [B, 1],
    [C, 2],
  ]);

  describe("when the leaves could come from the versions credited", function () {
    it("finds nothing", function () {
      const leaves: Array<[string, bigint]> = [
        [A, 60n],
        [B, 30n],
        [C, 10n],
      ];
      expect(
        versionMismatches(
          leaves,
          [
            { version: 1, credit: "80" },
            { version: 2, credit: "20" },
          ],
          first,
        ),
      ).to.deep.equal([]);
    });
  });

  describe("when a late contributor is paid from a version it is not in", function () {
    it("reports that its group holds more than the later versions credited", function () {
      const leaves: Array<[string, bigint]> = [
        [A, 50n],
        [C, 50n],
      ];
      const found = versionMismatches(
        leaves,
        [
          { version: 1, credit: "80" },
          { version: 2, credit: "20" },
        ],
        first,
      );
      expect(found.map((m) => m.detail)).to.deep.equal([
        "contributors who joined in version 2 or later hold 50, but versions 2 and later credited only 20",
      ]);
    });
  });

  describe("when an account is in no version credited", function () {
    it("names it", function () {
      const found = versionMismatches([[D, 1n] as [string, bigint]], [{ version: 1, credit: "1" }], first);
      expect(found[0].detail).to.match(
        new RegExp(
          `1 account\\(s\\) are paid but in none of the versions credited \\(up to 1\\): ${D} \\(in no version\\)`,
        ),
      );
    });
  });
});
