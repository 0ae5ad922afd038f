/// job:refund — refunds an Open or Funded job once it expired (anyone), through the SDK's `refundJob`: the escrow
/// goes back to the client, or to the parent's escrow for a child job.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getJob, refundJob } from "../../package/src/actions/index.js";
import { clientAndSigner, parseId, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  job: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const jobId = parseId("job", args.job);
  const { client } = await clientAndSigner(hre, args);
  const result = await refundJob(client, { jobId });
  const j = await getJob(client, { jobId, children: false });
  const { open } = unitsFor(args.json);
  printResult(
    {
      job: jobId,
      status: j.status,
      returned: open(j.payout),
      to: j.parentId === 0n ? j.client : `job ${j.parentId.toString(10)}`,
      tx: result.receipt.hash,
    },
    args.json,
  );
});
