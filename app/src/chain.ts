/// The chain: a public client on the configured RPC to read, and a wallet client on the injected EIP-1193 provider
/// (window.ethereum) to write. Every write is simulated first, so that a revert is shown before anything is signed.
import { createPublicClient, createWalletClient, custom, defineChain, getAddress, http } from "viem";
import type { Abi, Address, Chain, EIP1193Provider, Hash, PublicClient, WalletClient } from "viem";
import { decodeError, getSuiteContracts } from "../../package/src/viem/index.js";
import type { AppConfig } from "./config.js";

declare global {
  interface Window {
    ethereum?: EIP1193Provider;
  }
}

export interface Chain_ {
  config: AppConfig;
  chain: Chain;
  client: PublicClient;
  contracts: ReturnType<typeof getSuiteContracts<PublicClient>>;
}

export function connectChain(config: AppConfig): Chain_ {
  const chain = defineChain({
    id: config.chainId,
    name: `chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport: http(config.rpcUrl), cacheTime: 0 }) as PublicClient;
  return { config, chain, client, contracts: getSuiteContracts({ client, addresses: config.addresses }) };
}

export interface Wallet {
  client: WalletClient;
  account: Address;
}

/// The injected wallet's first account, asking for access; undefined when the page has no wallet.
export async function connectWallet(chain: Chain): Promise<Wallet | undefined> {
  const provider = window.ethereum;
  if (provider === undefined) return undefined;
  const client = createWalletClient({ chain, transport: custom(provider) });
  const [account] = await client.requestAddresses();
  if (account === undefined) return undefined;
  return { client, account: getAddress(account) };
}

export interface Write {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

/// Simulates, sends and waits for one transaction from the wallet. Throws the SDK's one-line message on any failure
/// (a custom error decoded in human units, never raw hex).
export async function send(c: Chain_, wallet: Wallet, write: Write): Promise<Hash> {
  try {
    const { request } = await c.client.simulateContract({ ...write, account: wallet.account } as never);
    // The estimate runs on the last block; the transaction lands in the next one, where a vote checkpoint or a
    // rewards update may be a new storage slot rather than an update in place. A quarter of headroom covers it.
    const estimate = await c.client.estimateContractGas({ ...write, account: wallet.account } as never);
    const gas = estimate + estimate / 4n + 30_000n;
    const hash = await wallet.client.writeContract({ ...(request as object), gas, chain: c.chain } as never);
    const receipt = await c.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return hash;
  } catch (err) {
    throw new Error(decodeError(err));
  }
}
