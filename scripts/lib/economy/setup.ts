/// The first steps of the economy: everyone gets OPEN from the deployer, and the stakers stake and delegate.
import { parseEther } from "ethers";
import { formatOpen, mined } from "../../../tasks/lib/index.js";
import type { Sender } from "../../../tasks/lib/index.js";
import { section } from "./world.js";
import type { World } from "./world.js";

/// What each staker stakes, in OPEN.
export const STAKES = ["50000", "30000", "20000"];

/// The balances before the run starts, to report what each account paid or earned.
export interface Before {
  balances: Map<string, bigint>;
  treasury: bigint;
}

/// Sends every actor its OPEN from the deployer, who received the whole supply; returns the balances after.
export async function fundActors(w: World): Promise<Before> {
  const { open, timelock } = w.suite;
  const funding: Array<[Sender, string]> = [
    ...w.stakers.map((s): [Sender, string] => [s, "100000"]),
    [w.medicalOwner, "1000"],
    [w.codeOwner, "1000"],
    [w.attestor, "5000"],
    ...[...w.contributors, w.late].map((s): [Sender, string] => [s, "100"]),
    [w.baseBuilder, "100"],
    [w.tuneBuilder, "100"],
    [w.agent, "10000"],
  ];
  for (const [s, amount] of funding) await mined(open.transfer(s.address, parseEther(amount)));
  const balances = new Map<string, bigint>();
  for (const s of w.signers.slice(1, 16)) balances.set(s.address, await open.balanceOf(s.address));
  return { balances, treasury: await open.balanceOf(await timelock.getAddress()) };
}

/// Each staker stakes its share of STAKES and delegates its votes to itself.
export async function stakeAndDelegate(w: World): Promise<void> {
  const { open, gopen } = w.suite;
  section(w, "Stakers stake OPEN for gOPEN and delegate their votes");
  for (const [i, s] of w.stakers.entries()) {
    await mined(open.connect(s).approve(await gopen.getAddress(), parseEther(STAKES[i])));
    await mined(gopen.connect(s).stake(parseEther(STAKES[i])));
    await mined(gopen.connect(s).delegate(s.address));
    w.line(
      `  ${w.names.get(s.address)} staked ${formatOpen(parseEther(STAKES[i]))}, votes ${formatOpen(await gopen.getVotes(s.address))}`,
    );
  }
}
