/// Deploys the whole suite to the network given with `--network`, with the Ignition module
/// deploy/modules/OpenLedger.ts and the parameters deploy/parameters/<network>.json, then checks the role wiring.
///
///   npm run deploy -- --network <name>          (= npx hardhat run scripts/deploy.ts --network <name>)
///
/// The deployment id is $OPENLEDGER_DEPLOYMENT_ID, else `chain-<chainId>`; Ignition keeps its journal and the
/// addresses in deploy/deployments/<id>/. Running it again resumes the same deployment (nothing is redeployed).
/// On the local chain (31337) a record whose contracts have no code (the node was restarted, or it is the other
/// node's) is never deleted: it is moved aside to deploy/deployments/<id>.stale-<time>/ and the suite deployed afresh.
/// Without `--network` the suite is deployed on the in-process network, where nothing is kept: a dry run.
///
/// A string parameter written `"${NAME}"` is read from the environment variable NAME (the testnet files name the
/// guardian so: OPENLEDGER_GUARDIAN). On a live network (anything but the in-process network, localhost and anvil)
/// the deployment refuses, before sending anything, a missing guardian and a guardian equal to the deployer.
import { existsSync } from "node:fs";
import path from "node:path";
import { ZeroAddress, formatEther, id } from "ethers";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import hre from "hardhat";
import OpenLedger, { ADMIN_ROLE, GUARDIAN_ROLE } from "../deploy/modules/OpenLedger.js";
import { CONTRACT_KEYS, CONTRACTS, MANAGED_KEYS } from "../package/src/contracts.js";
import { OpenLedgerError, getSuite, isInProcess, reportErrors, useArtifacts } from "../tasks/lib/index.js";
import { resolveDeploymentId } from "../package/src/node/index.js";
import type { Suite } from "../tasks/lib/index.js";
import { checkGuardian, isLiveNetwork, readModuleParameters, resolvePlaceholders } from "./lib/deploy-parameters.js";
import { moveStaleDeployment } from "./lib/stale-deployment.js";

const rel = (file: string): string => path.relative(hre.config.paths.root, file) || file;
const out = (line = ""): void => void process.stdout.write(`${line}\n`);

interface Check {
  what: string;
  ok: boolean;
}

/// The role wiring that the module sets up and that must hold once deployment is over.
async function roleChecks(suite: Suite, deployer: string, guardian: string, now: bigint): Promise<Check[]> {
  const { accessManager, timelock, governor, gopen } = suite;
  const guardianExpiry = await governor.proposalGuardianExpiry();
  const timelockAddress = await timelock.getAddress();
  const governorAddress = await governor.getAddress();
  const managerAddress = await accessManager.getAddress();
  const managed = MANAGED_KEYS.map((key) => suite[key]);
  const authorities = await Promise.all(managed.map((c) => c.authority()));
  return [
    {
      what: "Timelock has ADMIN on the AccessManager",
      ok: (await accessManager.hasRole(ADMIN_ROLE, timelockAddress))[0],
    },
    { what: "deployer has no ADMIN on the AccessManager", ok: !(await accessManager.hasRole(ADMIN_ROLE, deployer))[0] },
    {
      what: "guardian has GUARDIAN on the AccessManager",
      ok: (await accessManager.hasRole(GUARDIAN_ROLE, guardian))[0],
    },
    { what: "Governor is proposer on the Timelock", ok: await timelock.hasRole(id("PROPOSER_ROLE"), governorAddress) },
    {
      what: "Governor is canceller on the Timelock",
      ok: await timelock.hasRole(id("CANCELLER_ROLE"), governorAddress),
    },
    { what: "anyone may execute on the Timelock", ok: await timelock.hasRole(id("EXECUTOR_ROLE"), ZeroAddress) },
    {
      what: "deployer has no admin role on the Timelock",
      ok: !(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer)),
    },
    { what: "Governor executes through the Timelock", ok: (await governor.timelock()) === timelockAddress },
    { what: "Governor counts gOPEN votes", ok: (await governor.token()) === (await gopen.getAddress()) },
    { what: "guardian is the Governor's proposal guardian", ok: (await governor.proposalGuardian()) === guardian },
    {
      what: "Governor knows the AccessManager whose GUARDIAN role the guardian cannot keep",
      ok: (await governor.accessManager()) === managerAddress,
    },
    {
      what: "guardian's mandate and GUARDIAN role expire together, in the future",
      ok: guardianExpiry > now && (await accessManager.getRoleExpiry(GUARDIAN_ROLE)) === guardianExpiry,
    },
    {
      what: "gOPEN, datanets, models and settlement answer to the AccessManager",
      ok: authorities.every((a) => a === managerAddress),
    },
  ];
}

async function main(): Promise<void> {
  useArtifacts(hre.config.paths.artifacts);
  const started = Date.now();
  const requested = hre.globalOptions.network;
  if (requested !== undefined && requested !== "" && !(requested in hre.config.networks)) {
    throw new OpenLedgerError(
      `unknown network "${requested}": the config defines ${Object.keys(hre.config.networks).join(", ")}`,
    );
  }
  const connection = await hre.network.getOrCreate();
  const inProcess = isInProcess(connection);
  const networkName = connection.networkName;
  const parameterFile = path.join(
    hre.config.paths.ignition,
    "parameters",
    `${inProcess ? "hardhat" : networkName}.json`,
  );
  if (!existsSync(parameterFile)) {
    throw new OpenLedgerError(
      `no parameters for network "${networkName}": expected ${rel(parameterFile)} ` +
        `(copy deploy/parameters/sepolia.json and adjust it)`,
    );
  }
  const parameters = resolvePlaceholders(readModuleParameters(parameterFile, rel(parameterFile)), rel(parameterFile));
  // JSON values, the placeholders replaced by strings: what Ignition reads from a parameter file.
  const moduleParameters = { OpenLedger: parameters } as DeploymentParameters;

  const [deployer] = await connection.ethers.getSigners();
  if (deployer === undefined) throw new OpenLedgerError(`network "${networkName}" has no account to deploy from`);
  const live = isLiveNetwork(networkName, inProcess);
  const guardian = checkGuardian(parameters, { file: rel(parameterFile), deployer: deployer.address, live });
  const { chainId } = await connection.ethers.provider.getNetwork();
  const balance = await connection.ethers.provider.getBalance(deployer.address);

  const deploymentId = inProcess ? undefined : resolveDeploymentId(chainId);
  const suiteDir = path.join(hre.config.paths.ignition, "deployments", deploymentId ?? "");
  out(`network     ${networkName} (chain ${chainId.toString()})${inProcess ? ": in process, nothing is kept" : ""}`);
  if (deploymentId !== undefined) out(`deployment  ${deploymentId} (${rel(suiteDir)})`);
  out(`parameters  ${rel(parameterFile)}`);
  out(`deployer    ${deployer.address} (${formatEther(balance)} ETH)`);
  out(`guardian    ${guardian}${guardian === deployer.address ? " (the deployer: local networks only)" : ""}`);
  if (balance === 0n) {
    throw new OpenLedgerError(
      `the deployer ${deployer.address} has no ETH on chain ${chainId.toString()}: fund it first`,
    );
  }

  if (deploymentId !== undefined) {
    // A local node starts empty: a record whose contracts are gone is moved aside (it may be the other node's).
    const getCode = async (address: string): Promise<string> =>
      String(await connection.provider.request({ method: "eth_getCode", params: [address, "latest"] }));
    const archived = await moveStaleDeployment(suiteDir, chainId, getCode, rel);
    if (archived !== undefined) {
      out(`moved ${rel(suiteDir)} to ${rel(archived)}: its contracts have no code on this node (kept, not deleted)`);
    }
  }
  const resuming = deploymentId !== undefined && existsSync(suiteDir);
  out(`deploying with Ignition${resuming ? ` (resuming ${deploymentId})` : ""}…`);
  let suite: Suite;
  if (inProcess) {
    suite = await getSuite(hre, { connection, parameters: moduleParameters });
  } else {
    await connection.ignition.deploy(OpenLedger, {
      parameters: moduleParameters,
      deploymentId,
      displayUi: process.stdout.isTTY === true,
    });
    suite = await getSuite(hre, { connection, deploymentId });
  }

  out();
  out("contracts");
  const keys = CONTRACT_KEYS;
  const width = Math.max(...keys.map((key) => CONTRACTS[key].name.length));
  for (const key of keys) {
    out(`  ${CONTRACTS[key].name.padEnd(width)}  ${suite.deployment.addresses[key] ?? "-"}`);
  }
  if (suite.deployment.file !== undefined) out(`  (${rel(suite.deployment.file)})`);

  out();
  out("role wiring");
  const latest = await connection.ethers.provider.getBlock("latest");
  const checks = await roleChecks(suite, deployer.address, guardian, BigInt(latest?.timestamp ?? 0));
  for (const check of checks) out(`  ${check.ok ? "ok  " : "FAIL"}  ${check.what}`);
  const failed = checks.filter((check) => !check.ok);
  if (failed.length > 0) {
    throw new OpenLedgerError(`role wiring is wrong: ${failed.map((check) => check.what).join("; ")}`);
  }
  const expiry = await suite.governor.proposalGuardianExpiry();
  out(`  the guardian's term ends at ${new Date(Number(expiry) * 1000).toISOString()} unless governance renews it`);
  out();
  out(`deployed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

await reportErrors(main);
