import { createDatanet } from "../../package/src/actions/index.js";
import { clientAndSigner, formatOpen, parseAddress, parseOpen, printResult, required, runTask } from "../lib/index.js";
import { OpenLedgerError } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  uri: string | undefined;
  curated: boolean;
  bond: string | undefined;
  attestor: string | undefined;
}

export default runTask(async (args: Args, hre): Promise<void> => {
  const uri = required("uri", args.uri);
  const bond = args.bond === undefined ? 0n : parseOpen(args.bond, "--bond", true);
  if (bond !== 0n && !args.curated) {
    throw new OpenLedgerError("--bond needs --curated: only a curator's rejection can forfeit a bond");
  }
  const attestor = args.attestor === undefined ? undefined : parseAddress("--attestor", args.attestor);
  const { client } = await clientAndSigner(hre, args);
  const { event: e, receipt } = await createDatanet(client, { uri, curated: args.curated, bond, attestor });
  printResult(
    {
      datanet: e.datanetId,
      owner: e.owner,
      curated: e.curated,
      bond: args.json ? e.bond : formatOpen(e.bond),
      attestor: e.attestor,
      uri: e.uri,
      tx: receipt.hash,
    },
    args.json,
  );
});
