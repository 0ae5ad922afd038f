/// What the datanet versions change: each contributor's epoch-1 earnings split by the model whose inferences paid
/// them. Contributor 6 joined after version 1, so the base model (trained on version 1) pays it nothing, while the
/// child (trained on version 2) does; the parts add up to each contributor's allocation, to the unit.
import { inferenceLogAllocation, proRataAllocation } from "../../../package/src/index.js";
import { versionContributors } from "../../../package/src/actions/attribution/contributionWeights.js";
import { clientFor, formatOpen, OpenLedgerError } from "../../../tasks/lib/index.js";
import type { Epoch1 } from "./epochs.js";
import type { Models } from "./models.js";
import type { Settled } from "./settle.js";
import { section } from "./world.js";
import type { World } from "./world.js";

/// Wei per contributor name and model, as decimal strings.
export type EarningsByModel = Record<string, { base: string; child: string }>;

/// The earnings of one datanet's epoch-1 allocation from the settlements of `modelId` alone.
async function fromModel(w: World, e: Epoch1, s: Settled, modelId: bigint): Promise<Map<string, bigint>> {
  const datanetId = BigInt(e.allocation.datanetId);
  const settled = e.settled.filter((x) => x.modelId === modelId);
  const versions = settled.flatMap((x) => x.credits.map((c) => c.version));
  const reader = clientFor(w.suite, w.suite.connection.ethers.provider);
  const contributors = await versionContributors(reader, { datanetId, versions, toBlock: e.allocation.block! });
  const result =
    e.allocation.policy === "inference-log"
      ? inferenceLogAllocation(
          s.log,
          settled,
          undefined,
          datanetId,
          new Map([...contributors].map(([v, c]) => [v, c.members])),
        )
      : proRataAllocation(
          undefined,
          settled.flatMap((x) => x.credits),
          new Map([...contributors].map(([v, c]) => [v, c.weights])),
          { checksummed: true },
        );
  return new Map(result.allocations.map((a) => [a.account, BigInt(a.cumulativeAmount)]));
}

/// Prints each contributor's earnings from the base model's and the child's inferences, checks that they add up to
/// its allocation in both datanets, and that contributor 6 earned nothing from the base model. Throws otherwise.
export async function reportVersions(w: World, m: Models, epochs: Epoch1[], s: Settled): Promise<EarningsByModel> {
  section(w, "Datanet versions: who earned from which model (epoch 1, OPEN)");
  const base = new Map<string, bigint>();
  const child = new Map<string, bigint>();
  const add = (into: Map<string, bigint>, from: Map<string, bigint>): void => {
    for (const [a, x] of from) into.set(a, (into.get(a) ?? 0n) + x);
  };
  for (const e of epochs) {
    const b = await fromModel(w, e, s, m.base);
    const c = await fromModel(w, e, s, m.child);
    for (const { account, cumulativeAmount } of e.allocation.allocations) {
      const parts = (b.get(account) ?? 0n) + (c.get(account) ?? 0n);
      if (parts !== BigInt(cumulativeAmount)) {
        throw new OpenLedgerError(
          `${e.label}: ${account} was allocated ${cumulativeAmount}, its parts sum to ${parts}`,
        );
      }
    }
    add(base, b);
    add(child, c);
  }
  const out: EarningsByModel = {};
  w.line(`  ${"".padEnd(14)} ${"from med-base".padStart(30)} ${"from med-code-tuned".padStart(30)}`);
  for (const c of [...w.contributors, w.late]) {
    const name = w.names.get(c.address)!;
    const fromBase = base.get(c.address) ?? 0n;
    const fromChild = child.get(c.address) ?? 0n;
    out[name] = { base: fromBase.toString(), child: fromChild.toString() };
    w.line(`  ${name.padEnd(14)} ${formatOpen(fromBase).padStart(30)} ${formatOpen(fromChild).padStart(30)}`);
  }
  const late = out[w.names.get(w.late.address)!];
  if (late.base !== "0" || late.child === "0") {
    throw new OpenLedgerError(`contributor 6 joined after version 1 but earned ${late.base} wei from the base model`);
  }
  w.line("  contributor 6 joined after version 1: nothing from med-base (trained on version 1), and its share of");
  w.line("  med-code-tuned's inferences (trained on version 2); every row adds up to its allocation, to the unit ✓");
  return out;
}
