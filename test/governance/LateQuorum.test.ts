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

  describe("setLateQuorumVoteExtension", function () {
    describe("when governance sets it", function () {
      it("applies to proposals made afterwards and emits LateQuorumVoteExtensionSet", async function () {
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

  describe("clock", function () {
    it("is the block timestamp, the clock of gOPEN", async function () {
      const s = await loadSuite(connection);
      expect(await s.governor.clock()).to.equal(BigInt(await time.latest()));
      expect(await s.governor.CLOCK_MODE()).to.equal(await s.gopen.CLOCK_MODE());
    });
  });
});
