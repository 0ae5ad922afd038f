import path from "node:path";
import { pathToFileURL } from "node:url";
import { contribute, contributeMany, revealFailureOf } from "../../package/src/actions/index.js";
import type { Progress } from "../../package/src/actions/index.js";
import { parseId, progress, required, runTask, clientAndSigner, OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { dedupeRecords, randomSalt, saltFor, recordTreeFileOf } from "../../package/src/datanets/index.js";
import { hashPath, writeRecordTreeFile } from "../../package/src/node/index.js";
import { printMany, printOne } from "./datanet-contribute-out.js";

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

/// The SDK's progress, as the task has always printed it: counters, the commit line and the wait line.
function printProgress(p: Progress): void {
  if (p.step !== undefined && p.total !== undefined) progress(p.message, p.step, p.total);
  else if (/^(committed|waiting) /.test(p.message)) process.stdout.write(`${p.message}\n`);
}

/// The one line printed when a reveal fails after its commit: what failed, and how to finish.
function finishHint(err: unknown): unknown {
  const f = revealFailureOf(err);
  if (f === undefined) return err;
  const note = f.total > 1 ? ` (${f.revealed} of ${f.total} revealed)` : "";
  const next = f.reason.startsWith("CommitmentExpired")
    ? "re-run without --salt to commit afresh"
    : `re-run with --salt ${f.runSalt} within 24 h to reveal the same commit, or without --salt to commit afresh`;
  return new OpenLedgerError(`the reveal failed after the commit${note}: ${f.reason}; ${next}`);
}

export default runTask(async (args: Args, hre): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const target = path.resolve(required("path", args.path));
  if (!Number.isInteger(args.batchThreshold) || args.batchThreshold < 0) {
    throw new OpenLedgerError(`--batch-threshold must be a non-negative integer, not ${args.batchThreshold}`);
  }
  if (args.direct && args.salt !== undefined)
    throw new OpenLedgerError("--salt belongs to the commit–reveal path: drop --direct");
  // The commit–reveal path (default): a random salt per run, or the one of an earlier run to finish it.
  const runSalt = args.direct ? undefined : (args.salt ?? randomSalt());
  if (runSalt !== undefined) saltFor(runSalt, `0x${"00".repeat(32)}`); // checks the format of --salt
  const { suite, client, signer } = await clientAndSigner(hre, args);
  await client.datanets.datanet(datanetId); // UnknownDatanet before the files are read
  const { folder, files } = await hashPath(target);
  const common = {
    datanetId,
    commitReveal: runSalt === undefined ? undefined : { salt: runSalt },
    waitMs: NEXT_BLOCK_TIMEOUT_MS,
    onProgress: args.json ? undefined : printProgress,
  };
  const shown = { target, files, json: args.json, direct: runSalt === undefined };
  try {
    if (!folder) {
      const [file] = files;
      const r = await contribute(client, { ...common, ...file, uri: uriOf(args.uriPrefix, file.name, file.file) });
      return printOne(r, datanetId, shown, { file: file.file });
    }
    const { unique, duplicates } = dedupeRecords(files);
    if (unique.length > args.batchThreshold) {
      // Many files: one Merkle root over [contributor, contentHash, weight = 1], and the tree file with every proof.
      const { chainId } = suite.deployment;
      const contributor = signer.address;
      const { tree, content } = recordTreeFileOf({ chainId, datanetId, contributor, uri: "", files: unique });
      const name = `${datanetId.toString(10)}-${tree.root.slice(2, 10)}.json`;
      const out = path.resolve(args.out ?? path.join("contributions", name));
      // The root's URI is where the tree file will be found: the prefix and the file's name, else its file:// URL.
      content.uri = uriOf(args.uriPrefix, path.basename(out), out);
      writeRecordTreeFile(out, content);
      const r = await contribute(client, {
        ...common,
        root: tree.root,
        count: BigInt(content.count),
        uri: content.uri,
      });
      return printOne(r, datanetId, shown, { out, count: BigInt(content.count), dups: duplicates });
    }
    const records = unique.map((f) => ({ contentHash: f.contentHash, uri: uriOf(args.uriPrefix, f.name, f.file) }));
    const r = await contributeMany(client, { ...common, records });
    printMany(r, datanetId, duplicates, shown);
  } catch (err: unknown) {
    throw finishHint(err);
  }
});
