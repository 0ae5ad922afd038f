/// withdrawModelRevenue: pays a model's revenue from the settlement vault to `to` (default: the signer). Only the
/// owner of the model's token may; a model suspended by governance has its revenue frozen until the suspension is
/// lifted.
import type { ModelRevenueWithdrawnEvent } from "../../../../typechain-types/settlement/Settlement.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatOpen } from "../../format/index.js";
import { eventIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";

export interface WithdrawModelRevenueParameters extends ActionOptions {
  modelId: bigint;
  /// The recipient (default: the signer).
  to?: string;
}

export type WithdrawModelRevenueReturnType = WriteResult<ModelRevenueWithdrawnEvent.OutputObject>;

/// Withdraws the revenue of `modelId`. A suspended model, a signer that does not own it, or nothing to withdraw
/// fail before anything is sent.
export async function withdrawModelRevenue(
  client: Client,
  params: WithdrawModelRevenueParameters,
): Promise<WithdrawModelRevenueReturnType> {
  const { address } = await signerOf(client, "withdrawModelRevenue");
  const { modelId } = params;
  const to = params.to ?? address;
  if ((await client.models.model(modelId)).suspended) {
    const revenue = await client.settlement.modelRevenue(modelId);
    throw new OpenLedgerError(
      `model ${modelId} is suspended by governance: its revenue (${formatOpen(revenue)}) is frozen until the suspension is lifted`,
    );
  }
  await preflight(client, () => client.settlement.withdrawModelRevenue.staticCall(modelId, to));
  const receipt = await sendAndWait(
    client.settlement.withdrawModelRevenue(modelId, to),
    `withdrawing the revenue of model ${modelId}`,
    params,
  );
  const event = eventIn<ModelRevenueWithdrawnEvent.OutputObject>(receipt, client.settlement, "ModelRevenueWithdrawn");
  return { receipt, event };
}
