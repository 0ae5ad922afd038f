import { expect } from "chai";
import { MaxUint256, ZeroAddress, ZeroHash, id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { shouldBehaveLikeRestrictedSetter } from "../helpers/behaviours/index.js";
import { loadSuite, PARAMS, publishDatanetVersion, timelockSigner } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";
import type { IModelRegistry } from "../../typechain-types/registry/ModelRegistry.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/// IModelRegistry.ModelStatus
const ModelStatus = { None: 0n, Active: 1n, Deprecated: 2n } as const;

const PRICE = parseEther("2");
const MAX_UINT96 = 2n ** 96n - 1n;
const MIN_DATA_BPS = BigInt(PARAMS.minDataBps);
const MAX_DEPTH = BigInt(PARAMS.maxLineageDepth);

const hash = (label: string): string => id(label);

/// `n` open datanets owned by users[8], each with version 1 published (so that a model can name it); returns their
/// ids.
async function openDatanets(s: Suite, n: number): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let i = 0; i < n; i++) {
    await s.datanets.connect(s.users[8]).createDatanet(`ipfs://datanet-${i}`, false, 0n, s.users[8].address);
    const datanetId = await s.datanets.datanetCount();
    await publishDatanetVersion(s, datanetId);
    ids.push(datanetId);
  }
  return ids;
}

/// Registration parameters with a one-datanet training set; `overrides` replace any field.
function params(
  datanetId: bigint,
  overrides: Partial<IModelRegistry.ModelParamsStruct> = {},
): IModelRegistry.ModelParamsStruct {
  return {
    cardURI: "ipfs://card",
    weightsHash: hash("weights"),
    weightsURI: "ipfs://weights",
    parentId: 0n,
    datanets: [{ datanetId, version: 1n, weightBps: 10_000n }],
    price: PRICE,
    ownerBps: 5000n,
    ...overrides,
  };
}

/// Registers a model as `owner` and returns its id.
async function register(s: Suite, owner: HardhatEthersSigner, p: IModelRegistry.ModelParamsStruct): Promise<bigint> {
  await s.models.connect(owner).registerModel(p);
  return s.models.modelCount();
}

/// A chain root → child → … of `length` models on datanet `d`; returns their ids, root first.
async function chain(s: Suite, d: bigint, length: number): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let i = 0; i < length; i++) {
    ids.push(await register(s, s.users[0], params(d, { parentId: i === 0 ? 0n : ids[i - 1] })));
  }
  return ids;
}

/// The training set packed as TrainingSet does: entry i in word i / 5, at bit 48 * (i % 5), id then weight.
function pack(set: { datanetId: bigint; version?: bigint; weightBps: bigint }[]): [bigint, bigint] {
  const words: [bigint, bigint] = [0n, 0n];
  set.forEach(({ datanetId, weightBps }, i) => {
    words[Math.floor(i / 5)] |= (datanetId | (weightBps << 32n)) << BigInt(48 * (i % 5));
  });
  return words;
}

/// `n` weights in basis points that sum to 10,000 (the last takes the remainder).
function weights(n: number): bigint[] {
  const each = 10_000n / BigInt(n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? 10_000n - each * BigInt(n - 1) : each));
}

describe("ModelRegistry", function () {
  describe("constants and parameters", function () {
    it("exposes the caps, the wiring and the deployed governance parameters", async function () {
      const s = await loadSuite(connection);

      expect(await s.models.LINEAGE_DEPTH_CAP()).to.equal(8n);
      expect(await s.models.MAX_TRAINING_DATANETS()).to.equal(10n);
      expect(await s.models.datanetRegistry()).to.equal(await s.datanets.getAddress());
      expect(await s.models.treasury()).to.equal(await s.timelock.getAddress());
      expect(await s.models.minDataBps()).to.equal(MIN_DATA_BPS);
      expect(await s.models.maxLineageDepth()).to.equal(MAX_DEPTH);
      expect(await s.models.publishFee()).to.equal(0n);
      expect(await s.models.modelCount()).to.equal(0n);
      expect(await s.models.name()).to.equal("OpenLedger Model");
      expect(await s.models.symbol()).to.equal("OLM");
    });
  });

  describe("registerModel", function () {
    describe("when the model has a parent and two training datanets", function () {
      it("mints the token to the caller, stores the model and emits ModelRegistered and VersionPublished", async function () {
        const s = await loadSuite(connection);
        const [d1, d2] = await openDatanets(s, 2);
        const parent = await register(s, s.users[0], params(d1));
        const builder = s.users[1];
        const set = [
          { datanetId: d1, version: 1n, weightBps: 6000n },
          { datanetId: d2, version: 1n, weightBps: 4000n },
        ];

        const tx = s.models.connect(builder).registerModel(
          params(d1, {
            cardURI: "ipfs://child-card",
            weightsHash: hash("child"),
            weightsURI: "ipfs://child-weights",
            parentId: parent,
            datanets: set,
            price: PRICE,
            ownerBps: 7000n,
          }),
        );
        await expect(tx)
          .to.emit(s.models, "ModelRegistered")
          .withArgs(
            2n,
            builder.address,
            parent,
            PRICE,
            7000n,
            [
              [d1, 1n, 6000n],
              [d2, 1n, 4000n],
            ],
            "ipfs://child-card",
          );
        await expect(tx)
          .to.emit(s.models, "VersionPublished")
          .withArgs(2n, 0n, hash("child"), [1n, 1n], "ipfs://child-weights");
        await expect(tx).to.emit(s.models, "Transfer").withArgs(ZeroAddress, builder.address, 2n);

        const m = await s.models.model(2n);
        expect(m.owner).to.equal(builder.address);
        expect(m.status).to.equal(ModelStatus.Active);
        expect(m.suspended).to.equal(false);
        expect(m.price).to.equal(PRICE);
        expect(m.ownerBps).to.equal(7000n);
        expect(m.parentId).to.equal(parent);
        expect(m.depth).to.equal(1n);
        expect(m.versionCount).to.equal(1n);
        expect(m.cardURI).to.equal("ipfs://child-card");
        expect(m.datanets.map((t) => [t.datanetId, t.version, t.weightBps])).to.deep.equal([
          [d1, 1n, 6000n],
          [d2, 1n, 4000n],
        ]);
        expect((await s.models.trainingSet(2n)).map((t) => [t.datanetId, t.version, t.weightBps])).to.deep.equal([
          [d1, 1n, 6000n],
          [d2, 1n, 4000n],
        ]);
        expect(await s.models.ownerOf(2n)).to.equal(builder.address);
        expect(await s.models.modelCount()).to.equal(2n);

        const v = await s.models.version(2n, 0n);
        const block = await ethers.provider.getBlock("latest");
        expect(v.weightsHash).to.equal(hash("child"));
        expect(v.publishedAt).to.equal(BigInt(block!.timestamp));
        expect(v.datanetVersions).to.deep.equal([1n, 1n]);
      });

      it("returns the new id", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        expect(await s.models.connect(s.users[0]).registerModel.staticCall(params(d))).to.equal(1n);
      });
    });

    describe("when the training set has ten datanets", function () {
      it("stores all ten in order", async function () {
        const s = await loadSuite(connection);
        const ids = await openDatanets(s, 10);
        const w = weights(10);
        const set = ids.map((datanetId, i) => ({ datanetId, version: 1n, weightBps: w[i] }));

        const m = await register(s, s.users[0], params(ids[0], { datanets: set }));

        const stored = (await s.models.model(m)).datanets;
        expect(stored.map((t) => [t.datanetId, t.weightBps])).to.deep.equal(set.map((t) => [t.datanetId, t.weightBps]));
      });
    });

    describe("when the economics are at their bounds", function () {
      it("accepts the owner share that leaves exactly the floor to the data, and the largest price", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        const m = await register(s, s.users[0], params(d, { ownerBps: 10_000n - MIN_DATA_BPS, price: MAX_UINT96 }));

        expect((await s.models.model(m)).ownerBps).to.equal(10_000n - MIN_DATA_BPS);
        expect((await s.models.model(m)).price).to.equal(MAX_UINT96);
      });
    });

    describe("when the training weights do not sum to 10,000", function () {
      it("reverts with SplitNotTotal(sum) for a sum below", async function () {
        const s = await loadSuite(connection);
        const [d1, d2] = await openDatanets(s, 2);
        const set = [
          { datanetId: d1, version: 1n, weightBps: 6000n },
          { datanetId: d2, version: 1n, weightBps: 3000n },
        ];

        await expect(s.models.connect(s.users[0]).registerModel(params(d1, { datanets: set })))
          .to.be.revertedWithCustomError(s.models, "SplitNotTotal")
          .withArgs(9000n);
      });

      it("reverts with SplitNotTotal(sum) as soon as the sum goes above", async function () {
        const s = await loadSuite(connection);
        const [d1, d2] = await openDatanets(s, 2);
        const set = [
          { datanetId: d1, version: 1n, weightBps: 6000n },
          { datanetId: d2, version: 1n, weightBps: 5000n },
        ];

        await expect(s.models.connect(s.users[0]).registerModel(params(d1, { datanets: set })))
          .to.be.revertedWithCustomError(s.models, "SplitNotTotal")
          .withArgs(11_000n);
      });
    });

    describe("when the owner share leaves the data below the floor", function () {
      it("reverts with DataShareBelowFloor(data, floor)", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        await expect(s.models.connect(s.users[0]).registerModel(params(d, { ownerBps: 10_000n - MIN_DATA_BPS + 1n })))
          .to.be.revertedWithCustomError(s.models, "DataShareBelowFloor")
          .withArgs(MIN_DATA_BPS - 1n, MIN_DATA_BPS);
      });

      it("reverts with ParameterOutOfBounds for an owner share above 10,000", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        await expect(s.models.connect(s.users[0]).registerModel(params(d, { ownerBps: 10_001n })))
          .to.be.revertedWithCustomError(s.models, "ParameterOutOfBounds")
          .withArgs(10_001n, 10_000n);
      });
    });

    describe("when the lineage is at the depth limit", function () {
      it("accepts a model at the limit and reverts with LineageTooDeep(depth, max) one below it", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const ids = await chain(s, d, Number(MAX_DEPTH) + 1);
        const deepest = ids[ids.length - 1];
        expect((await s.models.model(deepest)).depth).to.equal(MAX_DEPTH);

        await expect(s.models.connect(s.users[1]).registerModel(params(d, { parentId: deepest })))
          .to.be.revertedWithCustomError(s.models, "LineageTooDeep")
          .withArgs(MAX_DEPTH + 1n, MAX_DEPTH);
      });

      it("accepts the deeper model once governance raises the limit", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const ids = await chain(s, d, Number(MAX_DEPTH) + 1);
        await s.models.connect(await timelockSigner(s)).setMaxLineageDepth(MAX_DEPTH + 1n);

        const m = await register(s, s.users[1], params(d, { parentId: ids[ids.length - 1] }));

        expect((await s.models.model(m)).depth).to.equal(MAX_DEPTH + 1n);
      });
    });

    describe("when the parent does not exist", function () {
      it("reverts with UnknownModel", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        await expect(s.models.connect(s.users[0]).registerModel(params(d, { parentId: 42n })))
          .to.be.revertedWithCustomError(s.models, "UnknownModel")
          .withArgs(42n);
      });
    });

    describe("when a training datanet is unknown or closed", function () {
      it("reverts with UnknownDatanet for an id that does not exist", async function () {
        const s = await loadSuite(connection);
        await openDatanets(s, 1);

        await expect(s.models.connect(s.users[0]).registerModel(params(77n)))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanet")
          .withArgs(77n);
      });

      it("reverts with UnknownDatanet for an id beyond 32 bits, without truncating it", async function () {
        const s = await loadSuite(connection);
        await openDatanets(s, 1);
        // 2^32 + 1 would be datanet 1 if truncated.
        const wide = 2n ** 32n + 1n;

        await expect(s.models.connect(s.users[0]).registerModel(params(wide)))
          .to.be.revertedWithCustomError(s.models, "UnknownDatanet")
          .withArgs(wide);
      });

      it("reverts with DatanetIsClosed for a closed datanet", async function () {
        const s = await loadSuite(connection);
        const [d1, d2] = await openDatanets(s, 2);
        await s.datanets.connect(s.users[8]).closeDatanet(d2);
        const set = [
          { datanetId: d1, version: 1n, weightBps: 5000n },
          { datanetId: d2, version: 1n, weightBps: 5000n },
        ];

        await expect(s.models.connect(s.users[0]).registerModel(params(d1, { datanets: set })))
          .to.be.revertedWithCustomError(s.datanets, "DatanetIsClosed")
          .withArgs(d2);
      });
    });

    describe("when a training datanet version is not published", function () {
      it("reverts with UnknownDatanetVersion(datanetId, version, latest) for version 0 and a version to come", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const at = (version: bigint) => params(d, { datanets: [{ datanetId: d, version, weightBps: 10_000n }] });

        await expect(s.models.connect(s.users[0]).registerModel(at(0n)))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanetVersion")
          .withArgs(d, 0n, 1n);
        await expect(s.models.connect(s.users[0]).registerModel(at(2n)))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanetVersion")
          .withArgs(d, 2n, 1n);
      });

      it("reverts with UnknownDatanetVersion(datanetId, 1, 0) for a datanet that published none", async function () {
        const s = await loadSuite(connection);
        await s.datanets.connect(s.users[8]).createDatanet("ipfs://unpublished", false, 0n, s.users[8].address);
        const d = await s.datanets.datanetCount();

        await expect(s.models.connect(s.users[0]).registerModel(params(d)))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanetVersion")
          .withArgs(d, 1n, 0n);
      });
    });

    describe("when a training datanet names an older published version", function () {
      it("registers the model on that version", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        expect(await publishDatanetVersion(s, d)).to.equal(2n);

        const m = await register(s, s.users[0], params(d));

        expect((await s.models.trainingSet(m)).map((t) => t.version)).to.deep.equal([1n]);
        expect((await s.models.version(m, 0n)).datanetVersions).to.deep.equal([1n]);
      });
    });

    describe("when the training set is malformed", function () {
      it("reverts with DuplicateTrainingDatanet for a datanet named twice", async function () {
        const s = await loadSuite(connection);
        const [d1, d2] = await openDatanets(s, 2);
        const set = [
          { datanetId: d1, version: 1n, weightBps: 4000n },
          { datanetId: d2, version: 1n, weightBps: 3000n },
          { datanetId: d1, version: 1n, weightBps: 3000n },
        ];

        await expect(s.models.connect(s.users[0]).registerModel(params(d1, { datanets: set })))
          .to.be.revertedWithCustomError(s.models, "DuplicateTrainingDatanet")
          .withArgs(d1);
      });

      it("reverts with ZeroDatanetWeight for a datanet of weight 0", async function () {
        const s = await loadSuite(connection);
        const [d1, d2] = await openDatanets(s, 2);
        const set = [
          { datanetId: d1, version: 1n, weightBps: 10_000n },
          { datanetId: d2, version: 1n, weightBps: 0n },
        ];

        await expect(s.models.connect(s.users[0]).registerModel(params(d1, { datanets: set })))
          .to.be.revertedWithCustomError(s.models, "ZeroDatanetWeight")
          .withArgs(d2);
      });

      it("reverts with NoTrainingDatanets for an empty set", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        await expect(
          s.models.connect(s.users[0]).registerModel(params(d, { datanets: [] })),
        ).to.be.revertedWithCustomError(s.models, "NoTrainingDatanets");
      });

      it("reverts with TooManyTrainingDatanets for eleven datanets", async function () {
        const s = await loadSuite(connection);
        const ids = await openDatanets(s, 11);
        const w = weights(11);
        const set = ids.map((datanetId, i) => ({ datanetId, version: 1n, weightBps: w[i] }));

        await expect(s.models.connect(s.users[0]).registerModel(params(ids[0], { datanets: set })))
          .to.be.revertedWithCustomError(s.models, "TooManyTrainingDatanets")
          .withArgs(11n, 10n);
      });
    });

    describe("when the card, the weights or the price is missing", function () {
      it("reverts with ZeroPrice for a price of 0 and PriceTooLarge above 96 bits", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        await expect(
          s.models.connect(s.users[0]).registerModel(params(d, { price: 0n })),
        ).to.be.revertedWithCustomError(s.models, "ZeroPrice");
        await expect(s.models.connect(s.users[0]).registerModel(params(d, { price: MAX_UINT96 + 1n })))
          .to.be.revertedWithCustomError(s.models, "PriceTooLarge")
          .withArgs(MAX_UINT96 + 1n);
      });

      it("reverts with EmptyURI for an empty card URI or weights URI", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        await expect(
          s.models.connect(s.users[0]).registerModel(params(d, { cardURI: "" })),
        ).to.be.revertedWithCustomError(s.models, "EmptyURI");
        await expect(
          s.models.connect(s.users[0]).registerModel(params(d, { weightsURI: "" })),
        ).to.be.revertedWithCustomError(s.models, "EmptyURI");
      });

      it("reverts with ZeroHash for a zero weights hash", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        await expect(
          s.models.connect(s.users[0]).registerModel(params(d, { weightsHash: ZeroHash })),
        ).to.be.revertedWithCustomError(s.models, "ZeroHash");
        expect(await s.models.modelCount()).to.equal(0n);
      });
    });

    describe("when governance has set a publish fee", function () {
      it("pays the fee to the treasury (the Timelock)", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const fee = parseEther("100");
        await s.models.connect(await timelockSigner(s)).setPublishFee(fee);
        await s.open.connect(s.users[0]).approve(await s.models.getAddress(), fee);

        await expect(s.models.connect(s.users[0]).registerModel(params(d))).to.changeTokenBalances(
          ethers,
          s.open,
          [s.users[0], s.timelock, s.models],
          [-fee, fee, 0n],
        );
      });

      it("reverts with ERC20InsufficientAllowance when the fee is not approved", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const fee = parseEther("100");
        await s.models.connect(await timelockSigner(s)).setPublishFee(fee);

        await expect(s.models.connect(s.users[0]).registerModel(params(d)))
          .to.be.revertedWithCustomError(s.open, "ERC20InsufficientAllowance")
          .withArgs(await s.models.getAddress(), 0n, fee);
        expect(await s.models.modelCount()).to.equal(0n);
      });

      it("charges the fee on every registration", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const fee = parseEther("5");
        await s.models.connect(await timelockSigner(s)).setPublishFee(fee);
        await s.open.connect(s.users[0]).approve(await s.models.getAddress(), MaxUint256);
        const before = await s.open.balanceOf(await s.timelock.getAddress());

        await register(s, s.users[0], params(d));
        await register(s, s.users[0], params(d));

        expect(await s.open.balanceOf(await s.timelock.getAddress())).to.equal(before + 2n * fee);
      });
    });

    describe("when there is no publish fee", function () {
      it("moves no OPEN", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);

        await expect(s.models.connect(s.users[0]).registerModel(params(d))).to.changeTokenBalances(
          ethers,
          s.open,
          [s.users[0], s.timelock],
          [0n, 0n],
        );
      });
    });
  });

  describe("publishVersion", function () {
    describe("when the owner publishes", function () {
      it("appends versions, keeps the earlier ones and emits VersionPublished", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d, { weightsHash: hash("v0") }));
        const first = await s.models.version(m, 0n);

        expect(await s.models.connect(s.users[0]).publishVersion.staticCall(m, hash("v1"), "ipfs://v1", [])).to.equal(
          1n,
        );
        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v1"), "ipfs://v1", []))
          .to.emit(s.models, "VersionPublished")
          .withArgs(m, 1n, hash("v1"), [1n], "ipfs://v1");
        await networkHelpers.time.increase(100);
        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v2"), "ipfs://v2", []))
          .to.emit(s.models, "VersionPublished")
          .withArgs(m, 2n, hash("v2"), [1n], "ipfs://v2");

        expect((await s.models.model(m)).versionCount).to.equal(3n);
        const v0 = await s.models.version(m, 0n);
        expect(v0.weightsHash).to.equal(hash("v0"));
        expect(v0.publishedAt).to.equal(first.publishedAt);
        expect((await s.models.version(m, 1n)).weightsHash).to.equal(hash("v1"));
        const v2 = await s.models.version(m, 2n);
        expect(v2.weightsHash).to.equal(hash("v2"));
        expect(v2.publishedAt).to.be.greaterThan((await s.models.version(m, 1n)).publishedAt);
      });

      it("accepts the same weights hash again as a new version", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d, { weightsHash: hash("v0") }));

        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v0"), "ipfs://again", []))
          .to.emit(s.models, "VersionPublished")
          .withArgs(m, 1n, hash("v0"), [1n], "ipfs://again");
      });
    });

    describe("when the new version moves to newer datanet versions", function () {
      /// A model on d1 (60%) and d2 (40%) at version 1, then d1 at version 2 and d2 at version 3 published.
      async function retrained(): Promise<{ s: Suite; m: bigint; d1: bigint; d2: bigint }> {
        const s = await loadSuite(connection);
        const [d1, d2] = await openDatanets(s, 2);
        const set = [
          { datanetId: d1, version: 1n, weightBps: 6000n },
          { datanetId: d2, version: 1n, weightBps: 4000n },
        ];
        const m = await register(s, s.users[0], params(d1, { datanets: set }));
        await publishDatanetVersion(s, d1);
        await publishDatanetVersion(s, d2);
        await publishDatanetVersion(s, d2);
        return { s, m, d1, d2 };
      }

      it("records them, emits them in VersionPublished and puts them in force", async function () {
        const { s, m, d1, d2 } = await retrained();

        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v1"), "ipfs://v1", [2n, 3n]))
          .to.emit(s.models, "VersionPublished")
          .withArgs(m, 1n, hash("v1"), [2n, 3n], "ipfs://v1");

        expect((await s.models.version(m, 0n)).datanetVersions).to.deep.equal([1n, 1n]);
        expect((await s.models.version(m, 1n)).datanetVersions).to.deep.equal([2n, 3n]);
        const inForce = [
          [d1, 2n, 6000n],
          [d2, 3n, 4000n],
        ];
        expect((await s.models.trainingSet(m)).map((t) => [t.datanetId, t.version, t.weightBps])).to.deep.equal(
          inForce,
        );
        expect((await s.models.model(m)).datanets.map((t) => [t.datanetId, t.version, t.weightBps])).to.deep.equal(
          inForce,
        );
      });

      it("keeps the versions in force for an empty list, and accepts the versions in force named again", async function () {
        const { s, m } = await retrained();
        await s.models.connect(s.users[0]).publishVersion(m, hash("v1"), "ipfs://v1", [1n, 2n]);

        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v2"), "ipfs://v2", []))
          .to.emit(s.models, "VersionPublished")
          .withArgs(m, 2n, hash("v2"), [1n, 2n], "ipfs://v2");
        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v3"), "ipfs://v3", [1n, 3n]))
          .to.emit(s.models, "VersionPublished")
          .withArgs(m, 3n, hash("v3"), [1n, 3n], "ipfs://v3");
        expect((await s.models.trainingSet(m)).map((t) => t.version)).to.deep.equal([1n, 3n]);
      });

      it("reverts with TrainingVersionsMismatch(count, expected) for a list of the wrong length", async function () {
        const { s, m } = await retrained();

        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v1"), "ipfs://v1", [2n]))
          .to.be.revertedWithCustomError(s.models, "TrainingVersionsMismatch")
          .withArgs(1n, 2n);
        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v1"), "ipfs://v1", [2n, 3n, 1n]))
          .to.be.revertedWithCustomError(s.models, "TrainingVersionsMismatch")
          .withArgs(3n, 2n);
      });

      it("reverts with DatanetVersionRegressed(datanetId, version, current) for an older version, 0 included", async function () {
        const { s, m, d1, d2 } = await retrained();
        await s.models.connect(s.users[0]).publishVersion(m, hash("v1"), "ipfs://v1", [2n, 3n]);

        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v2"), "ipfs://v2", [1n, 3n]))
          .to.be.revertedWithCustomError(s.models, "DatanetVersionRegressed")
          .withArgs(d1, 1n, 2n);
        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v2"), "ipfs://v2", [2n, 0n]))
          .to.be.revertedWithCustomError(s.models, "DatanetVersionRegressed")
          .withArgs(d2, 0n, 3n);
      });

      it("reverts with UnknownDatanetVersion(datanetId, version, latest) for a version not published", async function () {
        const { s, m, d2 } = await retrained();

        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v1"), "ipfs://v1", [2n, 4n]))
          .to.be.revertedWithCustomError(s.datanets, "UnknownDatanetVersion")
          .withArgs(d2, 4n, 3n);
      });
    });

    describe("when the input is invalid", function () {
      it("reverts with ZeroHash and EmptyURI", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(
          s.models.connect(s.users[0]).publishVersion(m, ZeroHash, "ipfs://v1", []),
        ).to.be.revertedWithCustomError(s.models, "ZeroHash");
        await expect(s.models.connect(s.users[0]).publishVersion(m, hash("v1"), "", [])).to.be.revertedWithCustomError(
          s.models,
          "EmptyURI",
        );
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotModelOwner", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.stranger).publishVersion(m, hash("v1"), "ipfs://v1", []))
          .to.be.revertedWithCustomError(s.models, "NotModelOwner")
          .withArgs(m, s.stranger.address);
      });
    });

    describe("when the model does not exist", function () {
      it("reverts with UnknownModel", async function () {
        const s = await loadSuite(connection);

        await expect(s.models.connect(s.users[0]).publishVersion(3n, hash("v1"), "ipfs://v1", []))
          .to.be.revertedWithCustomError(s.models, "UnknownModel")
          .withArgs(3n);
      });
    });
  });

  describe("version", function () {
    describe("when the index is past the last version", function () {
      it("reverts with UnknownVersion(modelId, index, count)", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.version(m, 1n))
          .to.be.revertedWithCustomError(s.models, "UnknownVersion")
          .withArgs(m, 1n, 1n);
      });
    });

    describe("when the model does not exist", function () {
      it("reverts with UnknownModel", async function () {
        const s = await loadSuite(connection);

        await expect(s.models.version(1n, 0n)).to.be.revertedWithCustomError(s.models, "UnknownModel").withArgs(1n);
      });
    });
  });

  describe("setPrice", function () {
    describe("when the owner sets a price", function () {
      it("stores it and emits PriceSet", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.users[0]).setPrice(m, 7n)).to.emit(s.models, "PriceSet").withArgs(m, 7n);
        expect((await s.models.model(m)).price).to.equal(7n);
        expect((await s.models.settlementTerms(m)).price).to.equal(7n);
      });
    });

    describe("when the price is 0 or above 96 bits", function () {
      it("reverts with ZeroPrice or PriceTooLarge", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.users[0]).setPrice(m, 0n)).to.be.revertedWithCustomError(s.models, "ZeroPrice");
        await expect(s.models.connect(s.users[0]).setPrice(m, MAX_UINT96 + 1n))
          .to.be.revertedWithCustomError(s.models, "PriceTooLarge")
          .withArgs(MAX_UINT96 + 1n);
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotModelOwner", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.users[1]).setPrice(m, 7n))
          .to.be.revertedWithCustomError(s.models, "NotModelOwner")
          .withArgs(m, s.users[1].address);
      });
    });
  });

  describe("setSplit", function () {
    describe("when the owner sets a share within the floor", function () {
      it("stores it and emits SplitSet", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.users[0]).setSplit(m, 0n)).to.emit(s.models, "SplitSet").withArgs(m, 0n);
        await expect(s.models.connect(s.users[0]).setSplit(m, 10_000n - MIN_DATA_BPS))
          .to.emit(s.models, "SplitSet")
          .withArgs(m, 10_000n - MIN_DATA_BPS);
        expect((await s.models.model(m)).ownerBps).to.equal(10_000n - MIN_DATA_BPS);
      });
    });

    describe("when the share leaves the data below the floor", function () {
      it("reverts with DataShareBelowFloor or ParameterOutOfBounds", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.users[0]).setSplit(m, 9000n))
          .to.be.revertedWithCustomError(s.models, "DataShareBelowFloor")
          .withArgs(1000n, MIN_DATA_BPS);
        await expect(s.models.connect(s.users[0]).setSplit(m, 10_001n))
          .to.be.revertedWithCustomError(s.models, "ParameterOutOfBounds")
          .withArgs(10_001n, 10_000n);
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotModelOwner", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.stranger).setSplit(m, 1000n))
          .to.be.revertedWithCustomError(s.models, "NotModelOwner")
          .withArgs(m, s.stranger.address);
      });
    });
  });

  describe("setCardURI", function () {
    describe("when the owner sets a card", function () {
      it("changes tokenURI and emits CardURISet", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d, { cardURI: "ipfs://card-v1" }));
        expect(await s.models.tokenURI(m)).to.equal("ipfs://card-v1");

        await expect(s.models.connect(s.users[0]).setCardURI(m, "ipfs://card-v2"))
          .to.emit(s.models, "CardURISet")
          .withArgs(m, "ipfs://card-v2");
        expect(await s.models.tokenURI(m)).to.equal("ipfs://card-v2");
        expect((await s.models.model(m)).cardURI).to.equal("ipfs://card-v2");
      });
    });

    describe("when the card is empty", function () {
      it("reverts with EmptyURI", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.users[0]).setCardURI(m, "")).to.be.revertedWithCustomError(
          s.models,
          "EmptyURI",
        );
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotModelOwner", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.stranger).setCardURI(m, "ipfs://x"))
          .to.be.revertedWithCustomError(s.models, "NotModelOwner")
          .withArgs(m, s.stranger.address);
      });
    });
  });

  describe("deprecate", function () {
    describe("when the owner deprecates the model", function () {
      it("marks it deprecated for good, emits ModelDeprecated and stops its settlement", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.users[0]).deprecate(m)).to.emit(s.models, "ModelDeprecated").withArgs(m);

        expect((await s.models.model(m)).status).to.equal(ModelStatus.Deprecated);
        await expect(s.models.settlementTerms(m))
          .to.be.revertedWithCustomError(s.models, "ModelIsDeprecated")
          .withArgs(m);
        await expect(s.models.connect(s.users[0]).deprecate(m))
          .to.be.revertedWithCustomError(s.models, "ModelIsDeprecated")
          .withArgs(m);
      });

      it("still lets a child be registered on it", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));
        await s.models.connect(s.users[0]).deprecate(m);

        const child = await register(s, s.users[1], params(d, { parentId: m }));

        expect(await s.models.lineage(child)).to.deep.equal([m]);
      });
    });

    describe("when the caller is not the owner", function () {
      it("reverts with NotModelOwner", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.stranger).deprecate(m))
          .to.be.revertedWithCustomError(s.models, "NotModelOwner")
          .withArgs(m, s.stranger.address);
      });
    });
  });

  describe("setSuspended", function () {
    describe("when the Timelock suspends and reinstates a model", function () {
      it("flips the flag, emits ModelSuspended and gates settlementTerms", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));
        const timelock = await timelockSigner(s);

        await expect(s.models.connect(timelock).setSuspended(m, true))
          .to.emit(s.models, "ModelSuspended")
          .withArgs(m, true);
        expect((await s.models.model(m)).suspended).to.equal(true);
        await expect(s.models.settlementTerms(m))
          .to.be.revertedWithCustomError(s.models, "ModelIsSuspended")
          .withArgs(m);

        await expect(s.models.connect(timelock).setSuspended(m, false))
          .to.emit(s.models, "ModelSuspended")
          .withArgs(m, false);
        expect((await s.models.model(m)).suspended).to.equal(false);
        expect((await s.models.settlementTerms(m)).price).to.equal(PRICE);
      });
    });

    describe("when the flag already has that value", function () {
      it("reverts with SuspensionUnchanged", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));
        const timelock = await timelockSigner(s);

        await expect(s.models.connect(timelock).setSuspended(m, false))
          .to.be.revertedWithCustomError(s.models, "SuspensionUnchanged")
          .withArgs(m, false);
        await s.models.connect(timelock).setSuspended(m, true);
        await expect(s.models.connect(timelock).setSuspended(m, true))
          .to.be.revertedWithCustomError(s.models, "SuspensionUnchanged")
          .withArgs(m, true);
      });
    });

    describe("when the model does not exist", function () {
      it("reverts with UnknownModel", async function () {
        const s = await loadSuite(connection);

        await expect(s.models.connect(await timelockSigner(s)).setSuspended(5n, true))
          .to.be.revertedWithCustomError(s.models, "UnknownModel")
          .withArgs(5n);
      });
    });
  });

  describe("governance setters", function () {
    describe("when a stranger, the deployer or a model owner calls them", function () {
      it("revert with AccessManagedUnauthorized", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        for (const caller of [s.stranger, s.deployer, s.users[0]]) {
          const models = s.models.connect(caller);
          for (const call of [
            () => models.setSuspended(m, true),
            () => models.setMinDataBps(5000n),
            () => models.setMaxLineageDepth(1n),
            () => models.setPublishFee(1n),
          ]) {
            await expect(call())
              .to.be.revertedWithCustomError(s.models, "AccessManagedUnauthorized")
              .withArgs(caller.address);
          }
        }
        expect(await s.models.minDataBps()).to.equal(MIN_DATA_BPS);
        expect(await s.models.maxLineageDepth()).to.equal(MAX_DEPTH);
        expect(await s.models.publishFee()).to.equal(0n);
        expect((await s.models.model(m)).suspended).to.equal(false);
      });
    });
  });

  describe("setMinDataBps", function () {
    shouldBehaveLikeRestrictedSetter({
      load: () => loadSuite(connection),
      contract: (s) => s.models,
      // Governance sets the floor through Settlement, which keeps the copy it settles with; the registry emits.
      set: (s, caller, value: bigint) => s.settlement.connect(caller).setMinDataBps(value),
      read: (s) => s.models.minDataBps(),
      valid: [5000n, 10_000n],
      event: "MinDataBpsSet",
      invalid: { values: [10_001n], error: "ParameterOutOfBounds", args: (value) => [value, 10_000n] },
      refused: 5000n,
    });

    describe("when the Timelock sets it", function () {
      it("applies to new splits", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d, { ownerBps: 6000n }));

        await s.settlement.connect(await timelockSigner(s)).setMinDataBps(5000n);
        await expect(s.models.connect(s.users[0]).setSplit(m, 6000n))
          .to.be.revertedWithCustomError(s.models, "DataShareBelowFloor")
          .withArgs(4000n, 5000n);
        await expect(s.models.connect(s.users[0]).registerModel(params(d, { ownerBps: 5001n })))
          .to.be.revertedWithCustomError(s.models, "DataShareBelowFloor")
          .withArgs(4999n, 5000n);
      });
    });
  });

  describe("setMaxLineageDepth", function () {
    shouldBehaveLikeRestrictedSetter({
      load: () => loadSuite(connection),
      contract: (s) => s.models,
      set: (s, caller, value: bigint) => s.models.connect(caller).setMaxLineageDepth(value),
      read: (s) => s.models.maxLineageDepth(),
      valid: [8n, 0n],
      event: "MaxLineageDepthSet",
      invalid: { values: [9n], error: "ParameterOutOfBounds", args: (value) => [value, 8n] },
      refused: 8n,
    });

    describe("when the Timelock sets it", function () {
      it("refuses any parent once the limit is 0", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const root = await register(s, s.users[0], params(d));
        await s.models.connect(await timelockSigner(s)).setMaxLineageDepth(0n);

        await expect(s.models.connect(s.users[0]).registerModel(params(d, { parentId: root })))
          .to.be.revertedWithCustomError(s.models, "LineageTooDeep")
          .withArgs(1n, 0n);
      });
    });
  });

  describe("setPublishFee", function () {
    shouldBehaveLikeRestrictedSetter({
      load: () => loadSuite(connection),
      contract: (s) => s.models,
      set: (s, caller, value: bigint) => s.models.connect(caller).setPublishFee(value),
      read: (s) => s.models.publishFee(),
      valid: [MAX_UINT96, 0n],
      event: "PublishFeeSet",
      invalid: { values: [MAX_UINT96 + 1n], error: "ParameterOutOfBounds", args: (value) => [value, MAX_UINT96] },
      refused: 1n,
    });
  });

  describe("settlementTerms", function () {
    describe("when the model is active", function () {
      it("returns the price, the owner share, the parent and the packed training set", async function () {
        const s = await loadSuite(connection);
        const [d1, d2] = await openDatanets(s, 2);
        const parent = await register(s, s.users[0], params(d1));
        const set = [
          { datanetId: d1, version: 1n, weightBps: 2500n },
          { datanetId: d2, version: 1n, weightBps: 7500n },
        ];
        const m = await register(s, s.users[1], params(d1, { parentId: parent, datanets: set, ownerBps: 6500n }));

        const t = await s.models.settlementTerms(m);
        expect(t.price).to.equal(PRICE);
        expect(t.ownerBps).to.equal(6500n);
        expect(t.parentId).to.equal(parent);
        expect(t.datanetCount).to.equal(2n);
        expect([t.datanets[0], t.datanets[1]]).to.deep.equal(pack(set));
        expect(t.datanets[1]).to.equal(0n);
      });

      it("fills the second word for more than five datanets", async function () {
        const s = await loadSuite(connection);
        const ids = await openDatanets(s, 7);
        const w = weights(7);
        const set = ids.map((datanetId, i) => ({ datanetId, version: 1n, weightBps: w[i] }));
        const m = await register(s, s.users[0], params(ids[0], { datanets: set }));

        const t = await s.models.settlementTerms(m);
        expect(t.datanetCount).to.equal(7n);
        expect([t.datanets[0], t.datanets[1]]).to.deep.equal(pack(set));
        expect(t.datanets[1]).to.not.equal(0n);
      });
    });

    describe("when governance raises the floor on the data share", function () {
      it("clamps the owner share to 10,000 - minDataBps without touching the stored split", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d, { ownerBps: 7000n }));
        const low = await register(s, s.users[0], params(d, { ownerBps: 1000n }));

        await s.settlement.connect(await timelockSigner(s)).setMinDataBps(6000n);

        expect((await s.models.settlementTerms(m)).ownerBps).to.equal(4000n);
        expect((await s.models.royaltyTerms(m)).ownerBps).to.equal(4000n);
        expect((await s.models.model(m)).ownerBps).to.equal(7000n);
        // A share already below the new cap is left as it is.
        expect((await s.models.settlementTerms(low)).ownerBps).to.equal(1000n);
      });
    });

    describe("when the model is suspended, deprecated or unknown", function () {
      it("reverts with ModelIsSuspended, ModelIsDeprecated or UnknownModel", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const suspended = await register(s, s.users[0], params(d));
        const deprecated = await register(s, s.users[0], params(d));
        const both = await register(s, s.users[0], params(d));
        const timelock = await timelockSigner(s);
        await s.models.connect(timelock).setSuspended(suspended, true);
        await s.models.connect(s.users[0]).deprecate(deprecated);
        await s.models.connect(s.users[0]).deprecate(both);
        await s.models.connect(timelock).setSuspended(both, true);

        await expect(s.models.settlementTerms(suspended))
          .to.be.revertedWithCustomError(s.models, "ModelIsSuspended")
          .withArgs(suspended);
        await expect(s.models.settlementTerms(deprecated))
          .to.be.revertedWithCustomError(s.models, "ModelIsDeprecated")
          .withArgs(deprecated);
        await expect(s.models.settlementTerms(both))
          .to.be.revertedWithCustomError(s.models, "ModelIsDeprecated")
          .withArgs(both);
        await expect(s.models.settlementTerms(99n))
          .to.be.revertedWithCustomError(s.models, "UnknownModel")
          .withArgs(99n);
      });
    });
  });

  describe("royaltyTerms", function () {
    describe("when the model is suspended or deprecated", function () {
      it("still returns its terms", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d, { ownerBps: 4000n }));
        await s.models.connect(await timelockSigner(s)).setSuspended(m, true);
        await s.models.connect(s.users[0]).deprecate(m);

        const t = await s.models.royaltyTerms(m);
        expect(t.price).to.equal(PRICE);
        expect(t.ownerBps).to.equal(4000n);
        expect(t.parentId).to.equal(0n);
        expect(t.datanetCount).to.equal(1n);
        expect([t.datanets[0], t.datanets[1]]).to.deep.equal(pack([{ datanetId: d, version: 1n, weightBps: 10_000n }]));
      });
    });

    describe("when the model does not exist", function () {
      it("reverts with UnknownModel", async function () {
        const s = await loadSuite(connection);

        await expect(s.models.royaltyTerms(1n)).to.be.revertedWithCustomError(s.models, "UnknownModel").withArgs(1n);
      });
    });
  });

  describe("lineage", function () {
    describe("when the model descends from others", function () {
      it("lists its ancestors, parent first", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const [root, child, grandchild, greatGrandchild] = await chain(s, d, 4);

        expect(await s.models.lineage(greatGrandchild)).to.deep.equal([grandchild, child, root]);
        expect(await s.models.lineage(child)).to.deep.equal([root]);
        expect(await s.models.lineage(root)).to.deep.equal([]);
        expect((await s.models.model(greatGrandchild)).depth).to.equal(3n);
      });
    });

    describe("when the model does not exist", function () {
      it("reverts with UnknownModel", async function () {
        const s = await loadSuite(connection);

        await expect(s.models.lineage(1n)).to.be.revertedWithCustomError(s.models, "UnknownModel").withArgs(1n);
      });
    });
  });

  describe("model and tokenURI", function () {
    describe("when the model does not exist", function () {
      it("revert with UnknownModel", async function () {
        const s = await loadSuite(connection);

        await expect(s.models.model(0n)).to.be.revertedWithCustomError(s.models, "UnknownModel").withArgs(0n);
        await expect(s.models.tokenURI(1n)).to.be.revertedWithCustomError(s.models, "UnknownModel").withArgs(1n);
      });
    });
  });

  describe("ERC-721 transfer", function () {
    describe("when the owner transfers the model token", function () {
      it("moves the ownership: the new owner can set the price, the old one cannot", async function () {
        const s = await loadSuite(connection);
        const [oldOwner, newOwner] = s.users;
        const [d] = await openDatanets(s, 1);
        const m = await register(s, oldOwner, params(d));

        await expect(s.models.connect(oldOwner).transferFrom(oldOwner.address, newOwner.address, m))
          .to.emit(s.models, "Transfer")
          .withArgs(oldOwner.address, newOwner.address, m);

        expect((await s.models.model(m)).owner).to.equal(newOwner.address);
        expect(await s.models.balanceOf(newOwner.address)).to.equal(1n);
        await expect(s.models.connect(newOwner).setPrice(m, 3n)).to.emit(s.models, "PriceSet").withArgs(m, 3n);
        await expect(s.models.connect(oldOwner).setPrice(m, 4n))
          .to.be.revertedWithCustomError(s.models, "NotModelOwner")
          .withArgs(m, oldOwner.address);
        await expect(s.models.connect(oldOwner).publishVersion(m, hash("v1"), "ipfs://v1", []))
          .to.be.revertedWithCustomError(s.models, "NotModelOwner")
          .withArgs(m, oldOwner.address);
      });
    });

    describe("when a stranger transfers it", function () {
      it("reverts with ERC721InsufficientApproval", async function () {
        const s = await loadSuite(connection);
        const [d] = await openDatanets(s, 1);
        const m = await register(s, s.users[0], params(d));

        await expect(s.models.connect(s.stranger).transferFrom(s.users[0].address, s.stranger.address, m))
          .to.be.revertedWithCustomError(s.models, "ERC721InsufficientApproval")
          .withArgs(s.stranger.address, m);
      });
    });
  });
});
