/// The one table of the suite's contracts. Everything that lists them is derived from it: the client's contracts
/// (`FACTORIES`, `SuiteContracts`), the deployments map (`SUITE`, `CONTRACT_KEYS`, the Ignition future ids that
/// `addressesFromIgnition` reads), the tasks' deployment loader, the test fixtures, the access matrix and the bench's
/// list of code sizes. Adding a contract to the suite is adding one row here (and its future to the Ignition module).
///
/// This module depends on nothing but ethers and the typechain factories, so that it runs in a browser.
import {
  AgentRegistry__factory,
  DatanetRegistry__factory,
  JobEscrow__factory,
  ModelRegistry__factory,
  OpenAccessManager__factory,
  OpenGovernor__factory,
  OpenTimelock__factory,
  OpenToken__factory,
  ReputationRegistry__factory,
  Settlement__factory,
  SpendingBudgets__factory,
  StakedOpen__factory,
} from "../../typechain-types/index.js";

/// The Ignition module that deploys the suite (deploy/modules/OpenLedger.ts): its futures are `OpenLedger#<Name>`.
export const IGNITION_MODULE = "OpenLedger";

/// One row: the contract (and artifact, and ABI) name, its typechain factory, its Ignition future id, and whether it
/// is AccessManaged (its `restricted` functions answer to the suite's AccessManager).
function row<const N extends string, const F, const M extends boolean = false>(name: N, factory: F, managed?: M) {
  const futureId = `${IGNITION_MODULE}#${name}` as `${typeof IGNITION_MODULE}#${N}`;
  return { name, factory, futureId, managed: (managed ?? false) as M } as const;
}

/// The suite, one row per contract, by the key that a client, the Ignition module's result and the fixtures use, in
/// deployment order.
export const CONTRACTS = {
  open: row("OpenToken", OpenToken__factory),
  gopen: row("StakedOpen", StakedOpen__factory, true),
  timelock: row("OpenTimelock", OpenTimelock__factory),
  governor: row("OpenGovernor", OpenGovernor__factory),
  accessManager: row("OpenAccessManager", OpenAccessManager__factory),
  datanets: row("DatanetRegistry", DatanetRegistry__factory, true),
  models: row("ModelRegistry", ModelRegistry__factory, true),
  settlement: row("Settlement", Settlement__factory, true),
  budgets: row("SpendingBudgets", SpendingBudgets__factory, true),
  agents: row("AgentRegistry", AgentRegistry__factory, true),
  jobs: row("JobEscrow", JobEscrow__factory, true),
  reputation: row("ReputationRegistry", ReputationRegistry__factory),
} as const;

/// The key of a contract of the suite: `"settlement"`.
export type ContractKey = keyof typeof CONTRACTS;
/// The name of a contract of the suite: `"Settlement"`.
export type ContractName = (typeof CONTRACTS)[ContractKey]["name"];

/// Every key of the suite, in deployment order.
export const CONTRACT_KEYS = Object.keys(CONTRACTS) as readonly ContractKey[];

/// The AccessManaged contracts: the keys whose `restricted` functions the access matrix checks.
export const MANAGED_KEYS = CONTRACT_KEYS.filter((key) => CONTRACTS[key].managed) as readonly ManagedKey[];

/// The key of an AccessManaged contract: `"gopen" | "datanets" | "models" | "settlement"`.
export type ManagedKey = { [K in ContractKey]: (typeof CONTRACTS)[K]["managed"] extends true ? K : never }[ContractKey];

/// Every contract name of the suite, in deployment order: what the bench measures the code size of.
export const CONTRACT_NAMES = CONTRACT_KEYS.map((key) => CONTRACTS[key].name) as readonly ContractName[];

/// Key → contract name: `SUITE.settlement` is `"Settlement"`.
export const SUITE = Object.fromEntries(CONTRACT_KEYS.map((key) => [key, CONTRACTS[key].name])) as {
  readonly [K in ContractKey]: (typeof CONTRACTS)[K]["name"];
};

/// Key → typechain factory: `FACTORIES.settlement` is `Settlement__factory`.
export const FACTORIES = Object.fromEntries(CONTRACT_KEYS.map((key) => [key, CONTRACTS[key].factory])) as {
  readonly [K in ContractKey]: (typeof CONTRACTS)[K]["factory"];
};

/// The typechain contract of each key: `SuiteContracts["settlement"]` is `Settlement`.
export type SuiteContracts = { readonly [K in ContractKey]: ReturnType<(typeof FACTORIES)[K]["connect"]> };

/// The Ignition future id of a contract of the suite: `futureId("open")` is `"OpenLedger#OpenToken"`.
export function futureId<K extends ContractKey>(key: K): (typeof CONTRACTS)[K]["futureId"] {
  return CONTRACTS[key].futureId;
}

/// The key of a contract name (`"Settlement"` → `"settlement"`), or undefined when it is not one of the suite's.
export function keyOfName(name: string): ContractKey | undefined {
  return CONTRACT_KEYS.find((key) => CONTRACTS[key].name === name);
}
