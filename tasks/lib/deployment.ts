/// Where the suite is deployed on the connected chain, as the SDK's client.
///
/// - In-process simulated network (`edr-simulated`, nothing persisted): the Ignition module
///   `deploy/modules/OpenLedger.ts` is deployed on the fly, once per connection.
/// - Any other network: `deploy/deployments/<deploymentId>/deployed_addresses.json` (Ignition's
///   format, keys like `OpenLedger#OpenToken`), each address checked for code.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isAddress } from "ethers";
import type { ContractRunner } from "ethers";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import OpenLedger from "../../deploy/modules/OpenLedger.js";
import { attach } from "../../package/src/client.js";
import type { Client } from "../../package/src/client.js";
import { CONTRACT_KEYS, CONTRACTS, futureId } from "../../package/src/contracts.js";
import type { ContractKey } from "../../package/src/contracts.js";
import type { Addresses } from "../../package/src/deployments.js";
import { withGasMargin } from "../../package/src/gas.js";
import { OpenLedgerError } from "./errors.js";
import type { Sender } from "./tx.js";

export { CONTRACTS, futureId };

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

/// True for Hardhat's in-process simulated network, where nothing is persisted.
export function isInProcess(connection: NetworkConnection): boolean {
  return connection.networkConfig.type === "edr-simulated";
}

/// The deployment id: `--deployment-id`, else $OPENLEDGER_DEPLOYMENT_ID, else `chain-<chainId>`.
export function resolveDeploymentId(chainId: bigint, options: { deploymentId?: string } = {}): string {
  return options.deploymentId?.trim() || process.env.OPENLEDGER_DEPLOYMENT_ID?.trim() || `chain-${chainId}`;
}

const deployHint = (network: string): string => `deploy with \`npm run deploy -- --network ${network}\``;
const relative = (hre: HardhatRuntimeEnvironment, file: string): string =>
  path.relative(hre.config.paths.root, file) || file;

/// The entries of Ignition's deployed_addresses.json (future id → address); a one-line OpenLedgerError when malformed.
function readFutures(file: string, where: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new OpenLedgerError(`${where} is not an object of future id → address`);
  }
  for (const [id, address] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof address !== "string" || !isAddress(address)) {
      throw new OpenLedgerError(`${where}: "${id}" is not an address (${String(address)})`);
    }
  }
  return parsed as Record<string, string>;
}

/// The suite at the deployment's addresses, as the client of the first signer (or of the provider).
async function suiteAt(connection: NetworkConnection, deployment: Deployment): Promise<Suite> {
  const [first] = await connection.ethers.getSigners();
  const signer = first === undefined ? undefined : withGasMargin(first);
  const client = attach(signer ?? connection.ethers.provider, deployment.addresses as Addresses, deployment.chainId);
  return { ...client, connection, signer, deployment };
}

/// In-process network: the Ignition module deployed now, once per connection (every call of one script sees the
/// same contracts).
const inProcessSuites = new WeakMap<NetworkConnection, Promise<Suite>>();

async function deployInProcess(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  options: SuiteOptions,
): Promise<Suite> {
  const parameters = options.parameters ?? path.join(hre.config.paths.ignition, "parameters", "hardhat.json");
  const result = await connection.ignition.deploy(OpenLedger, { parameters, displayUi: false });
  const { chainId } = await connection.ethers.provider.getNetwork();
  const addresses: Partial<Record<SuiteKey, string>> = {};
  const futures: Record<string, string> = {};
  for (const key of CONTRACT_KEYS) {
    addresses[key] = futures[futureId(key)] = await result[key].getAddress();
  }
  const networkName = connection.networkName;
  return suiteAt(connection, { deploymentId: "in-process", chainId, networkName, file: undefined, futures, addresses });
}

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
      suite = deployInProcess(hre, connection, options);
      inProcessSuites.set(connection, suite);
      suite.catch(() => inProcessSuites.delete(connection)); // a failed deploy may be retried
    }
    return suite;
  }

  const { chainId } = await connection.ethers.provider.getNetwork();
  const { networkName } = connection;
  const deploymentId = resolveDeploymentId(chainId, options);
  const file = path.join(hre.config.paths.ignition, "deployments", deploymentId, "deployed_addresses.json");
  if (!existsSync(file)) {
    throw new OpenLedgerError(
      `no deployment for chain id ${chainId} (network "${networkName}", deployment id "${deploymentId}"): ` +
        `expected ${relative(hre, file)}; ${deployHint(networkName)}`,
    );
  }
  const futures = readFutures(file, relative(hre, file));
  const where = `deployment "${deploymentId}" (${relative(hre, file)})`;
  const missing = CONTRACT_KEYS.filter((key) => futures[futureId(key)] === undefined);
  if (missing.length > 0) {
    throw new OpenLedgerError(`${where} has no ${missing.map(futureId).join(", ")}; ${deployHint(networkName)}`);
  }
  const addresses = Object.fromEntries(CONTRACT_KEYS.map((key) => [key, futures[futureId(key)]])) as Addresses;
  const codes = await Promise.all(CONTRACT_KEYS.map((key) => connection.ethers.provider.getCode(addresses[key])));
  const empty = CONTRACT_KEYS.find((_, i) => codes[i] === "0x");
  if (empty !== undefined) {
    throw new OpenLedgerError(
      `no contract code at ${addresses[empty]} (${futureId(empty)} in ${where}) on chain ${chainId}: ` +
        `the chain was reset or the file belongs to another node; ${deployHint(networkName)}`,
    );
  }
  return suiteAt(connection, { deploymentId, chainId, networkName, file, futures, addresses });
}

/// The SDK's client for the deployed suite, connected to `runner` (another account than the suite's first signer).
export function clientFor(suite: Suite, runner: ContractRunner): Client {
  return attach(runner, suite.addresses, suite.deployment.chainId);
}
