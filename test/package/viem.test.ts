import { expect } from "chai";
import { id, parseEther } from "ethers";
import { network } from "hardhat";
import { createWalletClient, custom, publicActions } from "viem";
import type { Address, Hex } from "viem";
import { hardhat } from "viem/chains";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  PARAMETERS,
  decodeError,
  getSuiteContracts,
  parameterProposal,
  previewSplit,
  quote,
  settle,
} from "../../package/src/viem/index.js";
import type { SuiteAddresses } from "../../package/src/viem/index.js";
import { addressesOf } from "./world.js";
import { rejection } from "../../package/test/helpers.js";
import { loadSuite, publishDatanetVersion } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers } = connection;

const MODEL = 1n;
const PRICE = parseEther("1");

interface World extends Suite {
  addresses: SuiteAddresses;
  modelOwner: HardhatEthersSigner;
  payer: HardhatEthersSigner;
}

/// Version 1 of datanet 1 trains model 1 (1 OPEN per inference, owner share 50%); the payer holds OPEN and has
/// approved nothing.
async function viemWorld(): Promise<World> {
  const s = await loadSuite(connection);
  const [curator, modelOwner, payer] = s.users;
  await s.datanets.connect(curator).createDatanet("ipfs://datanet", false, 0n, curator.address);
  const version = await publishDatanetVersion(s, 1n);
  await s.models.connect(modelOwner).registerModel({
    cardURI: "ipfs://card",
    weightsHash: id("weights"),
    weightsURI: "ipfs://weights",
    parentId: 0n,
    datanets: [{ datanetId: 1n, version, weightBps: 10_000n }],
    price: PRICE,
    ownerBps: 5_000n,
  });
  const addresses = (await addressesOf(s)) as unknown as SuiteAddresses;
  return { ...s, addresses, modelOwner, payer };
}

const world = async (): Promise<World> => networkHelpers.loadFixture(viemWorld);

/// A viem client of `signer` (a Hardhat account, so the node signs) over the in-process network's EIP-1193 provider.
function clientOf(signer: HardhatEthersSigner) {
  return createWalletClient({
    account: signer.address as Address,
    chain: hardhat,
    transport: custom(connection.provider),
    pollingInterval: 10,
  }).extend(publicActions);
}

const hash = (text: string): Hex => id(text) as Hex;

describe("the viem entry on the suite", function () {
  describe("getSuiteContracts", function () {
    it("reads every contract of the suite through viem", async function () {
      const w = await world();
      const contracts = getSuiteContracts({ client: clientOf(w.payer), addresses: w.addresses });

      expect(await contracts.open.read.symbol()).to.equal("OPEN");
      expect(await contracts.models.read.ownerOf([MODEL])).to.equal(w.modelOwner.address);
      expect(await contracts.models.read.quote([MODEL, 2n])).to.equal(2n * PRICE);
    });
  });

  describe("quote and previewSplit", function () {
    it("are the contract's own fee and split, as the ethers client reads them", async function () {
      const w = await world();
      const client = clientOf(w.payer);

      const fee = await quote(client, { addresses: w.addresses, modelId: MODEL, units: 3n });
      const split = await previewSplit(client, { addresses: w.addresses, modelId: MODEL, fee });

      expect(fee).to.equal(await w.models.quote(MODEL, 3n));
      const expected = await w.settlement.previewSplit(MODEL, fee);
      expect(split.protocol).to.equal(expected.protocol);
      expect(split.stakers).to.equal(expected.stakers);
      expect(split.models.map((c) => [c.id, c.amount])).to.deep.equal(expected.models.map((c) => [c.id, c.amount]));
      expect(split.datanets.map((c) => [c.id, c.modelId, c.version, c.amount])).to.deep.equal(
        expected.datanets.map((c) => [c.id, c.modelId, c.version, c.amount]),
      );
      expect(split.datanets.map((c) => [c.id, c.modelId, c.version])).to.deep.equal([[1n, MODEL, 1n]]);
      const parts = [...split.models, ...split.datanets].reduce((sum, c) => sum + c.amount, 0n);
      expect(split.protocol + split.stakers + parts).to.equal(fee);
    });

    it("reverts for an unknown model, decoded in one line", async function () {
      const w = await world();

      const err = await rejection(() => quote(clientOf(w.payer), { addresses: w.addresses, modelId: 7n }));

      expect(decodeError(err)).to.equal("UnknownModel(modelId=7)");
    });
  });

  describe("settle", function () {
    describe("when the allowance is short", function () {
      it("approves exactly the fee, settles, and returns the decoded event", async function () {
        const w = await world();
        const client = clientOf(w.payer);
        const progress: string[] = [];

        const settled = await settle(client, {
          addresses: w.addresses,
          modelId: MODEL,
          units: 2n,
          inferenceId: hash("inference-1"),
          attributionHash: hash("attribution-1"),
          onProgress: (p) => progress.push(p.message),
        });

        expect(settled.paidWith).to.equal("approval");
        expect(settled.approval).to.match(/^0x[0-9a-f]{64}$/);
        expect(settled.maxFee).to.equal(2n * PRICE);
        expect(settled.receipt.status).to.equal("success");
        expect(settled.event).to.deep.equal({
          inferenceId: hash("inference-1"),
          modelId: MODEL,
          payer: w.payer.address,
          fee: 2n * PRICE,
          attributionHash: hash("attribution-1"),
        });
        expect(progress).to.deep.equal([
          `approving 2 OPEN to ${w.addresses.settlement}`,
          `settling inference ${hash("inference-1")} of model 1`,
        ]);
        // Exactly the fee was approved, and the settlement took all of it.
        expect(await w.open.allowance(w.payer.address, w.addresses.settlement)).to.equal(0n);
      });
    });

    describe("when the allowance covers the fee", function () {
      it("sends the settlement alone", async function () {
        const w = await world();
        await w.open.connect(w.payer).approve(w.addresses.settlement, PRICE);
        const nonce = await w.payer.getNonce();

        const settled = await settle(clientOf(w.payer), {
          addresses: w.addresses,
          modelId: MODEL,
          inferenceId: hash("inference-2"),
          attributionHash: hash("attribution-2"),
        });

        expect(settled.paidWith).to.equal("allowance");
        expect(settled.approval).to.equal(undefined);
        expect(await w.payer.getNonce()).to.equal(nonce + 1);
      });
    });

    describe("when the settlement would revert", function () {
      it("sends nothing, not even an approval, and says why in one line", async function () {
        const w = await world();
        const nonce = await w.payer.getNonce();

        const err = await rejection(() =>
          settle(clientOf(w.payer), {
            addresses: w.addresses,
            modelId: MODEL,
            maxFee: PRICE - 1n,
            inferenceId: hash("inference-3"),
            attributionHash: hash("attribution-3"),
          }),
        );

        expect(decodeError(err)).to.equal("FeeAboveCap(fee=1 OPEN, cap=0.999999999999999999 OPEN)");
        expect(await w.payer.getNonce()).to.equal(nonce);
        expect(await w.open.allowance(w.payer.address, w.addresses.settlement)).to.equal(0n);
      });
    });

    describe("when the payer holds less than the fee", function () {
      it("refuses before anything is sent, in OPEN", async function () {
        const w = await world();
        const nonce = await w.stranger.getNonce();

        const err = await rejection(() =>
          settle(clientOf(w.stranger), {
            addresses: w.addresses,
            modelId: MODEL,
            inferenceId: hash("inference-4"),
            attributionHash: hash("attribution-4"),
          }),
        );

        expect(decodeError(err)).to.equal(`${w.stranger.address} holds 0 OPEN, less than the 1 OPEN fee of model 1`);
        expect(await w.stranger.getNonce()).to.equal(nonce);
      });
    });
  });

  describe("parameterProposal", function () {
    it("builds, for every parameter, the call the ethers client's table builds", async function () {
      const w = await world();
      const client = clientOf(w.payer);
      for (const [name, definition] of Object.entries(PARAMETERS)) {
        const current = await definition.read(w);
        // A value the setter accepts: one more (bps and durations well inside their bounds here), or one less.
        const value = definition.unit === "bps" && current >= 9_000n ? current - 1n : current + 1n;
        const built = await parameterProposal(client, { addresses: w.addresses, parameter: name, value });
        const expected = await definition.call(w, value);
        expect(built.current, name).to.equal(current);
        expect(built.targets, name).to.deep.equal([expected.target]);
        expect(built.calldatas, name).to.deep.equal([expected.calldata]);
        expect(built.description, name).to.match(new RegExp(`^Set ${name.replace(".", "\\.")} to `));
      }
    });

    it("parses a value as a person types it", async function () {
      const w = await world();
      const built = await parameterProposal(clientOf(w.payer), {
        addresses: w.addresses,
        parameter: "gopen.cooldown",
        value: "2h",
        description: "Two hours",
      });
      expect(built.proposed).to.equal(7_200n);
      expect(built.description).to.equal("Two hours");
    });

    it("refuses an unknown name, a bad value, the current value and a call the Timelock could not make", async function () {
      const w = await world();
      const client = clientOf(w.payer);
      const build = async (parameter: string, value: string | bigint): Promise<Error> =>
        (await rejection(() => parameterProposal(client, { addresses: w.addresses, parameter, value }))) as Error;
      expect((await build("gopen.nope", "1")).message).to.match(/^unknown parameter "gopen\.nope": one of /);
      expect((await build("settlement.lineageBps", "12000")).message).to.match(/must be basis points/);
      const cooldown = await w.gopen.cooldown();
      expect((await build("gopen.cooldown", cooldown)).message).to.match(/^gopen\.cooldown is already /);
      const tooLong = (await w.gopen.MAX_COOLDOWN()) + 1n;
      const message = (await build("gopen.cooldown", tooLong)).message;
      expect(message).to.match(/would revert when the Timelock executes it: CooldownTooLong\(/);
      expect(message).to.not.include("\n");
    });
  });
});
