/// attribution:veto — the guardian (or governance) vetoes a datanet's pending root inside its challenge window. The
/// work is the SDK's `vetoRoot`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { attributionStatus, vetoRoot } from "../../package/src/index.js";
import { clientAndSigner, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { timeOut } from "./attribution-common.js";

export interface VetoArgs extends SendArgs {
  datanet: bigint;
  epoch: number;
}

export default runTask(async (args: VetoArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const { client, signer } = await clientAndSigner(hre, args);
  const before = await client.settlement.rootState(datanetId);
  const { receipt, epoch, event } = await vetoRoot(client, {
    datanetId,
    epoch: args.epoch > 0 ? BigInt(args.epoch) : undefined,
  });
  const after = await attributionStatus(client, { datanetId });
  printResult(
    {
      datanet: datanetId,
      vetoedEpoch: epoch,
      root: event.root,
      by: signer.address,
      attestorBondLockedUntil: timeOut(Number(after.bondLockedUntil), Number(after.now), args.json),
      activeEpoch: before.activeEpoch,
      // The vetoed root gave its epoch back: the next post reuses it. Past the limit, only governance may veto the
      // roots of a governance-appointed attestor; those of an owner-set attestor the guardian may veto without limit.
      nextEpoch: after.lastEpoch + 1n,
      attestorAppointed: after.attestorAppointed,
      consecutiveVetoes: after.consecutiveVetoes,
      guardianVetoLimit: after.attestorAppointed
        ? after.maxGuardianVetoes
        : args.json
          ? null
          : "none (attestor set by the owner)",
      transaction: receipt.hash,
    },
    args.json,
  );
});
