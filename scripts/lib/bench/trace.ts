/// The opcode breakdown of a measured transaction (for entries over budget, or named in BENCH_TRACE): gas by opcode,
/// each step charged only its own cost, and storage reads and writes by contract.
import type { network } from "hardhat";
import { fmt } from "./record.js";

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
}

/// The gas of each step, charged only its own cost: for a call, what the caller lost less what the callee used (the
/// callee's steps are counted on their own).
function selfCosts(logs: StructLog[]): number[] {
  return logs.map((log, i) => {
    const next = logs[i + 1];
    if (next === undefined || next.depth < log.depth) return log.gasCost;
    if (next.depth === log.depth) return log.gas - next.gas;
    let j = i + 1;
    while (j < logs.length && logs[j].depth > log.depth) j++;
    const lastInCallee = logs[j - 1];
    const calleeUsed = next.gas - (lastInCallee.gas - lastInCallee.gasCost);
    const after = logs[j];
    return after !== undefined && after.depth === log.depth ? log.gas - after.gas - calleeUsed : log.gasCost;
  });
}

/// The address whose storage each step works on: a CALL or STATICCALL enters its target, a DELEGATECALL stays.
function storageContexts(logs: StructLog[], to: string): string[] {
  const frames = [to.toLowerCase()];
  return logs.map((log, i) => {
    while (frames.length > log.depth) frames.pop();
    const current = frames[frames.length - 1];
    const next = logs[i + 1];
    if (next !== undefined && next.depth > log.depth) {
      const word = log.stack?.[log.stack.length - 2] ?? "";
      const entersTarget = log.op === "CALL" || log.op === "STATICCALL";
      frames.push(entersTarget ? `0x${word.replace(/^0x/, "").padStart(40, "0").slice(-40)}` : current);
    }
    return current;
  });
}

export async function printBreakdown(
  connection: Awaited<ReturnType<typeof network.create>>,
  names: Map<string, string>,
  name: string,
  hashes: string[],
): Promise<void> {
  for (const hash of hashes) {
    const trace = (await connection.provider.request({
      method: "debug_traceTransaction",
      params: [hash, { disableMemory: true, disableStorage: true }],
    })) as { structLogs: StructLog[] };
    const tx = await connection.ethers.provider.getTransaction(hash);
    const receipt = await connection.ethers.provider.getTransactionReceipt(hash);
    const logs = trace.structLogs;
    const costs = selfCosts(logs);
    const contexts = storageContexts(logs, tx?.to ?? "");
    const byOp = new Map<string, number>();
    const storage = new Map<string, { reads: number; readGas: number; writes: number; writeGas: number }>();
    logs.forEach((log, i) => {
      byOp.set(log.op, (byOp.get(log.op) ?? 0) + costs[i]);
      if (log.op !== "SLOAD" && log.op !== "SSTORE") return;
      const where = names.get(contexts[i]) ?? contexts[i];
      const entry = storage.get(where) ?? { reads: 0, readGas: 0, writes: 0, writeGas: 0 };
      if (log.op === "SLOAD") {
        entry.reads++;
        entry.readGas += costs[i];
      } else {
        entry.writes++;
        entry.writeGas += costs[i];
      }
      storage.set(where, entry);
    });
    const executed = costs.reduce((a, b) => a + b, 0);
    const rows = [...byOp.entries()].sort((a, b) => b[1] - a[1]);
    console.log(`\n  opcode breakdown of ${name} (tx ${hash}):`);
    for (const [op, cost] of rows.slice(0, 12)) console.log(`    ${op.padEnd(16)} ${fmt(cost).padStart(9)}`);
    const rest = rows.slice(12).reduce((a, [, c]) => a + c, 0);
    console.log(`    ${"(other ops)".padEnd(16)} ${fmt(rest).padStart(9)}`);
    const gasUsed = receipt === null ? 0 : Number(receipt.gasUsed);
    console.log(`    ${"executed".padEnd(16)} ${fmt(executed).padStart(9)}`);
    console.log(
      `    ${"intrinsic + data".padEnd(16)} ${fmt(gasUsed - executed).padStart(9)}  (21,000 + calldata, less refunds)`,
    );
    console.log("    storage by contract:");
    for (const [where, e] of storage) {
      console.log(
        `      ${where.padEnd(18)} ${String(e.reads).padStart(3)} SLOAD ${fmt(e.readGas).padStart(7)}` +
          `   ${String(e.writes).padStart(2)} SSTORE ${fmt(e.writeGas).padStart(7)}`,
      );
    }
  }
}
