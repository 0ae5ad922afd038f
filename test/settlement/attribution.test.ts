import { expect } from "chai";
import { MaxUint256, ZeroHash, id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { shouldBehaveLikeRestrictedSetter } from "../helpers/behaviours/index.js";
import { loadSuite, PARAMS, publishDatanetVersion, timelockSigner } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";
import type { IAttributionEpochs } from "../../typechain-types/settlement/Settlement.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const MIN_WINDOW = 60n;
const MAX_WINDOW = 30n * 24n * 3_600n;
const WINDOW = BigInt(PARAMS.challengeWindow);
const VETO_LOCK = BigInt(PARAMS.vetoBondLock);
const BOND = PARAMS.minAttestorBond;
const UINT64_MAX = 2n ** 64n - 1n;
const UINT128_MAX = 2n ** 128n - 1n;
const UINT96_MAX = 2n ** 96n - 1n;

/// Datanets 1, 2 and 3 share one bonded attestor; datanet 4's attestor has no bond.
const D1 = 1n;
const D2 = 2n;
const D3 = 3n;
const UNBONDED = 4n;

type Leaf = [string, bigint];
type Tree = StandardMerkleTree<Leaf>;

interface World extends Suite {
  attestor: HardhatEthersSigner;
  unbondedAttestor: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  payer: HardhatEthersSigner;
  settlementAddress: string;
  treasury: string;
}

/// One model (owner share 0) trains on version 1 of datanets 1, 2 and 3 (50/30/20); 100 OPEN of fees leave 80 OPEN
/// of data share: datanet 1 accrues 40, datanet 2 accrues 24, datanet 3 accrues 16.
async function attributionWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [curator, attestor, alice, bob, modelOwner, payer, unbondedAttestor, carol] = s.users;
  for (const n of [1, 2, 3]) await s.datanets.connect(curator).createDatanet(`ipfs://dn${n}`, false, 0n, attestor);
  await s.datanets.connect(curator).createDatanet("ipfs://dn4", false, 0n, unbondedAttestor);
  const versions: bigint[] = [];
  for (const d of [D1, D2, D3]) versions.push(await publishDatanetVersion(s, d));
  await s.models.connect(modelOwner).registerModel({
    cardURI: "ipfs://card",
    weightsHash: id("weights"),
    weightsURI: "ipfs://weights",
    parentId: 0n,
    datanets: [
      { datanetId: D1, version: versions[0], weightBps: 5_000n },
      { datanetId: D2, version: versions[1], weightBps: 3_000n },
      { datanetId: D3, version: versions[2], weightBps: 2_000n },
    ],
    price: parseEther("1"),
    ownerBps: 0n,
  });
  const settlementAddress = await s.settlement.getAddress();
  await s.open.connect(payer).approve(settlementAddress, MaxUint256);
  await s.settlement.connect(payer).settle(1n, 100n, MaxUint256, id("i"), id("a"));
  await s.open.connect(attestor).approve(settlementAddress, MaxUint256);
  await s.settlement.connect(attestor).depositBond(BOND);
  return {
    ...s,
    attestor,
    unbondedAttestor,
    alice,
    bob,
    carol,
    payer,
    settlementAddress,
    treasury: await s.timelock.getAddress(),
  };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(attributionWorld);

function tree(leaves: Leaf[]): Tree {
  return StandardMerkleTree.of(leaves, ["address", "uint256"]);
}

const totalOf = (leaves: Leaf[]): bigint => leaves.reduce((t, [, amount]) => t + amount, 0n);

function proofOf(t: Tree, account: string): { amount: bigint; proof: string[] } {
  for (const [i, [a, amount]] of t.entries()) {
    if (a === account) return { amount, proof: t.getProof(i) };
  }
  throw new Error(`${account} is not in the tree`);
}

/// Posts `leaves` as the root of `epoch` for `datanetId` (their sum as total unless `total` is given).
async function post(w: World, datanetId: bigint, epoch: bigint, leaves: Leaf[], total?: bigint): Promise<Tree> {
  const t = tree(leaves);
  await w.settlement.connect(w.attestor).postRoot(datanetId, epoch, t.root, total ?? totalOf(leaves), "ipfs://alloc");
  return t;
}

/// Posts `leaves`, waits out the challenge window and activates the root.
async function postActive(w: World, datanetId: bigint, epoch: bigint, leaves: Leaf[], total?: bigint): Promise<Tree> {
  const t = await post(w, datanetId, epoch, leaves, total);
  await networkHelpers.time.increase(WINDOW);
  await w.settlement.activateRoot(datanetId);
  return t;
}

async function claimOf(w: World, t: Tree, datanetId: bigint, account: HardhatEthersSigner) {
  const { amount, proof } = proofOf(t, account.address);
  return w.settlement.claim(datanetId, account.address, amount, proof);
}

function claimEntry(t: Tree, datanetId: bigint, account: string): IAttributionEpochs.DatanetClaimStruct {
  const { amount, proof } = proofOf(t, account);
  return { datanetId, cumulativeAmount: amount, proof };
}

describe("AttributionEpochs", function () {
  describe("postRoot", function () {
    describe("when the bonded attestor posts a root within the accrued pool", function () {
      it("records it as pending until the end of the challenge window and counts its increase against the bond", async function () {
        const w = await world();
        expect(await w.settlement.accrued(D1)).to.equal(parseEther("40"));
        const t = tree([
          [w.alice.address, parseEther("30")],
          [w.bob.address, parseEther("10")],
        ]);
        const readyAt = BigInt(await networkHelpers.time.latest()) + 1n + WINDOW;
        await networkHelpers.time.setNextBlockTimestamp(readyAt - WINDOW);

        await expect(w.settlement.connect(w.attestor).postRoot(D1, 1n, t.root, parseEther("40"), "ipfs://alloc-1"))
          .to.emit(w.settlement, "RootPosted")
          .withArgs(D1, 1n, t.root, parseEther("40"), readyAt, w.attestor.address, "ipfs://alloc-1");

        const s = await w.settlement.rootState(D1);
        expect(s.pendingRoot).to.equal(t.root);
        expect(s.pendingTotal).to.equal(parseEther("40"));
        expect(s.pendingReadyAt).to.equal(readyAt);
        expect(s.lastEpoch).to.equal(1n);
        expect(s.activeRoot).to.equal(ZeroHash);
        const [bond, lockedUntil] = await w.settlement.bondOf(w.attestor.address);
        expect(bond).to.equal(BOND);
        // Only a veto locks the whole bond; a post takes its increase out of the bond's capacity.
        expect(lockedUntil).to.equal(0n);
        expect(await w.settlement.exposureOf(w.attestor.address)).to.deep.equal([
          parseEther("40"),
          0n,
          BOND * BigInt(PARAMS.bondFactor),
        ]);
      });
    });

    describe("when the previous root's window is over but it was not activated", function () {
      it("activates it first, then records the new one", async function () {
        const w = await world();
        const first = await post(w, D1, 1n, [[w.alice.address, parseEther("10")]]);
        await networkHelpers.time.increase(WINDOW);
        const second = tree([[w.alice.address, parseEther("20")]]);

        await expect(w.settlement.connect(w.attestor).postRoot(D1, 2n, second.root, parseEther("20"), "ipfs://2"))
          .to.emit(w.settlement, "RootActivated")
          .withArgs(D1, 1n, first.root, parseEther("10"))
          .and.to.emit(w.settlement, "RootPosted");

        const s = await w.settlement.rootState(D1);
        expect(s.activeRoot).to.equal(first.root);
        expect(s.activeEpoch).to.equal(1n);
        expect(s.pendingRoot).to.equal(second.root);
        expect(s.lastEpoch).to.equal(2n);
      });
    });

    describe("when the caller is not the datanet's attestor", function () {
      it("reverts with NotAttestor", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.stranger).postRoot(D1, 1n, id("root"), 1n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "NotAttestor")
          .withArgs(D1, w.stranger.address, w.attestor.address);
      });
    });

    describe("when the attestor has no bond", function () {
      it("reverts with BondTooLow", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.unbondedAttestor).postRoot(UNBONDED, 1n, id("root"), 0n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "BondTooLow")
          .withArgs(w.unbondedAttestor.address, 0n, BOND);
      });
    });

    describe("when the root is zero", function () {
      it("reverts with ZeroRoot", async function () {
        const w = await world();
        await expect(
          w.settlement.connect(w.attestor).postRoot(D1, 1n, ZeroHash, 1n, "u"),
        ).to.be.revertedWithCustomError(w.settlement, "ZeroRoot");
      });
    });

    describe("when the epoch is not the next one", function () {
      it("reverts with EpochNotNext for epoch 0", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.attestor).postRoot(D1, 0n, id("root"), 1n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "EpochNotNext")
          .withArgs(D1, 0n, 1n);
      });

      it("reverts with EpochNotNext for a repeated, older or skipped epoch", async function () {
        const w = await world();
        await postActive(w, D1, 1n, [[w.alice.address, 1n]]);
        await postActive(w, D1, 2n, [[w.alice.address, 1n]]);
        for (const epoch of [2n, 1n, 4n]) {
          await expect(w.settlement.connect(w.attestor).postRoot(D1, epoch, id("root"), 1n, "u"))
            .to.be.revertedWithCustomError(w.settlement, "EpochNotNext")
            .withArgs(D1, epoch, 3n);
        }
      });

      it("reverts with EpochNotNext for the last 64-bit epoch and beyond", async function () {
        const w = await world();
        for (const epoch of [UINT64_MAX, UINT64_MAX + 1n]) {
          await expect(w.settlement.connect(w.attestor).postRoot(D1, epoch, id("root"), 1n, "u"))
            .to.be.revertedWithCustomError(w.settlement, "EpochNotNext")
            .withArgs(D1, epoch, 1n);
        }
      });
    });

    describe("when a root is still inside its window", function () {
      it("reverts with RootPending", async function () {
        const w = await world();
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        const { pendingReadyAt } = await w.settlement.rootState(D1);
        await expect(w.settlement.connect(w.attestor).postRoot(D1, 2n, id("root"), 2n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "RootPending")
          .withArgs(D1, 1n, pendingReadyAt);
      });
    });

    describe("when the total falls below the active root's", function () {
      it("reverts with TotalBelowPrevious", async function () {
        const w = await world();
        await postActive(w, D1, 1n, [[w.alice.address, 100n]]);
        await expect(w.settlement.connect(w.attestor).postRoot(D1, 2n, id("root"), 99n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "TotalBelowPrevious")
          .withArgs(D1, 99n, 100n);
      });
    });

    describe("when the total exceeds what the datanet accrued", function () {
      it("reverts with RootAboveAccrued", async function () {
        const w = await world();
        const accrued = await w.settlement.accrued(D2);
        await expect(w.settlement.connect(w.attestor).postRoot(D2, 1n, id("root"), accrued + 1n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "RootAboveAccrued")
          .withArgs(D2, accrued + 1n, accrued);
      });
    });

    describe("when the datanet does not exist", function () {
      it("reverts with the registry's UnknownDatanet", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.attestor).postRoot(99n, 1n, id("root"), 0n, "u"))
          .to.be.revertedWithCustomError(w.datanets, "UnknownDatanet")
          .withArgs(99n);
      });
    });
  });

  describe("activateRoot", function () {
    describe("when the window is over", function () {
      it("makes the pending root the active one, whoever calls", async function () {
        const w = await world();
        const t = await post(w, D1, 1n, [[w.alice.address, 7n]]);
        await networkHelpers.time.increase(WINDOW);

        await expect(w.settlement.connect(w.stranger).activateRoot(D1))
          .to.emit(w.settlement, "RootActivated")
          .withArgs(D1, 1n, t.root, 7n);

        const s = await w.settlement.rootState(D1);
        expect(s.activeRoot).to.equal(t.root);
        expect(s.activeTotal).to.equal(7n);
        expect(s.activeEpoch).to.equal(1n);
        expect(s.pendingRoot).to.equal(ZeroHash);
        expect(s.pendingTotal).to.equal(0n);
        expect(s.pendingReadyAt).to.equal(0n);
      });
    });

    describe("when nothing is pending", function () {
      it("reverts with NoRootReady(datanet, 0)", async function () {
        const w = await world();
        await expect(w.settlement.activateRoot(D1))
          .to.be.revertedWithCustomError(w.settlement, "NoRootReady")
          .withArgs(D1, 0n);
        await postActive(w, D1, 1n, [[w.alice.address, 1n]]);
        await expect(w.settlement.activateRoot(D1))
          .to.be.revertedWithCustomError(w.settlement, "NoRootReady")
          .withArgs(D1, 0n);
      });
    });

    describe("when the root is still inside its window", function () {
      it("reverts with NoRootReady(datanet, readyAt)", async function () {
        const w = await world();
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        const { pendingReadyAt } = await w.settlement.rootState(D1);
        await networkHelpers.time.setNextBlockTimestamp(pendingReadyAt - 1n);
        await expect(w.settlement.activateRoot(D1))
          .to.be.revertedWithCustomError(w.settlement, "NoRootReady")
          .withArgs(D1, pendingReadyAt);
      });
    });
  });

  describe("vetoRoot", function () {
    describe("when the guardian vetoes the pending root inside its window", function () {
      it("drops the root, keeps its epoch consumed and locks the attestor's bond", async function () {
        const w = await world();
        const t = await post(w, D1, 1n, [[w.alice.address, 1n]]);
        const at = BigInt(await networkHelpers.time.latest()) + 10n;
        await networkHelpers.time.setNextBlockTimestamp(at);

        await expect(w.settlement.connect(w.deployer).vetoRoot(D1, 1n))
          .to.emit(w.settlement, "RootVetoed")
          .withArgs(D1, 1n, t.root, w.deployer.address);

        const s = await w.settlement.rootState(D1);
        expect(s.pendingRoot).to.equal(ZeroHash);
        expect(s.pendingTotal).to.equal(0n);
        expect(s.pendingReadyAt).to.equal(0n);
        expect(s.lastEpoch).to.equal(0n);
        // The attestor was set by the datanet's owner: the veto does not count against the guardian's limit.
        expect(s.vetoes).to.equal(0n);
        const [, lockedUntil] = await w.settlement.bondOf(w.attestor.address);
        expect(lockedUntil).to.equal(at + VETO_LOCK);
        await networkHelpers.time.increase(WINDOW);
        await expect(w.settlement.activateRoot(D1))
          .to.be.revertedWithCustomError(w.settlement, "NoRootReady")
          .withArgs(D1, 0n);
        // The vetoed root gave its epoch back: the next post is epoch 1 again.
        await expect(w.settlement.connect(w.attestor).postRoot(D1, 2n, t.root, 1n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "EpochNotNext")
          .withArgs(D1, 2n, 1n);
        await expect(w.settlement.connect(w.attestor).postRoot(D1, 1n, t.root, 1n, "u")).to.emit(
          w.settlement,
          "RootPosted",
        );
      });
    });

    describe("when governance vetoes", function () {
      it("vetoes too", async function () {
        const w = await world();
        const t = await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await expect(w.settlement.connect(await timelockSigner(w)).vetoRoot(D1, 1n))
          .to.emit(w.settlement, "RootVetoed")
          .withArgs(D1, 1n, t.root, w.treasury);
      });
    });

    describe("when a root was vetoed", function () {
      it("is never claimable, and the previous active root stays claimable", async function () {
        const w = await world();
        const first = await postActive(w, D1, 1n, [
          [w.alice.address, parseEther("5")],
          [w.bob.address, parseEther("5")],
        ]);
        const vetoed = await post(w, D1, 2n, [
          [w.alice.address, parseEther("30")],
          [w.bob.address, parseEther("10")],
        ]);
        await w.settlement.vetoRoot(D1, 2n);
        await networkHelpers.time.increase(WINDOW * 2n);

        const v = proofOf(vetoed, w.alice.address);
        await expect(w.settlement.claim(D1, w.alice.address, v.amount, v.proof))
          .to.be.revertedWithCustomError(w.settlement, "InvalidProof")
          .withArgs(D1, w.alice.address, v.amount);
        await expect(claimOf(w, first, D1, w.alice)).to.changeTokenBalance(ethers, w.open, w.alice, parseEther("5"));
        expect((await w.settlement.rootState(D1)).activeRoot).to.equal(first.root);
      });
    });

    describe("when the window is over", function () {
      it("reverts with RootNotVetoable", async function () {
        const w = await world();
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await networkHelpers.time.increase(WINDOW);
        await expect(w.settlement.vetoRoot(D1, 1n))
          .to.be.revertedWithCustomError(w.settlement, "RootNotVetoable")
          .withArgs(D1, 1n);
      });
    });

    describe("when the epoch is not the pending one", function () {
      it("reverts with RootNotVetoable", async function () {
        const w = await world();
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await expect(w.settlement.vetoRoot(D1, 2n))
          .to.be.revertedWithCustomError(w.settlement, "RootNotVetoable")
          .withArgs(D1, 2n);
      });
    });

    describe("when nothing is pending", function () {
      it("reverts with RootNotVetoable", async function () {
        const w = await world();
        await expect(w.settlement.vetoRoot(D1, 0n))
          .to.be.revertedWithCustomError(w.settlement, "RootNotVetoable")
          .withArgs(D1, 0n);
      });
    });

    describe("when a stranger vetoes", function () {
      it("reverts with AccessManagedUnauthorized", async function () {
        const w = await world();
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await expect(w.settlement.connect(w.stranger).vetoRoot(D1, 1n))
          .to.be.revertedWithCustomError(w.settlement, "AccessManagedUnauthorized")
          .withArgs(w.stranger.address);
      });
    });
  });

  describe("claim", function () {
    describe("when the account proves its cumulative amount", function () {
      it("pays it and records the claim", async function () {
        const w = await world();
        const t = await postActive(w, D1, 1n, [
          [w.alice.address, parseEther("30")],
          [w.bob.address, parseEther("10")],
        ]);

        const tx = claimOf(w, t, D1, w.alice);
        await expect(tx).to.emit(w.settlement, "Claimed").withArgs(D1, w.alice.address, parseEther("30"));
        await expect(tx).to.changeTokenBalances(
          ethers,
          w.open,
          [w.settlementAddress, w.alice],
          [-parseEther("30"), parseEther("30")],
        );
        expect(await w.settlement.claimed(D1, w.alice.address)).to.equal(parseEther("30"));
        expect((await w.settlement.rootState(D1)).claimed).to.equal(parseEther("30"));
      });
    });

    describe("when a later epoch raises the cumulative amount", function () {
      it("pays only the difference", async function () {
        const w = await world();
        const first = await postActive(w, D1, 1n, [
          [w.alice.address, parseEther("10")],
          [w.bob.address, parseEther("5")],
        ]);
        await claimOf(w, first, D1, w.alice);
        const second = await postActive(w, D1, 2n, [
          [w.alice.address, parseEther("25")],
          [w.bob.address, parseEther("15")],
        ]);

        await expect(claimOf(w, second, D1, w.alice))
          .to.emit(w.settlement, "Claimed")
          .withArgs(D1, w.alice.address, parseEther("15"));
        expect(await w.settlement.claimed(D1, w.alice.address)).to.equal(parseEther("25"));
        await expect(claimOf(w, second, D1, w.bob)).to.changeTokenBalance(ethers, w.open, w.bob, parseEther("15"));
        expect((await w.settlement.rootState(D1)).claimed).to.equal(parseEther("40"));
      });
    });

    describe("when a third party claims for the account", function () {
      it("sends the tokens to the account", async function () {
        const w = await world();
        const t = await postActive(w, D1, 1n, [
          [w.alice.address, parseEther("3")],
          [w.bob.address, parseEther("1")],
        ]);
        const { amount, proof } = proofOf(t, w.alice.address);
        await expect(w.settlement.connect(w.stranger).claim(D1, w.alice.address, amount, proof)).to.changeTokenBalances(
          ethers,
          w.open,
          [w.alice, w.stranger],
          [amount, 0n],
        );
      });
    });

    describe("when the proof does not match", function () {
      it("reverts with InvalidProof", async function () {
        const w = await world();
        const t = await postActive(w, D1, 1n, [
          [w.alice.address, parseEther("3")],
          [w.bob.address, parseEther("1")],
        ]);
        const { amount, proof } = proofOf(t, w.alice.address);
        await expect(w.settlement.claim(D1, w.alice.address, amount + 1n, proof))
          .to.be.revertedWithCustomError(w.settlement, "InvalidProof")
          .withArgs(D1, w.alice.address, amount + 1n);
        await expect(w.settlement.claim(D1, w.bob.address, amount, proof))
          .to.be.revertedWithCustomError(w.settlement, "InvalidProof")
          .withArgs(D1, w.bob.address, amount);
      });
    });

    describe("when the amount was already claimed", function () {
      it("reverts with NothingToClaim", async function () {
        const w = await world();
        const t = await postActive(w, D1, 1n, [
          [w.alice.address, parseEther("3")],
          [w.bob.address, parseEther("1")],
        ]);
        await claimOf(w, t, D1, w.alice);
        await expect(claimOf(w, t, D1, w.alice))
          .to.be.revertedWithCustomError(w.settlement, "NothingToClaim")
          .withArgs(D1, w.alice.address, parseEther("3"), parseEther("3"));
      });
    });

    describe("when the datanet has no active root", function () {
      it("reverts with NoActiveRoot", async function () {
        const w = await world();
        const t = await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await expect(w.settlement.claim(D1, w.alice.address, 1n, proofOf(t, w.alice.address).proof))
          .to.be.revertedWithCustomError(w.settlement, "NoActiveRoot")
          .withArgs(D1);
      });
    });

    describe("when a faulty root's leaves add up to more than its total", function () {
      it("pays up to the total and then reverts with ClaimExceedsRoot", async function () {
        const w = await world();
        const t = await postActive(
          w,
          D1,
          1n,
          [
            [w.alice.address, 60n],
            [w.bob.address, 60n],
          ],
          100n,
        );
        await claimOf(w, t, D1, w.alice);
        await expect(claimOf(w, t, D1, w.bob))
          .to.be.revertedWithCustomError(w.settlement, "ClaimExceedsRoot")
          .withArgs(D1, 120n, 100n);
        expect((await w.settlement.rootState(D1)).claimed).to.equal(60n);
      });
    });

    describe("when paused", function () {
      it("still pays", async function () {
        const w = await world();
        const t = await postActive(w, D1, 1n, [[w.alice.address, 5n]]);
        await w.settlement.pause();
        await expect(claimOf(w, t, D1, w.alice)).to.changeTokenBalance(ethers, w.open, w.alice, 5n);
      });
    });
  });

  describe("claimMany", function () {
    describe("when the account claims from several datanets", function () {
      it("pays the sum in one transfer", async function () {
        const w = await world();
        const a = w.alice.address;
        const t1 = await post(w, D1, 1n, [
          [a, parseEther("4")],
          [w.bob.address, 1n],
        ]);
        const t2 = await post(w, D2, 1n, [
          [a, parseEther("2")],
          [w.carol.address, 3n],
        ]);
        const t3 = await post(w, D3, 1n, [[a, parseEther("1")]]);
        await networkHelpers.time.increase(WINDOW);
        for (const d of [D1, D2, D3]) await w.settlement.activateRoot(d);

        const tx = await w.settlement
          .connect(w.stranger)
          .claimMany(a, [claimEntry(t1, D1, a), claimEntry(t2, D2, a), claimEntry(t3, D3, a)]);
        const receipt = await tx.wait();

        const openAddress = await w.open.getAddress();
        const transfers = (receipt?.logs ?? [])
          .filter((l) => l.address === openAddress)
          .map((l) => w.open.interface.parseLog(l))
          .filter((e) => e?.name === "Transfer");
        expect(transfers).to.have.length(1);
        expect(transfers[0]?.args.to).to.equal(a);
        expect(transfers[0]?.args.value).to.equal(parseEther("7"));
        await expect(tx).to.emit(w.settlement, "Claimed").withArgs(D2, a, parseEther("2"));
        for (const [d, amount] of [
          [D1, parseEther("4")],
          [D2, parseEther("2")],
          [D3, parseEther("1")],
        ] as const) {
          expect(await w.settlement.claimed(d, a)).to.equal(amount);
        }
      });
    });

    describe("when some datanets have nothing new", function () {
      it("skips them and pays the others", async function () {
        const w = await world();
        const a = w.alice.address;
        const t1 = await post(w, D1, 1n, [[a, 10n]]);
        const t2 = await post(w, D2, 1n, [[a, 20n]]);
        await networkHelpers.time.increase(WINDOW);
        await w.settlement.activateRoot(D1);
        await w.settlement.activateRoot(D2);
        await claimOf(w, t1, D1, w.alice);

        const tx = w.settlement.claimMany(a, [claimEntry(t1, D1, a), claimEntry(t2, D2, a)]);
        await expect(tx).to.changeTokenBalance(ethers, w.open, w.alice, 20n);
        const receipt = await (await tx).wait();
        const claimedEvents = (receipt?.logs ?? [])
          .map((l) => w.settlement.interface.parseLog(l))
          .filter((e) => e?.name === "Claimed");
        expect(claimedEvents.map((e) => e?.args.datanetId)).to.deep.equal([D2]);
      });
    });

    describe("when no datanet has anything new", function () {
      it("reverts with NothingNewToClaim", async function () {
        const w = await world();
        const a = w.alice.address;
        const t1 = await postActive(w, D1, 1n, [[a, 10n]]);
        await claimOf(w, t1, D1, w.alice);
        await expect(w.settlement.claimMany(a, [claimEntry(t1, D1, a)]))
          .to.be.revertedWithCustomError(w.settlement, "NothingNewToClaim")
          .withArgs(a);
        await expect(w.settlement.claimMany(a, []))
          .to.be.revertedWithCustomError(w.settlement, "NothingNewToClaim")
          .withArgs(a);
      });
    });

    describe("when one proof is invalid", function () {
      it("reverts with InvalidProof and pays nothing", async function () {
        const w = await world();
        const a = w.alice.address;
        const t1 = await post(w, D1, 1n, [[a, 10n]]);
        const t2 = await post(w, D2, 1n, [[a, 20n]]);
        await networkHelpers.time.increase(WINDOW);
        await w.settlement.activateRoot(D1);
        await w.settlement.activateRoot(D2);
        const bad = { ...claimEntry(t2, D2, a), cumulativeAmount: 21n };

        await expect(w.settlement.claimMany(a, [claimEntry(t1, D1, a), bad]))
          .to.be.revertedWithCustomError(w.settlement, "InvalidProof")
          .withArgs(D2, a, 21n);
        expect(await w.settlement.claimed(D1, a)).to.equal(0n);
      });
    });

    describe("when paused", function () {
      it("still pays", async function () {
        const w = await world();
        const a = w.alice.address;
        const t1 = await postActive(w, D1, 1n, [[a, 10n]]);
        await w.settlement.pause();
        await expect(w.settlement.claimMany(a, [claimEntry(t1, D1, a)])).to.changeTokenBalance(
          ethers,
          w.open,
          w.alice,
          10n,
        );
      });
    });
  });

  describe("depositBond", function () {
    describe("when the amount is positive", function () {
      it("adds it to the caller's bond", async function () {
        const w = await world();
        const tx = w.settlement.connect(w.attestor).depositBond(5n);
        await expect(tx)
          .to.emit(w.settlement, "BondDeposited")
          .withArgs(w.attestor.address, 5n, BOND + 5n);
        await expect(tx).to.changeTokenBalances(ethers, w.open, [w.attestor, w.settlementAddress], [-5n, 5n]);
        expect((await w.settlement.bondOf(w.attestor.address))[0]).to.equal(BOND + 5n);
      });
    });

    describe("when the amount is zero", function () {
      it("reverts with ZeroBondAmount", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.attestor).depositBond(0n)).to.be.revertedWithCustomError(
          w.settlement,
          "ZeroBondAmount",
        );
      });
    });
  });

  describe("withdrawBond", function () {
    describe("when the bond is not locked", function () {
      it("pays it back", async function () {
        const w = await world();
        const tx = w.settlement.connect(w.attestor).withdrawBond(BOND - 1n);
        await expect(tx)
          .to.emit(w.settlement, "BondWithdrawn")
          .withArgs(w.attestor.address, BOND - 1n, 1n);
        await expect(tx).to.changeTokenBalance(ethers, w.open, w.attestor, BOND - 1n);
        await expect(w.settlement.connect(w.attestor).postRoot(D1, 1n, id("root"), 1n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "BondTooLow")
          .withArgs(w.attestor.address, 1n, BOND);
      });
    });

    describe("when a posted root is pending or recently activated", function () {
      it("keeps what covers the root until the activation lock ends", async function () {
        const w = await world();
        const total = parseEther("40");
        await post(w, D1, 1n, [[w.alice.address, total]]);
        // What stays must cover the root's increase: bond × factor ≥ exposure.
        const needed = total / BigInt(PARAMS.bondFactor);
        await expect(w.settlement.connect(w.attestor).withdrawBond(BOND - needed + 1n))
          .to.be.revertedWithCustomError(w.settlement, "BondBelowExposure")
          .withArgs(w.attestor.address, (needed - 1n) * BigInt(PARAMS.bondFactor), total);
        await networkHelpers.time.increase(WINDOW);
        await w.settlement.activateRoot(D1);
        const activatedAt = BigInt(await networkHelpers.time.latest());
        expect(await w.settlement.exposureOf(w.attestor.address)).to.deep.equal([
          0n,
          total,
          BOND * BigInt(PARAMS.bondFactor),
        ]);
        await expect(w.settlement.connect(w.attestor).withdrawBond(BOND))
          .to.be.revertedWithCustomError(w.settlement, "BondBelowExposure")
          .withArgs(w.attestor.address, 0n, total);
        await networkHelpers.time.increaseTo(activatedAt + BigInt(PARAMS.activationBondLock));
        await expect(w.settlement.connect(w.attestor).withdrawBond(BOND)).to.emit(w.settlement, "BondWithdrawn");
      });
    });

    describe("when a root of the attestor was vetoed", function () {
      it("reverts with BondLocked until the veto lock ends", async function () {
        const w = await world();
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await w.settlement.vetoRoot(D1, 1n);
        const [, lockedUntil] = await w.settlement.bondOf(w.attestor.address);
        await networkHelpers.time.increase(WINDOW);
        await expect(w.settlement.connect(w.attestor).withdrawBond(1n))
          .to.be.revertedWithCustomError(w.settlement, "BondLocked")
          .withArgs(w.attestor.address, lockedUntil);
        await networkHelpers.time.increaseTo(lockedUntil);
        await expect(w.settlement.connect(w.attestor).withdrawBond(1n)).to.emit(w.settlement, "BondWithdrawn");
      });
    });

    describe("when the amount exceeds the bond", function () {
      it("reverts with InsufficientBond", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.attestor).withdrawBond(BOND + 1n))
          .to.be.revertedWithCustomError(w.settlement, "InsufficientBond")
          .withArgs(w.attestor.address, BOND, BOND + 1n);
      });
    });

    describe("when the amount is zero", function () {
      it("reverts with ZeroBondAmount", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.attestor).withdrawBond(0n)).to.be.revertedWithCustomError(
          w.settlement,
          "ZeroBondAmount",
        );
      });
    });

    describe("when paused", function () {
      it("still pays", async function () {
        const w = await world();
        await w.settlement.pause();
        await expect(w.settlement.connect(w.attestor).withdrawBond(BOND)).to.changeTokenBalance(
          ethers,
          w.open,
          w.attestor,
          BOND,
        );
      });
    });
  });

  describe("slashBond", function () {
    describe("when governance slashes", function () {
      it("moves the amount from the bond to the treasury credit", async function () {
        const w = await world();
        const gov = await timelockSigner(w);
        const treasuryBefore = await w.settlement.treasuryAccrued();
        const amount = parseEther("400");

        const tx = w.settlement.connect(gov).slashBond(w.attestor.address, amount);
        await expect(tx)
          .to.emit(w.settlement, "BondSlashed")
          .withArgs(w.attestor.address, amount, BOND - amount);
        await expect(tx).to.changeTokenBalance(ethers, w.open, w.settlementAddress, 0n);

        expect((await w.settlement.bondOf(w.attestor.address))[0]).to.equal(BOND - amount);
        expect((await w.settlement.treasuryAccrued()) - treasuryBefore).to.equal(amount);
        await expect(w.settlement.payTreasury()).to.changeTokenBalance(
          ethers,
          w.open,
          w.treasury,
          treasuryBefore + amount,
        );
      });
    });

    describe("when the guardian or a stranger slashes", function () {
      it("reverts with AccessManagedUnauthorized", async function () {
        const w = await world();
        for (const caller of [w.deployer, w.stranger]) {
          await expect(w.settlement.connect(caller).slashBond(w.attestor.address, 1n))
            .to.be.revertedWithCustomError(w.settlement, "AccessManagedUnauthorized")
            .withArgs(caller.address);
        }
      });
    });

    describe("when the amount is zero", function () {
      it("reverts with ZeroBondAmount", async function () {
        const w = await world();
        await expect(
          w.settlement.connect(await timelockSigner(w)).slashBond(w.attestor.address, 0n),
        ).to.be.revertedWithCustomError(w.settlement, "ZeroBondAmount");
      });
    });

    describe("when the amount exceeds the bond", function () {
      it("reverts with InsufficientBond", async function () {
        const w = await world();
        await expect(w.settlement.connect(await timelockSigner(w)).slashBond(w.attestor.address, BOND + 1n))
          .to.be.revertedWithCustomError(w.settlement, "InsufficientBond")
          .withArgs(w.attestor.address, BOND, BOND + 1n);
      });
    });
  });

  describe("setChallengeWindow", function () {
    shouldBehaveLikeRestrictedSetter({
      load: world,
      contract: (w) => w.settlement,
      set: (w, caller, value: bigint) => w.settlement.connect(caller).setChallengeWindow(value),
      read: (w) => w.settlement.challengeWindow(),
      valid: [MAX_WINDOW, MIN_WINDOW],
      event: "ChallengeWindowSet",
      invalid: {
        values: [0n, MIN_WINDOW - 1n, MAX_WINDOW + 1n],
        error: "WindowOutOfBounds",
        args: (value) => [value, MIN_WINDOW, MAX_WINDOW],
        constants: { MIN_WINDOW, MAX_WINDOW },
      },
      refused: MIN_WINDOW,
    });

    describe("when governance sets a window within bounds", function () {
      it("applies it to the next root", async function () {
        const w = await world();
        await w.settlement.connect(await timelockSigner(w)).setChallengeWindow(MAX_WINDOW);
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        const { pendingReadyAt } = await w.settlement.rootState(D1);
        expect(pendingReadyAt).to.equal(BigInt(await networkHelpers.time.latest()) + MAX_WINDOW);
      });
    });
  });

  describe("setVetoBondLock", function () {
    shouldBehaveLikeRestrictedSetter({
      load: world,
      contract: (w) => w.settlement,
      set: (w, caller, value: bigint) => w.settlement.connect(caller).setVetoBondLock(value),
      read: (w) => w.settlement.vetoBondLock(),
      valid: [MIN_WINDOW, MAX_WINDOW],
      event: "VetoBondLockSet",
      invalid: {
        values: [MIN_WINDOW - 1n, MAX_WINDOW + 1n],
        error: "WindowOutOfBounds",
        args: (value) => [value, MIN_WINDOW, MAX_WINDOW],
      },
      refused: MIN_WINDOW,
    });

    describe("when governance sets a lock within bounds", function () {
      it("applies it to the next veto", async function () {
        const w = await world();
        await w.settlement.connect(await timelockSigner(w)).setVetoBondLock(MIN_WINDOW);
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await w.settlement.vetoRoot(D1, 1n);
        const vetoedAt = BigInt(await networkHelpers.time.latest());
        expect((await w.settlement.bondOf(w.attestor.address))[1]).to.equal(vetoedAt + MIN_WINDOW);
        // A veto never shortens a lock: a second veto under a shorter lock keeps the first one's end.
        await w.settlement.connect(await timelockSigner(w)).setVetoBondLock(MIN_WINDOW * 2n);
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await w.settlement.vetoRoot(D1, 1n);
        const second = BigInt(await networkHelpers.time.latest()) + MIN_WINDOW * 2n;
        await w.settlement.connect(await timelockSigner(w)).setVetoBondLock(MIN_WINDOW);
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await w.settlement.vetoRoot(D1, 1n);
        expect((await w.settlement.bondOf(w.attestor.address))[1]).to.equal(second);
      });
    });
  });

  describe("setMinAttestorBond", function () {
    shouldBehaveLikeRestrictedSetter({
      load: world,
      contract: (w) => w.settlement,
      set: (w, caller, value: bigint) => w.settlement.connect(caller).setMinAttestorBond(value),
      read: (w) => w.settlement.minAttestorBond(),
      valid: [BOND + 1n, 0n, UINT96_MAX],
      event: "MinAttestorBondSet",
      invalid: {
        values: [UINT96_MAX + 1n, UINT128_MAX + 1n],
        error: "MinAttestorBondAboveMax",
        args: (value) => [value, UINT96_MAX],
      },
      refused: 0n,
    });

    describe("when governance raises the minimum", function () {
      it("refuses roots from attestors below it", async function () {
        const w = await world();
        await w.settlement.connect(await timelockSigner(w)).setMinAttestorBond(BOND + 1n);
        await expect(w.settlement.connect(w.attestor).postRoot(D1, 1n, id("root"), 1n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "BondTooLow")
          .withArgs(w.attestor.address, BOND, BOND + 1n);
      });
    });

    describe("when governance sets no minimum", function () {
      it("lets an unbonded attestor post", async function () {
        const w = await world();
        await w.settlement.connect(await timelockSigner(w)).setMinAttestorBond(0n);
        await expect(w.settlement.connect(w.unbondedAttestor).postRoot(UNBONDED, 1n, id("root"), 0n, "u")).to.emit(
          w.settlement,
          "RootPosted",
        );
      });
    });
  });

  describe("vetoRoot past the guardian's limit", function () {
    describe("when the guardian has vetoed maxGuardianVetoes roots of the datanet's appointed attestor in a row", function () {
      it("refuses the guardian with VetoLimitReached, and lets governance veto", async function () {
        const w = await world();
        const limit = BigInt(PARAMS.maxGuardianVetoes);
        await w.datanets.connect(await timelockSigner(w)).setAttestorByGovernance(D1, w.attestor.address);
        for (let i = 0n; i < limit; i++) {
          await post(w, D1, 1n, [[w.alice.address, 1n]]);
          await w.settlement.vetoRoot(D1, 1n);
        }
        await post(w, D1, 1n, [[w.alice.address, 1n]]);
        await expect(w.settlement.vetoRoot(D1, 1n))
          .to.be.revertedWithCustomError(w.settlement, "VetoLimitReached")
          .withArgs(D1, limit, limit);
        await expect(w.settlement.connect(await timelockSigner(w)).vetoRoot(D1, 1n)).to.emit(
          w.settlement,
          "RootVetoed",
        );
        expect((await w.settlement.rootState(D1)).vetoes).to.equal(limit + 1n);
      });
    });

    describe("when the datanet's attestor was set by its owner", function () {
      it("lets the guardian veto past the limit, and does not count those vetoes", async function () {
        const w = await world();
        const limit = BigInt(PARAMS.maxGuardianVetoes);
        for (let i = 0n; i <= limit; i++) {
          await post(w, D1, 1n, [[w.alice.address, 1n]]);
          await expect(w.settlement.vetoRoot(D1, 1n)).to.emit(w.settlement, "RootVetoed");
        }
        expect((await w.settlement.rootState(D1)).vetoes).to.equal(0n);
      });
    });
  });

  describe("replaceRootByGovernance", function () {
    describe("when governance replaces a pending fraud with a corrected root", function () {
      it("discards the pending root, releases its exposure and activates the new root at once", async function () {
        const w = await world();
        await postActive(w, D1, 1n, [[w.alice.address, parseEther("10")]]);
        const fraud = await post(w, D1, 2n, [[w.attestor.address, parseEther("40")]]);
        const fix = tree([[w.alice.address, parseEther("20")]]);
        await expect(
          w.settlement
            .connect(await timelockSigner(w))
            .replaceRootByGovernance(D1, fix.root, parseEther("20"), "ipfs://fix"),
        )
          .to.emit(w.settlement, "RootReplacedByGovernance")
          .withArgs(D1, 2n, fix.root, parseEther("20"), fraud.root, "ipfs://fix")
          .and.to.emit(w.settlement, "RootActivated")
          .withArgs(D1, 2n, fix.root, parseEther("20"));
        const s = await w.settlement.rootState(D1);
        expect([s.activeRoot, s.activeEpoch, s.lastEpoch, s.pendingRoot]).to.deep.equal([fix.root, 2n, 2n, ZeroHash]);
        const [pending] = await w.settlement.exposureOf(w.attestor.address);
        expect(pending).to.equal(0n);
        await expect(claimOf(w, fix, D1, w.alice)).to.emit(w.settlement, "Claimed");
      });
    });

    describe("when the total is above accrued or below claimed", function () {
      it("reverts with RootAboveAccrued or TotalBelowClaimed", async function () {
        const w = await world();
        const t = await postActive(w, D1, 1n, [[w.alice.address, parseEther("10")]]);
        await claimOf(w, t, D1, w.alice);
        const gov = await timelockSigner(w);
        await expect(w.settlement.connect(gov).replaceRootByGovernance(D1, id("r"), parseEther("40") + 1n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "RootAboveAccrued")
          .withArgs(D1, parseEther("40") + 1n, parseEther("40"));
        await expect(w.settlement.connect(gov).replaceRootByGovernance(D1, id("r"), parseEther("10") - 1n, "u"))
          .to.be.revertedWithCustomError(w.settlement, "TotalBelowClaimed")
          .withArgs(D1, parseEther("10") - 1n, parseEther("10"));
      });
    });

    describe("when the guardian or a stranger replaces a root", function () {
      it("reverts with AccessManagedUnauthorized", async function () {
        const w = await world();
        for (const caller of [w.deployer, w.stranger]) {
          await expect(w.settlement.connect(caller).replaceRootByGovernance(D1, id("r"), 1n, "u"))
            .to.be.revertedWithCustomError(w.settlement, "AccessManagedUnauthorized")
            .withArgs(caller.address);
        }
      });
    });
  });

  describe("setBondFactor, setActivationBondLock, setMaxGuardianVetoes", function () {
    describe("when governance sets them within bounds", function () {
      it("applies them and emits their events", async function () {
        const w = await world();
        const gov = await timelockSigner(w);
        await expect(w.settlement.connect(gov).setBondFactor(1n)).to.emit(w.settlement, "BondFactorSet").withArgs(1n);
        await expect(w.settlement.connect(gov).setActivationBondLock(MIN_WINDOW))
          .to.emit(w.settlement, "ActivationBondLockSet")
          .withArgs(MIN_WINDOW);
        await expect(w.settlement.connect(gov).setMaxGuardianVetoes(1n))
          .to.emit(w.settlement, "MaxGuardianVetoesSet")
          .withArgs(1n);
        expect([
          await w.settlement.bondFactor(),
          await w.settlement.activationBondLock(),
          await w.settlement.maxGuardianVetoes(),
        ]).to.deep.equal([1n, MIN_WINDOW, 1n]);
        // Factor 1: the bond covers exactly what its roots move.
        await w.settlement.connect(gov).setMinAttestorBond(0n);
        await w.settlement.connect(w.attestor).withdrawBond(BOND - parseEther("10"));
        await expect(w.settlement.connect(w.attestor).postRoot(D1, 1n, id("r"), parseEther("40"), "u"))
          .to.be.revertedWithCustomError(w.settlement, "ExposureAboveCapacity")
          .withArgs(w.attestor.address, parseEther("40"), parseEther("10"));
      });
    });

    describe("when they are out of bounds or set by the guardian", function () {
      it("reverts", async function () {
        const w = await world();
        const gov = await timelockSigner(w);
        await expect(w.settlement.connect(gov).setBondFactor(0n))
          .to.be.revertedWithCustomError(w.settlement, "BondFactorOutOfBounds")
          .withArgs(0n, 1n, 1000n);
        await expect(w.settlement.connect(gov).setMaxGuardianVetoes(101n))
          .to.be.revertedWithCustomError(w.settlement, "VetoLimitOutOfBounds")
          .withArgs(101n, 1n, 100n);
        await expect(w.settlement.connect(gov).setActivationBondLock(MIN_WINDOW - 1n))
          .to.be.revertedWithCustomError(w.settlement, "WindowOutOfBounds")
          .withArgs(MIN_WINDOW - 1n, MIN_WINDOW, 30n * 86400n);
        await expect(w.settlement.connect(w.deployer).setBondFactor(5n))
          .to.be.revertedWithCustomError(w.settlement, "AccessManagedUnauthorized")
          .withArgs(w.deployer.address);
      });
    });
  });
});
