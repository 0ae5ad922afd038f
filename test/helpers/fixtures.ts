import type { NetworkConnection } from "hardhat/types/network";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { fileURLToPath } from "node:url";
import { id, parseEther } from "ethers";
import OpenLedger from "../../deploy/modules/OpenLedger.js";
import { CONTRACT_KEYS, FACTORIES } from "../../package/src/contracts.js";
import type { ContractKey, SuiteContracts } from "../../package/src/contracts.js";
import { readModuleParameters } from "../../scripts/lib/deploy-parameters.js";

/// The parameter file of the in-process network, which the fixtures deploy with.
export const PARAMETERS_FILE = "deploy/parameters/hardhat.json";

/// The module parameters that count time, basis points and small numbers (plain numbers in the file), and the OPEN
/// amounts (decimal strings of wei in the file).
const NUMBER_KEYS = [
  "timelockDelay",
  "withdrawalCooldown",
  "rewardsDuration",
  "votingDelay",
  "votingPeriod",
  "quorumPercent",
  "voteExtension",
  "guardianTerm",
  "minDataBps",
  "maxLineageDepth",
  "protocolBps",
  "stakersBps",
  "lineageBps",
  "challengeWindow",
  "vetoBondLock",
  "reviewTimeout",
  "bondFactor",
  "activationBondLock",
  "maxGuardianVetoes",
] as const;
const AMOUNT_KEYS = ["proposalThreshold", "publishFee", "minAttestorBond"] as const;

export type Params = { readonly [K in (typeof NUMBER_KEYS)[number]]: number } & {
  readonly [K in (typeof AMOUNT_KEYS)[number]]: bigint;
};

/// The module parameters of `file`, read as the deploy script reads them (scripts/lib/deploy-parameters.ts), typed.
export function readParams(file: string = PARAMETERS_FILE): Params {
  const raw = readModuleParameters(fileURLToPath(new URL(`../../${file}`, import.meta.url)), file);
  const params: Record<string, number | bigint> = {};
  for (const key of NUMBER_KEYS) {
    const value = raw[key];
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      throw new Error(`${file}: "${key}" is not a whole number: ${JSON.stringify(value)}`);
    }
    params[key] = value;
  }
  for (const key of AMOUNT_KEYS) {
    const value = raw[key];
    if (typeof value !== "string" || !/^[0-9]+$/.test(value)) {
      throw new Error(`${file}: "${key}" is not a decimal string of wei: ${JSON.stringify(value)}`);
    }
    params[key] = BigInt(value);
  }
  return params as Params;
}

/// The deploy module's in-process parameters (deploy/parameters/hardhat.json), as the tests use them.
export const PARAMS: Params = readParams();

/// Every contract of the suite (the SDK's table, package/src/contracts.ts), connected to the deployer.
export type Suite = { -readonly [K in ContractKey]: SuiteContracts[K] } & {
  /// Signer 0: deployed the suite, holds the OPEN supply, and is the guardian.
  deployer: HardhatEthersSigner;
  /// Signers 1..9, each funded with 1,000,000 OPEN.
  users: HardhatEthersSigner[];
  stranger: HardhatEthersSigner;
  /// The connection the suite is deployed on.
  connection: NetworkConnection;
};

/// Deploys the whole suite with the same Ignition module and parameters as `npm run demo`, and funds users.
/// Use it through `networkHelpers.loadFixture(() => deploySuite(connection))`.
export async function deploySuite(connection: NetworkConnection): Promise<Suite> {
  const { ethers, ignition } = connection;
  const deployed = await ignition.deploy(OpenLedger, { parameters: PARAMETERS_FILE });
  const signers = await ethers.getSigners();
  const [deployer] = signers;
  const contracts: Partial<Record<ContractKey, unknown>> = {};
  for (const key of CONTRACT_KEYS) contracts[key] = FACTORIES[key].connect(await deployed[key].getAddress(), deployer);
  const suite: Suite = {
    ...(contracts as SuiteContracts),
    deployer,
    users: signers.slice(1, 10),
    stranger: signers[19],
    connection,
  };
  for (const u of suite.users) await suite.open.transfer(u.address, parseEther("1000000"));
  return suite;
}

const fixtures = new WeakMap<NetworkConnection, () => Promise<Suite>>();

/// The suite as a named fixture of `connection` (loadFixture refuses anonymous functions), so that each test starts
/// from the same snapshot: `const s = await loadSuite(connection)`.
export async function loadSuite(connection: NetworkConnection): Promise<Suite> {
  let fixture = fixtures.get(connection);
  if (fixture === undefined) {
    fixture = async function openLedgerSuite(): Promise<Suite> {
      return deploySuite(connection);
    };
    fixtures.set(connection, fixture);
  }
  return connection.networkHelpers.loadFixture(fixture);
}

/// The Timelock, impersonated: it holds the AccessManager's ADMIN role, i.e. what a passed proposal may do.
export async function timelockSigner(s: Suite): Promise<HardhatEthersSigner> {
  const address = await s.timelock.getAddress();
  await s.connection.networkHelpers.impersonateAccount(address);
  await s.connection.networkHelpers.setBalance(address, parseEther("10"));
  return s.connection.ethers.getSigner(address);
}

/// Publishes the next version of `datanetId` as its owner, so that a model can name it. When nothing was accepted
/// since the last version, `contributor` (default: the owner) first contributes one record, which an open datanet
/// accepts at once and the owner of a curated one accepts with weight 1. Returns the new version's number.
export async function publishDatanetVersion(
  s: Suite,
  datanetId: bigint,
  contributor?: HardhatEthersSigner,
): Promise<bigint> {
  const d = await s.datanets.datanet(datanetId);
  const owner = await s.connection.ethers.getSigner(d.owner);
  const latest =
    d.versionCount === 0n ? 0n : (await s.datanets.datanetVersion(datanetId, d.versionCount)).acceptedCount;
  if (d.acceptedCount === latest) {
    const from = contributor ?? owner;
    const contentHash = id(`record ${datanetId} v${d.versionCount + 1n} ${from.address}`);
    await (await s.datanets.connect(from).contribute(datanetId, contentHash, `ipfs://record/${contentHash}`)).wait();
    if (d.curated) await (await s.datanets.connect(owner).review(datanetId, [{ contentHash, weight: 1n }])).wait();
  }
  await (await s.datanets.connect(owner).publishVersion(datanetId, `ipfs://manifest/${datanetId}`)).wait();
  return d.versionCount + 1n;
}
