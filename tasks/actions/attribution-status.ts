/// attribution:status — a datanet's attribution state: active and pending roots, the challenge window, what was
/// accrued and claimed, its attestor's bond and what the bond covers (exposure against capacity), and the vetoes.
/// The reads are the SDK's `attributionStatus`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { attributionStatus } from "../../package/src/index.js";
import { clientFor, getSuite, parseId, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { amountOut, timeOut } from "./attribution-common.js";

export interface StatusArgs extends CommonArgs {
  datanet: bigint;
}

export default runTask(async (args: StatusArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const s = await attributionStatus(clientFor(suite, suite.connection.ethers.provider), { datanetId });
  const { json } = args;
  const now = Number(s.now);
  const open = (wei: bigint): bigint | string => amountOut(wei, json);
  const exposure = s.exposurePending + s.exposureRecent;
  const latestTotal = s.pending?.cumulativeTotal ?? s.active.cumulativeTotal;
  printResult(
    {
      datanet: datanetId,
      owner: s.owner,
      attestor: s.attestor,
      attestorBond: open(s.bond),
      attestorBondOk: s.bond >= s.minBond,
      attestorBondLockedUntil: s.bondLockedUntil === 0n ? null : timeOut(Number(s.bondLockedUntil), now, json),
      // What the attestor's live roots can move (each: its total less what was claimed at its post; pending, and
      // activated within the lock after activation), against its bond times the bond factor; a post must keep
      // exposure + what it can move within capacity.
      attestorExposure: open(exposure),
      attestorExposurePending: open(s.exposurePending),
      attestorExposureRecent: open(s.exposureRecent),
      attestorCapacity: open(s.capacity),
      attestorCapacityLeft: open(s.capacity > exposure ? s.capacity - exposure : 0n),
      challengeWindow: json ? s.challengeWindow : `${s.challengeWindow} s`,
      lastEpoch: s.lastEpoch,
      nextEpoch: s.lastEpoch + 1n,
      // The guardian's limit binds only the roots of an attestor that governance appointed; the roots of an owner-set
      // attestor it may veto without limit, and those vetoes do not count.
      attestorAppointed: s.attestorAppointed,
      consecutiveVetoes: s.consecutiveVetoes,
      guardianVetoLimit: s.attestorAppointed ? s.maxGuardianVetoes : json ? null : "none (attestor set by the owner)",
      active: { ...s.active, cumulativeTotal: open(s.active.cumulativeTotal) },
      pending:
        s.pending === null
          ? null
          : {
              epoch: s.pending.epoch,
              root: s.pending.root,
              cumulativeTotal: open(s.pending.cumulativeTotal),
              readyAt: timeOut(Number(s.pending.readyAt), now, json),
              ready: s.pending.ready,
            },
      accrued: open(s.accrued),
      claimed: open(s.claimed),
      unclaimed: open(s.active.cumulativeTotal - s.claimed),
      notYetAllocated: open(s.accrued - latestTotal),
    },
    json,
  );
});
