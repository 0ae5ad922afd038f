/// The SDK's actions of the money flow (settlement, staking, models), on a suite deployed by the Hardhat network
/// fixture: each action's happy path with its decoded event, and a failure caught by its preflight that sends
/// nothing (no transaction, no approval).
import { expect } from "chai";
import { id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  attach,
  claimRewards,
  CONTRACT_KEYS,
  decodeError,
  getModel,
  getQuote,
  getSettlementStatus,
  getStakeStatus,
  listModels,
  pause,
  payTreasury,
  previewSplit,
  publishVersion,
  pushStakerRewards,
  quote,
  registerModel,
  setPrice,
  setSplit,
  settle,
  settleBatch,
  stake,
  unpause,
  unstake,
  withdraw,
  withdrawModelRevenue,
} from "../../package/src/index.js";
import type { Addresses, BatchInference, Client, ModelInput } from "../../package/src/index.js";
import { loadSuite, PARAMS, publishDatanetVersion } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers, ethers } = connection;

const MODEL = 1n;
const DATANET = 1n;
const PRICE = parseEther("1");

interface World extends Suite {
  addresses: Addresses;
  modelOwner: HardhatEthersSigner;
  payer: HardhatEthersSigner;
  staker: HardhatEthersSigner;
  /// The client of each signer.
  as: (signer: HardhatEthersSigner) => Client;
}

function modelInput(changes: Partial<ModelInput> = {}): ModelInput {
  return {
    cardURI: "ipfs://card",
    weightsHash: id("weights"),
    weightsURI: "ipfs://weights",
    parentId: 0n,
    datanets: [{ datanetId: DATANET, version: 1n, weightBps: 10_000n }],
    price: PRICE,
    ownerBps: 5_000n,
    ...changes,
  };
}

/// Version 1 of datanet 1 trains model 1 (1 OPEN per inference, owner share 50%), registered by its owner; nothing is
/// settled.
async function moneyWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [curator, modelOwner, payer, staker] = s.users;
  await s.datanets.connect(curator).createDatanet("ipfs://datanet", false, 0n, curator.address);
  await publishDatanetVersion(s, DATANET);
  await s.models.connect(modelOwner).registerModel(modelInput());
  const entries = await Promise.all(CONTRACT_KEYS.map(async (key) => [key, await s[key].getAddress()] as const));
  const addresses = Object.fromEntries(entries) as unknown as Addresses;
  return { ...s, addresses, modelOwner, payer, staker, as: (signer) => attach(signer, addresses, 31337n) };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(moneyWorld);

/// What `fn` threw, as the one line the SDK decodes it to.
async function failure(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err: unknown) {
    return decodeError(err);
  }
  throw new Error("expected a rejection");
}

/// The transactions `signer` has sent so far.
async function sent(signer: HardhatEthersSigner): Promise<number> {
  return ethers.provider.getTransactionCount(signer.address);
}

let inferences = 0;
function inference(modelId = MODEL, extra: Partial<BatchInference> = {}): BatchInference {
  inferences += 1;
  return {
    modelId,
    inferenceId: id(`inference-${inferences}`),
    attributionHash: id(`attribution-${inferences}`),
    ...extra,
  };
}

/// Settles `count` inferences of model 1 from the payer.
async function settled(w: World, count = 1n): Promise<void> {
  await settle(w.as(w.payer), { ...inference(), units: count });
}

describe("settlement actions", function () {
  describe("quote, previewSplit and getQuote", function () {
    it("give the contract's fee and a split whose parts add up to it", async function () {
      const w = await world();
      const client = w.as(w.payer);

      const fee = await quote(client, { modelId: MODEL, units: 3n });
      const split = await previewSplit(client, { modelId: MODEL, fee });
      const full = await getQuote(client, { modelId: MODEL, units: 3n });

      expect(fee).to.equal(PRICE * 3n);
      const parts = [split.protocol, split.stakers, ...split.models, ...split.datanets].map((p) =>
        typeof p === "bigint" ? p : p.amount,
      );
      expect(parts.reduce((a, b) => a + b, 0n)).to.equal(fee);
      expect(split.protocol).to.equal((fee * BigInt(PARAMS.protocolBps)) / 10_000n);
      // 3 OPEN: 20% to the protocol and the stakers, then half of the rest to the owner and half to the datanet,
      // credited for the model and the datanet version it trains on.
      expect(split.models).to.deep.equal([{ id: MODEL, amount: parseEther("1.2") }]);
      expect(split.datanets).to.deep.equal([{ id: DATANET, modelId: MODEL, version: 1n, amount: parseEther("1.2") }]);
      expect(full).to.deep.include({ fee, price: PRICE, units: 3n, split });
      expect(full.suspendedAncestor).to.equal(undefined);
      expect(await client.quote(MODEL, 3n)).to.equal(fee);
      expect(await client.previewSplit(MODEL, fee)).to.deep.equal(split);
    });

    it("reject with the contract's error for an unknown model", async function () {
      const w = await world();

      expect(await failure(() => quote(w.as(w.payer), { modelId: 99n }))).to.equal("UnknownModel(modelId=99)");
    });
  });

  describe("settle", function () {
    describe("when the cap is below the fee", function () {
      it("sends nothing, not even the approval", async function () {
        const w = await world();
        const before = await sent(w.payer);

        const line = await failure(() => settle(w.as(w.payer), { ...inference(), maxFee: 1n }));

        expect(line).to.equal("FeeAboveCap(fee=1 OPEN, cap=0.000000000000000001 OPEN (1 wei))");
        expect(await sent(w.payer)).to.equal(before);
        expect(await w.open.allowance(w.payer.address, w.addresses.settlement)).to.equal(0n);
      });
    });
  });

  describe("settleBatch", function () {
    describe("when five inferences go in chunks of two", function () {
      it("approves once, sends three transactions and returns every decoded event", async function () {
        const w = await world();
        const list = [inference(), inference(), inference(MODEL, { units: 3n }), inference(), inference()];
        const before = await w.open.balanceOf(w.payer.address);
        const steps: number[] = [];

        const batch = await settleBatch(w.as(w.payer), {
          inferences: list,
          chunk: 2,
          onProgress: (p) => p.step !== undefined && steps.push(p.step),
        });

        expect(batch.receipts).to.have.length(3);
        expect(batch.approval).to.match(/^0x[0-9a-f]{64}$/);
        expect(batch.total).to.equal(PRICE * 7n);
        expect(batch.events.map((e) => e.inferenceId)).to.deep.equal(list.map((i) => i.inferenceId));
        expect(batch.events.map((e) => e.attributionHash)).to.deep.equal(list.map((i) => i.attributionHash));
        expect(batch.events[2].fee).to.equal(PRICE * 3n);
        expect(steps).to.deep.equal([2, 4, 5]);
        expect(await w.open.balanceOf(w.payer.address)).to.equal(before - PRICE * 7n);
        expect(await w.open.allowance(w.payer.address, w.addresses.settlement)).to.equal(0n);
      });
    });

    describe("when one cap of the second chunk is below its fee", function () {
      it("names the chunk and its lines, and sends nothing", async function () {
        const w = await world();
        const list = [1, 2, 3].map((line) => inference(MODEL, { line, ...(line === 3 ? { maxFee: 5n } : {}) }));
        const before = await sent(w.payer);

        const line = await failure(() => settleBatch(w.as(w.payer), { inferences: list, chunk: 2, source: "log" }));

        expect(line).to.equal("chunk 2/2 (lines 3-3): FeeAboveCap(fee=1 OPEN, cap=0.000000000000000005 OPEN (5 wei))");
        expect(await sent(w.payer)).to.equal(before);
        expect(await w.open.allowance(w.payer.address, w.addresses.settlement)).to.equal(0n);
      });
    });

    describe("when an inference id repeats", function () {
      it("names both and sends nothing", async function () {
        const w = await world();
        const first = inference(MODEL, { line: 1 });
        const before = await sent(w.payer);

        const line = await failure(() =>
          settleBatch(w.as(w.payer), { inferences: [first, { ...first, line: 4 }], source: "log.jsonl" }),
        );

        expect(line).to.equal(`log.jsonl:4: inference ${first.inferenceId} is already on line 1`);
        expect(await sent(w.payer)).to.equal(before);
      });
    });

    describe("when the payer holds less than the total", function () {
      it("says so in OPEN and sends nothing", async function () {
        const w = await world();
        const poor = w.stranger;
        const before = await sent(poor);

        const line = await failure(() => settleBatch(w.as(poor), { inferences: [inference(), inference()] }));

        expect(line).to.equal(`${poor.address} holds 0 OPEN, less than the 2 OPEN fees of the 2 inferences`);
        expect(await sent(poor)).to.equal(before);
      });
    });
  });

  describe("pushStakerRewards and payTreasury", function () {
    it("pay out what settlements credited, with the decoded events", async function () {
      const w = await world();
      await settled(w, 10n);
      const [stakers, treasury] = [await w.settlement.stakersAccrued(), await w.settlement.treasuryAccrued()];
      const client = w.as(w.stranger);

      const pushed = await pushStakerRewards(client);
      const paid = await payTreasury(client);

      expect(pushed.event.amount).to.equal(stakers);
      expect(stakers).to.equal((PRICE * 10n * BigInt(PARAMS.stakersBps)) / 10_000n);
      expect(paid.event.amount).to.equal(treasury);
      expect(paid.treasury).to.equal(w.addresses.timelock);
      expect(await w.settlement.stakersAccrued()).to.equal(0n);
      expect(await w.settlement.treasuryAccrued()).to.equal(0n);
    });

    it("send nothing when nothing is credited", async function () {
      const w = await world();
      const before = await sent(w.stranger);

      expect(await failure(() => pushStakerRewards(w.as(w.stranger)))).to.equal("NothingToWithdraw()");
      expect(await failure(() => payTreasury(w.as(w.stranger)))).to.equal("NothingToWithdraw()");
      expect(await sent(w.stranger)).to.equal(before);
    });
  });

  describe("withdrawModelRevenue", function () {
    it("pays the model's revenue to the recipient", async function () {
      const w = await world();
      await settled(w, 4n);
      const revenue = await w.settlement.modelRevenue(MODEL);

      const { event } = await withdrawModelRevenue(w.as(w.modelOwner), { modelId: MODEL, to: w.stranger.address });

      expect(event).to.deep.include({ modelId: MODEL, to: w.stranger.address, amount: revenue });
      expect(await w.open.balanceOf(w.stranger.address)).to.equal(revenue);
    });

    it("sends nothing for a signer that does not own the model", async function () {
      const w = await world();
      await settled(w);
      const before = await sent(w.payer);

      const line = await failure(() => withdrawModelRevenue(w.as(w.payer), { modelId: MODEL }));

      expect(line).to.equal(`NotModelOwner(modelId=1, caller=${w.payer.address})`);
      expect(await sent(w.payer)).to.equal(before);
    });
  });

  describe("pause and unpause", function () {
    it("stop settlements until unpaused, and a settlement refused meanwhile leaves no approval", async function () {
      const w = await world();
      const guardian = w.as(w.deployer);

      const paused = await pause(guardian);
      const line = await failure(() => settle(w.as(w.payer), inference()));
      const resumed = await unpause(guardian);

      expect(paused.paused).to.equal(true);
      expect(paused.event.account).to.equal(w.deployer.address);
      expect(paused.guardianRoleUntil).to.be.greaterThan(paused.at);
      expect(line).to.equal("EnforcedPause()");
      expect(await w.open.allowance(w.payer.address, w.addresses.settlement)).to.equal(0n);
      expect(resumed.paused).to.equal(false);
    });

    it("send nothing for a caller without the GUARDIAN role", async function () {
      const w = await world();
      const before = await sent(w.stranger);

      expect(await failure(() => pause(w.as(w.stranger)))).to.equal(
        `AccessManagedUnauthorized(caller=${w.stranger.address})`,
      );
      expect(await failure(() => unpause(w.as(w.deployer)))).to.equal("ExpectedPause()");
      expect(await sent(w.stranger)).to.equal(before);
    });
  });

  describe("getSettlementStatus", function () {
    it("reads the shares, the pools and every datanet's and model's credit", async function () {
      const w = await world();
      await settled(w, 2n);

      const status = await getSettlementStatus(w.as(w.payer));

      expect(status).to.deep.include({
        settlement: w.addresses.settlement,
        paused: false,
        protocolBps: BigInt(PARAMS.protocolBps),
        challengeWindow: BigInt(PARAMS.challengeWindow),
      });
      expect(status.datanets).to.deep.equal([
        {
          datanetId: DATANET,
          accrued: await w.settlement.accrued(DATANET),
          claimed: 0n,
          activeRoot: null,
          activeEpoch: 0n,
          activeTotal: 0n,
        },
      ]);
      expect(status.models).to.deep.equal([{ modelId: MODEL, revenue: await w.settlement.modelRevenue(MODEL) }]);
    });
  });
});

describe("staking actions", function () {
  describe("stake", function () {
    it("approves exactly the amount, stakes and returns the Staked event", async function () {
      const w = await world();

      const staked = await stake(w.as(w.staker), { amount: parseEther("100") });

      expect(staked.paidWith).to.equal("approval");
      expect(staked.event).to.deep.equal({ account: w.staker.address, amount: parseEther("100") });
      expect(await w.gopen.balanceOf(w.staker.address)).to.equal(parseEther("100"));
      expect(await w.open.allowance(w.staker.address, w.addresses.gopen)).to.equal(0n);
    });

    it("stakes in one transaction with a permit", async function () {
      const w = await world();
      const before = await sent(w.staker);

      const staked = await stake(w.as(w.staker), { amount: parseEther("5"), permit: true });

      expect(staked.paidWith).to.equal("permit");
      expect(staked.approval).to.equal(undefined);
      expect(await sent(w.staker)).to.equal(before + 1);
    });

    it("sends nothing when the account holds less than the amount", async function () {
      const w = await world();
      const before = await sent(w.staker);

      const line = await failure(() => stake(w.as(w.staker), { amount: parseEther("2000000") }));

      expect(line).to.equal(`${w.staker.address} holds 1,000,000 OPEN, less than the 2,000,000 OPEN to stake`);
      expect(await sent(w.staker)).to.equal(before);
      expect(await w.open.allowance(w.staker.address, w.addresses.gopen)).to.equal(0n);
    });
  });

  describe("unstake and withdraw", function () {
    it("request a withdrawal, refuse it before the cooldown in human units, then pay it", async function () {
      const w = await world();
      const client = w.as(w.staker);
      await stake(client, { amount: parseEther("10") });

      const requested = await unstake(client, { amount: parseEther("4") });
      const before = await sent(w.staker);
      const early = await failure(() => withdraw(client));
      const sentEarly = await sent(w.staker);
      await networkHelpers.time.increaseTo(requested.event.readyAt);
      const withdrawn = await withdraw(client);

      expect(requested.pendingBefore).to.equal(0n);
      expect(requested.event).to.deep.include({ account: w.staker.address, totalPending: parseEther("4") });
      expect(early).to.match(/^the withdrawal of 4 OPEN is not ready: it is withdrawable \d{4}-.* UTC \(in 1h\)$/);
      expect(sentEarly).to.equal(before);
      expect(withdrawn.event).to.deep.equal({ account: w.staker.address, amount: parseEther("4") });
    });

    it("send nothing when nothing is pending or staked", async function () {
      const w = await world();
      const before = await sent(w.staker);

      expect(await failure(() => withdraw(w.as(w.staker)))).to.equal(
        `NoPendingWithdrawal(account=${w.staker.address})`,
      );
      expect(await failure(() => unstake(w.as(w.staker), { amount: 1n }))).to.match(/^ERC20InsufficientBalance\(/);
      expect(await sent(w.staker)).to.equal(before);
    });
  });

  describe("claimRewards and getStakeStatus", function () {
    it("pay what the stake earned from pushed fees, and read the stake", async function () {
      const w = await world();
      const client = w.as(w.staker);
      await stake(client, { amount: parseEther("1000") });
      await settled(w, 100n);
      await pushStakerRewards(client);
      await networkHelpers.time.increase(PARAMS.rewardsDuration);
      const status = await getStakeStatus(client, { account: w.staker.address });

      const claimed = await claimRewards(client);

      expect(status).to.deep.include({ staked: parseEther("1000"), delegate: null, cooldown: 3600n });
      expect(status.earned).to.be.greaterThan(0n);
      expect(claimed.event.account).to.equal(w.staker.address);
      expect(claimed.event.amount >= status.earned).to.equal(true);
    });

    it("sends nothing when nothing is earned", async function () {
      const w = await world();
      const before = await sent(w.staker);

      expect(await failure(() => claimRewards(w.as(w.staker)))).to.equal(`NoRewards(account=${w.staker.address})`);
      expect(await sent(w.staker)).to.equal(before);
    });
  });
});

describe("model actions", function () {
  describe("registerModel", function () {
    it("registers a child model and returns the ModelRegistered event", async function () {
      const w = await world();

      const registered = await registerModel(w.as(w.modelOwner), { model: modelInput({ parentId: MODEL }) });

      expect(registered.event).to.deep.include({ modelId: 2n, owner: w.modelOwner.address, parentId: MODEL });
      expect(registered.publishFee).to.equal(0n);
      expect(registered.approval).to.equal(undefined);
      const listed = await listModels(w.as(w.payer));
      expect(listed.map((m) => [m.modelId, m.parentId, m.lineage])).to.deep.equal([
        [1n, 0n, []],
        [2n, MODEL, [MODEL]],
      ]);
    });

    describe("when the registry charges a publish fee and refuses the card", function () {
      it("sends nothing, not even the approval of the fee", async function () {
        const w = await world();
        await networkHelpers.impersonateAccount(w.addresses.timelock);
        await networkHelpers.setBalance(w.addresses.timelock, parseEther("1"));
        await w.models.connect(await ethers.getSigner(w.addresses.timelock)).setPublishFee(parseEther("5"));
        const before = await sent(w.modelOwner);

        const line = await failure(() =>
          registerModel(w.as(w.modelOwner), {
            model: modelInput({ datanets: [{ datanetId: 99n, version: 1n, weightBps: 10_000n }] }),
          }),
        );

        expect(line).to.equal("UnknownDatanet(datanetId=99)");
        expect(await sent(w.modelOwner)).to.equal(before);
        expect(await w.open.allowance(w.modelOwner.address, w.addresses.models)).to.equal(0n);
        const paid = await registerModel(w.as(w.modelOwner), { model: modelInput() });
        expect(paid.publishFee).to.equal(parseEther("5"));
        expect(paid.approval).to.match(/^0x[0-9a-f]{64}$/);
      });
    });
  });

  describe("publishVersion, setPrice and setSplit", function () {
    it("change the model and return their events and the previous terms", async function () {
      const w = await world();
      const owner = w.as(w.modelOwner);

      const version = await publishVersion(owner, { modelId: MODEL, weightsHash: id("v2"), uri: "ipfs://v2" });
      const price = await setPrice(owner, { modelId: MODEL, price: parseEther("2") });
      const split = await setSplit(owner, { modelId: MODEL, ownerBps: 6_000n });
      const shown = await getModel(w.as(w.payer), { modelId: MODEL });

      expect(version.event).to.deep.equal({
        modelId: MODEL,
        version: 1n,
        weightsHash: id("v2"),
        datanetVersions: [1n],
        uri: "ipfs://v2",
      });
      expect(price.previous).to.equal(PRICE);
      expect(price.event).to.deep.equal({ modelId: MODEL, price: parseEther("2") });
      expect(split.previous).to.equal(5_000n);
      expect(split.event).to.deep.equal({ modelId: MODEL, ownerBps: 6_000n });
      expect(shown).to.deep.include({ status: "Active", price: parseEther("2"), ownerBps: 6_000n, parentId: 0n });
      expect(shown.versions.map((v) => v.uri)).to.deep.equal(["ipfs://weights", "ipfs://v2"]);
    });

    describe("when the new version names a newer published datanet version", function () {
      it("moves the model's training set to it, which the event and the split then name", async function () {
        const w = await world();
        await publishDatanetVersion(w, DATANET);

        const published = await publishVersion(w.as(w.modelOwner), {
          modelId: MODEL,
          weightsHash: id("v2"),
          uri: "ipfs://v2",
          datanetVersions: [2n],
        });

        expect(published.event).to.deep.include({ modelId: MODEL, version: 1n, datanetVersions: [2n] });
        expect((await w.models.trainingSet(MODEL)).map((t) => [t.datanetId, t.version, t.weightBps])).to.deep.equal([
          [DATANET, 2n, 10_000n],
        ]);
        const split = await previewSplit(w.as(w.payer), { modelId: MODEL, fee: PRICE });
        expect(split.datanets.map((c) => [c.id, c.modelId, c.version])).to.deep.equal([[DATANET, MODEL, 2n]]);
      });
    });

    describe("when the new version names an older datanet version than the one in force", function () {
      it("sends nothing and names the datanet, the version and the current one", async function () {
        const w = await world();
        await publishDatanetVersion(w, DATANET);
        const owner = w.as(w.modelOwner);
        await publishVersion(owner, { modelId: MODEL, weightsHash: id("v2"), uri: "ipfs://v2", datanetVersions: [2n] });
        const before = await sent(w.modelOwner);

        const line = await failure(() =>
          publishVersion(owner, { modelId: MODEL, weightsHash: id("v3"), uri: "ipfs://v3", datanetVersions: [1n] }),
        );

        expect(line).to.equal("DatanetVersionRegressed(datanetId=1, version=1, current=2)");
        expect(await sent(w.modelOwner)).to.equal(before);
      });
    });

    it("send nothing when the registry would refuse", async function () {
      const w = await world();
      const before = await sent(w.modelOwner);
      const owner = w.as(w.modelOwner);

      expect(await failure(() => setPrice(owner, { modelId: MODEL, price: 0n }))).to.equal("ZeroPrice()");
      expect(await failure(() => setSplit(owner, { modelId: MODEL, ownerBps: 9_000n }))).to.equal(
        "DataShareBelowFloor(dataBps=1000 bps (10%), minDataBps=3000 bps (30%))",
      );
      expect(
        await failure(() => publishVersion(w.as(w.payer), { modelId: MODEL, weightsHash: id("x"), uri: "ipfs://x" })),
      ).to.equal(`NotModelOwner(modelId=1, caller=${w.payer.address})`);
      expect(await sent(w.modelOwner)).to.equal(before);
    });
  });
});
