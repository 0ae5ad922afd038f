/// attribution:post — builds the Merkle tree of an allocation file, writes its tree store (`<name>.tree/`) and, for
/// trees of up to 50,000 leaves, the JSON tree file with every proof next to it, reads them back and verifies them, and only then bonds the attestor if needed and allowed and posts the root (the
/// SDK's `postRoot`, which checks everything it can before it sends).
///
/// The order makes a rerun safe: a run that fails before the post leaves no root on-chain; a run that fails after
/// it leaves a verified tree file. When the same root is already pending or active for that epoch, nothing is sent
/// (and a missing or damaged tree file is written again).
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { buildTree, postRoot, prepareRoot } from "../../package/src/index.js";
import { ensureEpochTree, readAllocationFile, recordEpochPosted } from "../../package/src/node/index.js";
import { clientAndSigner, formatOpen, printResult, required, runTask, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import type { EpochTree } from "../../package/src/node/index.js";
import { amountOut, chainNow, requireSameDeployment, timeOut } from "./attribution-common.js";

export interface PostArgs extends SendArgs {
  file: string;
  uri: string;
  bond: boolean;
}

/// The tree file shown is the JSON one when there is one (as before), else the store.
const shown = (e: EpochTree): { treeFile: string; treeStore: string; treeFileState: string } => ({
  treeFile: e.treeFile ?? e.store,
  treeStore: e.store,
  treeFileState: e.treeFileState ?? e.storeState,
});

export default runTask(async (args: PostArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const file = required("file", args.file);
  const allocation = readAllocationFile(file);
  const { suite, client, signer } = await clientAndSigner(hre, args);
  await requireSameDeployment(suite, allocation, file);
  const tree = buildTree(allocation);
  const plan = await prepareRoot(client, { allocation, tree });
  const { datanetId, missingBond } = plan;
  if (plan.attestor !== signer.address) {
    throw new OpenLedgerError(
      `signer ${args.from} (${signer.address}) is not the attestor of datanet ${datanetId} (${plan.attestor}); pick it with --from`,
    );
  }
  type Shown = ReturnType<typeof shown> & { uri: string; bondDeposited: bigint; transaction: string | null };
  const result = (f: Shown & { note?: string }, readyAt: number, now: number): void =>
    printResult(
      {
        treeFile: f.treeFile,
        treeFileState: f.treeFileState,
        treeStore: f.treeStore,
        datanet: datanetId,
        epoch: allocation.epoch,
        root: tree.root,
        cumulativeTotal: amountOut(plan.cumulativeTotal, args.json),
        accounts: allocation.allocations.length,
        uri: f.uri,
        readyAt: timeOut(readyAt, now, args.json),
        bondDeposited: amountOut(f.bondDeposited, args.json),
        transaction: f.transaction,
        ...(f.note === undefined ? {} : { note: f.note }),
      },
      args.json,
    );

  // A rerun after a post that went through: the same root is pending or active for this epoch. Nothing is sent.
  if (plan.onChain !== undefined) {
    const { posted } = plan;
    const epoch = ensureEpochTree(file, allocation, tree, posted, "the root is already posted");
    const note = `root already ${plan.onChain} for datanet ${datanetId} epoch ${allocation.epoch}: nothing sent`;
    const uri = posted?.uri ?? path.basename(epoch.treeFile ?? epoch.store);
    const fields = { ...shown(epoch), uri, bondDeposited: 0n, transaction: posted?.transaction ?? null };
    result({ ...fields, note }, posted?.readyAt ?? Number(plan.pendingReadyAt), await chainNow(suite));
    return;
  }
  if (missingBond > 0n && !args.bond) {
    throw new OpenLedgerError(
      `attestor bond ${formatOpen(plan.bond)} is below the minimum ${formatOpen(plan.minBond)}: pass --bond to deposit ${formatOpen(missingBond)}`,
    );
  }
  // The trees first: written (or reused), read back and verified. A failure throws before any transaction.
  const epoch = ensureEpochTree(file, allocation, tree, undefined, "nothing was posted");
  const uri = args.uri.trim() !== "" ? args.uri.trim() : path.basename(epoch.treeFile ?? epoch.store);
  const sent = await postRoot(client, { allocation, tree, uri, depositBond: args.bond });

  // The posted transaction is added to the trees. Each file is replaced whole or not at all, so if this fails the
  // verified trees written before the post stay, and claims and checks work from them.
  try {
    recordEpochPosted(epoch, allocation, tree, sent.posted);
  } catch (err: unknown) {
    process.stderr.write(
      `warning: the root is posted; ${epoch.treeFile ?? epoch.store} keeps its verified tree without the posted transaction (${err instanceof Error ? err.message : String(err)})\n`,
    );
  }
  const fields = { ...shown(epoch), uri, bondDeposited: sent.bondDeposited, transaction: sent.receipt.hash };
  result(fields, sent.posted.readyAt, await chainNow(suite));
});
