/// What the settle, settlement and guardian tasks share: reading ids, units and inference ids, the split preview
/// for output, the check run before a payment is approved, and the InferenceSettled events of a receipt.
import { id as keccakUtf8, isHexString } from "ethers";
import type { ContractTransactionReceipt } from "ethers";
import type { ISettlement } from "../../typechain-types/settlement/Settlement.js";
import type { InferenceSettledEvent } from "../../typechain-types/settlement/Settlement.js";
import { amountFormat } from "../lib/governance.js";
import { OpenLedgerError, eventsIn, findRevertData, formatOpen } from "../lib/index.js";
import type { Sender, Suite } from "../lib/index.js";

/// A positive number of units (`--units 3`).
export function parseUnitsOption(text: string, option = "--units"): bigint {
  const value = text.trim().replace(/_/g, "");
  if (!/^\d+$/.test(value) || BigInt(value) === 0n) {
    throw new OpenLedgerError(`${option} must be a positive whole number of inferences, not "${text}"`);
  }
  return BigInt(value);
}

/// An inference id: 32 bytes of hex as given, or any other text hashed with keccak256 (`request-42` → `id("request-42")`).
export function parseInferenceId(text: string, option = "--inference-id"): string {
  const value = text.trim();
  if (value === "") throw new OpenLedgerError(`${option} is required (0x + 64 hex digits, or a text to hash)`);
  if (isHexString(value, 32)) return value.toLowerCase();
  if (/^0x[0-9a-fA-F]*$/.test(value)) {
    throw new OpenLedgerError(`${option} ${value} is hex but not 32 bytes: give 0x + 64 hex digits, or a text to hash`);
  }
  return keccakUtf8(value);
}

/// How a task shows an amount: OPEN for people, wei in JSON.
export function amountsFor(json: boolean): (wei: bigint) => bigint | string {
  return amountFormat(json, "OPEN");
}

/// A share in basis points for people (`500 bps (5%)`), the number in JSON.
export function bpsFor(json: boolean): (bps: bigint) => bigint | string {
  if (json) return (bps) => bps;
  return (bps) => `${bps.toString()} bps (${(Number(bps) / 100).toString()}%)`;
}

/// A split preview as output: the shares of the fee, then each model's and each datanet's credit, keyed by id.
/// The parts add up to the fee.
export function splitOut(preview: ISettlement.SplitPreviewStructOutput, json: boolean): Record<string, unknown> {
  const amount = amountsFor(json);
  // A datanet that trains both a model and one of its parents is credited once per level: its credits are summed.
  const credits = (list: ReadonlyArray<{ id: bigint; amount: bigint }>): Record<string, bigint | string> => {
    const sums = new Map<bigint, bigint>();
    for (const c of list) sums.set(c.id, (sums.get(c.id) ?? 0n) + c.amount);
    return Object.fromEntries([...sums].map(([id, sum]) => [id.toString(10), amount(sum)]));
  };
  return {
    protocol: amount(preview.protocol),
    stakers: amount(preview.stakers),
    models: credits(preview.models),
    datanets: credits(preview.datanets),
  };
}

/// Throws a one-line OpenLedgerError unless `payer` holds `amount`.
export async function requireBalance(suite: Suite, payer: Sender, amount: bigint, what: string): Promise<void> {
  const balance = await suite.open.balanceOf(payer.address);
  if (balance < amount) {
    throw new OpenLedgerError(
      `${payer.address} holds ${formatOpen(balance)}, less than the ${formatOpen(amount)} ${what}`,
    );
  }
}

/// Runs the static call of a payment about to be sent, so that nothing (not even an approval) is sent when it would
/// revert. Its revert is rethrown (and decoded by the task), unless it is only the allowance that is still missing.
export async function preflight(suite: Suite, call: () => Promise<unknown>): Promise<void> {
  const allowance = suite.open.interface.getError("ERC20InsufficientAllowance")?.selector;
  try {
    await call();
  } catch (err: unknown) {
    const data = findRevertData(err);
    if (allowance !== undefined && data !== undefined && data.startsWith(allowance)) return;
    throw err;
  }
}

/// The InferenceSettled events of `receipt`.
export function settledIn(suite: Suite, receipt: ContractTransactionReceipt): InferenceSettledEvent.OutputObject[] {
  return eventsIn<InferenceSettledEvent.OutputObject>(receipt, suite.settlement, "InferenceSettled");
}

/// One InferenceSettled event as output.
export function settledOut(event: InferenceSettledEvent.OutputObject, json: boolean): Record<string, unknown> {
  return {
    inferenceId: event.inferenceId,
    modelId: event.modelId,
    payer: event.payer,
    fee: amountsFor(json)(event.fee),
    attributionHash: event.attributionHash,
  };
}
