import { amountFormat, formatTime, parseOpenAmount, signerFor, timeFormat } from "../lib/governance.js";
import { ToolError, formatOpen, getSuite, printResult, runTask } from "../lib/index.js";

interface Args {
  amount: string;
  complete: boolean;
  from: string;
  deploymentId: string;
  json: boolean;
}

export default runTask(async (args: Args, hre) => {
  const requesting = args.amount.trim() !== "";
  if (requesting === args.complete) {
    throw new ToolError("give either --amount <OPEN> to request a withdrawal or --complete to withdraw it");
  }
  const amount = requesting ? parseOpenAmount(args.amount) : 0n;
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const account = await signerFor(suite.connection, args.from);
  const gopen = suite.gopen.connect(account);
  const open = amountFormat(args.json, "OPEN");
  const chainNow = async (): Promise<bigint> =>
    BigInt((await suite.connection.ethers.provider.getBlock("latest"))?.timestamp ?? 0);

  if (requesting) {
    const [pendingBefore] = await gopen.pendingWithdrawal(account.address);
    const tx = await gopen.requestWithdrawal(amount);
    const receipt = await tx.wait();
    const [[pending, readyAt], staked, votes] = await Promise.all([
      gopen.pendingWithdrawal(account.address),
      gopen.balanceOf(account.address),
      gopen.getVotes(account.address),
    ]);
    printResult(
      {
        account: account.address,
        requested: open(amount),
        pending: open(pending),
        withdrawableAt: timeFormat(args.json, await chainNow())(readyAt),
        ...(pendingBefore > 0n && !args.json
          ? { note: `the cooldown of the ${formatOpen(pendingBefore)} already pending restarted` }
          : {}),
        gOpenBalance: amountFormat(args.json, "gOPEN")(staked),
        votes: amountFormat(args.json, "gOPEN")(votes),
        tx: tx.hash,
        gasUsed: receipt?.gasUsed,
      },
      args.json,
    );
    return;
  }

  const [pending, readyAt] = await gopen.pendingWithdrawal(account.address);
  const now = await chainNow();
  // With nothing pending, the contract's own NoPendingWithdrawal(account) error says so.
  if (pending > 0n && readyAt > now) {
    throw new ToolError(
      `the withdrawal of ${formatOpen(pending)} is not ready: it is withdrawable ${formatTime(readyAt, now)}`,
    );
  }
  const tx = await gopen.withdraw();
  const receipt = await tx.wait();
  printResult(
    {
      account: account.address,
      withdrawn: open(pending),
      openBalance: open(await suite.open.balanceOf(account.address)),
      tx: tx.hash,
      gasUsed: receipt?.gasUsed,
    },
    args.json,
  );
});
