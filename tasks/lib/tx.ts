/// Sending transactions from the tasks: the account of `--from`, the suite connected for it, waiting for a receipt,
/// reading the events of a receipt, approving OPEN, and signing EIP-2612 permits.
///
/// Every account the tasks and scripts send from is a `Sender`: the network's signer wrapped by the package's
/// `withGasMargin`, so that each transaction is estimated and sent with the margin of `GAS_MARGIN`
/// (package/src/gas.ts) rather than with the exact estimate, which a transaction mined one second later can
/// outgrow (status 0, no revert data).
import { getAddress, isAddress } from "ethers";
import type { ContractTransactionReceipt, ContractTransactionResponse, Interface } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { OpenToken } from "../../typechain-types/index.js";
import { waitForReceipt, withGasMargin } from "../../package/src/gas.js";
import type { GasMarginSigner } from "../../package/src/gas.js";
import type { Client } from "../../package/src/client.js";
import type { SendArgs } from "./args.js";
import { clientFor, getSuite } from "./deployment.js";
import type { Suite } from "./deployment.js";
import { ToolError } from "./errors.js";

// -------------------------------------------------------------------------------------------------
// Accounts
// -------------------------------------------------------------------------------------------------

/// An account that the tasks send from: a network signer whose transactions carry a margin over their estimate.
export type Sender = GasMarginSigner<HardhatEthersSigner>;

/// Every account of the network, as Senders.
export async function sendersOf(connection: NetworkConnection): Promise<Sender[]> {
  return (await connection.ethers.getSigners()).map((signer) => withGasMargin(signer));
}

/// The signer named by `from` (`--from`): an index into the network's accounts (3, "3") or one of their addresses;
/// "" is the first account.
export async function signerFor(connection: NetworkConnection, from: string | number): Promise<Sender> {
  const signers = await sendersOf(connection);
  if (signers.length === 0) {
    throw new ToolError(`network "${connection.networkName}" has no accounts: configure one to send transactions`);
  }
  const text = String(from).trim() === "" ? "0" : String(from).trim();
  if (/^\d+$/.test(text)) {
    const signer = signers[Number(text)];
    if (signer === undefined) {
      throw new ToolError(
        `no account #${text} on network "${connection.networkName}": it has ${signers.length} (0..${signers.length - 1})`,
      );
    }
    return signer;
  }
  if (!isAddress(text)) throw new ToolError(`"${String(from)}" is neither an account index nor an address`);
  const wanted = getAddress(text);
  const signer = signers.find((s) => s.address === wanted);
  if (signer === undefined) {
    throw new ToolError(
      `${wanted} is not one of the ${signers.length} accounts of network "${connection.networkName}"`,
    );
  }
  return signer;
}

/// An address to read: any address, an index into the network's accounts, or "" for the first account.
export async function accountFor(connection: NetworkConnection, account: string): Promise<string> {
  const text = account.trim();
  if (isAddress(text)) return getAddress(text);
  return (await signerFor(connection, text)).address;
}

/// The deployed suite and the signer of `--from`: what every task that sends a transaction starts with.
export async function suiteAndSigner(
  hre: HardhatRuntimeEnvironment,
  args: SendArgs,
): Promise<{ suite: Suite; signer: Sender }> {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  return { suite, signer: await signerFor(suite.connection, args.from) };
}

/// The SDK client for the deployed suite, connected to the signer of `--from`: what a task hands to an SDK action.
export async function clientAndSigner(
  hre: HardhatRuntimeEnvironment,
  args: SendArgs,
): Promise<{ suite: Suite; client: Client; signer: Sender }> {
  const { suite, signer } = await suiteAndSigner(hre, args);
  return { suite, client: clientFor(suite, signer), signer };
}

/// The timestamp of the latest block: what "now" means on-chain.
export async function latestTimestamp(connection: NetworkConnection): Promise<bigint> {
  const block = await connection.ethers.provider.getBlock("latest");
  if (block === null) throw new ToolError("the node returned no latest block");
  return BigInt(block.timestamp);
}

// -------------------------------------------------------------------------------------------------
// Receipts and events
// -------------------------------------------------------------------------------------------------

/// Waits for a sent transaction and returns its receipt. A failed one throws with its gas limit, which `decodeError`
/// reads to say "transaction 0x… ran out of gas: used X of limit Y" when it did.
export async function mined(
  sent: Promise<ContractTransactionResponse> | ContractTransactionResponse,
): Promise<ContractTransactionReceipt> {
  return waitForReceipt(sent);
}

/// A contract whose events can be read from a receipt: a typechain contract.
export interface EventSource {
  interface: Interface;
  target: unknown;
}

/// The arguments of every `name` event that `contract` emitted in `receipt`, typed by the caller from typechain's
/// `<Event>Event.OutputObject`.
export function eventsIn<T>(receipt: ContractTransactionReceipt, contract: EventSource, name: string): T[] {
  const address = String(contract.target).toLowerCase();
  const out: T[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog(log);
    if (parsed !== null && parsed.name === name) out.push(parsed.args.toObject(true) as T);
  }
  return out;
}

/// The first `name` event of `contract` in `receipt`; a ToolError if there is none.
export function eventIn<T>(receipt: ContractTransactionReceipt, contract: EventSource, name: string): T {
  const [first] = eventsIn<T>(receipt, contract, name);
  if (first === undefined) throw new ToolError(`transaction ${receipt.hash} emitted no ${name} event`);
  return first;
}

// -------------------------------------------------------------------------------------------------
// Allowances and permits
// -------------------------------------------------------------------------------------------------

/// Makes sure `spender` may take `amount` of `token` from `owner`: approves exactly `amount` when the allowance is
/// lower. Returns the approval's receipt, or undefined when none was needed.
export async function ensureAllowance(
  token: OpenToken,
  owner: Sender,
  spender: string,
  amount: bigint,
): Promise<ContractTransactionReceipt | undefined> {
  if (amount === 0n) return undefined;
  if ((await token.allowance(owner.address, spender)) >= amount) return undefined;
  return mined(token.connect(owner).approve(spender, amount));
}

/// The EIP-712 domain of a contract (ERC-5267), and EIP-2612 permits: the SDK's (package/src/actions/settlement/signPermit.ts).
export { eip712DomainOf, PERMIT_LIFETIME, PERMIT_TYPES } from "../../package/src/actions/settlement/signPermit.js";
export type { SignedPermit } from "../../package/src/actions/settlement/signPermit.js";
