/// The signer behind a client, for the actions that send or sign.
import type { Signer } from "ethers";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { isSigner } from "../../gas.js";

/// The client's signer and its address. Throws a one-line OpenLedgerError when the client was connected to a
/// provider only.
export async function signerOf(client: Client, action: string): Promise<{ signer: Signer; address: string }> {
  const runner = client.runner;
  if (!isSigner(runner)) {
    throw new OpenLedgerError(`${action} sends a transaction: connect the client to a signer, not a provider`);
  }
  return { signer: runner, address: await runner.getAddress() };
}

/// The timestamp of the latest block: what "now" means on-chain.
export async function chainNow(client: Client): Promise<bigint> {
  const provider = client.runner.provider;
  if (provider === null) throw new OpenLedgerError("the client's runner has no provider to read the chain with");
  const block = await provider.getBlock("latest");
  if (block === null) throw new OpenLedgerError("the node returned no latest block");
  return BigInt(block.timestamp);
}
