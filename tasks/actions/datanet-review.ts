import { readFileSync } from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { BatchReviewedEvent, ContributionReviewedEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import {
  eventIn,
  eventsIn,
  mined,
  parseHash,
  parseHashList,
  parseId,
  parseUint,
  printResult,
  runTask,
  suiteAndSigner,
  OpenLedgerError,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { STATUS_NAMES, statusName } from "./datanet-common.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  accept: string | undefined;
  reject: string | undefined;
  weight: number;
  file: string | undefined;
  root: boolean;
}

interface Decision {
  contentHash: string;
  weight: bigint;
}

/// The decisions of a JSON file: `[{ "contentHash": "0x…", "weight": 1 }, …]`, weight 0 rejecting.
function decisionsFile(file: string): Decision[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(parsed)) {
    throw new OpenLedgerError(`${file} must hold an array of { "contentHash": "0x…", "weight": N } (weight 0 rejects)`);
  }
  return parsed.map((entry: unknown, i: number) => {
    if (typeof entry !== "object" || entry === null) throw new OpenLedgerError(`${file}[${i}] is not an object`);
    const { contentHash, weight } = entry as { contentHash?: unknown; weight?: unknown };
    return {
      contentHash: parseHash(`${file}[${i}].contentHash`, contentHash),
      weight: parseUint(weight, `${file}[${i}].weight`),
    };
  });
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const accept = parseHashList("accept", args.accept);
  const reject = parseHashList("reject", args.reject);

  if (args.root) {
    // Batches: one reviewBatch per root.
    if (args.file !== undefined) throw new OpenLedgerError("--file lists contributions; it cannot be used with --root");
    const roots = [
      ...accept.map((r) => ({ root: r, accept: true })),
      ...reject.map((r) => ({ root: r, accept: false })),
    ];
    if (roots.length === 0)
      throw new OpenLedgerError("nothing to review: give the batch roots with --accept or --reject");
    const { suite, signer } = await suiteAndSigner(hre, args);
    const reviewed: Array<{ root: string; status: string; tx: string }> = [];
    for (const r of roots) {
      const receipt = await mined(suite.datanets.connect(signer).reviewBatch(datanetId, r.root, r.accept));
      const event = eventIn<BatchReviewedEvent.OutputObject>(receipt, suite.datanets, "BatchReviewed");
      reviewed.push({ root: r.root, status: statusName(STATUS_NAMES, event.status), tx: receipt.hash });
    }
    if (args.json) printResult({ datanet: datanetId, batches: reviewed }, true);
    else {
      for (const r of reviewed) printResult({ datanet: datanetId, batch: r.root, status: r.status, tx: r.tx }, false);
    }
    return;
  }

  // Contributions: every decision in one review call.
  if (!Number.isInteger(args.weight) || args.weight < 1) {
    throw new OpenLedgerError(`--weight must be at least 1 (use --reject to reject), not ${args.weight}`);
  }
  const decisions: Decision[] = [
    ...accept.map((contentHash) => ({ contentHash, weight: BigInt(args.weight) })),
    ...reject.map((contentHash) => ({ contentHash, weight: 0n })),
    ...(args.file === undefined ? [] : decisionsFile(args.file)),
  ];
  if (decisions.length === 0) throw new OpenLedgerError("nothing to review: give --accept, --reject or --file");
  const seen = new Set<string>();
  for (const d of decisions) {
    if (seen.has(d.contentHash)) throw new OpenLedgerError(`${d.contentHash} has two decisions`);
    seen.add(d.contentHash);
  }

  const { suite, signer } = await suiteAndSigner(hre, args);
  const receipt = await mined(suite.datanets.connect(signer).review(datanetId, decisions));
  const events = eventsIn<ContributionReviewedEvent.OutputObject>(receipt, suite.datanets, "ContributionReviewed");
  const accepted = events.filter((e) => e.status === 2n);
  const rejected = events.filter((e) => e.status === 3n);

  if (args.json) {
    printResult(
      {
        datanet: datanetId,
        accepted: accepted.map((e) => ({ contentHash: e.contentHash, contributor: e.contributor, weight: e.weight })),
        rejected: rejected.map((e) => ({ contentHash: e.contentHash, contributor: e.contributor })),
        tx: receipt.hash,
        gasUsed: receipt.gasUsed,
      },
      true,
    );
    return;
  }
  for (const e of events) {
    const what = statusName(STATUS_NAMES, e.status);
    const weight = e.status === 2n ? ` weight ${e.weight.toString(10)}` : "";
    process.stdout.write(`${what.padEnd(8)} ${e.contentHash}  ${e.contributor}${weight}\n`);
  }
  printResult({ datanet: datanetId, accepted: accepted.length, rejected: rejected.length, tx: receipt.hash }, false);
});
