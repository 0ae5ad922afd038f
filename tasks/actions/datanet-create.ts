import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { DatanetCreatedEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import { formatOpen, getSuite, printResult, runTask, ToolError } from "../lib/index.js";
import { eventIn, mined, parseAddress, parseOpen, required, signerAt } from "./datanet-common.js";

interface Args {
  uri: string | undefined;
  curated: boolean;
  bond: string | undefined;
  attestor: string | undefined;
  from: number;
  deploymentId: string | undefined;
  json: boolean;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const uri = required("uri", args.uri);
  const bond = args.bond === undefined ? 0n : parseOpen("--bond", args.bond);
  if (bond !== 0n && !args.curated) {
    throw new ToolError("--bond needs --curated: only a curator's rejection can forfeit a bond");
  }
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const signer = await signerAt(suite, args.from);
  const attestor = args.attestor === undefined ? signer.address : parseAddress("--attestor", args.attestor);

  const receipt = await mined(suite.datanets.connect(signer).createDatanet(uri, args.curated, bond, attestor));
  const created = eventIn<DatanetCreatedEvent.OutputObject>(receipt, suite.datanets, "DatanetCreated");

  printResult(
    {
      datanet: created.datanetId,
      owner: created.owner,
      curated: created.curated,
      bond: args.json ? created.bond : formatOpen(created.bond),
      attestor: created.attestor,
      uri: created.uri,
      tx: receipt.hash,
    },
    args.json,
  );
});
