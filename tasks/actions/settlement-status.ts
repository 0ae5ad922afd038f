/// settlement:status — the state of the settlement vault (the SDK's `getSettlementStatus`): fee shares and lineage
/// royalty, what is credited to the treasury and the stakers and not yet paid out, whether settlements are paused,
/// the attribution parameters, every datanet's pool and active root, every model's unwithdrawn revenue.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getSettlementStatus } from "../../package/src/actions/index.js";
import { clientFor, getSuite, printResult, runTask, unitsFor } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

/// An empty list for people is "-" (printResult shows nothing for an empty object); JSON keeps `{}`.
function none(json: boolean, entries: Record<string, unknown>): Record<string, unknown> | null {
  return json || Object.keys(entries).length > 0 ? entries : null;
}

export default runTask(async (args: CommonArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const s = await getSettlementStatus(clientFor(suite, suite.connection.ethers.provider));
  const { open, bps, seconds } = unitsFor(args.json);
  printResult(
    {
      settlement: s.settlement,
      paused: s.paused,
      protocolBps: bps(s.protocolBps),
      stakersBps: bps(s.stakersBps),
      lineageBps: bps(s.lineageBps),
      treasuryAccrued: open(s.treasuryAccrued),
      stakersAccrued: open(s.stakersAccrued),
      challengeWindow: seconds(s.challengeWindow),
      minAttestorBond: open(s.minAttestorBond),
      datanets: none(
        args.json,
        Object.fromEntries(
          s.datanets.map((d) => [
            d.datanetId.toString(10),
            {
              accrued: open(d.accrued),
              claimed: open(d.claimed),
              activeRoot: d.activeRoot,
              activeEpoch: d.activeEpoch,
              activeTotal: open(d.activeTotal),
            },
          ]),
        ),
      ),
      modelRevenue: none(args.json, Object.fromEntries(s.models.map((m) => [m.modelId.toString(10), open(m.revenue)]))),
    },
    args.json,
  );
});
