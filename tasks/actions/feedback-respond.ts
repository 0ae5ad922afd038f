/// feedback:respond — appends a response to a client's feedback to an agent (anyone), through the SDK's
/// `respondToFeedback`.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { respondToFeedback } from "../../package/src/actions/index.js";
import { clientAndSigner, parseId, printResult, required, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { addressOf } from "./agent-common.js";
import { hashOrText } from "./job-common.js";

interface Args extends SendArgs {
  agent: string | undefined;
  client: string | undefined;
  index: string | undefined;
  uri: string | undefined;
  hash: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const agentId = parseId("agent", args.agent);
  const feedbackIndex = parseId("index", args.index);
  const responseURI = required("uri", args.uri);
  const { suite, client, signer } = await clientAndSigner(hre, args);
  const clientAddress = await addressOf(suite.connection, "client", args.client);
  const result = await respondToFeedback(client, {
    agentId,
    clientAddress,
    feedbackIndex,
    responseURI,
    responseHash: hashOrText(args.hash),
  });
  const responses = await client.reputation.getResponseCount(agentId, clientAddress, feedbackIndex, []);
  printResult(
    {
      agent: agentId,
      client: clientAddress,
      index: feedbackIndex,
      responder: signer.address,
      uri: responseURI,
      responses,
      tx: result.receipt.hash,
    },
    args.json,
  );
});
