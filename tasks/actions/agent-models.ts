/// agent:models — declares the models an agent serves (`--declare 1,2`, owner or operator, the SDK's
/// `declareModels`) or confirms one as the model's owner (`--confirm 1`, `confirmModel`), then prints the agent's
/// models with their confirmation.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { confirmModel, declareModels } from "../../package/src/actions/index.js";
import { OpenLedgerError, clientAndSigner, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { parseIdList } from "./agent-common.js";

interface Args extends SendArgs {
  agent: string | undefined;
  declare: string | undefined;
  confirm: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const agentId = parseId("agent", args.agent);
  const declaring = args.declare !== undefined && args.declare.trim() !== "";
  const confirming = args.confirm !== undefined && args.confirm.trim() !== "";
  if (declaring === confirming) throw new OpenLedgerError("give --declare <ids> or --confirm <id>, one of them");
  const { client } = await clientAndSigner(hre, args);
  const { receipt } = declaring
    ? await declareModels(client, { agentId, modelIds: parseIdList("declare", args.declare ?? "") })
    : await confirmModel(client, { agentId, modelId: parseId("confirm", args.confirm) });
  const served = [...(await client.agents.servedModels(agentId))].sort((a, b) => (a.modelId < b.modelId ? -1 : 1));
  printResult(
    {
      agent: agentId,
      models: args.json
        ? served.map((m) => ({ modelId: m.modelId, confirmed: m.confirmed }))
        : served.map((m) => `${m.modelId.toString(10)} (${m.confirmed ? "confirmed" : "not confirmed"})`),
      tx: receipt.hash,
    },
    args.json,
  );
});
