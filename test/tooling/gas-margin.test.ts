import { expect } from "chai";
import { AbstractSigner, parseEther, toQuantity } from "ethers";
import type {
  Provider,
  TransactionLike,
  TransactionRequest,
  TransactionResponse,
  TypedDataDomain,
  TypedDataField,
} from "ethers";
import hre, { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import {
  attach,
  decodeError as decodeClientError,
  GAS_MARGIN,
  GasMarginSigner,
  gasLimitFor,
  isSigner,
  waitForReceipt,
  withGasMargin,
} from "../../package/src/index.js";
import { addressesOf } from "../package/world.js";
import { decodeError, getSuite, signerFor } from "../../tasks/lib/index.js";
import { runJson } from "../fixtures/tasks.js";
import { loadSuite } from "../helpers/fixtures.js";
import type { Suite } from "../helpers/fixtures.js";

/// Two in-process chains that stamp blocks as anvil does, so that two blocks may share a second: one mines a failing
/// transaction and reports it in the receipt (anvil, a live network), the other also answers the send with the
/// failure (the Hardhat node).
const anvilLike = await network.create({
  override: { allowBlocksWithSameTimestamp: true, throwOnTransactionFailures: false },
});
const hardhatLike = await network.create({ override: { allowBlocksWithSameTimestamp: true } });

/// Runs `fn`, which must reject, and returns what it threw.
async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err: unknown) {
    return err;
  }
  throw new Error("expected a rejection");
}

/// A Hardhat signer whose transactions are mined one second after they are estimated: what a busy machine, a slow
/// wallet prompt or a node that stamps blocks with the wall clock does to a transaction. Before each send it moves
/// the next block's timestamp to `sendAt()`; its estimates see the block of the moment.
class OneSecondLaterSigner extends AbstractSigner {
  constructor(
    readonly signer: HardhatEthersSigner,
    private readonly connection: NetworkConnection,
    private readonly sendAt: () => bigint,
  ) {
    super(signer.provider);
  }
  get address(): string {
    return this.signer.address;
  }
  override connect(_provider: Provider | null): OneSecondLaterSigner {
    return this;
  }
  override getAddress(): Promise<string> {
    return this.signer.getAddress();
  }
  override estimateGas(tx: TransactionRequest): Promise<bigint> {
    return this.signer.estimateGas(tx);
  }
  override call(tx: TransactionRequest): Promise<string> {
    return this.signer.call(tx);
  }
  override populateCall(tx: TransactionRequest): Promise<TransactionLike<string>> {
    return this.signer.populateCall(tx);
  }
  override async sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    await this.connection.provider.request({
      method: "evm_setNextBlockTimestamp",
      params: [toQuantity(this.sendAt())],
    });
    return this.signer.sendTransaction(tx);
  }
  override signTransaction(tx: TransactionRequest): Promise<string> {
    return this.signer.signTransaction(tx);
  }
  override signMessage(message: string | Uint8Array): Promise<string> {
    return this.signer.signMessage(message);
  }
  override signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    return this.signer.signTypedData(domain, types, value);
  }
}

describe("withGasMargin", function () {
  it("wraps a signer once, keeps its address, and tells signers from providers", async function () {
    const [first] = await anvilLike.ethers.getSigners();
    const wrapped = withGasMargin(first);

    expect(withGasMargin(wrapped)).to.equal(wrapped);
    expect(wrapped.address).to.equal(first.address);
    expect(await wrapped.getAddress()).to.equal(first.address);
    expect(isSigner(first)).to.equal(true);
    expect(isSigner(wrapped)).to.equal(true);
    expect(isSigner(anvilLike.ethers.provider)).to.equal(false);
  });

  describe("on a chain", function () {
    it("sends a client's contract call with the node's estimate plus the margin", async function () {
      const s: Suite = await loadSuite(anvilLike);
      const [user, other] = s.users;
      const client = attach(user, await addressesOf(s));
      expect(client.runner).to.be.instanceOf(GasMarginSigner);

      const estimate = await client.open.transfer.estimateGas(other.address, 1n);
      const tx = await client.open.transfer(other.address, 1n);
      const receipt = await waitForReceipt(tx);

      expect(tx.gasLimit).to.equal(gasLimitFor(estimate));
      expect(receipt.status).to.equal(1);
    });

    it("reports a revert found by the estimate with its custom error, and sends nothing", async function () {
      const s: Suite = await loadSuite(anvilLike);
      const [user, other] = s.users;
      const client = attach(user, await addressesOf(s));
      const nonce = await user.getNonce();

      const err = await rejection(() => client.open.transferFrom(other.address, user.address, 1n));

      expect(decodeClientError(err)).to.equal(
        `ERC20InsufficientAllowance(spender=${user.address}, allowance=0 OPEN, needed=0.000000000000000001 OPEN (1 wei))`,
      );
      expect(await user.getNonce()).to.equal(nonce);
    });
  });
});

describe("the tasks' accounts", function () {
  it("are signers with a gas margin: --from and the suite's first signer", async function () {
    const connection = await hre.network.getOrCreate();
    const suite = await getSuite(hre, { connection });

    expect(await signerFor(connection, 3)).to.be.instanceOf(GasMarginSigner);
    expect(suite.signer).to.be.instanceOf(GasMarginSigner);
    expect(suite.open.runner).to.be.instanceOf(GasMarginSigner);
  });

  it("send the stake task's transactions with at least the floor above the gas they use", async function () {
    const connection = await hre.network.getOrCreate();
    const suite = await getSuite(hre, { connection });
    const staker = (await connection.ethers.getSigners())[13];
    // The tasks' connection is shared with the other task tests: leave it as it was found.
    const snapshot = await connection.provider.request({ method: "evm_snapshot", params: [] });
    try {
      await waitForReceipt(suite.open.transfer(staker.address, parseEther("10")));

      const result = await runJson<{ txs: string[] }>("stake", { amount: "10", from: "13" });

      expect(result.txs).to.have.length(2); // approve, stake
      for (const hash of result.txs) {
        const [tx, receipt] = await Promise.all([
          connection.ethers.provider.getTransaction(hash),
          connection.ethers.provider.getTransactionReceipt(hash),
        ]);
        expect(tx?.gasLimit ?? 0n).to.be.at.least((receipt?.gasUsed ?? 0n) + GAS_MARGIN.floor);
      }
    } finally {
      await connection.provider.request({ method: "evm_revert", params: [snapshot] });
    }
  });
});

// -------------------------------------------------------------------------------------------------
// The attack: an exact estimate made in the second of the last vote checkpoint
// -------------------------------------------------------------------------------------------------

interface StakeRace {
  s: Suite;
  /// The second of the first stake, whose supply checkpoint the second stake finds.
  second: bigint;
  /// The second staker, whose transactions are mined one second after they are estimated.
  late: OneSecondLaterSigner;
}

/// A first staker stakes in second T; the next block is stamped T again, so that an estimate of a second stake
/// made now sees the supply checkpoint of its own second (updated in place), while the stake itself will be mined in
/// T + 1 and push a new checkpoint into a fresh storage slot.
async function stakeRace(connection: NetworkConnection): Promise<StakeRace> {
  const s = await loadSuite(connection);
  const [first, second] = s.users;
  await s.open.connect(first).approve(await s.gopen.getAddress(), parseEther("100"));
  await s.open.connect(second).approve(await s.gopen.getAddress(), parseEther("100"));
  const t = BigInt(await connection.networkHelpers.time.latest()) + 10n;
  await connection.networkHelpers.time.setNextBlockTimestamp(t);
  await waitForReceipt(s.gopen.connect(first).stake(parseEther("10")));
  await connection.provider.request({ method: "evm_setNextBlockTimestamp", params: [toQuantity(t)] });
  return { s, second: t, late: new OneSecondLaterSigner(second, connection, () => t + 1n) };
}

describe("regression: a gOPEN stake estimated in the second of the last checkpoint and mined one second later", function () {
  describe("when sent with the exact estimate", function () {
    it("runs out of gas (status 0, no revert data), and the error says so in one line", async function () {
      const { s, late } = await stakeRace(anvilLike);
      const request = await s.gopen.connect(late).stake.populateTransaction(parseEther("10"));
      const exact = await late.estimateGas(request);

      const err = await rejection(() => waitForReceipt(late.sendTransaction({ ...request, gasLimit: exact })));

      const receipt = (err as { receipt?: { status: number; gasUsed: bigint; hash: string } }).receipt;
      expect(receipt?.status).to.equal(0);
      expect(receipt?.gasUsed).to.equal(exact);
      expect(decodeError(err)).to.equal(
        `transaction ${receipt?.hash} ran out of gas: used ${exact.toString()} of limit ${exact.toString()}`,
      );
      expect(await s.gopen.balanceOf(late.address)).to.equal(0n);
    });

    it("says so too when the node answers the send with the failure (Hardhat node)", async function () {
      const { s, late } = await stakeRace(hardhatLike);
      const request = await s.gopen.connect(late).stake.populateTransaction(parseEther("10"));
      const exact = await late.estimateGas(request);

      // withGasMargin keeps a limit the transaction names: here, the exact estimate.
      const err = await rejection(() => withGasMargin(late).sendTransaction({ ...request, gasLimit: exact }));

      expect(decodeError(err)).to.match(
        new RegExp(
          `^transaction 0x[0-9a-f]{64} ran out of gas: used ${exact.toString()} of limit ${exact.toString()}$`,
        ),
      );
    });
  });

  describe("when sent through withGasMargin", function () {
    it("succeeds: the margin pays for the checkpoint that the estimate did not see", async function () {
      const { s, second, late } = await stakeRace(anvilLike);
      const exact = await s.gopen.connect(late).stake.estimateGas(parseEther("10"));

      const tx = await s.gopen.connect(withGasMargin(late)).stake(parseEther("10"));
      const receipt = await waitForReceipt(tx);

      const block = await anvilLike.ethers.provider.getBlock(receipt.blockNumber);
      expect(BigInt(block?.timestamp ?? 0)).to.equal(second + 1n);
      expect(receipt.status).to.equal(1);
      expect(receipt.gasUsed).to.be.above(exact); // the stake cost more than its estimate ...
      expect(tx.gasLimit).to.equal(gasLimitFor(exact)); // ... and less than the limit the margin gave it
      expect(await s.gopen.balanceOf(late.address)).to.equal(parseEther("10"));
    });
  });
});
