/// traceJob: where the OPEN of a job went, in one query. The job tree (getJob) says what each job paid its provider
/// agent and the protocol; Settlement's InferenceContext events name the inferences that the agents of the tree
/// settled for their jobs, and each inference's split (by `previewSplit` at the block it was settled, so with the
/// terms then in force) says what the protocol, the stakers, each model and its ancestors, and each datanet got.
import type { Client, Credit, DatanetCredit } from "../../client.js";
import { OpenLedgerError } from "../../errors/index.js";
import { getJob } from "./getJob.js";
import type { GetJobReturnType } from "./getJob.js";

export interface TraceJobParameters {
  jobId: bigint;
  /// The first block to search for the tree's inferences (default 0).
  fromBlock?: number;
  /// The last block (default: the latest).
  toBlock?: number;
}

/// One inference settled for a job of the tree, with its split.
export interface TracedInference {
  /// The job it was settled for (the InferenceContext's context).
  jobId: bigint;
  /// The agent wallet that settled it, and the principal whose budget paid.
  agent: string;
  principal: string;
  inferenceId: string;
  modelId: bigint;
  fee: bigint;
  protocol: bigint;
  stakers: bigint;
  /// The model's revenue and each ancestor's lineage royalty, by model id.
  models: Credit[];
  /// Each training datanet's credit, with the model and datanet version it is for.
  datanets: DatanetCredit[];
  block: number;
}

export interface TraceJobReturnType {
  /// The job and its tree of child jobs.
  job: GetJobReturnType;
  /// Every job of the tree, root first, depth first.
  jobs: GetJobReturnType[];
  /// The inferences settled for jobs of the tree, in chain order.
  inferences: TracedInference[];
}

/// Every job of `job`'s tree, root first, depth first.
export function jobsOf(job: GetJobReturnType): GetJobReturnType[] {
  return [job, ...job.children.flatMap(jobsOf)];
}

/// The tree of `jobId` and the inferences its agents settled for it, each with its split.
export async function traceJob(client: Client, params: TraceJobParameters): Promise<TraceJobReturnType> {
  const { settlement } = client;
  const job = await getJob(client, { jobId: params.jobId });
  if (job.status === "None") throw new OpenLedgerError(`job ${params.jobId.toString(10)} does not exist`);
  const jobs = jobsOf(job);
  const fromBlock = params.fromBlock ?? 0;
  const provider = client.runner.provider;
  if (provider === null) throw new OpenLedgerError("the client's runner has no provider to read the chain with");
  const toBlock = params.toBlock ?? (await provider.getBlockNumber());
  const ids = new Set(jobs.map((j) => j.jobId));
  const contexts = (await settlement.queryFilter(settlement.filters.InferenceContext(), fromBlock, toBlock)).filter(
    (c) => ids.has(c.args.context),
  );
  const inferences: TracedInference[] = [];
  for (const c of contexts) {
    // InferenceSettled comes right before its InferenceContext, in the same transaction.
    const receipt = await c.getTransactionReceipt();
    const settled = receipt.logs
      .filter((log) => log.address.toLowerCase() === client.addresses.settlement.toLowerCase())
      .map((log) => ({ log, parsed: settlement.interface.parseLog(log) }))
      .find(
        (x) =>
          x.parsed?.name === "InferenceSettled" &&
          x.parsed.args.inferenceId === c.args.inferenceId &&
          x.log.index < c.index,
      );
    if (settled?.parsed === undefined || settled.parsed === null) {
      throw new OpenLedgerError(`inference ${c.args.inferenceId} has an InferenceContext but no InferenceSettled`);
    }
    const { modelId, payer, fee } = settled.parsed.args as unknown as { modelId: bigint; payer: string; fee: bigint };
    const split = await settlement.previewSplit(modelId, fee, { blockTag: c.blockNumber });
    inferences.push({
      jobId: c.args.context,
      agent: c.args.agent,
      principal: payer,
      inferenceId: c.args.inferenceId,
      modelId,
      fee,
      protocol: split.protocol,
      stakers: split.stakers,
      models: split.models.map((m) => ({ id: m.id, amount: m.amount })),
      datanets: split.datanets.map((d) => ({ id: d.id, modelId: d.modelId, version: d.version, amount: d.amount })),
      block: c.blockNumber,
    });
  }
  return { job, jobs, inferences };
}
