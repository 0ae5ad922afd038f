// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// One home per rule: where each rule of README "What always holds" (1–12) and of DESIGN.md "What must always hold"
// (D1–D8) is asserted. "System" is this file's `invariant_system`, whose checks are named in brackets; a suite in
// brackets after it checks the same rule over paths only its own handler takes. Unit and regression tests pin single
// cases and are not listed.
//
// | rule                                                     | home                                                    |
// | -------------------------------------------------------- | ------------------------------------------------------- |
// | 1, D1 OPEN supply = initial − burnt, no mint             | System (_checkSupply)                                   |
// | 2, D2 Settlement holds what it owes, to the unit          | System (_checkVault); every fee credited once:          |
// |                                                          | SettlementInvariant.invariant_feesAreCreditedOnce       |
// | 2 gOPEN holds stake + pending + unclaimed rewards         | StakedOpenInvariant.invariant_openHeldIsStakePending…,  |
// |                                                          | …streamedEarnedQueuedAddUpToTheReserve (System          |
// |                                                          | _checkStake: the same under fee pushes)                 |
// | 2 the registry holds pending bonds + bond credit          | RegistryInvariant.invariant_bondsAreBacked (System      |
// |                                                          | _checkRegistryBonds: the same with the whole suite)     |
// | 3, D3 claimed ≤ active total ≤ accrued                    | System (_checkRootBounds) (SettlementInvariant          |
// |                                                          | .invariant_claimedWithinActiveWithinAccrued: through    |
// |                                                          | governance replacements)                                |
// | 4, D4 nobody claims more than its cumulative amount       | System (_checkClaims); paid exactly once:               |
// |                                                          | SettlementInvariant.invariant_nobodyPaidTwice           |
// | 5, D5 gOPEN supply = stake less pending; votes ≤ supply   | System (_checkVotes)                                    |
// | 6, D6 only granted roles call restricted functions;       | System (_checkParameters, GovernanceHandler.attack);    |
// |       only the Timelock changes parameters                | every function × every role:                            |
// |                                                          | test/assurance/access-matrix.test.ts                    |
// | 6 the guardian cannot stop its own removal                | test/governance/GuardianAttacks.test.ts, GuardianAttacks |
// |                                                          | .t.sol (GuardianCancelShapesTest)                       |
// | 7 epochs move by exactly one                              | SettlementInvariant.invariant_epochsMoveByOne (System   |
// |                                                          | _checkEpochs: the resulting state)                      |
// | 8, D7 a bond covers what its live roots can move          | System (_checkBondCoverage) and                         |
// |                                                          | invariant_vetoedAttestorStaysSlashable                  |
// |                                                          | (SettlementInvariant.invariant_bondCoversLiveRoots:     |
// |                                                          | through slashes and replacements)                       |
// | 9 the guardian's veto limit; nobody locks funds for ever  | SettlementInvariant.invariant_guardianVetoesWithinLimit;|
// |                                                          | pauses never stop payouts: shouldBehaveLikePausable     |
// |                                                          | (test/settlement/settle.test.ts)                        |
// | 10 rewards stream ∝ stake × time                          | StakedOpenInvariant.invariant_streamIsProportional…,    |
// |                                                          | …queueStreamsWhenNoStreamRuns, …ledgerMatchesWhatMoved  |
// | 11 a suspended model earns nothing                        | System (SettlementHandler: no credit to a suspended     |
// |                                                          | model, else a surprise)                                 |
// | 12 a contribution's credit moves only to an earlier commit| RegistryInvariant.invariant_creditMovesOnlyByAnEarlier… |
// |                                                          | and …contributorStatsMatchAcceptedRecords               |
// | statuses move only Pending → Accepted / Rejected          | RegistryInvariant.invariant_statusesOnlyMoveForward     |
// |                                                          | (System _checkStatuses: the same with the whole suite)  |
// | datanet versions are growing prefixes: accepted           | System (_checkDatanetVersions) (RegistryInvariant       |
// |   counts strictly increase, the latest ≤ acceptedCount;   | .invariant_datanetVersionsAreGrowingPrefixes: through   |
// |   weights never decrease, ≤ acceptedWeight                | takeovers and withdrawals; and unchanged once           |
// |                                                          | published)                                              |
// | acceptance counters = the accepted contributions          | RegistryInvariant.invariant_acceptanceCountersMatch…    |
// | a model's training versions are published (1 to the       | System (_checkTrainingVersions)                         |
// |   datanet's versionCount) and never decrease              |                                                         |
// | D8 no agent spends more than its budget in any period;   | System (_checkBudgets: every window's charges, with     |
// |    what left the principals is what budgets recorded     | Settlement and JobEscrow as spenders); the charges'     |
// |                                                          | refusals and the budgets' views: BudgetInvariant        |
// | D8 JobEscrow holds what it owes, to the unit              | System (_checkEscrowHeld)                               |
// | D8 a job's children never take more than its escrow       | System (_checkJobTrees)                                 |
// | D8 every job ends once and pays out once                  | System (_checkJobsFinishOnce)                           |
// | agents' stakes are held and slashed as recorded;          | AgentStakeInvariant (System _checkEveryUnitAccounted:   |
// |   only a staked agent without a pending slash takes jobs  | the registry's OPEN is at a known address)              |
// | feedback weighs what its client paid                      | System (_checkFeedbackWeights)                          |
// | every OPEN unit is at a known address                     | System (_checkEveryUnitAccounted)                       |

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { AgentRegistry } from "../../../contracts/agents/AgentRegistry.sol";
import { JobEscrow } from "../../../contracts/agents/JobEscrow.sol";
import { ReputationRegistry } from "../../../contracts/agents/ReputationRegistry.sol";
import { IAgentIdentity } from "../../../contracts/interfaces/IAgentIdentity.sol";
import { IAttributionEpochs } from "../../../contracts/interfaces/IAttributionEpochs.sol";
import { IBudgetCharger } from "../../../contracts/interfaces/IBudgetCharger.sol";
import { IJobEscrow } from "../../../contracts/interfaces/IJobEscrow.sol";
import { IDatanetRegistry } from "../../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../../contracts/interfaces/IModelRegistry.sol";
import { SuiteBase } from "../utils/SuiteBase.sol";
import { AgentHandler } from "./handlers/AgentHandler.sol";
import { AttributionHandler } from "./handlers/AttributionHandler.sol";
import { BaseHandler } from "./handlers/BaseHandler.sol";
import { DatanetHandler } from "./handlers/DatanetHandler.sol";
import { EscrowHandler } from "./handlers/EscrowHandler.sol";
import { GovernanceHandler } from "./handlers/GovernanceHandler.sol";
import { ModelHandler } from "./handlers/ModelHandler.sol";
import { SettlementHandler } from "./handlers/SettlementHandler.sol";
import { StakingHandler } from "./handlers/StakingHandler.sol";
import { AgentStore, Agents } from "./stores/AgentStore.sol";
import { Record, System, SystemStore } from "./stores/SystemStore.sol";

// The handlers, declared in this test file: the runner knows the ABI of a fuzz target only from the artifacts of the
// files it compiles, and a test run compiles its test files, not the files they import.

contract StakingHandlerTarget is StakingHandler {
    constructor(System memory s, SystemStore store_) StakingHandler(s, store_) {}
}

contract DatanetHandlerTarget is DatanetHandler {
    constructor(System memory s, SystemStore store_) DatanetHandler(s, store_) {}
}

contract ModelHandlerTarget is ModelHandler {
    constructor(System memory s, SystemStore store_) ModelHandler(s, store_) {}
}

contract SettlementHandlerTarget is SettlementHandler {
    constructor(System memory s, SystemStore store_) SettlementHandler(s, store_) {}
}

contract AttributionHandlerTarget is AttributionHandler {
    constructor(System memory s, SystemStore store_) AttributionHandler(s, store_) {}
}

contract GovernanceHandlerTarget is GovernanceHandler {
    constructor(System memory s, SystemStore store_) GovernanceHandler(s, store_) {}
}

contract AgentHandlerTarget is AgentHandler {
    constructor(
        System memory s,
        SystemStore store_,
        Agents memory a,
        AgentStore agentStore_
    ) AgentHandler(s, store_, a, agentStore_) {}
}

contract EscrowHandlerTarget is EscrowHandler {
    constructor(
        System memory s,
        SystemStore store_,
        Agents memory a,
        AgentStore agentStore_
    ) EscrowHandler(s, store_, a, agentStore_) {}
}

/// @notice The whole suite as deployed, with the AccessManager handed to a real Timelock driven by a real Governor, the
/// per-domain handlers over one store, a seeded world, and the rules of "What always holds" as checks: shared by the
/// system invariants and the regression tests that replay their counterexamples.
abstract contract SystemFixture is SuiteBase {
    uint256 internal constant INITIAL_SUPPLY = 1_000_000_000e18;
    uint256 internal constant ACTORS = 8;
    uint256 internal constant ACTOR_FUNDS = 10_000_000e18;
    uint256 internal constant PRINCIPALS = 3;
    uint256 internal constant PRINCIPAL_FUNDS = 1_000_000e18;
    uint256 internal constant EVALUATOR_FUNDS = 100_000e18;

    // ─── The agent contracts' parameters in deploy/parameters/hardhat.json ──────────────────────────────────────
    uint256 internal constant AGENT_MIN_STAKE = 100e18;
    uint256 internal constant AGENT_CHALLENGE_WINDOW = 600;
    uint256 internal constant AGENT_UNSTAKE_DELAY = 3600;
    uint256 internal constant JOB_FEE_BPS = 250;
    uint256 internal constant JOB_EVALUATION_WINDOW = 3600;
    uint256 internal constant JOB_MAX_DURATION = 30 days;
    uint256 internal constant EVALUATOR_UNBOND_DELAY = 3600;
    uint256 internal constant JOB_MIN_VALUE = 1e18;

    AgentRegistry internal agentRegistry;
    JobEscrow internal escrow;
    ReputationRegistry internal reputation;

    SystemStore internal store;
    AgentStore internal agentStore;
    StakingHandler internal stakingHandler;
    DatanetHandler internal datanetHandler;
    ModelHandler internal modelHandler;
    SettlementHandler internal settlementHandler;
    AttributionHandler internal attributionHandler;
    GovernanceHandler internal governanceHandler;
    AgentHandler internal agentHandler;
    EscrowHandler internal escrowHandler;

    /// @dev The suite with its agent contracts, a Governor and Timelock holding every role, the stores and the
    /// handlers, and a seeded world.
    function _setUpSystem() internal {
        _deploySuite();
        _deployAgentContracts();
        _deployGovernance();
        address[] memory actors = new address[](ACTORS);
        for (uint256 i; i < ACTORS; ++i) actors[i] = address(uint160(0x5000 + i));
        address[] memory attestors = new address[](2);
        attestors[0] = address(0xA77E1);
        attestors[1] = address(0xA77E2);
        address[] memory principals = new address[](PRINCIPALS);
        for (uint256 i; i < PRINCIPALS; ++i) principals[i] = address(uint160(0x6000 + i));
        address[] memory evaluators = new address[](2);
        evaluators[0] = address(0xE7A1);
        evaluators[1] = address(0xE7A2);
        System memory s = System(
            open,
            gopen,
            datanets,
            models,
            settlement,
            governor,
            timelock,
            manager,
            GUARDIAN,
            TREASURY,
            address(this)
        );
        Agents memory a = Agents(agentRegistry, budgets, escrow, reputation);
        store = new SystemStore(actors, attestors);
        agentStore = new AgentStore(principals, evaluators);
        stakingHandler = new StakingHandlerTarget(s, store);
        datanetHandler = new DatanetHandlerTarget(s, store);
        modelHandler = new ModelHandlerTarget(s, store);
        settlementHandler = new SettlementHandlerTarget(s, store);
        attributionHandler = new AttributionHandlerTarget(s, store);
        governanceHandler = new GovernanceHandlerTarget(s, store);
        agentHandler = new AgentHandlerTarget(s, store, a, agentStore);
        escrowHandler = new EscrowHandlerTarget(s, store, a, agentStore);
        _fundAndApprove(actors, attestors);
        _fundAgentParties(principals, evaluators);
        _handOverToTimelock();
        _seedWorld(actors);
        _seedAgents();
        governanceHandler.init();
    }

    /// @dev The agent contracts as the deploy module deploys them, on the suite's OPEN, ModelRegistry, budgets and
    /// AccessManager, with JobEscrow a spender of the budgets (while this contract still holds ADMIN).
    function _deployAgentContracts() internal {
        agentRegistry = _newAgentRegistry(AGENT_MIN_STAKE, AGENT_CHALLENGE_WINDOW, AGENT_UNSTAKE_DELAY);
        escrow = new JobEscrow(
            IERC20(address(open)),
            IAgentIdentity(address(agentRegistry)),
            IBudgetCharger(address(budgets)),
            TREASURY,
            address(manager),
            IJobEscrow.InitParams({
                feeBps: JOB_FEE_BPS,
                evaluationWindow: JOB_EVALUATION_WINDOW,
                maxDuration: JOB_MAX_DURATION,
                unbondDelay: EVALUATOR_UNBOND_DELAY,
                minJobValue: JOB_MIN_VALUE
            })
        );
        reputation = new ReputationRegistry(IAgentIdentity(address(agentRegistry)), IJobEscrow(address(escrow)));
        budgets.setSpender(address(escrow), true);
        vm.label(address(escrow), "JobEscrow");
        vm.label(address(reputation), "ReputationRegistry");
    }

    /// @dev Every handler, in the order of `targetSelectors`.
    function _handlers() internal view returns (address[] memory handlers) {
        handlers = new address[](8);
        handlers[0] = address(stakingHandler);
        handlers[1] = address(datanetHandler);
        handlers[2] = address(modelHandler);
        handlers[3] = address(settlementHandler);
        handlers[4] = address(attributionHandler);
        handlers[5] = address(governanceHandler);
        handlers[6] = address(agentHandler);
        handlers[7] = address(escrowHandler);
    }

    /// @dev Every rule, and no surprise in the handlers.
    function _checkAll() internal view {
        _checkSupply();
        _checkVault();
        _checkStake();
        _checkRegistryBonds();
        _checkRootBounds();
        _checkEpochs();
        _checkBondCoverage();
        _checkClaims();
        _checkVotes();
        _checkStatuses();
        _checkDatanetVersions();
        _checkTrainingVersions();
        _checkParameters();
        _checkEscrowHeld();
        _checkJobTrees();
        _checkJobsFinishOnce();
        _checkBudgets();
        _checkFeedbackWeights();
        _checkEveryUnitAccounted();
        _checkNoSurprise();
    }

    // ─── The rules ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev (1) Nobody mints OPEN: its supply is the initial supply less what was burnt.
    function _checkSupply() internal view {
        assertEq(open.totalSupply(), INITIAL_SUPPLY - store.ghostBurnt(), "(1) OPEN supply == initial - burnt");
    }

    /// @dev (2) The vault holds, to the unit, the pools, the model revenue, the unclaimed datanet shares and the bonds.
    function _checkVault() internal view {
        uint256 owed = settlement.treasuryAccrued() + settlement.stakersAccrued();
        uint256 modelCount = models.modelCount();
        for (uint256 m = 1; m <= modelCount; ++m) owed += settlement.modelRevenue(m);
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) owed += settlement.accrued(d) - settlement.rootState(d).claimed;
        address[] memory attestors = store.attestors();
        for (uint256 i; i < attestors.length; ++i) {
            (uint256 bond, ) = settlement.bondOf(attestors[i]);
            owed += bond;
        }
        assertEq(open.balanceOf(address(settlement)), owed, "(2) vault holds exactly what it owes");
    }

    /// @dev (2) gOPEN holds the stake, the requested withdrawals and the unclaimed rewards, to the unit; the rewards
    /// still to stream are part of them.
    function _checkStake() internal view {
        assertEq(
            open.balanceOf(address(gopen)),
            gopen.totalSupply() + gopen.totalPendingWithdrawals() + gopen.rewardsReserve(),
            "(2) gOPEN holds supply + pending + reserve"
        );
        address[] memory actors = store.actors();
        uint256 owed;
        for (uint256 i; i < ACTORS; ++i) owed += gopen.earned(actors[i]);
        // Streaming conservation: what has streamed (earned), what waits (queued) and what the running stream has still
        // to pay never exceed the reserve.
        uint256 finish = gopen.periodFinish();
        uint256 unstreamed = block.timestamp < finish ? gopen.rewardRate() * (finish - block.timestamp) : 0;
        assertLe(
            owed + gopen.queuedRewards() + unstreamed,
            gopen.rewardsReserve(),
            "(2) earned + queued + unstreamed <= reserve"
        );
    }

    /// @dev (2) The registry holds the bonds of pending contributions and batches, and the bond credit owed.
    function _checkRegistryBonds() internal view {
        uint256 owed;
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) {
            IDatanetRegistry.DatanetView memory v = datanets.datanet(d);
            if (v.bond == 0) continue;
            IDatanetRegistry.ContributionView[] memory page = datanets.contributionsOf(d, 0, v.contributionCount);
            for (uint256 i; i < page.length; ++i) {
                if (page[i].status == IDatanetRegistry.Status.Pending) owed += v.bond;
            }
            for (uint256 i; i < v.batchCount; ++i) {
                if (datanets.batch(d, datanets.batchRootAt(d, i)).status == IDatanetRegistry.Status.Pending) {
                    owed += v.bond;
                }
            }
        }
        address[] memory actors = store.actors();
        for (uint256 i; i < ACTORS; ++i) owed += datanets.bondCredit(actors[i]);
        assertEq(open.balanceOf(address(datanets)), owed, "(2) registry holds pending bonds + bond credit");
    }

    /// @dev (3) For every datanet: claimed <= active root's total <= accrued; a pending total too stays <= accrued.
    function _checkRootBounds() internal view {
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) {
            IAttributionEpochs.RootView memory s = settlement.rootState(d);
            uint256 accrued = settlement.accrued(d);
            assertLe(s.claimed, s.activeTotal, "(3) claimed <= active total");
            assertLe(s.activeTotal, accrued, "(3) active total <= accrued");
            assertLe(s.pendingTotal, accrued, "(3) pending total <= accrued");
        }
    }

    /// @dev (3) Epochs advance by one: lastEpoch is the active epoch, plus one while a root is pending.
    function _checkEpochs() internal view {
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) {
            IAttributionEpochs.RootView memory s = settlement.rootState(d);
            assertEq(s.lastEpoch, s.activeEpoch + (s.pendingReadyAt != 0 ? 1 : 0), "(3) lastEpoch == active (+1)");
        }
    }

    /// @dev (7) An attestor's bond covers what its live roots move: (bond + what governance slashed) × factor ≥
    /// pending + recent exposure, which is bond × factor ≥ exposure for an attestor never slashed.
    function _checkBondCoverage() internal view {
        address[] memory attestors = store.attestors();
        uint256 factor = settlement.bondFactor();
        for (uint256 i; i < attestors.length; ++i) {
            (uint256 bond, ) = settlement.bondOf(attestors[i]);
            (uint256 pending, uint256 recent, uint256 capacity) = settlement.exposureOf(attestors[i]);
            assertEq(capacity, bond * factor, "(7) capacity == bond x factor");
            uint256 covered = (bond + store.slashedOf(attestors[i])) * factor;
            assertLe(pending + recent, covered, "(7) bond x factor covers the live roots");
        }
    }

    /// @dev (4) No account claimed more than its cumulative amount in the active root; what each account was paid from
    /// a datanet is what the vault records as claimed, and the records add up to the datanet's claimed total.
    function _checkClaims() internal view {
        address[] memory actors = store.actors();
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) {
            IAttributionEpochs.RootView memory s = settlement.rootState(d);
            (uint256[] memory paid, uint256[] memory leaf) = store.claimLedger(d, s.activeRoot);
            uint256 sum;
            for (uint256 i; i < ACTORS; ++i) {
                uint256 claimed = settlement.claimed(d, actors[i]);
                assertLe(claimed, leaf[i], "(4) claimed <= cumulative amount");
                assertEq(paid[i], claimed, "(4) paid == claimed");
                sum += claimed;
            }
            assertEq(sum, s.claimed, "(4) claims add up to the datanet's claimed");
        }
    }

    /// @dev (5) gOPEN's supply is the sum of the balances; each delegate's votes are the balances delegated to it, and
    /// all votes together never exceed the supply.
    function _checkVotes() internal view {
        address[] memory actors = store.actors();
        uint256[] memory delegated = new uint256[](ACTORS);
        uint256 balances;
        for (uint256 i; i < ACTORS; ++i) {
            uint256 balance = gopen.balanceOf(actors[i]);
            balances += balance;
            address delegatee = gopen.delegates(actors[i]);
            for (uint256 k; k < ACTORS; ++k) {
                if (delegatee == actors[k]) delegated[k] += balance;
            }
        }
        uint256 votes;
        for (uint256 k; k < ACTORS; ++k) {
            assertEq(gopen.getVotes(actors[k]), delegated[k], "(5) votes == balances delegated");
            votes += delegated[k];
        }
        assertEq(gopen.totalSupply(), balances, "(5) gOPEN supply == sum of balances");
        assertLe(votes, gopen.totalSupply(), "(5) votes <= supply");
    }

    /// @dev (5) Every contribution and batch is in the status the handler's own decisions lead to. Those only ever
    /// move Pending -> Accepted or Pending -> Rejected, and this runs after every call: a status that moved any other
    /// way, or moved without a decision, shows here.
    function _checkStatuses() internal view {
        Record[] memory records = store.records();
        for (uint256 i; i < records.length; ++i) {
            Record memory r = records[i];
            IDatanetRegistry.Status status =
                r.batch ? datanets.batch(r.datanetId, r.key).status : datanets.contribution(r.datanetId, r.key).status;
            assertEq(uint256(status), uint256(r.expected), "(5) status moved only by a review");
        }
    }

    /// @dev Datanet versions are prefixes that only grow: for every datanet, the versions' accepted counts strictly
    /// increase with the version number and the latest is at most the datanet's accepted count; their total weights
    /// never decrease and stay within the datanet's accepted weight.
    function _checkDatanetVersions() internal view {
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) {
            IDatanetRegistry.DatanetView memory dv = datanets.datanet(d);
            uint256 count;
            uint256 weight;
            for (uint256 v = 1; v <= dv.versionCount; ++v) {
                IDatanetRegistry.VersionView memory version = datanets.datanetVersion(d, v);
                assertGt(version.acceptedCount, count, "versions: accepted counts strictly increase");
                assertGe(version.totalWeight, weight, "versions: total weights never decrease");
                assertLe(version.totalWeight, dv.acceptedWeight, "versions: total weight <= accepted weight");
                count = version.acceptedCount;
                weight = version.totalWeight;
            }
            assertLe(count, dv.acceptedCount, "versions: latest accepted count <= the datanet's");
        }
    }

    /// @dev Every model version names, for each training datanet, a published version (from 1 to the datanet's
    /// versionCount), never older than the model's version before it; the training set in force is the latest one's.
    function _checkTrainingVersions() internal view {
        uint256 modelCount = models.modelCount();
        for (uint256 m = 1; m <= modelCount; ++m) {
            IModelRegistry.TrainingDatanet[] memory set = models.trainingSet(m);
            uint256 n = set.length;
            uint256[] memory previous = new uint256[](n);
            uint256 versionCount = models.model(m).versionCount;
            for (uint256 i; i < versionCount; ++i) {
                uint256[] memory versions = models.version(m, i).datanetVersions;
                assertEq(versions.length, n, "training versions: one per datanet");
                for (uint256 k; k < n; ++k) {
                    assertGe(versions[k], 1, "training versions: >= 1");
                    assertLe(
                        versions[k],
                        datanets.versionCount(set[k].datanetId),
                        "training versions: <= the datanet's versionCount"
                    );
                    assertGe(versions[k], previous[k], "training versions: never decrease");
                    previous[k] = versions[k];
                }
            }
            for (uint256 k; k < n; ++k) assertEq(set[k].version, previous[k], "training set in force: the latest");
        }
    }

    /// @dev (6) Every parameter, role and authority has the value that executed proposals (and the guardian's pauses)
    /// gave it: nothing else changed one.
    function _checkParameters() internal view {
        uint256[22] memory now_ = governanceHandler.paramsNow();
        uint256[22] memory expected = governanceHandler.expectedParams();
        for (uint256 i; i < now_.length; ++i)
            assertEq(now_[i], expected[i], "(6) parameter changed outside governance");
        assertEq(settlement.minDataBps(), models.minDataBps(), "(6) settlement's floor is the registry's");
    }

    /// @dev (2, D8) JobEscrow holds, to the unit, what it owes: the live escrow of every job tree (what each
    /// unfinished job holds and has not passed to its children, which adds up to the escrow of the unfinished root jobs
    /// less what their finished children paid out or returned), the clients' refunds, the agents' earnings, the fees
    /// accrued and the evaluators' bonds. Every job it made is one the handlers know.
    function _checkEscrowHeld() internal view {
        uint256 jobs = agentStore.jobCount();
        assertEq(escrow.jobCount(), jobs, "(D8) every job is known");
        uint256 owed = escrow.treasuryAccrued();
        for (uint256 i; i < jobs; ++i) owed += escrow.remaining(agentStore.jobAt(i));
        address[] memory actors = store.actors();
        for (uint256 i; i < ACTORS; ++i) owed += escrow.claimable(actors[i]);
        address[] memory principals = agentStore.principals();
        for (uint256 i; i < principals.length; ++i) owed += escrow.claimable(principals[i]);
        uint256 agentCount = agentRegistry.agentCount();
        for (uint256 id = 1; id <= agentCount; ++id) owed += escrow.agentEarnings(id);
        address[] memory evaluators = agentStore.evaluators();
        for (uint256 i; i < evaluators.length; ++i) {
            (uint256 bonded, uint256 pending, ) = escrow.evaluatorBond(evaluators[i]);
            owed += bonded + pending;
        }
        assertEq(open.balanceOf(address(escrow)), owed, "(D8) JobEscrow holds exactly what it owes");
    }

    /// @dev (D8) A job's children never take more than its escrow: childrenTaken <= escrow, and it is what the
    /// children hold or paid out (their escrow less what they returned); each child names its parent and expires no
    /// later.
    function _checkJobTrees() internal view {
        uint256 jobs = agentStore.jobCount();
        for (uint256 i; i < jobs; ++i) {
            uint256 jobId = agentStore.jobAt(i);
            IJobEscrow.JobView memory j = escrow.job(jobId);
            assertLe(j.childrenTaken, j.escrow, "(D8) children take at most the escrow");
            uint256[] memory ids = escrow.children(jobId);
            uint256 taken;
            for (uint256 k; k < ids.length; ++k) {
                IJobEscrow.JobView memory c = escrow.job(ids[k]);
                bool returned = c.status == IJobEscrow.Status.Rejected || c.status == IJobEscrow.Status.Refunded;
                taken += c.escrow - (returned ? c.payout : 0);
                assertEq(c.parentId, jobId, "(D8) a child names its parent");
                assertLe(c.expiry, j.expiry, "(D8) a child expires no later than its parent");
            }
            assertEq(j.childrenTaken, taken, "(D8) taken == held or paid out by the children");
        }
    }

    /// @dev (D8) Every job ends in exactly one of completed, rejected or refunded, once, and paid out once what it
    /// says it paid (the provider's earnings and the fee, or what went back to its client or parent); an unfinished
    /// job paid nothing.
    function _checkJobsFinishOnce() internal view {
        uint256 jobs = agentStore.jobCount();
        for (uint256 i; i < jobs; ++i) {
            uint256 jobId = agentStore.jobAt(i);
            IJobEscrow.JobView memory j = escrow.job(jobId);
            bool terminal =
                j.status == IJobEscrow.Status.Completed ||
                    j.status == IJobEscrow.Status.Rejected ||
                    j.status == IJobEscrow.Status.Refunded;
            assertEq(agentStore.finishes(jobId), terminal ? 1 : 0, "(D8) a job finishes once");
            assertEq(agentStore.payouts(jobId), j.payout + j.fee, "(D8) a job pays out once, what it says");
        }
    }

    /// @dev (D8) No budget is charged above its amount in any period (the handlers' account of every window); the
    /// OPEN that left the principals, less what came back to them as refunds, is what SpendingBudgets recorded as
    /// spent, which is what the handlers charged; the budgets contract holds no OPEN.
    function _checkBudgets() internal view {
        assertEq(agentStore.budgetBreaches(), 0, "(D8) no budget charged above its amount in a period");
        address[] memory principals = agentStore.principals();
        uint256 out;
        for (uint256 i; i < principals.length; ++i) out += PRINCIPAL_FUNDS - open.balanceOf(principals[i]);
        uint256 spent = agentStore.recordedSpent();
        assertEq(out + agentStore.returnedToPrincipals(), spent, "(D8) OPEN out of principals == budgets' spent");
        assertEq(spent, agentStore.charged(), "(D8) budgets' spent == what was charged");
        assertEq(open.balanceOf(address(budgets)), 0, "(D8) SpendingBudgets holds no OPEN");
    }

    /// @dev Feedback weighs what its client paid: each agent's summary, under each tag pair, counts the feedback given
    /// and adds up the amounts paid for the jobs it rates.
    function _checkFeedbackWeights() internal view {
        uint256 agentCount = agentRegistry.agentCount();
        for (uint256 id = 1; id <= agentCount; ++id) {
            for (uint256 pair; pair < agentStore.TAG_PAIRS(); ++pair) {
                (string memory tag1, string memory tag2) = escrowHandler.tags(pair);
                (uint64 count, , uint256 totalWeight, ) = reputation.summary(id, tag1, tag2);
                assertEq(count, agentStore.feedbackCount(id, pair), "feedback counted");
                assertEq(totalWeight, agentStore.feedbackWeight(id, pair), "feedback weighs what was paid");
            }
        }
    }

    /// @dev Every unit of OPEN sits at an address the suite knows: nothing leaks to or appears from elsewhere.
    function _checkEveryUnitAccounted() internal view {
        uint256 held = open.balanceOf(address(this)) + open.balanceOf(TREASURY) + open.balanceOf(GUARDIAN);
        held += open.balanceOf(address(settlement)) + open.balanceOf(address(gopen));
        held += open.balanceOf(address(datanets)) + open.balanceOf(address(models));
        held += open.balanceOf(address(timelock)) + open.balanceOf(address(governor));
        held += open.balanceOf(address(store)) + open.balanceOf(address(agentStore));
        held += open.balanceOf(address(agentRegistry)) + open.balanceOf(address(escrow));
        held += open.balanceOf(address(budgets)) + open.balanceOf(address(reputation));
        address[] memory principals = agentStore.principals();
        for (uint256 i; i < principals.length; ++i) held += open.balanceOf(principals[i]);
        address[] memory evaluators = agentStore.evaluators();
        for (uint256 i; i < evaluators.length; ++i) held += open.balanceOf(evaluators[i]);
        address[] memory handlers = _handlers();
        for (uint256 i; i < handlers.length; ++i) held += open.balanceOf(handlers[i]);
        address[] memory actors = store.actors();
        for (uint256 i; i < ACTORS; ++i) held += open.balanceOf(actors[i]);
        address[] memory attestors = store.attestors();
        for (uint256 i; i < attestors.length; ++i) held += open.balanceOf(attestors[i]);
        assertEq(held, open.totalSupply(), "every OPEN unit is at a known address");
    }

    /// @dev Every handler's call ended as the handler predicted.
    function _checkNoSurprise() internal view {
        if (store.surprises() != 0) revert AssertionFailedBool(store.firstSurprise());
    }

    // ─── Set-up ──────────────────────────────────────────────────────────────────────────────────────────────────

    function _fundAndApprove(address[] memory actors, address[] memory attestors) internal {
        address[6] memory spenders = [
            address(settlement),
            address(gopen),
            address(datanets),
            address(models),
            address(agentRegistry),
            address(escrow)
        ];
        for (uint256 i; i < actors.length; ++i) {
            _fund(actors[i], ACTOR_FUNDS);
            vm.startPrank(actors[i]);
            for (uint256 k; k < spenders.length; ++k) open.approve(spenders[k], type(uint256).max);
            vm.stopPrank();
        }
        for (uint256 i; i < attestors.length; ++i) {
            _fund(attestors[i], 100_000e18);
            vm.startPrank(attestors[i]);
            open.approve(address(settlement), type(uint256).max);
            settlement.depositBond(5_000e18);
            vm.stopPrank();
        }
    }

    /// @dev The principals pay through their budgets only; the evaluators bond with the escrow.
    function _fundAgentParties(address[] memory principals, address[] memory evaluators) internal {
        for (uint256 i; i < principals.length; ++i) {
            _fund(principals[i], PRINCIPAL_FUNDS);
            vm.prank(principals[i]);
            open.approve(address(budgets), type(uint256).max);
        }
        for (uint256 i; i < evaluators.length; ++i) {
            _fund(evaluators[i], EVALUATOR_FUNDS);
            vm.prank(evaluators[i]);
            open.approve(address(escrow), type(uint256).max);
        }
    }

    /// @dev Every run also starts with four agents (of actors 0 to 3) staked to twice the minimum, two budgets (one
    /// listing a model), and a job of each kind: funded by its client, and under a budget.
    function _seedAgents() internal {
        for (uint256 i; i < 4; ++i) {
            agentHandler.register(i);
            vm.prank(store.actor(i));
            agentRegistry.stake(i + 1, 2 * AGENT_MIN_STAKE);
        }
        agentHandler.grant(0, 4, 500e18, 1 days, 10 days, 0);
        agentHandler.grant(1, 5, 800e18, 2 days, 10 days, 1);
        escrowHandler.createAndFund(4, 0, 1, 1_000e18, 1 days);
        escrowHandler.createAndFundFor(0, 4, 1, 300e18, 2 days);
    }

    /// @dev Every run starts with three datanets (open; curated with a bond; curated), two models (the second
    /// fine-tuned from the first), voting stake delegated by half the actors, and fees in every pool.
    function _seedWorld(address[] memory actors) internal {
        datanetHandler.createDatanet(0, false, 0, 0);
        datanetHandler.createDatanet(1, true, 2e18, 1);
        datanetHandler.createDatanet(2, true, 0, 0);
        // Version 1 of each, from one record of its owner, so that the models can name it.
        for (uint256 d = 1; d <= 3; ++d) _publishDatanetVersion(d);
        modelHandler.registerModel(1, 0, (1 << 8) | 1, 1e15, 5_000);
        modelHandler.registerModel(2, (1 << 2) | 1, (2 << 8) | 2, 2e15 + 3, 6_000);
        for (uint256 i; i < ACTORS / 2; ++i) {
            vm.startPrank(actors[i]);
            gopen.stake(100_000e18 * (i + 1));
            gopen.delegate(actors[i]);
            vm.stopPrank();
        }
        settlementHandler.settle(4, 0, 500, 1);
        settlementHandler.settle(5, 1, 700, 2);
        settlementHandler.settleBatch(6, 7, 6);
        vm.warp(block.timestamp + 1);
    }
}

/// @notice What always holds, over random sequences of everything the suite's users, attestors, guardian and governance
/// do (SystemFixture). The runner gives each invariant function a campaign of its own: the rules are checked together
/// after every call, in `invariant_system`, so that they cost one campaign (a failure names the rule in its message);
/// the vetoed attestor's lock has its own, so that a failure of either leaves the other running. Profiles: `default`,
/// `--test-profile ci` (256 runs of 64 calls), `npm run test:deep` (10,000 runs).
contract SystemInvariantTest is SystemFixture {
    /// @dev The shape the invariant runner expects from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function setUp() public {
        _setUpSystem();
    }

    /// @notice Every handler is a target.
    function targetContracts() public view returns (address[] memory) {
        return _handlers();
    }

    /// @notice Only the handlers' actions are called, not their views. The runner picks a handler uniformly, then a
    /// selector uniformly from its list, so that an action listed twice runs twice as often as its neighbours: the
    /// money paths and the attribution flow (a root must be posted, wait out its window and be activated before anyone
    /// claims) get more turns, and time passes through the handlers that wait for it (`warp`, from BaseHandler).
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        targets = new FuzzSelector[](8);
        bytes4 warp = BaseHandler.warp.selector;

        bytes4[] memory staking = new bytes4[](7);
        uint256 n;
        n = _add(staking, n, StakingHandler.stake.selector, 1);
        n = _add(staking, n, StakingHandler.delegate.selector, 1);
        n = _add(staking, n, StakingHandler.requestWithdrawal.selector, 1);
        n = _add(staking, n, StakingHandler.withdraw.selector, 1);
        n = _add(staking, n, StakingHandler.claimRewards.selector, 1);
        n = _add(staking, n, StakingHandler.burn.selector, 1);
        n = _add(staking, n, warp, 1);
        targets[0] = _selectors(address(stakingHandler), staking, n);

        bytes4[] memory datanet = new bytes4[](10);
        n = 0;
        n = _add(datanet, n, DatanetHandler.createDatanet.selector, 1);
        n = _add(datanet, n, DatanetHandler.setAttestor.selector, 1);
        n = _add(datanet, n, DatanetHandler.contribute.selector, 2);
        n = _add(datanet, n, DatanetHandler.review.selector, 2);
        n = _add(datanet, n, DatanetHandler.contributeRoot.selector, 1);
        n = _add(datanet, n, DatanetHandler.reviewBatch.selector, 1);
        n = _add(datanet, n, DatanetHandler.withdrawBondCredit.selector, 1);
        n = _add(datanet, n, DatanetHandler.publishVersion.selector, 1);
        targets[1] = _selectors(address(datanetHandler), datanet, n);

        bytes4[] memory model = new bytes4[](4);
        n = 0;
        n = _add(model, n, ModelHandler.registerModel.selector, 1);
        n = _add(model, n, ModelHandler.publishVersion.selector, 2);
        n = _add(model, n, ModelHandler.transferModel.selector, 1);
        targets[2] = _selectors(address(modelHandler), model, n);

        bytes4[] memory settle = new bytes4[](8);
        n = 0;
        n = _add(settle, n, SettlementHandler.settle.selector, 3);
        n = _add(settle, n, SettlementHandler.settleBatch.selector, 2);
        n = _add(settle, n, SettlementHandler.pushStakerRewards.selector, 1);
        n = _add(settle, n, SettlementHandler.payTreasury.selector, 1);
        n = _add(settle, n, SettlementHandler.withdrawModelRevenue.selector, 1);
        targets[3] = _selectors(address(settlementHandler), settle, n);

        bytes4[] memory attribution = new bytes4[](17);
        n = 0;
        n = _add(attribution, n, AttributionHandler.depositBond.selector, 1);
        n = _add(attribution, n, AttributionHandler.withdrawBond.selector, 1);
        n = _add(attribution, n, AttributionHandler.postRoot.selector, 4);
        n = _add(attribution, n, AttributionHandler.activateRoot.selector, 2);
        n = _add(attribution, n, AttributionHandler.vetoRoot.selector, 1);
        n = _add(attribution, n, AttributionHandler.claim.selector, 4);
        n = _add(attribution, n, AttributionHandler.claimMany.selector, 2);
        n = _add(attribution, n, warp, 2);
        targets[4] = _selectors(address(attributionHandler), attribution, n);

        bytes4[] memory governance = new bytes4[](13);
        n = 0;
        n = _add(governance, n, GovernanceHandler.propose.selector, 2);
        n = _add(governance, n, GovernanceHandler.castVote.selector, 4);
        n = _add(governance, n, GovernanceHandler.advanceProposal.selector, 2);
        n = _add(governance, n, GovernanceHandler.cancelProposal.selector, 1);
        n = _add(governance, n, GovernanceHandler.guardianPause.selector, 1);
        n = _add(governance, n, GovernanceHandler.attack.selector, 2);
        n = _add(governance, n, warp, 1);
        targets[5] = _selectors(address(governanceHandler), governance, n);

        bytes4[] memory agent = new bytes4[](15);
        n = 0;
        n = _add(agent, n, AgentHandler.register.selector, 1);
        n = _add(agent, n, AgentHandler.stake.selector, 2);
        n = _add(agent, n, AgentHandler.requestUnstake.selector, 1);
        n = _add(agent, n, AgentHandler.unstake.selector, 1);
        n = _add(agent, n, AgentHandler.grant.selector, 2);
        n = _add(agent, n, AgentHandler.lower.selector, 1);
        n = _add(agent, n, AgentHandler.revoke.selector, 1);
        n = _add(agent, n, AgentHandler.settleFor.selector, 3);
        n = _add(agent, n, AgentHandler.settleBatchFor.selector, 2);
        n = _add(agent, n, warp, 1);
        targets[6] = _selectors(address(agentHandler), agent, n);

        bytes4[] memory jobs = new bytes4[](27);
        n = 0;
        n = _add(jobs, n, EscrowHandler.createAndFund.selector, 3);
        n = _add(jobs, n, EscrowHandler.createAndFundFor.selector, 2);
        n = _add(jobs, n, EscrowHandler.subcontract.selector, 3);
        n = _add(jobs, n, EscrowHandler.submit.selector, 3);
        n = _add(jobs, n, EscrowHandler.complete.selector, 3);
        n = _add(jobs, n, EscrowHandler.reject.selector, 1);
        n = _add(jobs, n, EscrowHandler.refund.selector, 1);
        n = _add(jobs, n, EscrowHandler.withdraw.selector, 1);
        n = _add(jobs, n, EscrowHandler.withdrawAgentEarnings.selector, 1);
        n = _add(jobs, n, EscrowHandler.payTreasury.selector, 1);
        n = _add(jobs, n, EscrowHandler.bond.selector, 1);
        n = _add(jobs, n, EscrowHandler.requestUnbond.selector, 1);
        n = _add(jobs, n, EscrowHandler.withdrawBond.selector, 1);
        n = _add(jobs, n, EscrowHandler.feedback.selector, 3);
        n = _add(jobs, n, warp, 2);
        targets[7] = _selectors(address(escrowHandler), jobs, n);
    }

    // ─── Invariants ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Every rule of "What always holds" that the system checks, after every call.
    function invariant_system() public view {
        _checkAll();
    }

    /// @notice A vetoed root's attestor cannot take its bond back before the veto lock ends, so that governance can
    /// still vote a slash: whoever the datanet's attestor is by the time of the veto.
    function invariant_vetoedAttestorStaysSlashable() public view {
        assertEq(store.vetoLockEscapes(), 0, "the attestor of a vetoed root can withdraw its bond before the lock");
    }

    // ─── The handlers themselves ─────────────────────────────────────────────────────────────────────────────────

    /// @notice A fixed sequence through every action of every handler, so that the handlers are known to work and the
    /// invariants to hold on a run that exercises each path.
    function test_handlers_everyActionRunsAndTheInvariantsHold() public {
        datanetHandler.contribute(1, 1);
        datanetHandler.contribute(2, 1);
        datanetHandler.review(1, 2, 4, 1);
        datanetHandler.contributeRoot(3, 2, 10);
        datanetHandler.reviewBatch(0, true);
        datanetHandler.withdrawBondCredit(1);
        datanetHandler.withdrawBondCredit(2);
        datanetHandler.createDatanet(4, false, 0, 1);
        datanetHandler.setAttestor(0, 1);
        modelHandler.registerModel(5, 1, 7, 3e15, 4_000);
        datanetHandler.contribute(3, 0); // the open datanet: accepted at once
        datanetHandler.publishVersion(0, 1); // its version 2
        datanetHandler.publishVersion(0, 1); // nothing new: refused with NothingAcceptedSinceVersion
        datanetHandler.publishVersion(0, 4); // not its owner: refused with NotDatanetOwner
        modelHandler.publishVersion(0, 1, 13); // moves to published versions
        modelHandler.publishVersion(0, 1, 1); // a list of the wrong length: refused
        modelHandler.publishVersion(0, 1, 3); // keeps the versions in force
        modelHandler.transferModel(0, 6);
        settlementHandler.settle(0, 0, 40, 1);
        settlementHandler.settleBatch(1, 99, 5);
        settlementHandler.pushStakerRewards();
        settlementHandler.payTreasury();
        settlementHandler.withdrawModelRevenue(0, 3, 1);
        stakingHandler.stake(2, 3e18);
        stakingHandler.delegate(2, 3);
        stakingHandler.requestWithdrawal(2, 1e18);
        stakingHandler.withdraw(2);
        stakingHandler.warp(2 hours + 1);
        stakingHandler.claimRewards(0);
        stakingHandler.burn(7, 5e18);
        attributionHandler.depositBond(0, 10e18);
        for (uint256 d; d < 4; ++d) attributionHandler.postRoot(d, 3, d + 11, 1);
        attributionHandler.postRoot(0, 3, 5, 1); // inside the window: refused with RootPending
        attributionHandler.vetoRoot(1);
        vm.warp(block.timestamp + 20 minutes);
        attributionHandler.activateRoot(0);
        attributionHandler.withdrawBond(1, 1e18);
        for (uint256 j; j < 4; ++j) attributionHandler.claim(0, j, j);
        attributionHandler.claimMany(3, true);

        governanceHandler.propose(0, 1, 4_321); // setLineageBps(4_321)
        governanceHandler.castVote(0, 1);
        governanceHandler.castVote(1, 1);
        governanceHandler.advanceProposal();
        governanceHandler.propose(1, 17, 7); // the Governor relays a restricted call: refused at execution
        governanceHandler.castVote(0, 1);
        governanceHandler.castVote(1, 1);
        governanceHandler.advanceProposal();
        governanceHandler.propose(2, 9, 7_200); // setCooldown: cancelled by the guardian
        governanceHandler.cancelProposal(1); // one call in four cancels: this one does not
        governanceHandler.cancelProposal(0);
        governanceHandler.propose(3, 18, 7); // renews the guardian's term: the guardian may not cancel it, and it executes
        governanceHandler.cancelProposal(0);
        governanceHandler.castVote(0, 1);
        governanceHandler.castVote(1, 1);
        governanceHandler.advanceProposal();
        governanceHandler.guardianPause(0); // pauses
        settlementHandler.settle(0, 0, 1, 1); // paused: refused with EnforcedPause
        governanceHandler.guardianPause(1); // unpauses
        for (uint256 k; k < 20; ++k) governanceHandler.attack(k, k, k);

        bytes32[34] memory actions = [
            bytes32("contribute"),
            "review",
            "contributeRoot",
            "reviewBatch",
            "withdrawBondCredit",
            "createDatanet",
            "setAttestor",
            "registerModel",
            "publishVersion",
            "publishVersion.moved",
            "publishVersion.refused",
            "publishDatanetVersion",
            "publishDatanetVersion.refused",
            "transferModel",
            "settle",
            "settle.refused",
            "settleBatch",
            "pushStakerRewards",
            "payTreasury",
            "withdrawModelRevenue",
            "stake",
            "delegate",
            "requestWithdrawal",
            "withdraw",
            "warp",
            "claimRewards",
            "burn",
            "depositBond",
            "postRoot",
            "postRoot.refused",
            "vetoRoot",
            "claim",
            "propose",
            "castVote"
        ];
        for (uint256 i; i < actions.length; ++i) {
            assertTrue(
                store.calls(actions[i]) > 0,
                string.concat("economy action ran: ", string(abi.encode(actions[i])))
            );
        }
        assertTrue(store.calls("activateRoot") + store.calls("claimMany") > 0, "roots activated and claimed");
        bytes32[6] memory govActions = [
            bytes32("queue"),
            "execute",
            "cancelProposal",
            "guardianPause",
            "attack.refused",
            "bypass.refused"
        ];
        for (uint256 i; i < govActions.length; ++i) {
            assertTrue(
                store.calls(govActions[i]) > 0,
                string.concat("governance action ran: ", string(abi.encode(govActions[i])))
            );
        }
        assertEq(settlement.lineageBps(), 4_321, "the proposal set the lineage royalty");
        assertEq(governanceHandler.bypassesRefused(), 1, "the relayed call was refused");
        assertEq(governanceHandler.executedProposals(), 2, "two proposals executed");
        assertEq(store.calls("cancelProposal.refused"), 1, "the guardian could not cancel the renewal");
        _checkAll();
    }

    /// @notice A fixed sequence through every action of the agent handlers: agents, stakes and budgets; settlements
    /// and jobs under budgets and their refusals; a job tree two levels deep whose jobs complete, are rejected and are
    /// refunded; withdrawals, bonds and feedback. The handlers work, and the invariants hold on a run through each path.
    function test_agentHandlers_everyActionRunsAndTheInvariantsHold() public {
        agentHandler.register(5); // agent 5, of actor 5
        agentHandler.stake(6, 4, 250e18 + 1); // for agent 5: above the minimum
        agentHandler.requestUnstake(1, 150e18); // agent 2 falls below the minimum
        agentHandler.unstake(1); // refused: UnstakeNotReady
        escrowHandler.createAndFund(6, 1, 0, 10e18, 1 days); // agent 2: refused with AgentCannotTakeJobs
        escrowHandler.createAndFund(0, 0, 1, 10e18, 1 days); // actor 0 owns agent 1: refused with SelfHire
        agentHandler.settleFor(0, 4, 0, 10); // model 1 under principal 0's budget for actor 4
        agentHandler.settleFor(2, 4, 0, 1); // principal 2 gave actor 4 no budget: NoBudget
        agentHandler.settleFor(1, 5, 1, 1); // the budget lists model 1 only: ModelNotInBudget for model 2
        agentHandler.settleBatchFor(1, 5, 1, 3);
        agentHandler.settleBatchFor(0, 4, 7, 5);
        agentHandler.grant(2, 6, 5e18, 1 hours, 1 days, 0);
        agentHandler.settleFor(2, 6, 0, 200);
        escrowHandler.createAndFundFor(2, 6, 0, 10e18, 1 days); // above what is left: OverBudget
        agentHandler.lower(0, 4, 100e18); // below what the window spent
        escrowHandler.createAndFundFor(0, 4, 0, 1e18, 1 days); // OverBudget
        agentHandler.revoke(1, 5);

        // Job 1 (agent 1, client actor 4) subcontracts job 3 (agent 4), which subcontracts job 4 (agent 1).
        escrowHandler.subcontract(0, 3, 0, 400e18, 1 hours + 5);
        escrowHandler.subcontract(2, 0, 1, 100e18, 100);
        escrowHandler.submit(3);
        escrowHandler.complete(3, true);
        escrowHandler.submit(2);
        escrowHandler.reject(2); // job 3's rest goes back to job 1
        escrowHandler.submit(0);
        escrowHandler.complete(0, false); // refused: EvaluationWindowOpen
        escrowHandler.feedback(3, 50, 0, false); // job 4, a child job: rated by its id
        escrowHandler.feedback(3, 50, 0, true); // refused: FeedbackAlreadyGiven
        escrowHandler.feedback(2, 10, 1, true); // job 3, rejected after its child was paid
        escrowHandler.warp(7201);
        escrowHandler.complete(0, false); // optimistically, once the window passed
        escrowHandler.feedback(0, 90, 0, false); // actor 4's latest finished job with agent 1

        escrowHandler.createAndFund(7, 4, 0, 5e18, 1 hours); // job 5: actor 7 its own evaluator
        escrowHandler.reject(4);
        escrowHandler.withdraw(15); // actor 7 takes its refund
        for (uint256 k; k < 9; ++k) escrowHandler.warp(21_599); // past job 2's expiry
        escrowHandler.submit(1); // refused: JobHasExpired
        escrowHandler.refund(1);
        escrowHandler.withdraw(0); // principal 0 takes its refund
        escrowHandler.withdrawAgentEarnings(0);
        escrowHandler.payTreasury();
        escrowHandler.bond(0, 50e18);
        escrowHandler.requestUnbond(0, 20e18);
        escrowHandler.withdrawBond(0); // refused: UnbondNotReady
        escrowHandler.warp(3601);
        escrowHandler.withdrawBond(0);
        agentHandler.unstake(1);

        bytes32[31] memory actions = [
            bytes32("agent.register"),
            "agent.stake",
            "agent.requestUnstake",
            "agent.unstake",
            "agent.unstake.refused",
            "budget.grant",
            "budget.lower",
            "budget.revoke",
            "settleFor",
            "settleFor.refused",
            "job.createAndFund",
            "job.createAndFund.refused",
            "job.createAndFundFor",
            "job.createAndFundFor.refused",
            "job.subcontract",
            "job.submit",
            "job.submit.refused",
            "job.complete",
            "job.complete.refused",
            "job.reject",
            "job.refund",
            "job.withdraw",
            "job.withdrawAgentEarnings",
            "job.payTreasury",
            "job.bond",
            "job.requestUnbond",
            "job.withdrawBond",
            "job.withdrawBond.refused",
            "feedback",
            "feedback.refused",
            "warp"
        ];
        for (uint256 i; i < actions.length; ++i) {
            assertTrue(
                store.calls(actions[i]) > 0,
                string.concat("agent action ran: ", string(abi.encode(actions[i])))
            );
        }
        assertGt(store.calls("settleBatchFor") + store.calls("settleBatchFor.refused"), 0, "batches settled");
        assertEq(store.calls("feedback"), 3, "three ratings");
        _checkAll();
    }

    /// @dev Writes `selector` `times` times into `list` from position `n`; returns the next position.
    function _add(bytes4[] memory list, uint256 n, bytes4 selector, uint256 times) internal pure returns (uint256) {
        for (uint256 i; i < times; ++i) list[n + i] = selector;
        return n + times;
    }

    /// @dev The selectors of `handler`, every ticket given.
    function _selectors(address handler, bytes4[] memory list, uint256 n) internal pure returns (FuzzSelector memory) {
        assertEq(n, list.length, "every ticket given");
        return FuzzSelector(handler, list);
    }
}
