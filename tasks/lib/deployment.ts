/// Where the suite is deployed on the connected chain, and typed contract instances for it.
///
/// - In-process simulated network (`edr-simulated`, nothing persisted): the Ignition module
///   `deploy/modules/OpenLedger.ts` is deployed on the fly, once per connection.
/// - Any other network: `deploy/deployments/<deploymentId>/deployed_addresses.json` (Ignition's
///   format, keys like `OpenLedger#OpenToken`), each address checked for code.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isAddress } from "ethers";
import type { ContractRunner } from "ethers";
import type { DeploymentParameters, IgnitionModule } from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { attach } from "../../package/src/client.js";
import type { Client } from "../../package/src/client.js";
import { CONTRACT_KEYS, CONTRACTS, futureId, IGNITION_MODULE } from "../../package/src/contracts.js";
import type { ContractKey } from "../../package/src/contracts.js";
import type { Addresses } from "../../package/src/deployments.js";
import { withGasMargin } from "../../package/src/gas.js";
import { ToolError } from "./errors.js";
import type { Sender } from "./tx.js";

export { CONTRACTS, futureId };

/// Environment variable that picks the deployment id when `--deployment-id` is not given.
export const DEPLOYMENT_ID_ENV = "OPENLEDGER_DEPLOYMENT_ID";

/// The key of a suite contract: its name in the Ignition module's result, in `Suite` and in the SDK's client.
export type SuiteKey = ContractKey;

export interface Deployment {
  /// Ignition deployment id (`chain-11155111`, or the one given); "in-process" for an on-the-fly deploy.
  deploymentId: string;
  chainId: bigint;
  networkName: string;
  /// Absolute path of deployed_addresses.json; undefined for an on-the-fly deploy.
  file: string | undefined;
  /// Every entry of the file, future id → address.
  futures: Record<string, string>;
  /// The suite's contracts found in it.
  addresses: Partial<Record<SuiteKey, string>>;
}

export interface DeploymentOptions {
  /// The `--deployment-id` option of the task, if the user gave one.
  deploymentId?: string;
}

export interface SuiteOptions extends DeploymentOptions {
  /// A network name to connect to (default: the `--network` global option). Ignored with `connection`.
  network?: string;
  /// An existing connection to use instead of `hre.network.getOrCreate()`.
  connection?: NetworkConnection;
  /// Ignition parameters for an on-the-fly deploy (default: `deploy/parameters/hardhat.json` if present).
  parameters?: DeploymentParameters | string;
}

/// The deployed suite: the SDK's client connected to the first signer (or to the provider on a network without
/// accounts), plus the Hardhat connection it runs on and where the addresses came from.
export type Suite = Client & {
  connection: NetworkConnection;
  /// The first signer (sending with a gas margin), or undefined on a network without accounts (then contracts are
  /// read-only).
  signer: Sender | undefined;
  deployment: Deployment;
};

/// True for Hardhat's in-process simulated network, where nothing is persisted.
export function isInProcess(connection: NetworkConnection): boolean {
  return connection.networkConfig.type === "edr-simulated";
}

/// The deployment id: `--deployment-id`, else $OPENLEDGER_DEPLOYMENT_ID, else `chain-<chainId>`.
export function resolveDeploymentId(chainId: bigint, options: DeploymentOptions = {}): string {
  const explicit = options.deploymentId?.trim();
  if (explicit) return explicit;
  const fromEnv = process.env[DEPLOYMENT_ID_ENV]?.trim();
  if (fromEnv) return fromEnv;
  return `chain-${chainId.toString()}`;
}

function deployHint(networkName: string): string {
  return `deploy with \`npm run deploy -- --network ${networkName}\``;
}

function relative(hre: HardhatRuntimeEnvironment, file: string): string {
  return path.relative(hre.config.paths.root, file) || file;
}

/// Reads the deployed addresses of the connected chain from Ignition's deployed_addresses.json.
/// Throws a one-line ToolError when there is no such file or it is malformed.
export async function loadDeployment(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  options: DeploymentOptions = {},
): Promise<Deployment> {
  const { chainId } = await connection.ethers.provider.getNetwork();
  const deploymentId = resolveDeploymentId(chainId, options);
  const file = path.join(hre.config.paths.ignition, "deployments", deploymentId, "deployed_addresses.json");
  const networkName = connection.networkName;
  if (!existsSync(file)) {
    throw new ToolError(
      `no deployment for chain id ${chainId.toString()} (network "${networkName}", deployment id "${deploymentId}"): ` +
        `expected ${relative(hre, file)}; ${deployHint(networkName)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new ToolError(`cannot read ${relative(hre, file)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ToolError(`${relative(hre, file)} is not an object of future id → address`);
  }
  const futures: Record<string, string> = {};
  for (const [id, address] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof address !== "string" || !isAddress(address)) {
      throw new ToolError(`${relative(hre, file)}: "${id}" is not an address (${String(address)})`);
    }
    futures[id] = address;
  }
  const addresses: Partial<Record<SuiteKey, string>> = {};
  for (const key of CONTRACT_KEYS) {
    const address = futures[futureId(key)];
    if (address !== undefined) addresses[key] = address;
  }
  return { deploymentId, chainId, networkName, file, addresses, futures };
}

/// The suite at `addresses`, as the client of the first signer (or the provider).
async function suiteAt(connection: NetworkConnection, deployment: Deployment): Promise<Suite> {
  const [first] = await connection.ethers.getSigners();
  const signer = first === undefined ? undefined : withGasMargin(first);
  const addresses = deployment.addresses as Addresses;
  const client = attach(signer ?? connection.ethers.provider, addresses, deployment.chainId);
  return { ...client, connection, signer, deployment };
}

/// In-process network: deploy the Ignition module now. Cached per connection, so that every call of
/// one script sees the same contracts.
const inProcessSuites = new WeakMap<NetworkConnection, Promise<Suite>>();

async function deployInProcess(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  options: SuiteOptions,
): Promise<Suite> {
  const moduleFile = path.join(hre.config.paths.ignition, "modules", `${IGNITION_MODULE}.ts`);
  if (!existsSync(moduleFile)) {
    throw new ToolError(`cannot deploy in process: the Ignition module ${relative(hre, moduleFile)} does not exist`);
  }
  const imported = (await import(pathToFileURL(moduleFile).href)) as { default?: IgnitionModule };
  const ignitionModule = imported.default;
  if (ignitionModule === undefined) {
    throw new ToolError(
      `${relative(hre, moduleFile)} has no default export (expected buildModule("${IGNITION_MODULE}", ...))`,
    );
  }
  let parameters = options.parameters;
  if (parameters === undefined) {
    const defaults = path.join(hre.config.paths.ignition, "parameters", "hardhat.json");
    if (existsSync(defaults)) parameters = defaults;
  }
  const result = await connection.ignition.deploy(ignitionModule, { parameters, displayUi: false });
  const { chainId } = await connection.ethers.provider.getNetwork();
  const addresses: Partial<Record<SuiteKey, string>> = {};
  const futures: Record<string, string> = {};
  for (const key of CONTRACT_KEYS) {
    const deployed = result[key];
    if (deployed === undefined) {
      throw new ToolError(`the Ignition module ${IGNITION_MODULE} does not return \`${key}\` (${CONTRACTS[key].name})`);
    }
    const address = await deployed.getAddress();
    addresses[key] = address;
    futures[futureId(key)] = address;
  }
  const networkName = connection.networkName;
  return suiteAt(connection, { deploymentId: "in-process", chainId, networkName, file: undefined, futures, addresses });
}

/// The deployed suite on the connected network, as typechain contracts connected to the first signer.
/// Every failure is a one-line ToolError: unknown network, no deployment for the chain id (with the
/// expected file and how to deploy), a contract missing from the file, an address without code.
export async function getSuite(hre: HardhatRuntimeEnvironment, options: SuiteOptions = {}): Promise<Suite> {
  const requested = options.network ?? hre.globalOptions.network;
  if (options.connection === undefined && requested && !(requested in hre.config.networks)) {
    throw new ToolError(
      `unknown network "${requested}": the config defines ${Object.keys(hre.config.networks).join(", ")}`,
    );
  }
  const connection =
    options.connection ??
    (options.network ? await hre.network.getOrCreate(options.network) : await hre.network.getOrCreate());

  if (isInProcess(connection)) {
    let suite = inProcessSuites.get(connection);
    if (suite === undefined) {
      suite = deployInProcess(hre, connection, options);
      inProcessSuites.set(connection, suite);
      suite.catch(() => inProcessSuites.delete(connection)); // a failed deploy may be retried
    }
    return suite;
  }

  const deployment = await loadDeployment(hre, connection, options);
  const where = `deployment "${deployment.deploymentId}" (${relative(hre, deployment.file ?? "")})`;
  const missing = CONTRACT_KEYS.filter((key) => deployment.addresses[key] === undefined);
  if (missing.length > 0) {
    throw new ToolError(`${where} has no ${missing.map(futureId).join(", ")}; ${deployHint(deployment.networkName)}`);
  }
  const addresses = deployment.addresses as Record<SuiteKey, string>;
  const codes = await Promise.all(CONTRACT_KEYS.map((key) => connection.ethers.provider.getCode(addresses[key])));
  CONTRACT_KEYS.forEach((key, i) => {
    if (codes[i] === "0x") {
      throw new ToolError(
        `no contract code at ${addresses[key]} (${futureId(key)} in ${where}) on chain ${deployment.chainId.toString()}: ` +
          `the chain was reset or the file belongs to another node; ${deployHint(deployment.networkName)}`,
      );
    }
  });
  return suiteAt(connection, deployment);
}

/// The package's client for the deployed suite, connected to `runner`: what the functions the package offers dApps
/// (`claimAll`, …) take, so that the tasks run the very code the dApps run.
export function clientFor(suite: Suite, runner: ContractRunner): Client {
  return attach(runner, suite.deployment.addresses as Addresses, suite.deployment.chainId);
}
