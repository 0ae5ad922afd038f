/// pause: the guardian's emergency switch. Pausing stops new settlements and new attribution roots;
/// claims, payouts and withdrawals go on. Only the GUARDIAN role (and governance) may flip it: anyone else gets
/// AccessManagedUnauthorized(caller), pausing twice EnforcedPause(), unpausing twice ExpectedPause(). The role ends
/// at the guardian's term unless governance renews it.
import type { PausedEvent, UnpausedEvent } from "../../../../typechain-types/settlement/Settlement.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

/// The AccessManager's GUARDIAN role (contracts/libraries/Roles.sol).
export const GUARDIAN_ROLE = 1n;

export type PauseParameters = ActionOptions;

export interface PauseReturnType extends WriteResult<PausedEvent.OutputObject | UnpausedEvent.OutputObject> {
  /// Whether settlements are paused now.
  paused: boolean;
  /// When the GUARDIAN role lapses unless governance renews it (0: never).
  guardianRoleUntil: bigint;
  /// The timestamp of the block the switch was mined in.
  at: bigint;
}

/// Flips the switch (shared with unpause).
export async function setPaused(client: Client, pause: boolean, params: PauseParameters): Promise<PauseReturnType> {
  await signerOf(client, pause ? "pause" : "unpause");
  const s = client.settlement;
  await preflight(client, () => (pause ? s.pause.staticCall() : s.unpause.staticCall()));
  const receipt = await sendAndWait(pause ? s.pause() : s.unpause(), pause ? "pausing" : "unpausing", params);
  const event = eventIn<PausedEvent.OutputObject>(receipt, s, pause ? "Paused" : "Unpaused");
  const [paused, guardianRoleUntil, block] = await Promise.all([
    s.paused(),
    client.accessManager.getRoleExpiry(GUARDIAN_ROLE),
    receipt.getBlock(),
  ]);
  return { receipt, event, paused, guardianRoleUntil, at: BigInt(block.timestamp) };
}

/// Stops new settlements and new attribution roots.
export async function pause(client: Client, params: PauseParameters = {}): Promise<PauseReturnType> {
  return setPaused(client, true, params);
}
