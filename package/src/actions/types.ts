/// What every action shares: its options and the shape of what a write action returns.
import type { ContractTransactionReceipt } from "ethers";

/// A step of a long action, for a tool to print as it happens (`approving 5 OPEN`, `writing shard 3 of 16`).
export interface Progress {
  /// What the action is doing now, one short line.
  message: string;
  /// The step number and the number of steps, when the action knows them.
  step?: number;
  total?: number;
}

/// Options that every action takes.
export interface ActionOptions {
  /// Called before each step that sends a transaction or takes long. Nothing is printed without it.
  onProgress?: (progress: Progress) => void;
}

/// What a write action returns: the receipt of its main transaction and the event it emitted, decoded.
export interface WriteResult<E> {
  /// The main transaction's receipt (mined, status 1).
  receipt: ContractTransactionReceipt;
  /// The decoded event that says what happened, typed from typechain's `<Event>Event.OutputObject`.
  event: E;
  /// The hash of an approval the action sent first, if it had to.
  approval?: string;
}
