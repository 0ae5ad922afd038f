import { setAttestor } from "../../package/src/actions/index.js";
import { clientAndSigner, parseAddress, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  attestor: string | undefined;
}

export default runTask(async (args: Args, hre): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const attestor = parseAddress("--attestor", args.attestor);
  const { client } = await clientAndSigner(hre, args);
  const { previous, event, receipt } = await setAttestor(client, { datanetId, attestor });
  printResult({ datanet: datanetId, previous, attestor: event.attestor, tx: receipt.hash }, args.json);
});
