/// Models of the economy: a base model trained on version 1 of medical-qa, and, once both datanets have grown, a
/// fine-tuned child trained on version 2 of both, with two model versions. Each is the SDK's n-gram model, trained
/// on the records of its training set (./engine.ts), and registers the hash of its weights file.
import { parseEther } from "ethers";
import { mined } from "../../../tasks/lib/index.js";
import type { Datanets } from "./datanets.js";
import { trainModel } from "./engine.js";
import type { EngineModel } from "./engine.js";
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
  const weights = await trainModel(w, "med-base-v1", [{ datanetId: d.medical, version: 1 }]);
  await mined(
    models.connect(w.baseBuilder).registerModel({
      cardURI: "ipfs://models/med-base/card.json",
      weightsHash: weights.weightsHash,
      weightsURI: "ipfs://models/med-base/v1",
      parentId: 0,
      datanets: [{ datanetId: d.medical, version: 1, weightBps: 10_000 }],
      price: parseEther("2"),
      ownerBps: 4000,
    }),
  );
  const base = await models.modelCount();
  w.engine.byModel.set(base, weights);
  w.line(`  #${base} med-base        2 OPEN/inference, owner 40%, data: medical-qa v1 100%`);
  w.line(`  ${describe(weights)}`);
  return base;
}

/// What a model's weights are, in one line.
export const describe = (m: EngineModel): string =>
  `weights ${m.file}: ${m.weights.order}-gram over ${m.weights.texts} texts, weights hash ${m.weightsHash.slice(0, 10)}…`;

/// Registers the child (5 OPEN, owner 50%, 60/40 over version 2 of both datanets), fine-tuned from `base` on the
/// records of both versions, and publishes its second version (on the same datanet versions), tuned once more on
/// code-review's.
export async function registerChild(w: World, d: Datanets, base: bigint): Promise<Models> {
  const { models } = w.suite;
  section(w, "A fine-tuned child, trained on version 2 of both datanets");
  const on = [
    { datanetId: d.medical, version: 2 },
    { datanetId: d.code, version: 2 },
  ];
  const v1 = await trainModel(w, "med-code-tuned-v1", on, { parent: w.engine.byModel.get(base) });
  const v2 = await trainModel(w, "med-code-tuned-v2", on, { parent: v1, on: [on[1]] });
  await mined(
    models.connect(w.tuneBuilder).registerModel({
      cardURI: "ipfs://models/med-code-tuned/card.json",
      weightsHash: v1.weightsHash,
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
  await mined(
    models.connect(w.tuneBuilder).publishVersion(child, v2.weightsHash, "ipfs://models/med-code-tuned/v2", []),
  );
  w.engine.byModel.set(child, v2);
  w.line(
    `  #${child} med-code-tuned  5 OPEN/inference, owner 50%, data: medical-qa v2 60% / code-review v2 40%, parent #${base}, 2 versions`,
  );
  w.line(`  ${describe(v1)}`);
  w.line(`  ${describe(v2)} (in force)`);
  return { base, child };
}
