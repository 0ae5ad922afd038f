/// attribution:status — a datanet's attribution state: active and pending roots, the challenge window, what was
/// accrued and claimed, and its attestor's bond.
import { ZeroHash } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getSuite, parseId, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { amountOut, chainNow, timeOut } from "./attribution-common.js";

export interface StatusArgs extends CommonArgs {
  datanet: bigint;
}

export default runTask(async (args: StatusArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const { settlement } = suite;
  const info = await suite.datanets.datanet(datanetId);
  const [state, accrued, window, minBond, [bond, lockedUntil], now] = await Promise.all([
    settlement.rootState(datanetId),
    settlement.accrued(datanetId),
    settlement.challengeWindow(),
    settlement.minAttestorBond(),
    settlement.bondOf(info.attestor),
    chainNow(suite),
  ]);
  const pending = state.pendingRoot !== ZeroHash;
  const latestTotal = pending ? state.pendingTotal : state.activeTotal;
  const json = args.json;
  printResult(
    {
      datanet: datanetId,
      owner: info.owner,
      attestor: info.attestor,
      attestorBond: amountOut(bond, json),
      attestorBondOk: bond >= minBond,
      attestorBondLockedUntil: lockedUntil === 0n ? null : timeOut(Number(lockedUntil), now, json),
      challengeWindow: json ? window : `${window} s`,
      lastEpoch: state.lastEpoch,
      active: {
        epoch: state.activeEpoch,
        root: state.activeRoot,
        cumulativeTotal: amountOut(state.activeTotal, json),
      },
      pending: pending
        ? {
            epoch: state.lastEpoch,
            root: state.pendingRoot,
            cumulativeTotal: amountOut(state.pendingTotal, json),
            readyAt: timeOut(Number(state.pendingReadyAt), now, json),
            ready: BigInt(now) >= state.pendingReadyAt,
          }
        : null,
      accrued: amountOut(accrued, json),
      claimed: amountOut(state.claimed, json),
      unclaimed: amountOut(state.activeTotal - state.claimed, json),
      notYetAllocated: amountOut(accrued - latestTotal, json),
    },
    json,
  );
});
