/// attribution:veto — the guardian (or governance) vetoes a datanet's pending root inside its challenge window.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { mined, parseId, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { chainNow, timeOut } from "./attribution-common.js";

export interface VetoArgs extends SendArgs {
  datanet: bigint;
  epoch: number;
}

export default runTask(async (args: VetoArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const state = await suite.settlement.rootState(datanetId);
  const epoch = args.epoch > 0 ? BigInt(args.epoch) : state.lastEpoch;
  const receipt = await mined(suite.settlement.connect(signer).vetoRoot(datanetId, epoch));
  const [[, lockedUntil], after, vetoLimit, appointed] = await Promise.all([
    suite.settlement.bondOf(await suite.datanets.attestorOf(datanetId)),
    suite.settlement.rootState(datanetId),
    suite.settlement.maxGuardianVetoes(),
    suite.datanets.attestorAppointed(datanetId),
  ]);
  printResult(
    {
      datanet: datanetId,
      vetoedEpoch: epoch,
      root: state.pendingRoot,
      by: signer.address,
      attestorBondLockedUntil: timeOut(Number(lockedUntil), await chainNow(suite), args.json),
      activeEpoch: state.activeEpoch,
      // The vetoed root gave its epoch back: the next post reuses it. Past the limit, only governance may veto the
      // roots of a governance-appointed attestor; those of an owner-set attestor the guardian may veto without limit.
      nextEpoch: after.lastEpoch + 1n,
      attestorAppointed: appointed,
      consecutiveVetoes: after.vetoes,
      guardianVetoLimit: appointed ? vetoLimit : args.json ? null : "none (attestor set by the owner)",
      transaction: receipt.hash,
    },
    args.json,
  );
});
