/// unstake: requests the withdrawal of staked OPEN. The gOPEN is burnt now (its votes end now), and the OPEN is
/// withdrawable after gOPEN's cooldown (`withdraw`). A second request adds to the pending one and restarts its
/// cooldown.
import type { WithdrawalRequestedEvent } from "../../../../typechain-types/staking/StakedOpen.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface UnstakeParameters extends ActionOptions {
  /// gOPEN wei to burn.
  amount: bigint;
}

export interface UnstakeReturnType extends WriteResult<WithdrawalRequestedEvent.OutputObject> {
  /// What was already pending before this request (its cooldown restarted).
  pendingBefore: bigint;
}

/// Requests the withdrawal of `amount`.
export async function unstake(client: Client, params: UnstakeParameters): Promise<UnstakeReturnType> {
  const { address } = await signerOf(client, "unstake");
  const { amount } = params;
  const [pendingBefore] = await client.gopen.pendingWithdrawal(address);
  await preflight(client, () => client.gopen.requestWithdrawal.staticCall(amount));
  const receipt = await sendAndWait(client.gopen.requestWithdrawal(amount), "requesting a withdrawal", params);
  const event = eventIn<WithdrawalRequestedEvent.OutputObject>(receipt, client.gopen, "WithdrawalRequested");
  return { receipt, event, pendingBefore };
}
