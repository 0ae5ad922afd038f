import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { MaxUint256, ZeroAddress, ZeroHash, id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { attach, contributionWeights } from "../../package/src/index.js";
import type { Client } from "../../package/src/index.js";
import { addressesOf } from "../package/world.js";
import { shouldBehaveLikeRestrictedSetter } from "../helpers/behaviours/index.js";
import { loadSuite, PARAMS, timelockSigner } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";
import type { IDatanetRegistry } from "../../typechain-types/registry/DatanetRegistry.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/// IDatanetRegistry.Status
const Status = { None: 0n, Pending: 1n, Accepted: 2n, Rejected: 3n, Withdrawn: 4n } as const;

const BOND = parseEther("10");
const MAX_WEIGHT = 2n ** 24n - 1n;
const MAX_UINT96 = 2n ** 96n - 1n;
/// The most records one batch can claim (a uint48 count).
const MAX_BATCH_COUNT = 2n ** 48n - 1n;

/// A content hash named after `label`.
const hash = (label: string): string => id(label);

/// The SDK client of the suite, to read with its actions.
async function clientOf(s: Suite): Promise<Client> {
  return attach(ethers.provider, await addressesOf(s));
}

/// Creates a datanet owned by `owner` and returns its id.
async function createDatanet(
  s: Suite,
  owner: HardhatEthersSigner,
  curated: boolean,
  bond: bigint = 0n,
  attestor: string = owner.address,
): Promise<bigint> {
  await s.datanets.connect(owner).createDatanet("ipfs://datanet", curated, bond, attestor);
  return s.datanets.datanetCount();
}

/// Lets the registry take bonds from each of `accounts`.
async function approveBonds(s: Suite, accounts: HardhatEthersSigner[]): Promise<void> {
  const registry = await s.datanets.getAddress();
  for (const a of accounts) await s.open.connect(a).approve(registry, MaxUint256);
}

describe("DatanetRegistry", function () {
  describe("constants and wiring", function () {
    it("exposes the weights, the bond token and no datanet", async function () {
      const s = await loadSuite(connection);

      expect(await s.datanets.MAX_WEIGHT()).to.equal(MAX_WEIGHT);
      expect(await s.datanets.DEFAULT_WEIGHT()).to.equal(1n);
      expect(await s.datanets.token()).to.equal(await s.open.getAddress());
      expect(await s.datanets.datanetCount()).to.equal(0n);
      expect(await s.datanets.authority()).to.equal(await s.accessManager.getAddress());
    });
  });

  describe("createDatanet", function () {
    describe("when the datanet is open", function () {
      it("stores it under the next id, owned by the caller, and emits DatanetCreated", async function () {
        const s = await loadSuite(connection);
        const [owner, attestor] = s.users;

        await expect(s.datanets.connect(owner).createDatanet("ipfs://open", false, 0n, attestor.address))
          .to.emit(s.datanets, "DatanetCreated")
          .withArgs(1n, owner.address, false, 0n, attestor.address, "ipfs://open");

        const d = await s.datanets.datanet(1n);
        expect(d.owner).to.equal(owner.address);
        expect(d.attestor).to.equal(attestor.address);
        expect(d.curated).to.equal(false);
        expect(d.closed).to.equal(false);
        expect(d.bond).to.equal(0n);
        expect(d.contributionCount).to.equal(0n);
        expect(d.batchCount).to.equal(0n);
        expect(d.uri).to.equal("ipfs://open");
        expect(await s.datanets.datanetCount()).to.equal(1n);
        expect(await s.datanets.attestorOf(1n)).to.equal(attestor.address);
      });
    });

    describe("when the datanet is curated with a bond", function () {
      it("records the policy and the bond", async function () {
        const s = await loadSuite(connection);
        const [first, second] = s.users;
        await createDatanet(s, first, false);

        await expect(s.datanets.connect(second).createDatanet("ipfs://curated", true, BOND, second.address))
          .to.emit(s.datanets, "DatanetCreated")
          .withArgs(2n, second.address, true, BOND, second.address, "ipfs://curated");

        const d = await s.datanets.datanet(2n);
        expect(d.curated).to.equal(true);
        expect(d.bond).to.equal(BOND);
        expect(d.owner).to.equal(second.address);
      });

      it("accepts the largest bond that fits 96 bits", async function () {
        const s = await loadSuite(connection);
        await s.datanets.connect(s.users[0]).createDatanet("ipfs://d", true, MAX_UINT96, s.users[0].address);

        expect((await s.datanets.datanet(1n)).bond).to.equal(MAX_UINT96);
      });
    });

    describe("when the input is invalid", function () {
      it("reverts with EmptyURI for an empty URI", async function () {
        const s = await loadSuite(connection);

        await expect(
          s.datanets.connect(s.users[0]).createDatanet("", false, 0n, s.users[0].address),
        ).to.be.revertedWithCustomError(s.datanets, "EmptyURI");
      });

      it("reverts with ZeroAddress for a zero attestor", async function () {
        const s = await loadSuite(connection);

        await expect(
          s.datanets.connect(s.users[0]).createDatanet("ipfs://d", false, 0n, ZeroAddress),
        ).to.be.revertedWithCustomError(s.datanets, "ZeroAddress");
      });

      it("reverts with BondRequiresCuration for an open datanet with a bond", async function () {
        const s = await loadSuite(connection);

        await expect(s.datanets.connect(s.users[0]).createDatanet("ipfs://d", false, BOND, s.users[0].address))
          .to.be.revertedWithCustomError(s.datanets, "BondRequiresCuration")
          .withArgs(BOND);
      });

      it("reverts with BondTooLarge for a bond above 96 bits", async function () {
        const s = await loadSuite(connection);

        await expect(
          s.datanets.connect(s.users[0]).createDatanet("ipfs://d", true, MAX_UINT96 + 1n, s.users[0].address),
        )
          .to.be.revertedWithCustomError(s.datanets, "BondTooLarge")
          .withArgs(MAX_UINT96 + 1n, MAX_UINT96);
        expect(await s.datanets.datanetCount()).to.equal(0n);
      });
    });
  });

  describe("views of an unknown datanet", function () {
    it("revert with UnknownDatanet", async function () {
      const s = await loadSuite(connection);
      await createDatanet(s, s.users[0], false);

      await expect(s.datanets.datanet(2n)).to.be.revertedWithCustomError(s.datanets, "UnknownDatanet").withArgs(2n);
      await expect(s.datanets.datanet(0n)).to.be.revertedWithCustomError(s.datanets, "UnknownDatanet").withArgs(0n);
      await expect(s.datanets.attestorOf(2n)).to.be.revertedWithCustomError(s.datanets, "UnknownDatanet").withArgs(2n);
      for (const view of [
        () => s.datanets.requireOpenVersion(2n, 1n),
        () => s.datanets.requireVersion(2n, 1n),
        () => s.datanets.datanetVersion(2n, 1n),
        () => s.datanets.versionCount(2n),
      ]) {
        await expect(view()).to.be.revertedWithCustomError(s.datanets, "UnknownDatanet").withArgs(2n);
      }
      await expect(s.datanets.isCurator(2n, s.users[0].address))
        .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
        .withArgs(2n);
      await expect(s.datanets.contributionsOf(2n, 0n, 10n))
        .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
        .withArgs(2n);
      await expect(s.datanets.contributionsBy(2n, s.users[0].address, 0n, 10n))
        .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
        .withArgs(2n);
    });
  });

  describe("setAttestor", function () {
    describe("when the owner sets it", function () {
      it("changes the attestor and emits AttestorSet", async function () {
        const s = await loadSuite(connection);
        const [owner, attestor] = s.users;
        const d = await createDatanet(s, owner, false);

        await expect(s.datanets.connect(owner).setAttestor(d, attestor.address))
          .to.emit(s.datanets, "AttestorSet")
          .withArgs(d, attestor.address);
        expect(await s.datanets.attestorOf(d)).to.equal(attestor.address);
      });
    });

    describe("when the attestor is the zero address", function () {
      it("reverts with ZeroAddress", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(s.datanets.connect(s.users[0]).setAttestor(d, ZeroAddress)).to.be.revertedWithCustomError(
          s.datanets,
          "ZeroAddress",
        );
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotDatanetOwner, even for a curator", async function () {
        const s = await loadSuite(connection);
        const [owner, curator] = s.users;
        const d = await createDatanet(s, owner, true);
        await s.datanets.connect(owner).setCurator(d, curator.address, true);

        await expect(s.datanets.connect(curator).setAttestor(d, curator.address))
          .to.be.revertedWithCustomError(s.datanets, "NotDatanetOwner")
          .withArgs(d, curator.address);
        await expect(s.datanets.connect(s.stranger).setAttestor(d, s.stranger.address))
          .to.be.revertedWithCustomError(s.datanets, "NotDatanetOwner")
          .withArgs(d, s.stranger.address);
      });
    });

    describe("when the datanet does not exist", function () {
      it("reverts with UnknownDatanet", async function () {
        const s = await loadSuite(connection);

        await expect(s.datanets.connect(s.users[0]).setAttestor(7n, s.users[0].address))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
          .withArgs(7n);
      });
    });
  });

  describe("setAttestorByGovernance", function () {
    describe("when the Timelock calls it", function () {
      it("replaces the attestor and emits AttestorSet", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);
        const timelock = await timelockSigner(s);

        await expect(s.datanets.connect(timelock).setAttestorByGovernance(d, s.users[5].address))
          .to.emit(s.datanets, "AttestorSet")
          .withArgs(d, s.users[5].address);
        expect(await s.datanets.attestorOf(d)).to.equal(s.users[5].address);
      });

      it("reverts with UnknownDatanet for an unknown datanet", async function () {
        const s = await loadSuite(connection);
        const timelock = await timelockSigner(s);

        await expect(s.datanets.connect(timelock).setAttestorByGovernance(3n, s.users[5].address))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
          .withArgs(3n);
      });

      it("reverts with ZeroAddress for a zero attestor", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);
        const timelock = await timelockSigner(s);

        await expect(
          s.datanets.connect(timelock).setAttestorByGovernance(d, ZeroAddress),
        ).to.be.revertedWithCustomError(s.datanets, "ZeroAddress");
      });
    });

    describe("when anyone else calls it", function () {
      it("reverts with AccessManagedUnauthorized for a stranger, the deployer and the datanet owner", async function () {
        const s = await loadSuite(connection);
        const owner = s.users[0];
        const d = await createDatanet(s, owner, false);

        for (const caller of [s.stranger, s.deployer, owner]) {
          await expect(s.datanets.connect(caller).setAttestorByGovernance(d, caller.address))
            .to.be.revertedWithCustomError(s.datanets, "AccessManagedUnauthorized")
            .withArgs(caller.address);
        }
        expect(await s.datanets.attestorOf(d)).to.equal(owner.address);
      });
    });
  });

  describe("releaseAttestor", function () {
    describe("when governance appointed the attestor", function () {
      it("refuses the owner's setAttestor until the Timelock releases it, then lets the owner set it", async function () {
        const s = await loadSuite(connection);
        const owner = s.users[0];
        const d = await createDatanet(s, owner, false);
        const timelock = await timelockSigner(s);
        await expect(s.datanets.connect(timelock).setAttestorByGovernance(d, s.users[5].address))
          .to.emit(s.datanets, "AttestorAppointed")
          .withArgs(d, s.users[5].address);
        expect(await s.datanets.attestorAppointed(d)).to.equal(true);

        await expect(s.datanets.connect(owner).setAttestor(d, owner.address))
          .to.be.revertedWithCustomError(s.datanets, "AttestorAppointedByGovernance")
          .withArgs(d, s.users[5].address);
        await expect(s.datanets.connect(owner).releaseAttestor(d))
          .to.be.revertedWithCustomError(s.datanets, "AccessManagedUnauthorized")
          .withArgs(owner.address);

        await expect(s.datanets.connect(timelock).releaseAttestor(d))
          .to.emit(s.datanets, "AttestorReleased")
          .withArgs(d, s.users[5].address);
        expect((await s.datanets.datanet(d)).attestorAppointed).to.equal(false);
        await s.datanets.connect(owner).setAttestor(d, owner.address);
        expect(await s.datanets.attestorOf(d)).to.equal(owner.address);
      });
    });
  });

  describe("setReviewTimeout", function () {
    it("is set by the deploy parameter", async function () {
      const s = await loadSuite(connection);
      expect(await s.datanets.reviewTimeout()).to.equal(BigInt(PARAMS.reviewTimeout));
    });

    shouldBehaveLikeRestrictedSetter({
      load: () => loadSuite(connection),
      contract: (s) => s.datanets,
      set: (s, caller, value: bigint) => s.datanets.connect(caller).setReviewTimeout(value),
      read: (s) => s.datanets.reviewTimeout(),
      valid: [7200n, 3600n, 365n * 86400n],
      event: "ReviewTimeoutSet",
      invalid: {
        values: [3599n, 365n * 86400n + 1n],
        error: "ReviewTimeoutOutOfBounds",
        args: (value) => [value, 3600n, 365n * 86400n],
      },
      outsiders: { label: "a user, the deployer and a stranger", of: (s) => [s.users[0], s.deployer, s.stranger] },
      refused: 7200n,
    });
  });

  describe("withdrawContribution", function () {
    it("returns an unreviewed bond once the review timeout has passed, not a second before", async function () {
      const s = await loadSuite(connection);
      const [owner, contributor] = s.users;
      const d = await createDatanet(s, owner, true, BOND);
      await approveBonds(s, [contributor]);
      await s.datanets.connect(contributor).contribute(d, hash("record"), "ipfs://r");
      const at = (await s.datanets.contribution(d, hash("record"))).submittedAt + BigInt(PARAMS.reviewTimeout);

      await networkHelpers.time.setNextBlockTimestamp(at - 1n);
      await expect(s.datanets.connect(contributor).withdrawContribution(d, hash("record")))
        .to.be.revertedWithCustomError(s.datanets, "ReviewTimeoutNotReached")
        .withArgs(d, hash("record"), at);
      await networkHelpers.time.setNextBlockTimestamp(at);
      await expect(s.datanets.connect(contributor).withdrawContribution(d, hash("record")))
        .to.emit(s.datanets, "ContributionWithdrawn")
        .withArgs(d, hash("record"), contributor.address)
        .and.to.emit(s.datanets, "BondCredited")
        .withArgs(d, contributor.address, BOND);
      expect((await s.datanets.contribution(d, hash("record"))).status).to.equal(Status.Withdrawn);
      await expect(s.datanets.connect(contributor).withdrawBondCredit()).to.changeTokenBalances(
        ethers,
        s.open,
        [contributor, s.datanets],
        [BOND, -BOND],
      );
    });
  });

  describe("commitContribution and revealContribution", function () {
    it("reveals in a later block, and takes over a copy sent after the commit", async function () {
      const s = await loadSuite(connection);
      const [owner, alice, mallory] = s.users;
      const d = await createDatanet(s, owner, false);
      const salt = id("salt");
      const commitment = await s.datanets.commitmentOf(alice.address, d, hash("record"), salt);
      await expect(s.datanets.connect(alice).commitContribution(commitment))
        .to.emit(s.datanets, "ContributionCommitted")
        .withArgs(alice.address, commitment);
      await s.datanets.connect(mallory).contribute(d, hash("record"), "ipfs://copy");
      // Version 1 holds the copy, before the reveal.
      const published = await (await s.datanets.connect(owner).publishVersion(d, "ipfs://v1")).wait();

      await expect(s.datanets.connect(alice).revealContribution(d, hash("record"), "ipfs://original", salt))
        .to.emit(s.datanets, "ContributionClaimed")
        .withArgs(
          d,
          hash("record"),
          alice.address,
          mallory.address,
          Status.Accepted,
          Status.Accepted,
          1n,
          "ipfs://original",
        );
      const c = await s.datanets.contribution(d, hash("record"));
      expect(c.contributor).to.equal(alice.address);
      expect(c.index).to.equal(0n);
      expect((await s.datanets.contributorStats(mallory.address)).accepted).to.equal(0n);
      expect((await s.datanets.contributorStats(alice.address)).accepted).to.equal(1n);
      // The pro-rata policy reads the same from the events: version 1's weight was the copier's as of its block, and
      // moved with the record to the revealer as of the reveal's.
      const client = await clientOf(s);
      const atPublication = await contributionWeights(client, {
        datanetId: d,
        version: 1n,
        toBlock: published!.blockNumber,
      });
      expect([...atPublication.entries()]).to.deep.equal([[mallory.address, 1n]]);
      const weights = await contributionWeights(client, { datanetId: d, version: 1n });
      expect([...weights.entries()]).to.deep.equal([[alice.address, 1n]]);
    });

    it("counts a curated record's accepted weight for the revealer only, in the pro-rata weights of its version", async function () {
      const s = await loadSuite(connection);
      const [owner, alice, mallory] = s.users;
      const d = await createDatanet(s, owner, true, BOND);
      await approveBonds(s, [alice, mallory]);
      const salt = id("salt");
      await s.datanets
        .connect(alice)
        .commitContribution(await s.datanets.commitmentOf(alice.address, d, hash("record"), salt));
      await s.datanets.connect(mallory).contribute(d, hash("record"), "ipfs://copy");
      await s.datanets.connect(owner).review(d, [{ contentHash: hash("record"), weight: 9n }]);
      const published = await (await s.datanets.connect(owner).publishVersion(d, "ipfs://v1")).wait();
      await s.datanets.connect(alice).revealContribution(d, hash("record"), "ipfs://original", salt);
      // A record of mallory's accepted after version 1 is in version 2 only.
      await s.datanets.connect(mallory).contribute(d, hash("later"), "ipfs://later");
      await s.datanets.connect(owner).review(d, [{ contentHash: hash("later"), weight: 2n }]);
      await s.datanets.connect(owner).publishVersion(d, "ipfs://v2");

      const client = await clientOf(s);
      const v1AtPublication = await contributionWeights(client, {
        datanetId: d,
        version: 1n,
        toBlock: published!.blockNumber,
      });
      expect([...v1AtPublication.entries()]).to.deep.equal([[mallory.address, 9n]]);
      const v1 = await contributionWeights(client, { datanetId: d, version: 1n });
      expect([...v1.entries()]).to.deep.equal([[alice.address, 9n]]);
      const v2 = await contributionWeights(client, { datanetId: d, version: 2n });
      expect(Object.fromEntries(v2)).to.deep.equal({ [alice.address]: 9n, [mallory.address]: 2n });
    });
  });

  describe("setCurator", function () {
    describe("when the owner adds and removes a curator", function () {
      it("updates isCurator and emits CuratorSet both times", async function () {
        const s = await loadSuite(connection);
        const [owner, curator] = s.users;
        const d = await createDatanet(s, owner, true);
        expect(await s.datanets.isCurator(d, owner.address)).to.equal(true);
        expect(await s.datanets.isCurator(d, curator.address)).to.equal(false);

        await expect(s.datanets.connect(owner).setCurator(d, curator.address, true))
          .to.emit(s.datanets, "CuratorSet")
          .withArgs(d, curator.address, true);
        expect(await s.datanets.isCurator(d, curator.address)).to.equal(true);

        await expect(s.datanets.connect(owner).setCurator(d, curator.address, false))
          .to.emit(s.datanets, "CuratorSet")
          .withArgs(d, curator.address, false);
        expect(await s.datanets.isCurator(d, curator.address)).to.equal(false);
      });
    });

    describe("when the curator is the zero address", function () {
      it("reverts with ZeroAddress", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true);

        await expect(s.datanets.connect(s.users[0]).setCurator(d, ZeroAddress, true)).to.be.revertedWithCustomError(
          s.datanets,
          "ZeroAddress",
        );
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotDatanetOwner", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true);

        await expect(s.datanets.connect(s.stranger).setCurator(d, s.stranger.address, true))
          .to.be.revertedWithCustomError(s.datanets, "NotDatanetOwner")
          .withArgs(d, s.stranger.address);
      });
    });
  });

  describe("transferDatanetOwnership", function () {
    describe("when the owner hands the datanet over", function () {
      it("moves every owner right to the new owner and emits DatanetOwnershipTransferred", async function () {
        const s = await loadSuite(connection);
        const [oldOwner, newOwner] = s.users;
        const d = await createDatanet(s, oldOwner, true);

        await expect(s.datanets.connect(oldOwner).transferDatanetOwnership(d, newOwner.address))
          .to.emit(s.datanets, "DatanetOwnershipTransferred")
          .withArgs(d, oldOwner.address, newOwner.address);

        expect((await s.datanets.datanet(d)).owner).to.equal(newOwner.address);
        expect(await s.datanets.isCurator(d, oldOwner.address)).to.equal(false);
        expect(await s.datanets.isCurator(d, newOwner.address)).to.equal(true);
        await expect(s.datanets.connect(oldOwner).closeDatanet(d))
          .to.be.revertedWithCustomError(s.datanets, "NotDatanetOwner")
          .withArgs(d, oldOwner.address);
        await expect(s.datanets.connect(newOwner).closeDatanet(d)).to.emit(s.datanets, "DatanetClosed").withArgs(d);
      });
    });

    describe("when the new owner is the zero address", function () {
      it("reverts with ZeroAddress", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(
          s.datanets.connect(s.users[0]).transferDatanetOwnership(d, ZeroAddress),
        ).to.be.revertedWithCustomError(s.datanets, "ZeroAddress");
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotDatanetOwner", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(s.datanets.connect(s.stranger).transferDatanetOwnership(d, s.stranger.address))
          .to.be.revertedWithCustomError(s.datanets, "NotDatanetOwner")
          .withArgs(d, s.stranger.address);
      });
    });
  });

  describe("closeDatanet", function () {
    describe("when the owner closes the datanet", function () {
      it("marks it closed, emits DatanetClosed and refuses new contributions, batches and models", async function () {
        const s = await loadSuite(connection);
        const [owner, contributor] = s.users;
        const d = await createDatanet(s, owner, false);
        await s.datanets.connect(contributor).contribute(d, hash("before"), "ipfs://before");
        await s.datanets.connect(owner).publishVersion(d, "ipfs://v1");

        await expect(s.datanets.connect(owner).closeDatanet(d)).to.emit(s.datanets, "DatanetClosed").withArgs(d);

        expect((await s.datanets.datanet(d)).closed).to.equal(true);
        await s.datanets.requireVersion(d, 1n); // the version stays published
        await expect(s.datanets.requireOpenVersion(d, 1n))
          .to.be.revertedWithCustomError(s.datanets, "DatanetIsClosed")
          .withArgs(d);
        await expect(s.datanets.connect(contributor).contribute(d, hash("after"), "ipfs://after"))
          .to.be.revertedWithCustomError(s.datanets, "DatanetIsClosed")
          .withArgs(d);
        await expect(s.datanets.connect(contributor).contributeRoot(d, hash("root"), 3n, "ipfs://tree"))
          .to.be.revertedWithCustomError(s.datanets, "DatanetIsClosed")
          .withArgs(d);
        await expect(
          s.models.connect(contributor).registerModel({
            cardURI: "ipfs://card",
            weightsHash: hash("weights"),
            weightsURI: "ipfs://weights",
            parentId: 0n,
            datanets: [{ datanetId: d, version: 1n, weightBps: 10_000n }],
            price: parseEther("1"),
            ownerBps: 5000n,
          }),
        )
          .to.be.revertedWithCustomError(s.datanets, "DatanetIsClosed")
          .withArgs(d);
        // What was contributed before stays readable.
        expect((await s.datanets.contribution(d, hash("before"))).status).to.equal(Status.Accepted);
      });
    });

    describe("when the datanet is already closed", function () {
      it("reverts with DatanetIsClosed", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);
        await s.datanets.connect(s.users[0]).closeDatanet(d);

        await expect(s.datanets.connect(s.users[0]).closeDatanet(d))
          .to.be.revertedWithCustomError(s.datanets, "DatanetIsClosed")
          .withArgs(d);
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotDatanetOwner", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(s.datanets.connect(s.stranger).closeDatanet(d))
          .to.be.revertedWithCustomError(s.datanets, "NotDatanetOwner")
          .withArgs(d, s.stranger.address);
      });
    });

    describe("when the datanet does not exist", function () {
      it("reverts with UnknownDatanet", async function () {
        const s = await loadSuite(connection);

        await expect(s.datanets.connect(s.users[0]).closeDatanet(1n))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
          .withArgs(1n);
      });
    });
  });

  describe("publishVersion", function () {
    /// An open datanet of users[0] with two records of users[1] and a batch of users[2], accepted in that order.
    async function openWithThree(s: Suite): Promise<bigint> {
      const d = await createDatanet(s, s.users[0], false);
      await s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a");
      await s.datanets.connect(s.users[1]).contribute(d, hash("b"), "ipfs://b");
      await s.datanets.connect(s.users[2]).contributeRoot(d, hash("root"), 50n, "ipfs://tree");
      return d;
    }

    describe("when the owner publishes", function () {
      it("publishes version 1 of every accepted contribution, with its weight, time and block, and emits DatanetVersionPublished", async function () {
        const s = await loadSuite(connection);
        const d = await openWithThree(s);

        expect(await s.datanets.connect(s.users[0]).publishVersion.staticCall(d, "ipfs://v1")).to.equal(1n);
        const tx = s.datanets.connect(s.users[0]).publishVersion(d, "ipfs://v1");

        // A batch adds no weight: its records carry theirs in its tree.
        await expect(tx).to.emit(s.datanets, "DatanetVersionPublished").withArgs(d, 1n, 3n, 2n, "ipfs://v1");
        const receipt = await (await tx).wait();
        const block = await ethers.provider.getBlock(receipt!.blockNumber);
        const v = await s.datanets.datanetVersion(d, 1n);
        expect([v.acceptedCount, v.totalWeight, v.publishedAt, v.blockNumber]).to.deep.equal([
          3n,
          2n,
          BigInt(block!.timestamp),
          BigInt(receipt!.blockNumber),
        ]);
        const view = await s.datanets.datanet(d);
        expect([view.acceptedCount, view.acceptedWeight, view.versionCount]).to.deep.equal([3n, 2n, 1n]);
        expect(await s.datanets.versionCount(d)).to.equal(1n);
        await s.datanets.requireVersion(d, 1n);
        await s.datanets.requireOpenVersion(d, 1n);
      });

      it("publishes the next version as a longer prefix, leaving the earlier one as it was", async function () {
        const s = await loadSuite(connection);
        const d = await openWithThree(s);
        await s.datanets.connect(s.users[0]).publishVersion(d, "ipfs://v1");
        await expect(s.datanets.connect(s.users[3]).contribute(d, hash("c"), "ipfs://c"))
          .to.emit(s.datanets, "ContributionSubmitted")
          .withArgs(d, hash("c"), s.users[3].address, 2n, 1n, 4n, "ipfs://c");

        await expect(s.datanets.connect(s.users[0]).publishVersion(d, "ipfs://v2"))
          .to.emit(s.datanets, "DatanetVersionPublished")
          .withArgs(d, 2n, 4n, 3n, "ipfs://v2");

        expect((await s.datanets.datanetVersion(d, 1n)).acceptedCount).to.equal(3n);
        expect((await s.datanets.datanetVersion(d, 2n)).totalWeight).to.equal(3n);
      });

      it("numbers a curated datanet's acceptances in review order, leaving out pending and rejected records", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true);
        for (const n of ["p", "q", "r"]) await s.datanets.connect(s.users[1]).contribute(d, hash(n), `ipfs://${n}`);
        await s.datanets.connect(s.users[0]).review(d, [
          { contentHash: hash("r"), weight: 4n },
          { contentHash: hash("q"), weight: 0n },
        ]);

        await expect(s.datanets.connect(s.users[0]).publishVersion(d, "ipfs://v1"))
          .to.emit(s.datanets, "DatanetVersionPublished")
          .withArgs(d, 1n, 1n, 4n, "ipfs://v1");
        await expect(s.datanets.connect(s.users[0]).review(d, [{ contentHash: hash("p"), weight: 2n }]))
          .to.emit(s.datanets, "ContributionReviewed")
          .withArgs(d, hash("p"), s.users[1].address, 2n, 2n);
      });

      it("keeps the acceptance of a record taken over after the publication, and the version's totals", async function () {
        const s = await loadSuite(connection);
        const [owner, alice, mallory] = s.users;
        const d = await createDatanet(s, owner, false);
        const salt = id("salt");
        await s.datanets
          .connect(alice)
          .commitContribution(await s.datanets.commitmentOf(alice.address, d, hash("x"), salt));
        await s.datanets.connect(mallory).contribute(d, hash("x"), "ipfs://copy");
        await s.datanets.connect(owner).publishVersion(d, "ipfs://v1");
        await networkHelpers.time.increase(2);

        await s.datanets.connect(alice).revealContribution(d, hash("x"), "ipfs://original", salt);

        const view = await s.datanets.datanet(d);
        expect([view.acceptedCount, view.acceptedWeight]).to.deep.equal([1n, 1n]);
        await expect(s.datanets.connect(owner).publishVersion(d, "ipfs://v2"))
          .to.be.revertedWithCustomError(s.datanets, "NothingAcceptedSinceVersion")
          .withArgs(d, 1n, 1n);
        expect((await s.datanets.contribution(d, hash("x"))).contributor).to.equal(alice.address);
      });

      it("publishes the versions of a closed datanet, and a new owner's", async function () {
        const s = await loadSuite(connection);
        const d = await openWithThree(s);
        await s.datanets.connect(s.users[0]).closeDatanet(d);
        await s.datanets.connect(s.users[0]).transferDatanetOwnership(d, s.users[4].address);

        await expect(s.datanets.connect(s.users[4]).publishVersion(d, "ipfs://v1"))
          .to.emit(s.datanets, "DatanetVersionPublished")
          .withArgs(d, 1n, 3n, 2n, "ipfs://v1");
        await expect(s.datanets.requireOpenVersion(d, 1n))
          .to.be.revertedWithCustomError(s.datanets, "DatanetIsClosed")
          .withArgs(d);
      });
    });

    describe("when nothing was accepted since the latest version", function () {
      it("reverts with NothingAcceptedSinceVersion, for a datanet of pending records and after a version", async function () {
        const s = await loadSuite(connection);
        const curated = await createDatanet(s, s.users[0], true);
        await s.datanets.connect(s.users[1]).contribute(curated, hash("pending"), "ipfs://pending");
        const d = await openWithThree(s);
        await s.datanets.connect(s.users[0]).publishVersion(d, "ipfs://v1");

        await expect(s.datanets.connect(s.users[0]).publishVersion(curated, "ipfs://v1"))
          .to.be.revertedWithCustomError(s.datanets, "NothingAcceptedSinceVersion")
          .withArgs(curated, 0n, 0n);
        await expect(s.datanets.connect(s.users[0]).publishVersion(d, "ipfs://v2"))
          .to.be.revertedWithCustomError(s.datanets, "NothingAcceptedSinceVersion")
          .withArgs(d, 1n, 3n);
      });
    });

    describe("when the caller, the datanet or the URI is wrong", function () {
      it("reverts with NotDatanetOwner, UnknownDatanet and EmptyURI", async function () {
        const s = await loadSuite(connection);
        const d = await openWithThree(s);

        await expect(s.datanets.connect(s.stranger).publishVersion(d, "ipfs://v1"))
          .to.be.revertedWithCustomError(s.datanets, "NotDatanetOwner")
          .withArgs(d, s.stranger.address);
        await expect(s.datanets.connect(s.users[0]).publishVersion(d + 1n, "ipfs://v1"))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
          .withArgs(d + 1n);
        await expect(s.datanets.connect(s.users[0]).publishVersion(d, "")).to.be.revertedWithCustomError(
          s.datanets,
          "EmptyURI",
        );
      });
    });

    describe("views of a version not published", function () {
      it("revert with UnknownDatanetVersion naming the latest, for version 0 and after the latest", async function () {
        const s = await loadSuite(connection);
        const d = await openWithThree(s);
        await s.datanets.connect(s.users[0]).publishVersion(d, "ipfs://v1");

        expect(await s.datanets.MAX_VERSIONS()).to.equal(2n ** 22n - 1n);
        for (const version of [0n, 2n]) {
          for (const view of [
            () => s.datanets.datanetVersion(d, version),
            () => s.datanets.requireVersion(d, version),
            () => s.datanets.requireOpenVersion(d, version),
          ]) {
            await expect(view())
              .to.be.revertedWithCustomError(s.datanets, "UnknownDatanetVersion")
              .withArgs(d, version, 1n);
          }
        }
      });
    });
  });

  describe("contribute", function () {
    describe("when the datanet is open", function () {
      it("accepts the record at once with the default weight, counts it and emits ContributionSubmitted", async function () {
        const s = await loadSuite(connection);
        const [owner, contributor] = s.users;
        const d = await createDatanet(s, owner, false);

        await expect(s.datanets.connect(contributor).contribute(d, hash("a"), "ipfs://a"))
          .to.emit(s.datanets, "ContributionSubmitted")
          .withArgs(d, hash("a"), contributor.address, 0n, 1n, 1n, "ipfs://a");

        const c = await s.datanets.contribution(d, hash("a"));
        expect(c.datanetId).to.equal(d);
        expect(c.index).to.equal(0n);
        expect(c.contentHash).to.equal(hash("a"));
        expect(c.contributor).to.equal(contributor.address);
        expect(c.status).to.equal(Status.Accepted);
        expect(c.weight).to.equal(1n);
        expect((await s.datanets.datanet(d)).contributionCount).to.equal(1n);
        const stats = await s.datanets.contributorStats(contributor.address);
        expect(stats.accepted).to.equal(1n);
        expect(stats.acceptedWeight).to.equal(1n);
      });

      it("returns the index of the record", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);
        await s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a");

        expect(await s.datanets.connect(s.users[1]).contribute.staticCall(d, hash("b"), "ipfs://b")).to.equal(1n);
      });

      it("takes no bond", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a")).to.changeTokenBalances(
          ethers,
          s.open,
          [s.users[1], s.datanets],
          [0n, 0n],
        );
      });
    });

    describe("when the datanet is curated", function () {
      it("keeps the record pending with weight 0, leaves the stats alone and takes the bond", async function () {
        const s = await loadSuite(connection);
        const [owner, contributor] = s.users;
        const d = await createDatanet(s, owner, true, BOND);
        await approveBonds(s, [contributor]);

        const tx = s.datanets.connect(contributor).contribute(d, hash("a"), "ipfs://a");
        await expect(tx)
          .to.emit(s.datanets, "ContributionSubmitted")
          .withArgs(d, hash("a"), contributor.address, 0n, 0n, 0n, "ipfs://a");
        await expect(tx).to.changeTokenBalances(ethers, s.open, [contributor, s.datanets], [-BOND, BOND]);

        const c = await s.datanets.contribution(d, hash("a"));
        expect(c.status).to.equal(Status.Pending);
        expect(c.weight).to.equal(0n);
        const stats = await s.datanets.contributorStats(contributor.address);
        expect(stats.accepted).to.equal(0n);
        expect(stats.acceptedWeight).to.equal(0n);
      });

      it("takes no bond when the datanet has none", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true, 0n);

        await expect(s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a")).to.changeTokenBalances(
          ethers,
          s.open,
          [s.users[1], s.datanets],
          [0n, 0n],
        );
      });

      it("reverts with ERC20InsufficientAllowance when the bond is not approved", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true, BOND);

        await expect(s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a"))
          .to.be.revertedWithCustomError(s.open, "ERC20InsufficientAllowance")
          .withArgs(await s.datanets.getAddress(), 0n, BOND);
        expect((await s.datanets.contribution(d, hash("a"))).status).to.equal(Status.None);
        expect((await s.datanets.datanet(d)).contributionCount).to.equal(0n);
      });
    });

    describe("when the content hash was already contributed", function () {
      it("reverts with DuplicateContribution in the same datanet, whoever contributes it", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);
        await s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a");

        for (const who of [s.users[1], s.users[2]]) {
          await expect(s.datanets.connect(who).contribute(d, hash("a"), "ipfs://again"))
            .to.be.revertedWithCustomError(s.datanets, "DuplicateContribution")
            .withArgs(d, hash("a"));
        }
      });

      it("accepts it in another datanet", async function () {
        const s = await loadSuite(connection);
        const first = await createDatanet(s, s.users[0], false);
        const second = await createDatanet(s, s.users[0], false);
        await s.datanets.connect(s.users[1]).contribute(first, hash("a"), "ipfs://a");

        await expect(s.datanets.connect(s.users[1]).contribute(second, hash("a"), "ipfs://a"))
          .to.emit(s.datanets, "ContributionSubmitted")
          .withArgs(second, hash("a"), s.users[1].address, 0n, 1n, 1n, "ipfs://a");
        expect((await s.datanets.contributorStats(s.users[1].address)).accepted).to.equal(2n);
      });

      it("reverts with DuplicateContribution after the record was rejected", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true);
        await s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a");
        await s.datanets.connect(s.users[0]).review(d, [{ contentHash: hash("a"), weight: 0n }]);

        await expect(s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a"))
          .to.be.revertedWithCustomError(s.datanets, "DuplicateContribution")
          .withArgs(d, hash("a"));
      });
    });

    describe("when the input is invalid", function () {
      it("reverts with ZeroHash for a zero content hash", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(s.datanets.connect(s.users[1]).contribute(d, ZeroHash, "ipfs://a")).to.be.revertedWithCustomError(
          s.datanets,
          "ZeroHash",
        );
      });

      it("reverts with EmptyURI for an empty URI", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(s.datanets.connect(s.users[1]).contribute(d, hash("a"), "")).to.be.revertedWithCustomError(
          s.datanets,
          "EmptyURI",
        );
      });

      it("reverts with UnknownDatanet for an unknown datanet", async function () {
        const s = await loadSuite(connection);

        await expect(s.datanets.connect(s.users[1]).contribute(1n, hash("a"), "ipfs://a"))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
          .withArgs(1n);
      });
    });
  });

  describe("contributeRoot", function () {
    describe("when the datanet is open", function () {
      it("accepts the batch at once, records it and emits BatchSubmitted", async function () {
        const s = await loadSuite(connection);
        const [owner, submitter] = s.users;
        const d = await createDatanet(s, owner, false);

        await expect(s.datanets.connect(submitter).contributeRoot(d, hash("root"), 250n, "ipfs://tree"))
          .to.emit(s.datanets, "BatchSubmitted")
          .withArgs(d, hash("root"), submitter.address, 0n, 250n, 1n, "ipfs://tree");

        const b = await s.datanets.batch(d, hash("root"));
        expect(b.root).to.equal(hash("root"));
        expect(b.submitter).to.equal(submitter.address);
        expect(b.status).to.equal(Status.Accepted);
        expect(b.count).to.equal(250n);
        expect(await s.datanets.batchRootAt(d, 0n)).to.equal(hash("root"));
        expect((await s.datanets.datanet(d)).batchCount).to.equal(1n);
        // Batches are not individual contributions.
        expect((await s.datanets.datanet(d)).contributionCount).to.equal(0n);
        expect((await s.datanets.contributorStats(submitter.address)).accepted).to.equal(0n);
      });

      it("returns the index of the batch and accepts a count of 2^48 - 1", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);
        await s.datanets.connect(s.users[1]).contributeRoot(d, hash("r0"), 1n, "ipfs://t0");

        expect(
          await s.datanets.connect(s.users[1]).contributeRoot.staticCall(d, hash("r1"), MAX_BATCH_COUNT, "ipfs://t1"),
        ).to.equal(1n);
      });
    });

    describe("when the datanet is curated", function () {
      it("keeps the batch pending and takes one bond", async function () {
        const s = await loadSuite(connection);
        const [owner, submitter] = s.users;
        const d = await createDatanet(s, owner, true, BOND);
        await approveBonds(s, [submitter]);

        const tx = s.datanets.connect(submitter).contributeRoot(d, hash("root"), 1000n, "ipfs://tree");
        await expect(tx)
          .to.emit(s.datanets, "BatchSubmitted")
          .withArgs(d, hash("root"), submitter.address, 0n, 1000n, 0n, "ipfs://tree");
        await expect(tx).to.changeTokenBalances(ethers, s.open, [submitter, s.datanets], [-BOND, BOND]);
        expect((await s.datanets.batch(d, hash("root"))).status).to.equal(Status.Pending);
      });

      it("reverts with ERC20InsufficientAllowance when the bond is not approved", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true, BOND);

        await expect(s.datanets.connect(s.users[1]).contributeRoot(d, hash("root"), 10n, "ipfs://tree"))
          .to.be.revertedWithCustomError(s.open, "ERC20InsufficientAllowance")
          .withArgs(await s.datanets.getAddress(), 0n, BOND);
      });
    });

    describe("when the input is invalid", function () {
      it("reverts with ZeroHash for a zero root", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(
          s.datanets.connect(s.users[1]).contributeRoot(d, ZeroHash, 10n, "ipfs://tree"),
        ).to.be.revertedWithCustomError(s.datanets, "ZeroHash");
      });

      it("reverts with EmptyBatch for a count of 0", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(
          s.datanets.connect(s.users[1]).contributeRoot(d, hash("root"), 0n, "ipfs://tree"),
        ).to.be.revertedWithCustomError(s.datanets, "EmptyBatch");
      });

      it("reverts with BatchTooLarge for a count above 2^48 - 1", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(
          s.datanets.connect(s.users[1]).contributeRoot(d, hash("root"), MAX_BATCH_COUNT + 1n, "ipfs://tree"),
        )
          .to.be.revertedWithCustomError(s.datanets, "BatchTooLarge")
          .withArgs(MAX_BATCH_COUNT + 1n, MAX_BATCH_COUNT);
      });

      it("reverts with EmptyURI for an empty URI", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        await expect(
          s.datanets.connect(s.users[1]).contributeRoot(d, hash("root"), 10n, ""),
        ).to.be.revertedWithCustomError(s.datanets, "EmptyURI");
      });

      it("reverts with DuplicateBatch for a root already submitted to the datanet", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);
        const other = await createDatanet(s, s.users[0], false);
        await s.datanets.connect(s.users[1]).contributeRoot(d, hash("root"), 10n, "ipfs://tree");

        await expect(s.datanets.connect(s.users[2]).contributeRoot(d, hash("root"), 10n, "ipfs://tree"))
          .to.be.revertedWithCustomError(s.datanets, "DuplicateBatch")
          .withArgs(d, hash("root"));
        await expect(s.datanets.connect(s.users[2]).contributeRoot(other, hash("root"), 10n, "ipfs://tree")).to.emit(
          s.datanets,
          "BatchSubmitted",
        );
      });

      it("reverts with UnknownDatanet for an unknown datanet", async function () {
        const s = await loadSuite(connection);

        await expect(s.datanets.connect(s.users[1]).contributeRoot(4n, hash("root"), 10n, "ipfs://tree"))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
          .withArgs(4n);
      });
    });
  });

  describe("verifyRecord", function () {
    type Leaf = [string, string, bigint];

    /// A tree of six records by three contributors, submitted as one batch of datanet 1.
    async function submittedTree(s: Suite): Promise<{ d: bigint; tree: StandardMerkleTree<Leaf>; records: Leaf[] }> {
      const records: Leaf[] = [0, 1, 2, 3, 4, 5].map((i): Leaf => [
        s.users[1 + (i % 3)].address,
        hash(`record-${i}`),
        BigInt(10 + i),
      ]);
      const tree = StandardMerkleTree.of(records, ["address", "bytes32", "uint256"]);
      const d = await createDatanet(s, s.users[0], false);
      await s.datanets.connect(s.users[1]).contributeRoot(d, tree.root, BigInt(records.length), "ipfs://tree");
      return { d, tree, records };
    }

    describe("when the proof is valid", function () {
      it("returns true for every record of the tree", async function () {
        const s = await loadSuite(connection);
        const { d, tree, records } = await submittedTree(s);

        for (const [i, [who, content, weight]] of records.entries()) {
          expect(await s.datanets.verifyRecord(d, tree.root, who, content, weight, tree.getProof(i))).to.equal(true);
        }
      });
    });

    describe("when the proof or the record is wrong", function () {
      it("returns false", async function () {
        const s = await loadSuite(connection);
        const { d, tree, records } = await submittedTree(s);
        const [who, content, weight] = records[2];
        const proof = tree.getProof(2);

        expect(await s.datanets.verifyRecord(d, tree.root, who, content, weight + 1n, proof)).to.equal(false);
        expect(await s.datanets.verifyRecord(d, tree.root, s.stranger.address, content, weight, proof)).to.equal(false);
        expect(await s.datanets.verifyRecord(d, tree.root, who, hash("forged"), weight, proof)).to.equal(false);
        expect(await s.datanets.verifyRecord(d, tree.root, who, content, weight, tree.getProof(3))).to.equal(false);
        expect(await s.datanets.verifyRecord(d, tree.root, who, content, weight, [])).to.equal(false);
      });
    });

    describe("when the root was never submitted to the datanet", function () {
      it("reverts with UnknownBatch", async function () {
        const s = await loadSuite(connection);
        const { d, tree, records } = await submittedTree(s);
        const [who, content, weight] = records[0];
        const other = await createDatanet(s, s.users[0], false);

        await expect(s.datanets.verifyRecord(other, tree.root, who, content, weight, tree.getProof(0)))
          .to.be.revertedWithCustomError(s.datanets, "UnknownBatch")
          .withArgs(other, tree.root);
        await expect(s.datanets.verifyRecord(d, hash("nope"), who, content, weight, tree.getProof(0)))
          .to.be.revertedWithCustomError(s.datanets, "UnknownBatch")
          .withArgs(d, hash("nope"));
      });
    });
  });

  describe("review", function () {
    /// A curated datanet with a bond, owned by users[0], and `n` pending records by users[1..3] in turn.
    async function pending(s: Suite, n: number): Promise<{ d: bigint; hashes: string[] }> {
      const d = await createDatanet(s, s.users[0], true, BOND);
      await approveBonds(s, s.users.slice(1, 4));
      const hashes: string[] = [];
      for (let i = 0; i < n; i++) {
        const h = hash(`pending-${i}`);
        await s.datanets.connect(s.users[1 + (i % 3)]).contribute(d, h, `ipfs://${i}`);
        hashes.push(h);
      }
      return { d, hashes };
    }

    describe("when the owner reviews ten records in one call", function () {
      it("accepts those with a weight, rejects those with weight 0, and updates each contributor's stats", async function () {
        const s = await loadSuite(connection);
        const { d, hashes } = await pending(s, 10);
        const weights = [5n, 0n, 7n, 100n, 0n, 1n, MAX_WEIGHT, 0n, 3n, 9n];
        const decisions: IDatanetRegistry.DecisionStruct[] = hashes.map((h, i) => ({
          contentHash: h,
          weight: weights[i],
        }));

        const tx = s.datanets.connect(s.users[0]).review(d, decisions);
        // Each acceptance takes the next acceptance number, in the order of the decisions; a rejection has 0.
        let acceptance = 0n;
        for (const [i, h] of hashes.entries()) {
          const contributor = s.users[1 + (i % 3)].address;
          const number = weights[i] === 0n ? 0n : ++acceptance;
          await expect(tx).to.emit(s.datanets, "ContributionReviewed").withArgs(d, h, contributor, weights[i], number);
        }
        const view = await s.datanets.datanet(d);
        expect(view.acceptedCount).to.equal(7n);
        expect(view.acceptedWeight).to.equal(weights.reduce((a, b) => a + b, 0n));

        const expected = new Map<string, { accepted: bigint; weight: bigint }>();
        for (const [i, h] of hashes.entries()) {
          const contributor = s.users[1 + (i % 3)].address;
          const c = await s.datanets.contribution(d, h);
          expect(c.status).to.equal(weights[i] === 0n ? Status.Rejected : Status.Accepted);
          expect(c.weight).to.equal(weights[i]);
          const e = expected.get(contributor) ?? { accepted: 0n, weight: 0n };
          if (weights[i] !== 0n)
            expected.set(contributor, { accepted: e.accepted + 1n, weight: e.weight + weights[i] });
          else expected.set(contributor, e);
        }
        for (const [contributor, e] of expected) {
          const stats = await s.datanets.contributorStats(contributor);
          expect(stats.accepted).to.equal(e.accepted);
          expect(stats.acceptedWeight).to.equal(e.weight);
        }
        // users[1] had records 0, 3, 6, 9: all accepted.
        expect((await s.datanets.contributorStats(s.users[1].address)).acceptedWeight).to.equal(
          5n + 100n + MAX_WEIGHT + 9n,
        );
      });

      it("refunds the bond of each accepted record and forfeits the rejected ones to the owner in one credit", async function () {
        const s = await loadSuite(connection);
        const { d, hashes } = await pending(s, 10);
        const weights = [5n, 0n, 7n, 100n, 0n, 1n, 2n, 0n, 3n, 9n];
        const decisions = hashes.map((h, i) => ({ contentHash: h, weight: weights[i] }));

        const tx = s.datanets.connect(s.users[0]).review(d, decisions);
        await expect(tx)
          .to.emit(s.datanets, "BondCredited")
          .withArgs(d, s.users[0].address, 3n * BOND);
        await expect(tx).to.emit(s.datanets, "BondCredited").withArgs(d, s.users[1].address, BOND);
        await expect(tx).to.changeTokenBalances(ethers, s.open, [s.datanets], [0n]);

        // users[1]: 0, 3, 6, 9 accepted; users[2]: 1, 4, 7 rejected; users[3]: 2, 5, 8 accepted.
        expect(await s.datanets.bondCredit(s.users[0].address)).to.equal(3n * BOND);
        expect(await s.datanets.bondCredit(s.users[1].address)).to.equal(4n * BOND);
        expect(await s.datanets.bondCredit(s.users[2].address)).to.equal(0n);
        expect(await s.datanets.bondCredit(s.users[3].address)).to.equal(3n * BOND);
      });
    });

    describe("when a curator reviews", function () {
      it("applies the decisions like the owner would", async function () {
        const s = await loadSuite(connection);
        const { d, hashes } = await pending(s, 2);
        const curator = s.users[5];
        await s.datanets.connect(s.users[0]).setCurator(d, curator.address, true);

        await expect(s.datanets.connect(curator).review(d, [{ contentHash: hashes[0], weight: 4n }]))
          .to.emit(s.datanets, "ContributionReviewed")
          .withArgs(d, hashes[0], s.users[1].address, 4n, 1n);
      });

      it("reverts with NotCurator once the curator was removed", async function () {
        const s = await loadSuite(connection);
        const { d, hashes } = await pending(s, 1);
        const curator = s.users[5];
        await s.datanets.connect(s.users[0]).setCurator(d, curator.address, true);
        await s.datanets.connect(s.users[0]).setCurator(d, curator.address, false);

        await expect(s.datanets.connect(curator).review(d, [{ contentHash: hashes[0], weight: 4n }]))
          .to.be.revertedWithCustomError(s.datanets, "NotCurator")
          .withArgs(d, curator.address);
      });
    });

    describe("when the datanet has no bond", function () {
      it("credits nothing on acceptance or rejection", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true, 0n);
        await s.datanets.connect(s.users[1]).contribute(d, hash("a"), "ipfs://a");
        await s.datanets.connect(s.users[1]).contribute(d, hash("b"), "ipfs://b");

        await expect(
          s.datanets.connect(s.users[0]).review(d, [
            { contentHash: hash("a"), weight: 2n },
            { contentHash: hash("b"), weight: 0n },
          ]),
        ).not.to.emit(s.datanets, "BondCredited");
        expect(await s.datanets.bondCredit(s.users[0].address)).to.equal(0n);
        expect(await s.datanets.bondCredit(s.users[1].address)).to.equal(0n);
      });
    });

    describe("when the caller is neither owner nor curator", function () {
      it("reverts with NotCurator", async function () {
        const s = await loadSuite(connection);
        const { d, hashes } = await pending(s, 1);

        await expect(s.datanets.connect(s.stranger).review(d, [{ contentHash: hashes[0], weight: 1n }]))
          .to.be.revertedWithCustomError(s.datanets, "NotCurator")
          .withArgs(d, s.stranger.address);
      });
    });

    describe("when the datanet does not exist", function () {
      it("reverts with UnknownDatanet", async function () {
        const s = await loadSuite(connection);

        await expect(s.datanets.connect(s.users[0]).review(9n, [{ contentHash: hash("a"), weight: 1n }]))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
          .withArgs(9n);
      });
    });

    describe("when there is no decision", function () {
      it("reverts with EmptyBatch", async function () {
        const s = await loadSuite(connection);
        const { d } = await pending(s, 1);

        await expect(s.datanets.connect(s.users[0]).review(d, [])).to.be.revertedWithCustomError(
          s.datanets,
          "EmptyBatch",
        );
      });
    });

    describe("when a record is unknown", function () {
      it("reverts with UnknownContribution", async function () {
        const s = await loadSuite(connection);
        const { d } = await pending(s, 1);

        await expect(s.datanets.connect(s.users[0]).review(d, [{ contentHash: hash("missing"), weight: 1n }]))
          .to.be.revertedWithCustomError(s.datanets, "UnknownContribution")
          .withArgs(d, hash("missing"));
      });
    });

    describe("when a record is not pending", function () {
      it("reverts with NotPending for an accepted, a rejected and an open-datanet record", async function () {
        const s = await loadSuite(connection);
        const { d, hashes } = await pending(s, 2);
        await s.datanets.connect(s.users[0]).review(d, [
          { contentHash: hashes[0], weight: 1n },
          { contentHash: hashes[1], weight: 0n },
        ]);
        const open = await createDatanet(s, s.users[0], false);
        await s.datanets.connect(s.users[1]).contribute(open, hash("open"), "ipfs://open");

        await expect(s.datanets.connect(s.users[0]).review(d, [{ contentHash: hashes[0], weight: 0n }]))
          .to.be.revertedWithCustomError(s.datanets, "NotPending")
          .withArgs(d, hashes[0], Status.Accepted);
        await expect(s.datanets.connect(s.users[0]).review(d, [{ contentHash: hashes[1], weight: 5n }]))
          .to.be.revertedWithCustomError(s.datanets, "NotPending")
          .withArgs(d, hashes[1], Status.Rejected);
        await expect(s.datanets.connect(s.users[0]).review(open, [{ contentHash: hash("open"), weight: 5n }]))
          .to.be.revertedWithCustomError(s.datanets, "NotPending")
          .withArgs(open, hash("open"), Status.Accepted);
      });

      it("reverts for a record named twice in one call, and changes nothing", async function () {
        const s = await loadSuite(connection);
        const { d, hashes } = await pending(s, 2);

        await expect(
          s.datanets.connect(s.users[0]).review(d, [
            { contentHash: hashes[0], weight: 1n },
            { contentHash: hashes[1], weight: 0n },
            { contentHash: hashes[0], weight: 2n },
          ]),
        )
          .to.be.revertedWithCustomError(s.datanets, "NotPending")
          .withArgs(d, hashes[0], Status.Accepted);
        expect((await s.datanets.contribution(d, hashes[0])).status).to.equal(Status.Pending);
        expect((await s.datanets.contribution(d, hashes[1])).status).to.equal(Status.Pending);
        expect((await s.datanets.contributorStats(s.users[1].address)).accepted).to.equal(0n);
        expect(await s.datanets.bondCredit(s.users[0].address)).to.equal(0n);
      });
    });

    describe("when a weight is above MAX_WEIGHT", function () {
      it("reverts with WeightTooLarge", async function () {
        const s = await loadSuite(connection);
        const { d, hashes } = await pending(s, 1);

        await expect(s.datanets.connect(s.users[0]).review(d, [{ contentHash: hashes[0], weight: MAX_WEIGHT + 1n }]))
          .to.be.revertedWithCustomError(s.datanets, "WeightTooLarge")
          .withArgs(MAX_WEIGHT + 1n, MAX_WEIGHT);
      });
    });
  });

  describe("reviewBatch", function () {
    /// A curated datanet with a bond, owned by users[0], with one pending batch submitted by users[1].
    async function pendingBatch(s: Suite): Promise<bigint> {
      const d = await createDatanet(s, s.users[0], true, BOND);
      await approveBonds(s, [s.users[1]]);
      await s.datanets.connect(s.users[1]).contributeRoot(d, hash("root"), 100n, "ipfs://tree");
      return d;
    }

    describe("when the owner accepts the batch", function () {
      it("marks it accepted, emits BatchReviewed and refunds the bond to the submitter", async function () {
        const s = await loadSuite(connection);
        const d = await pendingBatch(s);

        const tx = s.datanets.connect(s.users[0]).reviewBatch(d, hash("root"), true);
        await expect(tx).to.emit(s.datanets, "BatchReviewed").withArgs(d, hash("root"), 1n);
        await expect(tx).to.emit(s.datanets, "BondCredited").withArgs(d, s.users[1].address, BOND);

        expect((await s.datanets.batch(d, hash("root"))).status).to.equal(Status.Accepted);
        expect(await s.datanets.bondCredit(s.users[1].address)).to.equal(BOND);
      });
    });

    describe("when a curator rejects the batch", function () {
      it("marks it rejected and forfeits the bond to the owner", async function () {
        const s = await loadSuite(connection);
        const d = await pendingBatch(s);
        await s.datanets.connect(s.users[0]).setCurator(d, s.users[4].address, true);

        const tx = s.datanets.connect(s.users[4]).reviewBatch(d, hash("root"), false);
        await expect(tx).to.emit(s.datanets, "BatchReviewed").withArgs(d, hash("root"), 0n);
        await expect(tx).to.emit(s.datanets, "BondCredited").withArgs(d, s.users[0].address, BOND);

        expect((await s.datanets.batch(d, hash("root"))).status).to.equal(Status.Rejected);
        expect(await s.datanets.bondCredit(s.users[0].address)).to.equal(BOND);
        expect(await s.datanets.bondCredit(s.users[1].address)).to.equal(0n);
      });
    });

    describe("when the datanet has no bond", function () {
      it("credits nothing", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true, 0n);
        await s.datanets.connect(s.users[1]).contributeRoot(d, hash("root"), 1n, "ipfs://tree");

        await expect(s.datanets.connect(s.users[0]).reviewBatch(d, hash("root"), true)).not.to.emit(
          s.datanets,
          "BondCredited",
        );
      });
    });

    describe("when the batch is not pending", function () {
      it("reverts with NotPending after a review, and for an open datanet's batch", async function () {
        const s = await loadSuite(connection);
        const d = await pendingBatch(s);
        await s.datanets.connect(s.users[0]).reviewBatch(d, hash("root"), false);
        const open = await createDatanet(s, s.users[0], false);
        await s.datanets.connect(s.users[1]).contributeRoot(open, hash("open-root"), 1n, "ipfs://tree");

        await expect(s.datanets.connect(s.users[0]).reviewBatch(d, hash("root"), true))
          .to.be.revertedWithCustomError(s.datanets, "NotPending")
          .withArgs(d, hash("root"), Status.Rejected);
        await expect(s.datanets.connect(s.users[0]).reviewBatch(open, hash("open-root"), false))
          .to.be.revertedWithCustomError(s.datanets, "NotPending")
          .withArgs(open, hash("open-root"), Status.Accepted);
      });
    });

    describe("when the batch is unknown", function () {
      it("reverts with UnknownBatch", async function () {
        const s = await loadSuite(connection);
        const d = await pendingBatch(s);

        await expect(s.datanets.connect(s.users[0]).reviewBatch(d, hash("other"), true))
          .to.be.revertedWithCustomError(s.datanets, "UnknownBatch")
          .withArgs(d, hash("other"));
      });
    });

    describe("when the caller is neither owner nor curator", function () {
      it("reverts with NotCurator", async function () {
        const s = await loadSuite(connection);
        const d = await pendingBatch(s);

        await expect(s.datanets.connect(s.users[1]).reviewBatch(d, hash("root"), true))
          .to.be.revertedWithCustomError(s.datanets, "NotCurator")
          .withArgs(d, s.users[1].address);
      });
    });
  });

  describe("withdrawBondCredit", function () {
    describe("when the caller has credit", function () {
      it("pays refunds and forfeits out, emits BondWithdrawn and zeroes the credit", async function () {
        const s = await loadSuite(connection);
        const [owner, accepted, rejected] = s.users;
        const d = await createDatanet(s, owner, true, BOND);
        await approveBonds(s, [accepted, rejected]);
        await s.datanets.connect(accepted).contribute(d, hash("good"), "ipfs://good");
        await s.datanets.connect(rejected).contribute(d, hash("bad"), "ipfs://bad");
        await s.datanets.connect(owner).review(d, [
          { contentHash: hash("good"), weight: 10n },
          { contentHash: hash("bad"), weight: 0n },
        ]);

        const refund = s.datanets.connect(accepted).withdrawBondCredit();
        await expect(refund).to.emit(s.datanets, "BondWithdrawn").withArgs(accepted.address, BOND);
        await expect(refund).to.changeTokenBalances(ethers, s.open, [accepted, s.datanets], [BOND, -BOND]);

        const forfeit = s.datanets.connect(owner).withdrawBondCredit();
        await expect(forfeit).to.emit(s.datanets, "BondWithdrawn").withArgs(owner.address, BOND);
        await expect(forfeit).to.changeTokenBalances(ethers, s.open, [owner, s.datanets], [BOND, -BOND]);

        expect(await s.datanets.bondCredit(accepted.address)).to.equal(0n);
        expect(await s.datanets.bondCredit(owner.address)).to.equal(0n);
        expect(await s.open.balanceOf(await s.datanets.getAddress())).to.equal(0n);
        // The rejected contributor lost its bond.
        await expect(s.datanets.connect(rejected).withdrawBondCredit())
          .to.be.revertedWithCustomError(s.datanets, "NoBondCredit")
          .withArgs(rejected.address);
      });
    });

    describe("when the caller has no credit", function () {
      it("reverts with NoBondCredit, also on a second withdrawal", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], true, BOND);
        await approveBonds(s, [s.users[1]]);
        await s.datanets.connect(s.users[1]).contributeRoot(d, hash("root"), 1n, "ipfs://tree");
        await s.datanets.connect(s.users[0]).reviewBatch(d, hash("root"), true);
        await s.datanets.connect(s.users[1]).withdrawBondCredit();

        await expect(s.datanets.connect(s.users[1]).withdrawBondCredit())
          .to.be.revertedWithCustomError(s.datanets, "NoBondCredit")
          .withArgs(s.users[1].address);
        await expect(s.datanets.connect(s.stranger).withdrawBondCredit())
          .to.be.revertedWithCustomError(s.datanets, "NoBondCredit")
          .withArgs(s.stranger.address);
      });
    });
  });

  describe("contribution", function () {
    describe("when the record does not exist", function () {
      it("returns status None and no contributor", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        const c = await s.datanets.contribution(d, hash("nothing"));
        expect(c.status).to.equal(Status.None);
        expect(c.contributor).to.equal(ZeroAddress);
        expect(c.datanetId).to.equal(d);
        expect(c.contentHash).to.equal(hash("nothing"));
      });
    });
  });

  describe("batch and batchRootAt", function () {
    describe("when nothing was submitted", function () {
      it("return an empty batch and a zero root", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);

        const b = await s.datanets.batch(d, hash("none"));
        expect(b.status).to.equal(Status.None);
        expect(b.submitter).to.equal(ZeroAddress);
        expect(b.count).to.equal(0n);
        expect(await s.datanets.batchRootAt(d, 0n)).to.equal(ZeroHash);
      });
    });

    describe("when several batches were submitted", function () {
      it("lists their roots in submission order", async function () {
        const s = await loadSuite(connection);
        const d = await createDatanet(s, s.users[0], false);
        for (const i of [0, 1, 2]) {
          await s.datanets.connect(s.users[1]).contributeRoot(d, hash(`root-${i}`), 5n, "ipfs://tree");
        }

        for (const i of [0, 1, 2]) expect(await s.datanets.batchRootAt(d, BigInt(i))).to.equal(hash(`root-${i}`));
      });
    });
  });

  describe("contributionsOf", function () {
    /// An open datanet with seven records, alternating between users[1] and users[2].
    async function seven(s: Suite): Promise<bigint> {
      const d = await createDatanet(s, s.users[0], false);
      for (let i = 0; i < 7; i++) {
        await s.datanets.connect(s.users[1 + (i % 2)]).contribute(d, hash(`r${i}`), `ipfs://r${i}`);
      }
      return d;
    }

    describe("when the page lies inside the list", function () {
      it("returns the records in submission order from the offset", async function () {
        const s = await loadSuite(connection);
        const d = await seven(s);

        const page = await s.datanets.contributionsOf(d, 2n, 3n);
        expect(page.map((c) => c.index)).to.deep.equal([2n, 3n, 4n]);
        expect(page.map((c) => c.contentHash)).to.deep.equal([hash("r2"), hash("r3"), hash("r4")]);
        expect(page.map((c) => c.contributor)).to.deep.equal([
          s.users[1].address,
          s.users[2].address,
          s.users[1].address,
        ]);
        expect(page.every((c) => c.datanetId === d && c.status === Status.Accepted && c.weight === 1n)).to.equal(true);
      });
    });

    describe("when the limit runs past the end", function () {
      it("stops at the last record", async function () {
        const s = await loadSuite(connection);
        const d = await seven(s);

        const page = await s.datanets.contributionsOf(d, 5n, 100n);
        expect(page.map((c) => c.index)).to.deep.equal([5n, 6n]);
        expect(await s.datanets.contributionsOf(d, 0n, MaxUint256)).to.have.length(7);
      });
    });

    describe("when the offset is at or past the end, or the limit is 0", function () {
      it("returns an empty page", async function () {
        const s = await loadSuite(connection);
        const d = await seven(s);

        expect(await s.datanets.contributionsOf(d, 7n, 10n)).to.have.length(0);
        expect(await s.datanets.contributionsOf(d, 1000n, 10n)).to.have.length(0);
        expect(await s.datanets.contributionsOf(d, 0n, 0n)).to.have.length(0);
      });
    });
  });

  describe("contributionsBy", function () {
    /// An open datanet with seven records: users[1] made 0, 2, 4, 6 and users[2] made 1, 3, 5.
    async function seven(s: Suite): Promise<bigint> {
      const d = await createDatanet(s, s.users[0], false);
      for (let i = 0; i < 7; i++) {
        await s.datanets.connect(s.users[1 + (i % 2)]).contribute(d, hash(`r${i}`), `ipfs://r${i}`);
      }
      return d;
    }

    describe("when the window holds some of the contributor's records", function () {
      it("returns only those, and the offset of the next window", async function () {
        const s = await loadSuite(connection);
        const d = await seven(s);

        const [page, next] = await s.datanets.contributionsBy(d, s.users[1].address, 1n, 4n);
        expect(page.map((c) => c.index)).to.deep.equal([2n, 4n]);
        expect(page.every((c) => c.contributor === s.users[1].address)).to.equal(true);
        expect(next).to.equal(5n);

        const [rest, end] = await s.datanets.contributionsBy(d, s.users[1].address, next, 4n);
        expect(rest.map((c) => c.index)).to.deep.equal([6n]);
        expect(end).to.equal(7n);
      });

      it("walks the whole datanet page by page", async function () {
        const s = await loadSuite(connection);
        const d = await seven(s);

        const found: bigint[] = [];
        let offset = 0n;
        while (offset < 7n) {
          const [page, next] = await s.datanets.contributionsBy(d, s.users[2].address, offset, 2n);
          found.push(...page.map((c) => c.index));
          offset = next;
        }
        expect(found).to.deep.equal([1n, 3n, 5n]);
      });
    });

    describe("when the contributor has nothing in the window", function () {
      it("returns an empty page", async function () {
        const s = await loadSuite(connection);
        const d = await seven(s);

        const [page, next] = await s.datanets.contributionsBy(d, s.stranger.address, 0n, 100n);
        expect(page).to.have.length(0);
        expect(next).to.equal(7n);
      });
    });

    describe("when the offset is past the end", function () {
      it("returns an empty page and the same offset", async function () {
        const s = await loadSuite(connection);
        const d = await seven(s);

        const [page, next] = await s.datanets.contributionsBy(d, s.users[1].address, 9n, 5n);
        expect(page).to.have.length(0);
        expect(next).to.equal(9n);
      });
    });
  });
});
