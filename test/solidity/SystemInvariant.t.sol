// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IVotes } from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import { OpenGovernor } from "../../contracts/governance/OpenGovernor.sol";
import { OpenTimelock } from "../../contracts/governance/OpenTimelock.sol";
import { IAttributionEpochs } from "../../contracts/interfaces/IAttributionEpochs.sol";
import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { Roles } from "../../contracts/libraries/Roles.sol";
import { GovernanceHandler, System, SystemHandler } from "./handlers/SystemHandler.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice The handlers, declared in this test file: the runner knows the ABI of a fuzz target only from the artifacts
/// of the files it compiles, and a test run compiles its test files, not the files they import.
contract SystemHandlerTarget is SystemHandler {
    constructor(
        System memory s,
        address[] memory actors_,
        address[] memory attestors_,
        GovernanceHandler governance_
    ) SystemHandler(s, actors_, attestors_, governance_) {}
}

/// @notice The whole suite as deployed, with the AccessManager handed to a real Timelock driven by a real Governor, the
/// two handlers, a seeded world, and the rules of docs DESIGN.md "What must always hold" as checks: shared by the
/// system invariants and the regression tests that replay their counterexamples.
abstract contract SystemFixture is SuiteBase {
    uint256 internal constant INITIAL_SUPPLY = 1_000_000_000e18;
    uint256 internal constant ACTORS = 8;
    uint256 internal constant ACTOR_FUNDS = 10_000_000e18;

    OpenTimelock internal timelock;
    OpenGovernor internal governor;
    SystemHandler internal economy;
    GovernanceHandler internal governance;

    /// @dev The suite, a Governor and Timelock holding every role, the handlers, and a seeded world.
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
        governance = new GovernanceHandler(s, actors, attestors);
        economy = new SystemHandlerTarget(s, actors, attestors, governance);
        _fundAndApprove(actors, attestors);
        _handOverToTimelock();
        _seedWorld(actors);
        governance.init();
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
        _checkParameters();
        _checkEveryUnitAccounted();
        _checkNoSurprise();
    }

    // ─── The rules ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev (1) Nobody mints OPEN: its supply is the initial supply less what was burnt.
    function _checkSupply() internal view {
        assertEq(open.totalSupply(), INITIAL_SUPPLY - economy.ghostBurnt(), "(1) OPEN supply == initial - burnt");
    }

    /// @dev (2) The vault holds, to the unit, the pools, the model revenue, the unclaimed datanet shares and the bonds.
    function _checkVault() internal view {
        uint256 owed = settlement.treasuryAccrued() + settlement.stakersAccrued();
        uint256 modelCount = models.modelCount();
        for (uint256 m = 1; m <= modelCount; ++m) owed += settlement.modelRevenue(m);
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) owed += settlement.accrued(d) - settlement.rootState(d).claimed;
        address[] memory attestors = economy.attestors();
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
        address[] memory actors = economy.actors();
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
        address[] memory actors = economy.actors();
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
        address[] memory attestors = economy.attestors();
        uint256 factor = settlement.bondFactor();
        for (uint256 i; i < attestors.length; ++i) {
            (uint256 bond, ) = settlement.bondOf(attestors[i]);
            (uint256 pending, uint256 recent, uint256 capacity) = settlement.exposureOf(attestors[i]);
            assertEq(capacity, bond * factor, "(7) capacity == bond x factor");
            uint256 covered = (bond + governance.slashedOf(attestors[i])) * factor;
            assertLe(pending + recent, covered, "(7) bond x factor covers the live roots");
        }
    }

    /// @dev (4) No account claimed more than its cumulative amount in the active root; what each account was paid from
    /// a datanet is what the vault records as claimed, and the records add up to the datanet's claimed total.
    function _checkClaims() internal view {
        address[] memory actors = economy.actors();
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) {
            IAttributionEpochs.RootView memory s = settlement.rootState(d);
            (uint256[] memory paid, uint256[] memory leaf) = economy.claimLedger(d, s.activeRoot);
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
        address[] memory actors = economy.actors();
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
        SystemHandler.Record[] memory records = economy.records();
        for (uint256 i; i < records.length; ++i) {
            SystemHandler.Record memory r = records[i];
            IDatanetRegistry.Status status =
                r.batch ? datanets.batch(r.datanetId, r.key).status : datanets.contribution(r.datanetId, r.key).status;
            assertEq(uint256(status), uint256(r.expected), "(5) status moved only by a review");
        }
    }

    /// @dev (6) Every parameter, role and authority has the value that executed proposals (and the guardian's pauses)
    /// gave it: nothing else changed one.
    function _checkParameters() internal view {
        uint256[22] memory now_ = governance.paramsNow();
        uint256[22] memory expected = governance.expectedParams();
        for (uint256 i; i < now_.length; ++i)
            assertEq(now_[i], expected[i], "(6) parameter changed outside governance");
    }

    /// @dev Every unit of OPEN sits at an address the suite knows: nothing leaks to or appears from elsewhere.
    function _checkEveryUnitAccounted() internal view {
        uint256 held = open.balanceOf(address(this)) + open.balanceOf(TREASURY) + open.balanceOf(GUARDIAN);
        held += open.balanceOf(address(settlement)) + open.balanceOf(address(gopen));
        held += open.balanceOf(address(datanets)) + open.balanceOf(address(models));
        held += open.balanceOf(address(timelock)) + open.balanceOf(address(governor));
        held += open.balanceOf(address(economy)) + open.balanceOf(address(governance));
        address[] memory actors = economy.actors();
        for (uint256 i; i < ACTORS; ++i) held += open.balanceOf(actors[i]);
        address[] memory attestors = economy.attestors();
        for (uint256 i; i < attestors.length; ++i) held += open.balanceOf(attestors[i]);
        assertEq(held, open.totalSupply(), "every OPEN unit is at a known address");
    }

    function _checkNoSurprise() internal view {
        if (economy.surprises() != 0) revert AssertionFailedBool(economy.firstSurprise());
        if (governance.surprises() != 0) revert AssertionFailedBool(governance.firstSurprise());
    }

    // ─── Set-up ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A Timelock (60 s) whose only proposer and canceller is a Governor voting with gOPEN, as deployed.
    function _deployGovernance() internal {
        address[] memory executors = new address[](1);
        timelock = new OpenTimelock(60, new address[](0), executors, address(this));
        // The guardian's longest term: no run lasts long enough for it to expire.
        governor = new OpenGovernor(
            IVotes(address(gopen)),
            timelock,
            1,
            600,
            0,
            4,
            120,
            GUARDIAN,
            365 days,
            address(manager)
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        vm.label(address(timelock), "Timelock");
        vm.label(address(governor), "Governor");
    }

    /// @dev As the deploy module ends: the Timelock holds ADMIN (every setter) and GUARDIAN, and this contract, which
    /// deployed the suite, keeps no role.
    function _handOverToTimelock() internal {
        manager.grantRole(Roles.GUARDIAN, address(timelock), 0);
        manager.grantRole(Roles.ADMIN, address(timelock), 0);
        manager.revokeRole(Roles.GUARDIAN, address(this));
        manager.renounceRole(Roles.ADMIN, address(this));
    }

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
        economy.createDatanet(0, false, 0, 0);
        economy.createDatanet(1, true, 2e18, 1);
        economy.createDatanet(2, true, 0, 0);
        economy.registerModel(1, 0, (1 << 8) | 1, 1e15, 5_000);
        economy.registerModel(2, (1 << 2) | 1, (2 << 8) | 2, 2e15 + 3, 6_000);
        for (uint256 i; i < ACTORS / 2; ++i) {
            vm.startPrank(actors[i]);
            gopen.stake(100_000e18 * (i + 1));
            gopen.delegate(actors[i]);
            vm.stopPrank();
        }
        economy.settle(4, 0, 500, 1);
        economy.settle(5, 1, 700, 2);
        economy.settleBatch(6, 7, 6);
        vm.warp(block.timestamp + 1);
    }
}

/// @notice What must always hold (docs DESIGN.md, "What must always hold"), over random sequences of everything the
/// suite's users, attestors, guardian and governance do (SystemFixture). The runner gives each invariant function a
/// campaign of its own: the six rules are checked together after every call, in `invariant_system`, so that they cost
/// one campaign (a failure names the rule in its message); the attestor bond rule has its own, so that a failure of
/// either leaves the other running. Profiles: `default`, `--test-profile ci` (256 runs of 64 calls),
/// `npm run test:deep` (10,000 runs).
contract SystemInvariantTest is SystemFixture {
    /// @dev The shape the invariant runner expects from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function setUp() public {
        _setUpSystem();
    }

    /// @notice The one target: the system handler, which forwards the governance actions to the governance handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(economy);
    }

    /// @notice Only the handler's actions are called, not its views. The runner picks a selector uniformly from this
    /// list, so an action listed twice runs twice as often: the money paths and the attribution flow (a root must be
    /// posted, wait out its window and be activated before anyone claims) get more turns.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory actions = new bytes4[](56);
        uint256 n;
        n = _add(actions, n, SystemHandler.stake.selector, 1);
        n = _add(actions, n, SystemHandler.delegate.selector, 1);
        n = _add(actions, n, SystemHandler.requestWithdrawal.selector, 1);
        n = _add(actions, n, SystemHandler.withdraw.selector, 1);
        n = _add(actions, n, SystemHandler.claimRewards.selector, 1);
        n = _add(actions, n, SystemHandler.burn.selector, 1);
        n = _add(actions, n, SystemHandler.createDatanet.selector, 1);
        n = _add(actions, n, SystemHandler.setAttestor.selector, 1);
        n = _add(actions, n, SystemHandler.contribute.selector, 2);
        n = _add(actions, n, SystemHandler.review.selector, 2);
        n = _add(actions, n, SystemHandler.contributeRoot.selector, 1);
        n = _add(actions, n, SystemHandler.reviewBatch.selector, 1);
        n = _add(actions, n, SystemHandler.withdrawBondCredit.selector, 1);
        n = _add(actions, n, SystemHandler.registerModel.selector, 1);
        n = _add(actions, n, SystemHandler.publishVersion.selector, 1);
        n = _add(actions, n, SystemHandler.transferModel.selector, 1);
        n = _add(actions, n, SystemHandler.settle.selector, 3);
        n = _add(actions, n, SystemHandler.settleBatch.selector, 2);
        n = _add(actions, n, SystemHandler.pushStakerRewards.selector, 1);
        n = _add(actions, n, SystemHandler.payTreasury.selector, 1);
        n = _add(actions, n, SystemHandler.withdrawModelRevenue.selector, 1);
        n = _add(actions, n, SystemHandler.depositBond.selector, 1);
        n = _add(actions, n, SystemHandler.withdrawBond.selector, 1);
        n = _add(actions, n, SystemHandler.postRoot.selector, 4);
        n = _add(actions, n, SystemHandler.activateRoot.selector, 2);
        n = _add(actions, n, SystemHandler.vetoRoot.selector, 1);
        n = _add(actions, n, SystemHandler.claim.selector, 4);
        n = _add(actions, n, SystemHandler.claimMany.selector, 2);
        n = _add(actions, n, SystemHandler.warp.selector, 3);
        n = _add(actions, n, SystemHandler.propose.selector, 2);
        n = _add(actions, n, SystemHandler.castVote.selector, 4);
        n = _add(actions, n, SystemHandler.advanceProposal.selector, 2);
        n = _add(actions, n, SystemHandler.cancelProposal.selector, 1);
        n = _add(actions, n, SystemHandler.guardianPause.selector, 1);
        n = _add(actions, n, SystemHandler.attack.selector, 2);
        assertEq(n, actions.length, "every ticket given");
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(economy), actions);
    }

    // ─── Invariants ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Every rule of "What must always hold", after every call.
    function invariant_system() public view {
        _checkAll();
    }

    /// @notice A vetoed root's attestor cannot take its bond back before the veto lock ends, so that governance can
    /// still vote a slash: whoever the datanet's attestor is by the time of the veto.
    function invariant_vetoedAttestorStaysSlashable() public view {
        assertEq(economy.vetoLockEscapes(), 0, "the attestor of a vetoed root can withdraw its bond before the lock");
    }

    // ─── The handlers themselves ─────────────────────────────────────────────────────────────────────────────────

    /// @notice A fixed sequence through every action, so that the handlers are known to work and the invariants to
    /// hold on a run that exercises each path.
    function test_handlers_everyActionRunsAndTheInvariantsHold() public {
        economy.contribute(1, 1);
        economy.contribute(2, 1);
        economy.review(1, 2, 4, 1);
        economy.contributeRoot(3, 2, 10);
        economy.reviewBatch(0, true);
        economy.withdrawBondCredit(1);
        economy.withdrawBondCredit(2);
        economy.createDatanet(4, false, 0, 1);
        economy.setAttestor(0, 1);
        economy.registerModel(5, 1, 7, 3e15, 4_000);
        economy.publishVersion(0, 1);
        economy.transferModel(0, 6);
        economy.settle(0, 0, 40, 1);
        economy.settleBatch(1, 99, 5);
        economy.pushStakerRewards();
        economy.payTreasury();
        economy.withdrawModelRevenue(0, 3, 1);
        economy.stake(2, 3e18);
        economy.delegate(2, 3);
        economy.requestWithdrawal(2, 1e18);
        economy.withdraw(2);
        economy.warp(2 hours + 1);
        economy.claimRewards(0);
        economy.burn(7, 5e18);
        economy.depositBond(0, 10e18);
        for (uint256 d; d < 4; ++d) economy.postRoot(d, 3, d + 11, 1);
        economy.postRoot(0, 3, 5, 1); // inside the window: refused with RootPending
        economy.vetoRoot(1);
        vm.warp(block.timestamp + 20 minutes);
        economy.activateRoot(0);
        economy.withdrawBond(1, 1e18);
        for (uint256 j; j < 4; ++j) economy.claim(0, j, j);
        economy.claimMany(3, true);

        governance.propose(0, 1, 4_321); // setLineageBps(4_321)
        governance.castVote(0, 1);
        governance.castVote(1, 1);
        governance.advanceProposal();
        governance.propose(1, 17, 7); // the Governor relays a restricted call: refused at execution
        governance.castVote(0, 1);
        governance.castVote(1, 1);
        governance.advanceProposal();
        governance.propose(2, 9, 7_200); // setCooldown: cancelled by the guardian
        governance.cancelProposal();
        governance.propose(3, 18, 7); // renews the guardian's term: the guardian may not cancel it, and it executes
        governance.cancelProposal();
        governance.castVote(0, 1);
        governance.castVote(1, 1);
        governance.advanceProposal();
        governance.guardianPause(true);
        economy.settle(0, 0, 1, 1); // paused: refused with EnforcedPause
        governance.guardianPause(false);
        for (uint256 k; k < 20; ++k) governance.attack(k, k, k);

        bytes32[24] memory actions = [
            bytes32("contribute"),
            "review",
            "contributeRoot",
            "reviewBatch",
            "withdrawBondCredit",
            "createDatanet",
            "setAttestor",
            "registerModel",
            "publishVersion",
            "transferModel",
            "settle",
            "settleBatch",
            "pushStakerRewards",
            "payTreasury",
            "withdrawModelRevenue",
            "stake",
            "requestWithdrawal",
            "withdraw",
            "claimRewards",
            "depositBond",
            "postRoot",
            "postRoot.refused",
            "vetoRoot",
            "claim"
        ];
        for (uint256 i; i < actions.length; ++i) assertTrue(economy.calls(actions[i]) > 0, "economy action ran");
        assertTrue(economy.calls("activateRoot") + economy.calls("claimMany") > 0, "roots activated and claimed");
        bytes32[7] memory govActions = [
            bytes32("propose"),
            "castVote",
            "queue",
            "execute",
            "cancelProposal",
            "guardianPause",
            "attack.refused"
        ];
        for (uint256 i; i < govActions.length; ++i) {
            assertTrue(governance.calls(govActions[i]) > 0, "governance action ran");
        }
        assertEq(settlement.lineageBps(), 4_321, "the proposal set the lineage royalty");
        assertEq(governance.bypassesRefused(), 1, "the relayed call was refused");
        assertEq(governance.executedProposals(), 2, "two proposals executed");
        assertEq(governance.calls("cancelProposal.refused"), 1, "the guardian could not cancel the renewal");
        _checkAll();
    }

    /// @dev Writes `selector` `times` times into `list` from position `n`; returns the next position.
    function _add(bytes4[] memory list, uint256 n, bytes4 selector, uint256 times) internal pure returns (uint256) {
        for (uint256 i; i < times; ++i) list[n + i] = selector;
        return n + times;
    }
}
