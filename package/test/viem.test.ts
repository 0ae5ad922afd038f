import { expect } from "chai";
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  custom,
  encodeErrorResult,
  HttpRequestError,
  zeroAddress,
} from "viem";
import type { Address, Hex } from "viem";
import { CONTRACT_KEYS } from "../src/deployments.js";
import {
  decodeError,
  decodeRevertData,
  getSuiteContracts,
  OpenLedgerError,
  openTokenAbi,
  quote,
  settle,
  settlementAbi,
  suiteAbis,
  suiteErrorAbi,
} from "../src/viem/index.js";
import type { SuiteAddresses } from "../src/viem/index.js";
import { rejection } from "./helpers.js";

/// Eight distinct addresses, by contract key.
function someAddresses(): SuiteAddresses {
  const out: Record<string, Address> = {};
  // Decimal digits only, so that no address has a letter for a checksum to change.
  CONTRACT_KEYS.forEach((key, i) => (out[key] = `0x${(i + 1).toString(10).padStart(40, "0")}`));
  return out as SuiteAddresses;
}

/// A transport that answers nothing: any request is a failure of the test.
const silent = custom({
  request: async ({ method }: { method: string }) => {
    throw new Error(`unexpected request ${method}`);
  },
});

/// What viem throws when `settle` reverts with `data` in a simulation.
function reverted(data: Hex): ContractFunctionExecutionError {
  const cause = new ContractFunctionRevertedError({ abi: settlementAbi, data, functionName: "settle" });
  return new ContractFunctionExecutionError(cause, { abi: settlementAbi, functionName: "settle", args: [] });
}

const FEE_ABOVE_CAP = encodeErrorResult({ abi: settlementAbi, errorName: "FeeAboveCap", args: [20n, 19n] });

describe("viem decodeError", function () {
  describe("when a simulation reverted with a custom error of the suite", function () {
    it("is the error with its named arguments, as the ethers decoder writes it", function () {
      expect(decodeError(reverted(FEE_ABOVE_CAP))).to.equal(
        "FeeAboveCap(fee=0.00000000000000002 OPEN (20 wei), cap=0.000000000000000019 OPEN (19 wei))",
      );
    });

    it("decodes an error of another contract of the suite against the bundled ABIs", function () {
      const spender: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      const data = encodeErrorResult({
        abi: openTokenAbi,
        errorName: "ERC20InsufficientAllowance",
        args: [spender, 0n, 5n],
      });

      expect(decodeError(reverted(data))).to.equal(
        `ERC20InsufficientAllowance(spender=${spender}, allowance=0 OPEN, needed=0.000000000000000005 OPEN (5 wei))`,
      );
    });
  });

  describe("when the revert data is only on a wrapped node error", function () {
    it("finds it, raw or nested, and decodes it", function () {
      const node = Object.assign(new Error("execution reverted"), { data: FEE_ABOVE_CAP });
      const nested = Object.assign(new Error("execution reverted"), { data: { data: FEE_ABOVE_CAP } });

      expect(decodeError(new BaseError("call failed", { cause: node }))).to.equal(
        "FeeAboveCap(fee=0.00000000000000002 OPEN (20 wei), cap=0.000000000000000019 OPEN (19 wei))",
      );
      expect(decodeError(new BaseError("call failed", { cause: nested }))).to.equal(
        "FeeAboveCap(fee=0.00000000000000002 OPEN (20 wei), cap=0.000000000000000019 OPEN (19 wei))",
      );
    });
  });

  describe("when the revert is a Panic, an Error(string), empty or unknown", function () {
    it("says so in one line", function () {
      const panic: Hex = `0x4e487b71${(0x11).toString(16).padStart(64, "0")}`;
      const reason = encodeErrorResult({
        abi: [{ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] }],
        errorName: "Error",
        args: ["no"],
      });

      expect(decodeRevertData(panic)).to.equal("Panic(0x11: arithmetic overflow or underflow)");
      expect(decodeRevertData(reason)).to.equal('Error("no")');
      expect(decodeRevertData("0x")).to.equal("reverted without a reason (empty revert data)");
      expect(decodeRevertData("0x12345678")).to.equal(
        "unrecognized custom error 0x12345678 (return data: 0x12345678); not an error of the OpenLedger contracts",
      );
    });
  });

  describe("when nothing reverted", function () {
    it("gives the SDK's own line, a node that cannot be reached, or viem's short message", function () {
      const down = new HttpRequestError({ url: "http://127.0.0.1:9", cause: new Error("fetch failed") });

      expect(decodeError(new OpenLedgerError("addresses has no open"))).to.equal("addresses has no open");
      expect(decodeError(new BaseError("wrapped", { cause: down }))).to.equal(
        "cannot reach the node at http://127.0.0.1:9",
      );
      expect(decodeError(new BaseError("Something failed.\n\nDetails: long"))).to.equal("Something failed.");
      expect(decodeError("plain")).to.equal("plain");
    });
  });

  describe("the bundled errors", function () {
    it("hold each error of the suite once", function () {
      const names = suiteErrorAbi.map((e) => `${e.name}(${e.inputs.map((i) => i.type).join(",")})`);

      expect(new Set(names).size).to.equal(names.length);
      expect(names).to.include.members([
        "FeeAboveCap(uint256,uint256)",
        "ERC20InsufficientAllowance(address,uint256,uint256)",
      ]);
    });
  });
});

describe("getSuiteContracts", function () {
  describe("when given a client and the suite's addresses", function () {
    it("is a typed contract per key of the suite, at its address, with its ABI, and sends nothing", function () {
      const client = createPublicClient({ transport: silent });
      const addresses = someAddresses();

      const contracts = getSuiteContracts({ client, addresses });

      expect(Object.keys(contracts)).to.deep.equal(CONTRACT_KEYS);
      for (const key of CONTRACT_KEYS) {
        expect(contracts[key].address).to.equal(addresses[key]);
        expect(contracts[key].abi).to.equal(suiteAbis[key]);
      }
      expect(contracts.models.read.quote).to.be.a("function");
      expect(contracts.open.read.balanceOf).to.be.a("function");
    });

    it("has write functions on a wallet client", function () {
      const wallet = createWalletClient({ account: zeroAddress, transport: silent });
      const contracts = getSuiteContracts({
        client: { public: createPublicClient({ transport: silent }), wallet },
        addresses: someAddresses(),
      });

      expect(contracts.settlement.write.settle).to.be.a("function");
      expect(contracts.open.write.approve).to.be.a("function");
    });
  });

  describe("when an address is missing or malformed", function () {
    it("refuses in one line naming the key", function () {
      const client = createPublicClient({ transport: silent });
      const { settlement: _dropped, ...rest } = someAddresses();

      expect(() => getSuiteContracts({ client, addresses: { ...rest, settlement: "0x1234" } })).to.throw(
        OpenLedgerError,
        'addresses.settlement is not an address: "0x1234"',
      );
      expect(() => getSuiteContracts({ client, addresses: rest as SuiteAddresses })).to.throw(
        OpenLedgerError,
        "addresses has no settlement",
      );
    });
  });
});

describe("viem actions", function () {
  describe("when settle is given a client without an account", function () {
    it("refuses before any request", async function () {
      const client = createPublicClient({ transport: silent });
      const thrown = await rejection(() =>
        settle(client, { addresses: someAddresses(), modelId: 1n, inferenceId: "0x", attributionHash: "0x" }),
      );

      expect(decodeError(thrown)).to.equal("settle sends a transaction: give the client an account, or pass one");
    });
  });

  describe("when quote is answered by the node", function () {
    it("calls ModelRegistry.quote at the registry's address and returns the fee", async function () {
      const calls: Array<{ to: string; data: string }> = [];
      const client = createPublicClient({
        transport: custom({
          request: async ({ method, params }: { method: string; params: Array<{ to: string; data: string }> }) => {
            if (method !== "eth_call") throw new Error(`unexpected request ${method}`);
            calls.push(params[0]);
            return `0x${42n.toString(16).padStart(64, "0")}`;
          },
        }),
      });
      const addresses = someAddresses();

      const fee = await quote(client, { addresses, modelId: 1n, units: 2n });

      expect(fee).to.equal(42n);
      expect(calls).to.have.length(1);
      expect(calls[0].to.toLowerCase()).to.equal(addresses.models.toLowerCase());
    });
  });
});
