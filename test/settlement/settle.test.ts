import { expect } from "chai";
import { MaxUint256, Signature, ZeroAddress, id, parseEther, verifyTypedData } from "ethers";
import type { TypedDataDomain } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { shouldBehaveLikePausable, shouldBehaveLikeRestrictedSetter } from "../helpers/behaviours/index.js";
import { loadSuite, publishDatanetVersion, timelockSigner } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";
import type { ISettlement, PermitLib } from "../../typechain-types/settlement/Settlement.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const BPS = 10_000n;
const MODEL_IDS = [1n, 2n, 3n] as const;
const DATANET_IDS = [1n, 2n, 3n] as const;

/// Model 1: no parent, one datanet. Model 2: child of model 1, two datanets. Model 3: no parent, three datanets.
const ROOT = 1n;
const CHILD = 2n;
const WIDE = 3n;
const ROOT_PRICE = parseEther("1");
const CHILD_PRICE = 333_333_333_333_333_333n;
const WIDE_PRICE = 1n;

interface World extends Suite {
  curator: HardhatEthersSigner;
  attestor: HardhatEthersSigner;
  rootOwner: HardhatEthersSigner;
  childOwner: HardhatEthersSigner;
  payer: HardhatEthersSigner;
  /// Holds OPEN but never approved the settlement: pays by permit.
  permitPayer: HardhatEthersSigner;
  settlementAddress: string;
  treasury: string;
}

async function settlementWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [curator, attestor, alice, bob, rootOwner, childOwner, payer, permitPayer] = s.users;
  for (const uri of ["ipfs://dn1", "ipfs://dn2", "ipfs://dn3"]) {
    await s.datanets.connect(curator).createDatanet(uri, false, 0n, attestor.address);
  }
  await s.datanets.connect(alice).contribute(1n, id("alice-record"), "ipfs://alice");
  await s.datanets.connect(bob).contribute(1n, id("bob-record"), "ipfs://bob");
  // Version 1 of each datanet; the root trains on version 1 of datanet 1, the others on its version 2.
  for (const datanetId of DATANET_IDS) await publishDatanetVersion(s, datanetId);
  const register = async (
    owner: HardhatEthersSigner,
    parentId: bigint,
    datanets: [bigint, bigint, bigint][],
    price: bigint,
    ownerBps: bigint,
  ) =>
    s.models.connect(owner).registerModel({
      cardURI: "ipfs://card",
      weightsHash: id(`weights-${parentId}-${price}`),
      weightsURI: "ipfs://weights",
      parentId,
      datanets: datanets.map(([datanetId, version, weightBps]) => ({ datanetId, version, weightBps })),
      price,
      ownerBps,
    });
  await register(rootOwner, 0n, [[1n, 1n, 10_000n]], ROOT_PRICE, 5_000n);
  await publishDatanetVersion(s, 1n, bob);
  await register(
    childOwner,
    ROOT,
    [
      [1n, 2n, 6_000n],
      [2n, 1n, 4_000n],
    ],
    CHILD_PRICE,
    7_000n,
  );
  await register(
    rootOwner,
    0n,
    [
      [1n, 2n, 3_333n],
      [2n, 1n, 3_333n],
      [3n, 1n, 3_334n],
    ],
    WIDE_PRICE,
    2_000n,
  );
  await s.open.connect(payer).approve(await s.settlement.getAddress(), MaxUint256);
  return {
    ...s,
    curator,
    attestor,
    rootOwner,
    childOwner,
    payer,
    permitPayer,
    settlementAddress: await s.settlement.getAddress(),
    treasury: await s.timelock.getAddress(),
  };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(settlementWorld);

/// Credits of the settlement, as read from the contract, or as computed independently by `expectedSplit`.
interface Credits {
  treasury: bigint;
  stakers: bigint;
  models: Map<bigint, bigint>;
  datanets: Map<bigint, bigint>;
}

const add = (m: Map<bigint, bigint>, key: bigint, value: bigint): void => {
  m.set(key, (m.get(key) ?? 0n) + value);
};

async function readCredits(w: World): Promise<Credits> {
  const c: Credits = {
    treasury: await w.settlement.treasuryAccrued(),
    stakers: await w.settlement.stakersAccrued(),
    models: new Map(),
    datanets: new Map(),
  };
  for (const m of MODEL_IDS) c.models.set(m, await w.settlement.modelRevenue(m));
  for (const d of DATANET_IDS) c.datanets.set(d, await w.settlement.accrued(d));
  return c;
}

function diff(after: Credits, before: Credits): Credits {
  const d: Credits = {
    treasury: after.treasury - before.treasury,
    stakers: after.stakers - before.stakers,
    models: new Map(),
    datanets: new Map(),
  };
  for (const m of MODEL_IDS) d.models.set(m, (after.models.get(m) ?? 0n) - (before.models.get(m) ?? 0n));
  for (const n of DATANET_IDS) d.datanets.set(n, (after.datanets.get(n) ?? 0n) - (before.datanets.get(n) ?? 0n));
  return d;
}

function sum(parts: Credits[]): Credits {
  const total: Credits = { treasury: 0n, stakers: 0n, models: new Map(), datanets: new Map() };
  for (const p of parts) {
    total.treasury += p.treasury;
    total.stakers += p.stakers;
    for (const [k, v] of p.models) add(total.models, k, v);
    for (const [k, v] of p.datanets) add(total.datanets, k, v);
  }
  return total;
}

function totalOf(c: Credits): bigint {
  let t = c.treasury + c.stakers;
  for (const v of c.models.values()) t += v;
  for (const v of c.datanets.values()) t += v;
  return t;
}

/// One datanet credit of a split, as `previewSplit` lists them: the datanet, the model of the lineage level that
/// credits it, and the datanet version that model trains on.
interface DatanetCredit {
  id: bigint;
  modelId: bigint;
  version: bigint;
  amount: bigint;
}

/// The split a fee should make: the credits, and the datanet credits in order, one lineage level after another.
interface ExpectedSplit extends Credits {
  datanetCredits: DatanetCredit[];
}

function expectCredits(actual: Credits, expected: Credits): void {
  expect(actual.treasury, "treasury").to.equal(expected.treasury);
  expect(actual.stakers, "stakers").to.equal(expected.stakers);
  for (const m of MODEL_IDS) expect(actual.models.get(m) ?? 0n, `model ${m}`).to.equal(expected.models.get(m) ?? 0n);
  for (const d of DATANET_IDS) {
    expect(actual.datanets.get(d) ?? 0n, `datanet ${d}`).to.equal(expected.datanets.get(d) ?? 0n);
  }
}

/// The split of `fee` paid for `modelId`, computed from the registry's public view of the models and the shares,
/// following the documented money flow: every last part takes the remainder.
async function expectedSplit(w: World, modelId: bigint, fee: bigint): Promise<ExpectedSplit> {
  const protocolBps = await w.settlement.protocolBps();
  const stakersBps = await w.settlement.stakersBps();
  const lineageBps = await w.settlement.lineageBps();
  const maxOwnerBps = BPS - (await w.models.minDataBps());
  const c: ExpectedSplit = {
    treasury: (fee * protocolBps) / BPS,
    stakers: (fee * stakersBps) / BPS,
    models: new Map(),
    datanets: new Map(),
    datanetCredits: [],
  };
  let amount = fee - c.treasury - c.stakers;
  let current = modelId;
  for (;;) {
    const m = await w.models.model(current);
    const ownerBps = m.ownerBps < maxOwnerBps ? m.ownerBps : maxOwnerBps;
    const ownerShare = (amount * ownerBps) / BPS;
    const royalty = m.parentId !== 0n ? (ownerShare * lineageBps) / BPS : 0n;
    add(c.models, current, ownerShare - royalty);
    const data = amount - ownerShare;
    let left = data;
    m.datanets.forEach((t, i) => {
      const part = i + 1 === m.datanets.length ? left : (data * t.weightBps) / BPS;
      left -= part;
      add(c.datanets, t.datanetId, part);
      c.datanetCredits.push({ id: t.datanetId, modelId: current, version: t.version, amount: part });
    });
    if (royalty === 0n) break;
    current = m.parentId;
    amount = royalty;
  }
  return c;
}

function previewCredits(p: ISettlement.SplitPreviewStructOutput): Credits {
  const c: Credits = { treasury: p.protocol, stakers: p.stakers, models: new Map(), datanets: new Map() };
  for (const m of p.models) add(c.models, m.id, m.amount);
  for (const d of p.datanets) add(c.datanets, d.id, d.amount);
  return c;
}

/// The datanet credits of a preview, in its order.
function previewDatanetCredits(p: ISettlement.SplitPreviewStructOutput): DatanetCredit[] {
  return p.datanets.map((d) => ({ id: d.id, modelId: d.modelId, version: d.version, amount: d.amount }));
}

/// A preview makes the expected split: the same credits, and each datanet credit names the model of its lineage
/// level and the datanet version that model trains on.
function expectPreview(p: ISettlement.SplitPreviewStructOutput, expected: ExpectedSplit): void {
  expectCredits(previewCredits(p), expected);
  expect(previewDatanetCredits(p), "datanet credits").to.deep.equal(expected.datanetCredits);
}

function inference(modelId: bigint, units: bigint, maxFee: bigint, tag: string): ISettlement.InferenceStruct {
  return { modelId, units, maxFee, inferenceId: id(`inference-${tag}`), attributionHash: id(`attribution-${tag}`) };
}

async function signPermit(
  w: World,
  owner: HardhatEthersSigner,
  value: bigint,
  deadline: bigint,
): Promise<{ permit: PermitLib.PermitStruct; domain: TypedDataDomain; nonce: bigint }> {
  const [, name, version, chainId, verifyingContract] = await w.open.eip712Domain();
  const domain: TypedDataDomain = { name, version, chainId, verifyingContract };
  const nonce = await w.open.nonces(owner.address);
  const sig = Signature.from(
    await owner.signTypedData(domain, PERMIT_TYPES, {
      owner: owner.address,
      spender: w.settlementAddress,
      value,
      nonce,
      deadline,
    }),
  );
  return { permit: { deadline, v: sig.v, r: sig.r, s: sig.s }, domain, nonce };
}

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

describe("Settlement", function () {
  describe("settle", function () {
    describe("when a model without parent is settled", function () {
      it("credits the exact split and matches previewSplit", async function () {
        const w = await world();
        const fee = ROOT_PRICE * 3n;
        const expected = await expectedSplit(w, ROOT, fee);
        const before = await readCredits(w);

        await w.settlement.connect(w.payer).settle(ROOT, 3n, fee, id("i1"), id("a1"));

        const actual = diff(await readCredits(w), before);
        expectCredits(actual, expected);
        const preview = await w.settlement.previewSplit(ROOT, fee);
        expectPreview(preview, expected);
        expect(previewDatanetCredits(preview)).to.deep.equal([
          { id: 1n, modelId: ROOT, version: 1n, amount: parseEther("1.2") },
        ]);
        expect(totalOf(actual)).to.equal(fee);
        // 5% protocol, 15% stakers, then half of the rest to the owner and half to datanet 1.
        expect(actual.treasury).to.equal(parseEther("0.15"));
        expect(actual.stakers).to.equal(parseEther("0.45"));
        expect(actual.models.get(ROOT)).to.equal(parseEther("1.2"));
        expect(actual.datanets.get(1n)).to.equal(parseEther("1.2"));
      });

      it("takes the fee from the payer", async function () {
        const w = await world();
        await expect(
          w.settlement.connect(w.payer).settle(ROOT, 2n, MaxUint256, id("i"), id("a")),
        ).to.changeTokenBalances(ethers, w.open, [w.payer, w.settlementAddress], [-2n * ROOT_PRICE, 2n * ROOT_PRICE]);
      });

      it("emits InferenceSettled and returns the fee", async function () {
        const w = await world();
        const fee = await w.settlement.connect(w.payer).settle.staticCall(ROOT, 2n, MaxUint256, id("i"), id("a"));
        expect(fee).to.equal(2n * ROOT_PRICE);
        await expect(w.settlement.connect(w.payer).settle(ROOT, 2n, MaxUint256, id("i"), id("a")))
          .to.emit(w.settlement, "InferenceSettled")
          .withArgs(id("i"), ROOT, w.payer.address, 2n * ROOT_PRICE, id("a"));
      });
    });

    describe("when the model has a parent", function () {
      it("settles the lineage royalty as revenue of the parent, split again by the parent's terms", async function () {
        const w = await world();
        const fee = CHILD_PRICE * 7n;
        const expected = await expectedSplit(w, CHILD, fee);
        const before = await readCredits(w);

        await w.settlement.connect(w.payer).settle(CHILD, 7n, fee, id("i"), id("a"));

        const actual = diff(await readCredits(w), before);
        expectCredits(actual, expected);
        const preview = await w.settlement.previewSplit(CHILD, fee);
        expectPreview(preview, expected);
        // The child's level credits its datanets at the versions it trains on, then the parent's level its own.
        expect(previewDatanetCredits(preview).map(({ id, modelId, version }) => [id, modelId, version])).to.deep.equal([
          [1n, CHILD, 2n],
          [2n, CHILD, 1n],
          [1n, ROOT, 1n],
        ]);
        expect(totalOf(actual)).to.equal(fee);
        // The parent's revenue is exactly half (its ownerBps) of 10% (lineageBps) of the child's owner share.
        const rest = fee - (fee * 500n) / BPS - (fee * 1_500n) / BPS;
        const royalty = (((rest * 7_000n) / BPS) * 1_000n) / BPS;
        expect(actual.models.get(ROOT)).to.equal((royalty * 5_000n) / BPS);
        expect(actual.models.get(CHILD)).to.equal((rest * 7_000n) / BPS - royalty);
      });

      it("still pays the royalty to a deprecated parent", async function () {
        const w = await world();
        await w.models.connect(w.rootOwner).deprecate(ROOT);
        const before = await w.settlement.modelRevenue(ROOT);

        await w.settlement.connect(w.payer).settle(CHILD, 1n, MaxUint256, id("i"), id("a"));

        const expected = await expectedSplit(w, CHILD, CHILD_PRICE);
        expect((await w.settlement.modelRevenue(ROOT)) - before).to.equal(expected.models.get(ROOT));
        expect(expected.models.get(ROOT)).to.be.greaterThan(0n);
      });
    });

    describe("when the model trains on several datanets", function () {
      it("splits the data share by weight and gives the remainder to the last datanet", async function () {
        const w = await world();
        const units = 9_999n;
        const fee = WIDE_PRICE * units;
        const before = await readCredits(w);

        await w.settlement.connect(w.payer).settle(WIDE, units, fee, id("i"), id("a"));

        const actual = diff(await readCredits(w), before);
        expectCredits(actual, await expectedSplit(w, WIDE, fee));
        expect(totalOf(actual)).to.equal(fee);
        // fee 9,999: protocol 499, stakers 1,499, rest 8,001; owner 1,600; data 6,401 = 2,133 + 2,133 + 2,135.
        expect(actual.treasury).to.equal(499n);
        expect(actual.stakers).to.equal(1_499n);
        expect(actual.models.get(WIDE)).to.equal(1_600n);
        expect(actual.datanets.get(1n)).to.equal(2_133n);
        expect(actual.datanets.get(2n)).to.equal(2_133n);
        expect(actual.datanets.get(3n)).to.equal(2_135n);
      });
    });

    describe("when the fee is dust", function () {
      it("gives the single unit to the last datanet", async function () {
        const w = await world();
        const before = await readCredits(w);

        await w.settlement.connect(w.payer).settle(WIDE, 1n, 1n, id("i"), id("a"));

        const actual = diff(await readCredits(w), before);
        expect(totalOf(actual)).to.equal(1n);
        expect(actual.datanets.get(3n)).to.equal(1n);
      });
    });

    describe("when governance raised the floor on the data share", function () {
      it("holds the owner share to the new floor", async function () {
        const w = await world();
        await w.settlement.connect(await timelockSigner(w)).setMinDataBps(6_000n);
        const fee = ROOT_PRICE;
        const before = await readCredits(w);

        await w.settlement.connect(w.payer).settle(ROOT, 1n, fee, id("i"), id("a"));

        const actual = diff(await readCredits(w), before);
        const rest = fee - (fee * 2_000n) / BPS;
        expect(actual.models.get(ROOT)).to.equal((rest * 4_000n) / BPS);
        expect(actual.datanets.get(1n)).to.equal(rest - (rest * 4_000n) / BPS);
      });
    });

    describe("when the fee exceeds the payer's cap", function () {
      it("reverts with FeeAboveCap(fee, cap)", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.payer).settle(ROOT, 2n, 2n * ROOT_PRICE - 1n, id("i"), id("a")))
          .to.be.revertedWithCustomError(w.settlement, "FeeAboveCap")
          .withArgs(2n * ROOT_PRICE, 2n * ROOT_PRICE - 1n);
      });
    });

    describe("when zero units are settled", function () {
      it("reverts with ZeroUnits", async function () {
        const w = await world();
        await expect(
          w.settlement.connect(w.payer).settle(ROOT, 0n, MaxUint256, id("i"), id("a")),
        ).to.be.revertedWithCustomError(w.settlement, "ZeroUnits");
      });
    });

    describe("when the model is suspended by governance", function () {
      it("reverts with the registry's ModelIsSuspended", async function () {
        const w = await world();
        await w.models.connect(await timelockSigner(w)).setSuspended(ROOT, true);
        await expect(w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i"), id("a")))
          .to.be.revertedWithCustomError(w.models, "ModelIsSuspended")
          .withArgs(ROOT);
      });
    });

    describe("when the model is deprecated", function () {
      it("reverts with the registry's ModelIsDeprecated", async function () {
        const w = await world();
        await w.models.connect(w.rootOwner).deprecate(ROOT);
        await expect(w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i"), id("a")))
          .to.be.revertedWithCustomError(w.models, "ModelIsDeprecated")
          .withArgs(ROOT);
      });
    });

    describe("when the model does not exist", function () {
      it("reverts with the registry's UnknownModel", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.payer).settle(99n, 1n, MaxUint256, id("i"), id("a")))
          .to.be.revertedWithCustomError(w.models, "UnknownModel")
          .withArgs(99n);
      });
    });

    describe("when the payer has not approved the fee", function () {
      it("reverts with the token's ERC20InsufficientAllowance", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.permitPayer).settle(ROOT, 1n, MaxUint256, id("i"), id("a")))
          .to.be.revertedWithCustomError(w.open, "ERC20InsufficientAllowance")
          .withArgs(w.settlementAddress, 0n, ROOT_PRICE);
      });
    });
  });

  describe("settleBatch", function () {
    describe("when the batch mixes models", function () {
      it("credits the sum of the single splits with one token transfer", async function () {
        const w = await world();
        const batch = [
          inference(ROOT, 2n, MaxUint256, "b0"),
          inference(ROOT, 1n, MaxUint256, "b1"),
          inference(CHILD, 5n, MaxUint256, "b2"),
          inference(WIDE, 777n, MaxUint256, "b3"),
          inference(ROOT, 4n, MaxUint256, "b4"),
        ];
        const fees = [2n * ROOT_PRICE, ROOT_PRICE, 5n * CHILD_PRICE, 777n, 4n * ROOT_PRICE];
        const total = fees.reduce((a, b) => a + b, 0n);
        const expected = sum(
          await Promise.all(batch.map(async (inf, i) => expectedSplit(w, BigInt(inf.modelId), fees[i]))),
        );
        const before = await readCredits(w);
        expect(await w.settlement.connect(w.payer).settleBatch.staticCall(batch)).to.equal(total);

        const tx = await w.settlement.connect(w.payer).settleBatch(batch);
        const receipt = await tx.wait();

        expectCredits(diff(await readCredits(w), before), expected);
        const openAddress = await w.open.getAddress();
        const transfers = (receipt?.logs ?? [])
          .filter((l) => l.address === openAddress)
          .map((l) => w.open.interface.parseLog(l))
          .filter((e) => e?.name === "Transfer");
        expect(transfers).to.have.length(1);
        expect(transfers[0]?.args.from).to.equal(w.payer.address);
        expect(transfers[0]?.args.to).to.equal(w.settlementAddress);
        expect(transfers[0]?.args.value).to.equal(total);
        const settled = (receipt?.logs ?? [])
          .map((l) => w.settlement.interface.parseLog(l))
          .filter((e) => e?.name === "InferenceSettled");
        expect(settled.map((e) => e?.args.fee)).to.deep.equal(fees);
        expect(settled.map((e) => e?.args.inferenceId)).to.deep.equal(batch.map((b) => b.inferenceId));
        expect(settled.map((e) => e?.args.attributionHash)).to.deep.equal(batch.map((b) => b.attributionHash));
      });
    });

    describe("when the batch is empty", function () {
      it("reverts with EmptyBatch", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.payer).settleBatch([])).to.be.revertedWithCustomError(
          w.settlement,
          "EmptyBatch",
        );
      });
    });

    describe("when a model in the middle is suspended", function () {
      it("reverts entirely and changes nothing", async function () {
        const w = await world();
        await w.models.connect(await timelockSigner(w)).setSuspended(CHILD, true);
        const before = await readCredits(w);
        const payerBefore = await w.open.balanceOf(w.payer.address);
        const vaultBefore = await w.open.balanceOf(w.settlementAddress);

        await expect(
          w.settlement
            .connect(w.payer)
            .settleBatch([
              inference(ROOT, 1n, MaxUint256, "x0"),
              inference(CHILD, 1n, MaxUint256, "x1"),
              inference(WIDE, 1n, MaxUint256, "x2"),
            ]),
        )
          .to.be.revertedWithCustomError(w.models, "ModelIsSuspended")
          .withArgs(CHILD);

        expectCredits(await readCredits(w), before);
        expect(await w.open.balanceOf(w.payer.address)).to.equal(payerBefore);
        expect(await w.open.balanceOf(w.settlementAddress)).to.equal(vaultBefore);
      });
    });

    describe("when one inference exceeds its cap", function () {
      it("reverts with FeeAboveCap for that inference", async function () {
        const w = await world();
        await expect(
          w.settlement
            .connect(w.payer)
            .settleBatch([inference(ROOT, 1n, MaxUint256, "c0"), inference(ROOT, 3n, ROOT_PRICE, "c1")]),
        )
          .to.be.revertedWithCustomError(w.settlement, "FeeAboveCap")
          .withArgs(3n * ROOT_PRICE, ROOT_PRICE);
      });
    });

    describe("when one inference has zero units", function () {
      it("reverts with ZeroUnits", async function () {
        const w = await world();
        await expect(
          w.settlement
            .connect(w.payer)
            .settleBatch([inference(WIDE, 1n, MaxUint256, "z0"), inference(WIDE, 0n, MaxUint256, "z1")]),
        ).to.be.revertedWithCustomError(w.settlement, "ZeroUnits");
      });
    });
  });

  describe("settleWithPermit", function () {
    describe("when the permit is valid", function () {
      it("settles without a prior approval and leaves the unused allowance", async function () {
        const w = await world();
        const maxFee = 3n * ROOT_PRICE;
        const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
        const { permit } = await signPermit(w, w.permitPayer, maxFee, deadline);
        const before = await readCredits(w);

        await expect(w.settlement.connect(w.permitPayer).settleWithPermit(inference(ROOT, 2n, maxFee, "p"), permit))
          .to.emit(w.settlement, "InferenceSettled")
          .withArgs(id("inference-p"), ROOT, w.permitPayer.address, 2n * ROOT_PRICE, id("attribution-p"));

        expectCredits(diff(await readCredits(w), before), await expectedSplit(w, ROOT, 2n * ROOT_PRICE));
        expect(await w.open.allowance(w.permitPayer.address, w.settlementAddress)).to.equal(ROOT_PRICE);
      });
    });

    describe("when the permit was front-run by someone else", function () {
      it("uses the allowance the permit already set", async function () {
        const w = await world();
        const maxFee = ROOT_PRICE;
        const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
        const { permit } = await signPermit(w, w.permitPayer, maxFee, deadline);
        await w.open
          .connect(w.stranger)
          .permit(w.permitPayer.address, w.settlementAddress, maxFee, deadline, permit.v, permit.r, permit.s);

        await expect(
          w.settlement.connect(w.permitPayer).settleWithPermit(inference(ROOT, 1n, maxFee, "f"), permit),
        ).to.changeTokenBalance(ethers, w.open, w.permitPayer, -ROOT_PRICE);
      });
    });

    describe("when the permit has expired", function () {
      it("reverts with ERC2612ExpiredSignature", async function () {
        const w = await world();
        const deadline = BigInt(await networkHelpers.time.latest());
        const { permit } = await signPermit(w, w.permitPayer, ROOT_PRICE, deadline);
        await expect(w.settlement.connect(w.permitPayer).settleWithPermit(inference(ROOT, 1n, ROOT_PRICE, "e"), permit))
          .to.be.revertedWithCustomError(w.open, "ERC2612ExpiredSignature")
          .withArgs(deadline);
      });
    });

    describe("when the permit is replayed", function () {
      it("reverts with ERC2612InvalidSigner", async function () {
        const w = await world();
        const maxFee = 2n * ROOT_PRICE;
        const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
        const { permit, domain, nonce } = await signPermit(w, w.permitPayer, maxFee, deadline);
        await w.settlement.connect(w.permitPayer).settleWithPermit(inference(ROOT, 1n, maxFee, "r0"), permit);

        // The token now checks the same signature against the next nonce, and recovers another address.
        const recovered = verifyTypedData(
          domain,
          PERMIT_TYPES,
          { owner: w.permitPayer.address, spender: w.settlementAddress, value: maxFee, nonce: nonce + 1n, deadline },
          { v: permit.v, r: permit.r as string, s: permit.s as string },
        );
        await expect(w.settlement.connect(w.permitPayer).settleWithPermit(inference(ROOT, 1n, maxFee, "r1"), permit))
          .to.be.revertedWithCustomError(w.open, "ERC2612InvalidSigner")
          .withArgs(recovered, w.permitPayer.address);
      });
    });
  });

  describe("quote", function () {
    describe("when the model can be settled", function () {
      it("returns price times units", async function () {
        const w = await world();
        expect(await w.models.quote(CHILD, 12n)).to.equal(12n * CHILD_PRICE);
      });
    });

    describe("when the model is suspended", function () {
      it("reverts with ModelIsSuspended", async function () {
        const w = await world();
        await w.models.connect(await timelockSigner(w)).setSuspended(WIDE, true);
        await expect(w.models.quote(WIDE, 1n))
          .to.be.revertedWithCustomError(w.models, "ModelIsSuspended")
          .withArgs(WIDE);
      });
    });
  });

  describe("previewSplit", function () {
    describe("when asked for any fee", function () {
      it("returns parts that add up to the fee, the lineage included", async function () {
        const w = await world();
        for (const fee of [0n, 1n, 7n, 10_001n, parseEther("123.456789")]) {
          const p = await w.settlement.previewSplit(CHILD, fee);
          expect(p.fee).to.equal(fee);
          expect(totalOf(previewCredits(p))).to.equal(fee);
          expectPreview(p, await expectedSplit(w, CHILD, fee));
        }
      });
    });

    describe("when the model moved to newer datanet versions", function () {
      it("names the versions in force for its level, and the parent's own for the parent's", async function () {
        const w = await world();
        await publishDatanetVersion(w, 2n);
        await w.models.connect(w.childOwner).publishVersion(CHILD, id("child v1"), "ipfs://child/v1", [2n, 2n]);
        const fee = parseEther("10");

        const p = await w.settlement.previewSplit(CHILD, fee);

        expectPreview(p, await expectedSplit(w, CHILD, fee));
        expect(previewDatanetCredits(p).map(({ id, modelId, version }) => [id, modelId, version])).to.deep.equal([
          [1n, CHILD, 2n],
          [2n, CHILD, 2n],
          [1n, ROOT, 1n],
        ]);
      });
    });
  });

  describe("pause", function () {
    shouldBehaveLikePausable({
      load: world,
      contract: (w) => w.settlement,
      stopped: [
        { name: "settle", send: (w) => w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i"), id("a")) },
        {
          name: "settleBatch",
          send: (w) => w.settlement.connect(w.payer).settleBatch([inference(ROOT, 1n, MaxUint256, "p")]),
        },
        {
          name: "settleWithPermit",
          send: async (w) => {
            const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
            const { permit } = await signPermit(w, w.permitPayer, ROOT_PRICE, deadline);
            return w.settlement.connect(w.permitPayer).settleWithPermit(inference(ROOT, 1n, ROOT_PRICE, "p"), permit);
          },
        },
        { name: "postRoot", send: (w) => w.settlement.connect(w.attestor).postRoot(1n, 1n, id("root"), 0n, "u") },
      ],
      resumes: {
        name: "settle",
        event: "InferenceSettled",
        send: (w) => w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i"), id("a")),
      },
      credit: (w) => w.settlement.connect(w.payer).settle(CHILD, 10n, MaxUint256, id("i"), id("a")),
      unstopped: [
        { name: "payTreasury", event: "TreasuryPaid", send: (w) => w.settlement.payTreasury() },
        { name: "pushStakerRewards", event: "StakerRewardsPushed", send: (w) => w.settlement.pushStakerRewards() },
        {
          name: "withdrawModelRevenue of the child",
          event: "ModelRevenueWithdrawn",
          send: (w) => w.settlement.connect(w.childOwner).withdrawModelRevenue(CHILD, w.childOwner.address),
        },
        {
          name: "withdrawModelRevenue of the parent",
          event: "ModelRevenueWithdrawn",
          send: (w) => w.settlement.connect(w.rootOwner).withdrawModelRevenue(ROOT, w.rootOwner.address),
        },
      ],
    });
  });

  describe("pushStakerRewards", function () {
    describe("when the stakers have a credit", function () {
      it("sends it to gOPEN's reward accumulator", async function () {
        const w = await world();
        await w.settlement.connect(w.payer).settle(ROOT, 10n, MaxUint256, id("i"), id("a"));
        const amount = await w.settlement.stakersAccrued();
        expect(amount).to.equal((10n * ROOT_PRICE * 1_500n) / BPS);
        const reserveBefore = await w.gopen.rewardsReserve();

        const tx = w.settlement.connect(w.stranger).pushStakerRewards();
        await expect(tx).to.emit(w.settlement, "StakerRewardsPushed").withArgs(amount);
        await expect(tx).to.emit(w.gopen, "RewardsAdded").withArgs(w.settlementAddress, amount);
        await expect(tx).to.changeTokenBalances(ethers, w.open, [w.settlementAddress, w.gopen], [-amount, amount]);

        expect(await w.settlement.stakersAccrued()).to.equal(0n);
        expect((await w.gopen.rewardsReserve()) - reserveBefore).to.equal(amount);
        expect(await w.open.allowance(w.settlementAddress, await w.gopen.getAddress())).to.equal(0n);
      });
    });

    describe("when there is nothing to push", function () {
      it("reverts with NothingToWithdraw", async function () {
        const w = await world();
        await expect(w.settlement.pushStakerRewards()).to.be.revertedWithCustomError(w.settlement, "NothingToWithdraw");
      });
    });
  });

  describe("payTreasury", function () {
    describe("when the treasury has a credit", function () {
      it("pays it to the Timelock", async function () {
        const w = await world();
        await w.settlement.connect(w.payer).settle(ROOT, 4n, MaxUint256, id("i"), id("a"));
        const amount = (4n * ROOT_PRICE * 500n) / BPS;
        expect(await w.settlement.treasuryAccrued()).to.equal(amount);

        const tx = w.settlement.connect(w.stranger).payTreasury();
        await expect(tx).to.emit(w.settlement, "TreasuryPaid").withArgs(amount);
        await expect(tx).to.changeTokenBalances(ethers, w.open, [w.settlementAddress, w.treasury], [-amount, amount]);
        expect(await w.settlement.treasuryAccrued()).to.equal(0n);
      });
    });

    describe("when there is nothing to pay", function () {
      it("reverts with NothingToWithdraw", async function () {
        const w = await world();
        await expect(w.settlement.payTreasury()).to.be.revertedWithCustomError(w.settlement, "NothingToWithdraw");
      });
    });
  });

  describe("withdrawModelRevenue", function () {
    describe("when the owner withdraws", function () {
      it("pays the model's revenue to the chosen address", async function () {
        const w = await world();
        await w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i"), id("a"));
        const amount = await w.settlement.modelRevenue(ROOT);
        const to = w.users[8];

        const tx = w.settlement.connect(w.rootOwner).withdrawModelRevenue(ROOT, to.address);
        await expect(tx)
          .to.emit(w.settlement, "ModelRevenueWithdrawn")
          .withArgs(ROOT, w.rootOwner.address, to.address, amount);
        await expect(tx).to.changeTokenBalances(ethers, w.open, [w.settlementAddress, to], [-amount, amount]);
        expect(await w.settlement.modelRevenue(ROOT)).to.equal(0n);
      });
    });

    describe("when the model NFT was transferred", function () {
      it("pays the new owner, revenue earned before the transfer included, and refuses the old one", async function () {
        const w = await world();
        const newOwner = w.users[8];
        await w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i0"), id("a"));
        await w.models.connect(w.rootOwner).transferFrom(w.rootOwner.address, newOwner.address, ROOT);
        await w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i1"), id("a"));
        const amount = await w.settlement.modelRevenue(ROOT);
        expect(amount).to.equal(2n * (await expectedSplit(w, ROOT, ROOT_PRICE)).models.get(ROOT)!);

        await expect(w.settlement.connect(w.rootOwner).withdrawModelRevenue(ROOT, w.rootOwner.address))
          .to.be.revertedWithCustomError(w.settlement, "NotModelOwner")
          .withArgs(ROOT, w.rootOwner.address);
        await expect(w.settlement.connect(newOwner).withdrawModelRevenue(ROOT, newOwner.address)).to.changeTokenBalance(
          ethers,
          w.open,
          newOwner,
          amount,
        );
      });
    });

    describe("when a stranger withdraws", function () {
      it("reverts with NotModelOwner", async function () {
        const w = await world();
        await w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i"), id("a"));
        await expect(w.settlement.connect(w.stranger).withdrawModelRevenue(ROOT, w.stranger.address))
          .to.be.revertedWithCustomError(w.settlement, "NotModelOwner")
          .withArgs(ROOT, w.stranger.address);
      });
    });

    describe("when the recipient is the zero address", function () {
      it("reverts with ZeroAddress", async function () {
        const w = await world();
        await w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i"), id("a"));
        await expect(
          w.settlement.connect(w.rootOwner).withdrawModelRevenue(ROOT, ZeroAddress),
        ).to.be.revertedWithCustomError(w.settlement, "ZeroAddress");
      });
    });

    describe("when the model has no revenue", function () {
      it("reverts with NothingToWithdraw", async function () {
        const w = await world();
        await expect(
          w.settlement.connect(w.rootOwner).withdrawModelRevenue(ROOT, w.rootOwner.address),
        ).to.be.revertedWithCustomError(w.settlement, "NothingToWithdraw");
      });
    });

    describe("when the model does not exist", function () {
      it("reverts with the registry's ERC721NonexistentToken", async function () {
        const w = await world();
        await expect(w.settlement.connect(w.rootOwner).withdrawModelRevenue(42n, w.rootOwner.address))
          .to.be.revertedWithCustomError(w.models, "ERC721NonexistentToken")
          .withArgs(42n);
      });
    });
  });

  describe("setFeeShares", function () {
    shouldBehaveLikeRestrictedSetter({
      load: world,
      contract: (w) => w.settlement,
      set: (w, caller, [protocol, stakers]: readonly [bigint, bigint]) =>
        w.settlement.connect(caller).setFeeShares(protocol, stakers),
      read: async (w) => [await w.settlement.protocolBps(), await w.settlement.stakersBps()],
      valid: [
        [1_000n, 4_000n],
        [5_000n, 0n],
        [0n, 5_000n],
      ],
      event: "FeeSharesSet",
      invalid: {
        values: [[3_000n, 2_001n]],
        error: "ParameterOutOfBounds",
        args: ([protocol, stakers]) => [protocol + stakers, 5_000n],
        constants: { MAX_FEE_SHARES_BPS: 5_000n },
      },
      refused: [0n, 0n],
    });

    describe("when governance sets shares within bounds", function () {
      it("applies them to the next settlement", async function () {
        const w = await world();
        await w.settlement.connect(await timelockSigner(w)).setFeeShares(1_000n, 4_000n);
        const before = await readCredits(w);

        await w.settlement.connect(w.payer).settle(ROOT, 1n, MaxUint256, id("i"), id("a"));

        const actual = diff(await readCredits(w), before);
        expect(actual.treasury).to.equal(ROOT_PRICE / 10n);
        expect(actual.stakers).to.equal((ROOT_PRICE * 4n) / 10n);
        expect(totalOf(actual)).to.equal(ROOT_PRICE);
      });
    });
  });

  describe("setLineageBps", function () {
    shouldBehaveLikeRestrictedSetter({
      load: world,
      contract: (w) => w.settlement,
      set: (w, caller, value: bigint) => w.settlement.connect(caller).setLineageBps(value),
      read: (w) => w.settlement.lineageBps(),
      valid: [5_000n, 0n],
      event: "LineageBpsSet",
      invalid: {
        values: [5_001n],
        error: "ParameterOutOfBounds",
        args: (value) => [value, 5_000n],
        constants: { MAX_LINEAGE_BPS: 5_000n },
      },
      refused: 0n,
    });

    describe("when governance sets a royalty within bounds", function () {
      it("applies it to the next settlement", async function () {
        const w = await world();
        await w.settlement.connect(await timelockSigner(w)).setLineageBps(5_000n);
        const before = await readCredits(w);

        await w.settlement.connect(w.payer).settle(CHILD, 1n, MaxUint256, id("i"), id("a"));

        const rest = CHILD_PRICE - (CHILD_PRICE * 2_000n) / BPS;
        const royalty = (((rest * 7_000n) / BPS) * 5_000n) / BPS;
        const actual = diff(await readCredits(w), before);
        expect(actual.models.get(ROOT)).to.equal((royalty * 5_000n) / BPS);
        expectCredits(actual, await expectedSplit(w, CHILD, CHILD_PRICE));
      });
    });

    describe("when governance sets no royalty", function () {
      it("leaves the parent out", async function () {
        const w = await world();
        await w.settlement.connect(await timelockSigner(w)).setLineageBps(0n);
        const before = await readCredits(w);

        await w.settlement.connect(w.payer).settle(CHILD, 1n, MaxUint256, id("i"), id("a"));

        const actual = diff(await readCredits(w), before);
        expect(actual.models.get(ROOT)).to.equal(0n);
        expect(totalOf(actual)).to.equal(CHILD_PRICE);
      });
    });
  });

  describe("dependencies", function () {
    describe("when read", function () {
      it("names the token, the registries, gOPEN and the Timelock as treasury", async function () {
        const w = await world();
        const d = await w.settlement.dependencies();
        expect(d.token).to.equal(await w.open.getAddress());
        expect(d.models).to.equal(await w.models.getAddress());
        expect(d.datanets).to.equal(await w.datanets.getAddress());
        expect(d.gopen).to.equal(await w.gopen.getAddress());
        expect(d.treasury).to.equal(w.treasury);
      });
    });
  });
});
