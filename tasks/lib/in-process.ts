/// Hardhat's in-process simulated network (`edr-simulated`, nothing persisted): the Ignition module
/// `deploy/modules/OpenLedger.ts` deployed on the fly.
import path from "node:path";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import OpenLedger from "../../deploy/modules/OpenLedger.js";
import { CONTRACT_KEYS, futureId } from "../../package/src/contracts.js";
import type { ContractKey } from "../../package/src/contracts.js";
import type { Deployment } from "./deployment.js";

/// True for Hardhat's in-process simulated network, where nothing is persisted.
export function isInProcess(connection: NetworkConnection): boolean {
  return connection.networkConfig.type === "edr-simulated";
}

/// Deploys the Ignition module on `connection` (parameters default to `deploy/parameters/hardhat.json`).
export async function deployInProcess(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  parameters: DeploymentParameters | string = path.join(hre.config.paths.ignition, "parameters", "hardhat.json"),
): Promise<Deployment> {
  const result = await connection.ignition.deploy(OpenLedger, { parameters, displayUi: false });
  const { chainId } = await connection.ethers.provider.getNetwork();
  const addresses: Partial<Record<ContractKey, string>> = {};
  const futures: Record<string, string> = {};
  for (const key of CONTRACT_KEYS) {
    addresses[key] = futures[futureId(key)] = await result[key].getAddress();
  }
  const { networkName } = connection;
  return { deploymentId: "in-process", chainId, networkName, file: undefined, futures, addresses };
}
