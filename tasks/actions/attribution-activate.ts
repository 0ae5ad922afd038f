/// attribution:activate — makes a datanet's pending root claimable once its challenge window is over. Anyone may.
import { ZeroHash } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { mined, parseId, printResult, runTask, suiteAndSigner, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { amountOut, chainNow, timeOut } from "./attribution-common.js";

export interface ActivateArgs extends SendArgs {
  datanet: bigint;
}

export default runTask(async (args: ActivateArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const state = await suite.settlement.rootState(datanetId);
  const now = await chainNow(suite);
  if (state.pendingRoot === ZeroHash) {
    throw new OpenLedgerError(`datanet ${datanetId} has no pending root (active epoch ${state.activeEpoch})`);
  }
  // The next block is at least one second later than the latest one.
  if (BigInt(now + 1) < state.pendingReadyAt) {
    throw new OpenLedgerError(
      `the root of epoch ${state.lastEpoch} of datanet ${datanetId} is in its challenge window until ` +
        `${timeOut(Number(state.pendingReadyAt), now, false)}`,
    );
  }
  const receipt = await mined(suite.settlement.connect(signer).activateRoot(datanetId));
  printResult(
    {
      datanet: datanetId,
      activeEpoch: state.lastEpoch,
      root: state.pendingRoot,
      cumulativeTotal: amountOut(state.pendingTotal, args.json),
      transaction: receipt.hash,
    },
    args.json,
  );
});
