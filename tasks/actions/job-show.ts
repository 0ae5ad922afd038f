/// job:show — a job (the SDK's `getJob`) and its tree of child jobs, indented, each with its status and amounts.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getJob } from "../../package/src/actions/index.js";
import { clientFor, formatOpen, getSuite, parseId, printResult, runTask, toJson } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { jobJson, jobTree } from "./job-common.js";

interface Args extends CommonArgs {
  job: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const jobId = parseId("job", args.job);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const j = await getJob(clientFor(suite, suite.connection.ethers.provider), { jobId });
  if (args.json) {
    process.stdout.write(`${toJson(jobJson(j))}\n`);
    return;
  }
  printResult(
    {
      job: jobId,
      status: j.status,
      client: j.client,
      spender: j.spender,
      agent: j.providerAgentId,
      evaluator: j.evaluator,
      parent: j.parentId === 0n ? "-" : j.parentId,
      depth: j.depth,
      escrow: formatOpen(j.escrow),
      remaining: formatOpen(j.remaining),
      paid: formatOpen(j.paid),
      expiry: j.expiryISO ?? "-",
      submitted: j.submittedAtISO ?? "-",
      evaluationEnds: j.evaluationEndsAtISO ?? "-",
    },
    false,
  );
  process.stdout.write(
    `tree:\n${jobTree(j)
      .map((line) => `  ${line}`)
      .join("\n")}\n`,
  );
});
