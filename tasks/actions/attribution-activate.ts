/// attribution:activate — makes a datanet's pending root claimable once its challenge window is over. Anyone may.
/// The work is the SDK's `activateRoot`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { activateRoot } from "../../package/src/index.js";
import { clientAndSigner, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { amountOut } from "./attribution-common.js";

export interface ActivateArgs extends SendArgs {
  datanet: bigint;
}

export default runTask(async (args: ActivateArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const { client } = await clientAndSigner(hre, args);
  const { receipt, event } = await activateRoot(client, { datanetId });
  printResult(
    {
      datanet: datanetId,
      activeEpoch: event.epoch,
      root: event.root,
      cumulativeTotal: amountOut(event.cumulativeTotal, args.json),
      transaction: receipt.hash,
    },
    args.json,
  );
});
