/// A dApp's first use of @openledger/contracts, from the installed package only: connect to the suite, read its
/// models and datanets, quote a fee, preview its split, settle one inference (the SDK's `settle`), and claim what an
/// account has earned from a datanet's attribution tree file.
///
///   RPC_URL=http://127.0.0.1:8545 PRIVATE_KEY=0x… ADDRESSES=deployed_addresses.json node index.ts
///
/// Environment:
///   RPC_URL      JSON-RPC endpoint (default http://127.0.0.1:8545)
///   PRIVATE_KEY  the payer's key; without it, only the reads run
///   ADDRESSES    an Ignition deployed_addresses.json; without it, the deployment shipped for the node's chain id
///   MODEL_ID     the model to pay for (default 1); UNITS the inferences to settle (default 1)
///   TREE         attribution tree files to claim with, comma-separated; CLAIM_FOR the account (default the payer)
///   SUMMARY      a file to write what happened to, as JSON
import { readFileSync, writeFileSync } from "node:fs";
import {
  addressesFromIgnition,
  claimableFor,
  claimAll,
  connect,
  decodeError,
  ethers,
  loadTree,
  settle,
  waitForReceipt,
} from "@openledger/contracts";
import type { Client, TreeFile } from "@openledger/contracts";
import { settlementAbi } from "@openledger/contracts/abis";
import { knownChainIds } from "@openledger/contracts/deployments";

const env = process.env;
const out = (line = ""): void => void process.stdout.write(`${line}\n`);
const open = (wei: bigint): string => `${ethers.formatUnits(wei, 18)} OPEN`;

/// What the run did, for SUMMARY.
interface Summary {
  chainId: string;
  models: string;
  datanets: string;
  modelId: string;
  fee: string;
  split: { protocol: string; stakers: string; models: string[]; datanets: string[] };
  settled?: { inferenceId: string; fee: string; datanetAccrued: string; tx: string };
  refusal?: string;
  claimed?: { account: string; amount: string; tx: string | null };
}

async function main(): Promise<void> {
  const provider = new ethers.JsonRpcProvider(env.RPC_URL ?? "http://127.0.0.1:8545");
  const { chainId } = await provider.getNetwork();
  // A NonceManager counts the payer's nonces itself: ethers caches identical requests for 250 ms, so two
  // transactions in a row from a plain Wallet may be given the same nonce.
  const signer = env.PRIVATE_KEY ? new ethers.NonceManager(new ethers.Wallet(env.PRIVATE_KEY, provider)) : undefined;
  out(
    `chain ${chainId}, block ${await provider.getBlockNumber()}; deployments shipped for: ${knownChainIds().join(", ") || "none"}`,
  );

  // 1. Connect: to the addresses of a deployment file, or to the deployment shipped for this chain. The client wraps
  //    the signer so that each transaction is sent with a margin over its gas estimate (GAS_MARGIN).
  const addresses = env.ADDRESSES ? addressesFromIgnition(JSON.parse(readFileSync(env.ADDRESSES, "utf8"))) : undefined;
  const client: Client = await connect(signer ?? provider, addresses ?? chainId);
  out(`connected: Settlement ${client.addresses.settlement}, OPEN ${client.addresses.open}`);

  // 2. Read: models and datanets.
  const [models, datanets] = await Promise.all([client.models.modelCount(), client.datanets.datanetCount()]);
  out(`${models} models, ${datanets} datanets`);
  const modelId = BigInt(env.MODEL_ID ?? "1");
  const model = await client.models.model(modelId);
  out(`model ${modelId}: owner ${model.owner}, price ${open(model.price)}, owner share ${model.ownerBps} bps`);
  for (const d of model.datanets) {
    const datanet = await client.datanets.datanet(d.datanetId);
    out(
      `  trained on datanet ${d.datanetId} (${d.weightBps} bps): ${datanet.uri}, ${datanet.contributionCount} contributions`,
    );
  }

  // 3. Quote the fee, and preview its split with the contract's own rule.
  const units = BigInt(env.UNITS ?? "1");
  const fee = await client.quote(modelId, units);
  const split = await client.previewSplit(modelId, fee);
  out(`fee for ${units} inference(s): ${open(fee)}`);
  out(`  protocol ${open(split.protocol)}, stakers ${open(split.stakers)}`);
  for (const m of split.models) out(`  model ${m.id}: ${open(m.amount)}`);
  for (const d of split.datanets) out(`  datanet ${d.id}: ${open(d.amount)}`);
  const summary: Summary = {
    chainId: chainId.toString(),
    models: models.toString(),
    datanets: datanets.toString(),
    modelId: modelId.toString(),
    fee: fee.toString(),
    split: {
      protocol: split.protocol.toString(),
      stakers: split.stakers.toString(),
      models: split.models.map((m) => `${m.id}:${m.amount}`),
      datanets: split.datanets.map((d) => `${d.id}:${d.amount}`),
    },
  };

  if (signer !== undefined) {
    // 4. A fee above the payer's cap is refused: the custom error, decoded in one line.
    try {
      await client.settlement.settle.staticCall(modelId, units, fee - 1n, ethers.ZeroHash, ethers.ZeroHash);
    } catch (err: unknown) {
      summary.refusal = decodeError(err);
      out(`with a cap of fee − 1: ${summary.refusal}`);
    }

    // 5. Settle with the SDK's action: it checks the balance and runs the settlement as a call first, approves the
    //    fee only when the allowance is short, settles with the inference id and its attribution hash, and returns
    //    the receipt with the decoded InferenceSettled event.
    const inferenceId = ethers.hexlify(ethers.randomBytes(32));
    const attributionHash = ethers.id(`attribution of ${inferenceId}`);
    const datanetId = split.datanets[0]?.id;
    const accruedBefore = datanetId === undefined ? 0n : await client.settlement.accrued(datanetId);
    const { receipt, event } = await settle(client, { modelId, units, maxFee: fee, inferenceId, attributionHash });
    // The same event, decoded with the `as const` ABI (what viem users would pass around).
    const iface = new ethers.Interface(settlementAbi);
    const decoded = receipt.logs.map((log) => iface.parseLog(log)).find((e) => e?.name === "InferenceSettled");
    if (decoded?.args.fee !== event.fee) throw new Error("the ABI and the SDK decode different fees");
    const accrued = datanetId === undefined ? 0n : (await client.settlement.accrued(datanetId)) - accruedBefore;
    out(`settled inference ${inferenceId.slice(0, 10)}…: ${open(event.fee)} in tx ${receipt.hash}`);
    out(
      `  datanet ${datanetId ?? "-"} accrued ${open(accrued)} (preview said ${open(split.datanets[0]?.amount ?? 0n)})`,
    );
    summary.settled = {
      inferenceId,
      fee: String(event.fee),
      datanetAccrued: accrued.toString(),
      tx: receipt.hash,
    };

    // 6. Claim what an account earned, with the attribution tree files of its datanets.
    if (env.TREE) {
      const trees: TreeFile[] = env.TREE.split(",").map((file) => loadTree(file.trim()));
      const account = env.CLAIM_FOR ?? (await signer.getAddress());
      for (const tree of trees) {
        const owed = await claimableFor(client, tree, account);
        out(
          `tree of datanet ${tree.allocation.datanetId} epoch ${tree.allocation.epoch}: ${open(owed)} claimable by ${account}`,
        );
      }
      const before = await client.open.balanceOf(account);
      const tx = await claimAll(client, account, trees);
      if (tx !== null) await waitForReceipt(tx);
      const amount = (await client.open.balanceOf(account)) - before;
      out(tx === null ? "nothing new to claim" : `claimed ${open(amount)} for ${account} in tx ${tx.hash}`);
      summary.claimed = { account, amount: amount.toString(), tx: tx?.hash ?? null };
    }
  }

  if (env.SUMMARY) writeFileSync(env.SUMMARY, `${JSON.stringify(summary, null, 2)}\n`);
}

try {
  await main();
} catch (err: unknown) {
  process.stderr.write(`error: ${decodeError(err)}\n`);
  process.exitCode = 1;
}
