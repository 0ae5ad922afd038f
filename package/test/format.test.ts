import { expect } from "chai";
import { parseEther } from "ethers";
import { formatBps, formatDuration, formatOpen, formatTime, formatVotes, shortAddr } from "../src/format/index.js";

describe("formatOpen", function () {
  describe("when the amount is whole", function () {
    it("groups thousands and drops the fraction", function () {
      expect(formatOpen(parseEther("1"))).to.equal("1 OPEN");
      expect(formatOpen(parseEther("1000"))).to.equal("1,000 OPEN");
      expect(formatOpen(parseEther("1234567"))).to.equal("1,234,567 OPEN");
      expect(formatOpen(0n)).to.equal("0 OPEN");
    });
  });

  describe("when the amount has a fraction", function () {
    it("keeps it exact to the wei, ungrouped", function () {
      expect(formatOpen(parseEther("1234.5"))).to.equal("1,234.5 OPEN");
      expect(formatOpen(1n)).to.equal("0.000000000000000001 OPEN");
      expect(formatOpen(parseEther("0.0125"))).to.equal("0.0125 OPEN");
    });
  });

  describe("when the amount is negative", function () {
    it("puts the sign before the grouped digits", function () {
      expect(formatOpen(-parseEther("1500"))).to.equal("-1,500 OPEN");
    });
  });
});

describe("formatVotes", function () {
  it("is the same amount in gOPEN", function () {
    expect(formatVotes(parseEther("1000"))).to.equal("1,000 gOPEN");
    expect(formatVotes(parseEther("0.5"))).to.equal("0.5 gOPEN");
  });
});

describe("formatBps", function () {
  it("gives the basis points and the percent", function () {
    expect(formatBps(500n)).to.equal("500 bps (5%)");
    expect(formatBps(10_000n)).to.equal("10000 bps (100%)");
    expect(formatBps(1n)).to.equal("1 bps (0.01%)");
    expect(formatBps(0n)).to.equal("0 bps (0%)");
  });
});

describe("shortAddr", function () {
  it("keeps the first 4 and the last 4 hex digits of an address", function () {
    expect(shortAddr("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).to.equal("0xf39F…2266");
  });

  it("leaves a short string as it is", function () {
    expect(shortAddr("0x1234")).to.equal("0x1234");
    expect(shortAddr("")).to.equal("");
  });
});

describe("formatDuration", function () {
  describe("when the duration is under a minute", function () {
    it("gives seconds", function () {
      expect(formatDuration(0n)).to.equal("0s");
      expect(formatDuration(45n)).to.equal("45s");
    });
  });

  describe("when the duration is longer", function () {
    it("gives at most three units, the largest first, and skips empty ones", function () {
      expect(formatDuration(60n)).to.equal("1m");
      expect(formatDuration(3_605n)).to.equal("1h 5s");
      expect(formatDuration(3_661n)).to.equal("1h 1m 1s");
      expect(formatDuration(2n * 86_400n + 3n * 3_600n)).to.equal("2d 3h");
      expect(formatDuration(86_400n + 3_600n + 60n + 1n)).to.equal("1d 1h 1m");
    });
  });

  describe("when the duration is negative", function () {
    it("gives its length", function () {
      expect(formatDuration(-90n)).to.equal("1m 30s");
    });
  });
});

describe("formatTime", function () {
  const noon = BigInt(Date.UTC(2026, 2, 1, 12, 0, 0) / 1000);

  describe("without the chain's now", function () {
    it("gives the UTC date alone", function () {
      expect(formatTime(noon)).to.equal("2026-03-01 12:00:00 UTC");
      expect(formatTime(0n)).to.equal("1970-01-01 00:00:00 UTC");
    });
  });

  describe("with the chain's now", function () {
    it("says how far the time is from it", function () {
      expect(formatTime(noon, noon - 180n)).to.equal("2026-03-01 12:00:00 UTC (in 3m)");
      expect(formatTime(noon, noon + 3_600n + 5n)).to.equal("2026-03-01 12:00:00 UTC (1h 5s ago)");
      expect(formatTime(noon, noon)).to.equal("2026-03-01 12:00:00 UTC (now)");
    });
  });

  describe("when the time is beyond what a date can show", function () {
    it("gives the raw unix time", function () {
      expect(formatTime(2n ** 64n)).to.equal(`${(2n ** 64n).toString()} (unix time)`);
      expect(formatTime(2n ** 255n, 0n)).to.equal(`${(2n ** 255n).toString()} (unix time)`);
    });
  });
});
