/// Gas limits with a margin: every transaction that the client sends is estimated first, then sent with the estimate
/// plus a margin (`GAS_MARGIN`), never with the exact estimate.
///
/// Why: `eth_estimateGas` runs the transaction on the block of the moment it is asked, and the transaction itself
/// runs in a later block. When its cost depends on that block, the exact estimate falls short and the transaction runs
/// out of gas: status 0, no revert data. The suite has such transactions. A gOPEN stake, delegation or withdrawal
/// request writes ERC20Votes checkpoints keyed by the block timestamp: one of the same second as the last checkpoint
/// is updated in place, one of a later second is pushed into a fresh storage slot, about 22,000 gas more. An estimate
/// made in the second of the last checkpoint, for a transaction mined one second later, is that much too low (a busy
/// machine, a slow wallet prompt, or a node that stamps blocks with the wall clock is enough).
///
/// `withGasMargin(signer)` wraps any ethers v6 signer (a Wallet, a browser wallet's JsonRpcSigner, a NonceManager, a
/// Hardhat signer) so that each of its transactions goes through `gasLimitFor`. `connect` and `attach` wrap the
/// runner they are given, so every contract of a client sends that way; a transaction that names its own `gasLimit`
/// keeps it. Unused gas is not charged: the margin only raises the ceiling.
import { AbstractSigner } from "ethers";
import { OpenLedgerError } from "./errors/index.js";
import { gasLimitFor } from "./gas-limit.js";

export { GAS_MARGIN, gasLimitFor } from "./gas-limit.js";
import type {
  BlockTag,
  ContractTransactionReceipt,
  ContractTransactionResponse,
  Provider,
  Signer,
  TransactionLike,
  TransactionReceipt,
  TransactionRequest,
  TransactionResponse,
  TypedDataDomain,
  TypedDataField,
} from "ethers";

/// `address` of the wrapped signer when its type has one (Wallet, JsonRpcSigner, Hardhat's signers), so that code
/// written for those signers keeps reading it synchronously.
type AddressOf<S> = S extends { readonly address: string } ? string : string | undefined;

/// A signer that sends every transaction with a gas limit from `gasLimitFor`: it asks the wrapped signer for the
/// estimate, then lets it send the transaction with that limit. Everything else (address, nonces, signing, calls)
/// is the wrapped signer's.
export class GasMarginSigner<S extends Signer = Signer> extends AbstractSigner {
  /// The wrapped signer.
  readonly signer: S;
  /// The wrapped signer's `address`, when it has one.
  readonly address: AddressOf<S>;

  constructor(signer: S) {
    super(signer.provider);
    this.signer = signer;
    const address = (signer as { address?: unknown }).address;
    this.address = (typeof address === "string" ? address : undefined) as AddressOf<S>;
  }

  /// The gas limit this signer would send `tx` with: its own `gasLimit` if it names one, else the estimate with the
  /// margin. Throws what the estimate throws (a revert, with its data).
  async gasLimitOf(tx: TransactionRequest): Promise<bigint> {
    if (tx.gasLimit !== undefined && tx.gasLimit !== null) return BigInt(tx.gasLimit);
    return gasLimitFor(await this.signer.estimateGas(tx));
  }

  override async sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    const gasLimit = await this.gasLimitOf(tx);
    try {
      return await this.signer.sendTransaction({ ...tx, gasLimit });
    } catch (err: unknown) {
      // A node that mines the transaction and reports its failure as the answer to the send (Hardhat's, by
      // default) names its hash: the receipt and the limit let decodeError tell whether it ran out of gas.
      await annotateFailure(err, gasLimit, this.provider);
      throw err;
    }
  }

  override async populateTransaction(tx: TransactionRequest): Promise<TransactionLike<string>> {
    return this.signer.populateTransaction({ ...tx, gasLimit: await this.gasLimitOf(tx) });
  }

  override connect(provider: Provider | null): GasMarginSigner {
    return new GasMarginSigner(this.signer.connect(provider));
  }

  override getAddress(): Promise<string> {
    return this.signer.getAddress();
  }

  override getNonce(blockTag?: BlockTag): Promise<number> {
    return this.signer.getNonce(blockTag);
  }

  override populateCall(tx: TransactionRequest): Promise<TransactionLike<string>> {
    return this.signer.populateCall(tx);
  }

  override estimateGas(tx: TransactionRequest): Promise<bigint> {
    return this.signer.estimateGas(tx);
  }

  override call(tx: TransactionRequest): Promise<string> {
    return this.signer.call(tx);
  }

  override resolveName(name: string): Promise<string | null> {
    return this.signer.resolveName(name);
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

/// Adds to a failed send's error what decodeError needs to say "ran out of gas": the gas limit, and the receipt of
/// the transaction it names when the node mined it. Never throws.
async function annotateFailure(err: unknown, gasLimit: bigint, provider: Provider | null): Promise<void> {
  if (typeof err !== "object" || err === null) return;
  const bag = err as Record<string, unknown>;
  try {
    if (!("gasLimit" in bag)) Object.defineProperty(err, "gasLimit", { value: gasLimit, enumerable: true });
    const nested = typeof bag.data === "object" && bag.data !== null ? (bag.data as Record<string, unknown>) : {};
    const hash = [bag.transactionHash, nested.txHash, nested.transactionHash].find(
      (h): h is string => typeof h === "string" && /^0x[0-9a-fA-F]{64}$/.test(h),
    );
    if (hash === undefined || provider === null || "receipt" in bag) return;
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt !== null) Object.defineProperty(err, "receipt", { value: receipt, enumerable: true });
  } catch {
    // the original error is what matters
  }
}

/// `signer`, sending every transaction with a margin over its estimate (`GasMarginSigner`). A signer that already
/// does is returned as is. Wrap the outermost signer: `withGasMargin(new NonceManager(wallet))` takes a nonce only
/// for a transaction whose estimate succeeded.
export function withGasMargin<S extends Signer>(signer: GasMarginSigner<S>): GasMarginSigner<S>;
export function withGasMargin<S extends Signer>(signer: S): GasMarginSigner<S>;
export function withGasMargin<S extends Signer>(signer: S | GasMarginSigner<S>): GasMarginSigner<S> {
  return signer instanceof GasMarginSigner ? (signer as GasMarginSigner<S>) : new GasMarginSigner(signer);
}

/// True for a runner that can send transactions (a signer), false for a provider or a runner without a signer's
/// methods.
export function isSigner(runner: unknown): runner is Signer {
  if (typeof runner !== "object" || runner === null) return false;
  const r = runner as Partial<Record<keyof Signer, unknown>>;
  return (
    typeof r.sendTransaction === "function" &&
    typeof r.estimateGas === "function" &&
    typeof r.getAddress === "function" &&
    typeof r.connect === "function"
  );
}

/// Waits for a sent transaction and returns its receipt. A failed one (status 0) throws ethers' CALL_EXCEPTION with
/// the gas limit the transaction was sent with as `gasLimit`, so that `decodeError` can tell a transaction that ran
/// out of gas ("transaction 0x… ran out of gas: used X of limit Y") from one that reverted.
export async function waitForReceipt(
  sent: Promise<ContractTransactionResponse> | ContractTransactionResponse,
): Promise<ContractTransactionReceipt>;
export async function waitForReceipt(
  sent: Promise<TransactionResponse> | TransactionResponse,
): Promise<TransactionReceipt>;
export async function waitForReceipt(
  sent: Promise<TransactionResponse> | TransactionResponse,
): Promise<TransactionReceipt> {
  const tx = await sent;
  let receipt: TransactionReceipt | null;
  try {
    receipt = await tx.wait();
  } catch (err: unknown) {
    if (typeof err === "object" && err !== null && !("gasLimit" in err)) {
      Object.defineProperty(err, "gasLimit", { value: tx.gasLimit, enumerable: true });
    }
    throw err;
  }
  if (receipt === null) throw new OpenLedgerError(`transaction ${tx.hash} was not mined`);
  return receipt;
}
