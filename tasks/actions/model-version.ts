import path from "node:path";
import { pathToFileURL } from "node:url";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { VersionPublishedEvent } from "../../typechain-types/registry/ModelRegistry.js";
import {
  eventIn,
  mined,
  parseHash,
  parseId,
  printResult,
  runTask,
  suiteAndSigner,
  OpenLedgerError,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { hashFile } from "../lib/records.js";

interface Args extends SendArgs {
  model: string | undefined;
  weightsHash: string | undefined;
  weightsFile: string | undefined;
  uri: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  if ((args.weightsHash === undefined) === (args.weightsFile === undefined)) {
    throw new OpenLedgerError("give either --weights-hash or --weights-file");
  }
  const weightsFile = args.weightsFile === undefined ? undefined : path.resolve(args.weightsFile);
  const weightsHash =
    weightsFile === undefined
      ? parseHash("--weights-hash", args.weightsHash)
      : (await hashFile(weightsFile)).contentHash;
  const uri = args.uri?.trim() || (weightsFile === undefined ? undefined : pathToFileURL(weightsFile).href);
  if (uri === undefined) throw new OpenLedgerError("--uri is required with --weights-hash");

  const { suite, signer } = await suiteAndSigner(hre, args);
  const receipt = await mined(suite.models.connect(signer).publishVersion(modelId, weightsHash, uri));
  const event = eventIn<VersionPublishedEvent.OutputObject>(receipt, suite.models, "VersionPublished");
  printResult(
    { model: modelId, version: event.version, weightsHash: event.weightsHash, uri: event.uri, tx: receipt.hash },
    args.json,
  );
});
