/// attribution:allocate — computes a datanet's cumulative allocation for an epoch and writes the allocation file.
import { ZeroHash } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatOpen, getSuite, parseId, printResult, required, runTask, OpenLedgerError } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import {
  ALLOCATION_VERSION,
  POLICIES,
  buildTree,
  inferenceLogAllocation,
  proRataAllocation,
  readAllocationOrTree,
  readInferenceLog,
  settledInferences,
  weightsFromEvents,
  writeAllocationFile,
} from "../lib/attribution.js";
import type { Allocation, Policy } from "../lib/attribution.js";
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
  if (!POLICIES.includes(args.policy as Policy)) {
    throw new OpenLedgerError(`--policy ${args.policy} is not one of ${POLICIES.join(", ")}`);
  }
  const policy = args.policy as Policy;
  if (policy === "inference-log" && args.log.trim() === "") {
    throw new OpenLedgerError("--policy inference-log needs --log <file.jsonl>");
  }
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const { settlement, datanets } = suite;
  await datanets.datanet(datanetId); // UnknownDatanet(id) for an unknown id

  // Every read is at one block, so the file is reproducible.
  const block = await suite.connection.ethers.provider.getBlockNumber();
  const [state, accrued] = await Promise.all([
    settlement.rootState(datanetId, { blockTag: block }),
    settlement.accrued(datanetId, { blockTag: block }),
  ]);

  // The previous allocation must be the one on-chain, or cumulative amounts could go down.
  let previous: Allocation | undefined;
  if (args.previous.trim() !== "") {
    previous = readAllocationOrTree(args.previous.trim());
    await requireSameDeployment(suite, previous, args.previous);
    if (BigInt(previous.datanetId) !== datanetId) {
      throw new OpenLedgerError(`--previous ${args.previous} is for datanet ${previous.datanetId}, not ${datanetId}`);
    }
    const root = buildTree(previous).root;
    if (root !== state.activeRoot.toLowerCase() && root !== state.pendingRoot.toLowerCase()) {
      throw new OpenLedgerError(
        `--previous ${args.previous} (epoch ${previous.epoch}, root ${root}) is neither the active root ` +
          `(epoch ${state.activeEpoch}) nor the pending root of datanet ${datanetId}`,
      );
    }
  } else if (state.activeRoot !== ZeroHash || state.pendingRoot !== ZeroHash) {
    const epoch = state.pendingRoot !== ZeroHash ? state.lastEpoch : state.activeEpoch;
    throw new OpenLedgerError(
      `datanet ${datanetId} has a root for epoch ${epoch}: pass --previous <its tree file> so that no cumulative amount goes down`,
    );
  }

  const epoch = args.epoch > 0 ? args.epoch : Number(state.lastEpoch) + 1;
  if (BigInt(epoch) !== state.lastEpoch + 1n) {
    throw new OpenLedgerError(
      `--epoch ${epoch} is not the next epoch of datanet ${datanetId}: epochs advance by one, the next is ${state.lastEpoch + 1n}`,
    );
  }

  if (previous !== undefined && epoch <= previous.epoch) {
    throw new OpenLedgerError(`--epoch ${epoch} is not above the previous allocation's epoch ${previous.epoch}`);
  }

  const allocation: Allocation = {
    version: ALLOCATION_VERSION,
    chainId: Number(suite.deployment.chainId),
    settlement: await settlement.getAddress(),
    datanetId: datanetId.toString(10),
    epoch,
    policy,
    cumulativeTotal: "0",
    allocations: [],
    block,
    accrued: accrued.toString(10),
  };
  if (previous !== undefined) allocation.previousEpoch = previous.epoch;

  const extra: Record<string, unknown> = {};
  if (policy === "pro-rata") {
    const weights = await weightsFromEvents(datanets, datanetId, args.fromBlock, block);
    const result = proRataAllocation(accrued, previous, weights);
    allocation.cumulativeTotal = result.cumulativeTotal.toString(10);
    allocation.allocations = result.allocations;
    allocation.carried = result.carried;
    extra.contributors = weights.size;
    extra.carried = result.carried;
  } else {
    const log = readInferenceLog(args.log.trim());
    const settled = await settledInferences(settlement, datanetId, args.fromBlock, block);
    const result = inferenceLogAllocation(log, settled, previous, datanetId);
    const [protocolBps, stakersBps, lineageBps] = await Promise.all([
      settlement.protocolBps({ blockTag: block }),
      settlement.stakersBps({ blockTag: block }),
      settlement.lineageBps({ blockTag: block }),
    ]);
    allocation.cumulativeTotal = result.cumulativeTotal.toString(10);
    allocation.allocations = result.allocations;
    allocation.inferences = result.inferences;
    allocation.creditBasis = {
      protocolBps: Number(protocolBps),
      stakersBps: Number(stakersBps),
      lineageBps: Number(lineageBps),
      note: `datanet credits computed by previewSplit at each settlement's block, with the model terms and parameters in force then; these shares are those of block ${block}`,
    };
    const fresh = result.inferences.length - (previous?.inferences?.length ?? 0);
    extra.inferences = `${fresh} new, ${result.inferences.length} in all`;
    extra.unattributed = result.unattributed.length;
    extra.unattributedCredit = amountOut(
      result.unattributed.reduce((s, u) => s + u.datanetCredit, 0n),
      args.json,
    );
    extra.mismatched = args.json ? result.mismatched : result.mismatched.length;
    extra.unsettled = result.unsettled.length;
    // A settlement under a logged inference id with another hash is not the log's inference: warned, not allocated.
    for (const m of result.mismatched) {
      process.stderr.write(
        `warning: inference ${m.inferenceId} was settled with attribution hash ${m.settledHash}, not the log's ` +
          `${m.logHash}: its credit (fee ${formatOpen(m.fee)}) stays unallocated\n`,
      );
    }
  }

  const total = BigInt(allocation.cumulativeTotal);
  if (allocation.allocations.length === 0) {
    throw new OpenLedgerError(
      `datanet ${datanetId}: nothing to allocate (no accepted contribution, or no attributed inference)`,
    );
  }
  if (total > accrued) {
    throw new OpenLedgerError(
      `the allocation's total ${total} is above what datanet ${datanetId} accrued (${accrued}): the previous allocation, or a change of terms within a settlement's block, credits more than was settled`,
    );
  }
  if (total < state.activeTotal) {
    throw new OpenLedgerError(`the allocation's total ${total} is below the active root's total ${state.activeTotal}`);
  }
  writeAllocationFile(out, allocation);

  printResult(
    {
      file: out,
      datanet: datanetId,
      epoch,
      policy,
      block,
      accounts: allocation.allocations.length,
      cumulativeTotal: amountOut(total, args.json),
      accrued: amountOut(accrued, args.json),
      unallocated: amountOut(accrued - total, args.json),
      previousEpoch: previous?.epoch ?? null,
      ...extra,
    },
    args.json,
  );
});
