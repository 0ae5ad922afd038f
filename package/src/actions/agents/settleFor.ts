/// settleFor: an agent's wallet settles inferences of a model, paid by a principal under the spending budget the
/// principal gave it: Settlement charges the budget, which moves the fee from the principal, and emits
/// InferenceContext with the agent and what the inference was for (a job id, or 0). Before anything is sent, the
/// budget is read: none, expired, a model off its list, a fee above what is left of the period, or a principal's
/// allowance or balance short of the fee are each refused in one line in OPEN.
import type {
  InferenceContextEvent,
  InferenceSettledEvent,
} from "../../../../typechain-types/settlement/Settlement.js";
import type { ContractTransactionResponse } from "ethers";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatOpen } from "../../format/index.js";
import { eventsIn, preflight, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions, WriteResult } from "../types.js";
import { getBudget } from "./budgets.js";
import type { GetBudgetReturnType } from "./budgets.js";

export interface SettleForParameters extends ActionOptions {
  /// Whose budget, and whose OPEN.
  principal: string;
  modelId: bigint;
  /// How many inferences (default 1).
  units?: bigint;
  /// The most OPEN wei to pay (default: the quote now).
  maxFee?: bigint;
  /// 32 bytes that name the inference; settled at most once.
  inferenceId: string;
  /// The attribution hash of the inference.
  attributionHash: string;
  /// What the inference is for: a JobEscrow job id, or 0 (default).
  context?: bigint;
}

export interface SettleForReturnType extends WriteResult<InferenceSettledEvent.OutputObject> {
  /// The InferenceContext event: the agent and the context.
  context: InferenceContextEvent.OutputObject;
  /// What the budget's current period has spent, this fee included (read after the settlement).
  spentInPeriod: bigint;
  maxFee: bigint;
}

/// Why a charge of `fee` for `modelId` under `b` would be refused, in one line; undefined when it would not be.
export function budgetRefusal(b: GetBudgetReturnType, modelId: bigint, fee: bigint): string | undefined {
  if (!b.exists) return `${b.principal} gave ${b.agent} no spending budget`;
  if (b.expired) return `the budget ${b.principal} gave ${b.agent} expired at ${b.expiryISO ?? "-"}`;
  if (b.modelIds.length > 0 && !b.modelIds.includes(modelId)) {
    return `model ${modelId.toString(10)} is not in the budget's models (${b.modelIds.join(", ")})`;
  }
  if (fee > b.available) {
    const ends = b.expiry < b.periodEnd ? `the budget expires ${b.expiryISO ?? "-"}` : `ends ${b.periodEndISO ?? "-"}`;
    return `over budget: ${formatOpen(fee)} asked, ${formatOpen(b.available)} left in this period (${ends})`;
  }
  if (b.allowance < fee) {
    return (
      `${b.principal} allows SpendingBudgets ${formatOpen(b.allowance)}, less than the ${formatOpen(fee)} fee: ` +
      "the principal must approve more"
    );
  }
  if (b.balance < fee) return `${b.principal} holds ${formatOpen(b.balance)}, less than the ${formatOpen(fee)} fee`;
  return undefined;
}

/// Settles one inference as the client's signer (the agent's wallet) under `principal`'s budget.
export async function settleFor(client: Client, params: SettleForParameters): Promise<SettleForReturnType> {
  const { address: agent } = await signerOf(client, "settleFor");
  const { principal, modelId, inferenceId, attributionHash } = params;
  const units = params.units ?? 1n;
  const context = params.context ?? 0n;
  const [fee, budget] = await Promise.all([
    client.models.quote(modelId, units),
    getBudget(client, { principal, agent }),
  ]);
  const maxFee = params.maxFee ?? fee;
  // Below the quote, the static call reports FeeAboveCap with both values.
  const refusal = maxFee >= fee ? budgetRefusal(budget, modelId, fee) : undefined;
  if (refusal !== undefined) throw new OpenLedgerError(refusal);
  const inference = { modelId, units, maxFee, inferenceId, attributionHash };
  await preflight(client, () => client.settlement.settleFor.staticCall(principal, inference, context));
  const sent = await sendUnderBudget(
    client,
    { principal, agent },
    () => client.settlement.settleFor(principal, inference, context),
    `settling inference ${inferenceId} of model ${modelId.toString(10)} for ${principal}`,
    params,
  );
  const { receipt, spentInPeriod } = sent;
  return { receipt, event: sent.events[0], context: sent.contexts[0], spentInPeriod, maxFee };
}

/// One inference of a batch settled under a budget.
export interface BatchForInference {
  modelId: bigint;
  /// How many inferences (default 1).
  units?: bigint;
  /// The most OPEN wei to pay for it (default: its quote now).
  maxFee?: bigint;
  inferenceId: string;
  attributionHash: string;
}

export interface SettleBatchForParameters extends ActionOptions {
  /// Whose budget, and whose OPEN.
  principal: string;
  inferences: readonly BatchForInference[];
  /// What the inferences are for: a JobEscrow job id, or 0 (default).
  context?: bigint;
}

export interface SettleBatchForReturnType {
  receipt: SettleForReturnType["receipt"];
  /// Every InferenceSettled event, in order, and every InferenceContext event.
  events: InferenceSettledEvent.OutputObject[];
  contexts: InferenceContextEvent.OutputObject[];
  /// The sum of the fees, charged to the budget in one period.
  total: bigint;
  /// What the budget's current period has spent, these fees included (read after the settlement).
  spentInPeriod: bigint;
}

/// Settles `inferences` in one `settleBatchFor` transaction as the client's signer (the agent's wallet) under
/// `principal`'s budget. Every model is quoted and the whole batch checked against the budget first (each model on
/// its list, the sum within what is left of the period), so that a batch that would be refused sends nothing.
export async function settleBatchFor(
  client: Client,
  params: SettleBatchForParameters,
): Promise<SettleBatchForReturnType> {
  const { address: agent } = await signerOf(client, "settleBatchFor");
  const { principal } = params;
  const context = params.context ?? 0n;
  if (params.inferences.length === 0) throw new OpenLedgerError("a batch needs at least one inference");
  const [fees, budget] = await Promise.all([
    Promise.all(params.inferences.map((inf) => client.models.quote(inf.modelId, inf.units ?? 1n))),
    getBudget(client, { principal, agent }),
  ]);
  const total = fees.reduce((sum, fee) => sum + fee, 0n);
  for (const inf of params.inferences) {
    const refusal = budgetRefusal(budget, inf.modelId, 0n);
    if (refusal !== undefined) throw new OpenLedgerError(refusal);
  }
  const refusal = budgetRefusal({ ...budget, modelIds: [] }, 0n, total);
  if (refusal !== undefined) throw new OpenLedgerError(`the batch of ${params.inferences.length}: ${refusal}`);
  const inferences = params.inferences.map((inf, i) => ({
    modelId: inf.modelId,
    units: inf.units ?? 1n,
    maxFee: inf.maxFee ?? fees[i],
    inferenceId: inf.inferenceId,
    attributionHash: inf.attributionHash,
  }));
  await preflight(client, () => client.settlement.settleBatchFor.staticCall(principal, inferences, context));
  const sent = await sendUnderBudget(
    client,
    { principal, agent },
    () => client.settlement.settleBatchFor(principal, inferences, context),
    `settling ${inferences.length} inferences for ${principal}`,
    params,
  );
  return { ...sent, total };
}

/// Sends a settlement under `principal`'s budget for `agent`; returns its events and what the budget's period has
/// spent after it.
async function sendUnderBudget(
  client: Client,
  who: { principal: string; agent: string },
  send: () => Promise<ContractTransactionResponse>,
  label: string,
  options: ActionOptions,
): Promise<Omit<SettleBatchForReturnType, "total">> {
  const receipt = await sendAndWait(send(), label, options);
  const after = await client.budgets.budget(who.principal, who.agent, { blockTag: receipt.blockNumber });
  return {
    receipt,
    events: eventsIn<InferenceSettledEvent.OutputObject>(receipt, client.settlement, "InferenceSettled"),
    contexts: eventsIn<InferenceContextEvent.OutputObject>(receipt, client.settlement, "InferenceContext"),
    spentInPeriod: after.spentInPeriod,
  };
}
