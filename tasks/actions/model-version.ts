/// model:version — publishes a new version of a model's weights (model owner) through the SDK's `publishVersion`:
/// a hash as given, or a weights file hashed here. The version is trained on the model's datanets (which never
/// change) at the versions in force, or at newer published ones: `--datanet-versions 2,3` (one per training datanet,
/// in the model's order, as model:show lists them), or `--card <file>`, a model card whose `datanets` name the
/// model's datanets and weights with the new versions (matched by datanet id; the card's other fields are not read).
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import {
  cardDatanetVersions,
  hashWeights,
  parseDatanetVersions,
  publishVersion,
} from "../../package/src/actions/index.js";
import { OpenLedgerError, clientAndSigner, parseHash, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string | undefined;
  weightsHash: string | undefined;
  weightsFile: string | undefined;
  uri: string | undefined;
  datanetVersions: string | undefined;
  card: string | undefined;
}

/// The bytes of a file, or a one-line error.
function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/// The parsed JSON of the card at `cardPath`, or a one-line error.
function readCard(cardPath: string): unknown {
  try {
    return JSON.parse(read(path.resolve(cardPath), `the model card ${cardPath}`).toString("utf8"));
  } catch (err: unknown) {
    if (err instanceof OpenLedgerError) throw err;
    throw new OpenLedgerError(
      `cannot read the model card ${cardPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  if ((args.weightsHash === undefined) === (args.weightsFile === undefined)) {
    throw new OpenLedgerError("give either --weights-hash or --weights-file");
  }
  if (args.datanetVersions !== undefined && args.card !== undefined) {
    throw new OpenLedgerError("give the datanet versions with --datanet-versions or --card, not both");
  }
  const file = args.weightsFile === undefined ? undefined : path.resolve(args.weightsFile);
  const weightsHash =
    file === undefined ? parseHash("--weights-hash", args.weightsHash) : hashWeights(read(file, file));
  const uri = args.uri?.trim() || (file === undefined ? undefined : pathToFileURL(file).href);
  if (uri === undefined) throw new OpenLedgerError("--uri is required with --weights-hash");
  const listed =
    args.datanetVersions === undefined ? [] : parseDatanetVersions(args.datanetVersions, "--datanet-versions");
  const card = args.card === undefined ? undefined : readCard(args.card);

  const { client } = await clientAndSigner(hre, args);
  const datanetVersions =
    card === undefined || args.card === undefined
      ? listed
      : await cardDatanetVersions(card, {
          label: path.basename(args.card),
          modelId,
          datanets: await client.models.trainingSet(modelId),
          latestVersion: (datanetId) => client.datanets.versionCount(datanetId),
        });
  const { receipt, event } = await publishVersion(client, { modelId, weightsHash, uri, datanetVersions });
  // For people, each version beside its datanet: `1 v2, 2 v3`.
  const ids = args.json ? [] : (await client.models.trainingSet(modelId)).map((d) => d.datanetId.toString(10));
  printResult(
    {
      model: modelId,
      version: event.version,
      weightsHash: event.weightsHash,
      datanetVersions: args.json
        ? event.datanetVersions
        : event.datanetVersions.map((v, i) => `${ids[i] ?? "?"} v${v.toString(10)}`),
      uri: event.uri,
      tx: receipt.hash,
    },
    args.json,
  );
});
