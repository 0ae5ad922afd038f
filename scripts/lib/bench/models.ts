/// Models: four single-datanet models for the settlements, and the measured child (parent, two datanets) with its
/// second version.
import { parseEther } from "ethers";
import type { IModelRegistry } from "../../../typechain-types/registry/ModelRegistry.js";
import type { Bench } from "./context.js";
import type { BenchDatanets } from "./datanets.js";
import { hashOf, ipfsUri } from "./inputs.js";
import { measure, run } from "./record.js";

export const PRICE = parseEther("2");

export interface BenchModels {
  baseModel: bigint;
  tenModel: bigint;
  largeModel: bigint;
  claimModel: bigint;
  childModel: bigint;
}

export async function benchModels(b: Bench, d: BenchDatanets): Promise<BenchModels> {
  const { models } = b.suite;
  const { openDatanet, tenDatanet, largeDatanet, claimDatanets } = d;
  console.log("Models");
  const builder = await b.account("model builder");
  const single = (datanetId: bigint): IModelRegistry.TrainingDatanetStruct[] => [
    { datanetId, version: 1, weightBps: 10_000 },
  ];
  const params = (
    label: string,
    parentId: bigint,
    set: IModelRegistry.TrainingDatanetStruct[],
    price: bigint,
  ): IModelRegistry.ModelParamsStruct => ({
    cardURI: ipfsUri(`card ${label}`),
    weightsHash: hashOf(`weights ${label}`),
    weightsURI: ipfsUri(`weights ${label}`),
    parentId,
    datanets: set,
    price,
    ownerBps: 3000,
  });
  const register = async (
    label: string,
    set: IModelRegistry.TrainingDatanetStruct[],
    price = PRICE,
  ): Promise<bigint> => {
    await run(models.connect(builder).registerModel(params(label, 0n, set, price)));
    return models.modelCount();
  };
  const baseModel = await register("base", single(openDatanet));
  const tenModel = await register("ten", single(tenDatanet));
  const largeModel = await register("large", single(largeDatanet));
  const claimModel = await register(
    "claims",
    claimDatanets.map((datanetId) => ({ datanetId, version: 1, weightBps: 2000 })),
    parseEther("100"),
  );
  const childBuilder = await b.account("child model builder");
  await measure(
    "model.register",
    models.connect(childBuilder).registerModel(
      params(
        "child",
        baseModel,
        [
          { datanetId: tenDatanet, version: 1, weightBps: 6000 },
          { datanetId: largeDatanet, version: 1, weightBps: 4000 },
        ],
        PRICE,
      ),
    ),
  );
  const childModel = await models.modelCount();
  await measure(
    "model.publishVersion",
    models
      .connect(childBuilder)
      .publishVersion(childModel, hashOf("weights child v2"), ipfsUri("weights child v2"), []),
  );

  return { baseModel, tenModel, largeModel, claimModel, childModel };
}
