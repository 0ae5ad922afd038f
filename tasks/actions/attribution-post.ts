/// attribution:post — builds the Merkle tree of an allocation file, writes the tree file with every proof next to
/// it, reads it back and verifies it, and only then bonds the attestor if needed and allowed and posts the root (the
/// SDK's `postRoot`, which checks everything it can before it sends).
///
/// The order makes a rerun safe: a run that fails before the post leaves no root on-chain; a run that fails after
/// it leaves a verified tree file. When the same root is already pending or active for that epoch, nothing is sent
/// (and a missing or damaged tree file is written again).
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { postRoot, prepareRoot } from "../../package/src/index.js";
import { ensureTreeFile, readAllocationFile, writeTreeFileStreamed } from "../../package/src/node/index.js";
import { treeFilePath } from "../../package/src/index.js";
import { clientAndSigner, formatOpen, printResult, required, runTask, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { amountOut, chainNow, requireSameDeployment, timeOut } from "./attribution-common.js";

export interface PostArgs extends SendArgs {
  file: string;
  uri: string;
  bond: boolean;
}

export default runTask(async (args: PostArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const file = required("file", args.file);
  const allocation = readAllocationFile(file);
  const { suite, client, signer } = await clientAndSigner(hre, args);
  await requireSameDeployment(suite, allocation, file);
  const plan = await prepareRoot(client, { allocation });
  const { tree, datanetId, missingBond } = plan;
  if (plan.attestor !== signer.address) {
    throw new OpenLedgerError(
      `signer ${args.from} (${signer.address}) is not the attestor of datanet ${datanetId} (${plan.attestor}); pick it with --from`,
    );
  }
  const treeFile = treeFilePath(file);
  const uri = args.uri.trim() !== "" ? args.uri.trim() : path.basename(treeFile);
  interface Shown {
    treeFileState: string;
    uri?: string;
    bondDeposited: bigint;
    transaction: string | null;
    note?: string;
  }
  const result = (f: Shown, readyAt: number, now: number): void =>
    printResult(
      {
        treeFile,
        treeFileState: f.treeFileState,
        datanet: datanetId,
        epoch: allocation.epoch,
        root: tree.root,
        cumulativeTotal: amountOut(plan.cumulativeTotal, args.json),
        accounts: allocation.allocations.length,
        uri: f.uri ?? uri,
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
    const treeFileState = ensureTreeFile(treeFile, allocation, tree, posted, "the root is already posted");
    const note = `root already ${plan.onChain} for datanet ${datanetId} epoch ${allocation.epoch}: nothing sent`;
    const fields = { treeFileState, uri: posted?.uri, bondDeposited: 0n, transaction: posted?.transaction ?? null };
    result({ ...fields, note }, posted?.readyAt ?? Number(plan.pendingReadyAt), await chainNow(suite));
    return;
  }
  if (missingBond > 0n && !args.bond) {
    throw new OpenLedgerError(
      `attestor bond ${formatOpen(plan.bond)} is below the minimum ${formatOpen(plan.minBond)}: pass --bond to deposit ${formatOpen(missingBond)}`,
    );
  }
  // The tree file first: written (or reused), read back and verified. A failure throws before any transaction.
  const treeFileState = ensureTreeFile(treeFile, allocation, tree, undefined, "nothing was posted");
  const sent = await postRoot(client, { allocation, tree, uri, depositBond: args.bond });

  // The posted transaction is added to the tree file. The file is replaced whole or not at all, so if this fails
  // the verified file written before the post stays, and claims and checks work from it.
  try {
    writeTreeFileStreamed(treeFile, allocation, tree, sent.posted);
  } catch (err: unknown) {
    process.stderr.write(
      `warning: the root is posted; ${treeFile} keeps its verified tree without the posted transaction (${err instanceof Error ? err.message : String(err)})\n`,
    );
  }
  const fields = { treeFileState, bondDeposited: sent.bondDeposited, transaction: sent.receipt.hash };
  result(fields, sent.posted.readyAt, await chainNow(suite));
});
