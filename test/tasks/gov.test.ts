import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parseEther } from "ethers";
import hre from "hardhat";
import { PROPOSAL_STATES, descriptionHash, formatVotes, proposalId } from "../../package/src/index.js";
import { getSuite } from "../../tasks/lib/index.js";
import { runJson, runTask } from "../fixtures/tasks.js";

// The tasks use `hre.network.getOrCreate()`; the suite they deploy on it is cached per connection, so the test
// reads the same contracts. Deployed now, before any snapshot, so that no snapshot can revert it away.
const connection = await hre.network.getOrCreate();
const suite = await getSuite(hre, { connection });
const { networkHelpers } = connection;
const signers = await connection.ethers.getSigners();

/// Accounts used here (by index, as the tasks' --from takes them).
const PROPOSER = 5;
const VOTER = 6;
const RELAYER = 7;
const NO_VOTES = 8;
const STAKE = parseEther("400000");

/// The quorum of a proposal, as the Governor computes it at its snapshot.
async function quorumOf(id: bigint): Promise<bigint> {
  return suite.governor.quorum(await suite.governor.proposalSnapshot(id));
}

/// Stakes for the proposer, the voter and the account without votes; the first two delegate to themselves.
async function stakedAccounts(): Promise<void> {
  for (const index of [PROPOSER, VOTER, RELAYER, NO_VOTES]) {
    await suite.open.transfer(signers[index].address, STAKE);
    await suite.open.connect(signers[index]).approve(await suite.gopen.getAddress(), STAKE);
    await suite.gopen.connect(signers[index]).stake(STAKE);
  }
  for (const index of [PROPOSER, VOTER]) await suite.gopen.connect(signers[index]).delegate(signers[index].address);
}

async function proposeCooldown(value: string): Promise<bigint> {
  const proposed = await runJson("gov:propose", { param: "gopen.cooldown", value, from: String(PROPOSER) });
  return BigInt(proposed.proposalId as string);
}

/// Past the voting delay, so that votes count.
async function openVoting(id: bigint): Promise<void> {
  const start = await suite.governor.proposalSnapshot(id);
  await networkHelpers.time.increaseTo(start + 1n);
}

async function endVoting(id: bigint): Promise<void> {
  await networkHelpers.time.increaseTo((await suite.governor.proposalDeadline(id)) + 1n);
}

describe("gov tasks", function () {
  beforeEach(async function () {
    await networkHelpers.loadFixture(stakedAccounts);
  });

  describe("the task connection", function () {
    it("is the connection the tasks deploy the suite on", async function () {
      expect(await hre.network.getOrCreate()).to.equal(suite.connection);
    });
  });

  describe("gov:delegate", function () {
    describe("when an account delegates to itself", function () {
      it("prints its votes before and after", async function () {
        const result = await runJson("gov:delegate", { to: "self", from: String(RELAYER) });

        expect(result.delegate).to.equal(signers[RELAYER].address);
        expect(result.votesBefore).to.equal("0");
        expect(result.votesAfter).to.equal(STAKE.toString());
        expect(await suite.gopen.getVotes(signers[RELAYER].address)).to.equal(STAKE);
      });
    });

    describe("when the delegation is signed and relayed by another account", function () {
      it("moves the signer's votes and the relayer pays", async function () {
        const result = await runJson("gov:delegate", {
          to: signers[VOTER].address,
          from: String(RELAYER),
          bySig: true,
          relayer: String(NO_VOTES),
        });

        expect(result.relayer).to.equal(signers[NO_VOTES].address);
        expect(await suite.gopen.delegates(signers[RELAYER].address)).to.equal(signers[VOTER].address);
        expect(BigInt(result.votesAfter as string) - BigInt(result.votesBefore as string)).to.equal(STAKE);
      });
    });
  });

  describe("gov:propose", function () {
    describe("when a named parameter change is proposed", function () {
      it("prints the proposal id (the Governor's hash of the calls), its state and vote dates", async function () {
        const result = await runJson("gov:propose", { param: "gopen.cooldown", value: "2h", from: String(PROPOSER) });

        const call = suite.gopen.interface.encodeFunctionData("setCooldown", [7200n]);
        const description = result.description as string;
        expect(description).to.equal("Set gopen.cooldown to 7200 s (2h) (now 3600 s (1h))");
        const id = proposalId([await suite.gopen.getAddress()], [0n], [call], descriptionHash(description));
        expect(result.proposalId).to.equal(id.toString());
        expect(result.state).to.equal("Pending");
        expect(result.calls).to.deep.equal(["gopen.setCooldown(newCooldown=7200)"]);
        expect(BigInt(result.voteStart as string)).to.equal(await suite.governor.proposalSnapshot(id));
        expect(BigInt(result.voteEnd as string)).to.equal(await suite.governor.proposalDeadline(id));
      });
    });

    describe("when settlement.protocolBps is proposed", function () {
      it("calls setFeeShares with the current stakers share", async function () {
        const result = await runJson("gov:propose", {
          param: "settlement.protocolBps",
          value: "700",
          from: String(PROPOSER),
        });

        expect(result.calls).to.deep.equal([
          `settlement.setFeeShares(newProtocolBps=700, newStakersBps=${(await suite.settlement.stakersBps()).toString()})`,
        ]);
      });
    });

    describe("when the calls come from a file", function () {
      it("resolves suite targets by name and encodes each call", async function () {
        const dir = mkdtempSync(path.join(tmpdir(), "gov-calls-"));
        const file = path.join(dir, "calls.json");
        writeFileSync(
          file,
          JSON.stringify([
            { target: "gopen", signature: "setCooldown", args: [60] },
            { target: "Settlement", signature: "setLineageBps(uint256)", args: ["1200"] },
            {
              target: await suite.models.getAddress(),
              data: suite.models.interface.encodeFunctionData("setMaxLineageDepth", [4n]),
            },
          ]),
        );

        const result = await runJson("gov:propose", {
          calls: file,
          description: "Three changes",
          from: String(PROPOSER),
        });

        expect(result.calls).to.deep.equal([
          "gopen.setCooldown(newCooldown=60)",
          "settlement.setLineageBps(newLineageBps=1200)",
          "models.setMaxLineageDepth(newMaxLineageDepth=4)",
        ]);
      });
    });

    describe("when datanets.reviewTimeout is proposed", function () {
      it("calls setReviewTimeout, and refuses a timeout below the bound before anyone votes", async function () {
        const result = await runJson("gov:propose", {
          param: "datanets.reviewTimeout",
          value: "2h",
          from: String(PROPOSER),
        });
        expect(result.description).to.equal("Set datanets.reviewTimeout to 7200 s (2h) (now 3600 s (1h))");
        expect(result.calls).to.deep.equal(["datanets.setReviewTimeout(reviewTimeout_=7200)"]);

        const refused = await runTask("gov:propose", {
          param: "datanets.reviewTimeout",
          value: "59m",
          from: String(PROPOSER),
        });
        expect(refused.stderr).to.equal(
          "error: datanets.reviewTimeout = 59m would revert when the Timelock executes it: " +
            "ReviewTimeoutOutOfBounds(reviewTimeout=59m, min=1h, max=365d)\n",
        );
      });
    });

    describe("when the new value would revert when executed", function () {
      it("refuses before proposing, with the decoded error", async function () {
        const result = await runTask("gov:propose", { param: "gopen.cooldown", value: "91d", from: String(PROPOSER) });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.equal(
          "error: gopen.cooldown = 91d would revert when the Timelock executes it: " +
            "CooldownTooLong(cooldown=91d, maxCooldown=90d)\n",
        );
      });

      it("refuses a rewards duration below one hour, with the decoded error", async function () {
        const result = await runTask("gov:propose", {
          param: "gopen.rewardsDuration",
          value: "59m",
          from: String(PROPOSER),
        });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.equal(
          "error: gopen.rewardsDuration = 59m would revert when the Timelock executes it: " +
            "RewardsDurationOutOfBounds(duration=59m, minDuration=1h, maxDuration=90d)\n",
        );
      });
    });

    describe("when the parameter is unknown", function () {
      it("names the known parameters", async function () {
        const result = await runTask("gov:propose", { param: "gopen.speed", value: "1" });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.match(
          /^error: unknown parameter "gopen\.speed": one of settlement\.protocolBps, .*gopen\.cooldown/,
        );
      });
    });
  });

  describe("gov:vote", function () {
    describe("when the proposal does not exist", function () {
      it("prints one decoded line and sets the exit code to 1", async function () {
        const result = await runTask("gov:vote", { proposal: 123n, support: "for", from: String(VOTER) });

        expect(result.stdout).to.equal("");
        expect(result.stderr).to.equal("error: GovernorNonexistentProposal(proposalId=123)\n");
        expect(result.exitCode).to.equal(1);
      });
    });

    describe("when the voter had no votes at the snapshot", function () {
      it("refuses, since a vote of weight 0 could not be cast again", async function () {
        const id = await proposeCooldown("2h");
        await openVoting(id);

        const result = await runTask("gov:vote", { proposal: id, support: "for", from: String(NO_VOTES) });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.contain(`${signers[NO_VOTES].address} had no votes at the snapshot`);
        expect(await suite.governor.hasVoted(id, signers[NO_VOTES].address)).to.equal(false);
      });
    });

    describe("when voting has not opened", function () {
      it("says when it opens", async function () {
        const id = await proposeCooldown("2h");

        const result = await runTask("gov:vote", { proposal: id, support: "for", from: String(VOTER) });

        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.match(
          new RegExp(`^error: proposal ${id.toString()} is Pending: voting opens after \\d{4}-`),
        );
      });
    });

    describe("when the support is not for, against or abstain", function () {
      it("rejects it", async function () {
        const result = await runTask("gov:vote", { proposal: 1n, support: "maybe" });

        expect(result.stderr).to.equal('error: --support "maybe" must be for, against or abstain\n');
      });
    });
  });

  describe("a proposal's lifecycle", function () {
    describe("when it is proposed, voted for, queued and executed through the tasks", function () {
      it("changes the parameter, and gov:status shows it Executed", async function () {
        const delegated = await runJson("gov:delegate", { to: "self", from: String(RELAYER) });
        expect(delegated.votesAfter).to.equal(STAKE.toString());
        const id = await proposeCooldown("7200");
        await openVoting(id);

        const vote = await runJson("gov:vote", {
          proposal: id,
          support: "for",
          reason: "longer exits",
          from: String(VOTER),
        });
        expect(vote.weight).to.equal(STAKE.toString());
        const against = await runJson("gov:vote", { proposal: id, support: "against", from: String(RELAYER) });
        expect(against.votes).to.deep.equal({ for: STAKE.toString(), against: STAKE.toString(), abstain: "0" });
        await runJson("gov:vote", { proposal: id, support: "for", from: String(PROPOSER) });

        const early = await runTask("gov:queue", { proposal: id });
        expect(early.stderr).to.match(
          new RegExp(`^error: cannot queue proposal ${id.toString()}: it is Active; voting ends `),
        );
        await endVoting(id);

        const queued = await runJson("gov:queue", { proposal: id });
        expect(queued.state).to.equal("Queued");
        const tooSoon = await runTask("gov:execute", { proposal: id });
        expect(tooSoon.stderr).to.match(/^error: cannot execute proposal \d+ yet: its Timelock delay ends /);
        await networkHelpers.time.increaseTo(BigInt(queued.eta as string));

        const executed = await runJson("gov:execute", { proposal: id, from: String(NO_VOTES) });
        expect(executed.state).to.equal("Executed");
        expect(await suite.gopen.cooldown()).to.equal(7200n);

        const status = await runJson("gov:status", { proposal: id });
        expect(status.state).to.equal("Executed");
        expect(status.votes).to.deep.equal({
          for: (2n * STAKE).toString(),
          against: STAKE.toString(),
          abstain: "0",
        });
        expect(status.quorum).to.equal((await quorumOf(id)).toString());
        expect(status.quorumReached).to.equal(true);
        expect(status.calls).to.deep.equal(["gopen.setCooldown(newCooldown=7200)"]);
        expect(status.eta).to.equal(queued.eta);
      });
    });

    describe("when the proposal is defeated", function () {
      it("gov:queue says why, with the tally and the quorum", async function () {
        const id = await proposeCooldown("2h");
        await openVoting(id);
        await runJson("gov:vote", { proposal: id, support: "against", from: String(VOTER) });
        await endVoting(id);

        const result = await runTask("gov:queue", { proposal: id });

        expect(result.stderr).to.equal(
          `error: cannot queue proposal ${id.toString()}: it is Defeated ` +
            `(for 0 gOPEN, against 400,000 gOPEN, quorum ${formatVotes(await quorumOf(id))} of for + abstain)\n`,
        );
      });
    });
  });

  describe("gov:sign-vote and gov:relay-vote", function () {
    describe("when a voter signs a ballot and another account relays it", function () {
      it("counts the voter's votes, not the relayer's", async function () {
        const id = await proposeCooldown("2h");
        await openVoting(id);
        const out = path.join(mkdtempSync(path.join(tmpdir(), "ballot-")), "ballot.json");

        const signed = await runJson("gov:sign-vote", { proposal: id, support: "abstain", out, from: String(VOTER) });
        const ballot = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
        const relayed = await runJson("gov:relay-vote", { file: out, from: String(NO_VOTES) });

        expect(signed.weight).to.equal(STAKE.toString());
        expect(ballot).to.include({ proposalId: id.toString(), support: 2, voter: signers[VOTER].address, nonce: "0" });
        expect(relayed).to.include({ voter: signers[VOTER].address, relayer: signers[NO_VOTES].address });
        expect(relayed.votes).to.deep.equal({ for: "0", against: "0", abstain: STAKE.toString() });
        expect(await suite.governor.hasVoted(id, signers[VOTER].address)).to.equal(true);
        expect(await suite.governor.hasVoted(id, signers[NO_VOTES].address)).to.equal(false);
      });
    });

    describe("when a ballot is relayed a second time", function () {
      it("is refused: its nonce is used", async function () {
        const id = await proposeCooldown("2h");
        await openVoting(id);
        const out = path.join(mkdtempSync(path.join(tmpdir(), "ballot-")), "ballot.json");
        await runJson("gov:sign-vote", { proposal: id, support: "for", out, from: String(VOTER) });
        await runJson("gov:relay-vote", { file: out, from: String(NO_VOTES) });

        const again = await runTask("gov:relay-vote", { file: out, from: String(NO_VOTES) });

        expect(again.exitCode).to.equal(1);
        expect(again.stderr).to.equal(
          `error: the ballot was signed with nonce 0 but ${signers[VOTER].address} is now at nonce 1: sign it again\n`,
        );
      });
    });

    describe("when the ballot was tampered with", function () {
      it("names the account that really signed it", async function () {
        const id = await proposeCooldown("2h");
        await openVoting(id);
        const out = path.join(mkdtempSync(path.join(tmpdir(), "ballot-")), "ballot.json");
        await runJson("gov:sign-vote", { proposal: id, support: "for", out, from: String(VOTER) });
        const ballot = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
        writeFileSync(out, JSON.stringify({ ...ballot, voter: signers[PROPOSER].address }));

        const result = await runTask("gov:relay-vote", { file: out });

        expect(result.stderr).to.match(/^error: the signature was made by 0x[0-9a-fA-F]{40}, not by the voter /);
        expect(await suite.governor.hasVoted(id, signers[PROPOSER].address)).to.equal(false);
      });
    });
  });

  describe("gov:list", function () {
    it("lists every proposal with its state by name, proposer, votes in gOPEN and deadline as a date", async function () {
      const first = await proposeCooldown("2h");
      await openVoting(first);
      await runJson("gov:vote", { proposal: first, support: "for", from: String(VOTER) });
      const second = await proposeCooldown("3h");

      const result = await runJson<{ proposals: Array<Record<string, unknown>> }>("gov:list", {});
      const rows = Object.fromEntries(result.proposals.map((p) => [p.id as string, p]));
      expect(rows[first.toString()]).to.deep.include({
        state: "Active",
        proposer: signers[PROPOSER].address,
        votes: { for: STAKE.toString(), against: "0", abstain: "0" },
      });
      expect(rows[first.toString()].voteEnd).to.equal((await suite.governor.proposalDeadline(first)).toString());
      expect(rows[second.toString()].state).to.equal("Pending");

      const text = await runTask("gov:list", {});
      expect(text.stdout).to.include(`#${first.toString()} Active`);
      expect(text.stdout).to.match(
        /for 400,000 gOPEN, against 0 gOPEN, abstain 0 gOPEN  voting ends \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in /,
      );
    });
  });

  describe("gov:status", function () {
    describe("without --proposal", function () {
      it("lists the recent proposals, newest first", async function () {
        const first = await proposeCooldown("2h");
        const second = await proposeCooldown("3h");

        const result = await runJson("gov:status", {});

        const listed = (result.proposals as Array<Record<string, unknown>>).map((p) => p.id);
        expect(listed.indexOf(second.toString())).to.be.lessThan(listed.indexOf(first.toString()));
        expect(listed.indexOf(first.toString())).to.be.greaterThan(-1);
      });
    });

    describe("without --proposal, before and after the guardian's term", function () {
      it("shows the proposal guardian and when its term ends, then that it expired", async function () {
        const expiry = await suite.governor.proposalGuardianExpiry();

        const during = await runJson("gov:status", {});
        expect(during).to.include({
          guardian: signers[0].address,
          guardianExpiry: expiry.toString(),
          guardianExpired: false,
        });
        const text = await runTask("gov:status", {});
        expect(text.stdout).to.match(/guardianUntil: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in \d+d/);

        await networkHelpers.time.increaseTo(expiry);
        const after = await runJson("gov:status", {});
        expect(after).to.include({ guardian: "0x0000000000000000000000000000000000000000", guardianExpired: true });
        const expired = await runTask("gov:status", {});
        expect(expired.stdout).to.match(/guardian: +none: its mandate expired \(a vote renews it\)/);
      });
    });

    describe("when voting has not opened", function () {
      it("shows no quorum yet and the state by name", async function () {
        const id = await proposeCooldown("2h");

        const result = await runJson("gov:status", { proposal: id });

        expect(result.state).to.equal(PROPOSAL_STATES[0]);
        expect(result.quorum).to.equal(null);
        expect(result.quorumReached).to.equal(null);
      });
    });

    describe("when printed for people", function () {
      it("shows dates and amounts in gOPEN", async function () {
        const id = await proposeCooldown("2h");
        await openVoting(id);
        await runJson("gov:vote", { proposal: id, support: "for", from: String(VOTER) });

        const result = await runTask("gov:status", { proposal: id });

        expect(result.stdout).to.match(/^state: +Active$/m);
        expect(result.stdout).to.match(/^votes\.for: +400,000 gOPEN$/m);
        expect(result.stdout).to.match(new RegExp(`^quorum: +${formatVotes(await quorumOf(id))}$`, "m"));
        expect(result.stdout).to.match(/^voteEnd: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 9m/m);
      });
    });
  });
});
