import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getSuite, printResult, runTask } from "../lib/index.js";
import { mined, parseId, parseUint, required, signerAt } from "./datanet-common.js";

interface Args {
  model: string | undefined;
  ownerBps: string | undefined;
  from: number;
  deploymentId: string | undefined;
  json: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const ownerBps = parseUint("--owner-bps", required("owner-bps", args.ownerBps));
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const previous = (await suite.models.model(modelId)).ownerBps;
  // The contract checks the bounds (at most 10,000, and the data share above the governance floor).
  const receipt = await mined(suite.models.connect(signer).setSplit(modelId, ownerBps));
  printResult(
    { model: modelId, previousOwnerBps: previous, ownerBps, dataBps: 10_000n - ownerBps, tx: receipt.hash },
    args.json,
  );
});
