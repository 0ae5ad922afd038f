/// rewards:claim — claims everything new that an account has earned from the datanets of some tree files: activates
/// the roots whose window is over, then one `claimMany` for every datanet with something new. Anyone may send it;
/// the tokens always go to the account.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { IAttributionEpochs } from "../../typechain-types/index.js";
import { ToolError, getSuite, printResult, runTask } from "../lib/index.js";
import { loadTrees, proofFor, treeForRoot } from "../lib/attribution.js";
import {
  amountOut,
  chainNow,
  requireAddress,
  requireFile,
  requireSameDeployment,
  signerAt,
} from "./attribution-common.js";
import type { CommonArgs } from "./attribution-common.js";

export interface ClaimArgs extends CommonArgs {
  account: string;
  trees: string;
  from: number;
}

export default runTask(async (args: ClaimArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const account = requireAddress(args.account, "account");
  const byDatanet = loadTrees(requireFile(args.trees, "trees"));
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
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
      await (await settlement.activateRoot(datanetId)).wait();
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
  const tx = await settlement.claimMany(account, claims);
  const receipt = await tx.wait();
  if (receipt === null) throw new ToolError(`transaction ${tx.hash} was not mined`);
  let total = 0n;
  for (const log of receipt.logs) {
    const parsed = settlement.interface.parseLog(log);
    if (parsed?.name === "Claimed") total += parsed.args.amount as bigint;
  }
  printResult(
    {
      account,
      claimed: amountOut(total, args.json),
      datanets: owed,
      ...lists(activated, notes, args.json),
      transaction: tx.hash,
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
