/// model:register — registers a model from its model card JSON (checked by the SDK's `parseModelCard`, see
/// package/src/actions/models/modelCard.ts) through the SDK's `registerModel`, and prints its id. The card and the
/// weights file it names are read here; their paths are relative to the card. Each training datanet of the card names
/// the published version the model was trained on; a missing, 0 or unpublished version is refused with the latest.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { grouped, hashWeights, parseModelCard, registerModel } from "../../package/src/actions/index.js";
import { OpenLedgerError, clientAndSigner, printResult, required, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  card: string | undefined;
}

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const cardPath = required("card", args.card);
  const file = path.resolve(cardPath);
  const text = read(file, `the model card ${cardPath}`).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `cannot read the model card ${cardPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const { client } = await clientAndSigner(hre, args);
  let weightsFile: string | undefined;
  const card = await parseModelCard(parsed, {
    label: path.basename(file),
    minDataBps: await client.models.minDataBps(),
    defaultCardURI: pathToFileURL(file).href,
    weights: async (relative) => {
      weightsFile = path.resolve(path.dirname(file), relative);
      const weightsHash = hashWeights(read(weightsFile, weightsFile));
      return { weightsHash, weightsURI: pathToFileURL(weightsFile).href };
    },
    latestVersion: (datanetId) => client.datanets.versionCount(datanetId),
  });
  const { receipt, event, approval, publishFee } = await registerModel(client, { model: card });
  const { open } = unitsFor(args.json);
  printResult(
    {
      model: event.modelId,
      name: card.name || "-",
      owner: event.owner,
      parent: event.parentId === 0n ? (args.json ? null : "-") : event.parentId,
      datanets: card.datanets.map((d) =>
        args.json ? d : `${d.datanetId.toString(10)} v${d.version.toString(10)} (${grouped(d.weightBps)} bps)`,
      ),
      price: open(event.price),
      ownerBps: event.ownerBps,
      cardURI: event.cardURI,
      weightsHash: card.weightsHash,
      weightsURI: card.weightsURI,
      weightsFile: weightsFile === undefined ? "-" : path.relative(process.cwd(), weightsFile),
      publishFee: open(publishFee),
      approval: approval ?? "-",
      tx: receipt.hash,
    },
    args.json,
  );
});
