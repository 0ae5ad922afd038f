import { review, reviewBatch } from "../../package/src/actions/index.js";
import type { Decision } from "../../package/src/actions/index.js";
import { readJsonFile } from "../../package/src/node/index.js";
import { parseHashList } from "../../package/src/parse/index.js";
import { clientAndSigner, parseHash, parseId, parseUint, printResult, runTask } from "../lib/index.js";
import { OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  accept: string | undefined;
  reject: string | undefined;
  weight: number;
  file: string | undefined;
  root: boolean;
}

/// The decisions of a JSON file: `[{ "contentHash": "0x…", "weight": 1 }, …]`, weight 0 rejecting.
function decisionsFile(file: string): Decision[] {
  const parsed = readJsonFile(file);
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

export default runTask(async (args: Args, hre): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const accept = parseHashList("--accept", args.accept);
  const reject = parseHashList("--reject", args.reject);

  if (args.root) {
    // Batches: one reviewBatch per root.
    if (args.file !== undefined) throw new OpenLedgerError("--file lists contributions; it cannot be used with --root");
    const roots = [
      ...accept.map((root) => ({ root, accept: true })),
      ...reject.map((root) => ({ root, accept: false })),
    ];
    if (roots.length === 0)
      throw new OpenLedgerError("nothing to review: give the batch roots with --accept or --reject");
    const { client } = await clientAndSigner(hre, args);
    const reviewed: Array<{ root: string; status: string; tx: string }> = [];
    for (const r of roots) {
      const { event, receipt } = await reviewBatch(client, { datanetId, ...r });
      reviewed.push({ root: r.root, status: event.acceptance > 0n ? "Accepted" : "Rejected", tx: receipt.hash });
    }
    if (args.json) return printResult({ datanet: datanetId, batches: reviewed }, true);
    for (const r of reviewed) printResult({ datanet: datanetId, batch: r.root, status: r.status, tx: r.tx }, false);
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
  const { client } = await clientAndSigner(hre, args);
  const { events, accepted, rejected, receipt } = await review(client, { datanetId, decisions });
  if (args.json) {
    const acceptedOut = accepted.map((e) => ({
      contentHash: e.contentHash,
      contributor: e.contributor,
      weight: e.weight,
      acceptance: e.acceptance,
    }));
    const rejectedOut = rejected.map((e) => ({ contentHash: e.contentHash, contributor: e.contributor }));
    const tx = { tx: receipt.hash, gasUsed: receipt.gasUsed };
    return printResult({ datanet: datanetId, accepted: acceptedOut, rejected: rejectedOut, ...tx }, true);
  }
  for (const e of events) {
    const accepted = e.acceptance > 0n;
    const weight = accepted ? ` weight ${e.weight.toString(10)}, acceptance #${e.acceptance.toString(10)}` : "";
    process.stdout.write(
      `${(accepted ? "Accepted" : "Rejected").padEnd(8)} ${e.contentHash}  ${e.contributor}${weight}\n`,
    );
  }
  printResult({ datanet: datanetId, accepted: accepted.length, rejected: rejected.length, tx: receipt.hash }, false);
});
