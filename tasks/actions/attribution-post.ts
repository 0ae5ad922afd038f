/// attribution:post — builds the Merkle tree of an allocation file, bonds the attestor if needed and allowed, posts
/// the root, and writes the tree file with every proof next to the allocation file.
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { ToolError, formatOpen, getSuite, printResult, runTask } from "../lib/index.js";
import { buildTree, readAllocationFile, treeFilePath, writeTreeFile } from "../lib/attribution.js";
import { amountOut, chainNow, requireFile, requireSameDeployment, signerAt, timeOut } from "./attribution-common.js";
import type { CommonArgs } from "./attribution-common.js";

export interface PostArgs extends CommonArgs {
  file: string;
  from: number;
  uri: string;
  bond: boolean;
}

export default runTask(async (args: PostArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const file = requireFile(args.file, "file");
  const allocation = readAllocationFile(file);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  await requireSameDeployment(suite, allocation, file);
  const signer = await signerAt(suite, args.from);
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
    const open = suite.open.connect(signer);
    const target = await settlement.getAddress();
    if ((await open.allowance(signer.address, target)) < missing) {
      await (await open.approve(target, missing)).wait();
    }
    await (await settlement.depositBond(missing)).wait();
    deposited = missing;
  }

  const tree = buildTree(allocation);
  const treeFile = treeFilePath(file);
  const uri = args.uri.trim() !== "" ? args.uri.trim() : path.basename(treeFile);
  const total = BigInt(allocation.cumulativeTotal);
  const tx = await settlement.postRoot(datanetId, allocation.epoch, tree.root, total, uri);
  const receipt = await tx.wait();
  if (receipt === null) throw new ToolError(`transaction ${tx.hash} was not mined`);
  const event = receipt.logs
    .map((log) => settlement.interface.parseLog(log))
    .find((parsed) => parsed?.name === "RootPosted");
  const readyAt = event ? Number(event.args.readyAt) : 0;

  writeTreeFile(treeFile, allocation, tree, {
    transaction: tx.hash,
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
      transaction: tx.hash,
    },
    args.json,
  );
});
