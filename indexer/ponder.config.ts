/// The chain and the contracts of the suite, from the environment and a deployment (src/deployment.ts). The ABIs are
/// the package's own (package/src/generated/abis.ts, written by `npx hardhat build` from the artifacts).
import { createConfig } from "ponder";
import { suiteAbis } from "../package/src/generated/abis.js";
import { readEnvironment } from "./src/deployment.js";

const env = readEnvironment();
const a = env.addresses;
const at = (address: string) => ({
  chain: "openledger" as const,
  address: address as `0x${string}`,
  startBlock: env.startBlock,
});

/// PGlite (the default) keeps its files in PONDER_PGLITE_DIRECTORY, else .ponder/pglite; with DATABASE_URL Ponder
/// uses PostgreSQL instead.
const pglite = process.env.PONDER_PGLITE_DIRECTORY?.trim();

export default createConfig({
  ...(pglite && !process.env.DATABASE_URL ? { database: { kind: "pglite" as const, directory: pglite } } : {}),
  chains: {
    openledger: { id: env.chainId, rpc: env.rpcUrl, disableCache: env.chainId === 31337 || env.chainId === 1337 },
  },
  contracts: {
    OpenToken: { abi: suiteAbis.open, ...at(a.open) },
    StakedOpen: { abi: suiteAbis.gopen, ...at(a.gopen) },
    OpenTimelock: { abi: suiteAbis.timelock, ...at(a.timelock) },
    OpenGovernor: { abi: suiteAbis.governor, ...at(a.governor) },
    OpenAccessManager: { abi: suiteAbis.accessManager, ...at(a.accessManager) },
    DatanetRegistry: { abi: suiteAbis.datanets, ...at(a.datanets) },
    ModelRegistry: { abi: suiteAbis.models, ...at(a.models) },
    Settlement: { abi: suiteAbis.settlement, ...at(a.settlement) },
    SpendingBudgets: { abi: suiteAbis.budgets, ...at(a.budgets) },
    AgentRegistry: { abi: suiteAbis.agents, ...at(a.agents) },
    JobEscrow: { abi: suiteAbis.jobs, ...at(a.jobs) },
    ReputationRegistry: { abi: suiteAbis.reputation, ...at(a.reputation) },
  },
});
