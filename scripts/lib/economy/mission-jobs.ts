/// The mission's jobs: the client funds the coordinator, the coordinator subcontracts three specialists, each pays
/// for inferences of its model under its budget (naming its job), submits, and is evaluated: the research completed
/// by the coordinator, the legal work rejected, the risk analysis completed on its own after the evaluation window.
/// Then the coordinator submits, the client completes, the agents withdraw their earnings, the fees go to the
/// treasury, and the client and the coordinator rate the agents they paid.
import { id, parseEther } from "ethers";
import {
  attributionHash,
  completeJob,
  createJob,
  decodeError,
  getFeedbackSummary,
  getJob,
  giveFeedback,
  rejectJob,
  settleBatchFor,
  settleFor,
  submitJob,
  subcontract,
  withdrawJobFunds,
} from "../../../package/src/index.js";
import type { InferenceRecord } from "../../../package/src/index.js";
import { clientFor, formatOpen, mined } from "../../../tasks/lib/index.js";
import { advanceTo } from "../governance-scenario.js";
import type { Datanets } from "./datanets.js";
import type { MissionAgent, MissionCast } from "./mission.js";
import { attributedRecord } from "./settle.js";
import { section } from "./world.js";
import type { World } from "./world.js";

/// What the client escrows, and what the coordinator subcontracts to each specialist, in OPEN.
export const ESCROW = { root: "300", research: "80", legal: "60", risk: "70" } as const;
/// How many inferences each specialist pays for (the risk agent in one batch).
const INFERENCES = { research: 4, legal: 2, risk: 3 } as const;
const WEEK = 7n * 86_400n;

export interface MissionJobs {
  root: bigint;
  children: Record<"research" | "legal" | "risk", bigint>;
  /// The engine's records of the mission's inferences.
  log: InferenceRecord[];
  /// The first block of the mission's settlements.
  firstBlock: number;
  /// The SDK's one-line refusal of the inference above the legal agent's daily budget.
  refusal: string;
  /// The coordinator's running feedback aggregate after the client's rating.
  rating: { count: bigint; average: string; totalWeight: bigint };
}

/// The specialist agents, in the order of their jobs.
const SPECIALISTS = ["research", "legal", "risk"] as const;

/// Runs the mission's jobs (see the file's header); returns the jobs, the inference records and the refusal.
export async function runJobs(w: World, d: Datanets, c: MissionCast): Promise<MissionJobs> {
  const { connection } = w.suite;
  const as = (s: MissionAgent["owner"]) => clientFor(w.suite, s);
  const coordinator = c.agents.coordinator;
  section(w, "The mission: a client hires a coordinator agent, which hires three agents");
  const now = BigInt((await connection.ethers.provider.getBlock("latest"))!.timestamp);
  const { jobId: root } = await createJob(as(c.client), {
    providerAgentId: coordinator.agentId,
    evaluator: c.client.address,
    expiry: now + WEEK,
    descriptionURI: "ipfs://missions/market-entry/brief.json",
    amount: parseEther(ESCROW.root),
  });
  w.line(`  job #${root}: the client escrows ${formatOpen(parseEther(ESCROW.root))} for a market-entry analysis`);
  w.line(`           by agent #${coordinator.agentId} (the coordinator), evaluated by the client, due in 7 days`);
  const children = {} as MissionJobs["children"];
  for (const key of SPECIALISTS) {
    const a = c.agents[key];
    const { childId } = await subcontract(as(coordinator.owner), {
      parentId: root,
      providerAgentId: a.agentId,
      evaluator: coordinator.wallet.address,
      amount: parseEther(ESCROW[key]),
      descriptionURI: `ipfs://missions/market-entry/${key}.json`,
    });
    children[key] = childId;
    w.line(
      `  job #${childId}: the coordinator subcontracts ${formatOpen(parseEther(ESCROW[key]))} of job #${root} to agent #${a.agentId} (${a.label})`,
    );
  }

  const firstBlock = await connection.ethers.provider.getBlockNumber();
  const log: InferenceRecord[] = [];
  const record = (a: MissionAgent, n: number): InferenceRecord => {
    const r = attributedRecord(w, d, {
      label: `mission ${a.key} inference`,
      n,
      modelId: a.modelId,
      on: c.trainedOn.get(a.modelId)!,
      late: true,
    });
    log.push(r);
    return r;
  };
  w.line("");
  for (const key of ["research", "legal"] as const) {
    const a = c.agents[key];
    const wallet = as(a.wallet);
    let paid = 0n;
    for (let n = 0; n < INFERENCES[key]; n++) {
      const r = record(a, n);
      const settled = await settleFor(wallet, {
        principal: a.owner.address,
        modelId: a.modelId,
        inferenceId: r.inferenceId,
        attributionHash: attributionHash(r),
        context: children[key],
      });
      paid += settled.event.fee;
    }
    w.line(
      `  the ${a.label} pays ${formatOpen(paid)} for ${INFERENCES[key]} inferences of model #${a.modelId}, each naming job #${children[key]}`,
    );
  }
  // One more inference would take the legal agent over its daily budget: the SDK refuses it before sending.
  const legal = c.agents.legal;
  let refusal = "";
  try {
    const extra = attributedRecord(w, d, {
      label: "mission legal inference",
      n: INFERENCES.legal,
      modelId: legal.modelId,
      on: c.trainedOn.get(legal.modelId)!,
      late: true,
    });
    await settleFor(as(legal.wallet), {
      principal: legal.owner.address,
      modelId: legal.modelId,
      inferenceId: extra.inferenceId,
      attributionHash: attributionHash(extra),
      context: children.legal,
    });
  } catch (err: unknown) {
    refusal = decodeError(err);
  }
  if (refusal === "") throw new Error("the legal agent's inference above its budget was not refused");
  w.line(`    one more is refused: ${refusal}`);
  const risk = c.agents.risk;
  const batch = Array.from({ length: INFERENCES.risk }, (_, n) => record(risk, n));
  const { total } = await settleBatchFor(as(risk.wallet), {
    principal: risk.owner.address,
    inferences: batch.map((r) => ({
      modelId: r.modelId,
      inferenceId: r.inferenceId,
      attributionHash: attributionHash(r),
    })),
    context: children.risk,
  });
  w.line(
    `  the ${risk.label} pays ${formatOpen(total)} for ${INFERENCES.risk} inferences of model #${risk.modelId} in one batch, naming job #${children.risk}`,
  );

  w.line("");
  for (const key of SPECIALISTS) {
    const a = c.agents[key];
    await submitJob(as(a.wallet), {
      jobId: children[key],
      deliverable: id(`mission ${key} report`),
      deliverableURI: `ipfs://missions/market-entry/${key}-report.json`,
    });
  }
  w.line("  each agent submits its report; the coordinator evaluates:");
  await completeJob(as(coordinator.owner), { jobId: children.research, reason: id("research accepted") });
  w.line(`    job #${children.research} (market research) completed by the coordinator`);
  await rejectJob(as(coordinator.owner), { jobId: children.legal, reason: id("no jurisdiction analysis") });
  w.line(`    job #${children.legal} (legal) rejected: its escrow returns to job #${root}`);
  const riskJob = await getJob(w.suite, { jobId: children.risk, children: false });
  await advanceTo(connection, riskJob.evaluationEndsAt);
  await completeJob(as(risk.wallet), { jobId: children.risk });
  w.line(
    `    job #${children.risk} (financial risk): the coordinator says nothing for the ${await w.suite.jobs.evaluationWindow()} s window; the agent completes it`,
  );
  await submitJob(as(coordinator.owner), {
    jobId: root,
    deliverable: id("mission market-entry analysis"),
    deliverableURI: "ipfs://missions/market-entry/analysis.json",
  });
  await completeJob(as(c.client), { jobId: root, reason: id("analysis accepted") });
  w.line(`  the coordinator submits the analysis; the client completes job #${root}`);

  for (const key of ["coordinator", "research", "risk"] as const) {
    const a = c.agents[key];
    await withdrawJobFunds(as(a.owner), { agentId: a.agentId });
  }
  await mined(w.suite.jobs.payTreasury());
  w.line("  the agents' owners withdraw their earnings; the job fees are paid to the treasury");

  const client = await giveFeedback(as(c.client), {
    agentId: coordinator.agentId,
    value: 92n,
    tag1: "quality",
    tag2: "market-entry",
  });
  for (const [key, value] of [
    ["research", 88n],
    ["risk", 75n],
  ] as const) {
    await giveFeedback(as(coordinator.owner), { jobId: children[key], value, tag1: "quality", tag2: key });
  }
  // The legal job was rejected with nothing paid: a rating of it would weigh nothing, so none is accepted.
  let unrated = "";
  try {
    await giveFeedback(as(coordinator.owner), { jobId: children.legal, value: 10n, tag1: "quality", tag2: "legal" });
  } catch (err: unknown) {
    unrated = decodeError(err);
  }
  if (unrated === "") throw new Error("a rating of the rejected legal job, which paid nothing, was accepted");
  const summary = await getFeedbackSummary(as(c.client), {
    agentId: coordinator.agentId,
    tag1: "quality",
    tag2: "market-entry",
  });
  const average = `${summary.average / 10n ** BigInt(summary.decimals)}`;
  w.line(
    `  the client rates the coordinator 92 (weight ${formatOpen(client.weight)}, what it paid); the coordinator rates`,
  );
  w.line(
    `  the research 88 and the risk analysis 75; the coordinator's "quality/market-entry" summary: ${summary.count} rating, average ${average}`,
  );
  w.line(`  a rating of the rejected legal job is refused: ${unrated}`);
  return {
    root,
    children,
    log,
    firstBlock,
    refusal,
    rating: { count: summary.count, average, totalWeight: summary.totalWeight ?? 0n },
  };
}
