/// settle:batch — pays for every inference of an inference log: each line one record (either form of the log, see
/// package/src/attribution/) plus optional `units` (default 1) and `maxFee` (OPEN, default its quote). The SDK's
/// `settleBatch` quotes and checks every chunk first, approves the total of the caps once, then sends the log in
/// settleBatch transactions of `--chunk` inferences each.
import { existsSync, readFileSync } from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { settleBatch } from "../../package/src/actions/index.js";
import type { BatchInference } from "../../package/src/actions/index.js";
import { attributionHash, parseInferenceRecord } from "../../package/src/index.js";
import {
  OpenLedgerError,
  clientAndSigner,
  parseOpen,
  parseUint,
  printResult,
  progress,
  runTask,
} from "../lib/index.js";
import { unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  file: string;
  chunk: number;
}

/// Reads the log: every line a record with optional units and maxFee.
function readLog(file: string): BatchInference[] {
  if (file === "") throw new OpenLedgerError("--file <inferences.jsonl> is required");
  if (!existsSync(file)) throw new OpenLedgerError(`--file ${file}: no such file`);
  const lines: BatchInference[] = [];
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
      const raw = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
      const units = raw.units === undefined ? 1n : parseUint(raw.units, `${where}: units`);
      if (units === 0n) throw new OpenLedgerError(`${where}: units must be at least 1`);
      const maxFee = raw.maxFee === undefined ? undefined : parseOpen(raw.maxFee, `${where}: maxFee`);
      const { modelId, inferenceId } = record;
      lines.push({ line: i + 1, modelId, units, maxFee, inferenceId, attributionHash: attributionHash(record) });
    });
  if (lines.length === 0) throw new OpenLedgerError(`${file} holds no inference`);
  return lines;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  if (!Number.isSafeInteger(args.chunk) || args.chunk < 1) {
    throw new OpenLedgerError(`--chunk must be a positive number of inferences per transaction, not ${args.chunk}`);
  }
  const file = args.file.trim();
  const inferences = readLog(file);
  const { client, signer: payer } = await clientAndSigner(hre, args);
  const batch = await settleBatch(client, {
    inferences,
    chunk: args.chunk,
    source: file,
    onProgress: ({ step, total }) => {
      if (!args.json && step !== undefined && total !== undefined) progress("settled", step, total);
    },
  });
  const { open } = unitsFor(args.json);
  const settled = batch.events.length;
  printResult(
    {
      file,
      payer: payer.address,
      inferences: settled,
      models: new Set(inferences.map((l) => l.modelId)).size,
      totalFee: open(batch.events.reduce((sum, e) => sum + e.fee, 0n)),
      ...(batch.approval === undefined ? {} : { approval: batch.approval, approved: open(batch.caps) }),
      transactions: batch.receipts.length,
      txs: batch.receipts.map((r) => r.hash),
      gasUsed: batch.gasUsed,
      gasPerInference: settled === 0 ? 0n : batch.gasUsed / BigInt(settled),
    },
    args.json,
  );
});
