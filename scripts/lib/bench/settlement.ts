/// Settlement: every figure steady state (the same pools were credited by an earlier settlement); single
/// settlements through the SDK's `settle`, batches of 100 of one model and of two alternating.
import { parseEther } from "ethers";
import type { ContractTransactionReceipt } from "ethers";
import { settle as settleAction } from "../../../package/src/actions/index.js";
import { clientFor } from "../../../tasks/lib/index.js";
import type { ISettlement } from "../../../typechain-types/settlement/Settlement.js";
import type { Bench } from "./context.js";
import { BATCH_SIZE, hashOf } from "./inputs.js";
import type { BenchModels } from "./models.js";
import { PRICE } from "./models.js";
import { measure, measureReceipt, record, txHashes } from "./record.js";

/// Settles `units` inferences of a model as the payer, through the SDK's action: its receipt.
export type Settle = (modelId: bigint, price?: bigint, units?: bigint) => Promise<ContractTransactionReceipt>;

export async function benchSettlement(b: Bench, m: BenchModels): Promise<Settle> {
  const { settlement } = b.suite;
  const { baseModel, tenModel, largeModel, childModel } = m;
  const settlementAddress = await settlement.getAddress();
  console.log("Settlement");
  const payer = await b.account("payer");
  await b.fund(payer, parseEther("10000000"));
  await b.approve(payer, settlementAddress, parseEther("5000000"));
  let inferences = 0;
  const inference = (modelId: bigint, price: bigint, units = 1n) => {
    const n = inferences++;
    return {
      modelId,
      units,
      maxFee: price * units,
      inferenceId: hashOf(`inference ${n}`),
      attributionHash: hashOf(`attribution ${n}`),
    };
  };
  const client = clientFor(b.suite, payer);
  const settle: Settle = async (modelId, price = PRICE, units = 1n) =>
    (await settleAction(client, inference(modelId, price, units))).receipt;
  for (const model of [baseModel, tenModel, largeModel, childModel]) await settle(model);
  measureReceipt("settle.single", await settle(baseModel));
  measureReceipt("settle.contributors10", await settle(tenModel));
  measureReceipt("settle.contributors100000", await settle(largeModel));
  measureReceipt("settle.lineage", await settle(childModel));
  const batch: ISettlement.InferenceStruct[] = Array.from({ length: BATCH_SIZE }, () => inference(baseModel, PRICE));
  const batchGas = await measure("settle.batch100", settlement.connect(payer).settleBatch(batch));
  record("settle.batch100.perInference", Math.round(batchGas / BATCH_SIZE), txHashes["settle.batch100"]);
  const mixed: ISettlement.InferenceStruct[] = Array.from({ length: BATCH_SIZE }, (_, i) =>
    inference(i % 2 === 0 ? baseModel : childModel, PRICE),
  );
  const mixedGas = await measure("settle.batch100mixed", settlement.connect(payer).settleBatch(mixed));
  record("settle.batch100mixed.perInference", Math.round(mixedGas / BATCH_SIZE), txHashes["settle.batch100mixed"]);

  return settle;
}
