import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { AttestorSetEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import { getSuite, printResult, runTask } from "../lib/index.js";
import { eventIn, mined, parseAddress, parseId, signerAt } from "./datanet-common.js";

interface Args {
  datanet: string | undefined;
  attestor: string | undefined;
  from: number;
  deploymentId: string | undefined;
  json: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const attestor = parseAddress("--attestor", args.attestor);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const previous = await suite.datanets.attestorOf(datanetId);
  const receipt = await mined(suite.datanets.connect(signer).setAttestor(datanetId, attestor));
  const event = eventIn<AttestorSetEvent.OutputObject>(receipt, suite.datanets, "AttestorSet");
  printResult({ datanet: datanetId, previous, attestor: event.attestor, tx: receipt.hash }, args.json);
});
