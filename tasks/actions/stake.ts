import { ZeroAddress } from "ethers";
import type { ContractTransactionReceipt } from "ethers";
import { amountFormat } from "../lib/governance.js";
import {
  OpenLedgerError,
  ensureAllowance,
  formatOpen,
  mined,
  parseOpen,
  printResult,
  runTask,
  signPermit,
  suiteAndSigner,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  amount: string;
  permit: boolean;
}

export default runTask(async (args: Args, hre) => {
  if (args.amount.trim() === "") throw new OpenLedgerError("--amount <OPEN> is required");
  const amount = parseOpen(args.amount);
  const { suite, signer: account } = await suiteAndSigner(hre, args);
  const open = suite.open.connect(account);
  const gopen = suite.gopen.connect(account);
  const spender = await gopen.getAddress();

  const balance = await open.balanceOf(account.address);
  if (balance < amount) {
    throw new OpenLedgerError(
      `${account.address} holds ${formatOpen(balance)}, less than the ${formatOpen(amount)} to stake`,
    );
  }

  const receipts: ContractTransactionReceipt[] = [];
  if (args.permit) {
    const permit = await signPermit(suite.open, account, spender, amount);
    receipts.push(await mined(gopen.stakeWithPermit(amount, permit)));
  } else {
    const approval = await ensureAllowance(suite.open, account, spender, amount);
    if (approval !== undefined) receipts.push(approval);
    receipts.push(await mined(gopen.stake(amount)));
  }
  const txs = receipts.map((r) => r.hash);
  const gasUsed = receipts.reduce((sum, r) => sum + r.gasUsed, 0n);

  const [staked, votes, delegate, openLeft] = await Promise.all([
    gopen.balanceOf(account.address),
    gopen.getVotes(account.address),
    gopen.delegates(account.address),
    open.balanceOf(account.address),
  ]);
  const gOpen = amountFormat(args.json, "gOPEN");
  printResult(
    {
      account: account.address,
      staked: amountFormat(args.json, "OPEN")(amount),
      gOpenBalance: gOpen(staked),
      openBalance: amountFormat(args.json, "OPEN")(openLeft),
      delegate: delegate === ZeroAddress ? (args.json ? null : "none: run gov:delegate --to self to vote") : delegate,
      votes: gOpen(votes),
      txs,
      gasUsed,
    },
    args.json,
  );
});
