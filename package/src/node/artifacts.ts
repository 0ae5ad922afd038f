/// The error fragments of a folder of Hardhat artifacts, for the decoder (`describeError`): those ABIs include the
/// errors inherited from OpenZeppelin bases, so `ERC20InsufficientAllowance`, `AccessManagedUnauthorized`, ... come
/// out with their argument names.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Interface } from "ethers";
import { errorsOf } from "../errors/index.js";

/// Every contract artifact under `dir`, sorted, so that the first artifact naming a signature gives its argument
/// names; none if the folder does not exist (before the first build).
export function listArtifactFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const all = readdirSync(dir, { recursive: true, encoding: "utf8" });
  const isArtifact = (f: string): boolean =>
    f.endsWith(".json") && !f.endsWith(".dbg.json") && !f.split(path.sep).includes("build-info");
  return all
    .filter(isArtifact)
    .map((f) => path.join(dir, f))
    .sort();
}

/// The ABI of an artifact file; empty if it cannot be read.
function abiOf(file: string): unknown[] {
  try {
    const abi = (JSON.parse(readFileSync(file, "utf8")) as { abi?: unknown }).abi;
    return Array.isArray(abi) ? (abi as unknown[]) : [];
  } catch {
    return [];
  }
}

/// Every error fragment of every artifact under `dir` (e.g. `artifacts/contracts`), deduplicated by signature.
export function errorsFromArtifacts(dir: string): Interface {
  return errorsOf(listArtifactFiles(dir).map(abiOf));
}

/// The artifact of contract `name` below `dir`: `<dir>/<domain>/<Name>.sol/<Name>.json`, wherever the domain folder
/// is; undefined when there is none.
export function findArtifact(name: string, dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (!statSync(full).isDirectory()) continue;
    if (entry === `${name}.sol` && existsSync(path.join(full, `${name}.json`))) return path.join(full, `${name}.json`);
    const found = findArtifact(name, full);
    if (found !== undefined) return found;
  }
  return undefined;
}
