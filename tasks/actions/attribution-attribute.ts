/// attribution:attribute — attributes an inference's output with an index file: the maximal spans of the output found
/// in the records, each contributor's weight, the explanation, and the attribution hash that the payer settles the
/// inference with. With `--model`, the index must cover exactly the datanet versions (and their records) that the
/// model's version in force was trained on, read from the chain; an output with no span of k tokens or more fails
/// with the reason.
import { readFileSync } from "node:fs";
import { keccak256, toUtf8Bytes } from "ethers";
import { datanetVersionManifest, getModel } from "../../package/src/actions/index.js";
import { attribute, explain, formatInferenceRecord } from "../../package/src/attribution/index.js";
import type { CoverageExpectation } from "../../package/src/attribution/index.js";
import { readIndexFile } from "../../package/src/node/index.js";
import { clientFor, getSuite, OpenLedgerError, parseId, required, runTask, toJson } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

export interface AttributeArgs extends CommonArgs {
  index: string | undefined;
  output: string | undefined;
  model: string | undefined;
  inference: string | undefined;
  k: number;
}

const HASH = /^0x[0-9a-fA-F]{64}$/;

export default runTask(async (args: AttributeArgs, hre): Promise<void> => {
  const index = readIndexFile(required("index", args.index));
  const outputFile = required("output", args.output);
  let output: string;
  try {
    output = readFileSync(outputFile, "utf8");
  } catch {
    throw new OpenLedgerError(`no such output file: ${outputFile}`);
  }
  const inferenceId = args.inference?.trim() || keccak256(toUtf8Bytes(output));
  if (!HASH.test(inferenceId))
    throw new OpenLedgerError(`--inference must be 32 bytes of 0x-hex, not "${inferenceId}"`);

  let modelId = 0n;
  let covers: CoverageExpectation | undefined;
  if (args.model !== undefined && args.model.trim() !== "") {
    modelId = parseId("model", args.model);
    const suite = await getSuite(hre, { deploymentId: args.deploymentId });
    const client = clientFor(suite, suite.connection.ethers.provider);
    const model = await getModel(client, { modelId });
    const datanets = [];
    for (const d of model.datanets) {
      const manifest = await datanetVersionManifest(client, { datanetId: d.datanetId, version: d.version });
      const contentHashes = manifest.contributions.flatMap((c) => (c.kind === "record" ? [c.contentHash] : []));
      datanets.push({ datanetId: d.datanetId, version: Number(d.version), contentHashes });
    }
    covers = { datanets };
  }

  const result = attribute(index, output, { inferenceId, modelId, k: args.k > 0 ? args.k : undefined, covers });
  const explained = explain(result);
  if (args.json) process.stdout.write(`${toJson(explained.json)}\n`);
  else process.stdout.write(`${explained.text}\n`);
  if (result.status === "unattributed") throw new OpenLedgerError(`nothing to attribute: ${result.reason}`);
  if (!args.json) {
    process.stdout.write(`log record: ${formatInferenceRecord(result.record)}\n`);
    process.stdout.write(`attributionHash: ${result.attributionHash}\n`);
  }
});
