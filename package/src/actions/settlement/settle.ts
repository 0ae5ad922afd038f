/// settle: pays for `units` inferences of a model, committing to their attribution hash. The fee is taken by
/// allowance (approving exactly the cap, only when the allowance is short) or by an EIP-2612 permit of the cap. The
/// cap defaults to the quote, so a price rise between the quote and the settlement reverts with FeeAboveCap.
import type { InferenceSettledEvent } from "../../../../typechain-types/settlement/Settlement.js";
import type { Client } from "../../client.js";
import { ensureAllowance, eventIn, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { signPermit } from "./signPermit.js";

export interface SettleParameters extends ActionOptions {
  modelId: bigint;
  /// How many inferences (default 1).
  units?: bigint;
  /// The most OPEN wei to pay (default: the quote now).
  maxFee?: bigint;
  /// 32 bytes that name the inference; settled at most once.
  inferenceId: string;
  /// The attribution hash of the inference (see `attributionHash` in the attribution modules).
  attributionHash: string;
  /// Pay with an EIP-2612 permit of `maxFee` in the same transaction, instead of an approval.
  permit?: boolean;
}

export interface SettleReturnType extends WriteResult<InferenceSettledEvent.OutputObject> {
  /// The cap the payment was sent with.
  maxFee: bigint;
  /// How the fee was taken.
  paidWith: "allowance" | "approval" | "permit";
}

/// Settles one inference. Before anything is sent, it checks the payer's balance and runs the settlement's static
/// call, so that a payment that would revert sends nothing, not even an approval.
export async function settle(client: Client, params: SettleParameters): Promise<SettleReturnType> {
  const { address: payer } = await signerOf(client, "settle");
  const units = params.units ?? 1n;
  const quote = await client.models.quote(params.modelId, units);
  const maxFee = params.maxFee ?? quote;
  // Below the quote, the static call reports FeeAboveCap with both values.
  if (maxFee >= quote) await requireOpenBalance(client, payer, quote, `fee of model ${params.modelId}`);
  const spender = client.addresses.settlement;
  const { modelId, inferenceId, attributionHash } = params;

  if (params.permit === true) {
    const permit = await signPermit(client, { spender, value: maxFee });
    const inference = { modelId, units, maxFee, inferenceId, attributionHash };
    await preflight(client, () => client.settlement.settleWithPermit.staticCall(inference, permit));
    const receipt = await sendAndWait(
      client.settlement.settleWithPermit(inference, permit),
      `settling inference ${inferenceId} of model ${modelId} with a permit`,
      params,
    );
    const event = eventIn<InferenceSettledEvent.OutputObject>(receipt, client.settlement, "InferenceSettled");
    return { receipt, event, maxFee, paidWith: "permit" };
  }

  const call = [modelId, units, maxFee, inferenceId, attributionHash] as const;
  await preflight(client, () => client.settlement.settle.staticCall(...call), true);
  const approval = await ensureAllowance(client, payer, spender, maxFee, params);
  const receipt = await sendAndWait(
    client.settlement.settle(...call),
    `settling inference ${inferenceId} of model ${modelId}`,
    params,
  );
  const event = eventIn<InferenceSettledEvent.OutputObject>(receipt, client.settlement, "InferenceSettled");
  return { receipt, event, maxFee, approval, paidWith: approval === undefined ? "allowance" : "approval" };
}
