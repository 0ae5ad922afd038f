import { setCurator } from "../../package/src/actions/index.js";
import { clientAndSigner, parseAddress, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  account: string | undefined;
  remove: boolean;
}

export default runTask(async (args: Args, hre): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const account = parseAddress("--account", args.account);
  const { client } = await clientAndSigner(hre, args);
  const { event, receipt } = await setCurator(client, { datanetId, account, isCurator: !args.remove });
  printResult({ datanet: datanetId, account: event.account, curator: event.isCurator, tx: receipt.hash }, args.json);
});
