// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IDatanetRegistry } from "../../../../contracts/interfaces/IDatanetRegistry.sol";
import { Record, System, SystemStore } from "../stores/SystemStore.sol";
import { BaseHandler } from "./BaseHandler.sol";

/// @notice Drives datanet owners, curators and contributors: create datanets, hand attestation to an attestor,
/// contribute records and Merkle batches, review them (also as someone who is not a curator), publish versions (also as
/// someone who is not the owner, or with nothing new accepted), and take back bond credit.
/// Every record made is kept in the store with the status the handler's own decisions lead to.
contract DatanetHandler is BaseHandler {
    uint256 public constant MAX_DATANETS = 5;
    uint256 public constant MAX_RECORDS = 48;

    constructor(System memory s, SystemStore store_) BaseHandler(s, store_) {}

    function createDatanet(uint256 actorSeed, bool curated, uint256 bond, uint256 attestorSeed) external {
        uint256 count = datanets.datanetCount();
        if (count >= MAX_DATANETS) return;
        bond = curated ? bound(bond, 0, 5e18) : 0;
        address attestor = _attestor(attestorSeed);
        address owner = _actor(actorSeed);
        vm.prank(owner);
        try datanets.createDatanet("ipfs://datanet", curated, bond, attestor) returns (uint256 id) {
            if (id != count + 1) _surprise("createDatanet id", abi.encode(id));
            _done("createDatanet");
        } catch (bytes memory reason) {
            _surprise("createDatanet", reason);
        }
    }

    /// @notice The datanet's owner hands attestation to one of the attestors (possibly while a root is pending).
    function setAttestor(uint256 datanetSeed, uint256 attestorSeed) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0) return;
        address attestor = _attestor(attestorSeed);
        vm.prank(datanets.datanet(d).owner);
        datanets.setAttestor(d, attestor);
        _done("setAttestor");
    }

    function contribute(uint256 actorSeed, uint256 datanetSeed) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0 || store.recordCount() >= MAX_RECORDS) return;
        bytes32 contentHash = keccak256(abi.encode("record", store.nextNonce()));
        IDatanetRegistry.DatanetView memory dv = datanets.datanet(d);
        address contributor = _actor(actorSeed);
        if (open.balanceOf(contributor) < dv.bond) return;
        bool curated = dv.curated;
        vm.prank(contributor);
        try datanets.contribute(d, contentHash, "ipfs://record") {
            store.pushRecord(
                Record(
                    d,
                    contentHash,
                    false,
                    curated ? IDatanetRegistry.Status.Pending : IDatanetRegistry.Status.Accepted
                )
            );
            _done("contribute");
        } catch (bytes memory reason) {
            _surprise("contribute", reason);
        }
    }

    /// @notice Reviews up to `count` pending contributions of one datanet (the datanet of the first pending record from
    /// `recordSeed`) as its owner, about one in four rejected; one call in five is made by an actor that is not a
    /// curator, and must be refused with NotCurator.
    function review(uint256 recordSeed, uint256 count, uint256 weightSeed, uint256 reviewerSeed) external {
        uint256 d = _pendingDatanet(recordSeed, false);
        if (d == 0) return;
        (IDatanetRegistry.Decision[] memory decisions, uint256[] memory indexes) = _decisions(d, count, weightSeed);
        address owner = datanets.datanet(d).owner;
        address reviewer = reviewerSeed % 5 == 0 ? _actor(reviewerSeed >> 3) : owner;
        bytes4 expected = datanets.isCurator(d, reviewer) ? bytes4(0) : IDatanetRegistry.NotCurator.selector;
        vm.prank(reviewer);
        try datanets.review(d, decisions) {
            if (!_succeededAgainst("review", expected)) return;
            for (uint256 i; i < indexes.length; ++i) {
                store.setExpected(
                    indexes[i],
                    decisions[i].weight == 0 ? IDatanetRegistry.Status.Rejected : IDatanetRegistry.Status.Accepted
                );
            }
        } catch (bytes memory reason) {
            _revertedAgainst("review", reason, expected);
        }
    }

    function contributeRoot(uint256 actorSeed, uint256 datanetSeed, uint256 count) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0 || store.recordCount() >= MAX_RECORDS) return;
        bytes32 root = keccak256(abi.encode("batch", store.nextNonce()));
        IDatanetRegistry.DatanetView memory dv = datanets.datanet(d);
        address submitter = _actor(actorSeed);
        if (open.balanceOf(submitter) < dv.bond) return;
        bool curated = dv.curated;
        vm.prank(submitter);
        try datanets.contributeRoot(d, root, bound(count, 1, 100_000), "ipfs://tree") {
            store.pushRecord(
                Record(d, root, true, curated ? IDatanetRegistry.Status.Pending : IDatanetRegistry.Status.Accepted)
            );
            _done("contributeRoot");
        } catch (bytes memory reason) {
            _surprise("contributeRoot", reason);
        }
    }

    /// @notice Reviews a Merkle batch as its datanet's owner: a pending one three calls in four, else any batch, and
    /// one no longer pending must be refused with NotPending.
    function reviewBatch(uint256 recordSeed, bool accept) external {
        Record[] memory records = store.records();
        uint256 n = records.length;
        bool pendingOnly = recordSeed % 4 != 0;
        for (uint256 k; k < n; ++k) {
            uint256 i = (recordSeed + k) % n;
            Record memory r = records[i];
            bool pending = r.expected == IDatanetRegistry.Status.Pending;
            if (!r.batch || (pendingOnly && !pending)) continue;
            bytes4 expected = pending ? bytes4(0) : IDatanetRegistry.NotPending.selector;
            vm.prank(datanets.datanet(r.datanetId).owner);
            try datanets.reviewBatch(r.datanetId, r.key, accept) {
                if (_succeededAgainst("reviewBatch", expected)) {
                    store.setExpected(i, accept ? IDatanetRegistry.Status.Accepted : IDatanetRegistry.Status.Rejected);
                }
            } catch (bytes memory reason) {
                _revertedAgainst("reviewBatch", reason, expected);
            }
            return;
        }
    }

    /// @notice The datanet's owner publishes its next version; one call in four comes from an actor that is not its
    /// owner and must be refused with NotDatanetOwner, and one with nothing accepted since the latest version must be
    /// refused with NothingAcceptedSinceVersion.
    function publishVersion(uint256 datanetSeed, uint256 callerSeed) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0) return;
        IDatanetRegistry.DatanetView memory dv = datanets.datanet(d);
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed >> 2) : dv.owner;
        uint256 versioned = dv.versionCount == 0 ? 0 : datanets.datanetVersion(d, dv.versionCount).acceptedCount;
        bytes4 expected =
            caller != dv.owner
                ? IDatanetRegistry.NotDatanetOwner.selector
                : dv.acceptedCount == versioned
                    ? IDatanetRegistry.NothingAcceptedSinceVersion.selector
                    : bytes4(0);
        vm.prank(caller);
        try datanets.publishVersion(d, "ipfs://manifest") returns (uint256 version) {
            if (!_succeededAgainst("publishDatanetVersion", expected)) return;
            IDatanetRegistry.VersionView memory v = datanets.datanetVersion(d, version);
            if (
                version != dv.versionCount + 1 ||
                v.acceptedCount != dv.acceptedCount ||
                v.totalWeight != dv.acceptedWeight ||
                v.blockNumber != block.number
            ) _surprise("publishDatanetVersion", abi.encode(version));
        } catch (bytes memory reason) {
            _revertedAgainst("publishDatanetVersion", reason, expected);
        }
    }

    function withdrawBondCredit(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        uint256 credit = datanets.bondCredit(actor);
        bytes4 expected = credit == 0 ? IDatanetRegistry.NoBondCredit.selector : bytes4(0);
        uint256 before = open.balanceOf(actor);
        vm.prank(actor);
        try datanets.withdrawBondCredit() {
            if (_succeededAgainst("withdrawBondCredit", expected) && open.balanceOf(actor) != before + credit) {
                _surprise("withdrawBondCredit paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("withdrawBondCredit", reason, expected);
        }
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev The datanet of the first record from `seed` that is still pending (of a batch or not); 0 if none.
    function _pendingDatanet(uint256 seed, bool batch) private view returns (uint256) {
        Record[] memory records = store.records();
        uint256 n = records.length;
        for (uint256 k; k < n; ++k) {
            Record memory r = records[(seed + k) % n];
            if (r.batch == batch && r.expected == IDatanetRegistry.Status.Pending) return r.datanetId;
        }
        return 0;
    }

    /// @dev Up to `max` pending contributions of `d`, each with a decision: weight 0 (reject) one time in four.
    function _decisions(
        uint256 d,
        uint256 max,
        uint256 weightSeed
    ) private view returns (IDatanetRegistry.Decision[] memory decisions, uint256[] memory indexes) {
        Record[] memory records = store.records();
        max = bound(max, 1, 6);
        decisions = new IDatanetRegistry.Decision[](max);
        indexes = new uint256[](max);
        uint256 n;
        for (uint256 i; i < records.length && n < max; ++i) {
            Record memory r = records[i];
            if (r.batch || r.datanetId != d || r.expected != IDatanetRegistry.Status.Pending) continue;
            uint256 w = uint256(keccak256(abi.encode(weightSeed, i)));
            decisions[n] = IDatanetRegistry.Decision(r.key, w % 4 == 0 ? 0 : bound(w >> 8, 1, 1_000));
            indexes[n++] = i;
        }
        assembly ("memory-safe") {
            mstore(decisions, n)
            mstore(indexes, n)
        }
    }
}
