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
