/// attributionStatus: a datanet's attribution state as plain values: its active and pending roots, the challenge
/// window, what it accrued and what was claimed, its attestor's bond and what the bond covers, and the vetoes.
import { ZeroHash } from "ethers";
import type { Client } from "../../client.js";
import { chainNow } from "../internal/signer.js";

export interface AttributionStatusParameters {
  datanetId: bigint;
}

export interface AttributionStatusReturnType {
  datanetId: bigint;
  owner: string;
  attestor: string;
  /// Whether governance appointed the attestor: the guardian's veto limit binds only its roots.
  attestorAppointed: boolean;
  bond: bigint;
  minBond: bigint;
  /// Until when a veto keeps the bond from being withdrawn (0 when it does not).
  bondLockedUntil: bigint;
  /// What the attestor's live roots can move: its pending roots', and those activated within the lock.
  exposurePending: bigint;
  exposureRecent: bigint;
  /// The bond times the bond factor: what the exposure must stay within.
  capacity: bigint;
  challengeWindow: bigint;
  maxGuardianVetoes: bigint;
  lastEpoch: bigint;
  consecutiveVetoes: bigint;
  active: { epoch: bigint; root: string; cumulativeTotal: bigint };
  /// The pending root, if any, and whether its window is over.
  pending: { epoch: bigint; root: string; cumulativeTotal: bigint; readyAt: bigint; ready: boolean } | null;
  accrued: bigint;
  claimed: bigint;
  /// The chain's time when this was read.
  now: bigint;
}

export async function attributionStatus(
  client: Client,
  params: AttributionStatusParameters,
): Promise<AttributionStatusReturnType> {
  const { datanetId } = params;
  const { settlement } = client;
  const info = await client.datanets.datanet(datanetId);
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
    chainNow(client),
  ]);
  const pending = state.pendingRoot !== ZeroHash;
  return {
    datanetId,
    owner: info.owner,
    attestor: info.attestor,
    attestorAppointed: info.attestorAppointed,
    bond,
    minBond,
    bondLockedUntil: lockedUntil,
    exposurePending: pendingExposure,
    exposureRecent: recentExposure,
    capacity,
    challengeWindow: window,
    maxGuardianVetoes: vetoLimit,
    lastEpoch: state.lastEpoch,
    consecutiveVetoes: state.vetoes,
    active: { epoch: state.activeEpoch, root: state.activeRoot, cumulativeTotal: state.activeTotal },
    pending: pending
      ? {
          epoch: state.lastEpoch,
          root: state.pendingRoot,
          cumulativeTotal: state.pendingTotal,
          readyAt: state.pendingReadyAt,
          ready: now >= state.pendingReadyAt,
        }
      : null,
    accrued,
    claimed: state.claimed,
    now,
  };
}
