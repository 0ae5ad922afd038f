/// attribution:hash — the attribution hash of each inference of a log: what the payer settles the inference with.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { attributionHash } from "../../package/src/index.js";
import { readInferenceLog } from "../../package/src/node/index.js";
import { printResult, required, runTask } from "../lib/index.js";

export interface HashArgs {
  log: string;
  json: boolean;
}

export default runTask(async (args: HashArgs, _hre: HardhatRuntimeEnvironment): Promise<void> => {
  const log = readInferenceLog(required("log", args.log));
  const hashes: Record<string, string> = {};
  for (const record of log) hashes[record.inferenceId] = attributionHash(record);
  if (args.json) {
    printResult({ inferences: log.length, attributionHash: hashes }, true);
    return;
  }
  process.stdout.write(`${"inferenceId".padEnd(66)}  attributionHash\n`);
  for (const [inferenceId, hash] of Object.entries(hashes)) process.stdout.write(`${inferenceId}  ${hash}\n`);
});
