/// The same dApp on viem, from the installed package only: `@openledger/contracts/viem` gives typed contracts from
/// the bundled `as const` ABIs, the read actions `quote` and `previewSplit`, the write action `settle` and one-line
/// errors, on a viem client. No ethers in this file.
///
///   RPC_URL=http://127.0.0.1:8545 PRIVATE_KEY=0x… ADDRESSES=deployed_addresses.json node viem.ts
///
/// Environment:
///   RPC_URL      JSON-RPC endpoint (default http://127.0.0.1:8545)
///   PRIVATE_KEY  the payer's key (a local account: viem signs, the node only relays)
///   ADDRESSES    an Ignition deployed_addresses.json
///   MODEL_ID     the model to pay for (default 1); UNITS the inferences to settle (default 1)
///   SUMMARY      a file to write what happened to, as JSON
import { readFileSync, writeFileSync } from "node:fs";
import { createWalletClient, defineChain, formatEther, http, keccak256, publicActions, toHex } from "viem";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getChainId } from "viem/actions";
import { addressesFromIgnition } from "@openledger/contracts/deployments";
import { decodeError, getSuiteContracts, previewSplit, quote, settle } from "@openledger/contracts/viem";

const env = process.env;
const out = (line = ""): void => void process.stdout.write(`${line}\n`);

/// What the run did, for SUMMARY.
interface Summary {
  chainId: string;
  models: string;
  fee: string;
  split: { protocol: string; stakers: string; models: string[]; datanets: string[] };
  refusal: string;
  refusalSent: number;
  settled: { inferenceId: string; fee: string; paidWith: string; approval: boolean; tx: string };
}

async function main(): Promise<void> {
  const url = env.RPC_URL ?? "http://127.0.0.1:8545";
  if (!env.PRIVATE_KEY || !env.ADDRESSES) throw new Error("set PRIVATE_KEY and ADDRESSES");
  const id = await getChainId(createWalletClient({ transport: http(url) }));
  const chain = defineChain({
    id,
    name: `chain ${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const account = privateKeyToAccount(env.PRIVATE_KEY as Hex);
  const client = createWalletClient({ account, chain, transport: http(url), pollingInterval: 100 }).extend(
    publicActions,
  );
  const addresses = addressesFromIgnition(JSON.parse(readFileSync(env.ADDRESSES, "utf8")));

  // 1. Typed contracts: every read, write and event of each contract is typed from its ABI.
  const contracts = getSuiteContracts({ client, addresses });
  const models = await contracts.models.read.modelCount();
  out(`chain ${id}: ${models} models; OPEN ${await contracts.open.read.symbol()} at ${contracts.open.address}`);

  // 2. Quote the fee and preview its split with the contract's own rule.
  const modelId = BigInt(env.MODEL_ID ?? "1");
  const units = BigInt(env.UNITS ?? "1");
  const fee = await quote(client, { addresses, modelId, units });
  const split = await previewSplit(client, { addresses, modelId, fee });
  out(`fee for ${units} inference(s) of model ${modelId}: ${formatEther(fee)} OPEN`);
  out(`  protocol ${formatEther(split.protocol)}, stakers ${formatEther(split.stakers)} OPEN`);

  // 3. A cap below the fee: settle's simulation refuses it before anything is sent, in one line.
  const inferenceId = keccak256(toHex(`viem inference ${Date.now()}`));
  const attributionHash = keccak256(toHex(`attribution of ${inferenceId}`));
  const nonce = await client.getTransactionCount({ address: account.address });
  let refusal = "";
  try {
    await settle(client, { addresses, modelId, units, maxFee: fee - 1n, inferenceId, attributionHash });
  } catch (err: unknown) {
    refusal = decodeError(err);
  }
  const refusalSent = (await client.getTransactionCount({ address: account.address })) - nonce;
  out(`with a cap of fee − 1: ${refusal} (${refusalSent} transactions sent)`);

  // 4. Settle: an approval of exactly the fee only when the allowance is short, then the settlement, whose
  //    InferenceSettled event comes back decoded and typed.
  const settled = await settle(client, { addresses, modelId, units, inferenceId, attributionHash });
  out(
    `settled inference ${settled.event.inferenceId.slice(0, 10)}…: ${formatEther(settled.event.fee)} OPEN ` +
      `(${settled.paidWith}) in tx ${settled.receipt.transactionHash}`,
  );

  const summary: Summary = {
    chainId: id.toString(),
    models: models.toString(),
    fee: fee.toString(),
    split: {
      protocol: split.protocol.toString(),
      stakers: split.stakers.toString(),
      models: split.models.map((m) => `${m.id}:${m.amount}`),
      datanets: split.datanets.map((d) => `${d.id}:${d.amount}`),
    },
    refusal,
    refusalSent,
    settled: {
      inferenceId: settled.event.inferenceId,
      fee: settled.event.fee.toString(),
      paidWith: settled.paidWith,
      approval: settled.approval !== undefined,
      tx: settled.receipt.transactionHash,
    },
  };
  if (env.SUMMARY) writeFileSync(env.SUMMARY, `${JSON.stringify(summary, null, 2)}\n`);
}

try {
  await main();
} catch (err: unknown) {
  process.stderr.write(`error: ${decodeError(err)}\n`);
  process.exitCode = 1;
}
