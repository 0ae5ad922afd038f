import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { MaxUint256, ZeroAddress, id, parseEther } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  addressesFromIgnition,
  attach,
  claimableFor,
  claimAll,
  connect,
  decodeError,
  OpenLedgerError,
  proofFor,
} from "../../package/src/index.js";
import type { Addresses, Client, TreeFile } from "../../package/src/index.js";
import { buildTree, compareAddresses, loadTree as loadTreeFrom, treeFileOf } from "../../package/src/index.js";
import { addressesOf } from "./world.js";
import type { Allocation } from "../../package/src/index.js";
import { loadTree } from "../../package/src/node/index.js";
import { loadSuite, PARAMS, publishDatanetVersion } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers } = connection;

const MODEL = 1n;
const DATANET = 1n;
const PRICE = parseEther("1");
const UNITS = 10n;

interface World extends Suite {
  addresses: Addresses;
  attestor: HardhatEthersSigner;
  modelOwner: HardhatEthersSigner;
  payer: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
}

/// Version 1 of datanet 1 (open, bonded attestor) trains model 1 (1 OPEN per inference, owner share 50%); the payer
/// has settled 10 inferences, so the datanet has accrued 10 OPEN × 80% × 50% = 4 OPEN.
async function packageWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [attestor, modelOwner, payer, alice, bob] = s.users;
  await s.datanets.connect(attestor).createDatanet("ipfs://datanet", false, 0n, attestor.address);
  const version = await publishDatanetVersion(s, DATANET);
  await s.models.connect(modelOwner).registerModel({
    cardURI: "ipfs://card",
    weightsHash: id("weights"),
    weightsURI: "ipfs://weights",
    parentId: 0n,
    datanets: [{ datanetId: DATANET, version, weightBps: 10_000n }],
    price: PRICE,
    ownerBps: 5_000n,
  });
  const settlement = await s.settlement.getAddress();
  await s.open.connect(payer).approve(settlement, MaxUint256);
  await s.settlement.connect(payer).settle(MODEL, UNITS, MaxUint256, id("inference-0"), id("attribution-0"));
  await s.open.connect(attestor).approve(settlement, MaxUint256);
  await s.settlement.connect(attestor).depositBond(PARAMS.minAttestorBond);
  const addresses: Addresses = await addressesOf(s);
  return { ...s, addresses, attestor, modelOwner, payer, alice, bob };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(packageWorld);

/// Runs `fn`, which must reject, and returns what it threw.
async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err: unknown) {
    return err;
  }
  throw new Error("expected a rejection");
}

/// The tree file of an allocation of `datanetId` at `epoch`, as `attribution:post` writes it.
function treeOf(w: World, epoch: number, leaves: Array<[HardhatEthersSigner, bigint]>): TreeFile {
  const allocations = leaves
    .map(([signer, amount]) => ({ account: signer.address, cumulativeAmount: amount.toString() }))
    .sort((a, b) => compareAddresses(a.account, b.account));
  const allocation: Allocation = {
    version: 1,
    chainId: 31337,
    settlement: w.addresses.settlement,
    datanetId: DATANET.toString(),
    epoch,
    policy: "pro-rata",
    cumulativeTotal: leaves.reduce((sum, [, amount]) => sum + amount, 0n).toString(),
    allocations,
  };
  return treeFileOf(allocation, buildTree(allocation));
}

/// Posts the root of `tree` as the datanet's attestor.
async function post(w: World, tree: TreeFile): Promise<void> {
  const { datanetId, epoch, cumulativeTotal } = tree.allocation;
  await w.settlement.connect(w.attestor).postRoot(datanetId, epoch, tree.root, cumulativeTotal, "ipfs://tree");
}

describe("connect", function () {
  describe("when given the suite's addresses", function () {
    it("returns every contract, typed and connected to the runner, on the runner's chain", async function () {
      const w = await world();

      const client = await connect(w.payer, w.addresses);

      expect(client.chainId).to.equal(31337n);
      expect(client.addresses).to.deep.equal(w.addresses);
      expect(await client.open.symbol()).to.equal("OPEN");
      expect(await client.settlement.getAddress()).to.equal(w.addresses.settlement);
      expect(await client.models.ownerOf(MODEL)).to.equal(w.modelOwner.address);
      expect(await client.datanets.getAddress()).to.equal(w.addresses.datanets);
    });

    it("reads the addresses of an Ignition deployed_addresses.json", async function () {
      const w = await world();
      const file = {
        "OpenLedger#OpenToken": w.addresses.open,
        "OpenLedger#StakedOpen": w.addresses.gopen,
        "OpenLedger#OpenTimelock": w.addresses.timelock,
        "OpenLedger#OpenGovernor": w.addresses.governor,
        "OpenLedger#OpenAccessManager": w.addresses.accessManager,
        "OpenLedger#DatanetRegistry": w.addresses.datanets,
        "OpenLedger#ModelRegistry": w.addresses.models,
        "OpenLedger#Settlement": w.addresses.settlement.toLowerCase(),
        "OpenLedger#SpendingBudgets": w.addresses.budgets,
        "OpenLedger#AgentRegistry": w.addresses.agents,
        "OpenLedger#JobEscrow": w.addresses.jobs,
        "OpenLedger#ReputationRegistry": w.addresses.reputation,
      };

      const client = await connect(w.payer, addressesFromIgnition(file));

      expect(client.addresses).to.deep.equal(w.addresses);
    });
  });

  describe("when given a chain id with no deployment", function () {
    it("rejects with one line naming the chain and the known ones", async function () {
      const w = await world();

      const err = await rejection(() => connect(w.payer, 11155111));

      expect(err).to.be.instanceOf(OpenLedgerError);
      expect(decodeError(err)).to.match(/^no OpenLedger deployment for chain 11155111; known: /);
    });

    it("rejects the runner's own chain when the package ships no deployment for it", async function () {
      const w = await world();

      const err = await rejection(() => connect(w.payer, 31337n));

      expect(decodeError(err)).to.match(/^no OpenLedger deployment for chain 31337; known: none/);
    });
  });

  describe("when an address has no code", function () {
    it("rejects before sending anything, naming the address, the contract and the chain", async function () {
      const w = await world();
      const nonceBefore = await w.payer.getNonce();
      const stale: Addresses = { ...w.addresses, settlement: w.stranger.address };

      const err = await rejection(() => connect(w.payer, stale));

      expect(decodeError(err)).to.equal(
        `no contract code at ${w.stranger.address} (Settlement) on chain 31337: ` +
          "wrong chain or addresses, or the node was reset since the deployment",
      );
      expect(await w.payer.getNonce()).to.equal(nonceBefore);
    });

    it("counts the other addresses without code", async function () {
      const w = await world();
      const empty = { ...w.addresses, open: w.alice.address, gopen: w.bob.address, models: w.stranger.address };

      const err = await rejection(() => connect(w.payer, empty));

      expect(decodeError(err)).to.match(
        new RegExp(`^no contract code at ${w.alice.address} \\(OpenToken\\) and 2 more on chain 31337: `),
      );
    });
  });

  describe("when an address is malformed or missing", function () {
    it("rejects with the key at fault", async function () {
      const w = await world();
      const bad = { ...w.addresses, models: "0x1234" };
      const partial: Partial<Record<keyof Addresses, string>> = { ...w.addresses };
      delete partial.settlement;

      expect(decodeError(await rejection(() => connect(w.payer, bad)))).to.equal(
        'addresses.models is not an address: "0x1234"',
      );
      expect(decodeError(await rejection(() => connect(w.payer, partial as Addresses)))).to.equal(
        "addresses has no settlement",
      );
    });
  });
});

describe("attach", function () {
  describe("when given addresses", function () {
    it("returns the client at once, without asking the node anything", async function () {
      const w = await world();

      const client: Client = attach(w.payer, w.addresses);

      expect(client.chainId).to.equal(undefined);
      expect(await client.settlement.getAddress()).to.equal(w.addresses.settlement);
      expect(await client.open.balanceOf(w.payer.address)).to.equal(parseEther("1000000") - PRICE * UNITS);
    });
  });
});

describe("decodeError", function () {
  describe("when a suite contract reverts with its own custom error", function () {
    it("gives the error and its arguments, from the bundled ABIs", async function () {
      const w = await world();
      const client = await connect(w.payer, w.addresses);

      const err = await rejection(() => client.settlement.settle(MODEL, 1n, 1n, id("i"), id("a")));

      expect(decodeError(err)).to.equal("FeeAboveCap(fee=1 OPEN, cap=0.000000000000000001 OPEN (1 wei))");
    });

    it("names an unknown model", async function () {
      const w = await world();
      const client = await connect(w.payer, w.addresses);

      expect(
        decodeError(await rejection(() => client.settlement.settle(99n, 1n, MaxUint256, id("i"), id("a")))),
      ).to.equal("UnknownModel(modelId=99)");
    });
  });

  describe("when an OpenZeppelin base reverts", function () {
    it("gives the OpenZeppelin error with its arguments", async function () {
      const w = await world();
      const client = await connect(w.stranger, w.addresses);

      const err = await rejection(() => client.open.transferFrom(w.payer.address, w.stranger.address, 5n));

      expect(decodeError(err)).to.equal(
        `ERC20InsufficientAllowance(spender=${w.stranger.address}, allowance=0 OPEN, needed=0.000000000000000005 OPEN (5 wei))`,
      );
    });
  });
});

describe("quote", function () {
  describe("when the model exists", function () {
    it("is the model's price times the units", async function () {
      const w = await world();
      const client = await connect(w.payer, w.addresses);

      expect(await client.quote(MODEL, 3n)).to.equal(3n * PRICE);
    });
  });

  describe("when the model does not exist", function () {
    it("reverts with UnknownModel", async function () {
      const w = await world();
      const client = await connect(w.payer, w.addresses);

      expect(decodeError(await rejection(() => client.quote(42n, 1n)))).to.equal("UnknownModel(modelId=42)");
    });
  });
});

describe("previewSplit", function () {
  describe("when a fee is paid for a model trained on one datanet", function () {
    it("gives the contract's split as plain objects that add up to the fee", async function () {
      const w = await world();
      const client = await connect(w.payer, w.addresses);
      const fee = parseEther("10");

      const split = await client.previewSplit(MODEL, fee);

      expect(split).to.deep.equal({
        fee,
        protocol: parseEther("0.5"),
        stakers: parseEther("1.5"),
        models: [{ id: MODEL, amount: parseEther("4") }],
        datanets: [{ id: DATANET, modelId: MODEL, version: 1n, amount: parseEther("4") }],
      });
      const parts = [...split.models, ...split.datanets].reduce((sum, c) => sum + c.amount, 0n);
      expect(split.protocol + split.stakers + parts).to.equal(fee);
    });

    it("matches what settling the fee credits", async function () {
      const w = await world();
      const client = await connect(w.payer, w.addresses);
      const fee = await client.quote(MODEL, 7n);
      const split = await client.previewSplit(MODEL, fee);
      const accruedBefore = await client.settlement.accrued(DATANET);
      const revenueBefore = await client.settlement.modelRevenue(MODEL);

      await (await client.settlement.settle(MODEL, 7n, fee, id("inference-7"), id("attribution-7"))).wait();

      expect((await client.settlement.accrued(DATANET)) - accruedBefore).to.equal(split.datanets[0].amount);
      expect((await client.settlement.modelRevenue(MODEL)) - revenueBefore).to.equal(split.models[0].amount);
    });
  });
});

describe("loadTree", function () {
  describe("when given a path, JSON text or a parsed object", function () {
    it("returns the same tree file", async function () {
      const w = await world();
      const tree = treeOf(w, 1, [
        [w.alice, parseEther("3")],
        [w.bob, parseEther("1")],
      ]);
      const dir = mkdtempSync(path.join(tmpdir(), "openledger-tree-"));
      try {
        const file = path.join(dir, "datanet-1-epoch-1.tree.json");
        writeFileSync(file, JSON.stringify(tree));

        expect(loadTree(file)).to.deep.equal(tree);
        expect(loadTree(JSON.stringify(tree))).to.deep.equal(tree);
        expect(loadTree(JSON.parse(JSON.stringify(tree)) as unknown)).to.deep.equal(tree);
        // The browser-safe loadTree of the SDK's root takes the same text and object, and no path.
        expect(loadTreeFrom(JSON.stringify(tree))).to.deep.equal(tree);
        expect(loadTreeFrom(JSON.parse(JSON.stringify(tree)) as unknown)).to.deep.equal(tree);
        expect(proofFor(loadTree(file), w.alice.address)?.cumulativeAmount).to.equal(parseEther("3").toString());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe("claimableFor", function () {
  describe("when the account has a leaf", function () {
    it("is its cumulative amount less what it has claimed on-chain", async function () {
      const w = await world();
      const client = await connect(w.alice, w.addresses);
      const tree = treeOf(w, 1, [
        [w.alice, parseEther("3")],
        [w.bob, parseEther("1")],
      ]);
      await post(w, tree);
      await networkHelpers.time.increase(PARAMS.challengeWindow);
      await w.settlement.activateRoot(DATANET);

      expect(await claimableFor(client, tree, w.alice.address)).to.equal(parseEther("3"));

      const entry = proofFor(tree, w.alice.address);
      await (await client.settlement.claim(DATANET, w.alice.address, parseEther("3"), entry?.proof ?? [])).wait();

      expect(await claimableFor(client, tree, w.alice.address)).to.equal(0n);
      expect(await claimableFor(client, tree, w.stranger.address)).to.equal(0n);
    });
  });
});

describe("claimAll", function () {
  describe("when a posted root is past its challenge window", function () {
    it("activates it and claims the account's amount in one claimMany", async function () {
      const w = await world();
      const client = await connect(w.stranger, w.addresses);
      const tree = treeOf(w, 1, [
        [w.alice, parseEther("3")],
        [w.bob, parseEther("1")],
      ]);
      await post(w, tree);
      await networkHelpers.time.increase(PARAMS.challengeWindow);
      const balanceBefore = await w.open.balanceOf(w.alice.address);

      const tx = await claimAll(client, w.alice.address, [tree]);
      const receipt = await tx?.wait();

      expect(receipt?.status).to.equal(1);
      expect((await client.settlement.rootState(DATANET)).activeRoot).to.equal(tree.root);
      expect((await w.open.balanceOf(w.alice.address)) - balanceBefore).to.equal(parseEther("3"));
      expect(await client.settlement.claimed(DATANET, w.alice.address)).to.equal(parseEther("3"));
    });

    it("pays only what is new when a later epoch raises the account's cumulative amount", async function () {
      const w = await world();
      const client = await connect(w.alice, w.addresses);
      const first = treeOf(w, 1, [[w.alice, parseEther("1")]]);
      await post(w, first);
      await networkHelpers.time.increase(PARAMS.challengeWindow);
      await (await claimAll(client, w.alice.address, [first]))?.wait();
      const second = treeOf(w, 2, [
        [w.alice, parseEther("2.5")],
        [w.bob, parseEther("1.5")],
      ]);
      await post(w, second);
      await networkHelpers.time.increase(PARAMS.challengeWindow);
      const balanceBefore = await w.open.balanceOf(w.alice.address);

      await (await claimAll(client, w.alice.address, [first, second]))?.wait();

      expect((await w.open.balanceOf(w.alice.address)) - balanceBefore).to.equal(parseEther("1.5"));
    });
  });

  describe("when there is nothing new to claim", function () {
    it("returns null and sends nothing", async function () {
      const w = await world();
      const client = await connect(w.alice, w.addresses);
      const tree = treeOf(w, 1, [[w.alice, parseEther("3")]]);
      await post(w, tree);
      await networkHelpers.time.increase(PARAMS.challengeWindow);
      await (await claimAll(client, w.alice.address, [tree]))?.wait();
      const nonce = await w.alice.getNonce();

      expect(await claimAll(client, w.alice.address, [tree])).to.equal(null);
      expect(await claimAll(client, w.bob.address, [tree])).to.equal(null);
      expect(await w.alice.getNonce()).to.equal(nonce);
    });
  });

  describe("when the root is still inside its challenge window", function () {
    it("does not activate it and returns null", async function () {
      const w = await world();
      const client = await connect(w.alice, w.addresses);
      const tree = treeOf(w, 1, [[w.alice, parseEther("3")]]);
      await post(w, tree);

      expect(await claimAll(client, w.alice.address, [tree])).to.equal(null);
      expect((await client.settlement.rootState(DATANET)).pendingRoot).to.equal(tree.root);
    });
  });

  describe("when a tree file belongs to another deployment", function () {
    it("rejects before sending anything", async function () {
      const w = await world();
      const client = await connect(w.alice, w.addresses);
      const tree = treeOf(w, 1, [[w.alice, parseEther("3")]]);
      const foreign: TreeFile = { ...tree, allocation: { ...tree.allocation, settlement: ZeroAddress } };

      const err = await rejection(() => claimAll(client, w.alice.address, [foreign]));

      expect(decodeError(err)).to.equal(
        `the tree file of datanet 1 epoch 1 is for Settlement ${ZeroAddress}, not ${w.addresses.settlement}`,
      );
    });
  });
});
