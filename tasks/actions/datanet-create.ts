import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { DatanetCreatedEvent } from "../../typechain-types/registry/DatanetRegistry.js";
import {
  eventIn,
  formatOpen,
  mined,
  parseAddress,
  parseOpen,
  printResult,
  required,
  runTask,
  suiteAndSigner,
  OpenLedgerError,
} from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  uri: string | undefined;
  curated: boolean;
  bond: string | undefined;
  attestor: string | undefined;
}

export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const uri = required("uri", args.uri);
  const bond = args.bond === undefined ? 0n : parseOpen(args.bond, "--bond", true);
  if (bond !== 0n && !args.curated) {
    throw new OpenLedgerError("--bond needs --curated: only a curator's rejection can forfeit a bond");
  }
  const { suite, signer } = await suiteAndSigner(hre, args);
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
