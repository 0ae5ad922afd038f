/// Records contributed to a datanet, on disk: the files' content hashes, reading and writing record tree files, and
/// the manifests of datanet versions.
/// The pure parts (commitments, leaves, the batch tree, the tree file's content and its checks) are in
/// package/src/datanets/records.ts.
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256 } from "ethers";
import { checkRecordTreeFile } from "../datanets/records.js";
import type { RecordLeaf, RecordTreeFile } from "../datanets/records.js";
import { manifestJson, parseVersionManifest } from "../datanets/versions.js";
import type { DatanetVersionManifest } from "../datanets/versions.js";
import { OpenLedgerError } from "../errors/index.js";
import { toJson } from "../format/index.js";

/// A file and its content hash.
export interface HashedFile {
  /// Absolute path of the file.
  file: string;
  /// Path relative to the folder that was hashed (posix separators), or the file name for a single file.
  name: string;
  contentHash: string;
  size: number;
}

/// keccak256 of the bytes of `file`.
export async function hashFile(file: string, name = path.basename(file)): Promise<HashedFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { file: path.resolve(file), name, contentHash: keccak256(bytes), size: bytes.length };
}

/// Every regular file under `dir`, recursively, as paths relative to `dir` with posix separators, sorted.
/// Symbolic links are not followed.
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string): void => {
    const entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk("");
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/// The files that `target` names: the file itself, or every file of the folder (see `listFiles`), hashed.
export async function hashPath(target: string): Promise<{ folder: boolean; files: HashedFile[] }> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(target).isDirectory();
  } catch {
    throw new OpenLedgerError(`no such file or folder: ${target}`);
  }
  if (!isDirectory) return { folder: false, files: [await hashFile(target)] };
  const names = listFiles(target);
  if (names.length === 0) throw new OpenLedgerError(`the folder ${target} holds no file`);
  const files: HashedFile[] = [];
  for (const name of names) files.push(await hashFile(path.join(target, name), name));
  return { folder: true, files };
}

/// Writes a record tree file (creating its folder).
export function writeRecordTreeFile(file: string, content: RecordTreeFile): void {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, `${toJson(content)}\n`);
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/// Reads a record tree file and checks it: its format, that the dump rebuilds the stated root, and every proof.
export function readRecordTreeFile(file: string): { tree: StandardMerkleTree<RecordLeaf>; content: RecordTreeFile } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return checkRecordTreeFile(parsed, file);
}

/// Writes the manifest of a datanet version as its canonical JSON (creating its folder), through a temporary file
/// renamed over it: a reader never sees half a manifest.
export function writeVersionManifest(file: string, manifest: DatanetVersionManifest): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(tmp, manifestJson(manifest));
    renameSync(tmp, file);
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/// Reads the manifest of a datanet version and checks its kind and format.
export function readVersionManifest(file: string): DatanetVersionManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseVersionManifest(parsed, file);
}
