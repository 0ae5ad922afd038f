/// agent:wallet — sets an agent's wallet through the SDK's `setAgentWallet` (`--set`: the new wallet signs the
/// EIP-712 AgentWalletSet message, with `--wallet-key` or as the network's account it is; the owner or an operator,
/// `--from`, sends it), or clears it with `--unset` (`unsetAgentWallet`).
import { Wallet } from "ethers";
import type { Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { setAgentWallet, unsetAgentWallet } from "../../package/src/actions/index.js";
import { OpenLedgerError, clientAndSigner, parseId, printResult, runTask, signerFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { addressOf } from "./agent-common.js";

interface Args extends SendArgs {
  agent: string | undefined;
  set: string | undefined;
  walletKey: string | undefined;
  unset: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const agentId = parseId("agent", args.agent);
  const given = args.set !== undefined && args.set.trim() !== "";
  if (given === args.unset) throw new OpenLedgerError("give --set <wallet> or --unset, one of them");
  if (args.unset && args.walletKey !== undefined)
    throw new OpenLedgerError("--wallet-key goes with --set, not --unset");
  const { suite, client } = await clientAndSigner(hre, args);

  if (args.unset) {
    const { receipt, previous } = await unsetAgentWallet(client, { agentId });
    printResult({ agent: agentId, wallet: null, previous, tx: receipt.hash }, args.json);
    return;
  }

  const address = await addressOf(suite.connection, "set", args.set);
  let wallet: Signer;
  if (args.walletKey !== undefined && args.walletKey.trim() !== "") {
    let key: Wallet;
    try {
      key = new Wallet(args.walletKey.trim(), suite.connection.ethers.provider);
    } catch {
      throw new OpenLedgerError("--wallet-key must be a private key: 0x + 64 hex digits");
    }
    if (key.address !== address) {
      throw new OpenLedgerError(`--wallet-key is the key of ${key.address}, not of --set ${address}`);
    }
    wallet = key;
  } else {
    try {
      wallet = await signerFor(suite.connection, address);
    } catch {
      throw new OpenLedgerError(
        `${address} is not an account of network "${suite.connection.networkName}": give its --wallet-key to sign`,
      );
    }
  }
  const { receipt, previous } = await setAgentWallet(client, { agentId, wallet });
  const nonce = await client.agents.agentWalletNonce(agentId);
  printResult({ agent: agentId, wallet: address, previous, nonce, tx: receipt.hash }, args.json);
});
