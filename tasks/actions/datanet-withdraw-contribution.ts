import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatOpen, mined, parseHash, parseId, printResult, runTask, suiteAndSigner } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  hash: string | undefined;
  root: boolean;
}

/// Withdraws the signer's pending contribution (or Merkle batch with --root) that no curator reviewed within the
/// review timeout. Its bond becomes bond credit, which `datanet:withdraw-bond` pays out.
export default runTask(async (args: Args, hre: HardhatRuntimeEnvironment): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const key = parseHash("--hash", args.hash);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const registry = suite.datanets.connect(signer);
  const { bond } = await suite.datanets.datanet(datanetId);
  const receipt = await mined(
    args.root ? registry.withdrawContributionRoot(datanetId, key) : registry.withdrawContribution(datanetId, key),
  );
  printResult(
    {
      datanet: datanetId,
      [args.root ? "root" : "contentHash"]: key,
      status: "Withdrawn",
      bondCredited: args.json ? bond : formatOpen(bond),
      credit: args.json
        ? await suite.datanets.bondCredit(signer.address)
        : formatOpen(await suite.datanets.bondCredit(signer.address)),
      tx: receipt.hash,
    },
    args.json,
  );
});
