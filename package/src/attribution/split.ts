/// Pro-rata splits at the scale of millions of accounts: the same numbers as the attribution library's
/// `largestRemainder`, without its per-comparison string work or its per-account objects, so that allocating a
/// million contributors takes seconds. Pure and browser-safe.
///
/// The work is done on packed arrays: the accounts as 20-byte records, the order as a Uint32Array, the remainders'
/// order as doubles, and one bit per account for the unit it gets from the leftover. No bigint is kept per account:
/// an account's amount is `⌊total·w/W⌋` (plus its unit), computed again where it is written out.
import { orderByBytes, writeAddress } from "./merkle.js";
import type { LeafInput } from "./merkle.js";

/// A split, packed: the accounts with a positive weight (`keys`, `weights`, in the map's order), their address order,
/// and which of them get one unit of the leftover. `amountOf(i)` is account `i`'s part.
export interface PackedSplit {
  readonly count: number;
  readonly keys: readonly string[];
  readonly weights: readonly bigint[];
  /// Indices into `keys` in ascending address order.
  readonly byAddress: Uint32Array;
  /// 1 for each account that gets one unit of the leftover.
  readonly bump: Uint8Array;
  readonly total: bigint;
  readonly weightSum: bigint;
  amountOf(i: number): bigint;
}

/// Splits `total` over `weights` pro rata, exactly, into a `PackedSplit` (see `largestRemainderFast`).
export function splitPacked(total: bigint, weights: ReadonlyMap<string, bigint>): PackedSplit {
  if (total < 0n) throw new Error(`cannot split a negative amount (${total})`);
  const keys: string[] = [];
  const w: bigint[] = [];
  for (const [account, weight] of weights) {
    if (weight < 0n) throw new Error(`negative weight ${weight} for ${account}`);
    if (weight === 0n) continue;
    keys.push(account);
    w.push(weight);
  }
  const n = keys.length;
  // The addresses as bytes, sorted by their bytes: the numeric order, whatever the case of the keys.
  const bytes = new Uint8Array(n * 20);
  for (let i = 0; i < n; i++) writeAddress(keys[i], bytes, i * 20);
  const byAddress = orderByBytes(bytes, n, 20, 0, 20);
  for (let r = 1; r < n; r++) {
    const a = byAddress[r - 1] * 20;
    const b = byAddress[r] * 20;
    let same = true;
    for (let k = 0; k < 20 && same; k++) same = bytes[a + k] === bytes[b + k];
    if (same) throw new Error(`${keys[byAddress[r]]} is given twice`);
  }
  let weightSum = 0n;
  for (let i = 0; i < n; i++) weightSum += w[i];
  if (weightSum === 0n) throw new Error("cannot split an amount over no positive weight");
  // A remainder's share of the weight sum as a double orders almost every pair; exact bigints decide the rest.
  const approx = new Float64Array(n);
  const scale = Number(weightSum);
  let left = total;
  for (let i = 0; i < n; i++) {
    const product = total * w[i];
    const amount = product / weightSum;
    approx[i] = Number(product - amount * weightSum) / scale;
    left -= amount;
  }
  const bump = new Uint8Array(n);
  if (left > 0n) {
    // The `units` largest remainders get one unit each. The threshold is found on the doubles with the native sort;
    // only the accounts whose double is within 1e-9 of it (where a double may not tell two remainders apart) are
    // ordered exactly, by remainder, then address.
    const units = Number(left);
    const sorted = Float64Array.from(approx).sort();
    const threshold = sorted[n - units];
    let given = 0;
    const near: number[] = [];
    for (let i = 0; i < n; i++) {
      if (approx[i] > threshold + 1e-9) {
        bump[i] = 1;
        given++;
      } else if (approx[i] >= threshold - 1e-9) near.push(i);
    }
    if (given < units) {
      const rank = new Uint32Array(n);
      for (let r = 0; r < n; r++) rank[byAddress[r]] = r;
      near.sort((a, b) => {
        // The same weight is the same remainder; else the exact remainders.
        if (w[a] !== w[b]) {
          const ra = (total * w[a]) % weightSum;
          const rb = (total * w[b]) % weightSum;
          if (ra !== rb) return ra > rb ? -1 : 1;
        }
        return rank[a] - rank[b];
      });
      for (let k = 0; given < units; k++, given++) bump[near[k]] = 1;
    }
  }
  return {
    count: n,
    keys,
    weights: w,
    byAddress,
    bump,
    total,
    weightSum,
    amountOf: (i: number): bigint => (total * w[i]) / weightSum + BigInt(bump[i]),
  };
}

/// Splits `total` over `weights` pro rata, exactly: each account gets ⌊total·w/W⌋, and the units left over (fewer
/// than the number of accounts) go one each to the largest remainders, ties to the lower address. Accounts with a
/// zero weight are left out; the result is in ascending address order, keyed as `weights` is. The same result as
/// `largestRemainder` of the attribution library, which it is tested against. Throws on a negative total or weight,
/// on a key that is not an address, on an account given twice (in two cases), and when no weight is positive.
export function largestRemainderFast(total: bigint, weights: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const split = splitPacked(total, weights);
  const out = new Map<string, bigint>();
  for (const i of split.byAddress) out.set(split.keys[i], split.amountOf(i));
  return out;
}

/// The leaves of a split, straight from the packed form: every account with a positive amount, in address order,
/// keyed as `weights` is, amounts as decimal strings. The same as `leavesOf(largestRemainderFast(total, weights))`
/// without the map in between.
export function splitLeaves(
  total: bigint,
  weights: ReadonlyMap<string, bigint>,
): Array<{ account: string; cumulativeAmount: string }> {
  const split = splitPacked(total, weights);
  const out: Array<{ account: string; cumulativeAmount: string }> = [];
  for (const i of split.byAddress) {
    const amount = split.amountOf(i);
    if (amount > 0n) out.push({ account: split.keys[i], cumulativeAmount: amount.toString(10) });
  }
  return out;
}

/// The leaves of a split: every account with a positive amount, in the split's (address) order.
export function leavesOf(amounts: ReadonlyMap<string, bigint>): LeafInput[] {
  const out: LeafInput[] = [];
  for (const [account, amount] of amounts)
    if (amount > 0n) out.push({ account, cumulativeAmount: amount.toString(10) });
  return out;
}
