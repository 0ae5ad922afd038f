import { expect } from "chai";
import { AbiCoder, Interface, ZeroAddress, concat, makeError, zeroPadValue } from "ethers";
import {
  JobEscrow__factory,
  ModelRegistry__factory,
  OpenGovernor__factory,
  OpenToken__factory,
  ReputationRegistry__factory,
  Settlement__factory,
} from "../../typechain-types/index.js";
import { decodeError, suiteErrors } from "../src/client.js";
import {
  decodeRevertData,
  describeError,
  findRevertData,
  gasLimitOf,
  OpenLedgerError,
  PANIC_CODES,
  ranOutOfGas,
} from "../src/errors/index.js";
import { callException } from "./helpers.js";

/// Encoders for the errors of the suite, from the same ABIs the package bundles.
const settlement = new Interface(Settlement__factory.abi);
const open = new Interface(OpenToken__factory.abi);
const governor = new Interface(OpenGovernor__factory.abi);
const models = new Interface(ModelRegistry__factory.abi);
const jobs = new Interface(JobEscrow__factory.abi);
const reputation = new Interface(ReputationRegistry__factory.abi);
const builtins = new Interface(["error Error(string)", "error Panic(uint256)"]);

describe("decodeRevertData against the bundled ABIs", function () {
  describe("when the data is a custom error of a suite contract", function () {
    it("names the error and its arguments", function () {
      const data = settlement.encodeErrorResult("FeeAboveCap", [20_000_000_000_000_000n, 1n]);
      expect(decodeRevertData(data, suiteErrors)).to.equal(
        "FeeAboveCap(fee=0.02 OPEN, cap=0.000000000000000001 OPEN (1 wei))",
      );
      expect(decodeRevertData(models.encodeErrorResult("UnknownModel", [99n]), suiteErrors)).to.equal(
        "UnknownModel(modelId=99)",
      );
    });

    it("gives the least job value in OPEN, and the job that paid nothing", function () {
      const below = jobs.encodeErrorResult("BelowMinJobValue", [500_000_000_000_000_000n, 1_000_000_000_000_000_000n]);
      expect(decodeRevertData(below, suiteErrors)).to.equal("BelowMinJobValue(amount=0.5 OPEN, min=1 OPEN)");
      expect(decodeRevertData(reputation.encodeErrorResult("NothingPaid", [7n]), suiteErrors)).to.equal(
        "NothingPaid(jobId=7)",
      );
    });

    it("decodes the errors of the OpenZeppelin bases, addresses as hex", function () {
      const spender = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      const data = open.encodeErrorResult("ERC20InsufficientAllowance", [spender, 0n, 5n]);
      expect(decodeRevertData(data, suiteErrors)).to.equal(
        `ERC20InsufficientAllowance(spender=${spender}, allowance=0 OPEN, needed=0.000000000000000005 OPEN (5 wei))`,
      );
      const state = governor.encodeErrorResult("GovernorUnexpectedProposalState", [42n, 3, zeroPadValue("0x30", 32)]);
      expect(decodeRevertData(state, suiteErrors)).to.equal(
        "GovernorUnexpectedProposalState(proposalId=42, current=Defeated, expectedStates=Succeeded|Queued)",
      );
    });
  });

  describe("when the data is a Panic or an Error(string)", function () {
    it("gives the panic code and its meaning", function () {
      expect(decodeRevertData(builtins.encodeErrorResult("Panic", [0x11]), suiteErrors)).to.equal(
        "Panic(0x11: arithmetic overflow or underflow)",
      );
      expect(decodeRevertData(builtins.encodeErrorResult("Panic", [0x99]), suiteErrors)).to.equal(
        "Panic(0x99: unknown panic code)",
      );
      expect(Object.keys(PANIC_CODES)).to.have.length(10);
    });

    it("gives the revert string, quoted", function () {
      expect(decodeRevertData(builtins.encodeErrorResult("Error", ["not enough OPEN"]), suiteErrors)).to.equal(
        'Error("not enough OPEN")',
      );
    });
  });

  describe("when the data is not an error of the suite", function () {
    it("names the selector, keeps the data and adds the hint", function () {
      const unknown = concat(["0xdeadbeef", AbiCoder.defaultAbiCoder().encode(["uint256"], [7n])]);
      expect(decodeRevertData(unknown, suiteErrors, { unknownHint: "; run npx hardhat build" })).to.equal(
        `unrecognized custom error 0xdeadbeef (return data: ${unknown}); run npx hardhat build`,
      );
    });

    it("says when the data is empty, malformed or does not decode", function () {
      expect(decodeRevertData("0x", suiteErrors)).to.equal("reverted without a reason (empty revert data)");
      expect(decodeRevertData("0x1234", suiteErrors)).to.equal("reverted with malformed revert data 0x1234");
      const truncated = settlement.encodeErrorResult("FeeAboveCap", [1n, 2n]).slice(0, 10 + 64);
      expect(decodeRevertData(truncated, suiteErrors)).to.match(/^undecodable revert data for selector 0x/);
    });
  });
});

describe("findRevertData", function () {
  const data = models.encodeErrorResult("UnknownModel", [7n]);

  it("reads ethers' CallExceptionError and the nestings that nodes and wallets add", function () {
    expect(findRevertData(callException(data))).to.equal(data);
    expect(findRevertData({ message: "outer", error: { message: "inner", data } })).to.equal(data);
    expect(findRevertData({ info: { error: { code: 3, data } } })).to.equal(data);
    expect(findRevertData({ error: { error: { data: { data } } } })).to.equal(data);
    expect(findRevertData({ cause: { errors: [{}, { data }] } })).to.equal(data);
  });

  it("reads the hex quoted in Hardhat's, anvil's and ethers' messages", function () {
    expect(findRevertData(new Error(`reverted with an unrecognized custom error (return data: ${data})`))).to.equal(
      data,
    );
    expect(findRevertData(new Error(`custom error ${data.slice(0, 10)}: ${data.slice(10)}`))).to.equal(data);
    expect(findRevertData(new Error(`missing revert data (data="${data}")`))).to.equal(data);
  });

  it("gives 0x for a revert without data, and undefined for no revert at all", function () {
    expect(findRevertData({ data: "0x" })).to.equal("0x");
    expect(findRevertData(new Error("nonce too low"))).to.equal(undefined);
    expect(findRevertData("a string")).to.equal(undefined);
  });
});

describe("decodeError (the client's, over the bundled ABIs)", function () {
  describe("when a suite contract reverted", function () {
    it("gives one line wherever the data is", function () {
      const data = settlement.encodeErrorResult("FeeAboveCap", [30n, 29n]);
      expect(decodeError(callException(data))).to.equal(
        "FeeAboveCap(fee=0.00000000000000003 OPEN (30 wei), cap=0.000000000000000029 OPEN (29 wei))",
      );
      expect(decodeError({ error: { data } })).to.equal(
        "FeeAboveCap(fee=0.00000000000000003 OPEN (30 wei), cap=0.000000000000000029 OPEN (29 wei))",
      );
    });

    it("says that an unknown selector is not an error of the suite", function () {
      expect(decodeError(callException("0xdeadbeef"))).to.equal(
        "unrecognized custom error 0xdeadbeef (return data: 0xdeadbeef); not an error of the OpenLedger contracts",
      );
    });

    it("keeps Hardhat's own decoding when there is no data", function () {
      expect(decodeError(new Error("reverted with custom error 'ZeroAmount()'"))).to.equal("ZeroAmount()");
      expect(decodeError(new Error("reverted with reason string 'nope'"))).to.equal('Error("nope")');
      expect(decodeError(new Error("reverted with panic code 0x12 (division by zero)"))).to.equal(
        "Panic(0x12: division or modulo by zero)",
      );
    });
  });

  describe("when the error is not a revert", function () {
    it("keeps the client's own line, and the first line of anything else", function () {
      expect(decodeError(new OpenLedgerError("no OpenLedger deployment for chain 5; known: none"))).to.equal(
        "no OpenLedger deployment for chain 5; known: none",
      );
      expect(decodeError(new Error("first\nsecond"))).to.equal("first");
      expect(decodeError("plain text")).to.equal("plain text");
    });

    it("says which node cannot be reached", function () {
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), {
        code: "ECONNREFUSED",
        address: "127.0.0.1",
        port: 8545,
      });
      expect(decodeError(refused)).to.equal("cannot reach the node at 127.0.0.1:8545");
      expect(decodeError(new Error("request to http://127.0.0.1:9/ failed: fetch failed"))).to.equal(
        "cannot reach the node at http://127.0.0.1:9/",
      );
    });

    it("gives ethers' short message with its code", function () {
      const err = makeError("insufficient funds for intrinsic transaction cost", "INSUFFICIENT_FUNDS", {
        transaction: { to: ZeroAddress },
      });
      expect(decodeError(err)).to.equal("insufficient funds for intrinsic transaction cost (INSUFFICIENT_FUNDS)");
    });
  });
});

describe("describeError options", function () {
  it("returns an expected error's message as it is", function () {
    class InputError extends Error {}
    const line = describeError(new InputError("--amount must be positive\nmore"), suiteErrors, {
      isExpected: (e) => e instanceof InputError,
    });
    expect(line).to.equal("--amount must be positive");
  });

  it("takes the Interface itself as well as a function that builds it", function () {
    const data = models.encodeErrorResult("UnknownModel", [3n]);
    expect(describeError(callException(data), models)).to.equal("UnknownModel(modelId=3)");
  });
});

describe("gasLimitOf and ranOutOfGas", function () {
  it("finds the gas limit on the error, on one it wraps, or on its transaction", function () {
    expect(gasLimitOf({ gasLimit: 90_000n })).to.equal(90_000n);
    expect(gasLimitOf({ error: { gasLimit: "0x5208" } })).to.equal(21_000n);
    expect(gasLimitOf({ transaction: { gas: 50_000 } })).to.equal(50_000n);
    expect(gasLimitOf(new Error("x"))).to.equal(undefined);
  });

  it("counts a transaction that used all but 1/64 of its limit as out of gas", function () {
    expect(ranOutOfGas(128_000n, 128_000n)).to.equal(true);
    expect(ranOutOfGas(126_000n, 128_000n)).to.equal(true);
    expect(ranOutOfGas(125_999n, 128_000n)).to.equal(false);
    expect(ranOutOfGas(0n, 0n)).to.equal(false);
  });
});
