import { amountFormat, formatTime, timeFormat } from "../lib/governance.js";
import {
  OpenLedgerError,
  formatOpen,
  latestTimestamp,
  mined,
  parseOpen,
  printResult,
  runTask,
  suiteAndSigner,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  amount: string;
  complete: boolean;
}

export default runTask(async (args: Args, hre) => {
  const requesting = args.amount.trim() !== "";
  if (requesting === args.complete) {
    throw new OpenLedgerError("give either --amount <OPEN> to request a withdrawal or --complete to withdraw it");
  }
  const amount = requesting ? parseOpen(args.amount) : 0n;
  const { suite, signer: account } = await suiteAndSigner(hre, args);
  const gopen = suite.gopen.connect(account);
  const open = amountFormat(args.json, "OPEN");

  if (requesting) {
    const [pendingBefore] = await gopen.pendingWithdrawal(account.address);
    const receipt = await mined(gopen.requestWithdrawal(amount));
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
        withdrawableAt: timeFormat(args.json, await latestTimestamp(suite.connection))(readyAt),
        ...(pendingBefore > 0n && !args.json
          ? { note: `the cooldown of the ${formatOpen(pendingBefore)} already pending restarted` }
          : {}),
        gOpenBalance: amountFormat(args.json, "gOPEN")(staked),
        votes: amountFormat(args.json, "gOPEN")(votes),
        tx: receipt.hash,
        gasUsed: receipt.gasUsed,
      },
      args.json,
    );
    return;
  }

  const [pending, readyAt] = await gopen.pendingWithdrawal(account.address);
  const now = await latestTimestamp(suite.connection);
  // With nothing pending, the contract's own NoPendingWithdrawal(account) error says so.
  if (pending > 0n && readyAt > now) {
    throw new OpenLedgerError(
      `the withdrawal of ${formatOpen(pending)} is not ready: it is withdrawable ${formatTime(readyAt, now)}`,
    );
  }
  const receipt = await mined(gopen.withdraw());
  printResult(
    {
      account: account.address,
      withdrawn: open(pending),
      openBalance: open(await suite.open.balanceOf(account.address)),
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
