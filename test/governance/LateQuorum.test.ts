import { expect } from "chai";
import { id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { PARAMS, loadSuite } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { time } = connection.networkHelpers;

const Vote = { Against: 0, For: 1, Abstain: 2 } as const;
const EXTENSION = BigInt(PARAMS.voteExtension);

async function stakeAndDelegate(s: Suite, user: HardhatEthersSigner, amount: bigint): Promise<void> {
  await s.open.connect(user).approve(await s.gopen.getAddress(), amount);
  await s.gopen.connect(user).stake(amount);
  await s.gopen.connect(user).delegate(user.address);
}

/// Proposes `calldata` on `target` as `proposer`, waits for the vote to open, and returns the id and the call.
async function open(s: Suite, proposer: HardhatEthersSigner, target: string, calldata: string, description: string) {
  const call = { targets: [target], values: [0n], calldatas: [calldata], descriptionHash: id(description) };
  await s.governor.connect(proposer).propose(call.targets, call.values, call.calldatas, description);
  const proposalId = await s.governor.hashProposal(call.targets, call.values, call.calldatas, call.descriptionHash);
  await time.increase(PARAMS.votingDelay + 1);
  return { proposalId, ...call };
}

/// The id of the last proposal created.
async function lastProposal(s: Suite): Promise<bigint> {
  const created = await s.governor.queryFilter(s.governor.filters.ProposalCreated());
  return created[created.length - 1].args.proposalId;
}

/// Votes `voter` for, then queues and executes the proposal; returns the execution's transaction promise.
async function passAndExecute(s: Suite, voter: HardhatEthersSigner, p: Awaited<ReturnType<typeof open>>) {
  await s.governor.connect(voter).castVote(p.proposalId, Vote.For);
  await time.increaseTo((await s.governor.proposalDeadline(p.proposalId)) + 1n);
  await s.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
  await time.increase(PARAMS.timelockDelay + 1);
  return s.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
}

describe("GovernorLateQuorum", function () {
  describe("castVote inside the late window", function () {
    describe("when quorum was reached before the window", function () {
      it("keeps the deadline: only the vote that reaches quorum late extends it", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1000"));
        await stakeAndDelegate(s, bob, parseEther("1000"));
        const p = await open(
          s,
          alice,
          await s.gopen.getAddress(),
          s.gopen.interface.encodeFunctionData("setCooldown", [60]),
          "Early",
        );
        await s.governor.connect(alice).castVote(p.proposalId, Vote.For);
        const deadline = await s.governor.proposalDeadline(p.proposalId);
        await time.setNextBlockTimestamp(deadline - EXTENSION / 2n);

        await expect(s.governor.connect(bob).castVote(p.proposalId, Vote.For)).not.to.emit(
          s.governor,
          "ProposalExtended",
        );
        expect(await s.governor.proposalDeadline(p.proposalId)).to.equal(deadline);
      });
    });

    describe("when the vote is against", function () {
      it("never extends: an against vote cannot reach quorum", async function () {
        const s = await loadSuite(connection);
        const [alice, whale] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1"));
        await stakeAndDelegate(s, whale, parseEther("99000"));
        const p = await open(
          s,
          alice,
          await s.gopen.getAddress(),
          s.gopen.interface.encodeFunctionData("setCooldown", [60]),
          "Against",
        );
        const deadline = await s.governor.proposalDeadline(p.proposalId);
        await time.setNextBlockTimestamp(deadline - EXTENSION / 2n);

        await expect(s.governor.connect(whale).castVote(p.proposalId, Vote.Against)).not.to.emit(
          s.governor,
          "ProposalExtended",
        );
        expect(await s.governor.proposalDeadline(p.proposalId)).to.equal(deadline);
      });
    });

    describe("when the deadline was already extended", function () {
      it("does not extend it again", async function () {
        const s = await loadSuite(connection);
        const [alice, whale, carol] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1"));
        await stakeAndDelegate(s, whale, parseEther("99000"));
        await stakeAndDelegate(s, carol, parseEther("1000"));
        const p = await open(
          s,
          alice,
          await s.gopen.getAddress(),
          s.gopen.interface.encodeFunctionData("setCooldown", [60]),
          "Twice",
        );
        const deadline = await s.governor.proposalDeadline(p.proposalId);
        await time.setNextBlockTimestamp(deadline - EXTENSION / 2n);
        await s.governor.connect(whale).castVote(p.proposalId, Vote.Abstain);
        const extended = await s.governor.proposalDeadline(p.proposalId);
        expect(extended).to.be.greaterThan(deadline);
        await time.setNextBlockTimestamp(extended - 1n);

        await expect(s.governor.connect(carol).castVote(p.proposalId, Vote.For)).not.to.emit(
          s.governor,
          "ProposalExtended",
        );
        expect(await s.governor.proposalDeadline(p.proposalId)).to.equal(extended);
      });
    });
  });

  describe("castVote at the boundaries of the late window and of the quorum", function () {
    /// gOPEN supply of exactly 100,000: the quorum (4%) is exactly 4,000 gOPEN. `early` votes for before the window
    /// (never late), `late` votes `support` at `at` (seconds before the deadline); returns whether that extended.
    async function lateVote(
      early: bigint,
      late: bigint,
      support: number,
      secondsBeforeDeadline: bigint,
    ): Promise<{ extended: boolean; deadline: bigint; s: Suite }> {
      const s = await loadSuite(connection);
      const [alice, bob, whale] = s.users;
      const total = parseEther("100000");
      await stakeAndDelegate(s, alice, early);
      await stakeAndDelegate(s, bob, late);
      await stakeAndDelegate(s, whale, total - early - late);
      const p = await open(
        s,
        alice,
        await s.gopen.getAddress(),
        s.gopen.interface.encodeFunctionData("setCooldown", [60]),
        `Boundary ${early} ${late} ${support} ${secondsBeforeDeadline}`,
      );
      expect(await s.governor.quorum(await s.governor.proposalSnapshot(p.proposalId))).to.equal(parseEther("4000"));
      await s.governor.connect(alice).castVote(p.proposalId, Vote.For);
      const deadline = await s.governor.proposalDeadline(p.proposalId);
      await time.setNextBlockTimestamp(deadline - secondsBeforeDeadline);
      const tx = await s.governor.connect(bob).castVote(p.proposalId, support);
      const receipt = await tx.wait();
      const extended = (receipt?.logs ?? []).some(
        (log) => s.governor.interface.parseLog(log)?.name === "ProposalExtended",
      );
      return { extended, deadline, s };
    }
    const QUORUM = parseEther("4000");

    describe("when a vote inside the window brings the tally to exactly the quorum", function () {
      it("counts as reaching it, and extends the deadline", async function () {
        const { extended } = await lateVote(QUORUM - 1n, 1n, Vote.For, EXTENSION / 2n);
        expect(extended).to.equal(true);
      });
    });

    describe("when a vote inside the window brings the tally to one unit below the quorum", function () {
      it("does not extend", async function () {
        const { extended } = await lateVote(QUORUM - 2n, 1n, Vote.For, EXTENSION / 2n);
        expect(extended).to.equal(false);
      });
    });

    describe("when the tally stood at exactly the quorum before a vote inside the window", function () {
      it("does not extend: the quorum was reached before the window", async function () {
        const { extended } = await lateVote(QUORUM, 1n, Vote.Abstain, EXTENSION / 2n);
        expect(extended).to.equal(false);
      });
    });

    describe("when an Against vote inside the window follows a quorum reached before it", function () {
      it("never extends the deadline", async function () {
        const { extended, deadline, s } = await lateVote(parseEther("5000"), parseEther("2000"), Vote.Against, 1n);
        expect(extended).to.equal(false);
        const id = await lastProposal(s);
        expect(await s.governor.proposalDeadline(id)).to.equal(deadline);
      });
    });

    describe("when the vote that reaches quorum comes at the first second of the window", function () {
      it("extends (to the deadline itself: windowStart + extension)", async function () {
        const { extended } = await lateVote(QUORUM - 1n, 1n, Vote.For, EXTENSION);
        expect(extended).to.equal(true);
      });
    });

    describe("when the vote that reaches quorum comes one second before the window", function () {
      it("does not extend", async function () {
        const { extended } = await lateVote(QUORUM - 1n, 1n, Vote.For, EXTENSION + 1n);
        expect(extended).to.equal(false);
      });
    });
  });

  describe("setLateQuorumVoteExtension", function () {
    describe("when governance sets it", function () {
      it("applies to the votes cast from then on and emits LateQuorumVoteExtensionSet", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1000"));
        const target = await s.governor.getAddress();
        const p = await open(
          s,
          alice,
          target,
          s.governor.interface.encodeFunctionData("setLateQuorumVoteExtension", [300]),
          "Longer",
        );

        await expect(passAndExecute(s, alice, p))
          .to.emit(s.governor, "LateQuorumVoteExtensionSet")
          .withArgs(EXTENSION, 300n);
        expect(await s.governor.lateQuorumVoteExtension()).to.equal(300n);
      });
    });

    describe("when it equals the voting period", function () {
      it("is accepted", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1000"));
        const target = await s.governor.getAddress();
        const p = await open(
          s,
          alice,
          target,
          s.governor.interface.encodeFunctionData("setLateQuorumVoteExtension", [PARAMS.votingPeriod]),
          "As long as the vote",
        );

        await expect(passAndExecute(s, alice, p))
          .to.emit(s.governor, "LateQuorumVoteExtensionSet")
          .withArgs(EXTENSION, BigInt(PARAMS.votingPeriod));
      });
    });

    describe("when it exceeds the voting period", function () {
      it("fails the proposal's execution with GovernorPreventLateQuorumVoteExtensionTooLarge", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1000"));
        const target = await s.governor.getAddress();
        const tooLong = BigInt(PARAMS.votingPeriod) + 1n;
        const p = await open(
          s,
          alice,
          target,
          s.governor.interface.encodeFunctionData("setLateQuorumVoteExtension", [tooLong]),
          "Too long",
        );

        await expect(passAndExecute(s, alice, p))
          .to.be.revertedWithCustomError(s.governor, "GovernorPreventLateQuorumVoteExtensionTooLarge")
          .withArgs(tooLong, BigInt(PARAMS.votingPeriod));
      });
    });
  });

  describe("quorumNumerator", function () {
    describe("after governance changes it", function () {
      it("answers the new value from now on and the old one for earlier timepoints", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1000"));
        const target = await s.governor.getAddress();
        const p = await open(
          s,
          alice,
          target,
          s.governor.interface.encodeFunctionData("updateQuorumNumerator", [10]),
          "Quorum 10%",
        );
        const before = BigInt(await time.latest());

        await passAndExecute(s, alice, p);
        const after = BigInt(await time.latest());

        expect(await s.governor["quorumNumerator(uint256)"](before)).to.equal(BigInt(PARAMS.quorumPercent));
        expect(await s.governor["quorumNumerator(uint256)"](after)).to.equal(10n);
        expect(await s.governor["quorumNumerator()"]()).to.equal(10n);
      });
    });
  });

  describe("quorumNumerator at the second it was changed", function () {
    it("answers the new value from that very second, and the old one a second before", async function () {
      const s = await loadSuite(connection);
      const [alice] = s.users;
      await stakeAndDelegate(s, alice, parseEther("1000"));
      const p = await open(
        s,
        alice,
        await s.governor.getAddress(),
        s.governor.interface.encodeFunctionData("updateQuorumNumerator", [10]),
        "Quorum 10%, to the second",
      );

      const receipt = await (await passAndExecute(s, alice, p)).wait();
      const since = BigInt((await receipt!.getBlock()).timestamp);
      await time.increase(5);

      expect(await s.governor["quorumNumerator(uint256)"](since)).to.equal(10n);
      expect(await s.governor["quorumNumerator(uint256)"](since - 1n)).to.equal(BigInt(PARAMS.quorumPercent));
    });
  });

  describe("clock", function () {
    it("is the block timestamp, the clock of gOPEN", async function () {
      const s = await loadSuite(connection);
      expect(await s.governor.clock()).to.equal(BigInt(await time.latest()));
      expect(await s.governor.CLOCK_MODE()).to.equal(await s.gopen.CLOCK_MODE());
    });
  });
});
