/// Where the suite is deployed on the connected chain, as the SDK's client.
///
/// - In-process simulated network (`edr-simulated`, nothing persisted): the Ignition module
///   `deploy/modules/OpenLedger.ts` is deployed on the fly, once per connection.
/// - Any other network: `deploy/deployments/<deploymentId>/deployed_addresses.json`, read by the SDK's
///   `readDeployment` (package/src/node/deployments.ts), each address checked for code.
import type { ContractRunner } from "ethers";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { attach } from "../../package/src/client.js";
import type { Client } from "../../package/src/client.js";
import type { ContractKey } from "../../package/src/contracts.js";
import type { Addresses } from "../../package/src/deployments.js";
import { withGasMargin } from "../../package/src/gas.js";
import { readDeployment, requireCode, resolveDeploymentId } from "../../package/src/node/index.js";
import type { DeploymentRecord } from "../../package/src/node/index.js";
import { OpenLedgerError } from "./errors.js";
import { deployInProcess, isInProcess } from "./in-process.js";
import type { Sender } from "./tx.js";

export { isInProcess };

/// Where the addresses came from: the SDK's deployment record (`file` undefined and id "in-process" for an on-the-fly
/// deploy), on which chain and network.
export type Deployment = Omit<DeploymentRecord, "file" | "addresses"> & {
  chainId: bigint;
  networkName: string;
  file: string | undefined;
  addresses: Partial<Record<ContractKey, string>>;
};

export interface SuiteOptions {
  /// The `--deployment-id` option of the task, if the user gave one.
  deploymentId?: string;
  /// A network name to connect to (default: the `--network` global option). Ignored with `connection`.
  network?: string;
  /// An existing connection to use instead of `hre.network.getOrCreate()`.
  connection?: NetworkConnection;
  /// Ignition parameters for an on-the-fly deploy (default: `deploy/parameters/hardhat.json`).
  parameters?: DeploymentParameters | string;
}

/// The deployed suite: the SDK's client connected to the first signer (or to the provider on a network without
/// accounts), plus the Hardhat connection it runs on and where the addresses came from.
export type Suite = Client & {
  connection: NetworkConnection;
  /// The first signer (sending with a gas margin); undefined on a network without accounts (read-only).
  signer: Sender | undefined;
  deployment: Deployment;
};

const deployHint = (network: string): string => `deploy with \`npm run deploy -- --network ${network}\``;

/// The suite at the deployment's addresses, as the client of the first signer (or of the provider).
async function suiteAt(connection: NetworkConnection, deployment: Deployment): Promise<Suite> {
  const [first] = await connection.ethers.getSigners();
  const signer = first === undefined ? undefined : withGasMargin(first);
  const client = attach(signer ?? connection.ethers.provider, deployment.addresses as Addresses, deployment.chainId);
  return { ...client, connection, signer, deployment };
}

/// In-process network: the Ignition module deployed once per connection (every call of one script sees the same
/// contracts).
const inProcessSuites = new WeakMap<NetworkConnection, Promise<Suite>>();

/// The deployed suite on the connected network, as the SDK's client of the first signer. Every failure is a
/// one-line OpenLedgerError: unknown network, no deployment for the chain id (with the expected file and how to deploy),
/// a contract missing from the file, an address without code.
export async function getSuite(hre: HardhatRuntimeEnvironment, options: SuiteOptions = {}): Promise<Suite> {
  const requested = options.network ?? hre.globalOptions.network;
  if (options.connection === undefined && requested && !(requested in hre.config.networks)) {
    const known = Object.keys(hre.config.networks).join(", ");
    throw new OpenLedgerError(`unknown network "${requested}": the config defines ${known}`);
  }
  const connection = options.connection ?? (await hre.network.getOrCreate(options.network || undefined));

  if (isInProcess(connection)) {
    let suite = inProcessSuites.get(connection);
    if (suite === undefined) {
      suite = deployInProcess(hre, connection, options.parameters).then((d) => suiteAt(connection, d));
      inProcessSuites.set(connection, suite);
      suite.catch(() => inProcessSuites.delete(connection)); // a failed deploy may be retried
    }
    return suite;
  }

  const { chainId } = await connection.ethers.provider.getNetwork();
  const { networkName } = connection;
  const { root, ignition } = hre.config.paths;
  const context = { chainId, networkName, root, hint: deployHint(networkName) };
  const record = readDeployment(ignition, resolveDeploymentId(chainId, options), context);
  await requireCode(connection.ethers.provider, record, context);
  return suiteAt(connection, { ...record, chainId, networkName });
}

/// The SDK's client for the deployed suite, connected to `runner` (another account than the suite's first signer).
export function clientFor(suite: Suite, runner: ContractRunner): Client {
  return attach(runner, suite.addresses, suite.deployment.chainId);
}
