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
};

/// Pairs of entries that must stay within `maxRelativeDiff` of each other: settlement must not depend on how many
/// contributors a datanet has.
export const FLAT_PAIRS: ReadonlyArray<{ a: string; b: string; maxRelativeDiff: number }> = [
  { a: "settle.contributors10", b: "settle.contributors100000", maxRelativeDiff: 0.01 },
];

/// Every budget of bench/gas.json, gas and sizes: name → the largest value that passes.
export function allBudgets(): Record<string, number> {
  const budgets: Record<string, number> = { ...GAS_BUDGETS };
  for (const name of DEPLOYABLE_CONTRACTS) budgets[`size.${name}`] = EIP170_LIMIT - 1;
  return budgets;
}
