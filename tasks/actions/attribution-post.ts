/// attribution:post — builds the Merkle tree of an allocation file, bonds the attestor if needed and allowed, posts
/// the root, and writes the tree file with every proof next to the allocation file.
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { RootPostedEvent } from "../../typechain-types/settlement/Settlement.js";
import {
  ensureAllowance,
  eventIn,
  formatOpen,
  mined,
  printResult,
  required,
  runTask,
  suiteAndSigner,
  ToolError,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { buildTree, readAllocationFile, treeFilePath, writeTreeFile } from "../lib/attribution.js";
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

  // Check: the signer is the datanet's attestor.
  const attestor = await suite.datanets.attestorOf(datanetId);
  if (attestor.toLowerCase() !== signer.address.toLowerCase()) {
    throw new ToolError(
      `signer ${args.from} (${signer.address}) is not the attestor of datanet ${datanetId} (${attestor}); pick it with --from`,
    );
  }

  // The bond: deposit what is missing, if allowed.
  const [[bond], minBond] = await Promise.all([settlement.bondOf(signer.address), settlement.minAttestorBond()]);
  let deposited = 0n;
  if (bond < minBond) {
    const missing = minBond - bond;
    if (!args.bond) {
      throw new ToolError(
        `attestor bond ${formatOpen(bond)} is below the minimum ${formatOpen(minBond)}: pass --bond to deposit ${formatOpen(missing)}`,
      );
    }
    await ensureAllowance(suite.open, signer, await settlement.getAddress(), missing);
    await mined(settlement.depositBond(missing));
    deposited = missing;
  }

  const tree = buildTree(allocation);
  const treeFile = treeFilePath(file);
  const uri = args.uri.trim() !== "" ? args.uri.trim() : path.basename(treeFile);
  const total = BigInt(allocation.cumulativeTotal);
  const receipt = await mined(settlement.postRoot(datanetId, allocation.epoch, tree.root, total, uri));
  const posted = eventIn<RootPostedEvent.OutputObject>(receipt, settlement, "RootPosted");
  const readyAt = Number(posted.readyAt);

  writeTreeFile(treeFile, allocation, tree, {
    transaction: receipt.hash,
    block: receipt.blockNumber,
    readyAt,
    uri,
    attestor: signer.address,
  });
  const now = await chainNow(suite);
  printResult(
    {
      treeFile,
      datanet: datanetId,
      epoch: allocation.epoch,
      root: tree.root,
      cumulativeTotal: amountOut(total, args.json),
      accounts: allocation.allocations.length,
      uri,
      readyAt: timeOut(readyAt, now, args.json),
      bondDeposited: amountOut(deposited, args.json),
      transaction: receipt.hash,
    },
    args.json,
  );
});
