/// The bench's table against bench/budgets.ts, its flat pairs, and the conventions of each entry.
import {
  allBudgets,
  EIP170_LIMIT,
  FLAT_PAIRS,
  GAS_BUDGETS,
  GAS_GOALS,
  REFERENCES,
  OPEN_BUDGETS,
  RULE_BOUNDS,
} from "../../../bench/budgets.js";
import { CLAIM_TREE_LEAVES } from "./inputs.js";
import { fmt, timings } from "./record.js";

/// Whether an entry of bench/gas.json is a reference's (`ref.`) or a ratio (`ratio.`): printReferences shows those.
const isSideBySide = (name: string): boolean => name.startsWith("ref.") || name.startsWith("ratio.");

/// Prints the rows of a table, the first column left-aligned, the others right-aligned.
function printRows(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  console.log(`\n${line(rows[0])}`);
  console.log(widths.map((w) => "─".repeat(w)).join("  "));
  for (const r of rows.slice(1)) console.log(line(r));
}

/// Prints the table and returns the names that fail: over budget, or out of a flat pair's tolerance.
export function printTable(sorted: Record<string, number>, hardfork: string): string[] {
  const budgets = allBudgets(sorted);
  const failures: string[] = [];
  const rows: string[][] = [["name", "gas", "budget", "margin", ""]];
  for (const [name, value] of Object.entries(sorted)) {
    if (isSideBySide(name)) continue;
    const budget = budgets[name];
    if (budget === undefined) {
      rows.push([name, fmt(value), "–", "–", ""]);
      continue;
    }
    const isSize = name.startsWith("size.");
    const ok = value <= budget;
    const open = !ok && OPEN_BUDGETS[name] !== undefined;
    if (!ok && !open) failures.push(name);
    const limit = isSize ? `< ${fmt(EIP170_LIMIT)}` : fmt(budget);
    const margin = (isSize ? EIP170_LIMIT : budget) - value;
    const percent = ((margin / (isSize ? EIP170_LIMIT : budget)) * 100).toFixed(1);
    rows.push([name, fmt(value), limit, `${fmt(margin)} (${percent}%)`, ok ? "✓" : open ? "open" : "✗"]);
  }
  printRows(rows);
  for (const name of Object.keys(OPEN_BUDGETS)) {
    if (sorted[name] !== undefined && sorted[name] > budgets[name]) {
      console.log(`open: ${name} is over its budget, not yet met: ${OPEN_BUDGETS[name]}`);
    }
  }

  for (const { a, b, maxRelativeDiff } of FLAT_PAIRS) {
    const diff = Math.abs(sorted[a] - sorted[b]) / Math.min(sorted[a], sorted[b]);
    const ok = diff <= maxRelativeDiff;
    console.log(
      `\n${a} vs ${b}: ${fmt(sorted[a])} vs ${fmt(sorted[b])}, ${(diff * 100).toFixed(2)}% apart ` +
        `(limit ${(maxRelativeDiff * 100).toFixed(0)}%) ${ok ? "✓" : "✗"}`,
    );
    if (!ok) failures.push(`${a} vs ${b}`);
  }
  console.log(footer(hardfork));
  if (timings.length > 0) console.log(`\nMerkle trees built off-chain:\n  ${timings.join("\n  ")}`);
  return failures;
}

/// Prints the suite side by side with the references, and the goals (bench/budgets.ts's REFERENCES and GAS_GOALS):
/// one row per reference of an entry, and one per entry with a goal and no reference. The ratio is the suite's gas
/// per 1,000 gas of the reference's, as `ratio.<entry>` in bench/gas.json. Returns the goals missed, by name.
export function printReferences(sorted: Record<string, number>): string[] {
  const missed: string[] = [];
  const heldByRule: string[] = [];
  const check = (name: string): string => {
    const goal = GAS_GOALS[name];
    const value = sorted[name];
    if (goal === undefined) return "";
    const kind = name.startsWith("ratio.") ? "ratio" : "gas";
    const ruled = RULE_BOUNDS[name];
    if (value !== undefined && value > goal && ruled !== undefined && value <= ruled.bound) {
      heldByRule.push(name);
      return `${kind} ≤ ${fmt(goal)} (rule: ≤ ${fmt(ruled.bound)})`;
    }
    if (value === undefined || value > goal) missed.push(name);
    return `${kind} ≤ ${fmt(goal)}`;
  };
  const rows: string[][] = [["entry", "this suite", "reference", "ratio", "goal", ""]];
  const withReference = new Set(REFERENCES.map((r) => r.entry));
  const shown = new Set<string>();
  const row = (entry: string, reference?: { name: string; ratio: boolean }): void => {
    const before = missed.length;
    const ruledBefore = heldByRule.length;
    // An entry's own gas goal goes on its first row only.
    const goals = [shown.has(entry) ? "" : check(entry), reference?.ratio ? check(`ratio.${entry}`) : ""];
    shown.add(entry);
    const value = sorted[entry];
    const ref = reference === undefined ? undefined : sorted[reference.name];
    const ratio =
      value !== undefined && ref !== undefined
        ? ((reference?.ratio === true ? sorted[`ratio.${entry}`] : undefined) ?? Math.round((value / ref) * 1000))
        : undefined;
    const goal = goals.filter((g) => g !== "").join(", ");
    const mark = missed.length > before ? "✗" : heldByRule.length > ruledBefore ? "rule" : "✓";
    rows.push([
      entry,
      value === undefined ? "–" : fmt(value),
      reference === undefined ? "–" : `${reference.name} ${ref === undefined ? "–" : fmt(ref)}`,
      ratio === undefined ? "–" : fmt(ratio),
      goal === "" ? "–" : goal,
      goal === "" ? "" : mark,
    ]);
  };
  for (const name of Object.keys(GAS_GOALS)) {
    if (!name.startsWith("ratio.") && !withReference.has(name)) row(name);
  }
  for (const { entry, reference, ratio } of REFERENCES) row(entry, { name: reference, ratio });
  printRows(rows);
  console.log(
    "ratio: the suite's gas per 1,000 gas of the reference's (ratio.<entry> in bench/gas.json); references in " +
      "test/solidity/references/, measured in this run (docs/bench.md).",
  );
  for (const name of heldByRule) {
    console.log(
      `rule: ${name} misses its goal, held within ${fmt(RULE_BOUNDS[name].bound)} by ${RULE_BOUNDS[name].rule}`,
    );
  }
  return missed;
}

const footer = (hardfork: string): string => `
Receipt gasUsed on the in-process network (hardfork ${hardfork}); sizes are runtime bytes. Budgets: ${Object.keys(GAS_BUDGETS).length} gas entries + sizes; entries with budget "–" are informational.
Conventions (docs/bench.md has them all):
- open.transfer: to an account holding no OPEN; open.permit: the owner's first permit, sent by the spender.
- gopen.*: each a first-time action of a fresh account (it holds OPEN besides its stake) in a pool that already has
  stakers and a running stream of rewards (reward per token > 0, a push queued behind it); requestWithdrawal is by a
  staker that never delegated (.delegated: one that self-delegated), with rewards streamed to it since its stake;
  claimRewards is its first claim.
- governor.castVote: mean of five delegates' first votes on one proposal (one call, setCooldown); castVoteBySig by a
  sixth delegate, relayed; queue after success; execute after the timelock delay. castVote.lateQuorum: the third of
  three equal voters, whose For vote reaches quorum inside the late window (the first two stay below it).
- datanet.contribute: first-time contributor, curated datanet without bond (pending), 71-char ipfs URI;
  .open: open datanet (accepted, contributor totals updated); .bonded: curated with a 10 OPEN bond.
- datanet.review10: 10 pending contributions of 5 contributors who each have an accepted one, accepted with weights;
  .newContributors: 10 contributors with none accepted before. contributeRoot: one root for 100,000 records.
- model.register: a first-time builder, parent model, two training datanets; publishVersion: its second version.
- settle.*: steady state (an earlier settlement credited the same pools), payer pays by a finite allowance.
  single/contributors10/contributors100000: one datanet, no parent; lineage: a child (parent + two datanets).
  batch100.perInference: a settleBatch of 100 inferences of one model / 100; batch100mixed: base and child alternating.
- claim.depth20: proof of length 20 from a ${fmt(CLAIM_TREE_LEAVES)}-leaf StandardMerkleTree; steady state (the account claimed
  in epoch 1, claims its epoch-2 cumulative amount); .firstClaim: its first claim. claim.multi5: claimMany over five
  datanets, each proof of length 20, steady state (.firstClaim: the epoch-1 claim). postRoot: epoch 2 of a datanet whose
  epoch-1 root is active, by its bonded attestor; activateRoot: after the challenge window.
- agent.register: 60-byte URI, the operator's second agent (.first: its first); budget.settleFor: the wallet's second
  settleFor in the budget's period; job.*: a second client's job, its first child, both completed; feedback.give: a
  new client's rating of an agent already rated under the same tags.`;
