/// settle:pay — pays for `units` inferences of a model, committing to the attribution hash of the inference: given as
/// is, or computed from the inference-log record that the attribution engine wrote for it. The SDK's `settle` takes
/// the fee by allowance (approving only when the allowance is short of the cap) or by an EIP-2612 permit of the cap;
/// the cap defaults to the quote, so a price change between the quote and the settlement reverts with FeeAboveCap.
import { existsSync, readFileSync } from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { settle } from "../../package/src/actions/index.js";
import { attributionHash, parseInferenceId, parseInferenceRecord } from "../../package/src/index.js";
import type { InferenceRecord } from "../../package/src/index.js";
import { OpenLedgerError, clientAndSigner, parseHash, parseId, parseOpen, printResult, runTask } from "../lib/index.js";
import { parseUnitsOption, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  model: string;
  units: string;
  maxFee: string;
  inferenceId: string;
  attributionHash: string;
  attribution: string;
  permit: boolean;
}

/// The one inference-log record of `file`.
function readRecord(file: string): InferenceRecord {
  if (!existsSync(file)) throw new OpenLedgerError(`--attribution ${file}: no such file`);
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  try {
    return parseInferenceRecord(JSON.parse(text), file);
  } catch (err: unknown) {
    if (!(err instanceof SyntaxError)) throw err;
    if (lines.length > 1) {
      throw new OpenLedgerError(
        `${file} holds ${lines.length} lines: give one record (settle:batch pays for a whole log)`,
      );
    }
    throw new OpenLedgerError(`${file}: not JSON (${err.message})`);
  }
}

/// The model, inference id and attribution hash to settle, from the options and the record file.
function whatToSettle(args: Args): { modelId: bigint; inferenceId: string; attributionHash: string } {
  const file = args.attribution.trim();
  const given = args.attributionHash.trim();
  if (file !== "" && given !== "")
    throw new OpenLedgerError("give --attribution-hash or --attribution <record.json>, not both");
  if (file === "") {
    if (given === "") throw new OpenLedgerError("--attribution-hash <0x…> or --attribution <record.json> is required");
    return {
      inferenceId: parseInferenceId(args.inferenceId, "--inference-id"),
      modelId: parseId("model", args.model),
      attributionHash: parseHash("--attribution-hash", given),
    };
  }
  const record = readRecord(file);
  const modelId = args.model.trim() === "" ? record.modelId : parseId("model", args.model);
  if (modelId !== record.modelId) {
    throw new OpenLedgerError(`--model ${modelId} but the record of ${file} is for model ${record.modelId}`);
  }
  const inferenceId =
    args.inferenceId.trim() === "" ? record.inferenceId : parseInferenceId(args.inferenceId, "--inference-id");
  if (inferenceId !== record.inferenceId) {
    throw new OpenLedgerError(
      `--inference-id ${inferenceId} but the record of ${file} is inference ${record.inferenceId}`,
    );
  }
  return { modelId, inferenceId, attributionHash: attributionHash(record) };
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const inference = whatToSettle(args);
  const units = parseUnitsOption(args.units);
  const maxFee = args.maxFee.trim() === "" ? undefined : parseOpen(args.maxFee, "--max-fee");
  const { client, signer: payer } = await clientAndSigner(hre, args);
  const paid = await settle(client, { ...inference, units, maxFee, permit: args.permit });
  const { event, receipt, approval } = paid;
  const { open } = unitsFor(args.json);
  printResult(
    {
      model: inference.modelId,
      units,
      payer: payer.address,
      fee: open(event.fee),
      maxFee: open(paid.maxFee),
      paidWith: paid.paidWith,
      ...(approval === undefined ? {} : { approval }),
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
      InferenceSettled: {
        inferenceId: event.inferenceId,
        modelId: event.modelId,
        payer: event.payer,
        fee: open(event.fee),
        attributionHash: event.attributionHash,
      },
    },
    args.json,
  );
});
