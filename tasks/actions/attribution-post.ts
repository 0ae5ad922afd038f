/// attribution:post — builds the Merkle tree of an allocation file, writes the tree file with every proof next to
/// it, reads it back and verifies it, and only then bonds the attestor if needed and allowed and posts the root.
///
/// The order makes a rerun safe: a run that fails before the post leaves no root on-chain; a run that fails after
/// it leaves a verified tree file. Before sending, the datanet's root state is read: when the same root is already
/// pending or active for that epoch, nothing is sent (and a missing or damaged tree file is written again).
import path from "node:path";
import { getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { RootPostedEvent } from "../../typechain-types/settlement/Settlement.js";
import type { Settlement } from "../../typechain-types/index.js";
import {
  ensureAllowance,
  eventIn,
  formatOpen,
  mined,
  printResult,
  required,
  runTask,
  suiteAndSigner,
  OpenLedgerError,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import {
  buildTree,
  readAllocationFile,
  treeFilePath,
  treeFileProblem,
  writeTreeFileStreamed,
} from "../lib/attribution.js";
import type { Allocation, AttributionTree, PostedInfo } from "../lib/attribution.js";
import { amountOut, chainNow, requireSameDeployment, timeOut } from "./attribution-common.js";

export interface PostArgs extends SendArgs {
  file: string;
  uri: string;
  bond: boolean;
}

export default runTask(async (args: PostArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const file = required("file", args.file);
  const allocation = readAllocationFile(file);
  const { suite, signer } = await suiteAndSigner(hre, args);
  await requireSameDeployment(suite, allocation, file);
  const settlement = suite.settlement.connect(signer);
  const datanetId = BigInt(allocation.datanetId);
  const epoch = BigInt(allocation.epoch);

  // Check: the signer is the datanet's attestor.
  const attestor = await suite.datanets.attestorOf(datanetId);
  if (attestor.toLowerCase() !== signer.address.toLowerCase()) {
    throw new OpenLedgerError(
      `signer ${args.from} (${signer.address}) is not the attestor of datanet ${datanetId} (${attestor}); pick it with --from`,
    );
  }

  const tree = buildTree(allocation);
  const treeFile = treeFilePath(file);
  const uri = args.uri.trim() !== "" ? args.uri.trim() : path.basename(treeFile);
  const total = BigInt(allocation.cumulativeTotal);

  // A rerun after a post that went through: the same root is pending or active for this epoch. Nothing is sent.
  const state = await settlement.rootState(datanetId);
  const onChain =
    state.pendingReadyAt !== 0n && state.lastEpoch === epoch && state.pendingRoot.toLowerCase() === tree.root
      ? "pending"
      : state.activeEpoch === epoch && state.activeRoot.toLowerCase() === tree.root
        ? "active"
        : undefined;
  if (onChain !== undefined) {
    const posted = await postedInfo(settlement, datanetId, epoch, tree.root);
    const treeFileState = ensureTreeFile(treeFile, allocation, tree, posted, "the root is already posted");
    const readyAt = posted?.readyAt ?? Number(state.pendingReadyAt);
    printResult(
      {
        treeFile,
        treeFileState,
        datanet: datanetId,
        epoch: allocation.epoch,
        root: tree.root,
        cumulativeTotal: amountOut(total, args.json),
        accounts: allocation.allocations.length,
        uri: posted?.uri ?? uri,
        readyAt: timeOut(readyAt, await chainNow(suite), args.json),
        bondDeposited: amountOut(0n, args.json),
        transaction: posted?.transaction ?? null,
        note: `root already ${onChain} for datanet ${datanetId} epoch ${allocation.epoch}: nothing sent`,
      },
      args.json,
    );
    return;
  }

  // Check: the bond, before anything is written or sent.
  const [[bond], minBond] = await Promise.all([settlement.bondOf(signer.address), settlement.minAttestorBond()]);
  const missing = bond < minBond ? minBond - bond : 0n;
  if (missing > 0n && !args.bond) {
    throw new OpenLedgerError(
      `attestor bond ${formatOpen(bond)} is below the minimum ${formatOpen(minBond)}: pass --bond to deposit ${formatOpen(missing)}`,
    );
  }

  // The tree file first: written (or reused when it already is this tree), read back and verified. A failure here
  // throws before any transaction.
  const treeFileState = ensureTreeFile(treeFile, allocation, tree, undefined, "nothing was posted");

  // Interaction: the bond, then the root.
  if (missing > 0n) {
    await ensureAllowance(suite.open, signer, await settlement.getAddress(), missing);
    await mined(settlement.depositBond(missing));
  }
  const receipt = await mined(settlement.postRoot(datanetId, allocation.epoch, tree.root, total, uri));
  const event = eventIn<RootPostedEvent.OutputObject>(receipt, settlement, "RootPosted");
  const readyAt = Number(event.readyAt);

  // The posted transaction is added to the tree file. The file is replaced whole or not at all, so if this fails
  // the verified file written before the post stays, and claims and checks work from it.
  try {
    writeTreeFileStreamed(treeFile, allocation, tree, {
      transaction: receipt.hash,
      block: receipt.blockNumber,
      readyAt,
      uri,
      attestor: signer.address,
    });
  } catch (err: unknown) {
    process.stderr.write(
      `warning: the root is posted; ${treeFile} keeps its verified tree without the posted transaction (${err instanceof Error ? err.message : String(err)})\n`,
    );
  }
  const now = await chainNow(suite);
  printResult(
    {
      treeFile,
      treeFileState,
      datanet: datanetId,
      epoch: allocation.epoch,
      root: tree.root,
      cumulativeTotal: amountOut(total, args.json),
      accounts: allocation.allocations.length,
      uri,
      readyAt: timeOut(readyAt, now, args.json),
      bondDeposited: amountOut(missing, args.json),
      transaction: receipt.hash,
    },
    args.json,
  );
});

/// Makes `treeFile` the verified tree file of `allocation`: reused when it already is, else written and read back.
/// Throws a one-line OpenLedgerError, ending with `onChain` (what happened on-chain), when it cannot be written or does not
/// verify once written.
function ensureTreeFile(
  treeFile: string,
  allocation: Allocation,
  tree: AttributionTree,
  posted: PostedInfo | undefined,
  onChain: string,
): "reused" | "written" {
  const variants = posted === undefined ? [] : [posted];
  if (treeFileProblem(treeFile, allocation, tree, variants) === undefined) return "reused";
  let written: string;
  try {
    written = writeTreeFileStreamed(treeFile, allocation, tree, posted);
  } catch (err: unknown) {
    throw new OpenLedgerError(`${err instanceof Error ? err.message : String(err)}; ${onChain}`);
  }
  const problem = treeFileProblem(treeFile, allocation, tree, variants, undefined, written);
  if (problem !== undefined) {
    throw new OpenLedgerError(`the tree file ${treeFile} does not verify once written (${problem}); ${onChain}`);
  }
  return "written";
}

/// The posted block of the root `root` of `datanetId`'s `epoch`, from its RootPosted event (undefined if none).
async function postedInfo(
  settlement: Settlement,
  datanetId: bigint,
  epoch: bigint,
  root: string,
): Promise<PostedInfo | undefined> {
  const events = await settlement.queryFilter(settlement.filters.RootPosted(datanetId, epoch));
  const event = events.filter((e) => e.args.root.toLowerCase() === root).at(-1);
  if (event === undefined) return undefined;
  return {
    transaction: event.transactionHash,
    block: event.blockNumber,
    readyAt: Number(event.args.readyAt),
    uri: event.args.uri,
    attestor: getAddress(event.args.attestor),
  };
}
