/// The whole economy on a deployed suite, in one run (`npm run demo` runs it on the in-process network, and
/// `npm run e2e` on anvil and a Hardhat node), as named steps (scripts/lib/economy/):
///   castActors, fundActors, stakeAndDelegate (stakers stake and delegate); createDatanets and contribute (two
///   datanets, curated and open) and publishVersions (version 1 of each); registerBase (a base model on version 1);
///   growDatanets (a late contributor joins, and version 2 of each); registerChild (a fine-tuned child on version 2);
///   settleInferences (an AI agent pays for 100 inferences, single and batched); postEpochs (an attestor posts an
///   attribution epoch per datanet, verified against the chain); reportVersions (each contributor's earnings by
///   model: the late contributor gets nothing from the base model); claim (after the challenge window contributors,
///   model owners, stakers and the treasury take their shares); report (who paid and who earned what, which must add
///   up to the unit); the mission (scripts/lib/economy/mission*.ts: a client hires a coordinator agent, which hires
///   three agents that pay for inferences of their own models under budgets; epoch 2 pays the data behind them, and
///   the trace follows every unit of the client's payment down to the contributors' claims); governance (a vote
///   raises the protocol share, and one more settlement shows the new split).
import type { Suite } from "../../tasks/lib/index.js";
import { contribute, createDatanets, growDatanets, publishVersions } from "./economy/datanets.js";
import { claim, postEpochs } from "./economy/epochs.js";
import { reportExplained } from "./economy/engine.js";
import { registerBase, registerChild } from "./economy/models.js";
import { reportVersions } from "./economy/versions.js";
import type { EarningsByModel } from "./economy/versions.js";
import { section } from "./economy/world.js";
import { governance, report } from "./economy/report.js";
import { INFERENCES, settleInferences } from "./economy/settle.js";
import { fundActors, stakeAndDelegate } from "./economy/setup.js";
import { castActors, reportDeployment } from "./economy/world.js";
import { castMission, fundMission, grantBudgets, registerAgents, registerSpecialists } from "./economy/mission.js";
import { runJobs } from "./economy/mission-jobs.js";
import { settleMission, snapshot, traceMission } from "./economy/mission-report.js";
import type { MissionSummary } from "./economy/mission-report.js";

/// What the run produced, as plain JSON (amounts in wei as decimal strings). It holds no address, timestamp or
/// block number, so two nodes running the same deployment produce the same summary.
export interface EconomySummary {
  inferences: number;
  paid: string;
  credited: Record<string, string>;
  epoch1: Record<string, { policy: string; root: string; total: string; accounts: number }>;
  /// Each contributor's epoch-1 earnings from the base model's and the child's inferences.
  earningsByModel: EarningsByModel;
  balances: Record<string, string>;
  leftInPools: Record<string, string>;
  addsUp: boolean;
  /// The mission: agents hiring agents, who pay for models, which pay their data, traced to the unit.
  mission: MissionSummary;
  governance: { protocolBps: [string, string] };
  splitOfOneInference: { before: Record<string, string>; after: Record<string, string> };
}

/// Runs the economy on `suite`, printing a readable report through `line` and writing the inference log and tree
/// files under `out`. Throws if the report does not add up to the unit.
export async function runEconomy(suite: Suite, line: (text?: string) => void, out: string): Promise<EconomySummary> {
  const w = await castActors(suite, line, out);
  reportDeployment(w);
  const before = await fundActors(w);
  await stakeAndDelegate(w);
  const datanets = await createDatanets(w);
  await contribute(w, datanets);
  section(w, "Datanet versions 1: each owner publishes what it accepted so far");
  await publishVersions(w, datanets, "1");
  const base = await registerBase(w, datanets);
  await growDatanets(w, datanets);
  const models = await registerChild(w, datanets, base);
  const settled = await settleInferences(w, datanets, models);
  const { trees, epochs } = await postEpochs(w, datanets, settled);
  reportExplained(w);
  const earningsByModel = await reportVersions(w, models, epochs, settled);
  await claim(w, datanets, models, trees);
  const { rows, left, net } = await report(w, datanets, settled, before);
  const cast = castMission(w);
  await fundMission(w, cast);
  const beforeMission = await snapshot(w, datanets, cast);
  await registerSpecialists(w, datanets, models, cast);
  await registerAgents(w, cast);
  await grantBudgets(w, cast);
  const jobs = await runJobs(w, cast);
  const epoch2 = await settleMission(w, datanets, settled, jobs, trees);
  const mission = await traceMission(w, datanets, cast, jobs, { epoch1: trees, epoch2 }, beforeMission);
  const vote = await governance(w, models, settled);
  return {
    inferences: INFERENCES,
    paid: settled.paid.toString(),
    credited: settled.credited,
    epoch1: Object.fromEntries(
      trees.map((t) => [
        t.allocation.datanetId,
        {
          policy: t.allocation.policy,
          root: t.root,
          total: t.allocation.cumulativeTotal,
          accounts: t.allocation.allocations.length,
        },
      ]),
    ),
    earningsByModel,
    balances: Object.fromEntries(rows.map(([who, delta]) => [who, delta.toString()])),
    leftInPools: Object.fromEntries(left.map(([what, amount]) => [what, amount.toString()])),
    addsUp: net === 0n,
    mission,
    governance: { protocolBps: vote.protocolBps },
    splitOfOneInference: { before: vote.before, after: vote.after },
  };
}
