/// What the bench measured: receipt gasUsed per entry name, the transactions behind each, and the timings of the
/// off-chain steps (Merkle trees).
import { performance } from "node:perf_hooks";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";

export const gas: Record<string, number> = {};
export const txHashes: Record<string, string[]> = {};
export const timings: string[] = [];

export const fmt = (n: number): string => n.toLocaleString("en-US");

export function record(name: string, value: number, hashes: string[] = []): void {
  if (name in gas) throw new Error(`bench entry ${name} recorded twice`);
  gas[name] = value;
  txHashes[name] = hashes;
}

/// Waits for a transaction and returns its receipt gasUsed and hash; throws if it reverted.
export async function mined(sent: Promise<ContractTransactionResponse>): Promise<{ gasUsed: number; hash: string }> {
  const tx = await sent;
  const receipt = await tx.wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`transaction ${tx.hash} failed`);
  return { gasUsed: Number(receipt.gasUsed), hash: tx.hash };
}

/// Sends a transaction that is part of the set-up, not measured.
export async function run(sent: Promise<ContractTransactionResponse>): Promise<void> {
  await mined(sent);
}

/// Sends the transaction of one bench entry and records its receipt gasUsed.
export async function measure(name: string, sent: Promise<ContractTransactionResponse>): Promise<number> {
  const { gasUsed, hash } = await mined(sent);
  record(name, gasUsed, [hash]);
  return gasUsed;
}

/// Times a synchronous step (building a Merkle tree) and keeps the timing for the report.
export function timed<T>(label: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const seconds = (performance.now() - start) / 1000;
  timings.push(`${label}: ${seconds.toFixed(1)} s`);
  console.log(`  ${label}: ${seconds.toFixed(1)} s`);
  return result;
}

/// Records the receipt of a transaction that an SDK action sent and waited for.
export function measureReceipt(name: string, receipt: ContractTransactionReceipt): number {
  const gasUsed = Number(receipt.gasUsed);
  record(name, gasUsed, [receipt.hash]);
  return gasUsed;
}
