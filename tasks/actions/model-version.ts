/// model:version — publishes a new version of a model's weights (model owner) through the SDK's `publishVersion`:
/// a hash as given, or a weights file hashed here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { hashWeights, publishVersion } from "../../package/src/actions/index.js";
import { OpenLedgerError, clientAndSigner, parseHash, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string | undefined;
  weightsHash: string | undefined;
  weightsFile: string | undefined;
  uri: string | undefined;
}

/// The keccak256 of a file's bytes.
function hashOf(file: string): string {
  try {
    return hashWeights(readFileSync(file));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  if ((args.weightsHash === undefined) === (args.weightsFile === undefined)) {
    throw new OpenLedgerError("give either --weights-hash or --weights-file");
  }
  const file = args.weightsFile === undefined ? undefined : path.resolve(args.weightsFile);
  const weightsHash = file === undefined ? parseHash("--weights-hash", args.weightsHash) : hashOf(file);
  const uri = args.uri?.trim() || (file === undefined ? undefined : pathToFileURL(file).href);
  if (uri === undefined) throw new OpenLedgerError("--uri is required with --weights-hash");

  const { client } = await clientAndSigner(hre, args);
  const { receipt, event } = await publishVersion(client, { modelId, weightsHash, uri });
  printResult(
    { model: modelId, version: event.version, weightsHash: event.weightsHash, uri: event.uri, tx: receipt.hash },
    args.json,
  );
});
