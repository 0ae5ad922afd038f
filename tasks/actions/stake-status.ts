import { ZeroAddress } from "ethers";
import { amountFormat, formatDuration, timeFormat } from "../lib/governance.js";
import { accountFor, getSuite, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";

interface Args extends CommonArgs {
  account: string;
}

export default runTask(async (args: Args, hre) => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const account = await accountFor(suite.connection, args.account);
  const { gopen } = suite;
  const [openBalance, staked, votes, delegate, earned, [pending, readyAt], cooldown, totalStaked, latest] =
    await Promise.all([
      suite.open.balanceOf(account),
      gopen.balanceOf(account),
      gopen.getVotes(account),
      gopen.delegates(account),
      gopen.earned(account),
      gopen.pendingWithdrawal(account),
      gopen.cooldown(),
      gopen.totalSupply(),
      suite.connection.ethers.provider.getBlock("latest"),
    ]);
  const now = BigInt(latest?.timestamp ?? 0);
  const open = amountFormat(args.json, "OPEN");
  const gOpen = amountFormat(args.json, "gOPEN");
  printResult(
    {
      account,
      openBalance: open(openBalance),
      staked: gOpen(staked),
      votes: gOpen(votes),
      delegate: delegate === ZeroAddress ? null : delegate,
      earned: open(earned),
      pendingWithdrawal:
        pending === 0n
          ? args.json
            ? { amount: 0n, readyAt: null, ready: false }
            : "none"
          : { amount: open(pending), readyAt: timeFormat(args.json, now)(readyAt), ready: readyAt <= now },
      cooldown: args.json ? cooldown : `${cooldown.toString()} s (${formatDuration(cooldown)})`,
      totalStaked: gOpen(totalStaked),
    },
    args.json,
  );
});
