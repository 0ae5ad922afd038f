/// The AI agent pays for 100 inferences of the two models: 40 one at a time (the SDK's `settle`), then three
/// batches of 20, each with the attribution hash of the engine's result for it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { id, parseEther } from "ethers";
import { settle } from "../../../package/src/actions/index.js";
import { attributionHash, formatInferenceRecord } from "../../../package/src/index.js";
import type { InferenceRecord } from "../../../package/src/index.js";
import { clientFor, formatOpen, mined, progress } from "../../../tasks/lib/index.js";
import type { ISettlement } from "../../../typechain-types/settlement/Settlement.js";
import type { Datanets } from "./datanets.js";
import type { Models } from "./models.js";
import { section } from "./world.js";
import type { World } from "./world.js";

export const INFERENCES = 100;
const SINGLE = 40;
const BATCH = 20;

/// One inference to settle, as `Settlement.settle` and the SDK's `settle` take it.
export interface Inference {
  modelId: bigint;
  units: bigint;
  maxFee: bigint;
  inferenceId: string;
  attributionHash: string;
}

export interface Settled {
  /// The engine's record of every inference, in order.
  log: InferenceRecord[];
  /// The inference `n` (its record is added to the log).
  inference: (n: number) => Inference;
  paid: bigint;
  firstBlock: number;
  lastBlock: number;
  /// What each pool was credited, in wei as decimal strings.
  credited: Record<string, string>;
}

/// The datanets a model trains on, by name.
export type DatanetName = "medical" | "code";

/// The engine's record of inference `n` (named `${label} ${n}`) of `modelId`, trained on the datanets `on`: each is
/// influenced by a rotating subset of that datanet's contributors, with contributor 6 when `late` (a model trained on
/// version 2; the engine keeps only each version's members).
export function attributedRecord(
  w: World,
  d: Datanets,
  at: { label: string; n: number; modelId: bigint; on: readonly DatanetName[]; late: boolean },
): InferenceRecord {
  const { n } = at;
  const late = at.late ? [{ account: w.late.address, weight: 2n }] : [];
  const weights: Record<DatanetName, Array<{ account: string; weight: bigint }>> = {
    medical: w.contributors.slice(0, 4).map((c, i) => ({ account: c.address, weight: BigInt(1 + i) })),
    code: w.contributors.slice(2).map((c, i) => ({ account: c.address, weight: BigInt(3 - i) })),
  };
  const pick = <T>(xs: T[]): T[] => xs.filter((_, i) => (n + i) % 4 !== 0);
  return {
    inferenceId: id(`${at.label} ${n}`),
    modelId: at.modelId,
    datanets: at.on.map((name) => ({
      datanetId: name === "medical" ? d.medical : d.code,
      contributors: pick([...weights[name], ...late]),
    })),
  };
}

/// The inferences of the run: every third of the base model, the others of the child; each influenced by a
/// rotating subset of the contributors of the datanet versions its model was trained on: the base model's records
/// come from version 1 only, the child's may come from contributor 6's records of version 2.
function inferences(w: World, d: Datanets, m: Models, log: InferenceRecord[]): Settled["inference"] {
  return (n: number) => {
    const isBase = n % 3 === 0;
    const record = attributedRecord(w, d, {
      label: "inference",
      n,
      modelId: isBase ? m.base : m.child,
      on: isBase ? ["medical"] : ["medical", "code"],
      late: !isBase,
    });
    log.push(record);
    return {
      modelId: record.modelId,
      units: 1n,
      maxFee: parseEther("5"),
      inferenceId: record.inferenceId,
      attributionHash: attributionHash(record),
    };
  };
}

/// One batch of inferences, in one call (the SDK's `settleBatch` action will take its place).
async function settleBatchOf(w: World, batch: ISettlement.InferenceStruct[]): Promise<void> {
  await mined(w.suite.settlement.connect(w.agent).settleBatch(batch));
}

/// Settles the 100 inferences and writes the inference log; reports what each pool was credited.
export async function settleInferences(w: World, d: Datanets, m: Models): Promise<Settled> {
  const { settlement, models, connection } = w.suite;
  section(
    w,
    `The AI agent pays for ${INFERENCES} inferences (${SINGLE} single, ${(INFERENCES - SINGLE) / BATCH} batches of ${BATCH})`,
  );
  const log: InferenceRecord[] = [];
  const inference = inferences(w, d, m, log);
  const agent = clientFor(w.suite, w.agent);
  await mined(w.suite.open.connect(w.agent).approve(await settlement.getAddress(), parseEther("10000")));
  const firstBlock = await connection.ethers.provider.getBlockNumber();
  let paid = 0n;
  for (let n = 0; n < SINGLE; n++) {
    const inf = inference(n);
    await settle(agent, inf);
    paid += (await models.model(inf.modelId)).price;
    progress("  settling", n + 1, INFERENCES);
  }
  for (let n = SINGLE; n < INFERENCES; n += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, k) => inference(n + k));
    await settleBatchOf(w, batch);
    for (const inf of batch) paid += (await models.model(inf.modelId)).price;
    progress("  settling", n + BATCH, INFERENCES);
  }
  writeFileSync(join(w.out, "inference-log.jsonl"), log.map(formatInferenceRecord).join("\n") + "\n");
  const lastBlock = await connection.ethers.provider.getBlockNumber();
  w.line(
    `  paid ${formatOpen(paid)} for ${INFERENCES} inferences; inference log: ${join(w.out, "inference-log.jsonl")}`,
  );
  const credited: Record<string, string> = {
    treasury: (await settlement.treasuryAccrued()).toString(),
    stakers: (await settlement.stakersAccrued()).toString(),
    [`model ${m.base}`]: (await settlement.modelRevenue(m.base)).toString(),
    [`model ${m.child}`]: (await settlement.modelRevenue(m.child)).toString(),
    "medical-qa pool": (await settlement.accrued(d.medical)).toString(),
    "code-review pool": (await settlement.accrued(d.code)).toString(),
  };
  for (const [who, amount] of Object.entries(credited)) {
    w.line(`  credited to ${who.padEnd(17)} ${formatOpen(BigInt(amount))}`);
  }
  return { log, inference, paid, firstBlock, lastBlock, credited };
}
