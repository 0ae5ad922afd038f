/// What `attribution:verify --recompute` checks: every inference settled on-chain that credited the allocation's
/// datanet, up to the allocation's block (an epoch's amounts are cumulative, so epoch N covers every earlier
/// settlement), attributed again by the engine from the inference's output, over the index of the training set its
/// model had when it was settled, against the attribution hash of its InferenceSettled event. The indexes are index
/// files (`--index`), or built here from the records of each training set (`--records`, with `--trees` for Merkle
/// batches): their contributors from the chain, their texts from the files, each checked against its on-chain content
/// hash, so that a record whose text was changed is refused in one line naming it.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ZeroHash } from "ethers";
import { settledInferences } from "../../package/src/actions/index.js";
import { attribute, buildIndex } from "../../package/src/attribution/index.js";
import type { EngineIndex } from "../../package/src/attribution/index.js";
import type { AllocationHeader, Mismatch } from "../../package/src/index.js";
import type { Client } from "../../package/src/client.js";
import { readIndexFile, readRecordTexts, readRecordTrees, versionRecords } from "../../package/src/node/index.js";
import { OpenLedgerError } from "../lib/index.js";

/// What an inference that the engine attributes nothing to is settled with: no contributor is named, and its credit
/// to the datanets stays in their pools.
export const UNATTRIBUTED_HASH = ZeroHash;

/// Where the indexes come from: index files (a file, several comma-separated, or a folder of `.idx` files), or the
/// records' texts (a JSON-lines file or a folder, as `attribution:index --records` reads them) and the tree files of
/// the Merkle batches, from which each training set's index is built with shortest span `k`.
export type IndexSource = { index: string } | { records: string; trees?: string; k: number };

/// One training set: its datanet versions by ascending datanet id.
type TrainingSet = ReadonlyArray<{ datanetId: bigint; version: number }>;

const describe = (set: TrainingSet): string =>
  set.map((d) => `datanet ${d.datanetId.toString(10)} version ${d.version}`).join(", ") || "no datanet";

/// The index files that `spec` names.
function indexFiles(spec: string): string[] {
  const files: string[] = [];
  for (const part of spec.split(",").map((s) => s.trim())) {
    if (part === "") continue;
    if (existsSync(part) && statSync(part).isDirectory()) {
      const found = readdirSync(part)
        .filter((name) => name.endsWith(".idx"))
        .sort()
        .map((name) => path.join(part, name));
      if (found.length === 0) throw new OpenLedgerError(`the folder ${part} holds no .idx file`);
      files.push(...found);
    } else files.push(part);
  }
  if (files.length === 0) throw new OpenLedgerError("--index names no index file");
  return files;
}

/// The index of each training set asked for, from `source` (built once per training set, or picked among the files).
function indexesFrom(client: Client, source: IndexSource): (set: TrainingSet) => Promise<EngineIndex | undefined> {
  const key = (set: TrainingSet): string => set.map((d) => `${d.datanetId}:${d.version}`).join(",");
  if ("index" in source) {
    const byKey = new Map<string, EngineIndex>();
    for (const file of indexFiles(source.index)) {
      const index = readIndexFile(file);
      byKey.set(key(index.datanets), index);
    }
    return async (set) => byKey.get(key(set));
  }
  const texts = readRecordTexts(source.records);
  const trees = source.trees === undefined ? undefined : readRecordTrees(source.trees);
  const built = new Map<string, Promise<EngineIndex>>();
  return (set) => {
    let index = built.get(key(set));
    if (index === undefined) {
      index = (async () => {
        const records = [];
        for (const d of set) {
          const version = BigInt(d.version);
          records.push(...(await versionRecords(client, { datanetId: d.datanetId, version, texts, trees })));
        }
        return buildIndex(records, { k: source.k });
      })();
      built.set(key(set), index);
    }
    return index;
  };
}

/// One mismatch for every settlement of the allocation's datanet (up to its block) whose model's training set no index
/// covers, whose output is missing, or whose recomputed attribution hash (the engine's, or UNATTRIBUTED_HASH when it
/// attributes nothing) is not the one settled on-chain; each names the inference.
export async function recomputeMismatches(
  client: Client,
  allocation: Pick<AllocationHeader, "datanetId" | "block">,
  source: IndexSource,
  outputs: string,
): Promise<Mismatch[]> {
  const indexOf = indexesFrom(client, source);
  const datanetId = BigInt(allocation.datanetId);
  const toBlock = allocation.block ?? (await client.runner.provider!.getBlockNumber());
  const settled = await settledInferences(client, { datanetId, fromBlock: 0, toBlock });
  const name = "recomputed attribution" as const;
  const out: Mismatch[] = [];
  for (const s of settled) {
    const at = `inference ${s.inferenceId} (model ${s.modelId}, block ${s.block})`;
    const training = await client.models.trainingSet(s.modelId, { blockTag: s.block });
    const set = training
      .map((d) => ({ datanetId: d.datanetId, version: Number(d.version) }))
      .sort((a, b) => (a.datanetId < b.datanetId ? -1 : a.datanetId > b.datanetId ? 1 : 0));
    const index = await indexOf(set);
    if (index === undefined) {
      out.push({ name, detail: `${at}: no index covers its model's training set (${describe(set)})` });
      continue;
    }
    const file = path.join(outputs, `${s.inferenceId.toLowerCase()}.txt`);
    if (!existsSync(file)) {
      out.push({ name, detail: `${at}: no output ${file}` });
      continue;
    }
    const result = attribute(index, readFileSync(file, "utf8"), { inferenceId: s.inferenceId, modelId: s.modelId });
    const recomputed = result.status === "attributed" ? result.attributionHash : UNATTRIBUTED_HASH;
    if (recomputed !== s.attributionHash.toLowerCase()) {
      const why = result.status === "unattributed" ? ` (unattributed: ${result.reason})` : "";
      out.push({
        name,
        detail: `${at}: recomputed ${recomputed}${why} ≠ settled ${s.attributionHash.toLowerCase()}`,
      });
    }
  }
  return out;
}
