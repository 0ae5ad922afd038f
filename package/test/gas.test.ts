import { expect } from "chai";
import { AbstractSigner, JsonRpcProvider, makeError, Wallet, ZeroAddress } from "ethers";
import type { Provider, TransactionRequest, TransactionResponse, TypedDataDomain, TypedDataField } from "ethers";
import { decodeError } from "../src/client.js";
import { ranOutOfGas } from "../src/errors/index.js";
import { GAS_MARGIN, gasLimitFor, isSigner, withGasMargin } from "../src/gas.js";

/// A signer whose estimate is known and which records what it is asked to send, without a chain.
class RecordingSigner extends AbstractSigner {
  readonly sent: TransactionRequest[] = [];
  estimates = 0;
  constructor(
    readonly address: string,
    private readonly estimate: bigint,
  ) {
    super(null);
  }
  override connect(_provider: Provider | null): RecordingSigner {
    return this;
  }
  override async getAddress(): Promise<string> {
    return this.address;
  }
  override async estimateGas(_tx: TransactionRequest): Promise<bigint> {
    this.estimates += 1;
    return this.estimate;
  }
  override async sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    this.sent.push(tx);
    return { hash: `0x${"ab".repeat(32)}` } as unknown as TransactionResponse;
  }
  override async signTransaction(_tx: TransactionRequest): Promise<string> {
    throw new Error("not used");
  }
  override async signMessage(_message: string | Uint8Array): Promise<string> {
    throw new Error("not used");
  }
  override async signTypedData(
    _domain: TypedDataDomain,
    _types: Record<string, TypedDataField[]>,
    _value: Record<string, unknown>,
  ): Promise<string> {
    throw new Error("not used");
  }
}

describe("gasLimitFor", function () {
  describe("when a quarter of the estimate is above the floor", function () {
    it("adds 25% of the estimate", function () {
      expect(gasLimitFor(1_000_000n)).to.equal(1_250_000n);
      expect(gasLimitFor(200_004n)).to.equal(250_005n);
    });
  });

  describe("when a quarter of the estimate is at or below the floor", function () {
    it("adds the 50,000 gas floor", function () {
      expect(gasLimitFor(200_000n)).to.equal(250_000n);
      expect(gasLimitFor(199_996n)).to.equal(249_996n);
      expect(gasLimitFor(21_000n)).to.equal(71_000n);
      expect(gasLimitFor(0n)).to.equal(GAS_MARGIN.floor);
    });
  });

  describe("when the margin would pass the transaction gas cap (2^24, EIP-7825)", function () {
    it("stops at the cap", function () {
      expect(gasLimitFor(13_421_773n)).to.equal(GAS_MARGIN.cap);
      expect(gasLimitFor(13_421_772n)).to.equal(16_777_215n);
    });

    it("never goes below the estimate", function () {
      expect(gasLimitFor(GAS_MARGIN.cap + 1n)).to.equal(GAS_MARGIN.cap + 1n);
    });
  });

  it("refuses a negative estimate", function () {
    expect(() => gasLimitFor(-1n)).to.throw(RangeError);
  });
});

describe("withGasMargin", function () {
  describe("when the transaction names no gas limit", function () {
    it("sends it with the estimate plus the margin", async function () {
      const inner = new RecordingSigner(ZeroAddress, 123_456n);

      await withGasMargin(inner).sendTransaction({ to: ZeroAddress, data: "0x" });

      expect(inner.sent).to.have.length(1);
      expect(inner.sent[0].gasLimit).to.equal(173_456n);
      expect(inner.estimates).to.equal(1);
    });
  });

  describe("when the transaction names its gas limit", function () {
    it("keeps it and estimates nothing", async function () {
      const inner = new RecordingSigner(ZeroAddress, 123_456n);

      await withGasMargin(inner).sendTransaction({ to: ZeroAddress, gasLimit: 90_000n });

      expect(inner.sent[0].gasLimit).to.equal(90_000n);
      expect(inner.estimates).to.equal(0);
    });
  });
});

describe("withGasMargin of a Wallet", function () {
  it("wraps it once, keeps its address, and tells signers from providers", async function () {
    const provider = new JsonRpcProvider("http://127.0.0.1:9", 31337, { staticNetwork: true });
    try {
      const wallet = Wallet.createRandom(provider);
      const wrapped = withGasMargin(wallet);

      expect(withGasMargin(wrapped)).to.equal(wrapped);
      expect(wrapped.address).to.equal(wallet.address);
      expect(await wrapped.getAddress()).to.equal(wallet.address);
      expect(wrapped.provider).to.equal(provider);
      expect(isSigner(wallet)).to.equal(true);
      expect(isSigner(wrapped)).to.equal(true);
      expect(isSigner(provider)).to.equal(false);
      expect(isSigner(null)).to.equal(false);
      expect(isSigner({ sendTransaction: () => undefined })).to.equal(false);
    } finally {
      provider.destroy();
    }
  });
});

describe("decodeError of a transaction that failed on-chain", function () {
  const hash = `0x${"12".repeat(32)}`;
  /// ethers' error for a receipt of status 0, as `wait()` throws it, with the gas limit `waitForReceipt` adds.
  function failedWait(gasUsed: bigint, gasLimit?: bigint): Error {
    const err = makeError("transaction execution reverted", "CALL_EXCEPTION", {
      action: "sendTransaction",
      data: null,
      reason: null,
      invocation: null,
      revert: null,
      transaction: { to: ZeroAddress, from: ZeroAddress, data: "" },
      receipt: { hash, status: 0, gasUsed } as never,
    });
    if (gasLimit !== undefined) Object.defineProperty(err, "gasLimit", { value: gasLimit, enumerable: true });
    return err;
  }

  describe("when it used all its gas", function () {
    it("says that it ran out of gas, with the gas used and the limit", function () {
      expect(decodeError(failedWait(138_535n, 138_535n))).to.equal(
        `transaction ${hash} ran out of gas: used 138535 of limit 138535`,
      );
    });
  });

  describe("when it used all but the 1/64 kept back from a nested call that ran out", function () {
    it("says that it ran out of gas", function () {
      expect(ranOutOfGas(126_000n, 128_000n)).to.equal(true);
      expect(decodeError(failedWait(126_000n, 128_000n))).to.equal(
        `transaction ${hash} ran out of gas: used 126000 of limit 128000`,
      );
    });
  });

  describe("when it used less than that", function () {
    it("says that it reverted without revert data", function () {
      expect(ranOutOfGas(125_999n, 128_000n)).to.equal(false);
      expect(decodeError(failedWait(125_999n, 128_000n))).to.equal(
        `transaction ${hash} reverted (no revert data in the receipt; re-run it as a call to see why)`,
      );
    });
  });

  describe("when its gas limit is unknown", function () {
    it("says that it reverted without revert data", function () {
      expect(decodeError(failedWait(138_535n))).to.equal(
        `transaction ${hash} reverted (no revert data in the receipt; re-run it as a call to see why)`,
      );
    });
  });
});
