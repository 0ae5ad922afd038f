import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { AbiCoder, Interface, ZeroAddress, concat, getAddress, makeError } from "ethers";
import { network } from "hardhat";
import { findRevertData } from "../../package/src/errors/index.js";
import { decodeError, decodeRevertData, runTask, OpenLedgerError } from "../../tasks/lib/errors.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

const { ethers } = await network.create();

/// Runs `fn`, which must throw, and returns what it threw.
async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err: unknown) {
    return err;
  }
  throw new Error("expected a throw");
}

/// An ethers v6 CallExceptionError as a JSON-RPC provider raises it for `eth_call`.
function callException(data: string): Error {
  return makeError("execution reverted", "CALL_EXCEPTION", {
    action: "call",
    data,
    reason: null,
    transaction: { to: ZeroAddress, data: "0x23b872dd" },
    invocation: null,
    revert: null,
  });
}

const builtins = new Interface(["error Error(string message)", "error Panic(uint256 code)"]);
const governorErrors = new Interface([
  "error GovernorUnexpectedProposalState(uint256 proposalId, uint8 current, bytes32 expectedStates)",
  "error AccessManagedUnauthorized(address caller)",
]);

describe("decodeError", function () {
  describe("when a suite contract reverts with a custom error", function () {
    it("names the OpenZeppelin error and its arguments (ERC20InsufficientAllowance)", async function () {
      const [holder, spender] = await ethers.getSigners();
      const open = await ethers.deployContract("OpenToken", [holder.address]);

      const err = await thrown(() => open.connect(spender).transferFrom(holder.address, spender.address, 5n));

      expect(decodeError(err)).to.equal(
        `ERC20InsufficientAllowance(spender=${spender.address}, allowance=0 OPEN, needed=0.000000000000000005 OPEN (5 wei))`,
      );
    });

    it("decodes the same error from a static call", async function () {
      const [holder, spender] = await ethers.getSigners();
      const open = await ethers.deployContract("OpenToken", [holder.address]);

      const err = await thrown(() =>
        open.connect(spender).transferFrom.staticCall(holder.address, spender.address, 10n ** 18n),
      );

      expect(decodeError(err)).to.equal(
        `ERC20InsufficientAllowance(spender=${spender.address}, allowance=0 OPEN, needed=1 OPEN)`,
      );
    });

    it("decodes ERC2612ExpiredSignature from an expired permit", async function () {
      const [holder, spender] = await ethers.getSigners();
      const open = await ethers.deployContract("OpenToken", [holder.address]);
      const noSig = ethers.ZeroHash;

      const err = await thrown(() => open.permit(holder.address, spender.address, 1n, 1n, 27, noSig, noSig));

      expect(decodeError(err)).to.equal("ERC2612ExpiredSignature(deadline=1970-01-01 00:00:01 UTC)");
    });
  });

  describe("when the revert data sits somewhere else in the error", function () {
    const data = governorErrors.encodeErrorResult("GovernorUnexpectedProposalState", [
      42n,
      3,
      ethers.zeroPadValue("0x30", 32),
    ]);
    const expected =
      "GovernorUnexpectedProposalState(proposalId=42, current=Defeated, expectedStates=Succeeded|Queued)";

    it("reads an ethers CallExceptionError's data", function () {
      expect(decodeError(callException(data))).to.equal(expected);
    });

    it("reads nested .error.data and .info.error.data", function () {
      expect(decodeError({ message: "outer", error: { message: "inner", data } })).to.equal(expected);
      expect(decodeError({ message: "outer", info: { error: { code: 3, data } } })).to.equal(expected);
      expect(decodeError({ message: "outer", error: { error: { data: { data } } } })).to.equal(expected);
    });

    it("reads the hex of Hardhat's 'unrecognized custom error (return data: 0x…)'", function () {
      const err = new Error(
        `VM Exception while processing transaction: reverted with an unrecognized custom error (return data: ${data})`,
      );
      expect(decodeError(err)).to.equal(expected);
    });

    it("reads anvil's 'custom error 0x12345678: …' message", function () {
      const err = new Error(`execution reverted: custom error ${data.slice(0, 10)}: ${data.slice(10)}`);
      expect(decodeError(err)).to.equal(expected);
    });

    it("keeps Hardhat's own decoding when there is no data", function () {
      const err = new Error("VM Exception while processing transaction: reverted with custom error 'ZeroAmount()'");
      expect(decodeError(err)).to.equal("ZeroAmount()");
    });

    it("decodes AccessManagedUnauthorized with the caller as hex", function () {
      const caller = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      const err = callException(governorErrors.encodeErrorResult("AccessManagedUnauthorized", [caller]));
      expect(decodeError(err)).to.equal(`AccessManagedUnauthorized(caller=${caller})`);
    });

    it("names an unknown selector and keeps its data", function () {
      const unknown = concat(["0xdeadbeef", AbiCoder.defaultAbiCoder().encode(["uint256"], [7n])]);
      expect(findRevertData(callException(unknown))).to.equal(unknown);
      expect(decodeError(callException(unknown))).to.match(
        /^unrecognized custom error 0xdeadbeef \(return data: 0xdeadbeef0{63}7\)/,
      );
    });
  });

  describe("when the revert is a Panic or an Error(string)", function () {
    it("gives the panic code and its meaning", function () {
      const data = builtins.encodeErrorResult("Panic", [0x11]);
      expect(decodeError(callException(data))).to.equal("Panic(0x11: arithmetic overflow or underflow)");
      expect(decodeRevertData(builtins.encodeErrorResult("Panic", [0x32]))).to.equal(
        "Panic(0x32: array index out of bounds)",
      );
    });

    it("gives the revert string", function () {
      const data = builtins.encodeErrorResult("Error", ["not enough OPEN"]);
      expect(decodeError({ error: { data } })).to.equal('Error("not enough OPEN")');
    });

    it("says when the revert carried no data", function () {
      expect(decodeError(callException("0x"))).to.equal("reverted without a reason (empty revert data)");
    });

    it("explains a call to a missing function on the in-process network", async function () {
      const [holder] = await ethers.getSigners();
      const open = await ethers.deployContract("OpenToken", [holder.address]);

      const err = await thrown(() => ethers.provider.call({ to: open.target, data: "0x12345678" }));

      expect(decodeError(err)).to.match(/function selector was not recognized/);
    });
  });

  describe("when the error is not a revert", function () {
    it("says which node cannot be reached", async function () {
      const down = await network.create({ network: "localhost", override: { url: "http://127.0.0.1:1" } });

      const err = await thrown(() => down.ethers.provider.getBlockNumber());

      expect(decodeError(err)).to.match(/^cannot reach the node at http:\/\/127\.0\.0\.1:1 \(HHE\d+: /);
    });

    it("keeps the first line of a Hardhat error", function () {
      const err = Object.assign(
        new Error("HHE7: Configuration Variable 'SEPOLIA_RPC_URL' not found\n\nFor more info …"),
        {
          name: "HardhatError",
        },
      );
      expect(decodeError(err)).to.equal("HHE7: Configuration Variable 'SEPOLIA_RPC_URL' not found");
    });

    it("uses ethers' short message, with its code", function () {
      const err = makeError("insufficient funds for intrinsic transaction cost", "INSUFFICIENT_FUNDS", {
        transaction: { to: ZeroAddress },
      });
      expect(decodeError(err)).to.equal("insufficient funds for intrinsic transaction cost (INSUFFICIENT_FUNDS)");
    });

    it("returns a tool's own message as is, and stringifies non-errors", function () {
      expect(decodeError(new OpenLedgerError("no deployment for chain id 5"))).to.equal("no deployment for chain id 5");
      expect(decodeError("plain string\nsecond line")).to.equal("plain string");
    });
  });
});

describe("runTask", function () {
  it("prints one error line to stderr and sets the exit code", async function () {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const previousExitCode = process.exitCode;
    const previousDebug = process.env.DEBUG;
    delete process.env.DEBUG;
    process.stderr.write = ((chunk: string | Uint8Array): boolean => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    const artifacts = fileURLToPath(new URL("../../artifacts", import.meta.url));
    const hre = { config: { paths: { artifacts } } } as unknown as HardhatRuntimeEnvironment;
    let exitCode: typeof process.exitCode;
    try {
      await runTask<{ fee: bigint }>(async ({ fee }) => {
        throw new OpenLedgerError(`fee ${fee.toString()} is too high`);
      })({ fee: 7n }, hre);
      exitCode = process.exitCode;
    } finally {
      process.stderr.write = write;
      process.exitCode = previousExitCode;
      if (previousDebug !== undefined) process.env.DEBUG = previousDebug;
    }

    expect(written).to.deep.equal(["error: fee 7 is too high\n"]);
    expect(exitCode).to.equal(1);
  });
});

describe("decodeRevertData for attribution's refusals", function () {
  const attribution = new Interface([
    "error EpochNotNext(uint256 datanetId, uint256 epoch, uint256 expected)",
    "error ExposureAboveCapacity(address attestor, uint256 exposure, uint256 capacity)",
    "error BondBelowExposure(address attestor, uint256 coverage, uint256 exposure)",
    "error VetoLimitReached(uint256 datanetId, uint256 vetoes, uint256 limit)",
    "error TotalBelowClaimed(uint256 datanetId, uint256 total, uint256 claimed)",
  ]);
  const attestor = getAddress("0x00000000000000000000000000000000000a77e1");

  it("reads as one line naming each offending value", function () {
    const cases: [string, unknown[], string][] = [
      [
        "EpochNotNext",
        [1n, 18446744073709551615n, 2n],
        "EpochNotNext(datanetId=1, epoch=18446744073709551615, expected=2)",
      ],
      [
        "ExposureAboveCapacity",
        [attestor, 11n, 10n],
        `ExposureAboveCapacity(attestor=${attestor}, exposure=0.000000000000000011 OPEN (11 wei), capacity=0.00000000000000001 OPEN (10 wei))`,
      ],
      [
        "BondBelowExposure",
        [attestor, 0n, 80n],
        `BondBelowExposure(attestor=${attestor}, coverage=0 OPEN, exposure=0.00000000000000008 OPEN (80 wei))`,
      ],
      ["VetoLimitReached", [3n, 3n, 3n], "VetoLimitReached(datanetId=3, vetoes=3, limit=3)"],
      [
        "TotalBelowClaimed",
        [1n, 9n, 10n],
        "TotalBelowClaimed(datanetId=1, total=0.000000000000000009 OPEN (9 wei), claimed=0.00000000000000001 OPEN (10 wei))",
      ],
    ];
    for (const [name, args, line] of cases) {
      expect(decodeRevertData(attribution.encodeErrorResult(name, args))).to.equal(line);
    }
  });
});
