import { expect } from "chai";
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import { largestRemainderFast, leavesOf } from "../src/attribution/split.js";
import { largestRemainder } from "../src/attribution/index.js";

const account = (i: number): string => getAddress(`0x${keccak256(toUtf8Bytes(`split ${i}`)).slice(-40)}`);

describe("largestRemainderFast", function () {
  it("gives largestRemainder's split, ties included, on many random cases", function () {
    let x = 2463534242;
    const rnd = (m: number): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % m;
    };
    for (let c = 0; c < 200; c++) {
      const n = 1 + rnd(40);
      const weights = new Map<string, bigint>();
      // Few distinct weights, so that equal remainders (the ties) are common.
      for (let i = 0; i < n; i++) weights.set(account(c * 100 + i), BigInt(rnd(4)) * (c % 2 === 0 ? 1n : 10n ** 30n));
      if (![...weights.values()].some((w) => w > 0n)) weights.set(account(c * 100 + 99), 3n);
      const total = BigInt(rnd(1000)) * (c % 3 === 0 ? 10n ** 18n : 1n) + BigInt(rnd(7));
      expect([...largestRemainderFast(total, weights)]).to.deep.equal([...largestRemainder(total, weights)]);
    }
  });

  it("refuses what largestRemainder refuses, and an address given twice", function () {
    const a = account(1);
    expect(() => largestRemainderFast(-1n, new Map([[a, 1n]]))).to.throw("cannot split a negative amount (-1)");
    expect(() => largestRemainderFast(1n, new Map([[a, -2n]]))).to.throw(`negative weight -2 for ${a}`);
    expect(() => largestRemainderFast(1n, new Map([[a, 0n]]))).to.throw("no positive weight");
    expect(() => largestRemainderFast(1n, new Map([["0x12", 1n]]))).to.throw('"0x12" is not an address');
    expect(() =>
      largestRemainderFast(
        1n,
        new Map([
          [a, 1n],
          [a.toLowerCase(), 1n],
        ]),
      ),
    ).to.throw("is given twice");
  });

  it("leavesOf keeps the positive amounts in order", function () {
    const split = largestRemainderFast(
      3n,
      new Map([
        [account(1), 1n],
        [account(2), 1n],
        [account(3), 100n],
      ]),
    );
    expect(leavesOf(split).reduce((s, e) => s + BigInt(e.cumulativeAmount), 0n)).to.equal(3n);
    expect(leavesOf(new Map([[account(1), 0n]]))).to.deep.equal([]);
  });
});
