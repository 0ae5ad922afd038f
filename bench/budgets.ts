/// The gas budgets of `npm run bench` (docs/bench.md, and the cost table of the design). A figure is within budget
/// when it is at most `max`; a size is within budget when it is at most `max` too, which for the EIP-170 limit of
/// 24,576 bytes is written as 24,575 (sizes must stay strictly below the limit).

import { CONTRACT_NAMES } from "../package/src/contracts.js";

/// EIP-170: the largest runtime code a contract may have, in bytes. A deployable contract must stay below it.
export const EIP170_LIMIT = 24_576;

/// The contracts that the deploy module deploys, from the SDK's table of the suite: each gets a `size.<Contract>` entry.
export const DEPLOYABLE_CONTRACTS = CONTRACT_NAMES;

/// Receipt gasUsed budgets, by name in bench/gas.json.
export const GAS_BUDGETS: Readonly<Record<string, number>> = {
  "open.transfer": 55_000,
  "open.permit": 80_000,
  "gopen.stake": 120_000,
  "gopen.requestWithdrawal": 120_000,
  "gopen.withdraw": 120_000,
  "gopen.claimRewards": 120_000,
  "gopen.delegate": 95_552,
  "governor.propose": 262_000,
  "governor.castVote": 73_000,
  "governor.castVoteBySig": 100_000,
  "governor.queue": 147_097,
  "datanet.create": 250_000,
  "datanet.contribute": 80_000,
  "datanet.contributeRoot": 100_000,
  "datanet.review10": 150_000,
  "datanet.publishVersion": 60_000,
  "model.register": 300_000,
  "model.publishVersion": 100_000,
  "settle.single": 100_000,
  "settle.contributors10": 100_000,
  "settle.contributors100000": 100_000,
  "settle.batch100.perInference": 10_000,
  "claim.depth20": 80_000,
  "claim.multi5": 250_000,
  "attribution.postRoot": 150_000,
  "agent.register": 110_000,
  "job.createAndFund": 150_000,
  "job.subcontract": 120_000,
  "job.complete": 80_000,
};

/// Budgets set relative to another entry of the same run: `entry` may cost at most `base`'s gas plus `plus`. Settling
/// under a spending budget costs at most 12,000 more than a plain settlement.
export const RELATIVE_BUDGETS: Readonly<Record<string, { base: string; plus: number }>> = {
  "budget.settleFor": { base: "settle.single", plus: 12_000 },
};

/// Budgets that the suite does not meet yet, each with what stands in the way: an entry over such a budget is printed
/// as `open` and does not fail the bench, so that the figure stays in view until the work that brings it down lands.
/// Every other budget fails the bench when it is exceeded.
export const OPEN_BUDGETS: Readonly<Record<string, string>> = {};

/// Pairs of entries that must stay within `maxRelativeDiff` of each other: settlement must not depend on how many
/// contributors a datanet has.
export const FLAT_PAIRS: ReadonlyArray<{ a: string; b: string; maxRelativeDiff: number }> = [
  { a: "settle.contributors10", b: "settle.contributors100000", maxRelativeDiff: 0.01 },
];

/// The references measured in the same run (test/solidity/references/, scripts/lib/bench/references.ts), each next to
/// the suite's entry it is a yardstick for. With `ratio: true`, bench/gas.json gets `ratio.<entry>` = the suite's gas
/// divided by the reference's, times 1,000, rounded to an integer; the others are shown side by side only.
export const REFERENCES: ReadonlyArray<{ entry: string; reference: string; ratio: boolean }> = [
  { entry: "claim.depth20.firstClaim", reference: "ref.urd.claim.depth20.firstClaim", ratio: true },
  { entry: "claim.depth20.firstClaim", reference: "ref.merkleDistributor.claim.depth20", ratio: false },
  { entry: "claim.depth20", reference: "ref.urd.claim.depth20", ratio: true },
  { entry: "governor.propose", reference: "ref.governor.propose", ratio: true },
  { entry: "governor.castVote.lateQuorum", reference: "ref.governor.castVote.quorum", ratio: true },
  { entry: "governor.castVote", reference: "ref.governor.castVote", ratio: true },
];

/// The gas goals, by name in bench/gas.json (gas entries and `ratio.` entries): a figure meets its goal
/// when it is at most the goal, or, for a goal that a rule keeps out of reach, at most its RULE_BOUNDS bound. They are
/// checked like the budgets but apart from them: unset, or `BENCH_GOALS=fail`, a missed goal fails the bench as a
/// budget overrun does; `BENCH_GOALS=warn` only prints it.
export const GAS_GOALS: Readonly<Record<string, number>> = {
  "settle.single": 72_000,
  "settle.batch100.perInference": 6_500,
  "claim.depth20.firstClaim": 78_000,
  "ratio.claim.depth20.firstClaim": 1_000,
  "ratio.claim.depth20": 1_000,
  "ratio.governor.propose": 1_050,
  "ratio.governor.castVote.lateQuorum": 1_050,
  "ratio.governor.castVote": 1_000,
  "feedback.give": 80_000,
};

/// The goals that a rule of the design keeps out of reach (docs/bench.md, "Floors", reasons each one): the rule, and the
/// most the figure may be while the rule stands (its floor plus the execution measured). A goal missed within its
/// rule's bound is printed as held by that rule and does not fail the bench; beyond the bound, it fails as any missed
/// goal does, so that the figure cannot drift up unnoticed.
export const RULE_BOUNDS: Readonly<Record<string, { bound: number; rule: string }>> = {
  "claim.depth20.firstClaim": {
    bound: 80_600,
    rule: "invariant 3 (claimed ≤ active total ≤ accrued): every claim writes its datanet's claimed total",
  },
  "ratio.governor.castVote.lateQuorum": {
    bound: 1_250,
    rule: "late-quorum protection: the vote that reaches quorum late reads the extension, the tally and the quorum, and moves the deadline",
  },
  "ratio.governor.castVote": {
    bound: 1_035,
    rule: "late-quorum protection: every vote reads the governance-set extension (2,100)",
  },
  "feedback.give": {
    bound: 81_500,
    rule:
      "payment-backed feedback without self-feedback: the job's proof of payment and the owner/operator refusal are " +
      "two cold calls reading four cold slots (13,600), beside the new record, the running summary and the event",
  },
};

/// How a missed goal is reported, from `BENCH_GOALS`: `fail` (the default) fails the bench, `warn` only prints it.
export function goalMode(value: string | undefined = process.env.BENCH_GOALS): "fail" | "warn" {
  if (value === undefined || value === "" || value === "fail") return "fail";
  if (value === "warn") return "warn";
  throw new Error(`BENCH_GOALS must be "fail" or "warn", not "${value}"`);
}

/// `ratio.<entry>` of every reference that has one and was measured: round(entry / reference × 1,000).
export function referenceRatios(gas: Readonly<Record<string, number>>): Record<string, number> {
  const ratios: Record<string, number> = {};
  for (const { entry, reference, ratio } of REFERENCES) {
    if (ratio && gas[entry] !== undefined && gas[reference] !== undefined) {
      ratios[`ratio.${entry}`] = Math.round((gas[entry] / gas[reference]) * 1000);
    }
  }
  return ratios;
}

/// Every budget of bench/gas.json, gas and sizes: name → the largest value that passes. The relative budgets come from
/// `gas`, the run's figures, when their base was measured.
export function allBudgets(gas: Readonly<Record<string, number>> = {}): Record<string, number> {
  const budgets: Record<string, number> = { ...GAS_BUDGETS };
  for (const [name, { base, plus }] of Object.entries(RELATIVE_BUDGETS)) {
    if (gas[base] !== undefined) budgets[name] = gas[base] + plus;
  }
  for (const name of DEPLOYABLE_CONTRACTS) budgets[`size.${name}`] = EIP170_LIMIT - 1;
  return budgets;
}
