import { withdrawContribution } from "../../package/src/actions/index.js";
import { clientAndSigner, formatOpen, parseHash, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  hash: string | undefined;
  root: boolean;
}

/// Withdraws the signer's pending contribution (or Merkle batch with --root) that no curator reviewed within the
/// review timeout. Its bond becomes bond credit, which `datanet:withdraw-bond` pays out.
export default runTask(async (args: Args, hre): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const key = parseHash("--hash", args.hash);
  const { client } = await clientAndSigner(hre, args);
  const r = await withdrawContribution(client, { datanetId, key, root: args.root });
  const open = (wei: bigint) => (args.json ? wei : formatOpen(wei));
  printResult(
    {
      datanet: datanetId,
      [args.root ? "root" : "contentHash"]: key,
      status: "Withdrawn",
      bondCredited: open(r.bondCredited),
      credit: open(r.credit),
      tx: r.receipt.hash,
    },
    args.json,
  );
});
