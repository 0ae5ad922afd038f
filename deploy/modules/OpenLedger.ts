import { buildModule } from "@nomicfoundation/ignition-core";
import { id, Interface, ZeroAddress } from "ethers";

/// AccessManager roles (contracts/libraries/Roles.sol).
export const ADMIN_ROLE = 0n;
export const GUARDIAN_ROLE = 1n;
export const SETTLEMENT_ROLE = 3n;

/// The Settlement functions opened to the guardian. Every other `restricted` function keeps the default role,
/// ADMIN, which only the Timelock holds once deployment is over.
export const GUARDIAN_FUNCTIONS = ["pause()", "unpause()", "vetoRoot(uint256,uint256)"];
/// The model registry's functions that only Settlement calls (the SETTLEMENT role).
export const SETTLEMENT_FUNCTIONS = ["setMinDataBps(uint256)"];

const selectors = (signatures: string[]): string[] =>
  signatures.map((s) => new Interface([`function ${s}`]).getFunction(s.split("(")[0])!.selector);

/// The guardian's term when the parameters name none: 30 days (deploy/parameters/<network>.json sets `guardianTerm`).
export const DEFAULT_GUARDIAN_TERM = 2_592_000;

/// Deploys the whole suite and wires its roles. Parameters come from deploy/parameters/<network>.json.
/// The guardian defaults to the deployer here, for local networks; scripts/deploy.ts refuses that on a live network.
export default buildModule("OpenLedger", (m) => {
  const deployer = m.getAccount(0);
  const guardian = m.getParameter("guardian", deployer);
  const openRecipient = m.getParameter("openRecipient", deployer);

  const open = m.contract("OpenToken", [openRecipient]);
  const accessManager = m.contract("OpenAccessManager", [deployer]);
  const timelock = m.contract("OpenTimelock", [m.getParameter("timelockDelay", 60), [], [ZeroAddress], deployer]);
  const gopen = m.contract("StakedOpen", [
    open,
    accessManager,
    m.getParameter("withdrawalCooldown", 3600),
    m.getParameter("rewardsDuration", 3600),
  ]);
  const governor = m.contract("OpenGovernor", [
    gopen,
    timelock,
    m.getParameter("votingDelay", 1),
    m.getParameter("votingPeriod", 600),
    m.getParameter("proposalThreshold", 0n),
    m.getParameter("quorumPercent", 4),
    m.getParameter("voteExtension", 120),
    guardian,
    m.getParameter("guardianTerm", DEFAULT_GUARDIAN_TERM),
    accessManager,
  ]);
  const datanets = m.contract("DatanetRegistry", [open, accessManager, m.getParameter("reviewTimeout", 3600)]);
  const models = m.contract("ModelRegistry", [
    open,
    datanets,
    timelock,
    accessManager,
    m.getParameter("minDataBps", 3000),
    m.getParameter("maxLineageDepth", 3),
    m.getParameter("publishFee", 0n),
  ]);
  const settlement = m.contract("Settlement", [
    open,
    models,
    datanets,
    gopen,
    timelock,
    accessManager,
    {
      protocolBps: m.getParameter("protocolBps", 500),
      stakersBps: m.getParameter("stakersBps", 1500),
      lineageBps: m.getParameter("lineageBps", 1000),
      challengeWindow: m.getParameter("challengeWindow", 600),
      vetoBondLock: m.getParameter("vetoBondLock", 3600),
      minAttestorBond: m.getParameter("minAttestorBond", 1000n * 10n ** 18n),
      bondFactor: m.getParameter("bondFactor", 10),
      activationBondLock: m.getParameter("activationBondLock", 3600),
      maxGuardianVetoes: m.getParameter("maxGuardianVetoes", 3),
    },
  ]);

  // Timelock: the Governor proposes and cancels, anyone executes, and the deployer gives up its admin role.
  const proposer = m.call(timelock, "grantRole", [id("PROPOSER_ROLE"), governor], { id: "GrantProposer" });
  const canceller = m.call(timelock, "grantRole", [id("CANCELLER_ROLE"), governor], { id: "GrantCanceller" });
  m.call(timelock, "renounceRole", [m.staticCall(timelock, "DEFAULT_ADMIN_ROLE"), deployer], {
    id: "RenounceTimelockAdmin",
    after: [proposer, canceller],
  });

  // The spending budgets that principals give agents: Settlement deploys them, as their spender for good; JobEscrow
  // is made a spender below.
  const budgets = m.contractAt("SpendingBudgets", m.staticCall(settlement, "dependencies", [], "budgets"), {
    id: "SpendingBudgets",
  });

  // Agents: ERC-8004 identity, the models they serve, and an operator stake that governance can slash to the treasury.
  const agents = m.contract("AgentRegistry", [
    open,
    models,
    timelock,
    accessManager,
    m.getParameter("agentMinStake", 100n * 10n ** 18n),
    m.getParameter("agentChallengeWindow", 600),
    m.getParameter("agentUnstakeDelay", 3600),
  ]);

  // Jobs between agents, escrowed in OPEN (funded by clients, or by agents under a budget), and the reputation that
  // only a job's paying client can give.
  const jobs = m.contract("JobEscrow", [
    open,
    agents,
    budgets,
    timelock,
    accessManager,
    {
      feeBps: m.getParameter("jobFeeBps", 250),
      evaluationWindow: m.getParameter("jobEvaluationWindow", 3600),
      maxDuration: m.getParameter("jobMaxDuration", 30 * 86_400),
      unbondDelay: m.getParameter("evaluatorUnbondDelay", 3600),
      minJobValue: m.getParameter("jobMinValue", 10n ** 18n),
    },
  ]);
  const reputation = m.contract("ReputationRegistry", [agents, jobs]);

  // AccessManager: the guardian functions, the guardian role (to the guardian and the Timelock) expiring at the same
  // second as the Governor's proposal guardian, the Timelock as admin, and finally the deployer gives up its admin role.
  const guardianExpiry = m.staticCall(governor, "proposalGuardianExpiry", [], 0, { id: "GuardianExpiry" });
  const wiring = [
    m.call(accessManager, "setTargetFunctionRole", [settlement, selectors(GUARDIAN_FUNCTIONS), GUARDIAN_ROLE], {
      id: "GuardianFunctions",
    }),
    m.call(accessManager, "labelRole", [GUARDIAN_ROLE, "GUARDIAN"], { id: "LabelGuardian" }),
    m.call(accessManager, "grantRole", [GUARDIAN_ROLE, guardian, 0], { id: "GrantGuardian" }),
    m.call(accessManager, "grantRole", [GUARDIAN_ROLE, timelock, 0], { id: "GrantGuardianToTimelock" }),
    m.call(accessManager, "setRoleExpiry", [GUARDIAN_ROLE, guardianExpiry], { id: "GuardianRoleExpiry" }),
    // The registry's floor on the data share is set by Settlement alone, with the copy it settles with.
    m.call(accessManager, "setTargetFunctionRole", [models, selectors(SETTLEMENT_FUNCTIONS), SETTLEMENT_ROLE], {
      id: "SettlementFunctions",
    }),
    m.call(accessManager, "labelRole", [SETTLEMENT_ROLE, "SETTLEMENT"], { id: "LabelSettlement" }),
    m.call(accessManager, "grantRole", [SETTLEMENT_ROLE, settlement, 0], { id: "GrantSettlement" }),
    // JobEscrow charges the budgets that principals give agents, as Settlement does (the deployer still holds ADMIN).
    m.call(budgets, "setSpender", [jobs, true], { id: "JobsSpend" }),
    m.call(accessManager, "grantRole", [ADMIN_ROLE, timelock, 0], { id: "GrantAdminToTimelock" }),
  ];
  m.call(accessManager, "renounceRole", [ADMIN_ROLE, deployer], { id: "RenounceManagerAdmin", after: wiring });

  return {
    open,
    gopen,
    timelock,
    governor,
    accessManager,
    datanets,
    models,
    budgets,
    settlement,
    agents,
    jobs,
    reputation,
  };
});
