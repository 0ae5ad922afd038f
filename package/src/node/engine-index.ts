/// The attribution engine's index files on disk: written piece by piece to a temporary file that is renamed over the
/// target once complete (so the file is either what it was or the whole new index), read back whole. Both hash with
/// Node's sha256, which gives the digest of the format (./attribution/engine/index.ts) faster than the pure one.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { deserialiseIndex, indexFileChunks } from "../attribution/index.js";
import type { EngineIndex, Hasher } from "../attribution/index.js";
import { OpenLedgerError } from "../errors/index.js";

const nodeSha256 = (): Hasher => {
  const hash = createHash("sha256");
  return { update: (data) => hash.update(data), digest: () => hash.digest() };
};

/// Writes the index file of `index` atomically and returns its size in bytes. Throws a one-line OpenLedgerError
/// when it cannot be written; the temporary file is then removed.
export function writeIndexFile(file: string, index: EngineIndex): number {
  const partial = `${file}.partial-${process.pid}`;
  let fd: number | undefined;
  let size = 0;
  try {
    fd = openSync(partial, "w");
    for (const chunk of indexFileChunks(index, { sha256: nodeSha256 })) {
      for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at, chunk.length - at);
      size += chunk.length;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(partial, file);
    return size;
  } catch (err: unknown) {
    if (fd !== undefined) closeSync(fd);
    rmSync(partial, { force: true });
    if (err instanceof OpenLedgerError) throw err;
    throw new OpenLedgerError(
      `cannot write the index file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/// Reads and checks an index file (see `deserialiseIndex`); every failure is one line naming the file.
export function readIndexFile(file: string): EngineIndex {
  if (!existsSync(file)) throw new OpenLedgerError(`${file}: no such file`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `cannot read the index file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    return deserialiseIndex(bytes, { sha256: nodeSha256 });
  } catch (err: unknown) {
    throw new OpenLedgerError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
