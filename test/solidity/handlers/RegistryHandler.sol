// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IDatanetRegistry } from "../../../contracts/interfaces/IDatanetRegistry.sol";
import { TestBase } from "../utils/TestBase.sol";

/// @notice Drives a DatanetRegistry through random sequences of actions by a few actors: create datanets (open or
/// curated, with or without a bond), contribute, review pending records (accept with a weight, or reject), submit
/// and review Merkle batches, try to review what is no longer pending, and withdraw bond credit. It keeps its own
/// account of what it did (ghost state) and, after every action, reads back the status of everything it made and
/// records any status that moved other than Pending → Accepted or Pending → Rejected.
/// @dev Invariant runs ignore reverts, so a surprise here is counted in storage, never raised as a revert.
contract RegistryHandler is TestBase {
    /// @notice A contribution the handler made, with the status and weight the handler expects it to have.
    struct Tracked {
        uint256 datanetId;
        bytes32 contentHash;
        address contributor;
        IDatanetRegistry.Status expected;
        IDatanetRegistry.Status seen;
        uint256 weight;
        uint256 bond;
    }

    /// @notice A batch the handler submitted, with the status the handler expects it to have.
    struct TrackedBatch {
        uint256 datanetId;
        bytes32 root;
        address submitter;
        IDatanetRegistry.Status expected;
        IDatanetRegistry.Status seen;
        uint256 bond;
    }

    uint256 private constant MAX_DATANETS = 6;
    uint256 private constant MAX_BOND = 5e18;

    IDatanetRegistry public immutable registry;
    IERC20 public immutable token;

    address[] private _actors;
    uint256[] private _datanetIds;
    Tracked[] private _tracked;
    TrackedBatch[] private _batches;
    uint256 private _nonce;

    /// @notice Contributions and batches the handler made per datanet.
    mapping(uint256 datanetId => uint256) public contributionsMade;
    mapping(uint256 datanetId => uint256) public batchesMade;
    /// @notice Bonds the handler expects the registry to hold for records and batches still pending.
    uint256 public pendingBonds;
    /// @notice Statuses seen to move other than Pending → Accepted/Rejected.
    uint256 public backwardMoves;
    /// @notice Calls that succeeded although the handler expected them to revert, or returned something unexpected.
    uint256 public surprises;
    /// @notice How many times each action ran to the end (to see that the runs do something).
    mapping(bytes32 action => uint256) public calls;

    constructor(IDatanetRegistry registry_, IERC20 token_, address[] memory actors_) {
        registry = registry_;
        token = token_;
        _actors = actors_;
    }

    // ─── Views for the invariants ────────────────────────────────────────────────────────────────────────────────

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function datanetIds() external view returns (uint256[] memory) {
        return _datanetIds;
    }

    function trackedCount() external view returns (uint256) {
        return _tracked.length;
    }

    function tracked(uint256 i) external view returns (Tracked memory) {
        return _tracked[i];
    }

    function batchCount() external view returns (uint256) {
        return _batches.length;
    }

    function trackedBatch(uint256 i) external view returns (TrackedBatch memory) {
        return _batches[i];
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    function createDatanet(uint256 actorSeed, bool curated, uint256 bondSeed) external {
        if (_datanetIds.length >= MAX_DATANETS) return;
        address owner = _actor(actorSeed);
        uint256 bond = curated ? bound(bondSeed, 0, MAX_BOND) : 0;
        vm.prank(owner);
        uint256 id = registry.createDatanet("ipfs://datanet", curated, bond, owner);
        if (id != _datanetIds.length + 1) ++surprises;
        _datanetIds.push(id);
        _done("createDatanet");
    }

    function setCurator(uint256 datanetSeed, uint256 actorSeed, bool allowed) external {
        if (_datanetIds.length == 0) return;
        uint256 id = _datanet(datanetSeed);
        vm.prank(registry.datanet(id).owner);
        registry.setCurator(id, _actor(actorSeed), allowed);
        _done("setCurator");
    }

    /// @notice Contributes one to three new records to one datanet.
    function contribute(uint256 actorSeed, uint256 datanetSeed, uint256 countSeed) external {
        if (_datanetIds.length == 0) return;
        uint256 id = _datanet(datanetSeed);
        address contributor = _actor(actorSeed);
        IDatanetRegistry.DatanetView memory d = registry.datanet(id);
        IDatanetRegistry.Status status = d.curated ? IDatanetRegistry.Status.Pending : IDatanetRegistry.Status.Accepted;
        uint256 weight = d.curated ? 0 : registry.DEFAULT_WEIGHT();
        uint256 count = bound(countSeed, 1, 3);
        for (uint256 i; i < count; ++i) {
            bytes32 h = keccak256(abi.encode("record", ++_nonce));
            vm.prank(contributor);
            uint256 index = registry.contribute(id, h, "ipfs://record");
            if (index != contributionsMade[id]) ++surprises;
            ++contributionsMade[id];
            _tracked.push(Tracked(id, h, contributor, status, status, weight, d.bond));
            pendingBonds += d.bond;
        }
        _observe();
        _done("contribute");
    }

    function contributeDuplicate(uint256 actorSeed, uint256 trackedSeed) external {
        if (_tracked.length == 0) return;
        Tracked memory t = _tracked[bound(trackedSeed, 0, _tracked.length - 1)];
        vm.prank(_actor(actorSeed));
        try registry.contribute(t.datanetId, t.contentHash, "ipfs://again") {
            ++surprises;
        } catch (bytes memory reason) {
            if (bytes4(reason) != IDatanetRegistry.DuplicateContribution.selector) ++surprises;
        }
        _observe();
        _done("contributeDuplicate");
    }

    /// @notice Reviews up to `countSeed` pending records of one datanet in one call; about one in four is rejected.
    function review(uint256 datanetSeed, uint256 reviewerSeed, uint256 countSeed, uint256 weightSeed) external {
        if (_datanetIds.length == 0) return;
        uint256 id = _datanet(datanetSeed);
        uint256[] memory pending = _pendingOf(id, bound(countSeed, 1, 10));
        if (pending.length == 0) return;

        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](pending.length);
        for (uint256 i; i < pending.length; ++i) {
            uint256 r = uint256(keccak256(abi.encode(weightSeed, i)));
            uint256 weight = r % 4 == 0 ? 0 : bound(r >> 8, 1, registry.MAX_WEIGHT());
            decisions[i] = IDatanetRegistry.Decision(_tracked[pending[i]].contentHash, weight);
        }
        vm.prank(_reviewer(id, reviewerSeed));
        registry.review(id, decisions);

        for (uint256 i; i < pending.length; ++i) {
            Tracked storage t = _tracked[pending[i]];
            uint256 weight = decisions[i].weight;
            t.expected = weight == 0 ? IDatanetRegistry.Status.Rejected : IDatanetRegistry.Status.Accepted;
            t.weight = weight;
            pendingBonds -= t.bond;
        }
        _observe();
        _done("review");
    }

    /// @notice Tries to review a record that is no longer pending: it must be refused with NotPending.
    function reviewNonPending(uint256 trackedSeed, uint256 weight) external {
        if (_tracked.length == 0) return;
        // The first record at or after the picked one that is no longer pending.
        uint256 start = bound(trackedSeed, 0, _tracked.length - 1);
        uint256 i = start;
        while (_tracked[i].expected == IDatanetRegistry.Status.Pending) {
            i = (i + 1) % _tracked.length;
            if (i == start) return;
        }
        Tracked memory t = _tracked[i];
        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](1);
        decisions[0] = IDatanetRegistry.Decision(t.contentHash, bound(weight, 0, registry.MAX_WEIGHT()));
        vm.prank(registry.datanet(t.datanetId).owner);
        try registry.review(t.datanetId, decisions) {
            ++surprises;
        } catch (bytes memory reason) {
            if (bytes4(reason) != IDatanetRegistry.NotPending.selector) ++surprises;
        }
        _observe();
        _done("reviewNonPending");
    }

    function contributeRoot(uint256 actorSeed, uint256 datanetSeed, uint256 countSeed) external {
        if (_datanetIds.length == 0) return;
        uint256 id = _datanet(datanetSeed);
        address submitter = _actor(actorSeed);
        IDatanetRegistry.DatanetView memory d = registry.datanet(id);
        bytes32 root = keccak256(abi.encode("root", ++_nonce));

        vm.prank(submitter);
        uint256 index = registry.contributeRoot(id, root, bound(countSeed, 1, 1_000_000), "ipfs://tree");

        if (index != batchesMade[id]) ++surprises;
        ++batchesMade[id];
        IDatanetRegistry.Status status = d.curated ? IDatanetRegistry.Status.Pending : IDatanetRegistry.Status.Accepted;
        _batches.push(TrackedBatch(id, root, submitter, status, status, d.bond));
        pendingBonds += d.bond;
        _observe();
        _done("contributeRoot");
    }

    function reviewBatch(uint256 batchSeed, uint256 reviewerSeed, bool accept) external {
        if (_batches.length == 0) return;
        uint256 i = bound(batchSeed, 0, _batches.length - 1);
        TrackedBatch storage b = _batches[i];
        if (b.expected != IDatanetRegistry.Status.Pending) {
            // Not pending any more: the review must be refused.
            vm.prank(registry.datanet(b.datanetId).owner);
            try registry.reviewBatch(b.datanetId, b.root, accept) {
                ++surprises;
            } catch (bytes memory reason) {
                if (bytes4(reason) != IDatanetRegistry.NotPending.selector) ++surprises;
            }
        } else {
            vm.prank(_reviewer(b.datanetId, reviewerSeed));
            registry.reviewBatch(b.datanetId, b.root, accept);
            b.expected = accept ? IDatanetRegistry.Status.Accepted : IDatanetRegistry.Status.Rejected;
            pendingBonds -= b.bond;
        }
        _observe();
        _done("reviewBatch");
    }

    function withdrawBondCredit(uint256 actorSeed) external {
        address account = _actor(actorSeed);
        uint256 credit = registry.bondCredit(account);
        if (credit == 0) return;
        uint256 before = token.balanceOf(account);
        vm.prank(account);
        registry.withdrawBondCredit();
        if (token.balanceOf(account) != before + credit || registry.bondCredit(account) != 0) ++surprises;
        _done("withdrawBondCredit");
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Reads back every status and records a move other than Pending → Accepted/Rejected.
    function _observe() internal {
        for (uint256 i; i < _tracked.length; ++i) {
            Tracked storage t = _tracked[i];
            IDatanetRegistry.Status current = registry.contribution(t.datanetId, t.contentHash).status;
            if (!_forward(t.seen, current)) ++backwardMoves;
            t.seen = current;
        }
        for (uint256 i; i < _batches.length; ++i) {
            TrackedBatch storage b = _batches[i];
            IDatanetRegistry.Status current = registry.batch(b.datanetId, b.root).status;
            if (!_forward(b.seen, current)) ++backwardMoves;
            b.seen = current;
        }
    }

    /// @dev Whether a status may go from `from` to `to`: stay, or leave Pending for Accepted or Rejected.
    function _forward(IDatanetRegistry.Status from, IDatanetRegistry.Status to) internal pure returns (bool) {
        if (from == to) return true;
        return
            from == IDatanetRegistry.Status.Pending &&
            (to == IDatanetRegistry.Status.Accepted || to == IDatanetRegistry.Status.Rejected);
    }

    /// @dev Up to `max` tracked records of `datanetId` that the handler expects to be pending.
    function _pendingOf(uint256 datanetId, uint256 max) internal view returns (uint256[] memory found) {
        found = new uint256[](max);
        uint256 n;
        for (uint256 i; i < _tracked.length && n < max; ++i) {
            Tracked storage t = _tracked[i];
            if (t.datanetId == datanetId && t.expected == IDatanetRegistry.Status.Pending) found[n++] = i;
        }
        assembly ("memory-safe") {
            mstore(found, n)
        }
    }

    /// @dev The actor picked by `seed` if it may review `datanetId`, else the datanet's owner.
    function _reviewer(uint256 datanetId, uint256 seed) internal view returns (address) {
        address candidate = _actor(seed);
        return registry.isCurator(datanetId, candidate) ? candidate : registry.datanet(datanetId).owner;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[bound(seed, 0, _actors.length - 1)];
    }

    function _datanet(uint256 seed) internal view returns (uint256) {
        return _datanetIds[bound(seed, 0, _datanetIds.length - 1)];
    }

    function _done(bytes32 action) internal {
        ++calls[action];
    }
}
