/// settle:pay — pays for `units` inferences of a model, committing to the attribution hash of the inference: given as
/// is, or computed from the inference-log record that the attribution engine wrote for it. The fee is taken by
/// allowance (approving only when the allowance is short of the cap) or by an EIP-2612 permit of the cap. The cap
/// defaults to the quote, so a price change between the quote and the settlement reverts with FeeAboveCap.
import { existsSync, readFileSync } from "node:fs";
import type { ContractTransactionReceipt } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { attributionHash, parseInferenceRecord } from "../lib/attribution.js";
import type { InferenceRecord } from "../lib/attribution.js";
import {
  OpenLedgerError,
  ensureAllowance,
  mined,
  parseHash,
  parseId,
  parseOpen,
  printResult,
  runTask,
  signPermit,
  suiteAndSigner,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import {
  amountsFor,
  parseInferenceId,
  parseUnitsOption,
  preflight,
  requireBalance,
  settledIn,
  settledOut,
} from "./settlement-common.js";

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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err: unknown) {
    if (lines.length > 1) {
      throw new OpenLedgerError(
        `${file} holds ${lines.length} lines: give one record (settle:batch pays for a whole log)`,
      );
    }
    throw new OpenLedgerError(`${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseInferenceRecord(parsed, file);
}

/// The model, inference id and attribution hash to settle, from the options and the record file.
function whatToSettle(args: Args): { modelId: bigint; inferenceId: string; hash: string } {
  const file = args.attribution.trim();
  const given = args.attributionHash.trim();
  if (file !== "" && given !== "")
    throw new OpenLedgerError("give --attribution-hash or --attribution <record.json>, not both");
  if (file === "") {
    if (given === "") throw new OpenLedgerError("--attribution-hash <0x…> or --attribution <record.json> is required");
    return {
      modelId: parseId("model", args.model),
      inferenceId: parseInferenceId(args.inferenceId),
      hash: parseHash("--attribution-hash", given),
    };
  }
  const record = readRecord(file);
  const modelId = args.model.trim() === "" ? record.modelId : parseId("model", args.model);
  if (modelId !== record.modelId) {
    throw new OpenLedgerError(`--model ${modelId} but the record of ${file} is for model ${record.modelId}`);
  }
  const inferenceId = args.inferenceId.trim() === "" ? record.inferenceId : parseInferenceId(args.inferenceId);
  if (inferenceId !== record.inferenceId) {
    throw new OpenLedgerError(
      `--inference-id ${inferenceId} but the record of ${file} is inference ${record.inferenceId}`,
    );
  }
  return { modelId, inferenceId, hash: attributionHash(record) };
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const { modelId, inferenceId, hash } = whatToSettle(args);
  const units = parseUnitsOption(args.units);
  const { suite, signer: payer } = await suiteAndSigner(hre, args);
  const settlement = suite.settlement.connect(payer);
  const spender = await settlement.getAddress();

  const quote = await settlement.quote(modelId, units);
  const maxFee = args.maxFee.trim() === "" ? quote : parseOpen(args.maxFee, "--max-fee");
  // Below the quote, the static call reports FeeAboveCap with both values.
  if (maxFee >= quote) await requireBalance(suite, payer, quote, `fee of model ${modelId}`);
  const inference = { modelId, units, maxFee, inferenceId, attributionHash: hash };

  // Nothing is sent, not even an approval, when the settlement itself would revert.
  let approval: string | undefined;
  let receipt: ContractTransactionReceipt;
  if (args.permit) {
    const permit = await signPermit(suite.open, payer, spender, maxFee);
    await preflight(suite, () => settlement.settleWithPermit.staticCall(inference, permit));
    receipt = await mined(settlement.settleWithPermit(inference, permit));
  } else {
    await preflight(suite, () => settlement.settle.staticCall(modelId, units, maxFee, inferenceId, hash));
    approval = (await ensureAllowance(suite.open, payer, spender, maxFee))?.hash;
    receipt = await mined(settlement.settle(modelId, units, maxFee, inferenceId, hash));
  }

  const [event] = settledIn(suite, receipt);
  if (event === undefined) throw new OpenLedgerError(`transaction ${receipt.hash} emitted no InferenceSettled event`);
  const amount = amountsFor(args.json);
  printResult(
    {
      model: modelId,
      units,
      payer: payer.address,
      fee: amount(event.fee),
      maxFee: amount(maxFee),
      paidWith: args.permit ? "permit" : approval === undefined ? "allowance" : "approval",
      ...(approval === undefined ? {} : { approval }),
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
      InferenceSettled: settledOut(event, args.json),
    },
    args.json,
  );
});
