/// Pro-rata splits at the scale of millions of accounts: the same numbers as the attribution library's
/// `largestRemainder`, without its per-comparison string work, so that allocating a million contributors takes
/// seconds. Pure and browser-safe.
import type { LeafInput } from "./merkle.js";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/// Splits `total` over `weights` pro rata, exactly: each account gets ⌊total·w/W⌋, and the units left over (fewer
/// than the number of accounts) go one each to the largest remainders, ties to the lower address. Accounts with a
/// zero weight are left out; the result is in ascending address order, keyed as `weights` is. The same result as
/// `largestRemainder` of the attribution library, which it is tested against. Throws on a negative total or weight,
/// on a key that is not an address, on an account given twice (in two cases), and when no weight is positive.
export function largestRemainderFast(total: bigint, weights: ReadonlyMap<string, bigint>): Map<string, bigint> {
  if (total < 0n) throw new Error(`cannot split a negative amount (${total})`);
  const keys: string[] = [];
  const lower: string[] = [];
  const w: bigint[] = [];
  for (const [account, weight] of weights) {
    if (weight < 0n) throw new Error(`negative weight ${weight} for ${account}`);
    if (!ADDRESS.test(account)) throw new Error(`${JSON.stringify(account)} is not an address`);
    if (weight === 0n) continue;
    keys.push(account);
    lower.push(account.toLowerCase());
    w.push(weight);
  }
  const n = keys.length;
  // Equal-length lowercase hex: the string order is the numeric order of the addresses.
  const byAddress = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    lower[a] < lower[b] ? -1 : lower[a] > lower[b] ? 1 : 0,
  );
  for (let r = 1; r < n; r++) {
    if (lower[byAddress[r]] === lower[byAddress[r - 1]]) throw new Error(`${keys[byAddress[r]]} is given twice`);
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
