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
// | D8 agents' budgets and jobs                               | no contract yet                                         |
// | every OPEN unit is at a known address                     | System (_checkEveryUnitAccounted)                       |

import { IAttributionEpochs } from "../../../contracts/interfaces/IAttributionEpochs.sol";
import { IDatanetRegistry } from "../../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../../contracts/interfaces/IModelRegistry.sol";
import { SuiteBase } from "../utils/SuiteBase.sol";
import { AttributionHandler } from "./handlers/AttributionHandler.sol";
import { BaseHandler } from "./handlers/BaseHandler.sol";
import { DatanetHandler } from "./handlers/DatanetHandler.sol";
import { GovernanceHandler } from "./handlers/GovernanceHandler.sol";
import { ModelHandler } from "./handlers/ModelHandler.sol";
import { SettlementHandler } from "./handlers/SettlementHandler.sol";
import { StakingHandler } from "./handlers/StakingHandler.sol";
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

/// @notice The whole suite as deployed, with the AccessManager handed to a real Timelock driven by a real Governor, the
/// per-domain handlers over one store, a seeded world, and the rules of "What always holds" as checks: shared by the
/// system invariants and the regression tests that replay their counterexamples.
abstract contract SystemFixture is SuiteBase {
    uint256 internal constant INITIAL_SUPPLY = 1_000_000_000e18;
    uint256 internal constant ACTORS = 8;
    uint256 internal constant ACTOR_FUNDS = 10_000_000e18;

    SystemStore internal store;
    StakingHandler internal stakingHandler;
    DatanetHandler internal datanetHandler;
    ModelHandler internal modelHandler;
    SettlementHandler internal settlementHandler;
    AttributionHandler internal attributionHandler;
    GovernanceHandler internal governanceHandler;

    /// @dev The suite, a Governor and Timelock holding every role, the store and the handlers, and a seeded world.
    function _setUpSystem() internal {
        _deploySuite();
        _deployGovernance();
        address[] memory actors = new address[](ACTORS);
        for (uint256 i; i < ACTORS; ++i) actors[i] = address(uint160(0x5000 + i));
        address[] memory attestors = new address[](2);
        attestors[0] = address(0xA77E1);
        attestors[1] = address(0xA77E2);
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
        store = new SystemStore(actors, attestors);
        stakingHandler = new StakingHandlerTarget(s, store);
        datanetHandler = new DatanetHandlerTarget(s, store);
        modelHandler = new ModelHandlerTarget(s, store);
        settlementHandler = new SettlementHandlerTarget(s, store);
        attributionHandler = new AttributionHandlerTarget(s, store);
        governanceHandler = new GovernanceHandlerTarget(s, store);
        _fundAndApprove(actors, attestors);
        _handOverToTimelock();
        _seedWorld(actors);
        governanceHandler.init();
    }

    /// @dev Every handler, in the order of `targetSelectors`.
    function _handlers() internal view returns (address[] memory handlers) {
        handlers = new address[](6);
        handlers[0] = address(stakingHandler);
        handlers[1] = address(datanetHandler);
        handlers[2] = address(modelHandler);
        handlers[3] = address(settlementHandler);
        handlers[4] = address(attributionHandler);
        handlers[5] = address(governanceHandler);
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

    /// @dev Every unit of OPEN sits at an address the suite knows: nothing leaks to or appears from elsewhere.
    function _checkEveryUnitAccounted() internal view {
        uint256 held = open.balanceOf(address(this)) + open.balanceOf(TREASURY) + open.balanceOf(GUARDIAN);
        held += open.balanceOf(address(settlement)) + open.balanceOf(address(gopen));
        held += open.balanceOf(address(datanets)) + open.balanceOf(address(models));
        held += open.balanceOf(address(timelock)) + open.balanceOf(address(governor));
        held += open.balanceOf(address(store));
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
        address[4] memory spenders = [address(settlement), address(gopen), address(datanets), address(models)];
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
        targets = new FuzzSelector[](6);
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
