/// The gas margin, as a pure rule: the limit a transaction is sent with, from its estimate. The ethers client applies
/// it through `withGasMargin` (gas.ts), the viem entry through its actions; both send every transaction this way.

/// The margin added to every estimate: `percent` of it, and at least `floor` gas. The floor covers the small
/// transactions, where a quarter of the estimate is less than the cost of one fresh storage slot (22,100 gas for a
/// cold zero-to-nonzero write) and of a checkpoint pushed instead of updated. The limit never exceeds `cap`, the
/// largest gas limit a transaction may carry since EIP-7825 (2^24), unless the estimate itself does.
export const GAS_MARGIN = { percent: 25n, floor: 50_000n, cap: 16_777_216n } as const;

/// The gas limit to send a transaction with, from its estimate: the estimate plus max(25%, 50,000 gas), capped at
/// 2^24 but never below the estimate.
export function gasLimitFor(estimate: bigint): bigint {
  if (estimate < 0n) throw new RangeError(`a gas estimate cannot be negative (${estimate.toString()})`);
  const proportional = (estimate * GAS_MARGIN.percent) / 100n;
  const limit = estimate + (proportional > GAS_MARGIN.floor ? proportional : GAS_MARGIN.floor);
  if (limit <= GAS_MARGIN.cap) return limit;
  return estimate > GAS_MARGIN.cap ? estimate : GAS_MARGIN.cap;
}
