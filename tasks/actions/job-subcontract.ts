/// job:subcontract — creates and funds a child of a funded job out of what is left of its escrow, as the parent's
/// provider, through the SDK's `subcontract`. Prints the parent's escrow left after it.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { isoTime, subcontract } from "../../package/src/actions/index.js";
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
  job: string | undefined;
  agent: string | undefined;
  evaluator: string | undefined;
  amount: string | undefined;
  expiry: string | undefined;
  description: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const parentId = parseId("job", args.job);
  const providerAgentId = parseId("agent", args.agent);
  const amount = parseOpen(required("amount", args.amount));
  const descriptionURI = required("description", args.description);
  const { suite, client, signer } = await clientAndSigner(hre, args);
  const evaluator = await accountOr(suite.connection, "evaluator", args.evaluator, signer.address);
  const expiry =
    args.expiry === undefined ? undefined : parseExpiry("expiry", args.expiry, await latestTimestamp(suite.connection));
  const result = await subcontract(client, {
    parentId,
    providerAgentId,
    evaluator,
    amount,
    expiry,
    descriptionURI,
    onProgress: args.json ? undefined : printProgress,
  });
  const { open } = unitsFor(args.json);
  printResult(
    {
      job: result.childId,
      parent: parentId,
      agent: providerAgentId,
      evaluator,
      amount: open(amount),
      expiry: args.json ? result.event.expiredAt : isoTime(result.event.expiredAt),
      parentRemaining: open(await client.jobs.remaining(parentId)),
      tx: result.receipt.hash,
    },
    args.json,
  );
});
