/// payTreasury: pays the protocol share credited by settlements to the treasury (the Timelock in the deploy module).
/// Anyone may call; the contract refuses with NothingToWithdraw() when nothing is credited.
import type { TreasuryPaidEvent } from "../../../../typechain-types/settlement/Settlement.js";
import type { Client } from "../../client.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export type PayTreasuryParameters = ActionOptions;

export interface PayTreasuryReturnType extends WriteResult<TreasuryPaidEvent.OutputObject> {
  /// The address that was paid.
  treasury: string;
}

/// Pays the treasury what it is credited.
export async function payTreasury(client: Client, params: PayTreasuryParameters = {}): Promise<PayTreasuryReturnType> {
  await signerOf(client, "payTreasury");
  await preflight(client, () => client.settlement.payTreasury.staticCall());
  const receipt = await sendAndWait(client.settlement.payTreasury(), "paying the treasury", params);
  const event = eventIn<TreasuryPaidEvent.OutputObject>(receipt, client.settlement, "TreasuryPaid");
  return { receipt, event, treasury: (await client.settlement.dependencies()).treasury };
}
