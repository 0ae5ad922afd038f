/// attribution:activate — makes a datanet's pending root claimable once its challenge window is over. Anyone may.
import { ZeroHash } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { ToolError, getSuite, printResult, runTask } from "../lib/index.js";
import { amountOut, chainNow, requireId, signerAt, timeOut } from "./attribution-common.js";
import type { CommonArgs } from "./attribution-common.js";

export interface ActivateArgs extends CommonArgs {
  datanet: bigint;
  from: number;
}

export default runTask(async (args: ActivateArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = requireId(args.datanet, "datanet");
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const state = await suite.settlement.rootState(datanetId);
  const now = await chainNow(suite);
  if (state.pendingRoot === ZeroHash) {
    throw new ToolError(`datanet ${datanetId} has no pending root (active epoch ${state.activeEpoch})`);
  }
  // The next block is at least one second later than the latest one.
  if (BigInt(now + 1) < state.pendingReadyAt) {
    throw new ToolError(
      `the root of epoch ${state.lastEpoch} of datanet ${datanetId} is in its challenge window until ` +
        `${timeOut(Number(state.pendingReadyAt), now, false)}`,
    );
  }
  const tx = await suite.settlement.connect(signer).activateRoot(datanetId);
  await tx.wait();
  printResult(
    {
      datanet: datanetId,
      activeEpoch: state.lastEpoch,
      root: state.pendingRoot,
      cumulativeTotal: amountOut(state.pendingTotal, args.json),
      transaction: tx.hash,
    },
    args.json,
  );
});
