/// job:complete — completes a submitted job, as its evaluator or as anyone once the evaluation window is over, through the SDK's `completeJob`, with a reason given as a hash or as text. Prints the job after it.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getJob, completeJob } from "../../package/src/actions/index.js";
import { clientAndSigner, parseId, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { hashOrText } from "./job-common.js";

interface Args extends SendArgs {
  job: string | undefined;
  reason: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const jobId = parseId("job", args.job);
  const reason = hashOrText(args.reason);
  const { client, signer } = await clientAndSigner(hre, args);
  const result = await completeJob(client, { jobId, reason });
  const j = await getJob(client, { jobId, children: false });
  const { open } = unitsFor(args.json);
  printResult(
    {
      job: jobId,
      status: j.status,
      by: signer.address,
      payout: open(j.payout),
      fee: open(j.fee),
      reason: result.event.reason,
      tx: result.receipt.hash,
    },
    args.json,
  );
});
