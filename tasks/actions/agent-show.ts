/// agent:show — an agent (the SDK's `getAgent`): owner, wallet, URI and the registration file it embeds, served
/// models with their confirmation, stake, pending slash, and whether it can take jobs.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAgent } from "../../package/src/actions/index.js";
import { clientFor, formatOpen, getSuite, parseId, printResult, runTask, toJson } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

interface Args extends CommonArgs {
  agent: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const agentId = parseId("agent", args.agent);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const a = await getAgent(clientFor(suite, suite.connection.ethers.provider), { agentId });
  if (args.json) {
    const { agentId: agent, ...rest } = a;
    process.stdout.write(`${toJson({ agent, ...rest })}\n`);
    return;
  }
  const { stake, pendingSlash: slash, registration: file } = a;
  const unlocking =
    stake.unlocking === 0n ? "" : `, ${formatOpen(stake.unlocking)} unlocking until ${stake.unlockAtISO ?? "-"}`;
  const services = file?.services.map((s) => `${s.name} ${s.endpoint}`) ?? [];
  printResult(
    {
      agent: agentId,
      owner: a.owner,
      wallet: a.wallet ?? "none (unset)",
      uri: a.uri.length <= 96 ? a.uri : `${a.uri.slice(0, 93)}…`,
      name: file?.name ?? "-",
      services: services.length === 0 ? "-" : services,
      registrationProblems: a.registrationProblems.length === 0 ? "-" : a.registrationProblems.join("; "),
      models:
        a.models.length === 0
          ? "none declared"
          : a.models.map((m) => `${m.modelId.toString(10)} (${m.confirmed ? "confirmed" : "not confirmed"})`),
      stake: `${formatOpen(stake.staked)} staked${unlocking} (jobs need ${formatOpen(stake.minStake)})`,
      pendingSlash:
        slash === null
          ? "none"
          : `${formatOpen(slash.amount)}, challenge window ends ${slash.endsAtISO ?? "-"}` +
            (slash.answered ? ", answered" : ", not answered"),
      canTakeJobs: a.canTakeJobs ? "yes" : "no",
    },
    false,
  );
});
