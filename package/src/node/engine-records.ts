/// The records of datanet versions for the attribution engine: which records a version holds and who contributed
/// each (from the chain, through `datanetVersionManifest`), and their texts (from files the user gives), each text
/// checked against its on-chain content hash.
///
/// Texts come from a JSON-lines file, one `{ "contentHash": "0x…", "text": "…" }` per line, or from a folder whose
/// files are the records' bytes: a file named `<contentHash>` (with any extension) is that record's text, any other
/// file is the record its bytes hash to. A content hash is keccak256 of the text's UTF-8 bytes.
import { readFileSync, readdirSync, statSync } from "node:fs";
import type { Dirent } from "node:fs";
import path from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { datanetVersionManifest } from "../actions/datanets/versions.js";
import type { RecordTreeFile } from "../datanets/records.js";
import { readRecordTreeFile } from "./records.js";
import type { Client } from "../client.js";
import type { EngineRecord } from "../attribution/index.js";
import { OpenLedgerError } from "../errors/index.js";

/// One text given for a record, and where it came from (for error lines).
export interface RecordText {
  /// The content hash it is given for (lowercase 0x-hex).
  contentHash: string;
  text: string;
  /// `<file>:<line>` or the file's path.
  source: string;
}

export interface VersionRecordsParameters {
  datanetId: bigint;
  /// The version (default: the latest published).
  version?: bigint;
  /// The texts, by content hash (see `readRecordTexts`).
  texts: ReadonlyMap<string, RecordText>;
  /// The record tree files of the version's Merkle batches, by root (see `readRecordTrees`).
  trees?: ReadonlyMap<string, RecordTreeFile>;
}

const HASH = /^0x[0-9a-fA-F]{64}$/;

const add = (texts: Map<string, RecordText>, entry: RecordText): void => {
  const before = texts.get(entry.contentHash);
  if (before !== undefined && before.text !== entry.text) {
    throw new OpenLedgerError(
      `record ${entry.contentHash} is given twice with different texts: ${before.source} and ${entry.source}`,
    );
  }
  texts.set(entry.contentHash, entry);
};

/// The texts of a JSON-lines file or a folder (see the module header), by content hash. Texts are not checked here:
/// `versionRecords` checks each one it uses against the chain.
export function readRecordTexts(target: string): Map<string, RecordText> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(target).isDirectory();
  } catch {
    throw new OpenLedgerError(`no such records file or folder: ${target}`);
  }
  const texts = new Map<string, RecordText>();
  if (isDirectory) {
    for (const name of listRecordFiles(target)) {
      const file = path.join(target, name);
      const bytes = readFileSync(file);
      const stem = path.basename(name).split(".")[0];
      const contentHash = (HASH.test(stem) ? stem : keccak256(bytes)).toLowerCase();
      add(texts, { contentHash, text: bytes.toString("utf8"), source: file });
    }
    return texts;
  }
  let content: string;
  try {
    content = readFileSync(target, "utf8");
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${target}: ${err instanceof Error ? err.message : String(err)}`);
  }
  content.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const source = `${target}:${i + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new OpenLedgerError(`${source}: not a JSON line`);
    }
    const o = parsed as { contentHash?: unknown; text?: unknown } | null;
    if (typeof o !== "object" || o === null || typeof o.text !== "string") {
      throw new OpenLedgerError(`${source}: a record line is { "contentHash": "0x…", "text": "…" }`);
    }
    if (o.contentHash !== undefined && (typeof o.contentHash !== "string" || !HASH.test(o.contentHash))) {
      throw new OpenLedgerError(`${source}: contentHash must be 32 bytes of 0x-hex`);
    }
    const contentHash = (
      typeof o.contentHash === "string" ? o.contentHash : keccak256(toUtf8Bytes(o.text))
    ).toLowerCase();
    add(texts, { contentHash, text: o.text, source });
  });
  return texts;
}

/// The record tree files (as datanet:contribute writes them) that `target` names, a file or every `.json` file of a
/// folder, each checked (its records rebuild its root, every proof holds), by lowercase root.
export function readRecordTrees(target: string): Map<string, RecordTreeFile> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(target).isDirectory();
  } catch {
    throw new OpenLedgerError(`no such tree file or folder: ${target}`);
  }
  const files = isDirectory
    ? listRecordFiles(target)
        .filter((name) => name.endsWith(".json"))
        .map((name) => path.join(target, name))
    : [target];
  const trees = new Map<string, RecordTreeFile>();
  for (const file of files) {
    const { content } = readRecordTreeFile(file);
    trees.set(content.root.toLowerCase(), content);
  }
  return trees;
}

/// The files under `dir`, relative, sorted; hidden files are left out.
function listRecordFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSorted(path.join(dir, relative))) {
      if (entry.name.startsWith(".")) continue;
      const child = relative === "" ? entry.name : path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk("");
  return out;
}

const readdirSorted = (dir: string): Dirent[] =>
  readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/// The accepted records of a datanet version, with their contributors as of the version's block (from the chain) and
/// their texts (from `texts`), in acceptance order; a Merkle batch's records from its tree file (`trees`), credited
/// to its submitter as of the version's block. Throws one line for a record without a text, a text that does not
/// hash to its record's on-chain content hash, or a batch without its tree file.
export async function versionRecords(client: Client, params: VersionRecordsParameters): Promise<EngineRecord[]> {
  const { datanetId, texts } = params;
  const version = params.version ?? (await client.datanets.versionCount(datanetId));
  const where = `datanet ${datanetId.toString(10)}`;
  if (version === 0n) throw new OpenLedgerError(`${where} has no published version`);
  const manifest = await datanetVersionManifest(client, { datanetId, version });
  const records: EngineRecord[] = [];
  const push = (hash: string, contributor: string, acceptance: number): void => {
    const contentHash = hash.toLowerCase();
    const given = texts.get(contentHash);
    if (given === undefined) {
      throw new OpenLedgerError(
        `record ${contentHash} of ${where} version ${manifest.version} (acceptance ${acceptance}) has no text in the records given`,
      );
    }
    const actual = keccak256(toUtf8Bytes(given.text)).toLowerCase();
    if (actual !== contentHash) {
      throw new OpenLedgerError(
        `record ${contentHash} of ${where} (${given.source}): its text hashes to ${actual}, not its on-chain content hash`,
      );
    }
    records.push({ datanetId, version: manifest.version, contentHash, contributor, text: given.text });
  };
  for (const c of manifest.contributions) {
    if (c.kind === "record") {
      push(c.contentHash, c.contributor, c.acceptance);
      continue;
    }
    // A batch: its records are in its tree file (checked against its root when read), its submitter's.
    const tree = params.trees?.get(c.root.toLowerCase());
    if (tree === undefined) {
      throw new OpenLedgerError(
        `version ${manifest.version} of ${where} holds the batch ${c.root} (acceptance ${c.acceptance}): give its tree file`,
      );
    }
    if (BigInt(tree.datanetId) !== datanetId || tree.records.length !== c.count) {
      throw new OpenLedgerError(
        `the tree file of batch ${c.root} is for datanet ${tree.datanetId} with ${tree.records.length} records, ` +
          `not ${where} with ${c.count}`,
      );
    }
    for (const r of tree.records) push(r.contentHash, c.submitter, c.acceptance);
  }
  return records;
}
