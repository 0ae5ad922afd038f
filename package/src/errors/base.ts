/// The parts of the error module that depend on no library: the one error class, what a Panic code means, and the
/// small rules that both decoders (ethers' in decode.ts, viem's in viem/decodeError.ts) share.
/// What a Solidity `Panic(uint256)` code means (Solidity docs, "Panic via assert and Error via require").
export const PANIC_CODES: Readonly<Record<number, string>> = {
  0x00: "generic compiler panic",
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division or modulo by zero",
  0x21: "invalid enum value",
  0x22: "incorrectly encoded storage byte array",
  0x31: "pop() on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory (allocation too large)",
  0x51: "call to a zero-initialized internal function",
};

/// A failure that the client itself detected (unknown chain, no code at an address, a malformed tree file): its
/// message is already the one line to show.
export class OpenLedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OpenLedgerError";
  }
}

/// `Panic(0x11: arithmetic overflow or underflow)`.
export function formatPanic(code: bigint): string {
  const meaning = code <= BigInt(Number.MAX_SAFE_INTEGER) ? PANIC_CODES[Number(code)] : undefined;
  return `Panic(0x${code.toString(16).padStart(2, "0")}: ${meaning ?? "unknown panic code"})`;
}

/// The first non-blank line of a text, trimmed.
export function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? text.trim()
  );
}

/// True when a failed transaction that used `gasUsed` of `gasLimit` ran out of gas: it used all of it, or all but
/// the 1/64 that the EVM keeps back from a nested call (EIP-150) which then ran out and made its caller revert.
export function ranOutOfGas(gasUsed: bigint, gasLimit: bigint): boolean {
  return gasLimit > 0n && gasUsed >= gasLimit - gasLimit / 64n;
}
