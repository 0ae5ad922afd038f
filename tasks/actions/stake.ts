/// stake — stakes OPEN for gOPEN through the SDK's `stake` (approve + stake, or one transaction with --permit), and
/// prints the account's balances, delegate and votes after it.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getStakeStatus, stake } from "../../package/src/actions/index.js";
import { OpenLedgerError, clientAndSigner, parseOpen, printResult, runTask, unitsFor } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  amount: string;
  permit: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  if (args.amount.trim() === "") throw new OpenLedgerError("--amount <OPEN> is required");
  const amount = parseOpen(args.amount);
  const { client, signer: account } = await clientAndSigner(hre, args);
  const { receipt, approval } = await stake(client, { amount, permit: args.permit });
  const approved = approval === undefined ? null : await account.provider?.getTransactionReceipt(approval);
  const status = await getStakeStatus(client, { account: account.address });
  const { open, votes } = unitsFor(args.json);
  const none = args.json ? null : "none: run gov:delegate --to self to vote";
  printResult(
    {
      account: account.address,
      staked: open(amount),
      gOpenBalance: votes(status.staked),
      openBalance: open(status.openBalance),
      delegate: status.delegate ?? none,
      votes: votes(status.votes),
      txs: [...(approval === undefined ? [] : [approval]), receipt.hash],
      gasUsed: receipt.gasUsed + (approved?.gasUsed ?? 0n),
    },
    args.json,
  );
});
