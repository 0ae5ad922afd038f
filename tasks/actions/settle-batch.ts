/// settle:batch — pays for every inference of an inference log: each line one record (either form of the log, see
/// tasks/lib/attribution.ts) plus optional `units` (default 1) and `maxFee` (OPEN, default its quote). Each
/// inference is settled with the attribution hash of its record. The fees are quoted and checked first, the total
/// of the caps is approved once, then the log goes out in settleBatch transactions of `--chunk` inferences each.
import { existsSync, readFileSync } from "node:fs";
import type { ContractTransactionReceipt } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ISettlement } from "../../typechain-types/settlement/Settlement.js";
import { attributionHash, parseInferenceRecord } from "../lib/attribution.js";
import {
  OpenLedgerError,
  decodeError,
  ensureAllowance,
  mined,
  parseOpen,
  parseUint,
  printResult,
  progress,
  runTask,
  suiteAndSigner,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { amountsFor, preflight, requireBalance, settledIn } from "./settlement-common.js";

interface Args extends SendArgs {
  file: string;
  chunk: number;
}

/// One line of the log, ready to settle; `maxFee` undefined means "its quote".
interface Line {
  line: number;
  modelId: bigint;
  units: bigint;
  maxFee: bigint | undefined;
  inferenceId: string;
  attributionHash: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/// Reads the log: every line a record with optional units and maxFee; every inference id once.
function readLog(file: string): Line[] {
  if (file === "") throw new OpenLedgerError("--file <inferences.jsonl> is required");
  if (!existsSync(file)) throw new OpenLedgerError(`--file ${file}: no such file`);
  const lines: Line[] = [];
  const seen = new Map<string, number>();
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (text.trim() === "") return;
      const where = `${file}:${i + 1}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err: unknown) {
        throw new OpenLedgerError(`${where}: not JSON (${err instanceof Error ? err.message : String(err)})`);
      }
      const record = parseInferenceRecord(parsed, where);
      const first = seen.get(record.inferenceId);
      if (first !== undefined) {
        throw new OpenLedgerError(`${where}: inference ${record.inferenceId} is already on line ${first}`);
      }
      seen.set(record.inferenceId, i + 1);
      const raw = isObject(parsed) ? parsed : {};
      const units = raw.units === undefined ? 1n : parseUint(raw.units, `${where}: units`);
      if (units === 0n) throw new OpenLedgerError(`${where}: units must be at least 1`);
      const maxFee = raw.maxFee === undefined ? undefined : parseOpen(raw.maxFee, `${where}: maxFee`);
      lines.push({
        line: i + 1,
        modelId: record.modelId,
        units,
        maxFee,
        inferenceId: record.inferenceId,
        attributionHash: attributionHash(record),
      });
    });
  if (lines.length === 0) throw new OpenLedgerError(`${file} holds no inference`);
  return lines;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  if (!Number.isSafeInteger(args.chunk) || args.chunk < 1) {
    throw new OpenLedgerError(`--chunk must be a positive number of inferences per transaction, not ${args.chunk}`);
  }
  const lines = readLog(args.file.trim());
  const { suite, signer: payer } = await suiteAndSigner(hre, args);
  const settlement = suite.settlement.connect(payer);
  const spender = await settlement.getAddress();

  // Quote: one call per distinct (model, units); a model that cannot be settled names its line.
  const quotes = new Map<string, Promise<bigint>>();
  const fees = await Promise.all(
    lines.map(async (l) => {
      const key = `${l.modelId}:${l.units}`;
      let quote = quotes.get(key);
      if (quote === undefined) {
        quote = settlement.quote(l.modelId, l.units);
        quotes.set(key, quote);
      }
      try {
        return await quote;
      } catch (err: unknown) {
        throw new OpenLedgerError(`${args.file.trim()}:${l.line}: model ${l.modelId}: ${decodeError(err)}`);
      }
    }),
  );
  const inferences: ISettlement.InferenceStruct[] = lines.map((l, i) => ({
    modelId: l.modelId,
    units: l.units,
    maxFee: l.maxFee ?? fees[i],
    inferenceId: l.inferenceId,
    attributionHash: l.attributionHash,
  }));
  const total = fees.reduce((sum, fee) => sum + fee, 0n);
  const caps = lines.reduce((sum, l, i) => sum + (l.maxFee ?? fees[i]), 0n);
  await requireBalance(suite, payer, total, `fees of the ${lines.length} inferences`);

  const chunks: ISettlement.InferenceStruct[][] = [];
  for (let i = 0; i < inferences.length; i += args.chunk) chunks.push(inferences.slice(i, i + args.chunk));
  const where = (k: number): string =>
    `chunk ${k + 1}/${chunks.length} (lines ${lines[k * args.chunk].line}-${lines[Math.min((k + 1) * args.chunk, lines.length) - 1].line})`;

  // Nothing is sent, not even the approval, when a chunk would revert.
  for (const [k, chunk] of chunks.entries()) {
    try {
      await preflight(suite, () => settlement.settleBatch.staticCall(chunk));
    } catch (err: unknown) {
      throw new OpenLedgerError(`${where(k)}: ${decodeError(err)}`);
    }
  }
  const approval = (await ensureAllowance(suite.open, payer, spender, caps))?.hash;

  const txs: string[] = [];
  let paid = 0n;
  let settled = 0;
  let gasUsed = 0n;
  for (const [k, chunk] of chunks.entries()) {
    let receipt: ContractTransactionReceipt;
    try {
      receipt = await mined(settlement.settleBatch(chunk));
    } catch (err: unknown) {
      const done = k === 0 ? "nothing was settled" : `chunks 1-${k} were settled (${txs.join(", ")})`;
      throw new OpenLedgerError(`${where(k)}: ${decodeError(err)}; ${done}`);
    }
    txs.push(receipt.hash);
    gasUsed += receipt.gasUsed;
    for (const event of settledIn(suite, receipt)) {
      paid += event.fee;
      settled += 1;
    }
    if (!args.json) progress("settled", settled, lines.length);
  }

  const amount = amountsFor(args.json);
  printResult(
    {
      file: args.file.trim(),
      payer: payer.address,
      inferences: settled,
      models: new Set(lines.map((l) => l.modelId)).size,
      totalFee: amount(paid),
      ...(approval === undefined ? {} : { approval, approved: amount(caps) }),
      transactions: txs.length,
      txs,
      gasUsed,
      gasPerInference: settled === 0 ? 0n : gasUsed / BigInt(settled),
    },
    args.json,
  );
});
