/// What the job and feedback task tests share: accounts 28 (the client, and the root jobs' evaluator) and 29 (the
/// provider agent's owner) funded with OPEN, and agents registered and staked to take jobs, among them agents owned
/// by fresh wallets funded here.
import { parseEther, Wallet } from "ethers";
import hre from "hardhat";
import { registerAgent, stakeAgent } from "../../package/src/index.js";
import type { Client } from "../../package/src/index.js";
import { clientFor, getSuite } from "../../tasks/lib/index.js";

export const suite = await getSuite(hre);
const signers = await suite.connection.ethers.getSigners();
export const [buyer, provider] = [signers[28], signers[29]];

let funded = false;

/// Funds accounts 28 and 29 with OPEN, once.
export async function fundAccounts(): Promise<void> {
  if (funded) return;
  funded = true;
  for (const account of [buyer, provider]) {
    await (await suite.open.transfer(account.address, parseEther("10000"))).wait();
  }
}

/// A fresh wallet with ETH and `open` OPEN, and a client of the suite signing with it.
export async function freshWallet(open = parseEther("1000")): Promise<{ wallet: Wallet; client: Client }> {
  const wallet = Wallet.createRandom().connect(suite.connection.ethers.provider);
  await suite.connection.networkHelpers.setBalance(wallet.address, parseEther("10"));
  if (open > 0n) await (await suite.open.transfer(wallet.address, open)).wait();
  return { wallet: wallet as unknown as Wallet, client: clientFor(suite, wallet) };
}

/// A new agent owned by `client`'s signer, staked with the registry's minimum so that it may take jobs.
export async function stakedAgent(client: Client, uri = "ipfs://agent/jobs"): Promise<bigint> {
  const { agentId } = await registerAgent(client, { uri });
  await stakeAgent(client, { agentId, amount: await suite.agents.minStake() });
  return agentId;
}

/// A client signing as account 29 (the provider's owner).
export function providerClient(): Client {
  return clientFor(suite, provider);
}
