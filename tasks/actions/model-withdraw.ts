import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ModelRevenueWithdrawnEvent } from "../../typechain-types/settlement/Settlement.js";
import {
  eventIn,
  formatOpen,
  mined,
  parseAddress,
  parseId,
  printResult,
  runTask,
  suiteAndSigner,
  OpenLedgerError,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string | undefined;
  to: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const modelId = parseId("model", args.model);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const to = args.to === undefined ? signer.address : parseAddress("--to", args.to);
  // Check: a model suspended by governance has its revenue frozen (the contract refuses with ModelIsSuspended).
  if ((await suite.models.model(modelId)).suspended) {
    const revenue = await suite.settlement.modelRevenue(modelId);
    throw new OpenLedgerError(
      `model ${modelId} is suspended by governance: its revenue (${formatOpen(revenue)}) is frozen until the suspension is lifted`,
    );
  }
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
