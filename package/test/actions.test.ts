import { expect } from "chai";
import { JsonRpcProvider, Wallet, ZeroAddress, id } from "ethers";
import type { ContractTransactionReceipt } from "ethers";
import type { InferenceSettledEvent } from "../../typechain-types/settlement/Settlement.js";
import { attach } from "../src/client.js";
import type { Client } from "../src/client.js";
import { CONTRACT_KEYS } from "../src/deployments.js";
import type { Addresses } from "../src/deployments.js";
import { OpenLedgerError } from "../src/errors/index.js";
import { eventIn, eventsIn } from "../src/actions/index.js";
import { preflight } from "../src/actions/internal/send.js";
import { signerOf } from "../src/actions/internal/signer.js";
import { PERMIT_TYPES } from "../src/actions/settlement/signPermit.js";
import { callException, rejection } from "./helpers.js";

/// A client on a node that is never asked anything: `attach` makes no request.
const provider = new JsonRpcProvider("http://127.0.0.1:9", 31337, { staticNetwork: true });
const addresses = Object.fromEntries(CONTRACT_KEYS.map((key) => [key, Wallet.createRandom().address])) as Addresses;
const reader: Client = attach(provider, addresses, 31337n);

after(function () {
  provider.destroy();
});

describe("preflight", function () {
  const allowance = reader.open.interface.encodeErrorResult("ERC20InsufficientAllowance", [ZeroAddress, 0n, 5n]);
  const balance = reader.open.interface.encodeErrorResult("ERC20InsufficientBalance", [ZeroAddress, 0n, 5n]);

  describe("when the static call passes", function () {
    it("resolves", async function () {
      await preflight(reader, async () => 1n);
    });
  });

  describe("when the only failure is the allowance that an approval will give", function () {
    it("resolves when an approval is to come, and rethrows otherwise", async function () {
      await preflight(reader, () => Promise.reject(callException(allowance)), true);
      const err = await rejection(() => preflight(reader, () => Promise.reject(callException(allowance))));
      expect((err as { data?: string }).data).to.equal(allowance);
    });
  });

  describe("when the static call fails for any other reason", function () {
    it("rethrows the error as it is, approval to come or not", async function () {
      const original = callException(balance);
      expect(await rejection(() => preflight(reader, () => Promise.reject(original), true))).to.equal(original);
      const down = new Error("connect ECONNREFUSED 127.0.0.1:9");
      expect(await rejection(() => preflight(reader, () => Promise.reject(down), true))).to.equal(down);
    });
  });
});

describe("eventsIn and eventIn", function () {
  const settlement = reader.settlement;
  const args = [id("inference"), 3n, Wallet.createRandom().address, 42n, id("attribution")] as const;
  const settledLog = (address: string) => {
    const { data, topics } = settlement.interface.encodeEventLog("InferenceSettled", [...args]);
    return { address, data, topics };
  };
  const receiptOf = (logs: Array<{ address: string; data: string; topics: readonly string[] }>) =>
    ({ hash: `0x${"ab".repeat(32)}`, logs }) as unknown as ContractTransactionReceipt;

  describe("when the receipt has the contract's event", function () {
    it("gives its arguments by name, and only those of the contract's address", function () {
      const receipt = receiptOf([settledLog(Wallet.createRandom().address), settledLog(addresses.settlement)]);

      const events = eventsIn<InferenceSettledEvent.OutputObject>(receipt, settlement, "InferenceSettled");
      const event = eventIn<InferenceSettledEvent.OutputObject>(receipt, settlement, "InferenceSettled");

      expect(events).to.have.length(1);
      expect(event).to.deep.equal({
        inferenceId: args[0],
        modelId: 3n,
        payer: args[2],
        fee: 42n,
        attributionHash: args[4],
      });
    });
  });

  describe("when it has none", function () {
    it("eventsIn gives none, and eventIn throws one line naming the transaction and the event", function () {
      const receipt = receiptOf([settledLog(Wallet.createRandom().address)]);

      expect(eventsIn(receipt, settlement, "InferenceSettled")).to.deep.equal([]);
      expect(() => eventIn(receipt, settlement, "InferenceSettled")).to.throw(
        OpenLedgerError,
        `transaction 0x${"ab".repeat(32)} emitted no InferenceSettled event`,
      );
    });
  });
});

describe("signerOf", function () {
  it("refuses a client connected to a provider only, naming the action", async function () {
    const err = await rejection(() => signerOf(reader, "settle"));
    expect(err).to.be.instanceOf(OpenLedgerError);
    expect((err as Error).message).to.equal(
      "settle sends a transaction: connect the client to a signer, not a provider",
    );
  });

  it("gives the signer of a client connected to one, and its address", async function () {
    const wallet = Wallet.createRandom(provider);
    const { address } = await signerOf(attach(wallet, addresses), "settle");
    expect(address).to.equal(wallet.address);
  });
});

describe("PERMIT_TYPES", function () {
  it("is EIP-2612's Permit struct", function () {
    const fields = PERMIT_TYPES.Permit.map((f) => `${f.type} ${f.name}`).join(",");
    expect(`Permit(${fields})`).to.equal(
      "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)",
    );
  });
});
