/// attribution:veto — the guardian (or governance) vetoes a datanet's pending root inside its challenge window.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getSuite, printResult, runTask } from "../lib/index.js";
import { chainNow, requireId, signerAt, timeOut } from "./attribution-common.js";
import type { CommonArgs } from "./attribution-common.js";

export interface VetoArgs extends CommonArgs {
  datanet: bigint;
  epoch: number;
  from: number;
}

export default runTask(async (args: VetoArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = requireId(args.datanet, "datanet");
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const state = await suite.settlement.rootState(datanetId);
  const epoch = args.epoch > 0 ? BigInt(args.epoch) : state.lastEpoch;
  const tx = await suite.settlement.connect(signer).vetoRoot(datanetId, epoch);
  await tx.wait();
  const [, lockedUntil] = await suite.settlement.bondOf(await suite.datanets.attestorOf(datanetId));
  printResult(
    {
      datanet: datanetId,
      vetoedEpoch: epoch,
      root: state.pendingRoot,
      by: signer.address,
      attestorBondLockedUntil: timeOut(Number(lockedUntil), await chainNow(suite), args.json),
      activeEpoch: state.activeEpoch,
      transaction: tx.hash,
    },
    args.json,
  );
});
