/// The SDK's governance actions on a deployed suite: each one's happy path with its decoded event, and a failure
/// found before anything is sent (the account's nonce does not move).
import { expect } from "chai";
import { parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  attach,
  castVote,
  decodeError,
  delegate,
  descriptionHash,
  execute,
  getProposal,
  listProposals,
  OpenLedgerError,
  propose,
  proposalId,
  queue,
  relayVote,
  signVote,
} from "../../package/src/index.js";
import type { Addresses, Client } from "../../package/src/index.js";
import { loadSuite, PARAMS } from "../helpers/fixtures.js";
import { addressesOf, rejection } from "./world.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers, ethers } = connection;
const STAKE = parseEther("100000");

interface World extends Suite {
  addresses: Addresses;
  proposer: HardhatEthersSigner;
  voter: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  as: (signer: HardhatEthersSigner) => Client;
}

/// users[0] (proposer) and users[1] (voter) stake and delegate to themselves; users[2] relays.
async function governanceWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [proposer, voter, relayer] = s.users;
  for (const u of [proposer, voter]) {
    await s.open.connect(u).approve(await s.gopen.getAddress(), STAKE);
    await s.gopen.connect(u).stake(STAKE);
  }
  const addresses = await addressesOf(s);

  const as = (signer: HardhatEthersSigner): Client => attach(signer, addresses, 31337n);
  for (const u of [proposer, voter]) await delegate(as(u), { delegatee: u.address });
  return { ...s, addresses, proposer, voter, relayer, as };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(governanceWorld);

const nonceOf = (a: HardhatEthersSigner) => ethers.provider.getTransactionCount(a.address);

/// A proposal to set the gOPEN cooldown to 2 hours, with voting open.
async function activeProposal(w: World): Promise<bigint> {
  const r = await propose(w.as(w.proposer), { parameter: "gopen.cooldown", value: "2h" });
  await networkHelpers.time.increase(PARAMS.votingDelay + 1);
  return r.proposalId;
}

describe("SDK governance actions", function () {
  describe("delegate", function () {
    it("delegates, and returns the DelegateChanged event and the votes before and after", async function () {
      const w = await world();
      const r = await delegate(w.as(w.relayer), { delegatee: w.voter.address });
      expect(r.event.delegator).to.equal(w.relayer.address);
      expect(r.event.toDelegate).to.equal(w.voter.address);
      expect(r.votesBefore).to.equal(STAKE);
      expect(r.votesAfter).to.equal(STAKE); // the relayer holds no gOPEN
    });

    it("by signature: the account signs, the relayer sends and pays", async function () {
      const w = await world();
      const relayerNonce = await nonceOf(w.relayer);
      const voterNonce = await nonceOf(w.voter);
      const r = await delegate(w.as(w.voter), { delegatee: w.proposer.address, bySig: true, relayer: w.as(w.relayer) });
      expect(r.relayer).to.equal(w.relayer.address);
      expect(r.event.delegator).to.equal(w.voter.address);
      expect(await w.gopen.getVotes(w.proposer.address)).to.equal(STAKE * 2n);
      expect(await nonceOf(w.relayer)).to.equal(relayerNonce + 1);
      expect(await nonceOf(w.voter)).to.equal(voterNonce);
    });

    it("refuses a client without a signer, sending nothing", async function () {
      const w = await world();
      const readOnly = attach(ethers.provider, w.addresses, 31337n);
      const err = await rejection(() => delegate(readOnly, { delegatee: w.voter.address }));
      expect(err).to.be.instanceOf(OpenLedgerError);
      expect(decodeError(err)).to.match(/^delegate sends a transaction/);
    });
  });

  describe("propose", function () {
    it("proposes a named parameter change, with the ProposalCreated event and the id it hashes to", async function () {
      const w = await world();
      const r = await propose(w.as(w.proposer), { parameter: "gopen.cooldown", value: "2h" });
      const { targets, values, calldatas, description } = r.record;
      expect(r.event.proposalId).to.equal(proposalId(targets, values, calldatas, descriptionHash(description)));
      expect(r.proposalId).to.equal(r.event.proposalId);
      expect(r.state).to.equal("Pending");
      expect(r.change).to.deep.equal({ parameter: "gopen.cooldown", current: "3600 s (1h)", proposed: "7200 s (2h)" });
    });

    it("refuses a value that is already set, or that the Timelock could not execute, sending nothing", async function () {
      const w = await world();
      const before = await nonceOf(w.proposer);
      const same = await rejection(() => propose(w.as(w.proposer), { parameter: "gopen.cooldown", value: "1h" }));
      expect(decodeError(same)).to.equal("gopen.cooldown is already 3600 s (1h)");
      const bad = await rejection(() =>
        propose(w.as(w.proposer), { parameter: "settlement.protocolBps", value: "9000" }),
      );
      expect(decodeError(bad)).to.match(/^settlement\.protocolBps = 9000 would revert when the Timelock executes it: /);
      expect(await nonceOf(w.proposer)).to.equal(before);
    });
  });

  describe("castVote", function () {
    it("votes, with the VoteCast event's weight and the tally after", async function () {
      const w = await world();
      const id = await activeProposal(w);
      const r = await castVote(w.as(w.voter), { proposalId: id, support: "for", reason: "good" });
      expect(r.event.voter).to.equal(w.voter.address);
      expect(r.event.reason).to.equal("good");
      expect(r.weight).to.equal(STAKE);
      expect(r.votes).to.deep.equal({ for: STAKE, against: 0n, abstain: 0n });
      expect(r.state).to.equal("Active");
    });

    it("refuses a voter without votes at the snapshot, sending nothing", async function () {
      const w = await world();
      const id = await activeProposal(w);
      const before = await nonceOf(w.relayer);
      const err = await rejection(() => castVote(w.as(w.relayer), { proposalId: id, support: 1 }));
      expect(decodeError(err)).to.match(/had no votes at the snapshot of proposal \d+ \(.* UTC \(.* ago\)\)/);
      expect(await nonceOf(w.relayer)).to.equal(before);
    });

    it("says when voting opens for a Pending proposal", async function () {
      const w = await world();
      const r = await propose(w.as(w.proposer), { parameter: "gopen.cooldown", value: "3h" });
      const err = await rejection(() => castVote(w.as(w.voter), { proposalId: r.proposalId, support: "for" }));
      expect(decodeError(err)).to.match(/is Pending: voting opens after .* UTC \(in /);
    });
  });

  describe("signVote and relayVote", function () {
    it("signs a ballot without sending, and the relayer casts it for the voter", async function () {
      const w = await world();
      const id = await activeProposal(w);
      const before = await nonceOf(w.voter);
      const { ballot, weight } = await signVote(w.as(w.voter), { proposalId: id, support: "against" });
      expect(await nonceOf(w.voter)).to.equal(before);
      expect(weight).to.equal(STAKE);
      const r = await relayVote(w.as(w.relayer), { ballot });
      expect(r.event.voter).to.equal(w.voter.address);
      expect(r.event.support).to.equal(0n);
      expect(r.relayer).to.equal(w.relayer.address);
      expect(r.votes.against).to.equal(STAKE);
    });

    it("refuses a ballot relayed twice, sending nothing", async function () {
      const w = await world();
      const id = await activeProposal(w);
      const { ballot } = await signVote(w.as(w.voter), { proposalId: id, support: "for" });
      await relayVote(w.as(w.relayer), { ballot });
      const before = await nonceOf(w.relayer);
      const err = await rejection(() => relayVote(w.as(w.relayer), { ballot }));
      expect(decodeError(err)).to.match(/^the ballot was signed with nonce 0 but .* is now at nonce 1: sign it again$/);
      expect(await nonceOf(w.relayer)).to.equal(before);
    });
  });

  describe("queue and execute", function () {
    it("queues a succeeded proposal, refuses to execute it before its eta (a date), then executes it", async function () {
      const w = await world();
      const id = await activeProposal(w);
      await castVote(w.as(w.voter), { proposalId: id, support: "for" });
      await networkHelpers.time.increase(PARAMS.votingPeriod + PARAMS.voteExtension + 1);
      const queued = await queue(w.as(w.relayer), { proposalId: id });
      expect(queued.event.proposalId).to.equal(id);
      expect(queued.state).to.equal("Queued");
      expect(queued.eta).to.equal(await w.governor.proposalEta(id));

      const before = await nonceOf(w.relayer);
      const early = await rejection(() => execute(w.as(w.relayer), { proposalId: id, record: queued.record }));
      expect(decodeError(early)).to.match(/its Timelock delay ends .* UTC \(in [0-9ms ]+\)$/);
      expect(await nonceOf(w.relayer)).to.equal(before);

      await networkHelpers.time.increase(PARAMS.timelockDelay + 1);
      const done = await execute(w.as(w.relayer), { proposalId: id, record: queued.record });
      expect(done.event.proposalId).to.equal(id);
      expect(done.state).to.equal("Executed");
      expect(await w.gopen.cooldown()).to.equal(7200n);
    });

    it("refuses to queue an Active proposal, saying when voting ends, and sends nothing", async function () {
      const w = await world();
      const id = await activeProposal(w);
      const before = await nonceOf(w.relayer);
      const err = await rejection(() => queue(w.as(w.relayer), { proposalId: id }));
      expect(decodeError(err)).to.match(/^cannot queue proposal \d+: it is Active; voting ends .* UTC \(in /);
      expect(await nonceOf(w.relayer)).to.equal(before);
    });
  });

  describe("getProposal and listProposals", function () {
    it("read a proposal's state by name, its votes and its dates, and list every proposal newest first", async function () {
      const w = await world();
      const first = await activeProposal(w);
      await castVote(w.as(w.voter), { proposalId: first, support: "abstain" });
      const second = (await propose(w.as(w.proposer), { parameter: "gopen.cooldown", value: "4h" })).proposalId;
      const p = await getProposal(w.as(w.relayer), { proposalId: first });
      expect(p.state).to.equal("Active");
      expect(p.votes.abstain).to.equal(STAKE);
      expect(p.record?.description).to.equal("Set gopen.cooldown to 7200 s (2h) (now 3600 s (1h))");
      expect(p.timestampClock).to.equal(true);
      expect(p.voteEnd).to.equal(await w.governor.proposalDeadline(first));
      const l = await listProposals(w.as(w.relayer));
      expect(l.proposals.map((x) => [x.proposalId, x.state])).to.deep.equal([
        [second, "Pending"],
        [first, "Active"],
      ]);
    });
  });
});
