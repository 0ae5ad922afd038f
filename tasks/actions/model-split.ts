/// model:split — sets the owner's share of a model's revenue in basis points (model owner), through the SDK's
/// `setSplit`; the contract holds it to 10,000 and to the governance floor on the data share.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { BPS, setSplit } from "../../package/src/actions/index.js";
import { clientAndSigner, parseId, parseUint, printResult, required, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string | undefined;
  ownerBps: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const ownerBps = parseUint(required("owner-bps", args.ownerBps), "--owner-bps");
  const { client } = await clientAndSigner(hre, args);
  const { receipt, previous } = await setSplit(client, { modelId, ownerBps });
  printResult(
    { model: modelId, previousOwnerBps: previous, ownerBps, dataBps: BPS - ownerBps, tx: receipt.hash },
    args.json,
  );
});
