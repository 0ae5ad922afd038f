/// How datanet:contribute prints what it did: one record, one Merkle batch, or several records one by one.
import path from "node:path";
import type { ContributeManyReturnType, ContributeReturnType } from "../../package/src/actions/index.js";
import { formatOpen, printResult } from "../lib/index.js";
import type { HashedFile } from "../../package/src/node/index.js";

interface Shown {
  target: string;
  files: HashedFile[];
  json: boolean;
  direct: boolean;
}

const rel = (file: string): string => path.relative(process.cwd(), file) || file;

/// The names of `files`: an array for JSON, "-" for none in the human output.
function names(files: HashedFile[], json: boolean): string[] | string {
  return json || files.length > 0 ? files.map((f) => f.name) : "-";
}

const commitOut = (r: ContributeReturnType) =>
  r.commit === undefined
    ? {}
    : { commitment: r.commit.commitment, commitTx: r.commit.tx ?? "-", claimedFrom: r.claimedFrom ?? "-" };

/// One record (`file`), or one Merkle batch (`batch`: its tree file, its count and the files of the same content).
export function printOne(
  r: ContributeReturnType,
  datanet: bigint,
  s: Shown,
  one: { file: string } | { out: string; count: bigint; dups: HashedFile[] },
): void {
  const bond = s.json ? r.bond : formatOpen(r.bond);
  const tail = { ...commitOut(r), bond, approval: r.approval ?? "-", tx: r.receipt.hash };
  if ("file" in one) {
    const mode = s.direct ? "direct" : "commit-reveal";
    const out = {
      datanet,
      file: rel(one.file),
      mode,
      contentHash: r.key,
      uri: r.uri,
      index: r.index,
      status: r.status,
    };
    return printResult({ ...out, ...tail }, s.json);
  }
  printResult(
    {
      ...{ datanet, folder: rel(s.target), files: s.files.length },
      mode: s.direct ? "merkle root" : "merkle root, commit-reveal",
      sameContent: names(one.dups, s.json),
      ...{ root: r.key, count: one.count, batchIndex: r.index ?? "-", status: r.status, uri: r.uri },
      treeFile: rel(one.out),
      ...tail,
    },
    s.json,
  );
}

export function printMany(r: ContributeManyReturnType, datanet: bigint, dups: HashedFile[], s: Shown): void {
  const nameOf = (hash: string): string => s.files.find((f) => f.contentHash === hash)?.name ?? hash;
  const sent = r.contributed.map((c) => ({
    name: nameOf(c.key),
    contentHash: c.key,
    index: c.index,
    status: c.status,
    uri: c.uri,
    tx: c.receipt.hash,
    claimedFrom: c.claimedFrom,
  }));
  const already = r.existing.map((e) => ({ name: nameOf(e.contentHash), ...e }));
  const mode = s.direct ? "one by one" : "one by one, commit-reveal";
  const head = { datanet, folder: rel(s.target), files: s.files.length, mode };
  if (s.json) {
    const sameContent = dups.map((f) => f.name);
    printResult(
      { ...head, contributed: sent, alreadyContributed: already, sameContent, approval: r.approval ?? null },
      true,
    );
    return;
  }
  for (const c of sent) {
    const claimed = c.claimedFrom === null ? "" : `, taken over from ${c.claimedFrom}`;
    process.stdout.write(`+ ${c.name}  ${c.contentHash}  #${String(c.index)} ${c.status}${claimed}\n`);
  }
  for (const a of already) process.stdout.write(`= ${a.name}  ${a.contentHash}  already ${a.status}\n`);
  printResult(
    {
      ...head,
      contributed: sent.length,
      alreadyContributed: already.length,
      sameContent: names(dups, false),
      bond: formatOpen(r.bond * BigInt(sent.length)),
      approval: r.approval ?? "-",
    },
    false,
  );
}
