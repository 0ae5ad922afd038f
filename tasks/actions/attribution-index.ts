/// attribution:index — builds the attribution engine's index of datanet versions: the accepted records of each
/// version and their contributors from the chain, their texts from `--records` (a JSON-lines file or a folder), each
/// checked against its on-chain content hash (`versionRecords`), then the suffix array; the index file is written
/// atomically. Progress goes to stderr, the result to stdout.
import path from "node:path";
import { readFileSync } from "node:fs";
import { buildIndex } from "../../package/src/attribution/index.js";
import { readRecordTexts, writeIndexFile } from "../../package/src/node/index.js";
import { clientFor, getSuite, printResult, required, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { parseIdList, progress, recordsOf, treesOf, versionsFor } from "./attribution-common.js";

export interface IndexArgs extends CommonArgs {
  datanet: string | undefined;
  datanetVersion: string | undefined;
  records: string | undefined;
  trees: string | undefined;
  out: string | undefined;
  k: number;
  background: string | undefined;
}

export default runTask(async (args: IndexArgs, hre): Promise<void> => {
  const datanets = parseIdList("datanet", args.datanet);
  const versions = versionsFor(datanets, args.datanetVersion);
  const texts = readRecordTexts(required("records", args.records));
  const out = path.resolve(required("out", args.out));
  const background =
    args.background === undefined || args.background.trim() === ""
      ? undefined
      : readFileSync(args.background.trim(), "utf8")
          .split(/\n\s*\n/)
          .filter((d) => d.trim() !== "");

  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const records = await recordsOf(
    clientFor(suite, suite.connection.ethers.provider),
    datanets,
    versions,
    texts,
    treesOf(args.trees),
  );
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
