import { amountFormat } from "../lib/governance.js";
import {
  OpenLedgerError,
  accountFor,
  formatOpen,
  getSuite,
  mined,
  parseOpen,
  printResult,
  required,
  runTask,
  signerFor,
} from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { requireLocal } from "./dev-common.js";

interface Args extends CommonArgs {
  to: string;
  amount: string;
}

export default runTask(async (args: Args, hre) => {
  const connection = await hre.network.getOrCreate();
  requireLocal(connection, "dev:fund");
  const toText = required("to", args.to);
  if (args.amount.trim() === "") throw new OpenLedgerError("--amount <OPEN> is required");
  const amount = parseOpen(args.amount);
  const suite = await getSuite(hre, { connection, deploymentId: args.deploymentId });
  const deployer = await signerFor(connection, "0");
  const to = await accountFor(connection, toText);

  const balance = await suite.open.balanceOf(deployer.address);
  if (balance < amount) {
    throw new OpenLedgerError(
      `the deployer ${deployer.address} holds ${formatOpen(balance)}, less than the ${formatOpen(amount)} to send`,
    );
  }
  const receipt = await mined(suite.open.connect(deployer).transfer(to, amount));
  const open = amountFormat(args.json, "OPEN");
  printResult(
    {
      from: deployer.address,
      to,
      sent: open(amount),
      balance: open(await suite.open.balanceOf(to)),
      tx: receipt.hash,
      gasUsed: receipt.gasUsed,
    },
    args.json,
  );
});
