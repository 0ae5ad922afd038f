// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IDatanetRegistry } from "../../../../contracts/interfaces/IDatanetRegistry.sol";
import { TestBase } from "../../utils/TestBase.sol";

/// @notice Drives a DatanetRegistry through random sequences of actions by a few actors: create datanets (open or
/// curated, with or without a bond), contribute, review pending records (accept with a weight, or reject), submit
/// and review Merkle batches, try to review what is no longer pending, and withdraw bond credit. It keeps its own
/// account of what it did (ghost state) and, after every action, reads back the status of everything it made and
/// records any status that moved other than Pending → Accepted, Rejected or Withdrawn. It also runs the front-running
/// attack (a commit, a plain copy of the same hash, perhaps a review, then the reveal), withdraws pending records after
/// the review timeout, and records any record whose contributor changed other than by an earlier commit.
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
    /// @notice Records whose contributor changed other than by a reveal with an earlier commit.
    uint256 public creditMoves;
    /// @notice Takeovers by an earlier commit that went through (to see that the runs do something).
    uint256 public takeovers;
    /// @notice How many times each action ran to the end (to see that the runs do something).
    mapping(bytes32 action => uint256) public calls;
    /// @dev Each datanet version as the registry described it right after its publication.
    mapping(uint256 datanetId => mapping(uint256 version => IDatanetRegistry.VersionView)) private _published;

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

    /// @notice Version `version` of `datanetId` as it read right after its publication.
    function publishedVersion(
        uint256 datanetId,
        uint256 version
    ) external view returns (IDatanetRegistry.VersionView memory) {
        return _published[datanetId][version];
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

    /// @notice The owner publishes the next version of a datanet (one call in four is made by an actor that may not be
    /// the owner, and must then be refused): it must hold everything accepted so far, and be refused when nothing was
    /// accepted since the latest version.
    function publishVersion(uint256 datanetSeed, uint256 callerSeed) external {
        if (_datanetIds.length == 0) return;
        uint256 id = _datanet(datanetSeed);
        IDatanetRegistry.DatanetView memory d = registry.datanet(id);
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed >> 2) : d.owner;
        uint256 versioned = d.versionCount == 0 ? 0 : registry.datanetVersion(id, d.versionCount).acceptedCount;
        bool refused = caller != d.owner || d.acceptedCount == versioned;
        vm.prank(caller);
        try registry.publishVersion(id, "ipfs://manifest") returns (uint256 version) {
            IDatanetRegistry.VersionView memory v = registry.datanetVersion(id, version);
            if (
                refused ||
                version != d.versionCount + 1 ||
                v.acceptedCount != d.acceptedCount ||
                v.totalWeight != d.acceptedWeight
            ) ++surprises;
            _published[id][version] = v;
            _done("publishVersion");
        } catch {
            if (!refused) ++surprises;
            _done("publishVersion.refused");
        }
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

    /// @notice The front-running attack: `victim` commits to a new hash, `copier` sends the same hash plainly in the
    /// next block, a curator perhaps reviews the copy (`reviewSeed`: 0 leave, 1 accept, 2 reject), and the victim
    /// reveals. The reveal must take the record over, whatever became of the copy.
    function frontRun(uint256 victimSeed, uint256 copierSeed, uint256 datanetSeed, uint256 reviewSeed) external {
        if (_datanetIds.length == 0) return;
        uint256 id = _datanet(datanetSeed);
        IDatanetRegistry.DatanetView memory d = registry.datanet(id);
        address victim = _actor(victimSeed);
        address copier = _actor(copierSeed);
        if (victim == copier) copier = _actors[(bound(copierSeed, 0, _actors.length - 1) + 1) % _actors.length];
        bytes32 h = keccak256(abi.encode("front-run", ++_nonce));
        bytes32 salt = keccak256(abi.encode(victimSeed, _nonce));

        bytes32 commitment = registry.commitmentOf(victim, id, h, salt);
        vm.warp(block.timestamp + 1);
        vm.prank(victim);
        registry.commitContribution(commitment);
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 12);
        vm.prank(copier);
        registry.contribute(id, h, "ipfs://copy");
        ++contributionsMade[id];
        IDatanetRegistry.Status status = d.curated ? IDatanetRegistry.Status.Pending : IDatanetRegistry.Status.Accepted;
        uint256 weight = d.curated ? 0 : registry.DEFAULT_WEIGHT();
        _tracked.push(Tracked(id, h, copier, status, status, weight, d.bond));
        Tracked storage t = _tracked[_tracked.length - 1];
        pendingBonds += d.bond;

        uint256 decision = reviewSeed % 3;
        if (d.curated && decision != 0) {
            IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](1);
            weight = decision == 1 ? bound(reviewSeed >> 8, 1, registry.MAX_WEIGHT()) : 0;
            decisions[0] = IDatanetRegistry.Decision(h, weight);
            vm.prank(d.owner);
            registry.review(id, decisions);
            t.expected = weight == 0 ? IDatanetRegistry.Status.Rejected : IDatanetRegistry.Status.Accepted;
            t.weight = weight;
            pendingBonds -= d.bond;
        }
        _observe();

        vm.prank(victim);
        registry.revealContribution(id, h, "ipfs://original", salt);
        if (t.expected == IDatanetRegistry.Status.Rejected) {
            // A fresh pending record of the victim, with its bond.
            t.expected = IDatanetRegistry.Status.Pending;
            t.weight = 0;
            pendingBonds += d.bond;
        }
        t.contributor = victim;
        t.seen = t.expected;
        ++takeovers;
        _observe();
        _done("frontRun");
    }

    /// @notice A commit made after a record was submitted cannot take it over.
    function lateCommit(uint256 actorSeed, uint256 trackedSeed) external {
        if (_tracked.length == 0) return;
        Tracked memory t = _tracked[bound(trackedSeed, 0, _tracked.length - 1)];
        address actor = _actor(actorSeed);
        bytes32 salt = keccak256(abi.encode("late", ++_nonce));
        bytes32 commitment = registry.commitmentOf(actor, t.datanetId, t.contentHash, salt);
        vm.warp(block.timestamp + 1);
        vm.prank(actor);
        registry.commitContribution(commitment);
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 1);
        vm.prank(actor);
        try registry.revealContribution(t.datanetId, t.contentHash, "ipfs://late", salt) {
            ++surprises;
        } catch (bytes memory reason) {
            if (bytes4(reason) != IDatanetRegistry.DuplicateContribution.selector) ++surprises;
        }
        _observe();
        _done("lateCommit");
    }

    /// @notice A commit made in the same second as a plain submission of the same hash (after it, by someone who saw
    /// it) cannot take the record over: a tie is not earlier.
    function sameSecondCommit(uint256 actorSeed, uint256 copierSeed, uint256 datanetSeed) external {
        if (_datanetIds.length == 0) return;
        uint256 id = _datanet(datanetSeed);
        IDatanetRegistry.DatanetView memory d = registry.datanet(id);
        address contributor = _actor(actorSeed);
        address copier = _actor(copierSeed);
        if (contributor == copier) copier = _actors[(bound(copierSeed, 0, _actors.length - 1) + 1) % _actors.length];
        bytes32 h = keccak256(abi.encode("same-second", ++_nonce));
        bytes32 salt = keccak256(abi.encode("same-second salt", _nonce));
        vm.warp(block.timestamp + 1);
        vm.prank(contributor);
        registry.contribute(id, h, "ipfs://record");
        ++contributionsMade[id];
        IDatanetRegistry.Status status = d.curated ? IDatanetRegistry.Status.Pending : IDatanetRegistry.Status.Accepted;
        _tracked.push(Tracked(id, h, contributor, status, status, d.curated ? 0 : registry.DEFAULT_WEIGHT(), d.bond));
        pendingBonds += d.bond;
        bytes32 commitment = registry.commitmentOf(copier, id, h, salt);
        vm.prank(copier);
        registry.commitContribution(commitment);
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 12);
        vm.prank(copier);
        try registry.revealContribution(id, h, "ipfs://copy", salt) {
            ++surprises;
        } catch (bytes memory reason) {
            if (bytes4(reason) != IDatanetRegistry.DuplicateContribution.selector) ++surprises;
        }
        _observe();
        _done("sameSecondCommit");
    }

    /// @notice Withdraws a pending record after the review timeout (and is refused one second before it).
    function withdrawPending(uint256 trackedSeed) external {
        uint256 i = _firstPending(bound(trackedSeed, 0, _tracked.length == 0 ? 0 : _tracked.length - 1));
        if (i == type(uint256).max) return;
        Tracked storage t = _tracked[i];
        uint256 at = registry.contribution(t.datanetId, t.contentHash).submittedAt + registry.reviewTimeout();
        if (block.timestamp < at - 1) vm.warp(at - 1);
        if (block.timestamp < at) {
            vm.prank(t.contributor);
            try registry.withdrawContribution(t.datanetId, t.contentHash) {
                ++surprises;
            } catch (bytes memory reason) {
                if (bytes4(reason) != IDatanetRegistry.ReviewTimeoutNotReached.selector) ++surprises;
            }
            vm.warp(at);
        }
        vm.prank(t.contributor);
        registry.withdrawContribution(t.datanetId, t.contentHash);
        t.expected = IDatanetRegistry.Status.Withdrawn;
        pendingBonds -= t.bond;
        _observe();
        _done("withdrawPending");
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev The first tracked record at or after `start` that the handler expects to be pending, or max.
    function _firstPending(uint256 start) internal view returns (uint256) {
        uint256 n = _tracked.length;
        for (uint256 k; k < n; ++k) {
            uint256 i = (start + k) % n;
            if (_tracked[i].expected == IDatanetRegistry.Status.Pending) return i;
        }
        return type(uint256).max;
    }

    /// @dev Reads back every status and records a move other than Pending → Accepted/Rejected/Withdrawn, and any
    /// contributor other than the one the handler expects (which changes only by an earlier commit's reveal).
    function _observe() internal {
        for (uint256 i; i < _tracked.length; ++i) {
            Tracked storage t = _tracked[i];
            IDatanetRegistry.ContributionView memory c = registry.contribution(t.datanetId, t.contentHash);
            if (!_forward(t.seen, c.status)) ++backwardMoves;
            if (c.contributor != t.contributor) ++creditMoves;
            t.seen = c.status;
        }
        for (uint256 i; i < _batches.length; ++i) {
            TrackedBatch storage b = _batches[i];
            IDatanetRegistry.Status current = registry.batch(b.datanetId, b.root).status;
            if (!_forward(b.seen, current)) ++backwardMoves;
            b.seen = current;
        }
    }

    /// @dev Whether a status may go from `from` to `to`: stay, or leave Pending for Accepted, Rejected or Withdrawn.
    /// (A reveal that revives a rejected copy sets `seen` itself before observing.)
    function _forward(IDatanetRegistry.Status from, IDatanetRegistry.Status to) internal pure returns (bool) {
        if (from == to) return true;
        return
            from == IDatanetRegistry.Status.Pending &&
            (to == IDatanetRegistry.Status.Accepted ||
                to == IDatanetRegistry.Status.Rejected ||
                to == IDatanetRegistry.Status.Withdrawn);
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
