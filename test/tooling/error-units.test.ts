/// The decoder's human units for custom error arguments (package/src/errors/units.ts): one test per rule, on the
/// signatures of the suite's own interfaces and of the OpenZeppelin errors it inherits.
import { expect } from "chai";
import { Interface, parseEther, zeroPadValue } from "ethers";
import { decodeRevertData, unitOfName } from "../../package/src/errors/index.js";

const errors = new Interface([
  "error FeeAboveCap(uint256 fee, uint256 cap)",
  "error BondTooLow(address attestor, uint256 bond, uint256 minBond)",
  "error NothingToClaim(uint256 datanetId, address account, uint256 cumulativeAmount, uint256 alreadyClaimed)",
  "error DataShareBelowFloor(uint256 dataBps, uint256 minDataBps)",
  "error GovernorInsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold)",
  "error ERC2612ExpiredSignature(uint256 deadline)",
  "error NoRootReady(uint256 datanetId, uint256 readyAt)",
  "error BondLocked(address attestor, uint256 lockedUntil)",
  "error WithdrawalNotReady(address account, uint256 readyAt, uint256 nowTime)",
  "error CooldownTooLong(uint256 cooldown, uint256 maxCooldown)",
  "error WindowOutOfBounds(uint256 window, uint256 min, uint256 max)",
  "error BondAboveMax(uint256 bond, uint256 max)",
  "error BatchTooLarge(uint256 count, uint256 max)",
  "error ParameterOutOfBounds(uint256 value, uint256 max)",
  "error NotPending(uint256 datanetId, bytes32 key, uint8 status)",
  "error GovernorUnexpectedProposalState(uint256 proposalId, uint8 current, bytes32 expectedStates)",
]);
const account = "0x00000000000000000000000000000000000a77e1";
const key = `0x${"ab".repeat(32)}`;
const line = (name: string, args: unknown[], now?: bigint): string =>
  decodeRevertData(errors.encodeErrorResult(name, args), errors, { now });

/// 2026-03-01 12:00:00 UTC.
const MARCH_1 = 1_772_366_400n;

describe("custom error arguments in human units", function () {
  describe("amounts (fee, cap, bond, balance, needed, allowance, total, claimed, accrued, price, …)", function () {
    it("reads them in OPEN", function () {
      expect(line("FeeAboveCap", [parseEther("1.5"), parseEther("1")])).to.equal(
        "FeeAboveCap(fee=1.5 OPEN, cap=1 OPEN)",
      );
    });

    it("strips min/max/already/cumulative from the name before deciding", function () {
      expect(line("BondTooLow", [account, parseEther("10"), parseEther("1000")])).to.equal(
        `BondTooLow(attestor=${account}, bond=10 OPEN, minBond=1,000 OPEN)`,
      );
      expect(line("NothingToClaim", [1n, account, parseEther("2"), parseEther("2")])).to.equal(
        `NothingToClaim(datanetId=1, account=${account}, cumulativeAmount=2 OPEN, alreadyClaimed=2 OPEN)`,
      );
    });

    it("adds the wei of an amount below a gwei, on the same line", function () {
      expect(line("FeeAboveCap", [20n, 1n])).to.equal(
        "FeeAboveCap(fee=0.00000000000000002 OPEN (20 wei), cap=0.000000000000000001 OPEN (1 wei))",
      );
    });

    it("leaves the generic `value` of ParameterOutOfBounds a number", function () {
      expect(line("ParameterOutOfBounds", [12_000n, 10_000n])).to.equal("ParameterOutOfBounds(value=12000, max=10000)");
    });
  });

  describe("basis points (a name ending in Bps)", function () {
    it("reads them as bps with the percent", function () {
      expect(line("DataShareBelowFloor", [1000n, 3000n])).to.equal(
        "DataShareBelowFloor(dataBps=1000 bps (10%), minDataBps=3000 bps (30%))",
      );
    });
  });

  describe("votes (votes, threshold)", function () {
    it("reads them in gOPEN", function () {
      expect(line("GovernorInsufficientProposerVotes", [account, parseEther("5"), parseEther("100")])).to.equal(
        `GovernorInsufficientProposerVotes(proposer=${account}, votes=5 gOPEN, threshold=100 gOPEN)`,
      );
    });
  });

  describe("timestamps (deadline, expiry, timepoint, …At, …Until)", function () {
    it("reads them as UTC dates", function () {
      expect(line("ERC2612ExpiredSignature", [MARCH_1])).to.equal(
        "ERC2612ExpiredSignature(deadline=2026-03-01 12:00:00 UTC)",
      );
      expect(line("BondLocked", [account, MARCH_1])).to.equal(
        `BondLocked(attestor=${account}, lockedUntil=2026-03-01 12:00:00 UTC)`,
      );
    });

    it("says how far they are from the chain's now when the caller gives it", function () {
      expect(line("NoRootReady", [1n, MARCH_1], MARCH_1 - 180n)).to.equal(
        "NoRootReady(datanetId=1, readyAt=2026-03-01 12:00:00 UTC (in 3m))",
      );
    });

    it("takes now from the error itself when it carries one (nowTime)", function () {
      expect(line("WithdrawalNotReady", [account, MARCH_1, MARCH_1 - 3_600n])).to.equal(
        `WithdrawalNotReady(account=${account}, readyAt=2026-03-01 12:00:00 UTC (in 1h), ` +
          "nowTime=2026-03-01 11:00:00 UTC)",
      );
    });

    it("keeps 0 as 0 (no time set)", function () {
      expect(line("NoRootReady", [1n, 0n])).to.equal("NoRootReady(datanetId=1, readyAt=0)");
    });
  });

  describe("durations (cooldown, window, timeout, delay, duration, extension, …)", function () {
    it("reads them as days, hours, minutes and seconds", function () {
      expect(line("CooldownTooLong", [7_862_400n, 7_776_000n])).to.equal(
        "CooldownTooLong(cooldown=91d, maxCooldown=90d)",
      );
    });
  });

  describe("bounds (min, max, limit)", function () {
    it("take the unit of the value before them", function () {
      expect(line("WindowOutOfBounds", [30n, 60n, 604_800n])).to.equal("WindowOutOfBounds(window=30s, min=1m, max=7d)");
      expect(line("BondAboveMax", [parseEther("2"), parseEther("1")])).to.equal(
        "BondAboveMax(bond=2 OPEN, max=1 OPEN)",
      );
      expect(line("BatchTooLarge", [600n, 500n])).to.equal("BatchTooLarge(count=600, max=500)");
    });
  });

  describe("enum states", function () {
    it("names a contribution's status", function () {
      expect(line("NotPending", [2n, key, 2n])).to.equal(`NotPending(datanetId=2, key=${key}, status=Accepted)`);
    });

    it("names a proposal's state, and the set of states it should have been in", function () {
      expect(line("GovernorUnexpectedProposalState", [7n, 1n, zeroPadValue("0x30", 32)])).to.equal(
        "GovernorUnexpectedProposalState(proposalId=7, current=Active, expectedStates=Succeeded|Queued)",
      );
    });

    it("keeps a number that is no state of the enum", function () {
      expect(line("NotPending", [2n, key, 9n])).to.equal(`NotPending(datanetId=2, key=${key}, status=9)`);
    });
  });

  describe("unitOfName", function () {
    it("classifies every amount, time and duration name of the suite's interfaces", function () {
      const cases: Record<string, string> = {
        amount: "open",
        needed: "open",
        allowance: "open",
        balance: "open",
        accrued: "open",
        previousTotal: "open",
        coverage: "open",
        exposure: "open",
        capacity: "open",
        price: "open",
        increasedSupply: "open",
        newLineageBps: "bps",
        expiry: "time",
        maxExpiry: "time",
        expiredAt: "time",
        committedAt: "time",
        withdrawableAt: "time",
        timepoint: "time",
        reviewTimeout: "duration",
        minDuration: "duration",
        maxVoteExtension: "duration",
        minDelay: "duration",
        datanetId: "plain",
        epoch: "plain",
        committedInBlock: "plain",
        maxDepth: "plain",
        maxWeight: "plain",
        vetoes: "plain",
        factor: "plain",
        value: "plain",
      };
      for (const [name, unit] of Object.entries(cases)) expect(unitOfName(name), name).to.equal(unit);
      expect(unitOfName("max")).to.equal(undefined);
    });
  });
});
