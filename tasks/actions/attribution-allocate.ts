/// attribution:allocate — computes a datanet's cumulative allocation for an epoch and writes the allocation file. The
/// work is the SDK's `allocateEpoch`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { allocateEpoch, POLICIES } from "../../package/src/index.js";
import type { Policy } from "../../package/src/index.js";
import { readAllocationOrTree, readInferenceLog, writeAllocationFile } from "../../package/src/node/index.js";
import {
  clientFor,
  formatOpen,
  getSuite,
  parseId,
  printResult,
  required,
  runTask,
  OpenLedgerError,
} from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { amountOut, requireSameDeployment } from "./attribution-common.js";

export interface AllocateArgs extends CommonArgs {
  datanet: bigint;
  epoch: number;
  policy: string;
  log: string;
  previous: string;
  out: string;
  fromBlock: number;
}

export default runTask(async (args: AllocateArgs, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const out = required("out", args.out);
  const policy = args.policy as Policy;
  if (!POLICIES.includes(policy))
    throw new OpenLedgerError(`--policy ${args.policy} is not one of ${POLICIES.join(", ")}`);
  if (policy === "inference-log" && args.log.trim() === "") {
    throw new OpenLedgerError("--policy inference-log needs --log <file.jsonl>");
  }
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const previousFile = args.previous.trim();
  const previous = previousFile === "" ? undefined : readAllocationOrTree(previousFile);
  if (previous !== undefined) await requireSameDeployment(suite, previous, previousFile);
  const log = policy === "inference-log" ? readInferenceLog(args.log.trim()) : undefined;
  const client = clientFor(suite, suite.connection.ethers.provider);
  const {
    allocation,
    contributors,
    unallocated,
    inferenceLog: r,
  } = await allocateEpoch(client, {
    datanetId,
    policy,
    epoch: args.epoch,
    log,
    previous,
    previousName: `--previous ${previousFile}`,
    fromBlock: args.fromBlock,
  });
  // A settlement under a logged inference id with another hash is not the log's inference: warned, not allocated.
  for (const m of r?.mismatched ?? []) {
    process.stderr.write(
      `warning: inference ${m.inferenceId} was settled with attribution hash ${m.settledHash}, not the log's ` +
        `${m.logHash}: its credit (fee ${formatOpen(m.fee)}) stays unallocated\n`,
    );
  }
  writeAllocationFile(out, allocation);

  const total = BigInt(allocation.cumulativeTotal);
  const accrued = BigInt(allocation.accrued ?? "0");
  const fresh = (r?.inferences.length ?? 0) - (previous?.inferences?.length ?? 0);
  const extra =
    r === undefined
      ? {
          contributors,
          unallocatedByVersion: (unallocated ?? []).map((u) =>
            args.json ? { version: u.version, amount: u.amount } : `version ${u.version}: ${formatOpen(u.amount)}`,
          ),
        }
      : {
          inferences: `${fresh} new, ${r.inferences.length} in all`,
          unattributed: r.unattributed.length,
          unattributedCredit: amountOut(
            r.unattributed.reduce((s, u) => s + u.datanetCredit, 0n),
            args.json,
          ),
          mismatched: args.json ? r.mismatched : r.mismatched.length,
          unsettled: r.unsettled.length,
        };
  printResult(
    {
      file: out,
      datanet: datanetId,
      epoch: allocation.epoch,
      policy,
      block: allocation.block,
      accounts: allocation.allocations.length,
      cumulativeTotal: amountOut(total, args.json),
      accrued: amountOut(accrued, args.json),
      unallocated: amountOut(accrued - total, args.json),
      previousEpoch: previous?.epoch ?? null,
      versions: (allocation.versions ?? []).map((v) =>
        args.json ? v : `version ${v.version}: ${formatOpen(BigInt(v.credit))}`,
      ),
      ...extra,
    },
    args.json,
  );
});
