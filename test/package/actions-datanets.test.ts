/// The SDK's datanet actions on a deployed suite: each one's happy path with its decoded event, and a failure found
/// before anything is sent. A contribution that would fail sends no approval (the bug of the old datanet:contribute).
import { formatOpen } from "../../package/src/format/index.js";
import { expect } from "chai";
import { id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  attach,
  commitmentOf,
  contribute,
  contributeMany,
  createDatanet,
  datanetVersionManifest,
  decodeError,
  getContributions,
  getDatanet,
  getDatanetVersion,
  listDatanets,
  publishDatanetVersion,
  review,
  setAttestor,
  setCurator,
  recordTreeFileOf,
  withdrawBond,
  withdrawContribution,
} from "../../package/src/index.js";
import type { Addresses, Client } from "../../package/src/index.js";
import { loadSuite, PARAMS } from "../helpers/fixtures.js";
import { addressesOf, rejection } from "./world.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers, ethers } = connection;
const BOND = parseEther("2");
const CURATED = 1n;
const OPEN = 2n;

interface World extends Suite {
  addresses: Addresses;
  owner: HardhatEthersSigner;
  contributor: HardhatEthersSigner;
  as: (signer: HardhatEthersSigner) => Client;
}

/// users[0] owns datanet 1 (curated, bond 2 OPEN) and datanet 2 (open); users[1] contributes.
async function datanetWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [owner, contributor] = s.users;
  const addresses = await addressesOf(s);

  const as = (signer: HardhatEthersSigner): Client => attach(signer, addresses, 31337n);
  await createDatanet(as(owner), { uri: "ipfs://curated", curated: true, bond: BOND });
  await createDatanet(as(owner), { uri: "ipfs://open" });
  return { ...s, addresses, owner, contributor, as };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(datanetWorld);

const nonceOf = (a: HardhatEthersSigner) => ethers.provider.getTransactionCount(a.address);

describe("SDK datanet actions", function () {
  describe("createDatanet", function () {
    it("creates a datanet, with its DatanetCreated event", async function () {
      const w = await world();
      const r = await createDatanet(w.as(w.owner), { uri: "ipfs://third", curated: true, bond: BOND });
      expect(r.datanetId).to.equal(3n);
      expect(r.event.owner).to.equal(w.owner.address);
      expect(r.event.attestor).to.equal(w.owner.address);
      expect(r.event.bond).to.equal(BOND);
    });

    it("refuses a bond without curation, sending nothing", async function () {
      const w = await world();
      const before = await nonceOf(w.owner);
      const err = await rejection(() => createDatanet(w.as(w.owner), { uri: "ipfs://x", bond: BOND }));
      expect(decodeError(err)).to.equal(`BondRequiresCuration(bond=${formatOpen(BOND)})`);
      expect(await nonceOf(w.owner)).to.equal(before);
    });
  });

  describe("contribute", function () {
    it("contributes one record in one transaction, approving the bond, with its ContributionSubmitted event", async function () {
      const w = await world();
      const r = await contribute(w.as(w.contributor), { datanetId: CURATED, contentHash: id("a"), uri: "ipfs://a" });
      expect(r.event).to.include({ contentHash: id("a"), contributor: w.contributor.address, index: 0n });
      expect(r.status).to.equal("Pending");
      expect(r.approval).to.match(/^0x[0-9a-f]{64}$/);
      expect(r.bond).to.equal(BOND);
    });

    it("commits, then reveals in a later block, with the commit's time as the record's priority", async function () {
      const w = await world();
      const r = await contribute(w.as(w.contributor), {
        datanetId: CURATED,
        contentHash: id("b"),
        uri: "ipfs://b",
        commitReveal: true,
        waitMs: 60_000,
      });
      expect(r.commit?.tx).to.match(/^0x/);
      expect(BigInt(r.receipt.blockNumber)).to.be.greaterThan(r.commit!.block);
      expect(r.runSalt).to.match(/^0x[0-9a-f]{64}$/);
      const c = await w.datanets.contribution(CURATED, id("b"));
      expect(c.submittedAt).to.equal(r.commit!.committedAt);
      expect(r.status).to.equal("Pending");
    });

    it("submits a Merkle batch root, with its BatchSubmitted event", async function () {
      const w = await world();
      const files = ["x", "y", "z"].map((n) => ({ name: n, contentHash: id(n) }));
      const { tree } = recordTreeFileOf({
        chainId: 31337n,
        datanetId: OPEN,
        contributor: w.contributor.address,
        uri: "",
        files,
      });
      const r = await contribute(w.as(w.contributor), { datanetId: OPEN, root: tree.root, count: 3n, uri: "ipfs://t" });
      expect(r.event).to.include({ root: tree.root, count: 3n });
      expect(r.status).to.equal("Accepted");
    });

    it("contributes several records, skipping those the datanet holds", async function () {
      const w = await world();
      await contribute(w.as(w.owner), { datanetId: OPEN, contentHash: id("held"), uri: "ipfs://held" });
      const records = ["held", "new1", "new2"].map((n) => ({ contentHash: id(n), uri: `ipfs://${n}` }));
      const r = await contributeMany(w.as(w.contributor), { datanetId: OPEN, records });
      expect(r.contributed.map((c) => c.key)).to.deep.equal([id("new1"), id("new2")]);
      expect(r.existing).to.deep.equal([{ contentHash: id("held"), contributor: w.owner.address, status: "Accepted" }]);
    });

    describe("when the contribution would fail", function () {
      it("sends no approval for a duplicate: the allowance and the nonce do not move", async function () {
        const w = await world();
        await contribute(w.as(w.owner), { datanetId: CURATED, contentHash: id("dup"), uri: "ipfs://dup" });
        const allowance = await w.open.allowance(w.contributor.address, w.addresses.datanets);
        const before = await nonceOf(w.contributor);
        for (const commitReveal of [false, true]) {
          const err = await rejection(() =>
            contribute(w.as(w.contributor), { datanetId: CURATED, contentHash: id("dup"), uri: "u", commitReveal }),
          );
          expect(decodeError(err)).to.equal(`DuplicateContribution(datanetId=1, contentHash=${id("dup")})`);
        }
        expect(await w.open.allowance(w.contributor.address, w.addresses.datanets)).to.equal(allowance);
        expect(await nonceOf(w.contributor)).to.equal(before);
      });

      it("sends nothing when the account cannot pay the bond, and says so in OPEN", async function () {
        const w = await world();
        const broke = w.stranger;
        const before = await nonceOf(broke);
        const err = await rejection(() =>
          contribute(w.as(broke), { datanetId: CURATED, contentHash: id("c"), uri: "u", commitReveal: true }),
        );
        expect(decodeError(err)).to.equal(`${broke.address} holds 0 OPEN, less than the 2 OPEN bond of datanet 1`);
        expect(await w.open.allowance(broke.address, w.addresses.datanets)).to.equal(0n);
        expect(await nonceOf(broke)).to.equal(before);
      });

      it("sends nothing to a closed datanet", async function () {
        const w = await world();
        await w.datanets.connect(w.owner).closeDatanet(OPEN);
        const before = await nonceOf(w.contributor);
        const err = await rejection(() =>
          contribute(w.as(w.contributor), { datanetId: OPEN, contentHash: id("d"), uri: "u" }),
        );
        expect(decodeError(err)).to.equal("DatanetIsClosed(datanetId=2)");
        expect(await nonceOf(w.contributor)).to.equal(before);
      });
    });
  });

  describe("review", function () {
    it("accepts and rejects in one transaction, with the ContributionReviewed events", async function () {
      const w = await world();
      const c = w.as(w.contributor);
      await contributeMany(c, {
        datanetId: CURATED,
        records: [1, 2].map((i) => ({ contentHash: id(`r${i}`), uri: "u" })),
      });
      const decisions = [
        { contentHash: id("r1"), weight: 3n },
        { contentHash: id("r2"), weight: 0n },
      ];
      const r = await review(w.as(w.owner), { datanetId: CURATED, decisions });
      expect(r.accepted.map((e) => [e.contentHash, e.weight])).to.deep.equal([[id("r1"), 3n]]);
      expect(r.rejected.map((e) => e.contentHash)).to.deep.equal([id("r2")]);
    });

    it("refuses a reviewer who is not a curator, sending nothing", async function () {
      const w = await world();
      await contribute(w.as(w.contributor), { datanetId: CURATED, contentHash: id("p"), uri: "u" });
      const before = await nonceOf(w.stranger);
      const err = await rejection(() =>
        review(w.as(w.stranger), { datanetId: CURATED, decisions: [{ contentHash: id("p"), weight: 1n }] }),
      );
      expect(decodeError(err)).to.equal(`NotCurator(datanetId=1, caller=${w.stranger.address})`);
      expect(await nonceOf(w.stranger)).to.equal(before);
    });
  });

  describe("setCurator and setAttestor", function () {
    it("set the roles, with their events; a stranger is refused before sending", async function () {
      const w = await world();
      const curator = await setCurator(w.as(w.owner), {
        datanetId: CURATED,
        account: w.contributor.address,
        isCurator: true,
      });
      expect(curator.event).to.include({ account: w.contributor.address, isCurator: true });
      const attestor = await setAttestor(w.as(w.owner), { datanetId: CURATED, attestor: w.contributor.address });
      expect(attestor.previous).to.equal(w.owner.address);
      expect(attestor.event.attestor).to.equal(w.contributor.address);
      const before = await nonceOf(w.stranger);
      const err = await rejection(() =>
        setAttestor(w.as(w.stranger), { datanetId: CURATED, attestor: w.stranger.address }),
      );
      expect(decodeError(err)).to.equal(`NotDatanetOwner(datanetId=1, caller=${w.stranger.address})`);
      expect(await nonceOf(w.stranger)).to.equal(before);
    });
  });

  describe("withdrawContribution and withdrawBond", function () {
    it("refuse before the review timeout, then withdraw the record and its bond credit", async function () {
      const w = await world();
      const c = w.as(w.contributor);
      await contribute(c, { datanetId: CURATED, contentHash: id("w"), uri: "u" });
      const before = await nonceOf(w.contributor);
      const early = await rejection(() => withdrawContribution(c, { datanetId: CURATED, key: id("w") }));
      expect(decodeError(early)).to.match(
        /^ReviewTimeoutNotReached\(datanetId=1, key=0x[0-9a-f]{64}, withdrawableAt=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$/,
      );
      expect(await nonceOf(w.contributor)).to.equal(before);
      await networkHelpers.time.increase(PARAMS.reviewTimeout + 1);
      const r = await withdrawContribution(c, { datanetId: CURATED, key: id("w") });
      expect(r.event).to.include({ contentHash: id("w"), contributor: w.contributor.address });
      expect(r.credit).to.equal(BOND);
      const paid = await withdrawBond(c);
      expect(paid.event).to.include({ account: w.contributor.address, amount: BOND });
      const none = await rejection(() => withdrawBond(c));
      expect(decodeError(none)).to.equal(`NoBondCredit(account=${w.contributor.address})`);
    });
  });

  describe("publishDatanetVersion, getDatanetVersion and datanetVersionManifest", function () {
    it("publish the next version, read it with its URI, and rebuild its manifest from the events", async function () {
      const w = await world();
      const c = w.as(w.contributor);
      await contributeMany(c, {
        datanetId: OPEN,
        records: [1, 2].map((i) => ({ contentHash: id(`v${i}`), uri: "u" })),
      });

      const r = await publishDatanetVersion(w.as(w.owner), { datanetId: OPEN, uri: "ipfs://v1" });

      expect(r.version).to.equal(1n);
      expect(r.event).to.include({
        datanetId: OPEN,
        version: 1n,
        acceptedCount: 2n,
        totalWeight: 2n,
        uri: "ipfs://v1",
      });
      const v = await getDatanetVersion(c, { datanetId: OPEN, version: 1n });
      expect(v).to.deep.include({ acceptedCount: 2n, totalWeight: 2n, uri: "ipfs://v1" });
      expect(v.blockNumber).to.equal(BigInt(r.receipt.blockNumber));
      const m = await datanetVersionManifest(c, { datanetId: OPEN, version: 1n });
      expect(m).to.deep.include({ chainId: "31337", registry: w.addresses.datanets, datanetId: "2", version: 1 });
      expect(m.contributions.map((x) => x.acceptance)).to.deep.equal([1, 2]);
      expect(m.contributors).to.deep.equal([{ account: w.contributor.address, weight: "2", records: 2 }]);
    });

    it("name the contributor of a record taken over after the publication as of a later block only", async function () {
      const w = await world();
      const hash = id("taken");
      const salt = id("salt");
      await w.datanets.connect(w.contributor).commitContribution(commitmentOf(w.contributor.address, OPEN, hash, salt));
      await w.datanets.connect(w.stranger).contribute(OPEN, hash, "ipfs://copy");
      const { version } = await publishDatanetVersion(w.as(w.owner), { datanetId: OPEN, uri: "ipfs://v1" });
      await networkHelpers.time.increase(2);
      await w.datanets.connect(w.contributor).revealContribution(OPEN, hash, "ipfs://mine", salt);
      const latest = await ethers.provider.getBlockNumber();

      const atPublication = await datanetVersionManifest(w.as(w.owner), { datanetId: OPEN, version });
      const now = await datanetVersionManifest(w.as(w.owner), { datanetId: OPEN, version, toBlock: latest });

      expect(atPublication.contributors.map((x) => x.account)).to.deep.equal([w.stranger.address]);
      expect(now.contributors.map((x) => x.account)).to.deep.equal([w.contributor.address]);
      expect(now.contributions).to.have.length(1);
    });

    it("refuse a manifest whose events miss acceptances, in one line", async function () {
      const w = await world();
      await contribute(w.as(w.contributor), { datanetId: OPEN, contentHash: id("early"), uri: "u" });
      const { receipt } = await publishDatanetVersion(w.as(w.owner), { datanetId: OPEN, uri: "ipfs://v1" });

      const err = await rejection(() =>
        datanetVersionManifest(w.as(w.owner), { datanetId: OPEN, version: 1n, fromBlock: receipt.blockNumber }),
      );

      expect(decodeError(err)).to.equal(
        "the events do not rebuild version 1 of datanet 2: 0 contributions of total weight 0, the registry says 1 of total weight 1",
      );
    });

    describe("when the registry would refuse the version", function () {
      it("sends nothing for a stranger, for nothing accepted since the latest version, and for an empty URI", async function () {
        const w = await world();
        const before = { owner: await nonceOf(w.owner), stranger: await nonceOf(w.stranger) };

        const pendingOnly = await rejection(() =>
          publishDatanetVersion(w.as(w.owner), { datanetId: CURATED, uri: "ipfs://v1" }),
        );
        expect(decodeError(pendingOnly)).to.equal(
          "NothingAcceptedSinceVersion(datanetId=1, latest=0, acceptedCount=0)",
        );
        await contribute(w.as(w.contributor), { datanetId: OPEN, contentHash: id("one"), uri: "u" });
        const stranger = await rejection(() =>
          publishDatanetVersion(w.as(w.stranger), { datanetId: OPEN, uri: "ipfs://v1" }),
        );
        expect(decodeError(stranger)).to.equal(`NotDatanetOwner(datanetId=2, caller=${w.stranger.address})`);
        const empty = await rejection(() => publishDatanetVersion(w.as(w.owner), { datanetId: OPEN, uri: "" }));
        expect(decodeError(empty)).to.equal("EmptyURI()");
        expect(await nonceOf(w.owner)).to.equal(before.owner);
        expect(await nonceOf(w.stranger)).to.equal(before.stranger);

        await publishDatanetVersion(w.as(w.owner), { datanetId: OPEN, uri: "ipfs://v1" });
        const published = await nonceOf(w.owner);
        const again = await rejection(() =>
          publishDatanetVersion(w.as(w.owner), { datanetId: OPEN, uri: "ipfs://v2" }),
        );
        expect(decodeError(again)).to.equal("NothingAcceptedSinceVersion(datanetId=2, latest=1, acceptedCount=1)");
        expect(await nonceOf(w.owner)).to.equal(published);
        expect((await w.datanets.datanet(OPEN)).versionCount).to.equal(1n);
      });

      it("name the latest version for version 0 and for one not published", async function () {
        const w = await world();
        for (const version of [0n, 1n]) {
          const err = await rejection(() => getDatanetVersion(w.as(w.owner), { datanetId: OPEN, version }));
          expect(decodeError(err)).to.equal(`UnknownDatanetVersion(datanetId=2, version=${version}, latest=0)`);
        }
      });
    });
  });

  describe("getDatanet, getContributions and listDatanets", function () {
    it("read the datanets with their counts by status, and a page of contributions with URIs", async function () {
      const w = await world();
      const c = w.as(w.contributor);
      await contribute(c, { datanetId: CURATED, contentHash: id("s1"), uri: "ipfs://s1" });
      await contribute(c, { datanetId: OPEN, contentHash: id("s2"), uri: "ipfs://s2" });
      const d = await getDatanet(c, { datanetId: CURATED });
      expect(d.pending).to.deep.equal({ contributions: 1n, batches: 0n });
      expect(d.bond).to.equal(BOND);
      expect(d).to.deep.include({ acceptedCount: 0n, acceptedWeight: 0n, versionCount: 0n, latestVersion: null });
      const all = await listDatanets(c);
      expect(all.map((x) => [x.datanetId, x.accepted.contributions, x.pending.contributions])).to.deep.equal([
        [1n, 0n, 1n],
        [2n, 1n, 0n],
      ]);
      const page = await getContributions(c, { datanetId: OPEN, offset: 0n, limit: 10n });
      expect(page.rows.map((r) => [r.contentHash, r.status, r.uri])).to.deep.equal([
        [id("s2"), "Accepted", "ipfs://s2"],
      ]);
      expect(page.next).to.equal(null);
    });
  });
});
