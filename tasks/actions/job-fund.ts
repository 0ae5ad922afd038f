/// job:fund — funds an Open job as its client through the SDK's `fundJob`, approving JobEscrow when the allowance is
/// short.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { fundJob } from "../../package/src/actions/index.js";
import {
  clientAndSigner,
  parseId,
  parseOpen,
  printProgress,
  printResult,
  required,
  runTask,
  unitsFor,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  job: string | undefined;
  amount: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const jobId = parseId("job", args.job);
  const amount = parseOpen(required("amount", args.amount));
  const { client, signer } = await clientAndSigner(hre, args);
  const result = await fundJob(client, { jobId, amount, onProgress: args.json ? undefined : printProgress });
  const { open } = unitsFor(args.json);
  printResult(
    {
      job: jobId,
      client: signer.address,
      amount: open(amount),
      approval: args.json ? (result.approval ?? null) : (result.approval ?? "none needed"),
      tx: result.receipt.hash,
    },
    args.json,
  );
});
