/// What every step of the bench shares: the connection, the suite, the deployer, and fresh funded accounts.
import { parseEther, Wallet } from "ethers";
import type { network } from "hardhat";
import type { Suite } from "../../../tasks/lib/index.js";
import { hashOf } from "./inputs.js";
import { run } from "./record.js";

export type Connection = Awaited<ReturnType<typeof network.create>>;

export interface Bench {
  connection: Connection;
  suite: Suite;
  deployer: Awaited<ReturnType<Connection["ethers"]["getSigners"]>>[number];
  chainId: bigint;
  time: Connection["networkHelpers"]["time"];
  /// A fresh externally-owned account with 100 ETH for gas, from a fixed key (the same accounts every run).
  account(label: string): Promise<Wallet>;
  /// OPEN from the deployer.
  fund(to: Wallet, amount: bigint): Promise<void>;
  approve(from: Wallet, spender: string, amount: bigint): Promise<void>;
}

export async function benchContext(connection: Connection, suite: Suite): Promise<Bench> {
  const { ethers, networkHelpers } = connection;
  const [deployer] = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();
  const { open } = suite;
  return {
    connection,
    suite,
    deployer,
    chainId,
    time: networkHelpers.time,
    account: async (label) => {
      const wallet = new Wallet(hashOf(`openledger bench account ${label}`), ethers.provider);
      await networkHelpers.setBalance(wallet.address, parseEther("100"));
      return wallet;
    },
    fund: async (to, amount) => run(open.connect(deployer).transfer(to, amount)),
    approve: async (from, spender, amount) => run(open.connect(from).approve(spender, amount)),
  };
}
