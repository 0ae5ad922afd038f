import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { mined, parseId, parseUint, printResult, required, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string | undefined;
  ownerBps: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const ownerBps = parseUint(required("owner-bps", args.ownerBps), "--owner-bps");
  const { suite, signer } = await suiteAndSigner(hre, args);
  const previous = (await suite.models.model(modelId)).ownerBps;
  // The contract checks the bounds (at most 10,000, and the data share above the governance floor).
  const receipt = await mined(suite.models.connect(signer).setSplit(modelId, ownerBps));
  printResult(
    { model: modelId, previousOwnerBps: previous, ownerBps, dataBps: 10_000n - ownerBps, tx: receipt.hash },
    args.json,
  );
});
