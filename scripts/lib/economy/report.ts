/// The end of the economy run: who paid and who earned what (it must add up to the unit), then a governance vote
/// that raises the protocol share and one more settlement that shows the new split.
import { parseEther } from "ethers";
import { formatOpen, mined, OpenLedgerError } from "../../../tasks/lib/index.js";
import { runGovernanceScenario } from "../governance-scenario.js";
import type { Datanets } from "./datanets.js";
import type { Models } from "./models.js";
import type { Settled } from "./settle.js";
import { STAKES } from "./setup.js";
import type { Before } from "./setup.js";
import { section } from "./world.js";
import type { World } from "./world.js";

export interface Report {
  rows: Array<[string, bigint]>;
  left: ReadonlyArray<readonly [string, bigint]>;
  net: bigint;
}

/// Each account's change of balance, what is left in the pools, and their sum with what is staked and bonded,
/// which must be 0. Throws if it is not.
export async function report(w: World, d: Datanets, s: Settled, before: Before): Promise<Report> {
  const { open, gopen, settlement, timelock } = w.suite;
  section(w, "Who paid and who earned what (OPEN)");
  const rows: Array<[string, bigint]> = [];
  for (const signer of w.signers.slice(1, 16)) {
    const delta = (await open.balanceOf(signer.address)) - before.balances.get(signer.address)!;
    rows.push([w.names.get(signer.address) ?? signer.address, delta]);
  }
  rows.push(["treasury (Timelock)", (await open.balanceOf(await timelock.getAddress())) - before.treasury]);
  const stakerRewards = w.stakers.length > 0 ? await gopen.rewardsReserve() : 0n;
  const unclaimed = async (datanet: bigint): Promise<bigint> =>
    (await settlement.accrued(datanet)) - (await settlement.rootState(datanet)).claimed;
  const left = [
    ["left in medical-qa pool", await unclaimed(d.medical)],
    ["left in code-review pool", await unclaimed(d.code)],
    ["gOPEN rewards not yet claimed", stakerRewards],
  ] as const;
  const staked = STAKES.map((x) => parseEther(x)).reduce((a, b) => a + b, 0n);
  const bonded = await settlement.minAttestorBond();
  for (const [who, delta] of rows) {
    const note = who.startsWith("staker")
      ? "  (stake still locked in gOPEN)"
      : who === "attestor"
        ? "  (bond locked)"
        : "";
    w.line(`  ${who.padEnd(30)} ${(delta >= 0n ? "+" : "−") + formatOpen(delta >= 0n ? delta : -delta)}${note}`);
  }
  for (const [what, amount] of left) w.line(`  ${what.padEnd(30)}  ${formatOpen(amount)}`);
  const net = rows.reduce((sum, [, x]) => sum + x, 0n) + left.reduce((sum, [, a]) => sum + a, 0n) + staked + bonded;
  w.line(`\n  the agent paid ${formatOpen(s.paid)}; everything above, with the ${formatOpen(staked)} staked and the`);
  w.line(
    `  ${formatOpen(bonded)} bonded, sums to ${formatOpen(net)}: ${net === 0n ? "it adds up to the unit ✓" : "MISMATCH"}`,
  );
  if (net !== 0n) throw new OpenLedgerError(`the report does not add up: off by ${net} wei`);
  return { rows, left, net };
}

/// The split of one inference, each part in wei as a decimal string.
export type Split = Record<string, string>;

/// The stakers vote to raise the protocol share; one more inference of the child shows the split before and after.
export async function governance(
  w: World,
  m: Models,
  s: Settled,
): Promise<{ protocolBps: [string, string]; before: Split; after: Split }> {
  const { settlement } = w.suite;
  section(w, "Governance: a vote raises the protocol share");
  const before = await settlement.previewSplit(m.child, parseEther("5"));
  const summary = await runGovernanceScenario(w.suite.connection, w.suite, (l) => w.line(`  ${l}`), {
    voters: w.stakers,
  });
  w.line(
    `  proposal ${summary.proposalId.slice(0, 12)}… ${summary.state}: protocolBps ${summary.oldValue.protocolBps} → ${summary.newValue.protocolBps}`,
  );
  const inf = s.inference(s.log.length);
  await mined(settlement.connect(w.agent).settle(inf.modelId, 1, inf.maxFee, inf.inferenceId, inf.attributionHash));
  const after = await settlement.previewSplit(m.child, parseEther("5"));
  w.line(
    `  one more inference of model #${m.child} (5 OPEN): protocol ${formatOpen(before.protocol)} → ${formatOpen(after.protocol)}, ` +
      `stakers ${formatOpen(before.stakers)} → ${formatOpen(after.stakers)}`,
  );
  const sum = (credits: ReadonlyArray<{ amount: bigint }>): bigint => credits.reduce((t, c) => t + c.amount, 0n);
  w.line(
    `  datanets ${formatOpen(sum(before.datanets))} → ${formatOpen(sum(after.datanets))}; models ${formatOpen(sum(before.models))} → ${formatOpen(sum(after.models))}`,
  );
  const split = (p: typeof before): Split => ({
    protocol: p.protocol.toString(),
    stakers: p.stakers.toString(),
    models: sum(p.models).toString(),
    datanets: sum(p.datanets).toString(),
  });
  return {
    protocolBps: [summary.oldValue.protocolBps, summary.newValue.protocolBps],
    before: split(before),
    after: split(after),
  };
}
