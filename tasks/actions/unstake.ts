/// unstake — requests a withdrawal of staked OPEN (--amount, the SDK's `unstake`), or withdraws it once its cooldown
/// is over (--complete, the SDK's `withdraw`).
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { unstake, withdraw } from "../../package/src/actions/index.js";
import {
  OpenLedgerError,
  clientAndSigner,
  formatOpen,
  parseOpen,
  printResult,
  runTask,
  unitsFor,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  amount: string;
  complete: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const requesting = args.amount.trim() !== "";
  if (requesting === args.complete) {
    throw new OpenLedgerError("give either --amount <OPEN> to request a withdrawal or --complete to withdraw it");
  }
  const amount = requesting ? parseOpen(args.amount) : 0n;
  const { client, signer: account } = await clientAndSigner(hre, args);
  const { address } = account;

  if (!requesting) {
    const { receipt, event } = await withdraw(client);
    const { open } = unitsFor(args.json);
    const openBalance = open(await client.open.balanceOf(address));
    printResult(
      { account: address, withdrawn: open(event.amount), openBalance, tx: receipt.hash, gasUsed: receipt.gasUsed },
      args.json,
    );
    return;
  }

  const { receipt, event, pendingBefore } = await unstake(client, { amount });
  const [staked, votes, block] = await Promise.all([
    client.gopen.balanceOf(address),
    client.gopen.getVotes(address),
    receipt.getBlock(),
  ]);
  const units = unitsFor(args.json, BigInt(block.timestamp));
  const restarted = `the cooldown of the ${formatOpen(pendingBefore)} already pending restarted`;
  printResult(
    {
      account: address,
      requested: units.open(amount),
      pending: units.open(event.totalPending),
      withdrawableAt: units.time(event.readyAt),
      ...(pendingBefore > 0n && !args.json ? { note: restarted } : {}),
      gOpenBalance: units.votes(staked),
      votes: units.votes(votes),
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
