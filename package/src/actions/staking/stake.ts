/// stake: deposits OPEN for as much gOPEN, non-transferable, which earns the stakers' share of fees and holds the
/// votes (once delegated). The OPEN is taken by allowance (approving exactly the amount, only when the allowance is
/// short) or by an EIP-2612 permit in the staking transaction.
import type { StakedEvent } from "../../../../typechain-types/staking/StakedOpen.js";
import type { Client } from "../../client.js";
import { signPermit } from "../settlement/signPermit.js";
import { ensureAllowance, eventIn, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface StakeParameters extends ActionOptions {
  /// OPEN wei to stake.
  amount: bigint;
  /// Approve with an EIP-2612 permit in the staking transaction instead of an approval.
  permit?: boolean;
}

export interface StakeReturnType extends WriteResult<StakedEvent.OutputObject> {
  /// How the OPEN was taken.
  paidWith: "allowance" | "approval" | "permit";
}

/// Stakes `amount` OPEN. The balance and the staking call itself are checked before anything is sent, so that a
/// stake that would fail leaves no approval behind.
export async function stake(client: Client, params: StakeParameters): Promise<StakeReturnType> {
  const { address } = await signerOf(client, "stake");
  const { amount } = params;
  await requireOpenBalance(client, address, amount, "to stake");
  const spender = client.addresses.gopen;
  if (params.permit === true) {
    const permit = await signPermit(client, { spender, value: amount });
    await preflight(client, () => client.gopen.stakeWithPermit.staticCall(amount, permit));
    const receipt = await sendAndWait(client.gopen.stakeWithPermit(amount, permit), "staking with a permit", params);
    return { receipt, event: eventIn<StakedEvent.OutputObject>(receipt, client.gopen, "Staked"), paidWith: "permit" };
  }
  await preflight(client, () => client.gopen.stake.staticCall(amount), true);
  const approval = await ensureAllowance(client, address, spender, amount, params);
  const receipt = await sendAndWait(client.gopen.stake(amount), "staking", params);
  const event = eventIn<StakedEvent.OutputObject>(receipt, client.gopen, "Staked");
  return { receipt, event, approval, paidWith: approval === undefined ? "allowance" : "approval" };
}
