/// The allocation file behind an attribution root (its `uri`): the leaves `(account, cumulativeAmount)` of the
/// `@openzeppelin/merkle-tree` standard tree that the root commits to. A file is used only if its leaves rebuild the
/// posted root and it names the same datanet and epoch; otherwise the root is indexed without leaves.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

export interface Leaf {
  account: `0x${string}`;
  cumulativeAmount: bigint;
}

export type LoadedAllocation =
  | { status: "loaded"; leaves: Leaf[] }
  | { status: "unavailable"; reason: string }
  | { status: "mismatch"; reason: string };

const FETCH_TIMEOUT_MS = 10_000;

async function readUri(uri: string): Promise<string> {
  if (uri.startsWith("file://")) return readFile(fileURLToPath(uri), "utf8");
  if (uri.startsWith("http://") || uri.startsWith("https://")) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  }
  throw new Error(`unsupported URI scheme: ${uri.split(":")[0]}`);
}

interface AllocationShape {
  datanetId?: unknown;
  epoch?: unknown;
  allocations?: Array<{ account?: unknown; cumulativeAmount?: unknown }>;
}

/// Reads and checks the allocation at `uri` (a tree file `{ allocation, root, … }` or a bare allocation).
export async function loadAllocation(
  uri: string,
  expected: { datanetId: bigint; epoch: bigint; root: string },
): Promise<LoadedAllocation> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readUri(uri));
  } catch (err: unknown) {
    return { status: "unavailable", reason: err instanceof Error ? err.message : String(err) };
  }
  const body = (parsed ?? {}) as { allocation?: AllocationShape } & AllocationShape;
  const alloc: AllocationShape = body.allocation ?? body;
  if (!Array.isArray(alloc.allocations)) return { status: "mismatch", reason: "no allocations" };
  if (String(alloc.datanetId) !== expected.datanetId.toString() || String(alloc.epoch) !== expected.epoch.toString()) {
    return { status: "mismatch", reason: `file is datanet ${alloc.datanetId} epoch ${alloc.epoch}` };
  }
  const leaves: Leaf[] = [];
  for (const entry of alloc.allocations) {
    if (typeof entry.account !== "string" || typeof entry.cumulativeAmount !== "string") {
      return { status: "mismatch", reason: "malformed leaf" };
    }
    leaves.push({
      account: entry.account.toLowerCase() as `0x${string}`,
      cumulativeAmount: BigInt(entry.cumulativeAmount),
    });
  }
  const root =
    leaves.length === 0
      ? undefined
      : StandardMerkleTree.of(
          leaves.map((l) => [l.account, l.cumulativeAmount.toString()]),
          ["address", "uint256"],
        ).root;
  if (root?.toLowerCase() !== expected.root.toLowerCase()) {
    return { status: "mismatch", reason: `leaves rebuild ${root ?? "no root"}` };
  }
  return { status: "loaded", leaves };
}
