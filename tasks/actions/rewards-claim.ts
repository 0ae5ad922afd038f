/// rewards:claim — claims everything new that an account has earned from the datanets of some tree files: activates
/// the roots whose window is over, then one `claimMany` for every datanet with something new. Anyone may send it;
/// the tokens always go to the account. The work is the package's `claimAll`, the one dApps call.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { claimAllWithReport, eventsIn } from "../../package/src/index.js";
import { loadTrees } from "../../package/src/node/index.js";
import type { ClaimedEvent } from "../../typechain-types/settlement/Settlement.js";
import { clientFor, mined, parseAddress, printResult, required, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { amountOut, requireSameDeployment } from "./attribution-common.js";

export interface ClaimArgs extends SendArgs {
  account: string;
  trees: string;
}

export default runTask(async (args: ClaimArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const account = parseAddress("--account", args.account);
  const loaded = [...loadTrees(required("trees", args.trees)).values()].flat();
  const { suite, signer } = await suiteAndSigner(hre, args);
  for (const t of loaded) await requireSameDeployment(suite, t.tree.allocation, t.file);

  const client = clientFor(suite, signer);
  const report = await claimAllWithReport(
    client,
    account,
    loaded.map((t) => t.tree),
  );
  const activated = report.activated.map((a) => `${a.datanetId}:${a.epoch}`);
  const notes = report.missing.map(
    (m) => `datanet ${m.datanetId}: no tree file for the active root (epoch ${m.activeEpoch})`,
  );
  if (report.tx === null) {
    printResult(
      {
        account,
        claimed: amountOut(0n, args.json),
        ...lists(activated, notes, args.json),
        note: "nothing new to claim",
      },
      args.json,
    );
    return;
  }
  const receipt = await mined(report.tx);
  const claimed = eventsIn<ClaimedEvent.OutputObject>(receipt, client.settlement, "Claimed");
  printResult(
    {
      account,
      claimed: amountOut(
        claimed.reduce((sum, e) => sum + e.amount, 0n),
        args.json,
      ),
      datanets: Object.fromEntries(report.claims.map((c) => [c.datanetId.toString(), amountOut(c.amount, args.json)])),
      ...lists(activated, notes, args.json),
      transaction: receipt.hash,
    },
    args.json,
  );
});

/// The roots activated (`datanet:epoch`) and the notes: always in JSON, only when not empty for people.
function lists(activated: string[], notes: string[], json: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (json || activated.length > 0) out.activated = activated;
  if (json || notes.length > 0) out.notes = notes;
  return out;
}
