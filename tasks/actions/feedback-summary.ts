/// feedback:summary — an agent's feedback summary (the SDK's `getFeedbackSummary`): the running aggregates of the
/// exact tags (count, average, sum, paid weight), or ERC-8004's getSummary over `--clients`.
import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getFeedbackSummary } from "../../package/src/actions/index.js";
import { clientFor, getSuite, parseId, printResult, runTask, unitsFor } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { addressOf } from "./agent-common.js";

interface Args extends CommonArgs {
  agent: string | undefined;
  tag1: string | undefined;
  tag2: string | undefined;
  clients: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const agentId = parseId("agent", args.agent);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const items =
    args.clients === undefined
      ? undefined
      : args.clients
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
  const clients =
    items === undefined ? undefined : await Promise.all(items.map((c) => addressOf(suite.connection, "clients", c)));
  const s = await getFeedbackSummary(clientFor(suite, suite.connection.ethers.provider), {
    agentId,
    tag1: args.tag1,
    tag2: args.tag2,
    clients,
  });
  const { open } = unitsFor(args.json);
  const none = args.json ? null : "-";
  printResult(
    {
      agent: agentId,
      tag1: s.tag1,
      tag2: s.tag2,
      clients: s.clients ?? (args.json ? null : "all (running aggregates of the exact tags)"),
      count: s.count,
      average: args.json ? s.average : formatUnits(s.average, s.decimals),
      decimals: s.decimals,
      sum: s.sum === null ? none : args.json ? s.sum : formatUnits(s.sum, s.decimals),
      totalWeight: s.totalWeight === null ? none : open(s.totalWeight),
      allClients: args.json ? s.allClients : s.allClients.length === 0 ? "-" : s.allClients,
    },
    args.json,
  );
});
