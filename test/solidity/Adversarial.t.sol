// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IAttributionEpochs } from "../../contracts/interfaces/IAttributionEpochs.sol";
import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { SettlementFixture } from "./Settlement.t.sol";

/// @notice What a dishonest attestor, a dust payer, a payer mixing a suspended model into a batch, and a rogue
/// guardian can and cannot do to the settlement vault.
contract AdversarialTest is SettlementFixture {
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant BUILDER = address(0xB11D);

    /// @dev Datanet 1's pool after setUp: 100 OPEN of fees, 20% to the pools, owner share 0.
    uint256 internal constant POOL = 80e18;

    uint256 internal modelId;

    function setUp() public {
        _setUpSettlement();
        modelId = _register(BUILDER, 0, _single(1), 1e18, 0);
        vm.prank(PAYER);
        settlement.settle(modelId, 100, type(uint256).max, bytes32(0), bytes32(0));
    }

    // ─── A dishonest attestor ────────────────────────────────────────────────────────────────────────────────────

    function test_postRoot_aboveAccrued_reverts() public {
        assertEq(settlement.accrued(1), POOL, "pool");
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootAboveAccrued.selector, 1, POOL + 1, POOL));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 1, _pairRoot(_leaf(ATTESTOR, POOL + 1), _leaf(ALICE, 0)), POOL + 1, "");

        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootAboveAccrued.selector, 2, 1, 0));
        vm.prank(ATTESTOR);
        settlement.postRoot(2, 1, _leaf(ATTESTOR, 1), 1, "");
    }

    function test_postRoot_oldOrSkippedEpoch_reverts() public {
        _postActive(1, _leaf(ALICE, 10), 10);
        uint256[4] memory wrong = [uint256(0), 1, 3, type(uint64).max];
        for (uint256 i; i < wrong.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.EpochNotNext.selector, 1, wrong[i], 2));
            vm.prank(ATTESTOR);
            settlement.postRoot(1, wrong[i], _leaf(ALICE, 20), 20, "");
        }
    }

    function test_postRoot_vetoedEpochAgain_reusesIt() public {
        _post(1, _leaf(ATTESTOR, POOL), POOL);
        settlement.vetoRoot(1, 1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.EpochNotNext.selector, 1, 2, 1));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 2, _leaf(ALICE, POOL), POOL, "");
        _post(1, _leaf(ALICE, POOL), POOL);
        assertEq(settlement.rootState(1).lastEpoch, 1, "the vetoed epoch is posted again");
    }

    function test_postRoot_displacePendingRoot_reverts() public {
        _post(1, _leaf(ATTESTOR, POOL), POOL);
        uint256 readyAt = settlement.rootState(1).pendingReadyAt;
        // The attestor sees the veto coming and tries to replace its root with another one before it lands.
        vm.warp(readyAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootPending.selector, 1, 1, readyAt));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 2, _leaf(BOB, POOL), POOL, "");

        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        assertEq(settlement.rootState(1).pendingRoot, bytes32(0), "vetoed");
    }

    function test_postRoot_lowerTotal_reverts() public {
        _postActive(1, _leaf(ALICE, 10e18), 10e18);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.TotalBelowPrevious.selector, 1, 10e18 - 1, 10e18));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 2, _leaf(ALICE, 10e18 - 1), 10e18 - 1, "");
    }

    function test_vetoRoot_vetoedRootIsNeverClaimable() public {
        bytes32 honest = _postActive(1, _pairRoot(_leaf(ALICE, 10e18), _leaf(BOB, 5e18)), 15e18);
        bytes32 aliceLeaf = _leaf(ALICE, 10e18);
        bytes32 evilLeaf = _leaf(ATTESTOR, 60e18);
        _post(2, _pairRoot(evilLeaf, aliceLeaf), 70e18);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 2);
        assertEq(settlement.rootState(1).lastEpoch, 1, "the vetoed epoch is given back");
        vm.warp(block.timestamp + 365 days);

        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.NoRootReady.selector, 1, 0));
        settlement.activateRoot(1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.InvalidProof.selector, 1, ATTESTOR, 60e18));
        settlement.claim(1, ATTESTOR, 60e18, _proof(aliceLeaf));

        assertEq(settlement.rootState(1).activeRoot, honest, "the previous root stays active");
        settlement.claim(1, ALICE, 10e18, _proof(_leaf(BOB, 5e18)));
        assertEq(open.balanceOf(ALICE), 10e18, "the previous root pays");
        assertEq(open.balanceOf(ATTESTOR), 9 * BOND, "the attestor got nothing");
    }

    function test_claim_faultyRoot_neverPaysAboveItsTotal() public {
        bytes32 a = _leaf(ALICE, 60e18);
        bytes32 b = _leaf(BOB, 60e18);
        _postActive(1, _pairRoot(a, b), 70e18);
        settlement.claim(1, ALICE, 60e18, _proof(b));

        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.ClaimExceedsRoot.selector, 1, 120e18, 70e18));
        settlement.claim(1, BOB, 60e18, _proof(a));
        assertEq(settlement.rootState(1).claimed, 60e18, "claimed stays within the total");
    }

    function test_claim_sameAmountTwice_paysOnce() public {
        bytes32 a = _leaf(ALICE, 10e18);
        bytes32 b = _leaf(BOB, 5e18);
        _postActive(1, _pairRoot(a, b), 15e18);
        settlement.claim(1, ALICE, 10e18, _proof(b));

        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.NothingToClaim.selector, 1, ALICE, 10e18, 10e18));
        settlement.claim(1, ALICE, 10e18, _proof(b));
        IAttributionEpochs.DatanetClaim[] memory claims = new IAttributionEpochs.DatanetClaim[](2);
        claims[0] = IAttributionEpochs.DatanetClaim(1, 10e18, _proof(b));
        claims[1] = IAttributionEpochs.DatanetClaim(1, 10e18, _proof(b));
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.NothingNewToClaim.selector, ALICE));
        settlement.claimMany(ALICE, claims);
        assertEq(open.balanceOf(ALICE), 10e18, "paid once");
    }

    // ─── Dust ────────────────────────────────────────────────────────────────────────────────────────────────────

    function test_settle_everyDustFeeAddsUp() public {
        // A lineage of four models at 1 wei per inference, each on several datanets.
        uint256 deepest = _lineage(3, 1, 42);
        for (uint256 fee = 1; fee <= 100; ++fee) {
            uint256 before = _creditsTotal();
            uint256 balance = open.balanceOf(address(settlement));
            vm.prank(PAYER);
            settlement.settle(deepest, fee, fee, bytes32(fee), bytes32(0));
            assertEq(_creditsTotal() - before, fee, "parts add up to the dust fee");
            assertEq(open.balanceOf(address(settlement)) - balance, fee, "dust received");
        }
    }

    // ─── All or nothing ──────────────────────────────────────────────────────────────────────────────────────────

    function test_settleBatch_suspendedModelInTheMiddle_changesNothing() public {
        uint256 second = _register(BUILDER, modelId, _single(2), 3e18, 7_000);
        uint256 third = _register(BUILDER, 0, _single(3), 7, 1_000);
        models.setSuspended(second, true);
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](3);
        batch[0] = ISettlement.Inference(modelId, 5, type(uint256).max, bytes32(uint256(1)), bytes32(0));
        batch[1] = ISettlement.Inference(second, 5, type(uint256).max, bytes32(uint256(2)), bytes32(0));
        batch[2] = ISettlement.Inference(third, 5, type(uint256).max, bytes32(uint256(3)), bytes32(0));
        uint256 credits = _creditsTotal();
        uint256 accrued1 = settlement.accrued(1);
        uint256 revenue1 = settlement.modelRevenue(modelId);
        uint256 payerBalance = open.balanceOf(PAYER);
        uint256 vaultBalance = open.balanceOf(address(settlement));

        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelIsSuspended.selector, second));
        vm.prank(PAYER);
        settlement.settleBatch(batch);

        assertEq(_creditsTotal(), credits, "credits unchanged");
        assertEq(settlement.accrued(1), accrued1, "first inference not credited");
        assertEq(settlement.modelRevenue(modelId), revenue1, "first model not credited");
        assertEq(settlement.accrued(3), 0, "last inference not credited");
        assertEq(open.balanceOf(PAYER), payerBalance, "payer balance unchanged");
        assertEq(open.balanceOf(address(settlement)), vaultBalance, "vault balance unchanged");
    }

    // ─── A rogue guardian ────────────────────────────────────────────────────────────────────────────────────────

    function test_slashBond_byGuardian_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, GUARDIAN));
        vm.prank(GUARDIAN);
        settlement.slashBond(ATTESTOR, 1);
    }

    function test_setters_byGuardian_revert() public {
        bytes[] memory calls = new bytes[](5);
        calls[0] = abi.encodeCall(ISettlement.setFeeShares, (0, 5_000));
        calls[1] = abi.encodeCall(ISettlement.setLineageBps, (5_000));
        calls[2] = abi.encodeCall(IAttributionEpochs.setChallengeWindow, (1 minutes));
        calls[3] = abi.encodeCall(IAttributionEpochs.setVetoBondLock, (1 minutes));
        calls[4] = abi.encodeCall(IAttributionEpochs.setMinAttestorBond, (0));
        for (uint256 i; i < calls.length; ++i) {
            vm.prank(GUARDIAN);
            (bool ok, bytes memory reason) = address(settlement).call(calls[i]);
            assertTrue(!ok, "refused");
            assertEq(
                keccak256(reason),
                keccak256(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, GUARDIAN)),
                "AccessManagedUnauthorized(guardian)"
            );
        }
        assertEq(settlement.protocolBps(), 500, "protocol unchanged");
        assertEq(settlement.lineageBps(), 1000, "lineage unchanged");
        assertEq(settlement.minAttestorBond(), BOND, "min bond unchanged");
    }

    function test_guardian_hasNoPathToFunds() public {
        _postActive(1, _leaf(ALICE, 10e18), 10e18);
        _post(2, _leaf(ALICE, 20e18), 20e18);
        uint256 treasuryCredit = settlement.treasuryAccrued();
        uint256 stakersCredit = settlement.stakersAccrued();

        vm.startPrank(GUARDIAN);
        // It can pause and veto, which move nothing.
        settlement.pause();
        settlement.unpause();
        settlement.vetoRoot(1, 2);
        // Payouts it may trigger go to their owners, never to the caller.
        settlement.payTreasury();
        settlement.pushStakerRewards();
        vm.expectRevert(abi.encodeWithSelector(IErrors.NotModelOwner.selector, modelId, GUARDIAN));
        settlement.withdrawModelRevenue(modelId, GUARDIAN);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.InvalidProof.selector, 1, GUARDIAN, 10e18));
        settlement.claim(1, GUARDIAN, 10e18, new bytes32[](0));
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.InsufficientBond.selector, GUARDIAN, 0, 1));
        settlement.withdrawBond(1);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, GUARDIAN));
        settlement.slashBond(ATTESTOR, BOND);
        vm.stopPrank();

        assertEq(open.balanceOf(GUARDIAN), 0, "the guardian holds nothing");
        assertEq(open.balanceOf(TREASURY), treasuryCredit, "the treasury share went to the treasury");
        assertEq(open.balanceOf(address(gopen)), stakersCredit, "the stakers share went to gOPEN");
        (uint256 bond, ) = settlement.bondOf(ATTESTOR);
        assertEq(bond, BOND, "bond untouched");
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _post(uint256 epoch, bytes32 root, uint256 total) private {
        vm.prank(ATTESTOR);
        settlement.postRoot(1, epoch, root, total, "ipfs://allocation");
    }

    function _postActive(uint256 epoch, bytes32 root, uint256 total) private returns (bytes32) {
        _post(epoch, root, total);
        vm.warp(block.timestamp + settlement.challengeWindow());
        settlement.activateRoot(1);
        return root;
    }
}
