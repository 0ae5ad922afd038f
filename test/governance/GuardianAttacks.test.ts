import { expect } from "chai";
import { id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { GUARDIAN_ROLE } from "../../deploy/modules/OpenLedger.js";
import { loadSuite, PARAMS, timelockSigner } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/// IGovernor.ProposalState.
const State = { Pending: 0n, Active: 1n, Canceled: 2n, Succeeded: 4n, Queued: 5n, Executed: 7n } as const;
const Vote = { Against: 0, For: 1, Abstain: 2 } as const;
const MAX_TERM = 365n * 24n * 3600n;
/// deploy/parameters/hardhat.json's guardianTerm.
const GUARDIAN_TERM = 2_592_000n;

interface Call {
  target: string;
  value?: bigint;
  data: string;
}

interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  proposalId: bigint;
}

async function stakeAndDelegate(s: Suite, user: HardhatEthersSigner, amount: bigint): Promise<void> {
  await s.open.connect(user).approve(await s.gopen.getAddress(), amount);
  await s.gopen.connect(user).stake(amount);
  await s.gopen.connect(user).delegate(user.address);
}

async function proposal(s: Suite, calls: Call[], description: string): Promise<Proposal> {
  const targets = calls.map((c) => c.target);
  const values = calls.map((c) => c.value ?? 0n);
  const calldatas = calls.map((c) => c.data);
  const descriptionHash = id(description);
  const proposalId = await s.governor.hashProposal(targets, values, calldatas, descriptionHash);
  return { targets, values, calldatas, description, descriptionHash, proposalId };
}

const cancelAs = (s: Suite, who: HardhatEthersSigner, p: Proposal) =>
  s.governor.connect(who).cancel(p.targets, p.values, p.calldatas, p.descriptionHash);

/// Moves `p` (proposed by `voter`, who holds the quorum) to `stage`.
async function bringTo(s: Suite, voter: HardhatEthersSigner, p: Proposal, stage: bigint): Promise<void> {
  await s.governor.connect(voter).propose(p.targets, p.values, p.calldatas, p.description);
  if (stage === State.Pending) return;
  await time.increase(PARAMS.votingDelay + 1);
  if (stage === State.Active) return;
  await s.governor.connect(voter).castVote(p.proposalId, Vote.For);
  await time.increaseTo((await s.governor.proposalDeadline(p.proposalId)) + 1n);
  if (stage === State.Succeeded) return;
  await s.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
}

/// Runs `p` from nothing to executed; returns the execution's transaction (executed at `executeAt` if given).
async function passAndExecute(s: Suite, voter: HardhatEthersSigner, p: Proposal, executeAt?: bigint) {
  await bringTo(s, voter, p, State.Queued);
  await time.increase(PARAMS.timelockDelay + 1);
  if (executeAt !== undefined) await time.setNextBlockTimestamp(executeAt);
  return s.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
}

/// The calls that remove the guardian: a new proposal guardian, and the old one's GUARDIAN role revoked.
async function removalCalls(s: Suite, successor: string): Promise<Call[]> {
  const governor = await s.governor.getAddress();
  const manager = await s.accessManager.getAddress();
  return [
    { target: governor, data: s.governor.interface.encodeFunctionData("setProposalGuardian", [successor]) },
    {
      target: manager,
      data: s.accessManager.interface.encodeFunctionData("revokeRole", [GUARDIAN_ROLE, s.deployer.address]),
    },
    {
      target: manager,
      data: s.accessManager.interface.encodeFunctionData("grantRole", [GUARDIAN_ROLE, successor, 0]),
    },
  ];
}

/// The calls that renew the guardian's term until `expiry`, on the Governor and on the AccessManager.
async function renewalCalls(s: Suite, expiry: bigint): Promise<Call[]> {
  return [
    {
      target: await s.governor.getAddress(),
      data: s.governor.interface.encodeFunctionData("setProposalGuardianExpiry", [expiry]),
    },
    {
      target: await s.accessManager.getAddress(),
      data: s.accessManager.interface.encodeFunctionData("setRoleExpiry", [GUARDIAN_ROLE, expiry]),
    },
  ];
}

describe("Guardian attacks", function () {
  describe("the guardian cancels the proposal that removes it", function () {
    for (const [name, stage] of [
      ["pending", State.Pending],
      ["active", State.Active],
      ["succeeded", State.Succeeded],
      ["queued", State.Queued],
    ] as const) {
      describe(`when the proposal is ${name}`, function () {
        it("reverts with GovernorGuardianCannotCancel(proposalId) and leaves the proposal as it was", async function () {
          const s = await loadSuite(connection);
          const [alice, successor] = s.users;
          await stakeAndDelegate(s, alice, parseEther("5000"));
          const p = await proposal(s, await removalCalls(s, successor.address), `Replace the guardian (${name})`);
          await bringTo(s, alice, p, stage);

          await expect(cancelAs(s, s.deployer, p))
            .to.be.revertedWithCustomError(s.governor, "GovernorGuardianCannotCancel")
            .withArgs(p.proposalId);
          expect(await s.governor.state(p.proposalId)).to.equal(stage);
        });
      });
    }

    describe("when the removal runs to its end", function () {
      it("replaces the proposal guardian and revokes the old one's role, which can then neither cancel nor pause", async function () {
        const s = await loadSuite(connection);
        const [alice, successor] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await proposal(s, await removalCalls(s, successor.address), "Replace the guardian");

        await expect(passAndExecute(s, alice, p))
          .to.emit(s.governor, "ProposalGuardianSet")
          .withArgs(s.deployer.address, successor.address);
        expect(await s.governor.proposalGuardian()).to.equal(successor.address);
        expect(await s.accessManager.hasRole(GUARDIAN_ROLE, s.deployer.address)).to.deep.equal([false, 0n]);
        expect(await s.accessManager.hasRole(GUARDIAN_ROLE, successor.address)).to.deep.equal([true, 0n]);
        await expect(s.settlement.connect(s.deployer).pause())
          .to.be.revertedWithCustomError(s.settlement, "AccessManagedUnauthorized")
          .withArgs(s.deployer.address);
        const other = await proposal(
          s,
          [{ target: await s.gopen.getAddress(), data: s.gopen.interface.encodeFunctionData("setCooldown", [0]) }],
          "After the removal",
        );
        await s.governor.connect(alice).propose(other.targets, other.values, other.calldatas, other.description);
        await time.increase(PARAMS.votingDelay + 1);
        await expect(cancelAs(s, s.deployer, other))
          .to.be.revertedWithCustomError(s.governor, "GovernorUnableToCancel")
          .withArgs(other.proposalId, s.deployer.address);
        await expect(cancelAs(s, successor, other)).to.emit(s.governor, "ProposalCanceled");
      });
    });
  });

  describe("the guardian cancels the re-proposal of its removal", function () {
    describe("when the first proposal expired unexecuted and the same actions are proposed again", function () {
      it("reverts with GovernorGuardianCannotCancel for the re-proposal too, which then executes", async function () {
        const s = await loadSuite(connection);
        const [alice, successor] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const calls = await removalCalls(s, successor.address);
        const first = await proposal(s, calls, "Remove the guardian");
        await bringTo(s, alice, first, State.Active);
        await expect(cancelAs(s, s.deployer, first)).to.be.revertedWithCustomError(
          s.governor,
          "GovernorGuardianCannotCancel",
        );
        // Nobody votes for the first one: it is defeated, and governance proposes it again.
        await time.increaseTo((await s.governor.proposalDeadline(first.proposalId)) + 1n);
        const again = await proposal(s, calls, "Remove the guardian, again");
        await s.governor.connect(alice).propose(again.targets, again.values, again.calldatas, again.description);

        await expect(cancelAs(s, s.deployer, again))
          .to.be.revertedWithCustomError(s.governor, "GovernorGuardianCannotCancel")
          .withArgs(again.proposalId);
        await time.increase(PARAMS.votingDelay + 1);
        await expect(cancelAs(s, s.deployer, again))
          .to.be.revertedWithCustomError(s.governor, "GovernorGuardianCannotCancel")
          .withArgs(again.proposalId);
        await s.governor.connect(alice).castVote(again.proposalId, Vote.For);
        await time.increaseTo((await s.governor.proposalDeadline(again.proposalId)) + 1n);
        await s.governor.queue(again.targets, again.values, again.calldatas, again.descriptionHash);
        await expect(cancelAs(s, s.deployer, again)).to.be.revertedWithCustomError(
          s.governor,
          "GovernorGuardianCannotCancel",
        );
        await time.increase(PARAMS.timelockDelay + 1);
        await s.governor.execute(again.targets, again.values, again.calldatas, again.descriptionHash);
        expect(await s.governor.proposalGuardian()).to.equal(successor.address);
      });
    });

    describe("when the guardian proposed its own removal first, to cancel it while pending", function () {
      it("reverts with GovernorGuardianCannotCancel: the guardian keeps no proposer's right over such a proposal", async function () {
        const s = await loadSuite(connection);
        const [successor] = s.users;
        await stakeAndDelegate(s, s.deployer, parseEther("5000"));
        const p = await proposal(s, await removalCalls(s, successor.address), "Front-run removal");
        await s.governor.connect(s.deployer).propose(p.targets, p.values, p.calldatas, p.description);

        await expect(cancelAs(s, s.deployer, p))
          .to.be.revertedWithCustomError(s.governor, "GovernorGuardianCannotCancel")
          .withArgs(p.proposalId);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Pending);
      });
    });

    describe("when another proposer withdraws its own pending removal", function () {
      it("cancels it: the proposer's own right is untouched", async function () {
        const s = await loadSuite(connection);
        const [alice, successor] = s.users;
        const p = await proposal(s, await removalCalls(s, successor.address), "Withdrawn removal");
        await s.governor.connect(alice).propose(p.targets, p.values, p.calldatas, p.description);

        await expect(cancelAs(s, alice, p))
          .to.emit(s.governor, "ProposalCanceled")
          .withArgs(p.proposalId);
      });
    });
  });

  describe("the guardian cancels an ordinary malicious proposal", function () {
    /// Proposals that look like guardian business but are not only that: each stays within the guardian's power.
    const cases: [string, (s: Suite) => Promise<Call[]>][] = [
      [
        "an ordinary setter",
        async (s) => [
          { target: await s.gopen.getAddress(), data: s.gopen.interface.encodeFunctionData("setCooldown", [0]) },
        ],
      ],
      [
        "a removal bundled with an ordinary setter",
        async (s) => [
          ...(await removalCalls(s, s.users[1].address)),
          { target: await s.gopen.getAddress(), data: s.gopen.interface.encodeFunctionData("setCooldown", [0]) },
        ],
      ],
      [
        "a grant of another role (ADMIN)",
        async (s) => [
          {
            target: await s.accessManager.getAddress(),
            data: s.accessManager.interface.encodeFunctionData("grantRole", [0n, s.users[1].address, 0]),
          },
        ],
      ],
      [
        "a GUARDIAN grant sent to another contract",
        async (s) => [
          {
            target: await s.gopen.getAddress(),
            data: s.accessManager.interface.encodeFunctionData("grantRole", [GUARDIAN_ROLE, s.users[1].address, 0]),
          },
        ],
      ],
      [
        "a GUARDIAN revoke with value attached",
        async (s) => [
          {
            target: await s.accessManager.getAddress(),
            value: 1n,
            data: s.accessManager.interface.encodeFunctionData("revokeRole", [GUARDIAN_ROLE, s.deployer.address]),
          },
        ],
      ],
      [
        "another AccessManager call on the GUARDIAN role (setGrantDelay)",
        async (s) => [
          {
            target: await s.accessManager.getAddress(),
            data: s.accessManager.interface.encodeFunctionData("setGrantDelay", [GUARDIAN_ROLE, 0]),
          },
        ],
      ],
      [
        "a Governor call that is not about the guardian (relay)",
        async (s) => [
          {
            target: await s.governor.getAddress(),
            data: s.governor.interface.encodeFunctionData("relay", [
              await s.accessManager.getAddress(),
              0n,
              s.accessManager.interface.encodeFunctionData("revokeRole", [GUARDIAN_ROLE, s.deployer.address]),
            ]),
          },
        ],
      ],
      ["a call shorter than a selector", async (s) => [{ target: await s.governor.getAddress(), data: "0x1234" }]],
    ];
    for (const [name, calls] of cases) {
      describe(`when it is ${name}`, function () {
        it("cancels it once queued, Timelock operation included", async function () {
          const s = await loadSuite(connection);
          const [alice] = s.users;
          await stakeAndDelegate(s, alice, parseEther("5000"));
          const p = await proposal(s, await calls(s), `Malicious: ${name}`);
          await bringTo(s, alice, p, State.Queued);

          await expect(cancelAs(s, s.deployer, p)).to.emit(s.timelock, "Cancelled");
          expect(await s.governor.state(p.proposalId)).to.equal(State.Canceled);
        });
      });
    }
  });

  describe("a hostile majority installs its own guardian", function () {
    /// Proposals that add a GUARDIAN member or take the Timelock's GUARDIAN role away: more than a replacement, so
    /// the honest guardian cancels them.
    const cases: [string, (s: Suite) => Promise<Call[]>][] = [
      [
        "a new guardian, a year's term, GUARDIAN to it and the Timelock's GUARDIAN revoked",
        async (s) => {
          const attacker = s.users[2].address;
          const governor = await s.governor.getAddress();
          const manager = await s.accessManager.getAddress();
          const now = BigInt(await time.latest());
          return [
            { target: governor, data: s.governor.interface.encodeFunctionData("setProposalGuardian", [attacker]) },
            {
              target: governor,
              data: s.governor.interface.encodeFunctionData("setProposalGuardianExpiry", [now + MAX_TERM]),
            },
            {
              target: manager,
              data: s.accessManager.interface.encodeFunctionData("grantRole", [GUARDIAN_ROLE, attacker, 0]),
            },
            {
              target: manager,
              data: s.accessManager.interface.encodeFunctionData("revokeRole", [
                GUARDIAN_ROLE,
                await s.timelock.getAddress(),
              ]),
            },
          ];
        },
      ],
      [
        "a GUARDIAN grant to a stranger who is not made the guardian",
        async (s) => [
          {
            target: await s.accessManager.getAddress(),
            data: s.accessManager.interface.encodeFunctionData("grantRole", [GUARDIAN_ROLE, s.users[2].address, 0]),
          },
        ],
      ],
      [
        "a replacement whose GUARDIAN grant goes to a stranger, not to the successor",
        async (s) => {
          const calls = await removalCalls(s, s.users[1].address);
          calls[2] = {
            target: await s.accessManager.getAddress(),
            data: s.accessManager.interface.encodeFunctionData("grantRole", [GUARDIAN_ROLE, s.users[2].address, 0]),
          };
          return calls;
        },
      ],
      [
        "the Timelock's GUARDIAN role revoked",
        async (s) => [
          {
            target: await s.accessManager.getAddress(),
            data: s.accessManager.interface.encodeFunctionData("revokeRole", [
              GUARDIAN_ROLE,
              await s.timelock.getAddress(),
            ]),
          },
        ],
      ],
    ];
    for (const [name, calls] of cases) {
      describe(`when the proposal is ${name}`, function () {
        it("is cancelled by the guardian once queued, Timelock operation included", async function () {
          const s = await loadSuite(connection);
          const [alice] = s.users;
          await stakeAndDelegate(s, alice, parseEther("5000"));
          const p = await proposal(s, await calls(s), `Hostile: ${name}`);
          await bringTo(s, alice, p, State.Queued);

          await expect(cancelAs(s, s.deployer, p)).to.emit(s.timelock, "Cancelled");
          expect(await s.governor.state(p.proposalId)).to.equal(State.Canceled);
          expect(await s.accessManager.hasRole(GUARDIAN_ROLE, await s.timelock.getAddress())).to.deep.equal([true, 0n]);
        });
      });
    }

    describe("when the proposal only renews the guardian's term", function () {
      it("reverts with GovernorGuardianCannotCancel once queued: ending or renewing the mandate is the vote's", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const renewed = BigInt(await time.latest()) + MAX_TERM / 2n;
        const p = await proposal(s, await renewalCalls(s, renewed), "Renew the guardian, queued");
        await bringTo(s, alice, p, State.Queued);

        await expect(cancelAs(s, s.deployer, p))
          .to.be.revertedWithCustomError(s.governor, "GovernorGuardianCannotCancel")
          .withArgs(p.proposalId);
        expect(await s.governor.state(p.proposalId)).to.equal(State.Queued);
      });
    });
  });

  describe("the guardian acts after its term", function () {
    describe("when the expiry has come", function () {
      it("can neither cancel, nor pause, nor veto; the Timelock still can; a vote renews it", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const expiry = await s.governor.proposalGuardianExpiry();
        const p = await proposal(
          s,
          [{ target: await s.gopen.getAddress(), data: s.gopen.interface.encodeFunctionData("setCooldown", [0]) }],
          "After the term",
        );
        await s.governor.connect(alice).propose(p.targets, p.values, p.calldatas, p.description);
        await time.increaseTo(expiry);

        expect(await s.governor.proposalGuardian()).to.equal(ethers.ZeroAddress);
        await expect(cancelAs(s, s.deployer, p))
          .to.be.revertedWithCustomError(s.governor, "GovernorUnableToCancel")
          .withArgs(p.proposalId, s.deployer.address);
        await expect(s.settlement.connect(s.deployer).pause())
          .to.be.revertedWithCustomError(s.settlement, "AccessManagedUnauthorized")
          .withArgs(s.deployer.address);
        await expect(s.settlement.connect(s.deployer).vetoRoot(1n, 1n))
          .to.be.revertedWithCustomError(s.settlement, "AccessManagedUnauthorized")
          .withArgs(s.deployer.address);
        // Governance's own emergency power does not lapse: the Timelock holds ADMIN.
        const timelock = await s.timelock.getAddress();
        expect(await s.accessManager.hasRole(GUARDIAN_ROLE, timelock)).to.deep.equal([true, 0n]);
        const pause = s.settlement.interface.getFunction("pause").selector;
        expect(await s.accessManager.canCall(timelock, await s.settlement.getAddress(), pause)).to.deep.equal([
          true,
          0n,
        ]);

        const now = BigInt(await time.latest());
        const renewed = now + 100_000n;
        const renewal = await proposal(s, await renewalCalls(s, renewed), "Renew the guardian");
        const execution = passAndExecute(s, alice, renewal);
        await expect(execution).to.emit(s.governor, "ProposalGuardianExpirySet").withArgs(expiry, renewed);
        await expect(execution).to.emit(s.accessManager, "RoleExpirySet").withArgs(GUARDIAN_ROLE, renewed);
        expect(await s.governor.proposalGuardian()).to.equal(s.deployer.address);
        await expect(s.settlement.connect(s.deployer).pause()).to.emit(s.settlement, "Paused");
      });
    });

    describe("when a proposer cancels its own proposal once the term is over", function () {
      it("cancels it: with no guardian, OpenZeppelin's rule lets proposers withdraw their proposals", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await proposal(
          s,
          [{ target: await s.gopen.getAddress(), data: s.gopen.interface.encodeFunctionData("setCooldown", [0]) }],
          "Withdrawn after the term",
        );
        await bringTo(s, alice, p, State.Active);
        await expect(cancelAs(s, alice, p)).to.be.revertedWithCustomError(s.governor, "GovernorUnableToCancel");
        await time.increaseTo(await s.governor.proposalGuardianExpiry());

        await expect(cancelAs(s, alice, p))
          .to.emit(s.governor, "ProposalCanceled")
          .withArgs(p.proposalId);
      });
    });

    describe("at the last second of the term and at its expiry", function () {
      it("pauses at expiry − 1, and is refused at expiry", async function () {
        const s = await loadSuite(connection);
        const expiry = await s.governor.proposalGuardianExpiry();
        expect(await s.accessManager.getRoleExpiry(GUARDIAN_ROLE)).to.equal(expiry);

        await time.setNextBlockTimestamp(expiry - 1n);
        await expect(s.settlement.connect(s.deployer).pause()).to.emit(s.settlement, "Paused");
        expect(await s.governor.proposalGuardian()).to.equal(s.deployer.address);
        await time.setNextBlockTimestamp(expiry);
        await expect(s.settlement.connect(s.deployer).unpause())
          .to.be.revertedWithCustomError(s.settlement, "AccessManagedUnauthorized")
          .withArgs(s.deployer.address);
        // The refused call mined nothing: mine the block at the expiry, and read from it.
        await networkHelpers.mine();
        expect(BigInt(await time.latest())).to.equal(expiry);
        expect(await s.governor.proposalGuardian()).to.equal(ethers.ZeroAddress);
      });
    });

    describe("when the guardian's term started at deployment", function () {
      it("ends guardianTerm after the Governor's deployment, on the Governor and the AccessManager alike", async function () {
        const s = await loadSuite(connection);
        const [set] = await s.governor.queryFilter(s.governor.filters.ProposalGuardianExpirySet());
        const deployedAt = await set.getBlock();
        const expiry = await s.governor.proposalGuardianExpiry();
        expect(set.args.oldExpiry).to.equal(0n);
        expect(expiry).to.equal(BigInt(deployedAt.timestamp) + GUARDIAN_TERM);
        expect(expiry).to.be.greaterThan(BigInt(await time.latest()));
        expect(await s.accessManager.getRoleExpiry(GUARDIAN_ROLE)).to.equal(expiry);
        expect(await s.governor.accessManager()).to.equal(await s.accessManager.getAddress());
        expect(await s.governor.MAX_GUARDIAN_TERM()).to.equal(MAX_TERM);
      });
    });
  });

  describe("setProposalGuardianExpiry", function () {
    describe("when governance renews for exactly MAX_GUARDIAN_TERM from the execution", function () {
      it("accepts it", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const executeAt = BigInt(await time.latest()) + 10_000n;
        const target = await s.governor.getAddress();
        const data = s.governor.interface.encodeFunctionData("setProposalGuardianExpiry", [executeAt + MAX_TERM]);
        const p = await proposal(s, [{ target, data }], "Longest term");

        await expect(passAndExecute(s, alice, p, executeAt)).to.emit(s.governor, "ProposalGuardianExpirySet");
        expect(await s.governor.proposalGuardianExpiry()).to.equal(executeAt + MAX_TERM);
      });
    });

    describe("when governance renews for one second more", function () {
      it("fails the execution with GovernorGuardianExpiryTooLate(expiry, maxExpiry)", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const executeAt = BigInt(await time.latest()) + 10_000n;
        const target = await s.governor.getAddress();
        const tooLate = executeAt + MAX_TERM + 1n;
        const data = s.governor.interface.encodeFunctionData("setProposalGuardianExpiry", [tooLate]);
        const p = await proposal(s, [{ target, data }], "Too long a term");

        await expect(passAndExecute(s, alice, p, executeAt))
          .to.be.revertedWithCustomError(s.governor, "GovernorGuardianExpiryTooLate")
          .withArgs(tooLate, executeAt + MAX_TERM);
      });
    });

    describe("when governance sets a time already passed", function () {
      it("ends the mandate now", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const target = await s.governor.getAddress();
        const data = s.governor.interface.encodeFunctionData("setProposalGuardianExpiry", [1n]);
        const p = await proposal(s, [{ target, data }], "End the mandate");

        await passAndExecute(s, alice, p);
        expect(await s.governor.proposalGuardian()).to.equal(ethers.ZeroAddress);
      });
    });

    describe("when anyone but governance calls it", function () {
      it("reverts with GovernorOnlyExecutor", async function () {
        const s = await loadSuite(connection);
        await expect(s.governor.connect(s.deployer).setProposalGuardianExpiry(1n))
          .to.be.revertedWithCustomError(s.governor, "GovernorOnlyExecutor")
          .withArgs(s.deployer.address);
      });
    });
  });

  describe("OpenAccessManager role expiry", function () {
    describe("when the GUARDIAN role's expiry comes", function () {
      it("answers false for the guardian from that second, and true one second before", async function () {
        const s = await loadSuite(connection);
        const expiry = await s.accessManager.getRoleExpiry(GUARDIAN_ROLE);
        const settlement = await s.settlement.getAddress();
        const pause = s.settlement.interface.getFunction("pause").selector;

        await time.increaseTo(expiry - 1n);
        expect(await s.accessManager.hasRole(GUARDIAN_ROLE, s.deployer.address)).to.deep.equal([true, 0n]);
        expect(await s.accessManager.canCall(s.deployer.address, settlement, pause)).to.deep.equal([true, 0n]);
        await time.increaseTo(expiry);
        expect(await s.accessManager.hasRole(GUARDIAN_ROLE, s.deployer.address)).to.deep.equal([false, 0n]);
        expect(await s.accessManager.canCall(s.deployer.address, settlement, pause)).to.deep.equal([false, 0n]);
        // The membership itself stands: renewing the role gives it back.
        const [since] = await s.accessManager.getAccess(GUARDIAN_ROLE, s.deployer.address);
        expect(since).to.be.greaterThan(0n);
      });
    });

    describe("setRoleExpiry", function () {
      it("accepts exactly MAX_ROLE_TERM from now and refuses one second more, and zero", async function () {
        const s = await loadSuite(connection);
        const timelock = await timelockSigner(s);
        const manager = s.accessManager.connect(timelock);
        expect(await s.accessManager.MAX_ROLE_TERM()).to.equal(MAX_TERM);

        const at = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(at);
        await expect(manager.setRoleExpiry(GUARDIAN_ROLE, at + MAX_TERM))
          .to.emit(s.accessManager, "RoleExpirySet")
          .withArgs(GUARDIAN_ROLE, at + MAX_TERM);
        expect(await s.accessManager.getRoleExpiry(GUARDIAN_ROLE)).to.equal(at + MAX_TERM);

        await time.setNextBlockTimestamp(at + 10n);
        await expect(manager.setRoleExpiry(GUARDIAN_ROLE, at + 10n + MAX_TERM + 1n))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerInvalidExpiry")
          .withArgs(GUARDIAN_ROLE, at + 10n + MAX_TERM + 1n, at + 10n + MAX_TERM);
        await time.setNextBlockTimestamp(at + 20n);
        await expect(manager.setRoleExpiry(GUARDIAN_ROLE, 0n))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerInvalidExpiry")
          .withArgs(GUARDIAN_ROLE, 0n, at + 20n + MAX_TERM);
        expect(await s.accessManager.getRoleExpiry(GUARDIAN_ROLE)).to.equal(at + MAX_TERM);
      });

      it("refuses to make ADMIN or PUBLIC expire with AccessManagerLockedRole", async function () {
        const s = await loadSuite(connection);
        const manager = s.accessManager.connect(await timelockSigner(s));
        const soon = BigInt(await time.latest()) + 100n;
        await expect(manager.setRoleExpiry(0n, soon))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerLockedRole")
          .withArgs(0n);
        const PUBLIC = 2n ** 64n - 1n;
        await expect(manager.setRoleExpiry(PUBLIC, soon))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerLockedRole")
          .withArgs(PUBLIC);
      });

      it("ends a role at once when given a time already passed", async function () {
        const s = await loadSuite(connection);
        const manager = s.accessManager.connect(await timelockSigner(s));
        await manager.setRoleExpiry(GUARDIAN_ROLE, 1n);
        expect(await s.accessManager.hasRole(GUARDIAN_ROLE, s.deployer.address)).to.deep.equal([false, 0n]);
      });

      it("is refused to the guardian, who cannot renew itself", async function () {
        const s = await loadSuite(connection);
        await expect(s.accessManager.connect(s.deployer).setRoleExpiry(GUARDIAN_ROLE, 1n))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerUnauthorizedAccount")
          .withArgs(s.deployer.address, 0n);
      });
    });

    describe("a role that was never given an expiry", function () {
      it("never expires", async function () {
        const s = await loadSuite(connection);
        const manager = s.accessManager.connect(await timelockSigner(s));
        await manager.grantRole(7n, s.users[0].address, 0);
        await time.increase(MAX_TERM * 2n);
        expect(await s.accessManager.getRoleExpiry(7n)).to.equal(0n);
        expect(await s.accessManager.hasRole(7n, s.users[0].address)).to.deep.equal([true, 0n]);
      });
    });
  });

  describe("the guardian stops its removal some other way", function () {
    describe("when it cancels an operation scheduled on the AccessManager", function () {
      it("is refused with AccessManagerUnauthorizedCancel: it guards no role", async function () {
        const s = await loadSuite(connection);
        const [alice] = s.users;
        const manager = s.accessManager.connect(await timelockSigner(s));
        const gopen = await s.gopen.getAddress();
        const setCooldown = s.gopen.interface.getFunction("setCooldown").selector;
        // A delayed role: its member must schedule its calls, which only the scheduler, ADMIN or the role's guardian
        // (ADMIN by default) may cancel.
        await manager.setTargetFunctionRole(gopen, [setCooldown], 5n);
        await manager.grantRole(5n, alice.address, 100);
        const data = s.gopen.interface.encodeFunctionData("setCooldown", [60]);
        await s.accessManager.connect(alice).schedule(gopen, data, 0);

        await expect(s.accessManager.connect(s.deployer).cancel(alice.address, gopen, data))
          .to.be.revertedWithCustomError(s.accessManager, "AccessManagerUnauthorizedCancel")
          .withArgs(s.deployer.address, alice.address, gopen, setCooldown);
      });
    });

    describe("when it cancels the queued removal's operation on the Timelock", function () {
      it("is refused: only the Governor holds CANCELLER_ROLE", async function () {
        const s = await loadSuite(connection);
        const [alice, successor] = s.users;
        await stakeAndDelegate(s, alice, parseEther("5000"));
        const p = await proposal(s, await removalCalls(s, successor.address), "Removal in the Timelock");
        await bringTo(s, alice, p, State.Queued);
        const operationId = await s.timelock.hashOperationBatch(
          p.targets,
          p.values,
          p.calldatas,
          ethers.ZeroHash,
          await salt(s, p),
        );
        expect(await s.timelock.isOperationPending(operationId)).to.equal(true);

        await expect(s.timelock.connect(s.deployer).cancel(operationId))
          .to.be.revertedWithCustomError(s.timelock, "AccessControlUnauthorizedAccount")
          .withArgs(s.deployer.address, id("CANCELLER_ROLE"));
      });
    });
  });
});

/// GovernorTimelockControl's salt for a proposal: the Governor's address xor the description hash.
async function salt(s: Suite, p: Proposal): Promise<string> {
  const governor = BigInt(await s.governor.getAddress());
  const value = (governor << 96n) ^ BigInt(p.descriptionHash);
  return ethers.toBeHex(value & ((1n << 256n) - 1n), 32);
}
