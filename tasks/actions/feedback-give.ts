/// feedback:give — rates an agent as a client through the SDK's `giveFeedback`: its latest completed or rejected job
/// with the signer (`--agent`, ERC-8004's giveFeedback), or a given job (`--job`, giveFeedbackForJob).
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { giveFeedback } from "../../package/src/actions/index.js";
import { clientAndSigner, OpenLedgerError, parseId, printResult, required, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { hashOrText } from "./job-common.js";

interface Args extends SendArgs {
  agent: string | undefined;
  job: string | undefined;
  value: string | undefined;
  decimals: string | undefined;
  tag1: string | undefined;
  tag2: string | undefined;
  endpoint: string | undefined;
  uri: string | undefined;
  hash: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  if ((args.agent === undefined) === (args.job === undefined)) {
    throw new OpenLedgerError("give --agent <id> or --job <id>, one of them");
  }
  const agentId = args.agent === undefined ? undefined : parseId("agent", args.agent);
  const jobId = args.job === undefined ? undefined : parseId("job", args.job);
  const valueText = required("value", args.value);
  if (!/^-?\d+$/.test(valueText)) throw new OpenLedgerError(`--value must be an integer, not "${valueText}"`);
  const decimalsText = args.decimals?.trim() ?? "0";
  if (!/^\d+$/.test(decimalsText) || Number(decimalsText) > 18) {
    throw new OpenLedgerError(`--decimals must be 0 to 18, not "${decimalsText}"`);
  }
  const { client, signer } = await clientAndSigner(hre, args);
  const result = await giveFeedback(client, {
    agentId,
    jobId,
    value: BigInt(valueText),
    valueDecimals: Number(decimalsText),
    tag1: args.tag1,
    tag2: args.tag2,
    endpoint: args.endpoint,
    feedbackURI: args.uri,
    feedbackHash: hashOrText(args.hash),
  });
  const { open } = unitsFor(args.json);
  printResult(
    {
      agent: result.agentId,
      client: signer.address,
      job: result.jobId,
      index: result.event.feedbackIndex,
      value: result.event.value,
      decimals: Number(result.event.valueDecimals),
      tag1: result.event.tag1,
      tag2: result.event.tag2,
      weight: open(result.weight),
      tx: result.receipt.hash,
    },
    args.json,
  );
});
