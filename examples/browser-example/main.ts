/// A web page on @openledger/contracts, from the installed package only: it connects to a node's JSON-RPC with an
/// ethers JsonRpcProvider (the key of a funded account signs: a dev chain's, never a real one), quotes a fee and
/// previews its split, is refused a fee above its cap (the SDK's preflight, decoded in one line), settles one
/// inference with the SDK's `settle` action, and checks an attribution tree. Everything it finds goes into the page:
/// one `<dt>`/`<dd>` per result, the whole as JSON in `#summary`, and `data-status="done"` (or `"failed"`, with the
/// error in `#error`) on `<body>`.
///
///   npm run build    (= esbuild main.ts --bundle --format=esm --platform=browser --minify '--external:node:*' …)
///
/// The page reads what it needs from `config.json` beside it: `{ rpcUrl, privateKey, addresses, modelId, units,
/// leaves: [[account, amount], …] }` (addresses as `connect` takes them; amounts as decimal strings).
import { connect, decodeError, ethers, formatOpen, settle } from "@openledger/contracts";
import type { Addresses } from "@openledger/contracts";
import { verifyTree } from "../package-example/tree-check.ts";
import type { TreeCheck } from "../package-example/tree-check.ts";

interface Config {
  rpcUrl: string;
  privateKey: string;
  addresses: Addresses;
  modelId: string;
  units: string;
  leaves: Array<[string, string]>;
}

/// What the page found, as `#summary` holds it.
export interface BrowserSummary {
  chainId: string;
  fee: string;
  feeText: string;
  split: { protocol: string; stakers: string; models: string[]; datanets: string[] };
  refusal: string;
  settled: { inferenceId: string; fee: string; paidWith: string; approval: boolean; tx: string };
  tree: TreeCheck;
}

function show(key: string, value: string): void {
  const list = document.getElementById("results");
  const term = document.createElement("dt");
  const detail = document.createElement("dd");
  term.textContent = key;
  detail.textContent = value;
  detail.dataset.key = key;
  list?.append(term, detail);
}

async function main(): Promise<BrowserSummary> {
  const config = (await (await fetch("./config.json")).json()) as Config;
  const provider = new ethers.JsonRpcProvider(config.rpcUrl);
  const payer = new ethers.NonceManager(new ethers.Wallet(config.privateKey, provider));
  const client = await connect(payer, config.addresses);
  const chainId = (await provider.getNetwork()).chainId;
  show("chain", chainId.toString());

  // Quote and preview, with the contract's own rule.
  const modelId = BigInt(config.modelId);
  const units = BigInt(config.units);
  const fee = await client.quote(modelId, units);
  const split = await client.previewSplit(modelId, fee);
  show("fee", formatOpen(fee));
  show("split", `protocol ${formatOpen(split.protocol)}, stakers ${formatOpen(split.stakers)}`);

  // A cap below the fee: the action's preflight refuses it before anything is sent.
  const inferenceId = ethers.hexlify(ethers.randomBytes(32));
  const attributionHash = ethers.id(`attribution of ${inferenceId}`);
  let refusal = "";
  try {
    await settle(client, { modelId, units, maxFee: fee - 1n, inferenceId, attributionHash });
  } catch (err: unknown) {
    refusal = decodeError(err);
  }
  show("refusal", refusal);

  // Settle: the balance and the static call first, an approval only when the allowance is short, the event decoded.
  const settled = await settle(client, { modelId, units, inferenceId, attributionHash });
  show("settled", `${formatOpen(settled.event.fee)} (${settled.paidWith}) in ${settled.receipt.hash}`);

  // An attribution tree of the datanet the model was trained on.
  const leaves = config.leaves.map(([account, amount]): [string, bigint] => [account, BigInt(amount)]);
  const datanetId = split.datanets[0]?.id ?? 1n;
  const tree = verifyTree(Number(chainId), client.addresses.settlement, datanetId, leaves);
  show("tree", `${tree.valid ? "valid" : "INVALID"} proof of ${tree.proofLength} nodes under ${tree.root}`);

  provider.destroy();
  return {
    chainId: chainId.toString(),
    fee: fee.toString(),
    feeText: formatOpen(fee),
    split: {
      protocol: split.protocol.toString(),
      stakers: split.stakers.toString(),
      models: split.models.map((m) => `${m.id}:${m.amount}`),
      datanets: split.datanets.map((d) => `${d.id}:${d.amount}`),
    },
    refusal,
    settled: {
      inferenceId,
      fee: settled.event.fee.toString(),
      paidWith: settled.paidWith,
      approval: settled.approval !== undefined,
      tx: settled.receipt.hash,
    },
    tree,
  };
}

main().then(
  (summary) => {
    const text = JSON.stringify(summary, null, 2);
    const out = document.getElementById("summary");
    if (out !== null) out.textContent = text;
    document.body.dataset.status = "done";
  },
  (err: unknown) => {
    const out = document.getElementById("error");
    if (out !== null) out.textContent = `error: ${decodeError(err)}`;
    document.body.dataset.status = "failed";
  },
);
