/// attribution:status — a datanet's attribution state: active and pending roots, the challenge window, what was
/// accrued and claimed, its attestor's bond and what the bond covers (exposure against capacity), and the vetoes.
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
  const [
    state,
    accrued,
    window,
    minBond,
    [bond, lockedUntil],
    [pendingExposure, recentExposure, capacity],
    vetoLimit,
    now,
  ] = await Promise.all([
    settlement.rootState(datanetId),
    settlement.accrued(datanetId),
    settlement.challengeWindow(),
    settlement.minAttestorBond(),
    settlement.bondOf(info.attestor),
    settlement.exposureOf(info.attestor),
    settlement.maxGuardianVetoes(),
    chainNow(suite),
  ]);
  const exposure = pendingExposure + recentExposure;
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
      // What the attestor's live roots can move (each: its total less what was claimed at its post; pending, and
      // activated within the lock after activation), against its bond times the bond factor; a post must keep
      // exposure + what it can move within capacity.
      attestorExposure: amountOut(exposure, json),
      attestorExposurePending: amountOut(pendingExposure, json),
      attestorExposureRecent: amountOut(recentExposure, json),
      attestorCapacity: amountOut(capacity, json),
      attestorCapacityLeft: amountOut(capacity > exposure ? capacity - exposure : 0n, json),
      challengeWindow: json ? window : `${window} s`,
      lastEpoch: state.lastEpoch,
      nextEpoch: state.lastEpoch + 1n,
      // The guardian's limit binds only the roots of an attestor that governance appointed; the roots of an owner-set
      // attestor it may veto without limit, and those vetoes do not count.
      attestorAppointed: info.attestorAppointed,
      consecutiveVetoes: state.vetoes,
      guardianVetoLimit: info.attestorAppointed ? vetoLimit : json ? null : "none (attestor set by the owner)",
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
