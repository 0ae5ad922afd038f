import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { AttestorSetEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import { eventIn, mined, parseAddress, parseId, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  attestor: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const attestor = parseAddress("--attestor", args.attestor);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const previous = await suite.datanets.attestorOf(datanetId);
  const receipt = await mined(suite.datanets.connect(signer).setAttestor(datanetId, attestor));
  const event = eventIn<AttestorSetEvent.OutputObject>(receipt, suite.datanets, "AttestorSet");
  printResult({ datanet: datanetId, previous, attestor: event.attestor, tx: receipt.hash }, args.json);
});
