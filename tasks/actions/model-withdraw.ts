import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ModelRevenueWithdrawnEvent } from "../../typechain-types/settlement/Settlement.js";
import { formatOpen, getSuite, printResult, runTask } from "../lib/index.js";
import { eventIn, mined, parseAddress, parseId, signerAt } from "./datanet-common.js";

interface Args {
  model: string | undefined;
  to: string | undefined;
  from: number;
  deploymentId: string | undefined;
  json: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const to = args.to === undefined ? signer.address : parseAddress("--to", args.to);
  const receipt = await mined(suite.settlement.connect(signer).withdrawModelRevenue(modelId, to));
  const event = eventIn<ModelRevenueWithdrawnEvent.OutputObject>(receipt, suite.settlement, "ModelRevenueWithdrawn");
  printResult(
    {
      model: modelId,
      to: event.to,
      amount: args.json ? event.amount : formatOpen(event.amount),
      tx: receipt.hash,
    },
    args.json,
  );
});
