/// attribution:index — builds the attribution engine's index of datanet versions: the accepted records of each
/// version and their contributors from the chain, their texts from `--records` (a JSON-lines file or a folder), each
/// checked against its on-chain content hash (`versionRecords`), then the suffix array; the index file is written
/// atomically. Progress goes to stderr, the result to stdout.
import path from "node:path";
import { readFileSync } from "node:fs";
import { buildIndex } from "../../package/src/attribution/index.js";
import { writeIndexFile } from "../../package/src/node/index.js";
import { printResult, required, runTask } from "../lib/index.js";
import { progress, recordsFrom } from "./attribution-common.js";
import type { RecordsArgs } from "./attribution-common.js";

export interface IndexArgs extends RecordsArgs {
  out: string | undefined;
  k: number;
  background: string | undefined;
}

export default runTask(async (args: IndexArgs, hre): Promise<void> => {
  const read = recordsFrom(args);
  const out = path.resolve(required("out", args.out));
  const background =
    args.background === undefined || args.background.trim() === ""
      ? undefined
      : readFileSync(args.background.trim(), "utf8")
          .split(/\n\s*\n/)
          .filter((d) => d.trim() !== "");

  const records = await read(hre);
  const started = Date.now();
  progress(`building the index of ${records.length} records…`);
  const index = buildIndex(records, { k: args.k, background });
  progress(`  ${index.text.length} tokens in ${Date.now() - started} ms; writing ${out}…`);
  const bytes = writeIndexFile(out, index);
  printResult(
    {
      file: out,
      bytes,
      k: index.k,
      records: index.records.count,
      tokens: index.text.length,
      vocabulary: index.vocabulary.size,
      datanets: index.datanets.map((d) => ({
        datanet: d.datanetId,
        version: d.version,
        records: d.records,
        recordsHash: d.recordsHash,
      })),
      background: index.background === undefined ? "none" : index.background.documents,
    },
    args.json,
  );
});
