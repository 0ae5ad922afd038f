/// Pro-rata splits at the scale of millions of accounts: the same numbers as the attribution library's
/// `largestRemainder`, without its per-comparison string work, so that allocating a million contributors takes
/// seconds. Pure and browser-safe.
import { orderByBytes, writeAddress } from "./merkle.js";
import type { LeafInput } from "./merkle.js";

/// Splits `total` over `weights` pro rata, exactly: each account gets ⌊total·w/W⌋, and the units left over (fewer
/// than the number of accounts) go one each to the largest remainders, ties to the lower address. Accounts with a
/// zero weight are left out; the result is in ascending address order, keyed as `weights` is. The same result as
/// `largestRemainder` of the attribution library, which it is tested against. Throws on a negative total or weight,
/// on a key that is not an address, on an account given twice (in two cases), and when no weight is positive.
export function largestRemainderFast(total: bigint, weights: ReadonlyMap<string, bigint>): Map<string, bigint> {
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
  const amount: bigint[] = new Array<bigint>(n);
  const remainder: bigint[] = new Array<bigint>(n);
  // A remainder's share of the weight sum as a double orders almost every pair; exact bigints decide the rest.
  const approx = new Float64Array(n);
  const scale = Number(weightSum);
  let left = total;
  for (let i = 0; i < n; i++) {
    const product = total * w[i];
    amount[i] = product / weightSum;
    remainder[i] = product % weightSum;
    approx[i] = Number(remainder[i]) / scale;
    left -= amount[i];
  }
  if (left > 0n) {
    // Rank of each account in address order, for the ties.
    const rank = new Uint32Array(n);
    for (let r = 0; r < n; r++) rank[byAddress[r]] = r;
    const byRemainder = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      const d = approx[b] - approx[a];
      if (Math.abs(d) > 1e-9) return d;
      if (remainder[a] !== remainder[b]) return remainder[a] > remainder[b] ? -1 : 1;
      return rank[a] - rank[b];
    });
    for (let k = 0; left > 0n; k++, left -= 1n) amount[byRemainder[k]] += 1n;
  }
  const out = new Map<string, bigint>();
  for (const i of byAddress) out.set(keys[i], amount[i]);
  return out;
}

/// The leaves of a split: every account with a positive amount, in the split's (address) order.
export function leavesOf(amounts: ReadonlyMap<string, bigint>): LeafInput[] {
  const out: LeafInput[] = [];
  for (const [account, amount] of amounts)
    if (amount > 0n) out.push({ account, cumulativeAmount: amount.toString(10) });
  return out;
}
