import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ModelRegisteredEvent } from "../../typechain-types/registry/ModelRegistry.js";
import {
  ensureAllowance,
  eventIn,
  formatOpen,
  mined,
  printResult,
  required,
  runTask,
  suiteAndSigner,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { grouped, readModelCard } from "./model-card.js";

interface Args extends SendArgs {
  card: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const cardPath = required("card", args.card);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const card = await readModelCard(cardPath, await suite.models.minDataBps());

  // The publish fee goes from the signer to the treasury, taken by the model registry.
  const fee = await suite.models.publishFee();
  const approval = await ensureAllowance(suite.open, signer, await suite.models.getAddress(), fee);
  const receipt = await mined(
    suite.models.connect(signer).registerModel({
      cardURI: card.cardURI,
      weightsHash: card.weightsHash,
      weightsURI: card.weightsURI,
      parentId: card.parentId,
      datanets: card.datanets,
      price: card.price,
      ownerBps: card.ownerBps,
    }),
  );
  const event = eventIn<ModelRegisteredEvent.OutputObject>(receipt, suite.models, "ModelRegistered");

  printResult(
    {
      model: event.modelId,
      name: card.name || "-",
      owner: event.owner,
      parent: event.parentId === 0n ? (args.json ? null : "-") : event.parentId,
      datanets: card.datanets.map((d) => (args.json ? d : `${d.datanetId.toString(10)} (${grouped(d.weightBps)} bps)`)),
      price: args.json ? event.price : formatOpen(event.price),
      ownerBps: event.ownerBps,
      cardURI: event.cardURI,
      weightsHash: card.weightsHash,
      weightsURI: card.weightsURI,
      weightsFile: card.weightsFile === undefined ? "-" : path.relative(process.cwd(), card.weightsFile),
      publishFee: args.json ? fee : formatOpen(fee),
      approval: approval?.hash ?? "-",
      tx: receipt.hash,
    },
    args.json,
  );
});
