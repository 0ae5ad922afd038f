/// What `attribution:verify --recompute` checks: every inference of an allocation attributed again by the engine,
/// from an index file and the inference's output, against the attribution hash it was settled with.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { attribute } from "../../package/src/attribution/index.js";
import type { InferenceEntry, Mismatch } from "../../package/src/index.js";
import { readIndexFile } from "../../package/src/node/index.js";

/// One mismatch per inference of `allocation` whose output is missing, attributes nothing, or whose recomputed
/// attribution hash is not the settled one (the file's, which `verifyPosted` checks against the chain); and one for
/// each inference credited through a version of the allocation's datanet that the index does not cover.
export function recomputeMismatches(
  allocation: { datanetId: string; inferences?: readonly InferenceEntry[] },
  indexFile: string,
  outputs: string,
): Mismatch[] {
  const index = readIndexFile(indexFile);
  const out: Mismatch[] = [];
  const name = "recomputed attribution" as const;
  const covered = index.datanets.find((d) => d.datanetId === BigInt(allocation.datanetId))?.version;
  for (const inf of allocation.inferences ?? []) {
    const versions = [...new Set((inf.credits ?? []).map((c) => c.version))];
    const other = versions.filter((v) => v !== covered);
    if (other.length > 0) {
      out.push({
        name,
        detail:
          `inference ${inf.inferenceId} was credited through version ${other.join(", ")} of datanet ` +
          `${allocation.datanetId}, but the index covers ${covered === undefined ? "no version of it" : `version ${covered}`}`,
      });
      continue;
    }
    const file = path.join(outputs, `${inf.inferenceId.toLowerCase()}.txt`);
    if (!existsSync(file)) {
      out.push({ name, detail: `inference ${inf.inferenceId}: no output ${file}` });
      continue;
    }
    const result = attribute(index, readFileSync(file, "utf8"), {
      inferenceId: inf.inferenceId,
      modelId: BigInt(inf.modelId),
    });
    if (result.status === "unattributed") {
      out.push({ name, detail: `inference ${inf.inferenceId}: ${result.reason}` });
    } else if (result.attributionHash !== inf.attributionHash.toLowerCase()) {
      out.push({
        name,
        detail: `inference ${inf.inferenceId}: recomputed ${result.attributionHash} ≠ settled ${inf.attributionHash.toLowerCase()}`,
      });
    }
  }
  return out;
}
