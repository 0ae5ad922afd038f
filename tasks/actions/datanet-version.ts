/// datanet:version — publishes the next version of a datanet (datanet owner) through the SDK's
/// `publishDatanetVersion`, then rebuilds its manifest from the events (`datanetVersionManifest`) and writes it. The
/// default URI is the file:// URL of that manifest file.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { datanetVersionManifest, publishDatanetVersion } from "../../package/src/actions/index.js";
import { writeVersionManifest } from "../../package/src/node/index.js";
import { clientAndSigner, parseId, printResult, runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";

interface Args extends SendArgs {
  datanet: string | undefined;
  uri: string | undefined;
  out: string | undefined;
}

/// Where a version's manifest is written by default: ./datanet-versions/<deployment id>/<datanet>-v<version>.json.
export function defaultManifestPath(deploymentId: string, datanetId: bigint, version: bigint): string {
  return path.join("datanet-versions", deploymentId, `${datanetId.toString(10)}-v${version.toString(10)}.json`);
}

const rel = (file: string): string => path.relative(process.cwd(), file) || file;

export default runTask(async (args: Args, hre): Promise<void> => {
  const datanetId = parseId("datanet", args.datanet);
  const { suite, client } = await clientAndSigner(hre, args);
  const next = (await client.datanets.versionCount(datanetId)) + 1n; // UnknownDatanet before anything else
  const out = path.resolve(args.out ?? defaultManifestPath(suite.deployment.deploymentId, datanetId, next));
  const uri = args.uri?.trim() || pathToFileURL(out).href;

  const { receipt, version } = await publishDatanetVersion(client, { datanetId, uri });
  const manifest = await datanetVersionManifest(client, { datanetId, version });
  writeVersionManifest(out, manifest);
  printResult(
    {
      datanet: datanetId,
      version,
      acceptedCount: manifest.acceptedCount,
      totalWeight: manifest.totalWeight,
      contributors: manifest.contributors.length,
      manifest: rel(out),
      uri,
      tx: receipt.hash,
    },
    args.json,
  );
});
