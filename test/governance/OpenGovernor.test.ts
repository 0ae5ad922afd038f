import { expect } from "chai";
import { id, parseEther } from "ethers";
import type { TypedDataDomain } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { PARAMS, loadSuite } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/// IGovernor.ProposalState.
const State = { Pending: 0n, Active: 1n, Canceled: 2n, Succeeded: 4n, Queued: 5n, Executed: 7n } as const;
/// GovernorCountingSimple.VoteType.
const Vote = { Against: 0, For: 1, Abstain: 2 } as const;

interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  proposalId: bigint;
}

/// Approves, stakes `amount` OPEN as `user`, and delegates the votes to itself.
async function stakeAndDelegate(s: Suite, user: HardhatEthersSigner, amount: bigint): Promise<void> {
  await s.open.connect(user).approve(await s.gopen.getAddress(), amount);
  await s.gopen.connect(user).stake(amount);
  await s.gopen.connect(user).delegate(user.address);
}

/// The proposal that sets gOPEN's withdrawal cooldown to `newCooldown`.
async function cooldownProposal(s: Suite, newCooldown: bigint, description: string): Promise<Proposal> {
  const targets = [await s.gopen.getAddress()];
  const values = [0n];
  const calldatas = [s.gopen.interface.encodeFunctionData("setCooldown", [newCooldown])];
  const descriptionHash = id(description);
  const proposalId = await s.governor.hashProposal(targets, values, calldatas, descriptionHash);
  return { targets, values, calldatas, description, descriptionHash, proposalId };
}

/// Submits `p` as `proposer` and waits until its vote is open.
async function proposeAndOpen(s: Suite, proposer: HardhatEthersSigner, p: Proposal): Promise<void> {
  await s.governor.connect(proposer).propose(p.targets, p.values, p.calldatas, p.description);
  await time.increase(PARAMS.votingDelay + 1);
}

/// Runs `p` until it is queued in the Timelock, with `voter` (who holds enough votes for quorum) voting for it.
async function passAndQueue(s: Suite, voter: HardhatEthersSigner, p: Proposal): Promise<void> {
  await proposeAndOpen(s, voter, p);
  await s.governor.connect(voter).castVote(p.proposalId, Vote.For);
  await time.increaseTo(await s.governor.proposalDeadline(p.proposalId));
  await time.increase(1);
  await s.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
}

describe("OpenGovernor", function () {
  describe("a proposal that changes the gOPEN cooldown", function () {
    describe("when it passes propose → vote → queue → execute", function () {
      it("sets the new cooldown through the Timelock and emits CooldownSet", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("100000"));
        const p = await cooldownProposal(s, 7200n, "Set the gOPEN cooldown to two hours");

        const at = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(at);
        const voteStart = at + BigInt(PARAMS.votingDelay);
        const voteEnd = voteStart + BigInt(PARAMS.votingPeriod);
        await expect(s.governor.connect(alice).propose(p.targets, p.values, p.calldatas, p.description))
          .to.emit(s.governor, "ProposalCreated")
          .withArgs(
            p.proposalId,
            alice.address,
            p.targets,
            p.values,
            [""],
            p.calldatas,
            voteStart,
            voteEnd,
            p.description,
          );
        expect(await s.governor.state(p.proposalId)).to.equal(State.Pending);
        expect(await s.governor.proposalSnapshot(p.proposalId)).to.equal(voteStart);

        await time.increaseTo(voteStart + 1n);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Active);
        await expect(s.governor.connect(alice).castVote(p.proposalId, Vote.For))
          .to.emit(s.governor, "VoteCast")
          .withArgs(alice.address, p.proposalId, Vote.For, parseEther("100000"), "");
        expect(await s.governor.proposalVotes(p.proposalId)).to.deep.equal([0n, parseEther("100000"), 0n]);

        await time.increaseTo(voteEnd + 1n);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Succeeded);
        const queuedAt = voteEnd + 10n;
        await time.setNextBlockTimestamp(queuedAt);
        await expect(s.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash))
          .to.emit(s.governor, "ProposalQueued")
          .withArgs(p.proposalId, queuedAt + BigInt(PARAMS.timelockDelay));
        expect(await s.governor.state(p.proposalId)).to.equal(State.Queued);

        // The Timelock refuses to run it before its delay is over.
        await expect(
          s.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash),
        ).to.be.revertedWithCustomError(s.timelock, "TimelockUnexpectedOperationState");

        await time.increaseTo(queuedAt + BigInt(PARAMS.timelockDelay));
        const execution = s.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
        await expect(execution).to.emit(s.gopen, "CooldownSet").withArgs(7200n);
        await expect(execution).to.emit(s.governor, "ProposalExecuted").withArgs(p.proposalId);
        expect(await s.gopen.cooldown()).to.equal(7200n);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Executed);
      });
    });

    describe("when the votes for it are below quorum", function () {
      it("is defeated and cannot be queued", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        // Alice holds 1% of the votes; quorum is 4%.
        await stakeAndDelegate(s, alice, parseEther("1000"));
        await stakeAndDelegate(s, bob, parseEther("99000"));
        const p = await cooldownProposal(s, 7200n, "Too few votes");
        await proposeAndOpen(s, alice, p);
        await s.governor.connect(alice).castVote(p.proposalId, Vote.For);
        await time.increaseTo(await s.governor.proposalDeadline(p.proposalId));
        await time.increase(1);

        expect(await s.governor.quorum(await s.governor.proposalSnapshot(p.proposalId))).to.equal(parseEther("4000"));
        expect(await s.governor.state(p.proposalId)).to.equal(3n);
        await expect(
          s.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash),
        ).to.be.revertedWithCustomError(s.governor, "GovernorUnexpectedProposalState");
        expect(await s.gopen.cooldown()).to.equal(BigInt(PARAMS.withdrawalCooldown));
      });
    });
  });

  describe("castVoteBySig", function () {
    /// `voter` signs a Ballot for `proposalId`.
    async function signBallot(s: Suite, voter: HardhatEthersSigner, proposalId: bigint, support: number) {
      const { chainId } = await ethers.provider.getNetwork();
      const domain: TypedDataDomain = {
        name: "OpenLedger Governor",
        version: "1",
        chainId,
        verifyingContract: await s.governor.getAddress(),
      };
      const types = {
        Ballot: [
          { name: "proposalId", type: "uint256" },
          { name: "support", type: "uint8" },
          { name: "voter", type: "address" },
          { name: "nonce", type: "uint256" },
        ],
      };
      const nonce = await s.governor.nonces(voter.address);
      return voter.signTypedData(domain, types, { proposalId, support, voter: voter.address, nonce });
    }

    describe("when the voter signed the ballot", function () {
      it("counts the vote for the signer, whoever submits it", async function () {
        const s = await loadSuite(connection);
        const [alice, relayer] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await cooldownProposal(s, 60n, "Vote by signature");
        await proposeAndOpen(s, relayer, p);
        const signature = await signBallot(s, alice, p.proposalId, Vote.Against);

        await expect(s.governor.connect(relayer).castVoteBySig(p.proposalId, Vote.Against, alice.address, signature))
          .to.emit(s.governor, "VoteCast")
          .withArgs(alice.address, p.proposalId, Vote.Against, parseEther("5000"), "");
        expect(await s.governor.hasVoted(p.proposalId, alice.address)).to.equal(true);
        expect(await s.governor.hasVoted(p.proposalId, relayer.address)).to.equal(false);
        expect(await s.governor.proposalVotes(p.proposalId)).to.deep.equal([parseEther("5000"), 0n, 0n]);
        expect(await s.governor.nonces(alice.address)).to.equal(1n);
      });
    });

    describe("when the same signature is submitted again", function () {
      it("reverts with GovernorInvalidSignature", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await cooldownProposal(s, 60n, "Replayed ballot");
        await proposeAndOpen(s, alice, p);
        const signature = await signBallot(s, alice, p.proposalId, Vote.For);
        await s.governor.castVoteBySig(p.proposalId, Vote.For, alice.address, signature);

        await expect(s.governor.castVoteBySig(p.proposalId, Vote.For, alice.address, signature))
          .to.be.revertedWithCustomError(s.governor, "GovernorInvalidSignature")
          .withArgs(alice.address);
      });
    });

    describe("when the signature is presented for another voter", function () {
      it("reverts with GovernorInvalidSignature", async function () {
        const s = await loadSuite(connection);
        const [alice, bob] = s.users;
        await stakeAndDelegate(s, bob, parseEther("5000"));
        const p = await cooldownProposal(s, 60n, "Borrowed ballot");
        await proposeAndOpen(s, alice, p);
        const signature = await signBallot(s, alice, p.proposalId, Vote.For);

        await expect(s.governor.castVoteBySig(p.proposalId, Vote.For, bob.address, signature))
          .to.be.revertedWithCustomError(s.governor, "GovernorInvalidSignature")
          .withArgs(bob.address);
      });
    });
  });

  describe("late-quorum protection", function () {
    describe("when quorum is reached in the last voteExtension seconds", function () {
      it("extends the deadline to voteExtension after that vote and emits ProposalExtended", async function () {
        const s = await loadSuite(connection);
        const [alice, whale] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1000"));
        await stakeAndDelegate(s, whale, parseEther("99000"));
        const p = await cooldownProposal(s, 60n, "Late quorum");
        await proposeAndOpen(s, alice, p);
        await s.governor.connect(alice).castVote(p.proposalId, Vote.For);
        const deadline = await s.governor.proposalDeadline(p.proposalId);
        const lateVote = deadline - BigInt(PARAMS.voteExtension) / 2n;
        await time.setNextBlockTimestamp(lateVote);

        await expect(s.governor.connect(whale).castVote(p.proposalId, Vote.For))
          .to.emit(s.governor, "ProposalExtended")
          .withArgs(p.proposalId, lateVote + BigInt(PARAMS.voteExtension));

        const extended = await s.governor.proposalDeadline(p.proposalId);
        expect(extended).to.equal(lateVote + BigInt(PARAMS.voteExtension));
        await time.increaseTo(deadline + 1n);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Active);
        await time.increaseTo(extended + 1n);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Succeeded);
      });
    });

    describe("when quorum is reached early in the vote", function () {
      it("keeps the original deadline", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("1000"));
        const p = await cooldownProposal(s, 60n, "Early quorum");
        await proposeAndOpen(s, alice, p);
        const deadline = await s.governor.proposalDeadline(p.proposalId);

        await expect(s.governor.connect(alice).castVote(p.proposalId, Vote.For)).not.to.emit(
          s.governor,
          "ProposalExtended",
        );
        expect(await s.governor.proposalDeadline(p.proposalId)).to.equal(deadline);
        expect(await s.governor.lateQuorumVoteExtension()).to.equal(BigInt(PARAMS.voteExtension));
      });
    });
  });

  describe("cancel", function () {
    describe("when the proposal guardian cancels an active proposal", function () {
      it("cancels it and emits ProposalCanceled", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await cooldownProposal(s, 0n, "A malicious proposal");
        await proposeAndOpen(s, alice, p);
        expect(await s.governor.proposalGuardian()).to.equal(s.deployer.address);

        await expect(s.governor.connect(s.deployer).cancel(p.targets, p.values, p.calldatas, p.descriptionHash))
          .to.emit(s.governor, "ProposalCanceled")
          .withArgs(p.proposalId);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Canceled);
        await expect(s.governor.connect(alice).castVote(p.proposalId, Vote.For)).to.be.revertedWithCustomError(
          s.governor,
          "GovernorUnexpectedProposalState",
        );
      });
    });

    describe("when the proposal guardian cancels a queued proposal", function () {
      it("cancels its Timelock operation too, so that it can never execute", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await cooldownProposal(s, 0n, "Caught in the Timelock");
        await passAndQueue(s, alice, p);

        await expect(
          s.governor.connect(s.deployer).cancel(p.targets, p.values, p.calldatas, p.descriptionHash),
        ).to.emit(s.timelock, "Cancelled");
        await time.increase(PARAMS.timelockDelay);
        await expect(
          s.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash),
        ).to.be.revertedWithCustomError(s.governor, "GovernorUnexpectedProposalState");
        expect(await s.gopen.cooldown()).to.equal(BigInt(PARAMS.withdrawalCooldown));
      });
    });

    describe("when a stranger tries to cancel", function () {
      it("reverts with GovernorUnableToCancel", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await cooldownProposal(s, 0n, "Not yours to cancel");
        await s.governor.connect(alice).propose(p.targets, p.values, p.calldatas, p.description);

        await expect(s.governor.connect(s.stranger).cancel(p.targets, p.values, p.calldatas, p.descriptionHash))
          .to.be.revertedWithCustomError(s.governor, "GovernorUnableToCancel")
          .withArgs(p.proposalId, s.stranger.address);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Pending);
      });
    });

    describe("when the proposer tries to cancel its active proposal", function () {
      it("reverts with GovernorUnableToCancel: with a guardian set, only the guardian cancels once voting starts", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await cooldownProposal(s, 0n, "Too late to withdraw");
        await proposeAndOpen(s, alice, p);

        await expect(s.governor.connect(alice).cancel(p.targets, p.values, p.calldatas, p.descriptionHash))
          .to.be.revertedWithCustomError(s.governor, "GovernorUnableToCancel")
          .withArgs(p.proposalId, alice.address);
      });
    });
  });
});
