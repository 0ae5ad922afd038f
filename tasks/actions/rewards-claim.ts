/// rewards:claim — claims everything new that an account has earned from the datanets of some tree files: activates
/// the roots whose window is over, then one `claimMany` for every datanet with something new. Anyone may send it;
/// the tokens always go to the account.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { IAttributionEpochs } from "../../typechain-types/index.js";
import type { ClaimedEvent } from "../../typechain-types/settlement/Settlement.js";
import { eventsIn, mined, parseAddress, printResult, required, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { loadTrees, proofFor, treeForRoot } from "../lib/attribution.js";
import { amountOut, chainNow, requireSameDeployment } from "./attribution-common.js";

export interface ClaimArgs extends SendArgs {
  account: string;
  trees: string;
}

export default runTask(async (args: ClaimArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const account = parseAddress("--account", args.account);
  const byDatanet = loadTrees(required("trees", args.trees));
  const { suite, signer } = await suiteAndSigner(hre, args);
  const settlement = suite.settlement.connect(signer);
  for (const list of byDatanet.values()) {
    for (const t of list) await requireSameDeployment(suite, t.tree.allocation, t.file);
  }

  const now = await chainNow(suite);
  const activated: string[] = [];
  const claims: IAttributionEpochs.DatanetClaimStruct[] = [];
  const owed: Record<string, bigint | string> = {};
  const notes: string[] = [];
  for (const [id, trees] of [...byDatanet.entries()].sort(([a], [b]) => Number(BigInt(a) - BigInt(b)))) {
    const datanetId = BigInt(id);
    let state = await settlement.rootState(datanetId);
    // A root past its window becomes claimable first (the next block is at least one second later).
    if (state.pendingReadyAt !== 0n && BigInt(now + 1) >= state.pendingReadyAt) {
      await mined(settlement.activateRoot(datanetId));
      activated.push(`${id}:${state.lastEpoch}`);
      state = await settlement.rootState(datanetId);
    }
    const active = treeForRoot(trees, state.activeRoot);
    if (active === undefined) {
      notes.push(`datanet ${id}: no tree file for the active root (epoch ${state.activeEpoch})`);
      continue;
    }
    const entry = proofFor(active.tree, account);
    if (entry === undefined) continue;
    const already = await settlement.claimed(datanetId, account);
    const cumulative = BigInt(entry.cumulativeAmount);
    if (cumulative <= already) continue;
    claims.push({ datanetId, cumulativeAmount: cumulative, proof: entry.proof });
    owed[id] = amountOut(cumulative - already, args.json);
  }

  if (claims.length === 0) {
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
  const receipt = await mined(settlement.claimMany(account, claims));
  const claimed = eventsIn<ClaimedEvent.OutputObject>(receipt, settlement, "Claimed");
  const total = claimed.reduce((sum, e) => sum + e.amount, 0n);
  printResult(
    {
      account,
      claimed: amountOut(total, args.json),
      datanets: owed,
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
