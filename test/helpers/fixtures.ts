import type { NetworkConnection } from "hardhat/types/network";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { parseEther } from "ethers";
import OpenLedger from "../../deploy/modules/OpenLedger.js";
import { CONTRACT_KEYS, FACTORIES } from "../../package/src/contracts.js";
import type { ContractKey, SuiteContracts } from "../../package/src/contracts.js";

/// The deploy module's in-process parameters (deploy/parameters/hardhat.json), as the tests use them.
export const PARAMS = {
  timelockDelay: 60,
  withdrawalCooldown: 3600,
  rewardsDuration: 3600,
  votingDelay: 1,
  votingPeriod: 600,
  quorumPercent: 4,
  voteExtension: 120,
  guardianTerm: 2_592_000,
  minDataBps: 3000,
  maxLineageDepth: 3,
  protocolBps: 500,
  stakersBps: 1500,
  lineageBps: 1000,
  challengeWindow: 600,
  vetoBondLock: 3600,
  reviewTimeout: 3600,
  minAttestorBond: parseEther("1000"),
  bondFactor: 10,
  activationBondLock: 3600,
  maxGuardianVetoes: 3,
} as const;

/// Every contract of the suite (the SDK's table, package/src/contracts.ts), connected to the deployer.
export type Suite = { -readonly [K in ContractKey]: SuiteContracts[K] } & {
  /// Signer 0: deployed the suite, holds the OPEN supply, and is the guardian.
  deployer: HardhatEthersSigner;
  /// Signers 1..9, each funded with 1,000,000 OPEN.
  users: HardhatEthersSigner[];
  stranger: HardhatEthersSigner;
};

/// Deploys the whole suite with the same Ignition module and parameters as `npm run demo`, and funds users.
/// Use it through `networkHelpers.loadFixture(() => deploySuite(connection))`.
export async function deploySuite(connection: NetworkConnection): Promise<Suite> {
  const { ethers, ignition } = connection;
  const deployed = await ignition.deploy(OpenLedger, { parameters: "deploy/parameters/hardhat.json" });
  const signers = await ethers.getSigners();
  const [deployer] = signers;
  const contracts: Partial<Record<ContractKey, unknown>> = {};
  for (const key of CONTRACT_KEYS) contracts[key] = FACTORIES[key].connect(await deployed[key].getAddress(), deployer);
  const suite: Suite = {
    ...(contracts as SuiteContracts),
    deployer,
    users: signers.slice(1, 10),
    stranger: signers[19],
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
