/// What the SDK's unit tests share: the errors that ethers throws, made without a node.
import { makeError, ZeroAddress } from "ethers";

/// ethers' error for a reverted call whose revert data is `data`, as a contract method throws it.
export function callException(data: string): Error {
  return makeError("execution reverted", "CALL_EXCEPTION", {
    action: "call",
    data,
    reason: null,
    invocation: null,
    revert: null,
    transaction: { to: ZeroAddress, from: ZeroAddress, data: "0x" },
  });
}

/// Runs `fn`, which must reject, and returns what it threw.
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err: unknown) {
    return err;
  }
  throw new Error("expected a rejection");
}

/// A seeded stream of 32-bit numbers (xorshift32), and an integer below `m` from it.
export function seeded(seed: number): { next: () => number; below: (m: number) => number } {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  return { next, below: (m: number) => next() % m };
}
