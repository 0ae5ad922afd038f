/// The mission's trace: attribution epoch 2 allocates the datanets' credits from the mission's inferences and the
/// contributors claim them; the model owners withdraw; then the report follows every OPEN unit of the client's
/// payment through the job tree (the protocol fees, the agents' payouts), the inferences the agents paid for out of
/// them (the protocol and stakers shares, the models and their parents, the datanets), down to the contributors'
/// claims, and checks that every account's change and what the contracts still hold sum to zero, to the unit.
import { jobsOf, traceJob } from "../../../package/src/index.js";
import type { GetJobReturnType, TreeFile } from "../../../package/src/index.js";
import { formatOpen, mined, OpenLedgerError } from "../../../tasks/lib/index.js";
import type { Sender } from "../../../tasks/lib/index.js";
import type { Datanets } from "./datanets.js";
import { activateRoots, claimContributors, postEpoch } from "./epochs.js";
import type { MissionJobs } from "./mission-jobs.js";
import type { MissionCast } from "./mission.js";
import type { Settled } from "./settle.js";
import { section } from "./world.js";
import type { World } from "./world.js";

/// OPEN in the accounts and the contracts that the mission moves, before or after it.
export interface MissionSnapshot {
  balances: Map<string, bigint>;
  /// What the contracts hold for others: by label.
  held: Map<string, bigint>;
}

/// The mission's part of the run's summary (amounts in wei as decimal strings, no address).
export interface MissionSummary {
  jobs: Record<string, { agent: string; status: string; escrow: string; fee: string; payout: string }>;
  inferences: Record<string, { count: number; fees: string }>;
  split: Record<string, string>;
  contributors: Record<string, string>;
  balances: Record<string, string>;
  held: Record<string, string>;
  rating: { count: string; average: string; totalWeight: string };
  addsUp: boolean;
}

/// Every model id of the suite, 1 to the count.
async function modelIds(w: World): Promise<bigint[]> {
  const count = await w.suite.models.modelCount();
  return Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
}

/// The accounts the mission pays or is paid by: its own, the model builders, the contributors.
function accountsOf(w: World, c: MissionCast): Sender[] {
  return [...c.accounts, w.baseBuilder, w.tuneBuilder, ...w.contributors, w.late];
}

/// The balances of the mission's accounts and of the treasury, and what the contracts hold for others.
export async function snapshot(w: World, d: Datanets, c: MissionCast): Promise<MissionSnapshot> {
  const { open, settlement, jobs, agents, timelock } = w.suite;
  const balances = new Map<string, bigint>();
  for (const s of accountsOf(w, c)) balances.set(s.address, await open.balanceOf(s.address));
  const treasury = await timelock.getAddress();
  balances.set(treasury, await open.balanceOf(treasury));
  const unclaimed = async (datanet: bigint): Promise<bigint> =>
    (await settlement.accrued(datanet)) - (await settlement.rootState(datanet)).claimed;
  let revenue = 0n;
  for (const modelId of await modelIds(w)) revenue += await settlement.modelRevenue(modelId);
  const held = new Map<string, bigint>([
    ["JobEscrow (escrow, earnings, fees)", await open.balanceOf(await jobs.getAddress())],
    ["AgentRegistry (agents' stakes)", await open.balanceOf(await agents.getAddress())],
    ["Settlement: stakers share", await settlement.stakersAccrued()],
    ["Settlement: protocol share", await settlement.treasuryAccrued()],
    ["Settlement: model revenue", revenue],
    ["Settlement: medical-qa pool", await unclaimed(d.medical)],
    ["Settlement: code-review pool", await unclaimed(d.code)],
  ]);
  return { balances, held };
}

/// Epoch 2 of both datanets over the mission's settlements (continuing epoch 1's trees), then, after the challenge
/// window, the contributors claim and the model owners withdraw; the protocol share is paid to the treasury.
export async function settleMission(
  w: World,
  d: Datanets,
  s: Settled,
  jobs: MissionJobs,
  epoch1: readonly TreeFile[],
): Promise<TreeFile[]> {
  const { settlement, models } = w.suite;
  const { trees } = await postEpoch(w, d, { epoch: 2, log: [...s.log, ...jobs.log], previous: epoch1 });
  await activateRoots(w, d);
  await claimContributors(w, trees);
  for (const modelId of await modelIds(w)) {
    if ((await settlement.modelRevenue(modelId)) === 0n) continue;
    const owner = await models.ownerOf(modelId);
    const builder = [w.baseBuilder, w.tuneBuilder].find((b) => b.address === owner)!;
    await mined(settlement.connect(builder).withdrawModelRevenue(modelId, owner));
  }
  await mined(settlement.payTreasury());
  w.line("  contributors claimed epoch 2, model owners withdrew, the protocol share was paid to the treasury");
  return trees;
}

const sign = (x: bigint): string => (x >= 0n ? "+" : "−") + formatOpen(x >= 0n ? x : -x);
const sum = (xs: Iterable<bigint>): bigint => [...xs].reduce((a, b) => a + b, 0n);

/// Adds `amount` to `key` of `m`.
function add(m: Map<string, bigint>, key: string, amount: bigint): void {
  m.set(key, (m.get(key) ?? 0n) + amount);
}

/// Prints the trace and returns the mission's summary. Throws if any level does not add up.
export async function traceMission(
  w: World,
  d: Datanets,
  c: MissionCast,
  jobs: MissionJobs,
  trees: { epoch1: readonly TreeFile[]; epoch2: readonly TreeFile[] },
  before: MissionSnapshot,
): Promise<MissionSummary> {
  const { models } = w.suite;
  const trace = await traceJob(w.suite, { jobId: jobs.root, fromBlock: jobs.firstBlock });
  const agentName = new Map(Object.values(c.agents).map((a) => [a.agentId, a.label]));
  const check = (what: string, parts: bigint, whole: bigint): string => {
    if (parts !== whole)
      throw new OpenLedgerError(`the mission's ${what} does not add up: off by ${parts - whole} wei`);
    return "✓";
  };

  section(w, "The mission, traced to the unit (OPEN)");
  const root = trace.job;
  w.line(`  the client paid ${formatOpen(root.escrow)} into job #${root.jobId}; the job tree:`);
  const summaryJobs: MissionSummary["jobs"] = {};
  const print = (j: GetJobReturnType, indent: string): void => {
    const who = agentName.get(j.providerAgentId) ?? `agent #${j.providerAgentId}`;
    const rest = j.escrow - j.childrenTaken;
    const what =
      j.status === "Completed"
        ? `fee ${formatOpen(j.fee)} → treasury, payout ${formatOpen(j.payout)} → agent #${j.providerAgentId}`
        : `${formatOpen(j.escrow)} returned to job #${j.parentId}`;
    const kids = j.childrenTaken > 0n ? `, children kept ${formatOpen(j.childrenTaken)}` : "";
    w.line(`  ${indent}job #${j.jobId} ${who.padEnd(22)} ${j.status.padEnd(9)} escrow ${formatOpen(j.escrow)}${kids}:`);
    w.line(
      `  ${indent}    ${what}${j.status === "Completed" && rest !== j.escrow ? ` (of the ${formatOpen(rest)} left)` : ""}`,
    );
    summaryJobs[j.jobId.toString()] = {
      agent: who,
      status: j.status,
      escrow: j.escrow.toString(),
      fee: j.fee.toString(),
      payout: j.payout.toString(),
    };
    for (const child of j.children) print(child, `${indent}  `);
  };
  print(root, "");
  const all = jobsOf(root);
  const fees = sum(all.map((j) => j.fee));
  const payouts = new Map<bigint, bigint>();
  // A rejected or refunded job's payout went back to its parent or client: only completed jobs paid an agent.
  for (const j of all.filter((x) => x.status === "Completed")) {
    payouts.set(j.providerAgentId, (payouts.get(j.providerAgentId) ?? 0n) + j.payout);
  }
  w.line(
    `  = job fees ${formatOpen(fees)} + payouts ${formatOpen(sum(payouts.values()))}: ${formatOpen(fees + sum(payouts.values()))} ${check("job tree", fees + sum(payouts.values()), root.escrow)}`,
  );

  w.line("\n  the agents paid for inferences of their models out of what they earned, each naming its job:");
  const summaryInferences: MissionSummary["inferences"] = {};
  for (const j of all) {
    const label = agentName.get(j.providerAgentId)!;
    const list = trace.inferences.filter((i) => i.jobId === j.jobId);
    const spent = sum(list.map((i) => i.fee));
    const earned = j.status === "Completed" ? j.payout : 0n;
    const what = list.length === 0 ? "no inference" : `${list.length} inferences of model #${list[0].modelId}`;
    w.line(
      `    ${label.padEnd(22)} job #${j.jobId}  earned ${formatOpen(earned).padStart(12)}, paid ${formatOpen(spent).padStart(7)} for ${what}`,
    );
    if (list.length > 0) summaryInferences[j.jobId.toString()] = { count: list.length, fees: spent.toString() };
  }

  // The split of every inference, summed: the protocol and the stakers, each model and the ancestors it paid a
  // lineage royalty to, each datanet.
  const split = new Map<string, bigint>([
    ["treasury (protocol share)", 0n],
    ["stakers share", 0n],
  ]);
  const names = new Map<bigint, string>();
  for (const inf of trace.inferences) {
    add(split, "treasury (protocol share)", inf.protocol);
    add(split, "stakers share", inf.stakers);
    for (const m of inf.models) {
      if (!names.has(m.id)) {
        const [model, owner] = [await models.model(m.id), await models.ownerOf(m.id)];
        const card = /models\/([^/]+)\//.exec(model.cardURI)?.[1] ?? `model #${m.id}`;
        names.set(m.id, `#${m.id} ${card} (${w.names.get(owner) ?? owner})`);
      }
      const role = m.id === inf.modelId ? "model" : "  ↳ lineage royalty to its ancestor";
      add(split, `${role} ${names.get(m.id)}`, m.amount);
    }
    for (const cr of inf.datanets)
      add(split, `datanet ${cr.id === d.medical ? "medical-qa" : "code-review"}`, cr.amount);
  }
  const inferenceFees = sum(trace.inferences.map((i) => i.fee));
  w.line(`\n  the ${formatOpen(inferenceFees)} of inference fees went to:`);
  for (const [what, amount] of split) w.line(`    ${what.padEnd(60)} ${formatOpen(amount)}`);
  w.line(
    `    ${"".padEnd(60)} ${formatOpen(sum(split.values()))} ${check("inference split", sum(split.values()), inferenceFees)}`,
  );

  w.line("\n  the datanets' credits, through attribution epoch 2, to the contributors' claims:");
  const contributors = new Map<string, bigint>();
  for (const [i, label] of ["medical-qa", "code-review"].entries()) {
    const credited = split.get(`datanet ${label}`) ?? 0n;
    const [t1, t2] = [trees.epoch1[i], trees.epoch2[i]];
    w.line(`    ${label} ${formatOpen(credited)}:`);
    let allocated = 0n;
    for (const [account, entry] of Object.entries(t2.proofs)) {
      const fresh = BigInt(entry.cumulativeAmount) - BigInt(t1.proofs[account]?.cumulativeAmount ?? "0");
      if (fresh === 0n) continue;
      allocated += fresh;
      const name = w.names.get(account) ?? account;
      add(contributors, name, fresh);
      w.line(`      ${name.padEnd(20)} ${formatOpen(fresh)}`);
    }
    const dust = credited - allocated;
    const why =
      t2.allocation.policy === "inference-log"
        ? "the credit of the outputs that use none of its records, and rounding"
        : "rounding, for a later epoch";
    w.line(`      ${"left in the pool".padEnd(20)} ${formatOpen(dust)} (${why})`);
    if (dust < 0n) check(`${label} allocation`, allocated, credited);
  }

  const after = await snapshot(w, d, c);
  w.line("\n  what each account gained or lost, and what the contracts hold:");
  const balances: MissionSummary["balances"] = {};
  let net = 0n;
  for (const [address, was] of before.balances) {
    const delta = after.balances.get(address)! - was;
    if (delta === 0n) continue;
    const name = w.names.get(address) ?? "treasury (Timelock)";
    balances[name] = delta.toString();
    net += delta;
    w.line(`    ${name.padEnd(40)} ${sign(delta)}`);
  }
  const held: MissionSummary["held"] = {};
  for (const [what, was] of before.held) {
    const delta = after.held.get(what)! - was;
    if (delta === 0n) continue;
    held[what] = delta.toString();
    net += delta;
    w.line(`    ${what.padEnd(40)} ${sign(delta)}`);
  }
  w.line(
    `\n  everything above sums to ${formatOpen(net)}: ${net === 0n ? "the mission adds up to the unit ✓" : "MISMATCH"}`,
  );
  if (net !== 0n) throw new OpenLedgerError(`the mission's report does not add up: off by ${net} wei`);
  return {
    jobs: summaryJobs,
    inferences: summaryInferences,
    split: Object.fromEntries([...split].map(([k, v]) => [k, v.toString()])),
    contributors: Object.fromEntries([...contributors].map(([k, v]) => [k, v.toString()])),
    balances,
    held,
    rating: {
      count: jobs.rating.count.toString(),
      average: jobs.rating.average,
      totalWeight: jobs.rating.totalWeight.toString(),
    },
    addsUp: true,
  };
}
