/// The attribution files on disk: allocation files, inference logs and tree files, read and validated with the pure
/// parsers of the attribution modules; and the lists of tree files that claims and checks take.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  groupTrees,
  loadTree as loadTreeFrom,
  parseAllocation,
  parseAllocationOrTree,
  parseInferenceLog,
  parseTreeFile,
} from "../attribution/index.js";
import type { Allocation, InferenceRecord, LoadedTree, ProofSource, TreeFile } from "../attribution/index.js";
import { OpenLedgerError } from "../errors/index.js";
import { isTreeStore, readManifest, readProof } from "./tree-store.js";

/// The parsed JSON of a file; a one-line OpenLedgerError when it is missing or not JSON.
export function readJson(file: string): unknown {
  if (!existsSync(file)) throw new OpenLedgerError(`${file}: no such file`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function readAllocationFile(file: string): Allocation {
  return parseAllocation(readJson(file), file);
}

/// Writes an allocation file: two-space JSON, bigints as decimal strings.
export function writeAllocationFile(file: string, allocation: Allocation): void {
  const text = JSON.stringify(allocation, (_k, v: unknown) => (typeof v === "bigint" ? v.toString(10) : v), 2);
  writeFileSync(file, `${text}\n`);
}

/// An allocation from either an allocation file or a tree file (as `--previous` accepts both).
export function readAllocationOrTree(file: string): Allocation {
  return parseAllocationOrTree(readJson(file), file);
}

export function readInferenceLog(file: string): InferenceRecord[] {
  if (!existsSync(file)) throw new OpenLedgerError(`${file}: no such file`);
  return parseInferenceLog(readFileSync(file, "utf8"), file);
}

export function readTreeFile(file: string): TreeFile {
  return parseTreeFile(readJson(file), file);
}

/// A tree file from its parsed JSON, its JSON text, or its path. Throws a one-line OpenLedgerError when the file is
/// missing or malformed.
export function loadTree(source: unknown): TreeFile {
  if (typeof source === "string" && !source.trimStart().startsWith("{")) return readTreeFile(source);
  return loadTreeFrom(source);
}

/// The tree files named by `spec`: a comma-separated list of tree files, tree stores (`<name>.tree/` folders) and
/// folders; a folder gives its `*.tree.json` files and its tree stores (a store only when no `<name>.tree.json` is
/// next to it: both hold the same tree).
export function listTreeFiles(spec: string): string[] {
  const files: string[] = [];
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")) {
    if (!existsSync(part)) throw new OpenLedgerError(`${part}: no such file or folder`);
    if (statSync(part).isDirectory() && !isTreeStore(part)) {
      const names = readdirSync(part);
      const json = new Set(names.filter((f) => f.endsWith(".tree.json")));
      const inFolder = names
        .filter(
          (f) => json.has(f) || (f.endsWith(".tree") && !json.has(`${f}.json`) && isTreeStore(path.join(part, f))),
        )
        .sort()
        .map((f) => path.join(part, f));
      if (inFolder.length === 0) throw new OpenLedgerError(`${part}: no *.tree.json file or tree store in this folder`);
      files.push(...inFolder);
    } else {
      files.push(part);
    }
  }
  if (files.length === 0) throw new OpenLedgerError("no tree file given");
  return files;
}

/// Reads the tree files of `spec` (see `listTreeFiles`), grouped by datanet id, newest epoch first. A tree store is
/// opened as a proof source (`storeProofSource`): only its manifest is read, and each proof when it is asked for.
export function loadTrees(spec: string): Map<string, LoadedTree[]> {
  return groupTrees(
    listTreeFiles(spec).map((file) => ({
      file,
      tree: isTreeStore(file) ? storeProofSource(file) : readTreeFile(file),
    })),
  );
}

/// The tree store at `dir` as a proof source for claims and checks: its root and allocation header from the
/// manifest, and each account's proof read in O(log N) (a few positional reads, checked against the root) when asked.
/// Throws a one-line OpenLedgerError when the manifest is missing or malformed.
export function storeProofSource(dir: string): ProofSource {
  let manifest: ReturnType<typeof readManifest>;
  try {
    manifest = readManifest(dir);
  } catch (err: unknown) {
    throw new OpenLedgerError(err instanceof Error ? err.message : String(err));
  }
  const a = manifest.allocation;
  const allocation = {
    chainId: Number(a.chainId),
    settlement: String(a.settlement),
    datanetId: String(a.datanetId),
    epoch: Number(a.epoch),
  };
  return {
    root: manifest.root.toLowerCase(),
    allocation,
    proofFor: (account: string) => readProof(dir, account),
  };
}
