/// Models of the economy: a base model trained on version 1 of medical-qa, and, once both datanets have grown, a
/// fine-tuned child trained on version 2 of both, with two model versions.
import { id, parseEther } from "ethers";
import { mined } from "../../../tasks/lib/index.js";
import type { Datanets } from "./datanets.js";
import { section } from "./world.js";
import type { World } from "./world.js";

export interface Models {
  base: bigint;
  child: bigint;
}

/// Registers the base model (2 OPEN, owner 40%) on version 1 of medical-qa.
export async function registerBase(w: World, d: Datanets): Promise<bigint> {
  const { models } = w.suite;
  section(w, "A base model, trained on version 1 of medical-qa");
  await mined(
    models.connect(w.baseBuilder).registerModel({
      cardURI: "ipfs://models/med-base/card.json",
      weightsHash: id("med-base weights v1"),
      weightsURI: "ipfs://models/med-base/v1",
      parentId: 0,
      datanets: [{ datanetId: d.medical, version: 1, weightBps: 10_000 }],
      price: parseEther("2"),
      ownerBps: 4000,
    }),
  );
  const base = await models.modelCount();
  w.line(`  #${base} med-base        2 OPEN/inference, owner 40%, data: medical-qa v1 100%`);
  return base;
}

/// Registers the child (5 OPEN, owner 50%, 60/40 over version 2 of both datanets), fine-tuned from `base`, and
/// publishes its second version (on the same datanet versions).
export async function registerChild(w: World, d: Datanets, base: bigint): Promise<Models> {
  const { models } = w.suite;
  section(w, "A fine-tuned child, trained on version 2 of both datanets");
  await mined(
    models.connect(w.tuneBuilder).registerModel({
      cardURI: "ipfs://models/med-code-tuned/card.json",
      weightsHash: id("med-code-tuned weights v1"),
      weightsURI: "ipfs://models/med-code-tuned/v1",
      parentId: base,
      datanets: [
        { datanetId: d.medical, version: 2, weightBps: 6000 },
        { datanetId: d.code, version: 2, weightBps: 4000 },
      ],
      price: parseEther("5"),
      ownerBps: 5000,
    }),
  );
  const child = await models.modelCount();
  const v2 = ["med-code-tuned weights v2", "ipfs://models/med-code-tuned/v2"] as const;
  await mined(models.connect(w.tuneBuilder).publishVersion(child, id(v2[0]), v2[1], []));
  w.line(
    `  #${child} med-code-tuned  5 OPEN/inference, owner 50%, data: medical-qa v2 60% / code-review v2 40%, parent #${base}, 2 versions`,
  );
  return { base, child };
}
