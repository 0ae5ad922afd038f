/// Writing a tree file without ever holding it in one string, atomically (a temporary file renamed over it), and
/// reading one back to check that it is what was meant to be written.
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { treeFileChunks, treeFileContentProblem, treeFileOf } from "../attribution/index.js";
import type { Allocation, AttributionTree, PostedInfo, TreeFile } from "../attribution/index.js";
import { OpenLedgerError } from "../errors/index.js";
import { readTreeFile } from "./files.js";

/// Writes the tree file of an allocation (see `writeTreeFileStreamed`) and returns its content.
export function writeTreeFile(
  file: string,
  allocation: Allocation,
  tree: AttributionTree,
  posted?: PostedInfo,
): TreeFile {
  writeTreeFileStreamed(file, allocation, tree, posted);
  return treeFileOf(allocation, tree, posted);
}

const WRITE_BUFFER = 1 << 20;

/// Writes the tree file of an allocation without ever holding it in one string (`treeFileChunks`), to a temporary
/// file next to it that is renamed over `file` once complete: `file` is either what it was or the whole new file,
/// never a part. Returns the SHA-256 of what it wrote (hex), with which `treeFileProblem` reads a large file back.
/// Throws a one-line OpenLedgerError when it cannot be written; the temporary file is then removed.
export function writeTreeFileStreamed(
  file: string,
  allocation: Allocation,
  tree: AttributionTree,
  posted?: PostedInfo,
): string {
  const partial = `${file}.partial-${process.pid}`;
  const digest = createHash("sha256");
  let fd: number | undefined;
  try {
    fd = openSync(partial, "w");
    let buffer = "";
    const flush = (descriptor: number): void => {
      const bytes = Buffer.from(buffer, "utf8");
      digest.update(bytes);
      writeSync(descriptor, bytes);
      buffer = "";
    };
    for (const chunk of treeFileChunks(allocation, tree, posted)) {
      buffer += chunk;
      if (buffer.length >= WRITE_BUFFER) flush(fd);
    }
    if (buffer !== "") flush(fd);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(partial, file);
    return digest.digest("hex");
  } catch (err: unknown) {
    if (fd !== undefined) closeSync(fd);
    rmSync(partial, { force: true });
    if (err instanceof OpenLedgerError) throw err;
    throw new OpenLedgerError(
      `cannot write the tree file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/// Tree files up to this size are read back whole and verified by parsing; larger ones are compared to the text
/// that `treeFileChunks` gives, piece by piece (a JSON text that large cannot be one string).
export const TREE_FILE_PARSE_LIMIT = 256 * 1024 * 1024;

/// Why the tree file at `file` is not the verified tree file of `allocation`, or undefined when it is: it exists,
/// its root is the allocation's root, every proof verifies and its total is the allocation's. A file with any
/// `posted` block passes. Above `parseLimit` bytes the file must be exactly what `treeFileChunks` writes (whose
/// proofs it checks as it goes), without or with one of `posted`; with `written`, the SHA-256 that
/// `writeTreeFileStreamed` returned, the file is only hashed and compared with it.
export function treeFileProblem(
  file: string,
  allocation: Allocation,
  tree: AttributionTree,
  posted: readonly PostedInfo[] = [],
  parseLimit = TREE_FILE_PARSE_LIMIT,
  written?: string,
): string | undefined {
  if (!existsSync(file)) return "no such file";
  const size = statSync(file).size;
  if (size > parseLimit) {
    if (written !== undefined) return sha256Of(file) === written ? undefined : "its content is not what was written";
    for (const variant of [undefined, ...posted]) {
      if (sameText(file, size, treeFileChunks(allocation, tree, variant))) return undefined;
    }
    return "its content is not the allocation's tree";
  }
  let content: TreeFile;
  try {
    content = readTreeFile(file);
  } catch (err: unknown) {
    return err instanceof Error ? err.message : String(err);
  }
  return treeFileContentProblem(content, allocation, tree);
}

/// The SHA-256 of a file (hex), read a megabyte at a time.
function sha256Of(file: string): string {
  const digest = createHash("sha256");
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(WRITE_BUFFER);
    for (
      let n = readSync(fd, buffer, 0, buffer.length, null);
      n > 0;
      n = readSync(fd, buffer, 0, buffer.length, null)
    ) {
      digest.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return digest.digest("hex");
}

/// Whether the `size` bytes of `file` are exactly the concatenation of `chunks`.
function sameText(file: string, size: number, chunks: Iterable<string>): boolean {
  const fd = openSync(file, "r");
  try {
    let offset = 0;
    for (const chunk of chunks) {
      const expected = Buffer.from(chunk, "utf8");
      if (offset + expected.length > size) return false;
      const actual = Buffer.alloc(expected.length);
      let read = 0;
      while (read < expected.length) {
        const n = readSync(fd, actual, read, expected.length - read, offset + read);
        if (n === 0) return false;
        read += n;
      }
      if (!actual.equals(expected)) return false;
      offset += expected.length;
    }
    return offset === size;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/// Makes `file` the verified tree file of `allocation`: reused when it already is, else written and read back.
/// Throws a one-line OpenLedgerError, ending with `context` (say, what happened on-chain), when it cannot be written
/// or does not verify once written.
export function ensureTreeFile(
  file: string,
  allocation: Allocation,
  tree: AttributionTree,
  posted: PostedInfo | undefined,
  context: string,
): "reused" | "written" {
  const variants = posted === undefined ? [] : [posted];
  if (treeFileProblem(file, allocation, tree, variants) === undefined) return "reused";
  let written: string;
  try {
    written = writeTreeFileStreamed(file, allocation, tree, posted);
  } catch (err: unknown) {
    throw new OpenLedgerError(`${err instanceof Error ? err.message : String(err)}; ${context}`);
  }
  const problem = treeFileProblem(file, allocation, tree, variants, undefined, written);
  if (problem !== undefined) {
    throw new OpenLedgerError(`the tree file ${file} does not verify once written (${problem}); ${context}`);
  }
  return "written";
}
