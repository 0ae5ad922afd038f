import { withdrawBond } from "../../package/src/actions/index.js";
import { clientAndSigner, formatOpen, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

export default runTask(async (args: SendArgs, hre): Promise<void> => {
  const { client } = await clientAndSigner(hre, args);
  const { event, receipt } = await withdrawBond(client);
  printResult(
    { account: event.account, amount: args.json ? event.amount : formatOpen(event.amount), tx: receipt.hash },
    args.json,
  );
});
