// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IAttributionEpochs } from "../../contracts/interfaces/IAttributionEpochs.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { MerkleProof } from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { Settlement } from "../../contracts/settlement/Settlement.sol";
import { SettlementFixture } from "./Settlement.t.sol";

/// @notice The attacks on attribution epochs and attestor bonds, each run as an attacker would and shown to fail now,
/// and the boundary of every comparison of AttributionEpochs. Datanets 1 to 4 each have POOL accrued; ATTESTOR is
/// their bonded attestor (BOND, so a capacity of BOND × 10); this contract is governance (ADMIN, the Timelock's role).
contract AttributionAttacksTest is SettlementFixture {
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant BUILDER = address(0xB11D);
    address internal constant MALLORY = address(0x3A11);
    uint256 internal constant POOL = 8_000e18;
    uint256 internal constant FACTOR = 10;
    uint256 internal constant CAPACITY = BOND * FACTOR;

    uint256 internal window;
    uint256 internal lock;

    function setUp() public {
        _setUpSettlement();
        for (uint256 d = 1; d <= 4; ++d) _fundDatanet(d);
        window = settlement.challengeWindow();
        lock = settlement.activationBondLock();
    }

    // ─── 1. A datanet's claims bricked for ever ──────────────────────────────────────────────────────────────────

    function test_attack_postLastEpochToBrickDatanet_refused() public {
        uint256 last = type(uint64).max;
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.EpochNotNext.selector, 1, last, 1));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, last, _leaf(ALICE, 10e18), 10e18, "");
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.EpochNotNext.selector, 1, last + 1, 1));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, last + 1, _leaf(ALICE, 10e18), 10e18, "");
        // The datanet goes on: epoch 1, then 2.
        _postActive(1, 1, _leaf(ALICE, 10e18), 10e18);
        _postActive(1, 2, _leaf(ALICE, 20e18), 20e18);
        settlement.claim(1, ALICE, 20e18, new bytes32[](0));
        assertEq(open.balanceOf(ALICE), 20e18, "claims still pay");
    }

    function test_attack_vetoUsesUpEpoch_refused() public {
        datanets.setAttestorByGovernance(1, ATTESTOR); // so that its vetoes count
        _post(1, 1, _leaf(ATTESTOR, POOL), POOL);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        IAttributionEpochs.RootView memory s = settlement.rootState(1);
        assertEq(s.lastEpoch, 0, "the vetoed epoch is given back");
        assertEq(s.vetoes, 1, "one veto");
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.EpochNotNext.selector, 1, 2, 1));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 2, _leaf(ALICE, 10e18), 10e18, "");
        _postActive(1, 1, _leaf(ALICE, 10e18), 10e18);
        s = settlement.rootState(1);
        assertEq(s.activeEpoch, 1, "epoch 1 active");
        assertEq(s.vetoes, 0, "an activation resets the veto count");
    }

    function test_attack_governanceWayOutAboveAccrued_refused() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootAboveAccrued.selector, 1, POOL + 1, POOL));
        settlement.replaceRootByGovernance(1, _leaf(ALICE, POOL + 1), POOL + 1, "");
        // At exactly what accrued, it goes through.
        settlement.replaceRootByGovernance(1, _leaf(ALICE, POOL), POOL, "ipfs://fix");
        assertEq(settlement.rootState(1).activeTotal, POOL, "replaced at accrued");
    }

    function test_attack_governanceWayOutBelowClaimed_refused() public {
        _postActive(1, 1, _leaf(ALICE, 30e18), 30e18);
        settlement.claim(1, ALICE, 30e18, new bytes32[](0));
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.TotalBelowClaimed.selector, 1, 30e18 - 1, 30e18));
        settlement.replaceRootByGovernance(1, _leaf(ALICE, 30e18 - 1), 30e18 - 1, "");
        // Below the previous active total, but not below what was claimed: allowed, to correct a fraud.
        _postActive(1, 2, _pairRoot(_leaf(ALICE, 30e18), _leaf(BOB, 70e18)), 100e18);
        settlement.replaceRootByGovernance(1, _leaf(ALICE, 30e18), 30e18, "ipfs://fix");
        IAttributionEpochs.RootView memory s = settlement.rootState(1);
        assertEq(s.activeTotal, 30e18, "down to what was claimed");
        // Even a faulty replacement pays nothing above its total: Bob's leaf finds the total already claimed.
        settlement.replaceRootByGovernance(1, _leaf(BOB, 1), 30e18, "");
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.ClaimExceedsRoot.selector, 1, 30e18 + 1, 30e18));
        settlement.claim(1, BOB, 1, new bytes32[](0));
    }

    function test_attack_stuckDatanet_governanceReplacesPendingRoot() public {
        _postActive(1, 1, _leaf(ALICE, 10e18), 10e18);
        _post(1, 2, _leaf(ATTESTOR, POOL), POOL);
        bytes32 pendingRoot = settlement.rootState(1).pendingRoot;
        bytes32 fix = _leaf(ALICE, 40e18);
        vm.expectEmit(address(settlement));
        emit IAttributionEpochs.RootReplacedByGovernance(1, 2, fix, 40e18, pendingRoot, "ipfs://fix");
        vm.expectEmit(address(settlement));
        emit IAttributionEpochs.RootActivated(1, 2, fix, 40e18);
        settlement.replaceRootByGovernance(1, fix, 40e18, "ipfs://fix");
        IAttributionEpochs.RootView memory s = settlement.rootState(1);
        assertEq(s.activeRoot, fix, "active at once");
        assertEq(s.activeEpoch, 2, "active epoch + 1");
        assertEq(s.lastEpoch, 2, "last epoch follows");
        assertEq(s.pendingRoot, bytes32(0), "pending root discarded");
        assertEq(s.pendingReadyAt, 0, "nothing pending");
        (uint256 pending, , ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, 0, "the discarded root's exposure is released");
        settlement.claim(1, ALICE, 40e18, new bytes32[](0));
        // The attestor goes on from the next epoch.
        _post(1, 3, _leaf(ALICE, 50e18), 50e18);
    }

    function test_attack_guardianUsesGovernanceWayOut_refused() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, GUARDIAN));
        vm.prank(GUARDIAN);
        settlement.replaceRootByGovernance(1, _leaf(ALICE, 1), 1, "");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanet.selector, 99));
        settlement.replaceRootByGovernance(99, _leaf(ALICE, 0), 0, "");
        vm.expectRevert(IAttributionEpochs.ZeroRoot.selector);
        settlement.replaceRootByGovernance(1, bytes32(0), 0, "");
    }

    // ─── 2. The bond stops covering a root once it activates ─────────────────────────────────────────────────────

    function test_attack_activateClaimWithdrawBondInOneBlock_fails() public {
        // A fraudulent root that pays the attestor the whole pool, never vetoed.
        _post(1, 1, _leaf(ATTESTOR, POOL), POOL);
        vm.warp(block.timestamp + window);
        settlement.activateRoot(1);
        settlement.claim(1, ATTESTOR, POOL, new bytes32[](0));
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.BondBelowExposure.selector, ATTESTOR, 0, POOL));
        vm.prank(ATTESTOR);
        settlement.withdrawBond(BOND);
        // Governance still finds the bond to slash.
        settlement.slashBond(ATTESTOR, BOND);
        (uint256 bond, ) = settlement.bondOf(ATTESTOR);
        assertEq(bond, 0, "slashed in full");
    }

    function test_withdrawBond_afterActivationBondLock_succeeds() public {
        _postActive(1, 1, _leaf(ALICE, POOL), POOL);
        uint256 until = block.timestamp + lock;
        vm.warp(until - 1);
        (, uint256 recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, POOL, "still locked one second before");
        vm.expectPartialRevert(IAttributionEpochs.BondBelowExposure.selector);
        vm.prank(ATTESTOR);
        settlement.withdrawBond(BOND);
        vm.warp(until);
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 0, "released at the second the lock ends");
        vm.prank(ATTESTOR);
        settlement.withdrawBond(BOND);
    }

    function test_withdrawBond_coverageAtExposure_boundary() public {
        // Exposure 10 × 100 OPEN: the bond may go down to exactly 100 OPEN, not one unit below.
        _post(1, 1, _leaf(ALICE, 1000e18), 1000e18);
        vm.expectRevert(
            abi.encodeWithSelector(IAttributionEpochs.BondBelowExposure.selector, ATTESTOR, 1000e18 - FACTOR, 1000e18)
        );
        vm.prank(ATTESTOR);
        settlement.withdrawBond(BOND - 100e18 + 1);
        vm.prank(ATTESTOR);
        settlement.withdrawBond(BOND - 100e18);
        (uint256 bond, ) = settlement.bondOf(ATTESTOR);
        assertEq(bond, 100e18, "what covers the exposure stays");
    }

    function test_attack_oneFlatBondBacksManyDatanets_cappedByFactor() public {
        _post(1, 1, _leaf(ALICE, POOL), POOL);
        _post(2, 1, _leaf(ALICE, CAPACITY - POOL), CAPACITY - POOL); // exactly at capacity: accepted
        (uint256 pending, uint256 recent, uint256 capacity) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, CAPACITY, "pending exposure");
        assertEq(recent, 0, "nothing activated");
        assertEq(capacity, CAPACITY, "bond x factor");
        vm.expectRevert(
            abi.encodeWithSelector(IAttributionEpochs.ExposureAboveCapacity.selector, ATTESTOR, CAPACITY + 1, CAPACITY)
        );
        vm.prank(ATTESTOR);
        settlement.postRoot(3, 1, _leaf(ALICE, 1), 1, "");
        // Activation does not free the capacity: it stays taken for the lock after activation.
        vm.warp(block.timestamp + window);
        settlement.activateRoot(1);
        settlement.activateRoot(2);
        (pending, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, 0, "no pending root");
        assertEq(recent, CAPACITY, "recently activated");
        vm.expectPartialRevert(IAttributionEpochs.ExposureAboveCapacity.selector);
        vm.prank(ATTESTOR);
        settlement.postRoot(3, 1, _leaf(ALICE, 1), 1, "");
        // A root that moves nothing (its whole total claimed) is always within capacity; more bond raises it.
        settlement.claim(1, ALICE, POOL, new bytes32[](0));
        _post(1, 2, _leaf(ALICE, POOL), POOL);
        vm.prank(ATTESTOR);
        settlement.depositBond(1);
        _post(3, 1, _leaf(ALICE, FACTOR), FACTOR);
        vm.warp(block.timestamp + lock);
        _post(4, 1, _leaf(ALICE, POOL), POOL);
    }

    /// @notice A root replaces the whole distribution, so a root with the same total as the active one (increase 0)
    /// could hand everything attested but unclaimed to the attacker. Honest epochs on datanets 1 and 2 leave Alice
    /// owed both pools, unclaimed, and their exposure ages out. The fraud root now carries what it can move, the
    /// whole unclaimed pool: a second one no longer fits in the bond, and after the first activates and pays, the bond
    /// cannot leave in that block; governance slashes it.
    function test_attack_zeroIncreaseRootMovesUnclaimedPool_coveredAndLocked() public {
        for (uint256 d = 1; d <= 2; ++d) {
            for (uint256 e = 1; e <= 4; ++e) {
                _postActive(d, e, _leaf(ALICE, (e * POOL) / 4), (e * POOL) / 4);
                vm.warp(block.timestamp + lock);
            }
            assertEq(settlement.rootState(d).activeTotal, POOL, "Alice is owed the whole pool");
        }
        (uint256 pending, uint256 recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending + recent, 0, "the honest epochs aged out");

        // The fraud: the same total, all of it to Mallory. It carries the whole unclaimed pool.
        _post(1, 5, _leaf(MALLORY, POOL), POOL);
        (pending, , ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, POOL, "what the root can move: its total less what was claimed");
        vm.expectRevert(
            abi.encodeWithSelector(IAttributionEpochs.ExposureAboveCapacity.selector, ATTESTOR, 2 * POOL, CAPACITY)
        );
        vm.prank(ATTESTOR);
        settlement.postRoot(2, 5, _leaf(MALLORY, POOL), POOL, "");

        // Nobody vetoes the first: it activates and pays Mallory; the bond stays, in the same block.
        vm.warp(block.timestamp + window);
        settlement.activateRoot(1);
        settlement.claim(1, MALLORY, POOL, new bytes32[](0));
        assertEq(open.balanceOf(MALLORY), POOL, "paid");
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.BondBelowExposure.selector, ATTESTOR, 0, POOL));
        vm.prank(ATTESTOR);
        settlement.withdrawBond(BOND);
        // What covers the exposure stays (coverage at the exposure, not one unit below it).
        vm.expectRevert(
            abi.encodeWithSelector(IAttributionEpochs.BondBelowExposure.selector, ATTESTOR, POOL - FACTOR, POOL)
        );
        vm.prank(ATTESTOR);
        settlement.withdrawBond(BOND - POOL / FACTOR + 1);
        vm.prank(ATTESTOR);
        settlement.withdrawBond(BOND - POOL / FACTOR);
        settlement.slashBond(ATTESTOR, POOL / FACTOR);
        (uint256 bond, ) = settlement.bondOf(ATTESTOR);
        assertEq(bond, 0, "governance slashes what covered the fraud");
    }

    /// @notice The exposure counted at the post is what activation, veto and governance replacement release, even
    /// when claims on the previous root moved `claimed` in the meantime.
    function test_postRoot_exposureStoredAtPost_releasedExactly() public {
        bytes32 first = _pairRoot(_leaf(ALICE, 3000e18), _leaf(BOB, 1000e18));
        bytes32 second = _pairRoot(_leaf(ALICE, 4000e18), _leaf(BOB, 4000e18));
        // Datanet 1: claimed 0 at the post, 3,000 by the activation.
        _postActive(1, 1, first, 4000e18);
        vm.warp(block.timestamp + lock);
        _post(1, 2, second, POOL);
        (uint256 pending, , ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, POOL, "nothing claimed yet: the whole total");
        settlement.claim(1, ALICE, 3000e18, _proof(_leaf(BOB, 1000e18)));
        vm.warp(block.timestamp + window);
        settlement.activateRoot(1);
        (uint256 p, uint256 r, ) = settlement.exposureOf(ATTESTOR);
        assertEq(p, 0, "activation releases all of it");
        assertEq(r, POOL, "and locks what was counted");
        vm.warp(block.timestamp + lock);
        // Datanet 2: claimed 1,000 at the post (so 7,000 counted), 4,000 by the veto.
        _postActive(2, 1, first, 4000e18);
        vm.warp(block.timestamp + lock);
        settlement.claim(2, BOB, 1000e18, _proof(_leaf(ALICE, 3000e18)));
        _post(2, 2, second, POOL);
        (pending, , ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, POOL - 1000e18, "total less claimed");
        settlement.claim(2, ALICE, 3000e18, _proof(_leaf(BOB, 1000e18)));
        vm.prank(GUARDIAN);
        settlement.vetoRoot(2, 2);
        (pending, , ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, 0, "the veto releases exactly what was counted");
        // Datanet 3: 8,000 counted, then 4,000 claimed and a governance replacement.
        _postActive(3, 1, first, 4000e18);
        vm.warp(block.timestamp + lock);
        _post(3, 2, second, POOL);
        settlement.claim(3, ALICE, 3000e18, _proof(_leaf(BOB, 1000e18)));
        settlement.claim(3, BOB, 1000e18, _proof(_leaf(ALICE, 3000e18)));
        settlement.replaceRootByGovernance(3, first, 4000e18, "ipfs://fix");
        (pending, , ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, 0, "the replacement releases exactly what was counted");
    }

    function test_vetoRoot_releasesPendingExposure_locksBond() public {
        _post(1, 1, _leaf(ALICE, POOL), POOL);
        (uint256 pending, , ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, POOL, "pending");
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        (pending, , ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, 0, "released by the veto");
        (, uint256 lockedUntil) = settlement.bondOf(ATTESTOR);
        assertEq(lockedUntil, block.timestamp + settlement.vetoBondLock(), "the whole bond is veto-locked");
        vm.warp(lockedUntil - 1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.BondLocked.selector, ATTESTOR, lockedUntil));
        vm.prank(ATTESTOR);
        settlement.withdrawBond(1);
        vm.warp(lockedUntil);
        vm.prank(ATTESTOR);
        settlement.withdrawBond(1);
    }

    // ─── 3. The guardian vetoes a datanet's roots for ever ───────────────────────────────────────────────────────

    /// @notice The attestor (set by the datanet's owner) burns the guardian's veto budget with junk roots, each vetoed
    /// at no cost to it, then posts a fraud. The owner-set attestor's roots do not count against the limit: the
    /// guardian still vetoes the fraud.
    function test_attack_attestorExhaustsGuardianVetoes_thenFraud_stillVetoed() public {
        uint256 limit = settlement.maxGuardianVetoes();
        assertTrue(!datanets.attestorAppointed(1), "owner-set attestor");
        for (uint256 i; i < limit + 2; ++i) {
            _post(1, 1, _leaf(MALLORY, 1), 1);
            vm.prank(GUARDIAN);
            settlement.vetoRoot(1, 1);
        }
        assertEq(settlement.rootState(1).vetoes, 0, "vetoes of an owner-set attestor's roots do not count");
        _post(1, 1, _leaf(MALLORY, POOL), POOL);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        vm.warp(block.timestamp + window);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.NoRootReady.selector, 1, 0));
        settlement.activateRoot(1);
        assertEq(open.balanceOf(MALLORY), 0, "nothing stolen");
    }

    /// @notice A root posted by an owner-set attestor stays vetoable without limit even when governance appoints
    /// another attestor while it is pending: the limit binds only the appointed attestor's own roots.
    function test_vetoRoot_ownerSetPosterAfterAppointment_notCounted() public {
        settlement.setMaxGuardianVetoes(1);
        datanets.setAttestorByGovernance(1, ATTESTOR);
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        assertEq(settlement.rootState(1).vetoes, 1, "the appointed attestor's root counts");
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        // Governance appoints another attestor: the pending root is no longer its attestor's.
        datanets.setAttestorByGovernance(1, BOB);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        assertEq(settlement.rootState(1).vetoes, 1, "not counted");
        // Released: the datanet's attestor is no longer appointed, its roots are not bounded.
        datanets.releaseAttestor(1);
        vm.prank(DATANET_OWNER);
        datanets.setAttestor(1, ATTESTOR);
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        assertEq(settlement.rootState(1).vetoes, 1, "still not counted");
    }

    function test_attack_guardianVetoesForever_stopsAtLimit() public {
        datanets.setAttestorByGovernance(1, ATTESTOR);
        uint256 limit = settlement.maxGuardianVetoes();
        for (uint256 i; i < limit; ++i) {
            _post(1, 1, _leaf(ALICE, 10e18), 10e18);
            vm.prank(GUARDIAN);
            settlement.vetoRoot(1, 1);
        }
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.VetoLimitReached.selector, 1, limit, limit));
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        // Governance itself still can.
        settlement.vetoRoot(1, 1);
        assertEq(settlement.rootState(1).vetoes, limit + 1, "governance's veto counts too");
        // Once a root activates, the guardian has its vetoes again.
        _postActive(1, 1, _leaf(ALICE, 10e18), 10e18);
        _post(1, 2, _leaf(ALICE, 20e18), 20e18);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 2);
    }

    function test_vetoRoot_limitResetByGovernanceReplacement() public {
        datanets.setAttestorByGovernance(1, ATTESTOR);
        for (uint256 i; i < 3; ++i) {
            _post(1, 1, _leaf(ALICE, 10e18), 10e18);
            vm.prank(GUARDIAN);
            settlement.vetoRoot(1, 1);
        }
        settlement.replaceRootByGovernance(1, _leaf(ALICE, 10e18), 10e18, "");
        assertEq(settlement.rootState(1).vetoes, 0, "reset");
        _post(1, 2, _leaf(ALICE, 20e18), 20e18);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 2);
    }

    function test_vetoRoot_oneBelowTheLimit_guardianMay() public {
        settlement.setMaxGuardianVetoes(2);
        datanets.setAttestorByGovernance(1, ATTESTOR);
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1); // vetoes 0 < 2
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1); // vetoes 1 < 2
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.VetoLimitReached.selector, 1, 2, 2));
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
    }

    // ─── 11. Gas that depends on the second ──────────────────────────────────────────────────────────────────────

    /// @notice An attestor with a root pending on one datanet posts on a second one, in the second of its first post
    /// or one second later, from the same state. Before, the later post also rewrote the bond's lock, so that an
    /// estimate made one block earlier fell short.
    function test_attack_postRootGasDependsOnTheSecond_identical() public {
        (MeteredAttestor p, uint256 d1, uint256 d2) = _freshAttestor();
        p.post(d1, 1, _leaf(ALICE, 10e18), 10e18);
        uint256 snapshot = vm.snapshotState();
        uint256 sameSecond = p.post(d2, 1, _leaf(ALICE, 10e18), 10e18);
        vm.revertToState(snapshot);
        vm.warp(block.timestamp + 1);
        uint256 nextSecond = p.post(d2, 1, _leaf(ALICE, 10e18), 10e18);
        assertEq(nextSecond, sameSecond, "same gas one second later");
    }

    /// @notice The same, when the post activates the previous root and a recent bucket expires at that very second.
    function test_postRoot_gasAcrossABucketExpiry_identical() public {
        (MeteredAttestor p, uint256 d1, ) = _freshAttestor();
        p.post(d1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.warp(block.timestamp + window);
        settlement.activateRoot(d1);
        uint256 expiry = block.timestamp + lock;
        p.post(d1, 2, _leaf(ALICE, 20e18), 20e18);
        vm.warp(expiry - 1);
        uint256 snapshot = vm.snapshotState();
        uint256 live = p.post(d1, 3, _leaf(ALICE, 30e18), 30e18);
        (, uint256 recent, ) = settlement.exposureOf(address(p));
        assertEq(recent, 10e18 + 20e18, "bucket 0 still live, epoch 2 (its whole total, unclaimed) in bucket 1");
        vm.revertToState(snapshot);
        vm.warp(expiry);
        uint256 expired = p.post(d1, 3, _leaf(ALICE, 30e18), 30e18);
        (, recent, ) = settlement.exposureOf(address(p));
        assertEq(recent, 20e18, "bucket 0 reused for epoch 2");
        assertEq(expired, live, "same gas across the expiry");
    }

    // ─── Boundaries ──────────────────────────────────────────────────────────────────────────────────────────────

    function test_vetoRoot_atReadyAt_refused() public {
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.warp(settlement.rootState(1).pendingReadyAt);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootNotVetoable.selector, 1, 1));
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
    }

    function test_vetoRoot_oneSecondBeforeReadyAt_accepted() public {
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.warp(settlement.rootState(1).pendingReadyAt - 1);
        vm.prank(GUARDIAN);
        settlement.vetoRoot(1, 1);
        assertEq(settlement.rootState(1).pendingRoot, bytes32(0), "vetoed");
    }

    function test_vetoRoot_wrongEpochOrNothingPending_refused() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootNotVetoable.selector, 1, 0));
        settlement.vetoRoot(1, 0);
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootNotVetoable.selector, 1, 2));
        settlement.vetoRoot(1, 2);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootNotVetoable.selector, 1, 0));
        settlement.vetoRoot(1, 0);
    }

    function test_activateRoot_readyAtBoundary() public {
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        uint256 readyAt = settlement.rootState(1).pendingReadyAt;
        vm.warp(readyAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.NoRootReady.selector, 1, readyAt));
        settlement.activateRoot(1);
        vm.warp(readyAt);
        settlement.activateRoot(1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.NoRootReady.selector, 1, 0));
        settlement.activateRoot(1);
    }

    function test_postRoot_readyAtBoundary_activatesThePreviousRoot() public {
        _post(1, 1, _leaf(ALICE, 10e18), 10e18);
        uint256 readyAt = settlement.rootState(1).pendingReadyAt;
        vm.warp(readyAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootPending.selector, 1, 1, readyAt));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 2, _leaf(ALICE, 20e18), 20e18, "");
        vm.warp(readyAt);
        _post(1, 2, _leaf(ALICE, 20e18), 20e18);
        IAttributionEpochs.RootView memory s = settlement.rootState(1);
        assertEq(s.activeEpoch, 1, "epoch 1 activated by the post");
        assertEq(s.lastEpoch, 2, "epoch 2 pending");
        (uint256 pending, uint256 recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, 20e18, "what epoch 2 can move: its total, nothing claimed");
        assertEq(recent, 10e18, "what epoch 1 could move");
    }

    function test_postRoot_bondAtMinimum_boundary() public {
        vm.prank(ATTESTOR);
        settlement.withdrawBond(1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.BondTooLow.selector, ATTESTOR, BOND - 1, BOND));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 1, _leaf(ALICE, 1), 1, "");
        vm.prank(ATTESTOR);
        settlement.depositBond(1);
        _post(1, 1, _leaf(ALICE, 1), 1);
    }

    function test_postRoot_totalAtActiveAndAccrued_boundaries() public {
        _postActive(1, 1, _leaf(ALICE, 10e18), 10e18);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.TotalBelowPrevious.selector, 1, 10e18 - 1, 10e18));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 2, _leaf(ALICE, 1), 10e18 - 1, "");
        _postActive(1, 2, _leaf(ALICE, 10e18), 10e18); // equal to the active total
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.RootAboveAccrued.selector, 1, POOL + 1, POOL));
        vm.prank(ATTESTOR);
        settlement.postRoot(1, 3, _leaf(ALICE, 1), POOL + 1, "");
        _post(1, 3, _leaf(ALICE, POOL), POOL); // equal to accrued
    }

    function test_depositBond_aboveMax_refused() public {
        uint256 max = type(uint96).max;
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.BondAboveMax.selector, BOND + max, max));
        vm.prank(ATTESTOR);
        settlement.depositBond(max);
        // At exactly the maximum the bound lets it through; the token then refuses what the attestor does not hold.
        vm.expectRevert();
        vm.prank(ATTESTOR);
        settlement.depositBond(max - BOND);
    }

    /// @notice The two buckets of recent exposure: an expired one is reused (bucket 0 first), two live ones merge
    /// into the later, and a governance-shortened lock never shortens a bucket.
    function test_exposureOf_bucketsMergeAndExpire() public {
        settlement.setChallengeWindow(1 minutes);
        uint256 t0 = block.timestamp;
        _postActive(1, 1, _leaf(ALICE, 1e18), 1e18); // bucket 0: 1, until t0 + 60 + L
        _postActive(2, 1, _leaf(ALICE, 2e18), 2e18); // bucket 1 (empty): 2, until t0 + 120 + L
        _postActive(3, 1, _leaf(ALICE, 4e18), 4e18); // both live, bucket 1 the later: 6, until t0 + 180 + L
        (, uint256 recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 7e18, "all live");
        vm.warp(t0 + 60 + lock);
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 6e18, "bucket 0 expired at its second");
        _post(4, 1, _leaf(ALICE, 8e18), 8e18);
        settlement.claim(1, ALICE, 1e18, new bytes32[](0));
        _post(1, 2, _leaf(ALICE, 17e18), 17e18); // moves 17 less the 1 claimed
        vm.warp(block.timestamp + 1 minutes);
        // Bucket 0 expired: reused, although bucket 1 is live.
        settlement.activateRoot(4); // bucket 0: 8, until t0 + 120 + 2L
        uint256 bucket0Until = block.timestamp + lock;
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 14e18, "both live");
        // Governance shortens the lock: the next activation joins the later bucket (0), which keeps its release.
        settlement.setActivationBondLock(1 minutes);
        settlement.activateRoot(1); // bucket 0: 8 + 16
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 30e18, "merged");
        vm.warp(t0 + 180 + lock);
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 24e18, "bucket 1 expired; bucket 0 kept its later release");
        vm.warp(bucket0Until - 1);
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 24e18, "bucket 0 live until its release");
        vm.warp(bucket0Until);
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 0, "nothing is locked for ever");
    }

    /// @notice Both buckets live with bucket 1 the later one: the activation joins bucket 1.
    function test_exposureOf_bothLive_joinsTheLaterBucket() public {
        settlement.setChallengeWindow(1 minutes);
        _postActive(1, 1, _leaf(ALICE, 1e18), 1e18); // bucket 0
        vm.warp(block.timestamp + lock); // bucket 0 expired
        _postActive(2, 1, _leaf(ALICE, 2e18), 2e18); // bucket 0 reused: 2, until T
        // bucket 1 is empty (until 0): the next goes there, bucket 1 is now the later
        _postActive(3, 1, _leaf(ALICE, 4e18), 4e18);
        uint256 bucket1Until = block.timestamp + lock;
        // Both live, bucket 1 later: joins bucket 1.
        _postActive(4, 1, _leaf(ALICE, 8e18), 8e18);
        uint256 merged = block.timestamp + lock;
        vm.warp(bucket1Until);
        (, uint256 recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 12e18, "bucket 0 (2) expired; bucket 1 (4 + 8) extended to the later release");
        vm.warp(merged);
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 0, "released");
    }

    function test_claim_atAndAboveTheActiveTotal_boundary() public {
        // A faulty root: Alice 6 and Bob 5 (11 in all) under a declared total of 10.
        bytes32 aliceLeaf = _leaf(ALICE, 6e18);
        bytes32 bobLeaf = _leaf(BOB, 5e18);
        _postActive(1, 1, _pairRoot(aliceLeaf, bobLeaf), 10e18);
        settlement.claim(1, ALICE, 6e18, _proof(bobLeaf));
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.ClaimExceedsRoot.selector, 1, 11e18, 10e18));
        settlement.claim(1, BOB, 5e18, _proof(aliceLeaf));
        // Exactly up to the total: accepted.
        bytes32 bobAtTotal = _leaf(BOB, 4e18);
        _postActive(1, 2, _pairRoot(aliceLeaf, bobAtTotal), 10e18);
        settlement.claim(1, BOB, 4e18, _proof(aliceLeaf));
        assertEq(settlement.rootState(1).claimed, 10e18, "claimed == active total");
    }

    function test_claim_atAndOneAboveWhatWasClaimed_boundary() public {
        _postActive(1, 1, _leaf(ALICE, 5e18), 5e18);
        settlement.claim(1, ALICE, 5e18, new bytes32[](0));
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.NothingToClaim.selector, 1, ALICE, 5e18, 5e18));
        settlement.claim(1, ALICE, 5e18, new bytes32[](0));
        _postActive(1, 2, _leaf(ALICE, 5e18 + 1), 5e18 + 1);
        settlement.claim(1, ALICE, 5e18 + 1, new bytes32[](0));
        assertEq(open.balanceOf(ALICE), 5e18 + 1, "one unit more");
    }

    /// @notice The claim's own proof loop (four siblings a step, then one) computes OpenZeppelin's root for every proof
    /// length, and a proof with one sibling changed leads to no live root.
    function testFuzz_claim_proofOfAnyLength_asOpenZeppelin(uint256 length, uint256 salt, uint256 flip) public {
        length = bound(length, 0, 13);
        bytes32[] memory proof = new bytes32[](length);
        for (uint256 i; i < length; ++i) proof[i] = keccak256(abi.encode(salt, i));
        bytes32 root = MerkleProof.processProof(proof, _leaf(ALICE, 3e18));
        _postActive(1, 1, root, 3e18);
        if (length != 0) {
            bytes32[] memory wrong = new bytes32[](length);
            for (uint256 i; i < length; ++i) wrong[i] = proof[i];
            wrong[flip % length] ^= bytes32(uint256(1));
            vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.InvalidProof.selector, 1, ALICE, 3e18));
            settlement.claim(1, ALICE, 3e18, wrong);
        }
        settlement.claim(1, ALICE, 3e18, proof);
        assertEq(open.balanceOf(ALICE), 3e18, "paid");
        assertEq(settlement.rootState(1).claimed, 3e18, "claimed");
    }

    /// @notice Once a later root is active, a proof of the earlier one is refused, even for an amount not yet claimed;
    /// the datanet's claimed total carries over to the later root.
    function test_claim_proofOfAReplacedRoot_refused() public {
        bytes32 aliceLeaf = _leaf(ALICE, 6e18);
        bytes32 bobLeaf = _leaf(BOB, 4e18);
        _postActive(1, 1, _pairRoot(aliceLeaf, bobLeaf), 10e18);
        settlement.claim(1, ALICE, 6e18, _proof(bobLeaf));
        _postActive(1, 2, _pairRoot(_leaf(ALICE, 7e18), _leaf(BOB, 5e18)), 12e18);
        assertEq(settlement.rootState(1).claimed, 6e18, "claimed carried over");
        assertEq(settlement.rootState(1).activeTotal, 12e18, "active total");
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.InvalidProof.selector, 1, BOB, 4e18));
        settlement.claim(1, BOB, 4e18, _proof(aliceLeaf));
        settlement.claim(1, BOB, 5e18, _proof(_leaf(ALICE, 7e18)));
        assertEq(settlement.rootState(1).claimed, 11e18, "claimed under the later root");
    }

    /// @notice A later epoch may post the same root again: it stays claimable, and what was claimed under it stays.
    function test_claim_sameRootPostedAgain_keepsWhatWasClaimed() public {
        _postActive(1, 1, _leaf(ALICE, 5e18), 5e18);
        settlement.claim(1, ALICE, 5e18, new bytes32[](0));
        _postActive(1, 2, _leaf(ALICE, 5e18), 5e18);
        assertEq(settlement.rootState(1).claimed, 5e18, "claimed kept");
        assertEq(settlement.rootState(1).activeTotal, 5e18, "active total");
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.NothingToClaim.selector, 1, ALICE, 5e18, 5e18));
        settlement.claim(1, ALICE, 5e18, new bytes32[](0));
    }

    /// @notice Governance's replacement also carries the claimed total over, and the replaced root's proofs are refused.
    function test_replaceRootByGovernance_carriesClaimedAndRefusesTheOldRoot() public {
        bytes32 aliceLeaf = _leaf(ALICE, 6e18);
        bytes32 bobLeaf = _leaf(BOB, 4e18);
        _postActive(1, 1, _pairRoot(aliceLeaf, bobLeaf), 10e18);
        settlement.claim(1, ALICE, 6e18, _proof(bobLeaf));
        settlement.replaceRootByGovernance(1, _leaf(BOB, 3e18), 9e18, "ipfs://replacement");
        assertEq(settlement.rootState(1).claimed, 6e18, "claimed carried over");
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.InvalidProof.selector, 1, BOB, 4e18));
        settlement.claim(1, BOB, 4e18, _proof(aliceLeaf));
        settlement.claim(1, BOB, 3e18, new bytes32[](0));
        assertEq(settlement.rootState(1).claimed, 9e18, "claimed up to the new total");
    }

    /// @notice Past 2106 a release no longer fits the bucket's 32 bits: it is clamped, never wrapped into the other
    /// bucket's bits.
    function test_exposureOf_releaseBeyond32Bits_clamped() public {
        vm.warp(type(uint32).max - lock);
        _postActive(1, 1, _leaf(ALICE, 1e18), 1e18);
        _postActive(2, 1, _leaf(ALICE, 2e18), 2e18);
        (uint256 pending, uint256 recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(pending, 0, "nothing pending");
        assertEq(recent, 3e18, "both buckets live until the clamp");
        vm.warp(type(uint32).max);
        (, recent, ) = settlement.exposureOf(ATTESTOR);
        assertEq(recent, 0, "released at the last 32-bit second");
    }

    // ─── Parameters ──────────────────────────────────────────────────────────────────────────────────────────────

    function test_setBondFactor_bounds() public {
        uint256 max = settlement.MAX_BOND_FACTOR();
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.BondFactorOutOfBounds.selector, 0, 1, max));
        settlement.setBondFactor(0);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.BondFactorOutOfBounds.selector, max + 1, 1, max));
        settlement.setBondFactor(max + 1);
        vm.expectEmit(address(settlement));
        emit IAttributionEpochs.BondFactorSet(1);
        settlement.setBondFactor(1);
        assertEq(settlement.bondFactor(), 1, "min");
        settlement.setBondFactor(max);
        assertEq(settlement.bondFactor(), max, "max");
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, GUARDIAN));
        vm.prank(GUARDIAN);
        settlement.setBondFactor(5);
    }

    function test_setActivationBondLock_bounds() public {
        uint256 min = settlement.MIN_WINDOW();
        uint256 max = settlement.MAX_WINDOW();
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.WindowOutOfBounds.selector, min - 1, min, max));
        settlement.setActivationBondLock(min - 1);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.WindowOutOfBounds.selector, max + 1, min, max));
        settlement.setActivationBondLock(max + 1);
        vm.expectEmit(address(settlement));
        emit IAttributionEpochs.ActivationBondLockSet(min);
        settlement.setActivationBondLock(min);
        assertEq(settlement.activationBondLock(), min, "min");
        settlement.setActivationBondLock(max);
        assertEq(settlement.activationBondLock(), max, "max");
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, GUARDIAN));
        vm.prank(GUARDIAN);
        settlement.setActivationBondLock(min);
    }

    function test_setMaxGuardianVetoes_bounds() public {
        uint256 max = settlement.MAX_GUARDIAN_VETOES();
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.VetoLimitOutOfBounds.selector, 0, 1, max));
        settlement.setMaxGuardianVetoes(0);
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.VetoLimitOutOfBounds.selector, max + 1, 1, max));
        settlement.setMaxGuardianVetoes(max + 1);
        vm.expectEmit(address(settlement));
        emit IAttributionEpochs.MaxGuardianVetoesSet(1);
        settlement.setMaxGuardianVetoes(1);
        assertEq(settlement.maxGuardianVetoes(), 1, "min");
        settlement.setMaxGuardianVetoes(max);
        assertEq(settlement.maxGuardianVetoes(), max, "max");
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, GUARDIAN));
        vm.prank(GUARDIAN);
        settlement.setMaxGuardianVetoes(1);
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Gives datanet `d` a pool of POOL: a model trained on it alone, owner share 0, settled for 10,000 OPEN.
    function _fundDatanet(uint256 d) private {
        uint256 modelId = _register(BUILDER, 0, _single(d), 1e18, 0);
        vm.prank(PAYER);
        settlement.settle(modelId, 10_000, type(uint256).max, bytes32(0), bytes32(0));
    }

    /// @dev A fresh attestor bonded BOND with two funded datanets of its own: a contract that meters its posts in a
    /// frame of its own, so that the memory this test has used so far does not weigh on the measure.
    function _freshAttestor() private returns (MeteredAttestor attestor, uint256 d1, uint256 d2) {
        attestor = new MeteredAttestor(settlement);
        vm.startPrank(DATANET_OWNER);
        d1 = datanets.createDatanet("ipfs://datanet", false, 0, address(attestor));
        d2 = datanets.createDatanet("ipfs://datanet", false, 0, address(attestor));
        vm.stopPrank();
        _publishDatanetVersion(d1);
        _publishDatanetVersion(d2);
        _fundDatanet(d1);
        _fundDatanet(d2);
        _fund(address(attestor), BOND);
        attestor.bond(open, BOND);
    }

    function _post(uint256 d, uint256 epoch, bytes32 root, uint256 total) private {
        vm.prank(ATTESTOR);
        settlement.postRoot(d, epoch, root, total, "ipfs://allocation");
    }

    function _postActive(uint256 d, uint256 epoch, bytes32 root, uint256 total) private {
        _post(d, epoch, root, total);
        vm.warp(block.timestamp + settlement.challengeWindow());
        settlement.activateRoot(d);
    }
}

/// @notice An attestor that reports the gas of each of its posts, measured in a call frame of its own.
contract MeteredAttestor {
    Settlement private immutable _settlement;

    constructor(Settlement settlement_) {
        _settlement = settlement_;
    }

    function bond(IERC20 token, uint256 amount) external {
        token.approve(address(_settlement), amount);
        _settlement.depositBond(amount);
    }

    function post(uint256 datanetId, uint256 epoch, bytes32 root, uint256 total) external returns (uint256 used) {
        uint256 before = gasleft();
        _settlement.postRoot(datanetId, epoch, root, total, "ipfs://allocation");
        used = before - gasleft();
    }
}
