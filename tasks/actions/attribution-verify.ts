/// attribution:verify — rebuilds a tree file's tree and checks it against the chain: the posted root and total,
/// the datanet's accrued amount, and (inference-log files) every inference's settled attribution hash. Prints each
/// mismatch by name and sets exit code 1 if there is any. A tree store (`<name>.tree/`) is checked by rebuilding the
/// tree from its leaves alone (`verifyTree`) and the same chain checks on its allocation and inferences.
/// With `--recompute`, every inference settled on-chain that credited the file's datanet up to its block is attributed
/// again by the engine, from the index of its model's training set (`--index` files, see attribution:index, or built
/// from `--records` and `--trees`, each text checked against its on-chain content hash) and the inference's output
/// (`--outputs <folder>/<inferenceId>.txt`), and the recomputed attribution hash is checked against the one of its
/// InferenceSettled event (./attribution-recompute.ts).
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { readChainState, verifyAgainstLog, verifyPosted } from "../../package/src/index.js";
import { isTreeStore, readInferenceLog, readTreeFile, storeHeader } from "../../package/src/node/index.js";
import { recomputeMismatches } from "./attribution-recompute.js";
import type { IndexSource } from "./attribution-recompute.js";
import { verifyStorePosted } from "../../package/src/node/index.js";
import { clientFor, getSuite, OpenLedgerError, printResult, required, runTask, toJson } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { amountOut } from "./attribution-common.js";

export interface VerifyArgs extends CommonArgs {
  file: string;
  log: string;
  recompute: boolean;
  index: string;
  records: string;
  trees: string;
  k: number;
  outputs: string;
}

export default runTask(async (args: VerifyArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const file = required("file", args.file);
  const header = isTreeStore(file) ? storeHeader(file) : undefined;
  const treeFile = header === undefined ? readTreeFile(file) : undefined;
  const a = treeFile?.allocation ?? header!;
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const reader = clientFor(suite, suite.connection.ethers.provider);
  const chain = await readChainState(reader, { allocation: a });
  const mismatches = treeFile === undefined ? verifyStorePosted(file, chain) : verifyPosted(treeFile, chain);
  if (args.log.trim() !== "")
    mismatches.push(...verifyAgainstLog({ allocation: a }, readInferenceLog(args.log.trim())));
  if (args.recompute) mismatches.push(...(await recomputeMismatches(reader, a, sourceOf(args), outputsOf(args))));

  const result = {
    file,
    datanet: a.datanetId,
    epoch: a.epoch,
    policy: a.policy,
    root: treeFile?.root ?? header!.root,
    status: chain.status ?? "not posted",
    cumulativeTotal: amountOut(BigInt(a.cumulativeTotal), args.json),
    accrued: amountOut(chain.accrued, args.json),
    ok: mismatches.length === 0,
  };
  if (args.json) {
    process.stdout.write(`${toJson({ ...result, mismatches })}\n`);
  } else {
    printResult({ ...result, mismatches: mismatches.length }, false);
    for (const m of mismatches) process.stdout.write(`  ${m.name}: ${m.detail}\n`);
  }
  if (mismatches.length > 0) process.exitCode = 1;
});

/// Where --recompute finds its indexes: --index files, or the records (--records, --trees) to build them from.
function sourceOf(args: VerifyArgs): IndexSource {
  const index = args.index.trim();
  const records = args.records.trim();
  if ((index === "") === (records === "")) {
    throw new OpenLedgerError("--recompute needs --index (index files) or --records (the records' texts), one of them");
  }
  if (index !== "") return { index };
  return { records, trees: args.trees.trim() || undefined, k: args.k };
}

const outputsOf = (args: VerifyArgs): string => required("outputs", args.outputs);
