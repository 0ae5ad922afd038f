/// model:train — trains the n-gram language model of the SDK on the records of datanet versions (their texts from
/// --records, each checked against its on-chain content hash), or fine-tunes a parent's weights on them, and writes
/// the weights file; its weights hash is what `model:version --weights-hash` (or `--weights-file`) registers.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deserialiseNgram, ngramWeightsHash, serialiseNgram, trainNgram } from "../../package/src/attribution/index.js";
import { OpenLedgerError, printResult, required, runTask } from "../lib/index.js";
import { recordsFrom } from "./attribution-common.js";
import type { RecordsArgs } from "./attribution-common.js";

export interface TrainArgs extends RecordsArgs {
  parent: string | undefined;
  order: number;
  out: string | undefined;
}

export default runTask(async (args: TrainArgs, hre): Promise<void> => {
  const read = recordsFrom(args);
  const out = path.resolve(required("out", args.out));
  const parentFile = args.parent?.trim() ?? "";
  let parent;
  if (parentFile !== "") {
    let text: string;
    try {
      text = readFileSync(parentFile, "utf8");
    } catch {
      throw new OpenLedgerError(`no such weights file: ${parentFile}`);
    }
    parent = deserialiseNgram(text, parentFile);
  }
  const records = await read(hre);
  const model = trainNgram(
    records.map((r) => r.text),
    { order: args.order > 0 ? args.order : undefined, parent },
  );
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, serialiseNgram(model));
    renameSync(tmp, out);
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot write ${out}: ${err instanceof Error ? err.message : String(err)}`);
  }
  printResult(
    {
      file: out,
      weightsHash: ngramWeightsHash(model),
      order: model.order,
      parent: model.parent ?? "none",
      records: records.length,
      texts: model.texts,
      tokens: model.tokens,
      contexts: model.counts.size,
    },
    args.json,
  );
});
