/// agent:stake — the operator stake of an agent: adds `--amount` OPEN (anyone; approve + stake, the SDK's
/// `stakeAgent`), starts unlocking `--amount` (`--request-unstake`, owner, `requestAgentUnstake`), or takes out what
/// unlocked (`--unstake`, owner, `unstakeAgent`). Prints the stake after it.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { isoTime, requestAgentUnstake, stakeAgent, unstakeAgent } from "../../package/src/actions/index.js";
import {
  OpenLedgerError,
  clientAndSigner,
  parseAddress,
  parseId,
  parseOpen,
  printResult,
  required,
  runTask,
  unitsFor,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  agent: string | undefined;
  amount: string | undefined;
  requestUnstake: boolean;
  unstake: boolean;
  to: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const agentId = parseId("agent", args.agent);
  if (args.requestUnstake && args.unstake) throw new OpenLedgerError("give --request-unstake or --unstake, not both");
  const hasAmount = args.amount !== undefined && args.amount.trim() !== "";
  if (args.unstake && hasAmount) throw new OpenLedgerError("--unstake takes out all that unlocked: drop --amount");
  if (!args.unstake && args.to !== undefined) throw new OpenLedgerError("--to goes with --unstake");
  const amount = args.unstake ? 0n : parseOpen(required("amount", args.amount));
  const to = args.to === undefined ? undefined : parseAddress("--to", args.to);
  const { client, signer } = await clientAndSigner(hre, args);

  let action: string;
  let moved: bigint;
  let txs: string[];
  if (args.unstake) {
    const { receipt, event } = await unstakeAgent(client, { agentId, to });
    [action, moved, txs] = [`unstaked to ${event.to}`, event.amount, [receipt.hash]];
  } else if (args.requestUnstake) {
    const { receipt } = await requestAgentUnstake(client, { agentId, amount });
    [action, moved, txs] = ["unlocking", amount, [receipt.hash]];
  } else {
    const { receipt, approval } = await stakeAgent(client, { agentId, amount });
    [action, moved, txs] = ["staked", amount, approval === undefined ? [receipt.hash] : [approval, receipt.hash]];
  }
  const [[staked, unlocking, unlockAt], canTakeJobs] = await Promise.all([
    client.agents.stakeOf(agentId),
    client.agents.canTakeJobs(agentId),
  ]);
  const { open } = unitsFor(args.json);
  printResult(
    {
      agent: agentId,
      account: signer.address,
      action: args.json ? (args.unstake ? "unstake" : args.requestUnstake ? "requestUnstake" : "stake") : action,
      amount: open(moved),
      staked: open(staked),
      unlocking: open(unlocking),
      unlockAt: args.json ? unlockAt : (isoTime(unlockAt) ?? "-"),
      canTakeJobs,
      txs,
    },
    args.json,
  );
});
