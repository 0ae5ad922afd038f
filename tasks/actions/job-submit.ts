/// job:submit — submits the deliverable of a funded job, as its provider, through the SDK's `submitJob`: a hash, or
/// the KECCAK-256 of the text given.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { isoTime, submitJob } from "../../package/src/actions/index.js";
import { clientAndSigner, parseId, printResult, required, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { hashOrText } from "./job-common.js";

interface Args extends SendArgs {
  job: string | undefined;
  deliverable: string | undefined;
  uri: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const jobId = parseId("job", args.job);
  const deliverable = hashOrText(required("deliverable", args.deliverable)) as string;
  const { client } = await clientAndSigner(hre, args);
  const result = await submitJob(client, { jobId, deliverable, deliverableURI: args.uri ?? "" });
  const j = await client.jobs.job(jobId);
  printResult(
    {
      job: jobId,
      agent: result.event.providerAgentId,
      deliverable,
      uri: args.uri ?? null,
      evaluationEndsAt: args.json ? j.evaluationEndsAt : isoTime(j.evaluationEndsAt),
      tx: result.receipt.hash,
    },
    args.json,
  );
});
