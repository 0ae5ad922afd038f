import path from "node:path";
import { pathToFileURL } from "node:url";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type {
  BatchSubmittedEvent,
  ContributionSubmittedEvent,
} from "../../typechain-types/registry/DatanetRegistry.js";
import {
  ensureAllowance,
  eventIn,
  formatOpen,
  mined,
  parseId,
  printResult,
  progress,
  required,
  runTask,
  suiteAndSigner,
  ToolError,
} from "../lib/index.js";
import type { SendArgs, Sender, Suite } from "../lib/index.js";
import { dedupe, hashPath, treeFileOf, writeTreeFile } from "../lib/records.js";
import type { HashedFile } from "../lib/records.js";
import { STATUS_NAMES, statusName } from "./datanet-common.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  path: string | undefined;
  uriPrefix: string | undefined;
  batchThreshold: number;
  out: string | undefined;
}

/// The URI of a file: the prefix and its name, else its file:// URL.
function uriOf(prefix: string | undefined, name: string, file: string): string {
  return prefix === undefined || prefix === "" ? pathToFileURL(file).href : `${prefix}${name}`;
}

/// The names of `files`: an array for JSON, "-" for none in the human output.
function names(files: HashedFile[], json: boolean): string[] | string {
  return json || files.length > 0 ? files.map((f) => f.name) : "-";
}

function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

interface Sent {
  name: string;
  contentHash: string;
  index: bigint;
  status: string;
  uri: string;
  tx: string;
}

/// Contributes one file and returns what the registry recorded.
async function contributeOne(
  suite: Suite,
  signer: Sender,
  datanetId: bigint,
  file: HashedFile,
  uri: string,
): Promise<Sent> {
  const receipt = await mined(suite.datanets.connect(signer).contribute(datanetId, file.contentHash, uri));
  const event = eventIn<ContributionSubmittedEvent.OutputObject>(receipt, suite.datanets, "ContributionSubmitted");
  return {
    name: file.name,
    contentHash: file.contentHash,
    index: event.index,
    status: statusName(STATUS_NAMES, event.status),
    uri,
    tx: receipt.hash,
  };
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const target = path.resolve(required("path", args.path));
  if (!Number.isInteger(args.batchThreshold) || args.batchThreshold < 0) {
    throw new ToolError(`--batch-threshold must be a non-negative integer, not ${args.batchThreshold}`);
  }
  const { suite, signer } = await suiteAndSigner(hre, args);
  const registry = await suite.datanets.getAddress();
  const datanet = await suite.datanets.datanet(datanetId);
  const { folder, files } = await hashPath(target);

  // One file: the contract decides (a duplicate reverts with DuplicateContribution).
  if (!folder) {
    const [file] = files;
    const approval = await ensureAllowance(suite.open, signer, registry, datanet.bond);
    const sent = await contributeOne(suite, signer, datanetId, file, uriOf(args.uriPrefix, file.name, file.file));
    printResult(
      {
        datanet: datanetId,
        file: shown(file.file),
        contentHash: sent.contentHash,
        uri: sent.uri,
        index: sent.index,
        status: sent.status,
        bond: args.json ? datanet.bond : formatOpen(datanet.bond),
        approval: approval?.hash ?? "-",
        tx: sent.tx,
      },
      args.json,
    );
    return;
  }

  const { unique, duplicates } = dedupe(files);

  // Many files: one Merkle root over [contributor, contentHash, weight = 1], and the tree file with every proof.
  if (unique.length > args.batchThreshold) {
    const { chainId } = await suite.connection.ethers.provider.getNetwork();
    const { tree, content } = treeFileOf({ chainId, datanetId, contributor: signer.address, uri: "", files: unique });
    const root = tree.root;
    const out = path.resolve(
      args.out ?? path.join("contributions", `${datanetId.toString(10)}-${root.slice(2, 10)}.json`),
    );
    // The root's URI is where the tree file will be found: the prefix and the file's name, else its file:// URL.
    const uri = uriOf(args.uriPrefix, path.basename(out), out);
    content.uri = uri;
    writeTreeFile(out, content);

    const approval = await ensureAllowance(suite.open, signer, registry, datanet.bond);
    const receipt = await mined(
      suite.datanets.connect(signer).contributeRoot(datanetId, root, BigInt(content.count), uri),
    );
    const event = eventIn<BatchSubmittedEvent.OutputObject>(receipt, suite.datanets, "BatchSubmitted");
    printResult(
      {
        datanet: datanetId,
        folder: shown(target),
        files: files.length,
        mode: "merkle root",
        sameContent: names(duplicates, args.json),
        root,
        count: event.count,
        batchIndex: event.index,
        status: statusName(STATUS_NAMES, event.status),
        uri,
        treeFile: shown(out),
        bond: args.json ? datanet.bond : formatOpen(datanet.bond),
        approval: approval?.hash ?? "-",
        tx: receipt.hash,
      },
      args.json,
    );
    return;
  }

  // A few files: one contribution each, skipping the ones this datanet already holds.
  const todo: HashedFile[] = [];
  const already: Array<{ name: string; contentHash: string; contributor: string; status: string }> = [];
  for (const file of unique) {
    const existing = await suite.datanets.contribution(datanetId, file.contentHash);
    if (existing.status === 0n) todo.push(file);
    else {
      already.push({
        name: file.name,
        contentHash: file.contentHash,
        contributor: existing.contributor,
        status: statusName(STATUS_NAMES, existing.status),
      });
    }
  }
  const approval = await ensureAllowance(suite.open, signer, registry, datanet.bond * BigInt(todo.length));
  const sent: Sent[] = [];
  for (const file of todo) {
    sent.push(await contributeOne(suite, signer, datanetId, file, uriOf(args.uriPrefix, file.name, file.file)));
    if (!args.json) progress("contributed", sent.length, todo.length);
  }
  if (args.json) {
    printResult(
      {
        datanet: datanetId,
        folder: shown(target),
        files: files.length,
        mode: "one by one",
        contributed: sent,
        alreadyContributed: already,
        sameContent: duplicates.map((f) => f.name),
        approval: approval?.hash ?? null,
      },
      true,
    );
    return;
  }
  for (const s of sent) process.stdout.write(`+ ${s.name}  ${s.contentHash}  #${s.index.toString(10)} ${s.status}\n`);
  for (const a of already) process.stdout.write(`= ${a.name}  ${a.contentHash}  already ${a.status}\n`);
  printResult(
    {
      datanet: datanetId,
      folder: shown(target),
      files: files.length,
      mode: "one by one",
      contributed: sent.length,
      alreadyContributed: already.length,
      sameContent: names(duplicates, false),
      bond: formatOpen(datanet.bond * BigInt(sent.length)),
      approval: approval?.hash ?? "-",
    },
    false,
  );
});
