// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";
import { IAttributionEpochs } from "../../../../contracts/interfaces/IAttributionEpochs.sol";
import { System, SystemStore, Tree } from "../stores/SystemStore.sol";
import { BaseHandler } from "./BaseHandler.sol";

/// @notice Drives the attestors and the claimants: bonds (deposit, and withdrawals that a veto lock or the exposure of
/// live roots must refuse), roots built here from the store's cumulative ledger (some faulty, some front-running a
/// veto, some from a non-attestor or for the wrong epoch), activation by anyone, the guardian's veto within its limit,
/// and claims of one datanet or several at once, each checked against the exact amount it must pay.
contract AttributionHandler is BaseHandler {
    constructor(System memory s, SystemStore store_) BaseHandler(s, store_) {}

    /// @notice The account in slot `j` of `datanetId`'s trees.
    function slot(uint256 datanetId, uint256 j) public view returns (address) {
        return _actor(datanetId * 3 + j);
    }

    // ─── Attestor bonds ──────────────────────────────────────────────────────────────────────────────────────────

    function depositBond(uint256 attestorSeed, uint256 amount) external {
        address attestor = _attestor(attestorSeed);
        uint256 held = open.balanceOf(attestor);
        if (held == 0) return;
        amount = bound(amount, 1, _min(held, 500e18));
        vm.prank(attestor);
        try settlement.depositBond(amount) {
            _done("depositBond");
        } catch (bytes memory reason) {
            _surprise("depositBond", reason);
        }
    }

    /// @notice Withdraws part of a bond: refused with BondLocked while a veto of its root locks the bond, and with
    /// BondBelowExposure when what remains, times the bond factor, would not cover its live roots.
    function withdrawBond(uint256 attestorSeed, uint256 amount) external {
        address attestor = _attestor(attestorSeed);
        (uint256 bond, uint256 lockedUntil) = settlement.bondOf(attestor);
        if (bond == 0) return;
        // Mostly a tenth at most, so that the attestors usually stay bonded enough to post.
        amount = bound(amount, 1, amount % 4 == 0 ? bond : bond / 10 + 1);
        bytes4 expected = block.timestamp < lockedUntil ? IAttributionEpochs.BondLocked.selector : bytes4(0);
        if (expected == bytes4(0)) {
            (uint256 pending, uint256 recent, ) = settlement.exposureOf(attestor);
            if ((bond - amount) * settlement.bondFactor() < pending + recent) {
                expected = IAttributionEpochs.BondBelowExposure.selector;
            }
        }
        uint256 before = open.balanceOf(attestor);
        vm.prank(attestor);
        try settlement.withdrawBond(amount) {
            if (_succeededAgainst("withdrawBond", expected) && open.balanceOf(attestor) != before + amount) {
                _surprise("withdrawBond paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("withdrawBond", reason, expected);
        }
    }

    // ─── Attribution ─────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The datanet's attestor posts the next cumulative root, built from the handler's ledger: each slot
    /// account keeps at least what the root it replaces gave it, and may get part of what the pool accrued since.
    /// One post in five is faulty (its leaves add up to more than its declared total). A post while the previous root
    /// is inside its window (front-running a veto) must be refused with RootPending, one in eight comes from an
    /// actor that is not the attestor and must be refused with NotAttestor, one in eight names an epoch other than the
    /// next and must be refused with EpochNotNext, and one that would take the attestor's live roots above its bond
    /// times the factor must be refused with ExposureAboveCapacity.
    function postRoot(uint256 datanetSeed, uint256 leavesSeed, uint256 amountSeed, uint256 faultSeed) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0) return;
        IAttributionEpochs.RootView memory s = settlement.rootState(d);
        address attestor = faultSeed % 8 == 0 ? _actor(faultSeed >> 3) : datanets.attestorOf(d);
        bool inWindow = s.pendingReadyAt != 0 && block.timestamp < s.pendingReadyAt;
        // What the previous root becomes when this one is posted: a pending root past its window is activated first.
        (bytes32 baseRoot, uint256 floorTotal) = s.pendingReadyAt != 0 && !inWindow
            ? (s.pendingRoot, s.pendingTotal)
            : (s.activeRoot, s.activeTotal);
        (bytes32 root, uint256 total) = _buildRoot(d, baseRoot, floorTotal, leavesSeed, amountSeed, faultSeed);
        if (root == bytes32(0)) return;
        // One post in eight names the last epoch again or skips one.
        uint256 epoch = (faultSeed >> 8) % 8 != 7 ? s.lastEpoch + 1 : s.lastEpoch + ((faultSeed >> 11) % 2) * 2;
        bytes4 expected = _postRefusal(d, attestor, inWindow);
        if (expected == bytes4(0) && epoch != s.lastEpoch + 1) expected = IAttributionEpochs.EpochNotNext.selector;
        if (expected == bytes4(0)) {
            // A root can move its total less what was claimed. An activation inside the post moves the previous
            // root's exposure from pending to recent: the sum stays.
            (uint256 pending, uint256 recent, uint256 capacity) = settlement.exposureOf(attestor);
            if (pending + recent + (total - s.claimed) > capacity) {
                expected = IAttributionEpochs.ExposureAboveCapacity.selector;
            }
        }
        vm.prank(attestor);
        try settlement.postRoot(d, epoch, root, total, "ipfs://allocation") {
            if (_succeededAgainst("postRoot", expected)) store.setPoster(d, attestor);
        } catch (bytes memory reason) {
            _revertedAgainst("postRoot", reason, expected);
        }
    }

    /// @notice Anyone activates the pending root of a datanet (one that has one, three calls in four): before the end
    /// of its window it must be refused with NoRootReady.
    function activateRoot(uint256 datanetSeed) external {
        uint256 d = _datanetWithRoot(datanetSeed, false);
        if (d == 0) return;
        uint256 readyAt = settlement.rootState(d).pendingReadyAt;
        bytes4 expected =
            readyAt == 0 || block.timestamp < readyAt ? IAttributionEpochs.NoRootReady.selector : bytes4(0);
        try settlement.activateRoot(d) {
            _succeededAgainst("activateRoot", expected);
        } catch (bytes memory reason) {
            _revertedAgainst("activateRoot", reason, expected);
        }
    }

    /// @notice The guardian vetoes the pending root of a datanet (one that has one, three calls in four); outside its
    /// window the veto must be refused, and past its limit of consecutive vetoes of the datanet too, for a root posted
    /// by the attestor that governance appointed (others it may veto without limit). After a
    /// veto, the attestor that posted the root must not be able to withdraw its bond before the veto lock ends.
    function vetoRoot(uint256 datanetSeed) external {
        uint256 d = _datanetWithRoot(datanetSeed, false);
        if (d == 0) return;
        IAttributionEpochs.RootView memory s = settlement.rootState(d);
        address poster = store.poster(d);
        bytes4 expected =
            s.pendingReadyAt == 0 || block.timestamp >= s.pendingReadyAt
                ? IAttributionEpochs.RootNotVetoable.selector
                : bytes4(0);
        if (
            expected == bytes4(0) &&
            s.vetoes >= settlement.maxGuardianVetoes() &&
            datanets.attestorAppointed(d) &&
            datanets.attestorOf(d) == poster
        ) {
            expected = IAttributionEpochs.VetoLimitReached.selector;
        }
        vm.prank(guardian);
        try settlement.vetoRoot(d, s.lastEpoch) {
            if (!_succeededAgainst("vetoRoot", expected)) return;
            (, uint256 lockedUntil) = settlement.bondOf(poster);
            if (lockedUntil < block.timestamp + settlement.vetoBondLock()) store.addVetoLockEscape();
        } catch (bytes memory reason) {
            _revertedAgainst("vetoRoot", reason, expected);
        }
    }

    /// @notice Anyone claims for a slot account of a datanet (one with an active root, three calls in four) with the
    /// proof of its leaf in the active root; a slot outside the tree tries a forged amount and must be refused with
    /// InvalidProof.
    function claim(uint256 datanetSeed, uint256 slotSeed, uint256 callerSeed) external {
        uint256 d = _datanetWithRoot(datanetSeed, true);
        if (d == 0) return;
        IAttributionEpochs.RootView memory s = settlement.rootState(d);
        Tree memory t = store.tree(s.activeRoot);
        uint256 j = slotSeed % 4 != 0 && t.n != 0 ? (slotSeed >> 2) % t.n : slotSeed % 4;
        address account = slot(d, j);
        uint256 amount = j < t.n ? t.amounts[j] : 1 + (slotSeed % 1e18);
        uint256 already = settlement.claimed(d, account);
        bytes4 expected = _claimRefusal(s, j < t.n, amount, already);
        bytes32[] memory proof = j < t.n ? _proof(t, j) : new bytes32[](0);
        uint256 before = open.balanceOf(account);
        vm.prank(_actor(callerSeed));
        try settlement.claim(d, account, amount, proof) {
            if (!_succeededAgainst("claim", expected)) return;
            uint256 paid = open.balanceOf(account) - before;
            if (paid != amount - already) _surprise("claim paid", abi.encode(paid, amount - already));
            store.addPaid(d, account, paid);
        } catch (bytes memory reason) {
            _revertedAgainst("claim", reason, expected);
        }
    }

    /// @notice Claims for an account from every datanet where it has a leaf in the active root, in one call, first
    /// activating the roots that are ready when `activate` is set.
    function claimMany(uint256 actorSeed, bool activate) external {
        uint256 count = datanets.datanetCount();
        // Three calls in four, an account with a leaf in a datanet's active root.
        uint256 withRoot = actorSeed % 4 != 0 ? _datanetWithRoot(actorSeed >> 2, true) : 0;
        address account = withRoot != 0 ? slot(withRoot, actorSeed % 4) : _actor(actorSeed);
        if (activate) {
            for (uint256 d = 1; d <= count; ++d) _activateIfReady(d);
        }
        IAttributionEpochs.DatanetClaim[] memory claims = new IAttributionEpochs.DatanetClaim[](count);
        uint256[] memory owed = new uint256[](count);
        uint256 n;
        uint256 total;
        bytes4 expected;
        for (uint256 d = 1; d <= count; ++d) {
            IAttributionEpochs.RootView memory s = settlement.rootState(d);
            (bool found, uint256 j) = _slotOf(s.activeRoot, account);
            if (!found) continue;
            Tree memory t = store.tree(s.activeRoot);
            uint256 already = settlement.claimed(d, account);
            owed[n] = t.amounts[j] > already ? t.amounts[j] - already : 0;
            if (s.claimed + owed[n] > s.activeTotal) expected = IAttributionEpochs.ClaimExceedsRoot.selector;
            total += owed[n];
            claims[n++] = IAttributionEpochs.DatanetClaim(d, t.amounts[j], _proof(t, j));
        }
        assembly ("memory-safe") {
            mstore(claims, n)
        }
        if (expected == bytes4(0) && total == 0) expected = IAttributionEpochs.NothingNewToClaim.selector;
        uint256 before = open.balanceOf(account);
        try settlement.claimMany(account, claims) {
            if (!_succeededAgainst("claimMany", expected)) return;
            if (open.balanceOf(account) != before + total) _surprise("claimMany paid", "");
            for (uint256 i; i < n; ++i) store.addPaid(claims[i].datanetId, account, owed[i]);
        } catch (bytes memory reason) {
            _revertedAgainst("claimMany", reason, expected);
        }
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Three calls in four, the first datanet from `seed` with an active root (`active`) or a pending one; else,
    /// or if there is none, any datanet.
    function _datanetWithRoot(uint256 seed, bool active) private view returns (uint256) {
        uint256 count = datanets.datanetCount();
        if (count == 0) return 0;
        if (seed % 4 != 0) {
            for (uint256 k; k < count; ++k) {
                uint256 d = 1 + ((seed + k) % count);
                IAttributionEpochs.RootView memory s = settlement.rootState(d);
                if (active ? s.activeRoot != bytes32(0) : s.pendingReadyAt != 0) return d;
            }
        }
        return 1 + (seed % count);
    }

    /// @dev The datanet of the first record from `seed` that is still pending (of a batch or not); 0 if none.
    /// @dev Why `caller`'s post to datanet `d` must be refused now, if it must, in the order postRoot checks.
    function _postRefusal(uint256 d, address caller, bool inWindow) private view returns (bytes4) {
        if (settlement.paused()) return Pausable.EnforcedPause.selector;
        if (caller != datanets.attestorOf(d)) return IAttributionEpochs.NotAttestor.selector;
        (uint256 bond, ) = settlement.bondOf(caller);
        if (bond < settlement.minAttestorBond()) return IAttributionEpochs.BondTooLow.selector;
        if (inWindow) return IAttributionEpochs.RootPending.selector;
        return bytes4(0);
    }

    /// @dev Why a claim must be refused, if it must, in the order claim checks.
    function _claimRefusal(
        IAttributionEpochs.RootView memory s,
        bool inTree,
        uint256 amount,
        uint256 already
    ) private pure returns (bytes4) {
        if (s.activeRoot == bytes32(0)) return IAttributionEpochs.NoActiveRoot.selector;
        if (!inTree) return IAttributionEpochs.InvalidProof.selector;
        if (amount <= already) return IAttributionEpochs.NothingToClaim.selector;
        if (s.claimed + amount - already > s.activeTotal) return IAttributionEpochs.ClaimExceedsRoot.selector;
        return bytes4(0);
    }

    function _activateIfReady(uint256 d) private {
        uint256 readyAt = settlement.rootState(d).pendingReadyAt;
        if (readyAt == 0 || block.timestamp < readyAt) return;
        settlement.activateRoot(d);
        _done("activateRoot");
    }

    /// @dev The next tree of datanet `d` over its slot accounts, on top of the tree of `baseRoot`; its declared total
    /// never falls below `floorTotal` nor exceeds what `d` accrued. Returns a zero root when no such root exists.
    function _buildRoot(
        uint256 d,
        bytes32 baseRoot,
        uint256 floorTotal,
        uint256 leavesSeed,
        uint256 amountSeed,
        uint256 faultSeed
    ) private returns (bytes32 root, uint256 total) {
        Tree memory t = store.tree(baseRoot);
        uint256 wanted = 1 + (leavesSeed % 4);
        if (wanted > t.n) t.n = wanted;
        uint256 accrued = settlement.accrued(d);
        uint256 sum;
        for (uint256 j; j < t.n; ++j) {
            t.accounts[j] = slot(d, j);
            sum += t.amounts[j];
        }
        uint256 room = accrued > sum ? accrued - sum : 0;
        for (uint256 j; j < t.n && room != 0; ++j) {
            uint256 add = bound(uint256(keccak256(abi.encode(amountSeed, j))), 0, room);
            t.amounts[j] += add;
            room -= add;
            sum += add;
        }
        total = _min(sum, accrued);
        if (faultSeed % 5 == 0 && total > floorTotal) total = bound(faultSeed >> 3, floorTotal, total - 1);
        if (total < floorTotal) return (bytes32(0), 0);
        root = _rootOf(t);
        store.setTree(root, t);
    }

    function _slotOf(bytes32 root, address account) private view returns (bool found, uint256 j) {
        Tree memory t = store.tree(root);
        for (; j < t.n; ++j) {
            if (t.accounts[j] == account) return (true, j);
        }
        return (false, 0);
    }

    function _leaves(Tree memory t) private pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](t.n);
        for (uint256 j; j < t.n; ++j) {
            // The OpenZeppelin merkle-tree standard leaf: the double hash of the ABI-encoded values.
            leaves[j] = keccak256(bytes.concat(keccak256(abi.encode(t.accounts[j], t.amounts[j]))));
        }
    }

    /// @dev The root of the tree whose levels pair nodes left to right, an odd last node moving up as is.
    function _rootOf(Tree memory t) private pure returns (bytes32) {
        bytes32[] memory level = _leaves(t);
        for (uint256 len = level.length; len > 1; len = (len + 1) / 2) {
            for (uint256 i; i < len; i += 2) {
                level[i / 2] = i + 1 < len ? _hashPair(level[i], level[i + 1]) : level[i];
            }
        }
        return level[0];
    }

    /// @dev The proof of leaf `index` in the tree of `_rootOf`.
    function _proof(Tree memory t, uint256 index) private pure returns (bytes32[] memory proof) {
        bytes32[] memory level = _leaves(t);
        proof = new bytes32[](3);
        uint256 n;
        for (uint256 len = level.length; len > 1; len = (len + 1) / 2) {
            uint256 sibling = index ^ 1;
            if (sibling < len) proof[n++] = level[sibling];
            for (uint256 i; i < len; i += 2) {
                level[i / 2] = i + 1 < len ? _hashPair(level[i], level[i + 1]) : level[i];
            }
            index /= 2;
        }
        assembly ("memory-safe") {
            mstore(proof, n)
        }
    }

    /// @dev OpenZeppelin MerkleProof's commutative pair hash.
    function _hashPair(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }
}
