/// model:generate — generates text from an n-gram weights file (see model:train) with a seed: the same weights and
/// seed give the same text on every machine.
import { readFileSync } from "node:fs";
import { deserialiseNgram, generateNgram, ngramWeightsHash } from "../../package/src/attribution/index.js";
import { OpenLedgerError, printResult, required, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

export interface GenerateArgs extends CommonArgs {
  weights: string | undefined;
  seed: string | undefined;
  prompt: string | undefined;
  maxTokens: number;
}

export default runTask(async (args: GenerateArgs): Promise<void> => {
  const file = required("weights", args.weights);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new OpenLedgerError(`no such weights file: ${file}`);
  }
  const model = deserialiseNgram(text, file);
  const seed = args.seed?.trim() || "0";
  const output = generateNgram(model, { seed, maxTokens: args.maxTokens, prompt: args.prompt });
  if (!args.json) {
    process.stdout.write(`${output}\n`);
    return;
  }
  printResult({ weightsHash: ngramWeightsHash(model), seed, output }, true);
});
