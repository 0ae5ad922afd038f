/// settleBatch: pays for many inferences, of any models, with one approval and few transactions. Every fee is quoted
/// and the payer's balance checked first, then every chunk's static call is run, so that a batch that would revert
/// sends nothing, not even the approval. The sum of the caps is approved once (only when the allowance is short),
/// then the inferences go out in `settleBatch` transactions of `chunk` inferences each.
import type { ContractTransactionReceipt } from "ethers";
import type { InferenceSettledEvent, ISettlement } from "../../../../typechain-types/settlement/Settlement.js";
import { decodeError } from "../../client.js";
import type { Client } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { ensureAllowance, eventsIn, preflight, requireOpenBalance, sendAndWait } from "../internal/send.js";
import { signerOf } from "../internal/signer.js";
import type { ActionOptions } from "../types.js";

/// One inference of a batch.
export interface BatchInference {
  modelId: bigint;
  /// How many inferences (default 1).
  units?: bigint;
  /// The most OPEN wei to pay for it (default: its quote now).
  maxFee?: bigint;
  inferenceId: string;
  attributionHash: string;
  /// Where it comes from (a line of an inference log), named in errors.
  line?: number;
}

export interface SettleBatchParameters extends ActionOptions {
  inferences: readonly BatchInference[];
  /// Inferences per transaction (default 100).
  chunk?: number;
  /// What the inferences were read from (a file), named in errors with each line.
  source?: string;
}

export interface SettleBatchReturnType {
  /// One receipt per transaction, in order.
  receipts: ContractTransactionReceipt[];
  /// Every InferenceSettled event, in order.
  events: InferenceSettledEvent.OutputObject[];
  /// The hash of the one approval, if one was needed.
  approval?: string;
  /// The sum of the quotes (what was paid) and of the caps (what was approved).
  total: bigint;
  caps: bigint;
  gasUsed: bigint;
}

/// Settles `inferences` in chunks. Before anything is sent it quotes every model (naming the inference of a model
/// that cannot be settled), checks the balance against the total and runs every chunk's static call.
export async function settleBatch(client: Client, params: SettleBatchParameters): Promise<SettleBatchReturnType> {
  const { address: payer } = await signerOf(client, "settleBatch");
  const size = params.chunk ?? 100;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new OpenLedgerError(`a chunk must be a positive number of inferences per transaction, not ${size}`);
  }
  const list = params.inferences;
  if (list.length === 0) throw new OpenLedgerError("a batch needs at least one inference");
  const where = (i: number): string => {
    const line = list[i].line;
    if (line === undefined) return `inference ${i + 1}`;
    return params.source === undefined ? `line ${line}` : `${params.source}:${line}`;
  };

  // Every inference id once: the contract does not deduplicate, a log must.
  const seen = new Map<string, number>();
  list.forEach((inf, i) => {
    const first = seen.get(inf.inferenceId.toLowerCase());
    if (first !== undefined) {
      const at = list[first].line === undefined ? `at position ${first + 1}` : `on line ${list[first].line}`;
      throw new OpenLedgerError(`${where(i)}: inference ${inf.inferenceId} is already ${at}`);
    }
    seen.set(inf.inferenceId.toLowerCase(), i);
  });

  // Quote: one call per distinct (model, units).
  const quotes = new Map<string, Promise<bigint>>();
  const fees = await Promise.all(
    list.map(async (inf, i) => {
      const units = inf.units ?? 1n;
      const key = `${inf.modelId}:${units}`;
      let q = quotes.get(key);
      if (q === undefined) {
        q = client.models.quote(inf.modelId, units);
        quotes.set(key, q);
      }
      try {
        return await q;
      } catch (err: unknown) {
        throw new OpenLedgerError(`${where(i)}: model ${inf.modelId}: ${decodeError(err)}`);
      }
    }),
  );
  const inferences: ISettlement.InferenceStruct[] = list.map((inf, i) => ({
    modelId: inf.modelId,
    units: inf.units ?? 1n,
    maxFee: inf.maxFee ?? fees[i],
    inferenceId: inf.inferenceId,
    attributionHash: inf.attributionHash,
  }));
  const total = fees.reduce((sum, fee) => sum + fee, 0n);
  const caps = list.reduce((sum, inf, i) => sum + (inf.maxFee ?? fees[i]), 0n);
  await requireOpenBalance(client, payer, total, `fees of the ${list.length} inferences`);

  const chunks: ISettlement.InferenceStruct[][] = [];
  for (let i = 0; i < inferences.length; i += size) chunks.push(inferences.slice(i, i + size));
  const label = (k: number): string => {
    const first = k * size;
    const last = Math.min(first + size, list.length) - 1;
    const [a, b] = [list[first].line, list[last].line];
    const range = a !== undefined && b !== undefined ? `lines ${a}-${b}` : `inferences ${first + 1}-${last + 1}`;
    return `chunk ${k + 1}/${chunks.length} (${range})`;
  };

  for (const [k, chunk] of chunks.entries()) {
    try {
      await preflight(client, () => client.settlement.settleBatch.staticCall(chunk), true);
    } catch (err: unknown) {
      throw new OpenLedgerError(`${label(k)}: ${decodeError(err)}`);
    }
  }
  const approval = await ensureAllowance(client, payer, client.addresses.settlement, caps, params);

  const receipts: ContractTransactionReceipt[] = [];
  const events: InferenceSettledEvent.OutputObject[] = [];
  let gasUsed = 0n;
  for (const [k, chunk] of chunks.entries()) {
    let receipt: ContractTransactionReceipt;
    try {
      receipt = await sendAndWait(client.settlement.settleBatch(chunk), `settling ${label(k)}`, params);
    } catch (err: unknown) {
      const hashes = receipts.map((r) => r.hash).join(", ");
      const done = k === 0 ? "nothing was settled" : `chunks 1-${k} were settled (${hashes})`;
      throw new OpenLedgerError(`${label(k)}: ${decodeError(err)}; ${done}`);
    }
    receipts.push(receipt);
    gasUsed += receipt.gasUsed;
    events.push(...eventsIn<InferenceSettledEvent.OutputObject>(receipt, client.settlement, "InferenceSettled"));
    params.onProgress?.({ message: "settled", step: events.length, total: list.length });
  }
  return { receipts, events, approval, total, caps, gasUsed };
}
