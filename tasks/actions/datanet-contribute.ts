import path from "node:path";
import { pathToFileURL } from "node:url";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ContractTransactionReceipt, ContractTransactionResponse, Provider } from "ethers";
import type {
  BatchClaimedEvent,
  BatchSubmittedEvent,
  ContributionClaimedEvent,
  ContributionSubmittedEvent,
} from "../../typechain-types/registry/DatanetRegistry.js";
import {
  decodeError,
  decodeRevertData,
  ensureAllowance,
  eventIn,
  eventsIn,
  formatOpen,
  mined,
  parseId,
  printResult,
  progress,
  required,
  runTask,
  suiteAndSigner,
  OpenLedgerError,
} from "../lib/index.js";
import type { SendArgs, Sender, Suite } from "../lib/index.js";
import { commitmentOf, dedupe, hashPath, randomSalt, saltFor, treeFileOf, writeTreeFile } from "../lib/records.js";
import type { HashedFile } from "../lib/records.js";
import { STATUS_NAMES, statusName } from "./datanet-common.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  path: string | undefined;
  uriPrefix: string | undefined;
  batchThreshold: number;
  out: string | undefined;
  direct: boolean;
  salt: string | undefined;
}

/// How long to wait for the block after a commit, when a node refuses to reveal in the commit's block.
const NEXT_BLOCK_TIMEOUT_MS = 120_000;

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
  /// The contributor whose later copy the reveal took over, or null.
  claimedFrom: string | null;
}

/// A commit of the signer, made by this run or found on chain (a re-run with --salt).
interface Commit {
  key: string;
  salt: string;
  commitment: string;
  block: bigint;
  committedAt: bigint;
  tx: string | null;
}

/// Contributes one file in one step (`--direct`) and returns what the registry recorded.
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
    claimedFrom: null,
  };
}

/// The signer's commit to each of `keys` (content hashes or batch roots): found on chain for a re-run with the same
/// salt, else sent now, one transaction each.
async function commitAll(
  suite: Suite,
  signer: Sender,
  datanetId: bigint,
  keys: string[],
  runSalt: string,
  json: boolean,
): Promise<Commit[]> {
  const commits: Commit[] = [];
  for (const key of keys) {
    const salt = saltFor(runSalt, key);
    const commitment = commitmentOf(signer.address, datanetId, key, salt);
    const [block, committedAt] = await suite.datanets.commitOf(signer.address, commitment);
    if (block !== 0n) commits.push({ key, salt, commitment, block, committedAt, tx: null });
    else {
      const receipt = await mined(suite.datanets.connect(signer).commitContribution(commitment));
      const mined_ = await receipt.getBlock();
      commits.push({
        key,
        salt,
        commitment,
        block: BigInt(receipt.blockNumber),
        committedAt: BigInt(mined_.timestamp),
        tx: receipt.hash,
      });
    }
    if (!json && keys.length > 1) progress("committed", commits.length, keys.length);
  }
  if (!json) {
    const last = commits.reduce((m, c) => (c.block > m ? c.block : m), 0n);
    const what = commits.length === 1 ? commits[0].commitment : `${commits.length} commitments`;
    const reused = commits.every((c) => c.tx === null) ? " (found on chain)" : "";
    process.stdout.write(
      `committed ${what} in block ${last.toString(10)}${reused}, revealing in a later block with a later timestamp…\n`,
    );
  }
  return commits;
}

/// Sends a reveal. The registry accepts it only in a later block with a later timestamp than the commit's (so that a
/// copy sent after seeing it is strictly later than the commit). A node that estimates in the latest block refuses it
/// while the latest block is not yet so; a chain that mines on demand may give the next block the commit's second.
/// Either way: wait, with a progress line, until the latest block is later in both, or a second of wall time has
/// passed (an on-demand chain then stamps the next block later), and send it again.
async function reveal(
  provider: Provider,
  commitBlock: bigint,
  committedAt: bigint,
  send: () => Promise<ContractTransactionResponse>,
  json: boolean,
): Promise<ContractTransactionReceipt> {
  const deadline = Date.now() + NEXT_BLOCK_TIMEOUT_MS;
  let waited = false;
  for (;;) {
    try {
      return await mined(send());
    } catch (err: unknown) {
      if (!decodeError(err).startsWith("CommitmentTooRecent")) throw err;
    }
    if (!json && !waited) {
      process.stdout.write(
        `waiting for a block after ${commitBlock.toString(10)} with a timestamp after ${committedAt.toString(10)}…\n`,
      );
    }
    waited = true;
    const triedAt = Date.now();
    for (;;) {
      if (Date.now() > deadline) {
        throw new OpenLedgerError(
          `no block after ${commitBlock.toString(10)} with a timestamp after ${committedAt.toString(10)} within ${NEXT_BLOCK_TIMEOUT_MS / 1000} s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      const latest = await provider.getBlock("latest");
      if (latest !== null && BigInt(latest.number) > commitBlock && BigInt(latest.timestamp) > committedAt) break;
      if (Date.now() - triedAt >= 1000) break;
    }
  }
}

/// The one line printed when a reveal fails after its commit: what failed, and how to finish.
function revealFailed(err: unknown, runSalt: string, done: number, total: number): OpenLedgerError {
  const progressNote = total > 1 ? ` (${done} of ${total} revealed)` : "";
  const reason = decodeError(err);
  const next = reason.startsWith("CommitmentExpired")
    ? "re-run without --salt to commit afresh"
    : `re-run with --salt ${runSalt} within 24 h to reveal the same commit, or without --salt to commit afresh`;
  return new OpenLedgerError(`the reveal failed after the commit${progressNote}: ${reason}; ${next}`);
}

/// Reveals the signer's commit to one file and returns what the registry recorded (a new record, or a takeover).
async function revealOne(
  suite: Suite,
  signer: Sender,
  datanetId: bigint,
  file: HashedFile,
  uri: string,
  commit: Commit,
  json: boolean,
): Promise<Sent> {
  const registry = suite.datanets.connect(signer);
  const receipt = await reveal(
    suite.connection.ethers.provider,
    commit.block,
    commit.committedAt,
    () => registry.revealContribution(datanetId, file.contentHash, uri, commit.salt),
    json,
  );
  const claimed = eventsIn<ContributionClaimedEvent.OutputObject>(receipt, suite.datanets, "ContributionClaimed");
  if (claimed.length > 0) {
    const record = await suite.datanets.contribution(datanetId, file.contentHash);
    return {
      name: file.name,
      contentHash: file.contentHash,
      index: record.index,
      status: statusName(STATUS_NAMES, claimed[0].status),
      uri,
      tx: receipt.hash,
      claimedFrom: claimed[0].previousContributor,
    };
  }
  const event = eventIn<ContributionSubmittedEvent.OutputObject>(receipt, suite.datanets, "ContributionSubmitted");
  return {
    name: file.name,
    contentHash: file.contentHash,
    index: event.index,
    status: statusName(STATUS_NAMES, event.status),
    uri,
    tx: receipt.hash,
    claimedFrom: null,
  };
}

/// Whether the signer can reveal `key` over an existing record or batch held by `holder` since `submittedAt`: only
/// with a commit of its own, found on chain (a re-run with --salt), made strictly before that time.
async function canTakeOver(
  suite: Suite,
  signer: Sender,
  datanetId: bigint,
  key: string,
  holder: string,
  submittedAt: bigint,
  runSalt: string | undefined,
): Promise<boolean> {
  if (runSalt === undefined || holder === signer.address) return false;
  const commitment = commitmentOf(signer.address, datanetId, key, saltFor(runSalt, key));
  const [block, committedAt] = await suite.datanets.commitOf(signer.address, commitment);
  return block !== 0n && committedAt < submittedAt;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const target = path.resolve(required("path", args.path));
  if (!Number.isInteger(args.batchThreshold) || args.batchThreshold < 0) {
    throw new OpenLedgerError(`--batch-threshold must be a non-negative integer, not ${args.batchThreshold}`);
  }
  if (args.direct && args.salt !== undefined) {
    throw new OpenLedgerError("--salt belongs to the commit–reveal path: drop --direct");
  }
  // The commit–reveal path (default): a random salt per run, or the one of an earlier run to finish it.
  const runSalt = args.direct ? undefined : (args.salt ?? randomSalt());
  if (runSalt !== undefined) saltFor(runSalt, `0x${"00".repeat(32)}`); // checks the format of --salt
  const { suite, signer } = await suiteAndSigner(hre, args);
  const registry = await suite.datanets.getAddress();
  const datanet = await suite.datanets.datanet(datanetId);
  const { folder, files } = await hashPath(target);
  const mode = runSalt === undefined ? "direct" : "commit-reveal";
  // A commit names no datanet: check here that the reveal will not meet a closed one.
  if (runSalt !== undefined && datanet.closed) {
    throw new OpenLedgerError(
      decodeRevertData(suite.datanets.interface.encodeErrorResult("DatanetIsClosed", [datanetId])),
    );
  }

  // One file: the contract decides (a duplicate reverts with DuplicateContribution). Before a commit, the same check
  // is made here, so that no commit is spent on a record that the reveal could not take.
  if (!folder) {
    const [file] = files;
    const uri = uriOf(args.uriPrefix, file.name, file.file);
    let sent: Sent;
    let commit: Commit | undefined;
    let approval: ContractTransactionReceipt | undefined;
    if (runSalt === undefined) {
      approval = await ensureAllowance(suite.open, signer, registry, datanet.bond);
      sent = await contributeOne(suite, signer, datanetId, file, uri);
    } else {
      const existing = await suite.datanets.contribution(datanetId, file.contentHash);
      if (
        existing.status !== 0n &&
        !(await canTakeOver(
          suite,
          signer,
          datanetId,
          file.contentHash,
          existing.contributor,
          existing.submittedAt,
          args.salt,
        ))
      ) {
        throw new OpenLedgerError(
          decodeRevertData(
            suite.datanets.interface.encodeErrorResult("DuplicateContribution", [datanetId, file.contentHash]),
          ),
        );
      }
      approval = await ensureAllowance(suite.open, signer, registry, datanet.bond);
      [commit] = await commitAll(suite, signer, datanetId, [file.contentHash], runSalt, args.json);
      try {
        sent = await revealOne(suite, signer, datanetId, file, uri, commit, args.json);
      } catch (err: unknown) {
        throw revealFailed(err, runSalt, 0, 1);
      }
    }
    printResult(
      {
        datanet: datanetId,
        file: shown(file.file),
        mode,
        contentHash: sent.contentHash,
        uri: sent.uri,
        index: sent.index,
        status: sent.status,
        ...(commit === undefined
          ? {}
          : { commitment: commit.commitment, commitTx: commit.tx ?? "-", claimedFrom: sent.claimedFrom ?? "-" }),
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

    const count = BigInt(content.count);
    const contract = suite.datanets.connect(signer);
    let receipt: ContractTransactionReceipt;
    let commit: Commit | undefined;
    let approval: ContractTransactionReceipt | undefined;
    if (runSalt === undefined) {
      approval = await ensureAllowance(suite.open, signer, registry, datanet.bond);
      receipt = await mined(contract.contributeRoot(datanetId, root, count, uri));
    } else {
      const existing = await suite.datanets.batch(datanetId, root);
      if (
        existing.status !== 0n &&
        !(await canTakeOver(suite, signer, datanetId, root, existing.submitter, existing.submittedAt, args.salt))
      ) {
        throw new OpenLedgerError(
          decodeRevertData(suite.datanets.interface.encodeErrorResult("DuplicateBatch", [datanetId, root])),
        );
      }
      approval = await ensureAllowance(suite.open, signer, registry, datanet.bond);
      [commit] = await commitAll(suite, signer, datanetId, [root], runSalt, args.json);
      const c = commit;
      try {
        receipt = await reveal(
          suite.connection.ethers.provider,
          c.block,
          c.committedAt,
          () => contract.revealContributionRoot(datanetId, root, count, uri, c.salt),
          args.json,
        );
      } catch (err: unknown) {
        throw revealFailed(err, runSalt, 0, 1);
      }
    }
    const claimed = eventsIn<BatchClaimedEvent.OutputObject>(receipt, suite.datanets, "BatchClaimed");
    let batchIndex: bigint | string;
    let status: bigint;
    if (claimed.length > 0) {
      // A takeover keeps the batch's index, which its BatchSubmitted event (of the copy) tells.
      batchIndex = "-";
      status = claimed[0].status;
    } else {
      const event = eventIn<BatchSubmittedEvent.OutputObject>(receipt, suite.datanets, "BatchSubmitted");
      batchIndex = event.index;
      status = event.status;
    }
    printResult(
      {
        datanet: datanetId,
        folder: shown(target),
        files: files.length,
        mode: runSalt === undefined ? "merkle root" : "merkle root, commit-reveal",
        sameContent: names(duplicates, args.json),
        root,
        count,
        batchIndex,
        status: statusName(STATUS_NAMES, status),
        uri,
        treeFile: shown(out),
        ...(commit === undefined
          ? {}
          : {
              commitment: commit.commitment,
              commitTx: commit.tx ?? "-",
              claimedFrom: claimed.length > 0 ? claimed[0].previousSubmitter : "-",
            }),
        bond: args.json ? datanet.bond : formatOpen(datanet.bond),
        approval: approval?.hash ?? "-",
        tx: receipt.hash,
      },
      args.json,
    );
    return;
  }

  // A few files: one contribution each, skipping the ones this datanet already holds (unless an earlier commit of
  // this signer, found with --salt, lets the reveal take a later copy over).
  const todo: HashedFile[] = [];
  const already: Array<{ name: string; contentHash: string; contributor: string; status: string }> = [];
  for (const file of unique) {
    const existing = await suite.datanets.contribution(datanetId, file.contentHash);
    if (
      existing.status === 0n ||
      (await canTakeOver(
        suite,
        signer,
        datanetId,
        file.contentHash,
        existing.contributor,
        existing.submittedAt,
        args.salt,
      ))
    ) {
      todo.push(file);
    } else {
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
  if (runSalt === undefined) {
    for (const file of todo) {
      sent.push(await contributeOne(suite, signer, datanetId, file, uriOf(args.uriPrefix, file.name, file.file)));
      if (!args.json) progress("contributed", sent.length, todo.length);
    }
  } else if (todo.length > 0) {
    // Every commit first, then every reveal: one wait for a later block (and second) in all.
    const commits = await commitAll(
      suite,
      signer,
      datanetId,
      todo.map((f) => f.contentHash),
      runSalt,
      args.json,
    );
    for (const [i, file] of todo.entries()) {
      try {
        sent.push(
          await revealOne(
            suite,
            signer,
            datanetId,
            file,
            uriOf(args.uriPrefix, file.name, file.file),
            commits[i],
            args.json,
          ),
        );
      } catch (err: unknown) {
        throw revealFailed(err, runSalt, sent.length, todo.length);
      }
      if (!args.json) progress("revealed", sent.length, todo.length);
    }
  }
  if (args.json) {
    printResult(
      {
        datanet: datanetId,
        folder: shown(target),
        files: files.length,
        mode: runSalt === undefined ? "one by one" : "one by one, commit-reveal",
        contributed: sent,
        alreadyContributed: already,
        sameContent: duplicates.map((f) => f.name),
        approval: approval?.hash ?? null,
      },
      true,
    );
    return;
  }
  for (const s of sent) {
    const claimed = s.claimedFrom === null ? "" : `, taken over from ${s.claimedFrom}`;
    process.stdout.write(`+ ${s.name}  ${s.contentHash}  #${s.index.toString(10)} ${s.status}${claimed}\n`);
  }
  for (const a of already) process.stdout.write(`= ${a.name}  ${a.contentHash}  already ${a.status}\n`);
  printResult(
    {
      datanet: datanetId,
      folder: shown(target),
      files: files.length,
      mode: runSalt === undefined ? "one by one" : "one by one, commit-reveal",
      contributed: sent.length,
      alreadyContributed: already.length,
      sameContent: names(duplicates, false),
      bond: formatOpen(datanet.bond * BigInt(sent.length)),
      approval: approval?.hash ?? "-",
    },
    false,
  );
});
