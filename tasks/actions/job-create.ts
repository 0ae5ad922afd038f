/// job:create — creates and funds a job for a provider agent through the SDK's `createJob` (createAndFund, approving
/// JobEscrow when the client's allowance is short, and saying so), or with `--principal` spends the principal's budget
/// as its agent wallet (createAndFundFor). `--expiry` is a duration from the chain's now or an ISO date.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { createJob, isoTime } from "../../package/src/actions/index.js";
import {
  clientAndSigner,
  latestTimestamp,
  parseId,
  parseOpen,
  printProgress,
  printResult,
  required,
  runTask,
  unitsFor,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { parseExpiry } from "./agent-common.js";
import { accountOr } from "./job-common.js";

interface Args extends SendArgs {
  agent: string | undefined;
  evaluator: string | undefined;
  amount: string | undefined;
  expiry: string | undefined;
  description: string | undefined;
  principal: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const providerAgentId = parseId("agent", args.agent);
  const amount = parseOpen(required("amount", args.amount));
  const expiryText = required("expiry", args.expiry);
  const descriptionURI = required("description", args.description);
  const { suite, client, signer } = await clientAndSigner(hre, args);
  const evaluator = await accountOr(suite.connection, "evaluator", args.evaluator, signer.address);
  const principal =
    args.principal === undefined ? undefined : await accountOr(suite.connection, "principal", args.principal, "");
  const expiry = parseExpiry("expiry", expiryText, await latestTimestamp(suite.connection));
  const result = await createJob(client, {
    providerAgentId,
    evaluator,
    expiry,
    descriptionURI,
    amount,
    principal,
    onProgress: args.json ? undefined : printProgress,
  });
  const { open } = unitsFor(args.json);
  printResult(
    {
      job: result.jobId,
      client: result.event.client,
      spender: result.funded.spender,
      agent: providerAgentId,
      evaluator,
      amount: open(amount),
      expiry: args.json ? expiry : isoTime(expiry),
      approval: args.json ? (result.approval ?? null) : (result.approval ?? "none needed"),
      tx: result.receipt.hash,
    },
    args.json,
  );
});
