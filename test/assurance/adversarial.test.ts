import { expect } from "chai";
import { Interface, MaxUint256, ZeroHash, id, parseEther } from "ethers";
import type { BaseContract, ErrorDescription, FunctionFragment, InterfaceAbi, ParamType } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { findRevertData } from "../../package/src/errors/index.js";
import { errorInterface } from "../../tasks/lib/index.js";
import { Settlement__factory } from "../../typechain-types/index.js";
import { loadSuite, PARAMS, publishDatanetVersion, timelockSigner } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const BPS = 10_000n;
const BOND = PARAMS.minAttestorBond;
const WINDOW = BigInt(PARAMS.challengeWindow);
/// GovernorCountingSimple.VoteType.For.
const FOR = 1;

/// The OPEN the vault owes, as its books say: pools, model revenue, unclaimed datanet shares, attestor bonds.
async function vaultOwes(s: Suite, attestors: string[]): Promise<bigint> {
  let owed = (await s.settlement.treasuryAccrued()) + (await s.settlement.stakersAccrued());
  for (let m = 1n; m <= (await s.models.modelCount()); m++) owed += await s.settlement.modelRevenue(m);
  for (let d = 1n; d <= (await s.datanets.datanetCount()); d++) {
    owed += (await s.settlement.accrued(d)) - (await s.settlement.rootState(d)).claimed;
  }
  for (const a of attestors) owed += (await s.settlement.bondOf(a)).amount;
  return owed;
}

async function expectVaultBalanced(s: Suite, attestors: string[]): Promise<void> {
  expect(await s.open.balanceOf(await s.settlement.getAddress())).to.equal(await vaultOwes(s, attestors));
}

/// The decoded error of a revert, or null when `call` succeeds.
async function revertOf(call: Promise<unknown>): Promise<ErrorDescription | null> {
  try {
    await call;
    return null;
  } catch (err: unknown) {
    const data = findRevertData(err);
    if (data === undefined) throw err;
    const decoded = errorInterface().parseError(data);
    if (decoded === null) throw new Error(`unknown revert data ${data}`);
    return decoded;
  }
}

const errorName = (data: string): string => errorInterface().parseError(data)?.name ?? data;

describe("Adversarial scenarios", function () {
  describe("a model NFT receiver that re-enters the suite from onERC721Received", function () {
    interface ReentryWorld extends Suite {
      builder: HardhatEthersSigner;
      attestor: HardhatEthersSigner;
      receiver: BaseContract;
      receiverAddress: string;
      revenue: bigint;
    }

    async function reentryWorld(): Promise<ReentryWorld> {
      const s = await loadSuite(connection);
      const [owner, attestor, builder, payer] = s.users;
      await s.datanets.connect(owner).createDatanet("ipfs://datanet", false, 0n, attestor.address);
      await publishDatanetVersion(s, 1n);
      await s.models.connect(builder).registerModel({
        cardURI: "ipfs://card",
        weightsHash: id("weights"),
        weightsURI: "ipfs://weights",
        parentId: 0n,
        datanets: [{ datanetId: 1n, version: 1n, weightBps: 10_000n }],
        price: parseEther("1"),
        ownerBps: 6_000n,
      });
      // Version 2 of the datanet, which the model may move to.
      await publishDatanetVersion(s, 1n);
      await s.open.connect(payer).approve(await s.settlement.getAddress(), MaxUint256);
      await s.settlement.connect(payer).settle(1n, 10n, MaxUint256, id("i"), id("a"));
      const receiver = await (await ethers.getContractFactory("ReentrantModelReceiver")).deploy();
      const receiverAddress = await receiver.getAddress();
      // The receiver holds OPEN and approved the settlement, so that it can also pay for inferences from the hook.
      await s.open.connect(payer).transfer(receiverAddress, parseEther("5"));
      await receiver
        .getFunction("execute")(
          await s.open.getAddress(),
          s.open.interface.encodeFunctionData("approve", [await s.settlement.getAddress(), MaxUint256]),
        )
        .then((tx: { wait(): Promise<unknown> }) => tx.wait());
      const revenue = await s.settlement.modelRevenue(1n);
      return { ...s, builder, attestor, receiver, receiverAddress, revenue };
    }

    describe("when it withdraws, publishes, settles, sends the model back and tries again, all inside the hook", function () {
      it("gets the revenue once, as owner, and loses every right with the token; the books stay exact", async function () {
        const w = await networkHelpers.loadFixture(reentryWorld);
        const settlement = await w.settlement.getAddress();
        const models = await w.models.getAddress();
        const datanets = await w.datanets.getAddress();
        const r = w.receiverAddress;
        const calls: [string, string][] = [
          [settlement, w.settlement.interface.encodeFunctionData("withdrawModelRevenue", [1n, r])],
          [settlement, w.settlement.interface.encodeFunctionData("withdrawModelRevenue", [1n, r])],
          [
            models,
            w.models.interface.encodeFunctionData("publishVersion", [1n, id("hook weights"), "ipfs://hook", [2n]]),
          ],
          // Owning a model trained on the datanet gives no right over the datanet.
          [datanets, w.datanets.interface.encodeFunctionData("publishVersion", [1n, "ipfs://hook"])],
          [settlement, w.settlement.interface.encodeFunctionData("settle", [1n, 1n, MaxUint256, id("h"), id("h")])],
          [
            models,
            w.models.interface.encodeFunctionData("safeTransferFrom(address,address,uint256)", [
              r,
              w.builder.address,
              1n,
            ]),
          ],
          [settlement, w.settlement.interface.encodeFunctionData("withdrawModelRevenue", [1n, r])],
          [models, w.models.interface.encodeFunctionData("setPrice", [1n, 1n])],
          [
            models,
            w.models.interface.encodeFunctionData("safeTransferFrom(address,address,uint256)", [
              w.builder.address,
              r,
              1n,
            ]),
          ],
        ];
        await w.receiver.getFunction("setCalls")(calls.map(([target, data]) => ({ target, data })));
        const feeShare = (parseEther("1") * (BPS - 2_000n) * 6_000n) / BPS / BPS;

        await w.models.connect(w.builder)["safeTransferFrom(address,address,uint256)"](w.builder.address, r, 1n);

        const outcomes = (await w.receiver.getFunction("outcomes")()) as [boolean, string][];
        expect(outcomes.map(([ok, data]) => (ok ? "ok" : errorName(data)))).to.deep.equal([
          "ok",
          "NothingToWithdraw",
          "ok",
          "NotDatanetOwner",
          "ok",
          "ok",
          "NotModelOwner",
          "NotModelOwner",
          "ERC721InsufficientApproval",
        ]);
        expect(await w.models.ownerOf(1n)).to.equal(w.builder.address);
        expect(await w.receiver.getFunction("received")()).to.equal(1n);
        // Paid its revenue once, and paid one inference (1 OPEN) from its own balance.
        expect(await w.open.balanceOf(r)).to.equal(parseEther("5") + w.revenue - parseEther("1"));
        expect((await w.models.model(1n)).versionCount).to.equal(2n);
        // The version published as owner moved the model to version 2 of the datanet; the datanet has no version 3.
        expect((await w.models.trainingSet(1n)).map((t) => [t.datanetId, t.version, t.weightBps])).to.deep.equal([
          [1n, 2n, 10_000n],
        ]);
        expect(await w.datanets.versionCount(1n)).to.equal(2n);
        expect((await w.models.model(1n)).price).to.equal(parseEther("1"));
        // The owner share of the inference settled inside the hook belongs to whoever owns the model now.
        expect(await w.settlement.modelRevenue(1n)).to.equal(feeShare);
        await expect(w.settlement.connect(w.builder).withdrawModelRevenue(1n, w.builder.address))
          .to.emit(w.settlement, "ModelRevenueWithdrawn")
          .withArgs(1n, w.builder.address, w.builder.address, feeShare);
        await expectVaultBalanced(w, [w.attestor.address]);
      });
    });
  });

  describe("an attestor that front-runs the veto of its pending root", function () {
    interface VetoWorld extends Suite {
      owner: HardhatEthersSigner;
      attestor: HardhatEthersSigner;
      successor: HardhatEthersSigner;
      alice: HardhatEthersSigner;
      honest: StandardMerkleTree<[string, bigint]>;
      readyAt: bigint;
    }

    /// Datanet 1 accrued 80 OPEN; the honest root of epoch 1 (alice 30, the owner 10) is active; the attestor then
    /// posts a fraudulent root of epoch 2 that gives itself the whole pool.
    async function vetoWorld(): Promise<VetoWorld> {
      const s = await loadSuite(connection);
      const [owner, attestor, successor, alice, builder, payer] = s.users;
      await s.datanets.connect(owner).createDatanet("ipfs://datanet", false, 0n, attestor.address);
      await publishDatanetVersion(s, 1n);
      await s.models.connect(builder).registerModel({
        cardURI: "ipfs://card",
        weightsHash: id("weights"),
        weightsURI: "ipfs://weights",
        parentId: 0n,
        datanets: [{ datanetId: 1n, version: 1n, weightBps: 10_000n }],
        price: parseEther("1"),
        ownerBps: 0n,
      });
      const settlement = await s.settlement.getAddress();
      await s.open.connect(payer).approve(settlement, MaxUint256);
      await s.settlement.connect(payer).settle(1n, 100n, MaxUint256, id("i"), id("a"));
      for (const a of [attestor, successor]) {
        await s.open.connect(a).approve(settlement, MaxUint256);
        await s.settlement.connect(a).depositBond(BOND);
      }
      const honest = StandardMerkleTree.of<[string, bigint]>(
        [
          [alice.address, parseEther("30")],
          [owner.address, parseEther("10")],
        ],
        ["address", "uint256"],
      );
      await s.settlement.connect(attestor).postRoot(1n, 1n, honest.root, parseEther("40"), "ipfs://honest");
      await time.increase(WINDOW);
      await s.settlement.activateRoot(1n);
      const fraud = StandardMerkleTree.of<[string, bigint]>(
        [
          [attestor.address, parseEther("80")],
          [alice.address, parseEther("0")],
        ],
        ["address", "uint256"],
      );
      await s.settlement.connect(attestor).postRoot(1n, 2n, fraud.root, parseEther("80"), "ipfs://fraud");
      const readyAt = (await s.settlement.rootState(1n)).pendingReadyAt;
      return { ...s, owner, attestor, successor, alice, honest, readyAt };
    }

    describe("when it posts again, activates early, or withdraws its bond before the veto lands", function () {
      it("is refused each time, and the veto keeps the honest root claimable", async function () {
        const w = await networkHelpers.loadFixture(vetoWorld);
        const replacement = id("another root");

        await expect(w.settlement.connect(w.attestor).postRoot(1n, 3n, replacement, parseEther("40"), "ipfs://again"))
          .to.be.revertedWithCustomError(w.settlement, "RootPending")
          .withArgs(1n, 2n, w.readyAt);
        await expect(w.settlement.connect(w.attestor).activateRoot(1n))
          .to.be.revertedWithCustomError(w.settlement, "NoRootReady")
          .withArgs(1n, w.readyAt);
        // The bond backs the pending fraud (all it can move: its 80, nothing claimed) and the honest root activated
        // within the lock (40).
        await expect(w.settlement.connect(w.attestor).withdrawBond(BOND))
          .to.be.revertedWithCustomError(w.settlement, "BondBelowExposure")
          .withArgs(w.attestor.address, 0n, parseEther("120"));

        await expect(w.settlement.connect(w.deployer).vetoRoot(1n, 2n)).to.emit(w.settlement, "RootVetoed");

        const state = await w.settlement.rootState(1n);
        expect([state.activeRoot, state.activeEpoch, state.pendingRoot]).to.deep.equal([w.honest.root, 1n, ZeroHash]);
        await time.increase(WINDOW);
        await expect(w.settlement.activateRoot(1n))
          .to.be.revertedWithCustomError(w.settlement, "NoRootReady")
          .withArgs(1n, 0n);
        const [i] = [...w.honest.entries()].find(([, [a]]) => a === w.alice.address)!;
        await expect(w.settlement.claim(1n, w.alice.address, parseEther("30"), w.honest.getProof(i)))
          .to.emit(w.settlement, "Claimed")
          .withArgs(1n, w.alice.address, parseEther("30"));
        await expectVaultBalanced(w, [w.attestor.address, w.successor.address]);
      });
    });

    describe("when the datanet's owner names another attestor to post over it", function () {
      it("refuses the new attestor's post with RootPending too", async function () {
        const w = await networkHelpers.loadFixture(vetoWorld);
        await w.datanets.connect(w.owner).setAttestor(1n, w.successor.address);

        await expect(
          w.settlement.connect(w.successor).postRoot(1n, 3n, id("successor root"), parseEther("40"), "ipfs://s"),
        )
          .to.be.revertedWithCustomError(w.settlement, "RootPending")
          .withArgs(1n, 2n, w.readyAt);
        await expect(w.settlement.connect(w.attestor).postRoot(1n, 3n, id("old root"), parseEther("40"), "ipfs://o"))
          .to.be.revertedWithCustomError(w.settlement, "NotAttestor")
          .withArgs(1n, w.attestor.address, w.successor.address);
      });
    });
  });

  describe("a lineage at the depth limit", function () {
    interface Expected {
      models: bigint[];
      datanets: bigint[];
      protocol: bigint;
      stakers: bigint;
    }

    /// The split of `fee` down a chain (index 0 the root model), as DESIGN.md's money flow defines it.
    function expectedSplit(fee: bigint, ownerBps: bigint[], lineageBps: bigint): Expected {
      const protocol = (fee * BigInt(PARAMS.protocolBps)) / BPS;
      const stakers = (fee * BigInt(PARAMS.stakersBps)) / BPS;
      const n = ownerBps.length;
      const models = new Array<bigint>(n).fill(0n);
      const datanets = new Array<bigint>(n).fill(0n);
      let amount = fee - protocol - stakers;
      for (let level = n - 1; level >= 0; level--) {
        const owner = (amount * ownerBps[level]) / BPS;
        const royalty = level > 0 ? (owner * lineageBps) / BPS : 0n;
        models[level] = owner - royalty;
        datanets[level] = amount - owner;
        if (royalty === 0n) break;
        amount = royalty;
      }
      return { models, datanets, protocol, stakers };
    }

    /// Registers a chain of `depth + 1` models, each trained on version 1 of its own datanet, each the parent of the
    /// next.
    async function chain(s: Suite, depth: number, ownerBps: bigint[]): Promise<bigint[]> {
      const [curator, builder] = s.users;
      const ids: bigint[] = [];
      for (let level = 0; level <= depth; level++) {
        await s.datanets.connect(curator).createDatanet(`ipfs://datanet-${level}`, false, 0n, curator.address);
        const datanetId = await s.datanets.datanetCount();
        const version = await publishDatanetVersion(s, datanetId);
        await s.models.connect(builder).registerModel({
          cardURI: "ipfs://card",
          weightsHash: id(`weights-${level}`),
          weightsURI: "ipfs://weights",
          parentId: level === 0 ? 0n : ids[level - 1],
          datanets: [{ datanetId, version, weightBps: 10_000n }],
          price: parseEther("3.33"),
          ownerBps: ownerBps[level],
        });
        ids.push(await s.models.modelCount());
      }
      return ids;
    }

    for (const [limit, lineageBps, how] of [
      [PARAMS.maxLineageDepth, BigInt(PARAMS.lineageBps), "as deployed"],
      [8, 5_000n, "at LINEAGE_DEPTH_CAP, set by governance"],
    ] as const) {
      describe(`when the limit is ${limit} (${how})`, function () {
        it("settles the deepest model with a royalty for every ancestor and parts that add up to the fee", async function () {
          const s = await loadSuite(connection);
          if (limit !== PARAMS.maxLineageDepth) {
            const timelock = await timelockSigner(s);
            await s.models.connect(timelock).setMaxLineageDepth(limit);
            await s.settlement.connect(timelock).setLineageBps(lineageBps);
          }
          const ownerBps = Array.from({ length: limit + 1 }, (_, i) => 7_000n - BigInt(i) * 311n);
          const ids = await chain(s, limit, ownerBps);
          const payer = s.users[2];
          const fee = parseEther("3.33") * 7n;
          await s.open.connect(payer).approve(await s.settlement.getAddress(), fee);

          await s.settlement.connect(payer).settle(ids[limit], 7n, fee, id("deep"), id("deep"));

          const expected = expectedSplit(fee, ownerBps, lineageBps);
          const models = await Promise.all(ids.map((m) => s.settlement.modelRevenue(m)));
          const datanets = await Promise.all(ids.map((_, i) => s.settlement.accrued(BigInt(i + 1))));
          expect(models).to.deep.equal(expected.models);
          expect(datanets).to.deep.equal(expected.datanets);
          expect(models.every((amount) => amount > 0n)).to.equal(true);
          const total =
            (await s.settlement.treasuryAccrued()) +
            (await s.settlement.stakersAccrued()) +
            models.reduce((a, b) => a + b, 0n) +
            datanets.reduce((a, b) => a + b, 0n);
          expect(total).to.equal(fee);
          await expect(
            s.models.connect(s.users[1]).registerModel({
              cardURI: "ipfs://card",
              weightsHash: id("too deep"),
              weightsURI: "ipfs://weights",
              parentId: ids[limit],
              datanets: [{ datanetId: 1n, version: 1n, weightBps: 10_000n }],
              price: 1n,
              ownerBps: 0n,
            }),
          )
            .to.be.revertedWithCustomError(s.models, "LineageTooDeep")
            .withArgs(limit + 1, limit);
        });
      });
    }
  });

  describe("a proposal that calls a restricted setter from the Governor instead of the Timelock", function () {
    /// Passes `calls` through propose → vote → queue, with users[0]'s 100,000 gOPEN for it.
    async function passAndQueue(s: Suite, targets: string[], calldatas: string[], description: string) {
      const [voter] = s.users;
      const values = targets.map(() => 0n);
      await s.governor.connect(voter).propose(targets, values, calldatas, description);
      const proposalId = await s.governor.hashProposal(targets, values, calldatas, id(description));
      await time.increase(PARAMS.votingDelay + 1);
      await s.governor.connect(voter).castVote(proposalId, FOR);
      await time.increaseTo((await s.governor.proposalDeadline(proposalId)) + 1n);
      await s.governor.queue(targets, values, calldatas, id(description));
      await time.increase(PARAMS.timelockDelay);
      return () => s.governor.execute(targets, values, calldatas, id(description));
    }

    describe("when it passes and is executed", function () {
      it("fails with AccessManagedUnauthorized(Governor): only the Timelock holds the role, as the same call through it shows", async function () {
        const s = await loadSuite(connection);
        const [voter] = s.users;
        await s.open.connect(voter).approve(await s.gopen.getAddress(), parseEther("100000"));
        await s.gopen.connect(voter).stake(parseEther("100000"));
        await s.gopen.connect(voter).delegate(voter.address);
        const settlement = await s.settlement.getAddress();
        const governor = await s.governor.getAddress();
        const setter = s.settlement.interface.encodeFunctionData("setFeeShares", [0n, 0n]);
        const relayed = s.governor.interface.encodeFunctionData("relay", [settlement, 0n, setter]);

        const viaGovernor = await passAndQueue(s, [governor], [relayed], "Set the fee shares from the Governor");
        await expect(viaGovernor())
          .to.be.revertedWithCustomError(s.settlement, "AccessManagedUnauthorized")
          .withArgs(governor);
        expect([await s.settlement.protocolBps(), await s.settlement.stakersBps()]).to.deep.equal([
          BigInt(PARAMS.protocolBps),
          BigInt(PARAMS.stakersBps),
        ]);
        expect(await s.accessManager.canCall(governor, settlement, setter.slice(0, 10))).to.deep.equal([false, 0n]);

        const viaTimelock = await passAndQueue(s, [settlement], [setter], "Set the fee shares from the Timelock");
        await expect(viaTimelock()).to.emit(s.settlement, "FeeSharesSet").withArgs(0n, 0n);
      });
    });
  });

  describe("the guardian", function () {
    interface GuardianWorld extends Suite {
      attestor: HardhatEthersSigner;
      alice: HardhatEthersSigner;
      tree: StandardMerkleTree<[string, bigint]>;
    }

    /// Every pool holds credit: fees settled (treasury, stakers, model revenue, datanet pool), a bonded attestor, an
    /// active root with alice's claim, and a pending root of epoch 2 inside its window.
    async function guardianWorld(): Promise<GuardianWorld> {
      const s = await loadSuite(connection);
      const [owner, attestor, alice, builder, payer] = s.users;
      await s.datanets.connect(owner).createDatanet("ipfs://datanet", false, 0n, attestor.address);
      await publishDatanetVersion(s, 1n);
      await s.models.connect(builder).registerModel({
        cardURI: "ipfs://card",
        weightsHash: id("weights"),
        weightsURI: "ipfs://weights",
        parentId: 0n,
        datanets: [{ datanetId: 1n, version: 1n, weightBps: 10_000n }],
        price: parseEther("1"),
        ownerBps: 5_000n,
      });
      const settlement = await s.settlement.getAddress();
      await s.open.connect(payer).approve(settlement, MaxUint256);
      await s.settlement.connect(payer).settle(1n, 100n, MaxUint256, id("i"), id("a"));
      await s.open.connect(attestor).approve(settlement, MaxUint256);
      await s.settlement.connect(attestor).depositBond(BOND);
      const tree = StandardMerkleTree.of<[string, bigint]>(
        [
          [alice.address, parseEther("10")],
          [owner.address, parseEther("5")],
        ],
        ["address", "uint256"],
      );
      await s.settlement.connect(attestor).postRoot(1n, 1n, tree.root, parseEther("15"), "ipfs://1");
      await time.increase(WINDOW);
      await s.settlement.connect(attestor).postRoot(1n, 2n, tree.root, parseEther("15"), "ipfs://2");
      return { ...s, attestor, alice, tree };
    }

    /// A plausible argument for the guardian: ids that exist, the guardian itself as every address (recipient,
    /// account, attestor), and alice's real proof where a proof is asked for.
    function plausible(param: ParamType, guardian: string, proof: string[]): unknown {
      if (param.isArray()) {
        if (param.arrayChildren.baseType === "bytes32") return proof;
        return [plausible(param.arrayChildren, guardian, proof)];
      }
      if (param.isTuple()) return param.components.map((c) => plausible(c, guardian, proof));
      if (param.baseType === "address") return guardian;
      if (param.baseType === "bool") return true;
      if (param.baseType === "string") return "x";
      if (param.baseType.startsWith("bytes")) return id("x");
      if (param.name === "cumulativeAmount") return parseEther("10");
      return 1n;
    }

    async function parameters(s: Suite): Promise<bigint[]> {
      return [
        await s.settlement.protocolBps(),
        await s.settlement.stakersBps(),
        await s.settlement.lineageBps(),
        await s.settlement.challengeWindow(),
        await s.settlement.vetoBondLock(),
        await s.settlement.minAttestorBond(),
        await s.settlement.bondFactor(),
        await s.settlement.activationBondLock(),
        await s.settlement.maxGuardianVetoes(),
      ];
    }

    const EMERGENCY = new Set(["pause()", "unpause()", "vetoRoot(uint256,uint256)"]);

    describe("when it calls every state-changing function of Settlement (and AttributionEpochs)", function () {
      it("is refused every restricted one but pause, unpause and vetoRoot, and never receives a unit nor changes a parameter", async function () {
        const fragments: FunctionFragment[] = [];
        new Interface(Settlement__factory.abi as InterfaceAbi).forEachFunction((f) => {
          if (!f.constant) fragments.push(f);
        });
        const results: string[] = [];
        for (const fragment of fragments) {
          const w = await networkHelpers.loadFixture(guardianWorld);
          const guardian = w.deployer.address;
          const [i] = [...w.tree.entries()].find(([, [a]]) => a === w.alice.address)!;
          const args = fragment.inputs.map((p) => plausible(p, guardian, w.tree.getProof(i)));
          const paramsBefore = await parameters(w);
          const balanceBefore = await w.open.balanceOf(guardian);
          const vaultBefore = await vaultOwes(w, [w.attestor.address]);

          const error = await revertOf(w.settlement.connect(w.deployer).getFunction(fragment)(...args));

          const sig = fragment.format("sighash");
          expect(await w.open.balanceOf(guardian), sig).to.be.lte(balanceBefore);
          expect(await parameters(w), sig).to.deep.equal(paramsBefore);
          if (error?.name === "AccessManagedUnauthorized") {
            expect(EMERGENCY.has(sig), sig).to.equal(false);
            expect(error.args[0], sig).to.equal(guardian);
          } else if (!EMERGENCY.has(sig)) {
            // Not restricted: it moves nothing of the vault's to the guardian (the checks above), and what it pays
            // out goes to the treasury, gOPEN or the proven account.
            expect(await vaultOwes(w, [w.attestor.address]), sig).to.be.lte(vaultBefore);
          }
          results.push(`${sig}: ${error === null ? "ok" : error.name}`);
        }
        expect(results).to.include.members([
          "setFeeShares(uint256,uint256): AccessManagedUnauthorized",
          "setLineageBps(uint256): AccessManagedUnauthorized",
          "setChallengeWindow(uint256): AccessManagedUnauthorized",
          "setVetoBondLock(uint256): AccessManagedUnauthorized",
          "setMinAttestorBond(uint256): AccessManagedUnauthorized",
          "slashBond(address,uint256): AccessManagedUnauthorized",
          "setAuthority(address): AccessManagedUnauthorized",
          "withdrawModelRevenue(uint256,address): NotModelOwner",
          "withdrawBond(uint256): InsufficientBond",
          "claim(uint256,address,uint256,bytes32[]): InvalidProof",
          "postRoot(uint256,uint256,bytes32,uint256,string): NotAttestor",
          "pause(): ok",
        ]);
      });
    });

    describe("when it uses its emergency functions", function () {
      it("pauses and unpauses settlement and vetoes the pending root, and claims still pay while paused", async function () {
        const w = await networkHelpers.loadFixture(guardianWorld);
        await expect(w.settlement.connect(w.deployer).pause()).to.emit(w.settlement, "Paused");
        await expect(w.settlement.connect(w.deployer).vetoRoot(1n, 2n)).to.emit(w.settlement, "RootVetoed");
        const [i] = [...w.tree.entries()].find(([, [a]]) => a === w.alice.address)!;
        await expect(w.settlement.claim(1n, w.alice.address, parseEther("10"), w.tree.getProof(i))).to.emit(
          w.settlement,
          "Claimed",
        );
        await expect(w.settlement.connect(w.deployer).unpause()).to.emit(w.settlement, "Unpaused");
        await expectVaultBalanced(w, [w.attestor.address]);
      });
    });
  });
});
