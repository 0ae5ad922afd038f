/// `npm run bench`: runs every operation of the suite on the in-process network, records the receipt gasUsed of each
/// under its name in bench/gas.json (flat, sorted by name), adds the runtime code size of every deployable contract,
/// prints a table against bench/budgets.ts and exits 1 if any budgeted entry is over its budget. The conventions of
/// each entry (who acts, what state it starts from) are in docs/bench.md and in the table's footer.
///
/// It also measures the references of test/solidity/references/ in the same run (scripts/lib/bench/references.ts),
/// writes `ratio.<entry>` (the suite's gas / the reference's × 1,000) for each pair of bench/budgets.ts's REFERENCES,
/// prints them side by side and checks GAS_GOALS: a missed goal fails the run too, unless BENCH_GOALS=warn, which only
/// prints it.
///
/// Set BENCH_TRACE to a comma-separated list of names to print their opcode breakdown even when within budget; every
/// entry over budget gets one anyway.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import hre, { network } from "hardhat";
import { goalMode, referenceRatios } from "../bench/budgets.js";
import { getSuite, reportErrors, toJson } from "../tasks/lib/index.js";
import { benchAgents } from "./lib/bench/agents.js";
import { benchClaims } from "./lib/bench/claims.js";
import { benchContext } from "./lib/bench/context.js";
import { benchDatanets } from "./lib/bench/datanets.js";
import { benchGovernor } from "./lib/bench/governor.js";
import { benchModels } from "./lib/bench/models.js";
import { gas, record, txHashes } from "./lib/bench/record.js";
import { benchReferences } from "./lib/bench/references.js";
import { benchSettlement } from "./lib/bench/settlement.js";
import { measureSizes } from "./lib/bench/sizes.js";
import { benchStaking } from "./lib/bench/staking.js";
import { printReferences, printTable } from "./lib/bench/table.js";
import { benchToken } from "./lib/bench/token.js";
import { printBreakdown } from "./lib/bench/trace.js";
import { benchEngine } from "./bench-engine.js";
import { benchScale } from "./bench-scale.js";

const OUT_FILE = path.join(hre.config.paths.root, "bench", "gas.json");

/// The scenario, step by step (scripts/lib/bench/): each step measures its entries and sets up what the next ones
/// need.
async function main(): Promise<void> {
  // Read first: a wrong value fails before the long run.
  const goals = goalMode();
  const connection = await network.create();
  const b = await benchContext(connection, await getSuite(hre, { connection }));
  const contractNames = await measureSizes(b);
  await benchToken(b);
  await benchStaking(b);
  const delegates = await benchGovernor(b);
  const datanets = await benchDatanets(b);
  const models = await benchModels(b, datanets);
  const settle = await benchSettlement(b, models);
  const claimant = await benchClaims(b, datanets, models, settle);
  await benchAgents(b, models);
  // Last, so that it moves none of the figures above.
  await benchReferences(b, delegates, claimant);
  for (const [name, ratio] of Object.entries(referenceRatios(gas))) record(name, ratio);
  await report(connection, contractNames, goals);
}

/// Writes bench/gas.json (sorted by name), prints the tables and the breakdowns, and fails on any entry over budget
/// and, unless `goals` is "warn", on any missed goal.
async function report(
  connection: Parameters<typeof printBreakdown>[0],
  contractNames: Map<string, string>,
  goals: "fail" | "warn",
) {
  const sorted = Object.fromEntries(Object.entries(gas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, `${toJson(sorted)}\n`);

  const hardfork = "hardfork" in connection.networkConfig ? String(connection.networkConfig.hardfork) : "unknown";
  const failures = printTable(sorted, hardfork);
  const missedGoals = printReferences(sorted);
  const traced = new Set([...failures, ...(process.env.BENCH_TRACE ?? "").split(",").map((s) => s.trim())]);
  for (const name of [...traced].filter((n) => n !== "" && (txHashes[n]?.length ?? 0) > 0)) {
    await printBreakdown(connection, contractNames, name, txHashes[name]);
  }
  console.log(`\nwrote ${path.relative(hre.config.paths.root, OUT_FILE)}`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} over budget: ${failures.join(", ")}`);
    process.exitCode = 1;
  }
  if (missedGoals.length > 0) {
    const action =
      goals === "warn" ? "not failing the bench: BENCH_GOALS=warn" : "set BENCH_GOALS=warn to only print them";
    console.log(`\n${missedGoals.length} goal(s) missed (${action}): ${missedGoals.join(", ")}`);
    if (goals === "fail") process.exitCode = 1;
  }
  // Off-chain attribution at 10k contributors, into bench/perf.json (npm run bench:scale runs 100k and 1M too).
  if (benchScale(["10k"]).failures.length > 0) process.exitCode = 1;
  // The attribution engine at 10k records (npm run bench:engine runs 100k and 1M too).
  if (benchEngine(["10k"]).failures.length > 0) process.exitCode = 1;
}

await reportErrors(main);
