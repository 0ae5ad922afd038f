// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAttributionEpochs } from "../../../contracts/interfaces/IAttributionEpochs.sol";
import { IModelRegistry } from "../../../contracts/interfaces/IModelRegistry.sol";
import { Settlement } from "../../../contracts/settlement/Settlement.sol";
import { VaultHandler } from "./handlers/VaultHandler.sol";
import { SettlementFixture } from "../Settlement.t.sol";

/// @notice The handler, declared in this test file: the runner knows the ABI of a fuzz target only from the artifacts
/// of the files it compiles, and a test run compiles its test files, not the files they import.
contract VaultHandlerTarget is VaultHandler {
    constructor(
        Settlement settlement_,
        address attestor_,
        address guardian_,
        address governance_
    ) VaultHandler(settlement_, attestor_, guardian_, governance_) {}
}

/// @notice What must always hold inside the settlement vault, over random sequences of VaultHandler actions: fees
/// credited once, claim bounds under governance replacement, epochs moving by one, bond coverage under slashes, the
/// guardian's veto limit, and nobody paid twice. The vault's balance and the per-datanet claim totals are rules of the
/// system invariants (SystemInvariant.t.sol).
contract SettlementInvariantTest is SettlementFixture {
    VaultHandler internal handler;

    function setUp() public {
        _setUpSettlement();
        // Model 1 (price 1 wei: dust) trains on datanets 1 and 2; model 2 is fine-tuned from it and trains on 2 and 3;
        // model 3 has no parent and trains on datanet 3.
        IModelRegistry.TrainingDatanet[] memory twelve = new IModelRegistry.TrainingDatanet[](2);
        twelve[0] = IModelRegistry.TrainingDatanet(1, 1, 6_000);
        twelve[1] = IModelRegistry.TrainingDatanet(2, 1, 4_000);
        IModelRegistry.TrainingDatanet[] memory twentythree = new IModelRegistry.TrainingDatanet[](2);
        twentythree[0] = IModelRegistry.TrainingDatanet(2, 1, 3_333);
        twentythree[1] = IModelRegistry.TrainingDatanet(3, 1, 6_667);
        handler = new VaultHandlerTarget(settlement, ATTESTOR, GUARDIAN, address(this));
        _register(handler.modelOwner(1), 0, twelve, 1, 7_000);
        _register(handler.modelOwner(2), 1, twentythree, 1e18 + 3, 5_000);
        _register(handler.modelOwner(3), 0, _single(3), 7e15 + 1, 1_234);
        for (uint256 i; i < 3; ++i) {
            _fund(handler.payer(i), 10_000_000e18);
            vm.prank(handler.payer(i));
            open.approve(address(settlement), type(uint256).max);
        }
        // Governance appoints the attestor of datanet 1, so that the guardian's veto limit binds there; datanets 2
        // and 3 keep the attestor their owner set, whose roots the guardian may veto without limit.
        datanets.setAttestorByGovernance(1, ATTESTOR);
        // Every datanet starts with an accrued pool, so that the first roots already pay something.
        for (uint256 m = 1; m <= 3; ++m) handler.settle(m, m - 1, 100);
    }

    /// @notice A fixed sequence through the attribution actions: the guardian's vetoes up to its limit and
    /// governance's past it, a governance replacement, an activation inside a post, and a withdrawal within coverage.
    function test_handler_attributionActionsRunAndTheInvariantsHold() public {
        for (uint256 i; i < 4; ++i) {
            handler.postRoot(0, 1e18, 1e18, 1);
            handler.vetoRoot(0);
        }
        assertEq(settlement.rootState(1).vetoes, 4, "three by the guardian, then governance");
        handler.replaceRoot(0, 1e18, 2e18);
        handler.postRoot(1, 1e18, 1e18, 1);
        handler.warp(settlement.challengeWindow());
        handler.postRoot(1, 2e18, 1e18, 1);
        handler.claim(0, 0, address(this));
        vm.warp(block.timestamp + settlement.vetoBondLock()); // the vetoes locked the whole bond until then
        handler.withdrawBond(1);
        string[6] memory actions = [
            "postRoot",
            "vetoRoot",
            "vetoRoot.byGovernance",
            "replaceRootByGovernance",
            "activateRoot",
            "withdrawBond"
        ];
        for (uint256 i; i < actions.length; ++i) {
            assertTrue(handler.calls(actions[i]) > 0, "action ran");
        }
        invariant_epochsMoveByOne();
        invariant_bondCoversLiveRoots();
        invariant_guardianVetoesWithinLimit();
        invariant_claimedWithinActiveWithinAccrued();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every fee paid in is credited once: what is still credited plus what was paid out equals the fees plus
    /// the slashed bonds.
    function invariant_feesAreCreditedOnce() public view {
        uint256 credited = settlement.treasuryAccrued() + handler.ghostTreasuryPaid();
        credited += settlement.stakersAccrued() + handler.ghostStakersPushed();
        credited += handler.ghostModelWithdrawn();
        for (uint256 m = 1; m <= 3; ++m) credited += settlement.modelRevenue(m);
        for (uint256 d = 1; d <= DATANET_COUNT; ++d) credited += settlement.accrued(d);
        assertEq(credited, handler.ghostFees() + handler.ghostSlashed(), "credits == fees + slashed bonds");
    }

    /// @notice For every datanet: claimed ≤ the active root's total ≤ accrued, and a pending total ≤ accrued.
    function invariant_claimedWithinActiveWithinAccrued() public view {
        for (uint256 d = 1; d <= DATANET_COUNT; ++d) {
            IAttributionEpochs.RootView memory s = settlement.rootState(d);
            uint256 accrued = settlement.accrued(d);
            assertLe(s.claimed, s.activeTotal, "claimed <= active total");
            assertLe(s.activeTotal, accrued, "active total <= accrued");
            assertLe(s.pendingTotal, accrued, "pending total <= accrued");
        }
    }

    /// @notice Epochs move by exactly one: lastEpoch by +1 on a post and −1 on a veto, activeEpoch by +1 per
    /// activation (or governance replacement); lastEpoch is activeEpoch, plus one while a root is pending.
    function invariant_epochsMoveByOne() public view {
        assertEq(handler.ghostEpochViolations(), 0, "epochs move by one");
        for (uint256 d = 1; d <= DATANET_COUNT; ++d) {
            IAttributionEpochs.RootView memory s = settlement.rootState(d);
            assertEq(s.lastEpoch, s.activeEpoch + (s.pendingReadyAt != 0 ? 1 : 0), "lastEpoch == active (+1 pending)");
        }
    }

    /// @notice The attestor's bond covers what its live roots move: bond × factor ≥ pending + recent exposure while
    /// it was never slashed, and in all cases (bond + slashed) × factor ≥ it.
    function invariant_bondCoversLiveRoots() public view {
        (uint256 bond, ) = settlement.bondOf(ATTESTOR);
        (uint256 pending, uint256 recent, uint256 capacity) = settlement.exposureOf(ATTESTOR);
        uint256 factor = settlement.bondFactor();
        assertEq(capacity, bond * factor, "capacity == bond x factor");
        if (handler.ghostSlashed() == 0) assertLe(pending + recent, capacity, "bond x factor >= live exposure");
        assertLe(pending + recent, (bond + handler.ghostSlashed()) * factor, "(bond + slashed) x factor >= exposure");
    }

    /// @notice The guardian never vetoes past its limit of consecutive vetoes of a governance-appointed attestor.
    function invariant_guardianVetoesWithinLimit() public view {
        assertEq(handler.ghostVetoesPastLimit(), 0, "no guardian veto past the limit");
    }

    /// @notice Nobody is paid twice: each contributor received exactly what the vault records as claimed, and never
    /// more, per datanet, than its largest cumulative amount in an activated root.
    function invariant_nobodyPaidTwice() public view {
        address[2] memory accounts = [handler.ALICE(), handler.BOB()];
        for (uint256 i; i < 2; ++i) {
            uint256 recorded;
            for (uint256 d = 1; d <= 3; ++d) {
                uint256 c = settlement.claimed(d, accounts[i]);
                assertLe(c, handler.ghostMaxActiveLeaf(d, accounts[i]), "claimed <= cumulative leaf");
                recorded += c;
            }
            assertEq(handler.ghostReceived(accounts[i]), recorded, "received == recorded claims");
            assertEq(open.balanceOf(accounts[i]), recorded, "balance == recorded claims");
        }
    }
}
