/// Sending transactions from the tasks: the account of `--from`, the suite connected for it, and waiting for a receipt.
///
/// Every account the tasks and scripts send from is a `Sender`: the network's signer wrapped by the package's
/// `withGasMargin`, so that each transaction is estimated and sent with the margin of `GAS_MARGIN`
/// (package/src/gas.ts) rather than with the exact estimate, which a transaction mined one second later can
/// outgrow (status 0, no revert data).
import { getAddress, isAddress } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { waitForReceipt, withGasMargin } from "../../package/src/gas.js";
import type { GasMarginSigner } from "../../package/src/gas.js";
import type { Client } from "../../package/src/client.js";
import type { SendArgs } from "./args.js";
import { clientFor, getSuite } from "./deployment.js";
import type { Suite } from "./deployment.js";
import { OpenLedgerError } from "./errors.js";

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
    throw new OpenLedgerError(
      `network "${connection.networkName}" has no accounts: configure one to send transactions`,
    );
  }
  const text = String(from).trim() === "" ? "0" : String(from).trim();
  if (/^\d+$/.test(text)) {
    const signer = signers[Number(text)];
    if (signer === undefined) {
      throw new OpenLedgerError(
        `no account #${text} on network "${connection.networkName}": it has ${signers.length} (0..${signers.length - 1})`,
      );
    }
    return signer;
  }
  if (!isAddress(text)) throw new OpenLedgerError(`"${String(from)}" is neither an account index nor an address`);
  const wanted = getAddress(text);
  const signer = signers.find((s) => s.address === wanted);
  if (signer === undefined) {
    throw new OpenLedgerError(
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
  if (block === null) throw new OpenLedgerError("the node returned no latest block");
  return BigInt(block.timestamp);
}

/// Waits for a sent transaction and returns its receipt; a failure says whether it ran out of gas (the SDK's
/// `waitForReceipt`).
export const mined = waitForReceipt;
