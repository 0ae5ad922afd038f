// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { MerkleProof } from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import { IDatanetRegistry } from "../interfaces/IDatanetRegistry.sol";

/// @title DatanetRegistry
/// @notice Datanets, their contributions and their curation. See IDatanetRegistry.
/// @dev Storage is laid out so that `contribute` to a curated datanet writes two new slots (the record, and its place
/// in the datanet's list) and updates one (the datanet's counter, in the slot it reads anyway). A contributor's totals
/// change only when a contribution is accepted (at review, or at once in an open datanet), or when a reveal with an
/// earlier commit takes an accepted record over. Timestamps are uint32: they hold until the year 2106.
contract DatanetRegistry is AccessManaged, IDatanetRegistry {
    using SafeERC20 for IERC20;

    /// @dev Slot 0 is all that `contribute` to a curated datanet reads. Slot 1 holds the owner and the acceptance
    /// counters, which every acceptance updates (a review reads the owner anyway). Slot 2 holds the attestor and the
    /// version counters, which only `publishVersion` updates.
    struct Datanet {
        uint96 bond;
        uint64 contributionCount;
        uint64 batchCount;
        bool exists;
        bool curated;
        bool closed;
        bool attestorAppointed;
        address owner;
        uint40 acceptedCount;
        uint56 acceptedWeight;
        address attestor;
        uint24 versionCount;
        uint40 versionedCount;
        string uri;
    }

    /// @dev A published version, the prefix of the first `acceptedCount` accepted contributions, is one word written
    /// at once (a struct would be read before it is written): its accepted count in bits 0-39, their total weight in
    /// bits 40-95, its timestamp in bits 96-127 and its block number in bits 128-191.
    uint256 private constant VERSION_WEIGHT_SHIFT = 40;
    uint256 private constant VERSION_TIME_SHIFT = 96;
    uint256 private constant VERSION_BLOCK_SHIFT = 128;

    /// @dev One slot: the record of a contribution, keyed by its content hash, with its position in the datanet and
    /// its priority time (its submission, or its contributor's commit).
    struct Record {
        address contributor;
        Status status;
        uint24 weight;
        uint32 index;
        uint32 submittedAt;
    }

    /// @dev One slot: a contributor's totals over its accepted contributions.
    struct Stats {
        uint64 accepted;
        uint192 acceptedWeight;
    }

    /// @dev One slot: a Merkle batch, with its priority time.
    struct Batch {
        address submitter;
        Status status;
        uint48 count;
        uint32 submittedAt;
    }

    /// @dev One slot: when a commit was made.
    struct Commit {
        uint64 blockNumber;
        uint32 timestamp;
    }

    /// @inheritdoc IDatanetRegistry
    uint256 public constant MAX_WEIGHT = type(uint24).max;
    /// @inheritdoc IDatanetRegistry
    uint256 public constant DEFAULT_WEIGHT = 1;
    /// @inheritdoc IDatanetRegistry
    uint256 public constant MAX_CONTRIBUTIONS = uint256(type(uint32).max) + 1;
    /// @inheritdoc IDatanetRegistry
    uint256 public constant MAX_BATCH_COUNT = type(uint48).max;
    /// @inheritdoc IDatanetRegistry
    uint256 public constant MIN_REVIEW_TIMEOUT = 1 hours;
    /// @inheritdoc IDatanetRegistry
    uint256 public constant MAX_REVIEW_TIMEOUT = 365 days;
    /// @inheritdoc IDatanetRegistry
    uint256 public constant COMMIT_MAX_AGE = 1 days;
    /// @inheritdoc IDatanetRegistry
    uint256 public constant MAX_VERSIONS = 2 ** 22 - 1;

    IERC20 private immutable _token;

    uint256 private _datanetCount;
    mapping(uint256 datanetId => Datanet) private _datanets;
    mapping(uint256 datanetId => mapping(address account => bool)) private _curators;
    mapping(uint256 datanetId => mapping(bytes32 contentHash => Record)) private _records;
    mapping(uint256 datanetId => mapping(uint256 index => bytes32 contentHash)) private _hashAt;
    mapping(address contributor => Stats) private _stats;
    mapping(uint256 datanetId => mapping(bytes32 root => Batch)) private _batches;
    mapping(uint256 datanetId => mapping(uint256 index => bytes32 root)) private _rootAt;
    mapping(address account => uint256) private _bondCredit;
    mapping(address account => mapping(bytes32 commitment => Commit)) private _commits;
    uint256 private _reviewTimeout;
    mapping(uint256 datanetId => mapping(uint256 version => uint256 packed)) private _versions;

    constructor(IERC20 token_, address authority, uint256 reviewTimeout_) AccessManaged(authority) {
        _token = token_;
        _setReviewTimeout(reviewTimeout_);
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IDatanetRegistry
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IDatanetRegistry
    function datanetCount() external view returns (uint256) {
        return _datanetCount;
    }

    /// @inheritdoc IDatanetRegistry
    function datanet(uint256 datanetId) external view returns (DatanetView memory) {
        Datanet storage d = _existing(datanetId);
        return
            DatanetView({
                owner: d.owner,
                attestor: d.attestor,
                curated: d.curated,
                closed: d.closed,
                bond: d.bond,
                contributionCount: d.contributionCount,
                batchCount: d.batchCount,
                uri: d.uri,
                attestorAppointed: d.attestorAppointed,
                acceptedCount: d.acceptedCount,
                acceptedWeight: d.acceptedWeight,
                versionCount: d.versionCount
            });
    }

    /// @inheritdoc IDatanetRegistry
    function versionCount(uint256 datanetId) external view returns (uint256) {
        return _existing(datanetId).versionCount;
    }

    /// @inheritdoc IDatanetRegistry
    function datanetVersion(uint256 datanetId, uint256 version) external view returns (VersionView memory) {
        _requireVersion(_existing(datanetId), datanetId, version);
        uint256 v = _versions[datanetId][version];
        return
            VersionView({
                acceptedCount: uint40(v),
                totalWeight: uint56(v >> VERSION_WEIGHT_SHIFT),
                publishedAt: uint32(v >> VERSION_TIME_SHIFT),
                blockNumber: uint64(v >> VERSION_BLOCK_SHIFT)
            });
    }

    /// @inheritdoc IDatanetRegistry
    function requireVersion(uint256 datanetId, uint256 version) external view {
        _requireVersion(_existing(datanetId), datanetId, version);
    }

    /// @inheritdoc IDatanetRegistry
    function requireOpenVersion(uint256 datanetId, uint256 version) external view {
        Datanet storage d = _existing(datanetId);
        if (d.closed) revert DatanetIsClosed(datanetId);
        _requireVersion(d, datanetId, version);
    }

    /// @inheritdoc IDatanetRegistry
    function attestorAppointed(uint256 datanetId) external view returns (bool) {
        return _existing(datanetId).attestorAppointed;
    }

    /// @inheritdoc IDatanetRegistry
    function reviewTimeout() external view returns (uint256) {
        return _reviewTimeout;
    }

    /// @inheritdoc IDatanetRegistry
    function commitmentOf(
        address contributor,
        uint256 datanetId,
        bytes32 contentHash,
        bytes32 salt
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(contributor, datanetId, contentHash, salt));
    }

    /// @inheritdoc IDatanetRegistry
    function commitOf(address account, bytes32 commitment) external view returns (uint256, uint256) {
        Commit memory c = _commits[account][commitment];
        return (c.blockNumber, c.timestamp);
    }

    /// @inheritdoc IDatanetRegistry
    function attestorOf(uint256 datanetId) external view returns (address) {
        return _existing(datanetId).attestor;
    }

    /// @inheritdoc IDatanetRegistry
    function isCurator(uint256 datanetId, address account) public view returns (bool) {
        return _existing(datanetId).owner == account || _curators[datanetId][account];
    }

    /// @inheritdoc IDatanetRegistry
    function contribution(uint256 datanetId, bytes32 contentHash) external view returns (ContributionView memory) {
        return _view(datanetId, contentHash, _records[datanetId][contentHash]);
    }

    /// @inheritdoc IDatanetRegistry
    function contributionsOf(
        uint256 datanetId,
        uint256 offset,
        uint256 limit
    ) external view returns (ContributionView[] memory page) {
        uint256 end = _pageEnd(datanetId, offset, limit);
        page = new ContributionView[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            bytes32 h = _hashAt[datanetId][i];
            page[i - offset] = _view(datanetId, h, _records[datanetId][h]);
        }
    }

    /// @inheritdoc IDatanetRegistry
    function contributionsBy(
        uint256 datanetId,
        address contributor,
        uint256 offset,
        uint256 limit
    ) external view returns (ContributionView[] memory page, uint256 next) {
        uint256 end = _pageEnd(datanetId, offset, limit);
        page = new ContributionView[](end - offset);
        uint256 n;
        for (uint256 i = offset; i < end; ++i) {
            bytes32 h = _hashAt[datanetId][i];
            Record memory r = _records[datanetId][h];
            if (r.contributor == contributor) page[n++] = _view(datanetId, h, r);
        }
        // Trim the page to the matches found.
        assembly ("memory-safe") {
            mstore(page, n)
        }
        next = end;
    }

    /// @inheritdoc IDatanetRegistry
    function contributorStats(address contributor) external view returns (ContributorStats memory) {
        Stats memory st = _stats[contributor];
        return ContributorStats({ accepted: st.accepted, acceptedWeight: st.acceptedWeight });
    }

    /// @inheritdoc IDatanetRegistry
    function batch(uint256 datanetId, bytes32 root) external view returns (BatchView memory) {
        Batch memory b = _batches[datanetId][root];
        return
            BatchView({
                root: root,
                submitter: b.submitter,
                status: b.status,
                count: b.count,
                submittedAt: b.submittedAt
            });
    }

    /// @inheritdoc IDatanetRegistry
    function batchRootAt(uint256 datanetId, uint256 index) external view returns (bytes32) {
        return _rootAt[datanetId][index];
    }

    /// @inheritdoc IDatanetRegistry
    function verifyRecord(
        uint256 datanetId,
        bytes32 root,
        address contributor,
        bytes32 contentHash,
        uint256 weight,
        bytes32[] calldata proof
    ) external view returns (bool) {
        if (_batches[datanetId][root].status == Status.None) revert UnknownBatch(datanetId, root);
        // The @openzeppelin/merkle-tree standard leaf: the double hash of the ABI-encoded values.
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(contributor, contentHash, weight))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IDatanetRegistry
    function bondCredit(address account) external view returns (uint256) {
        return _bondCredit[account];
    }

    // ─── External state-changing ─────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IDatanetRegistry
    function createDatanet(
        string calldata uri,
        bool curated,
        uint256 bond,
        address attestor
    ) external returns (uint256 datanetId) {
        // Check:
        if (bytes(uri).length == 0) revert EmptyURI();
        if (attestor == address(0)) revert ZeroAddress();
        if (bond != 0 && !curated) revert BondRequiresCuration(bond);
        if (bond > type(uint96).max) revert BondTooLarge(bond, type(uint96).max);

        // Effect:
        datanetId = ++_datanetCount;
        Datanet storage d = _datanets[datanetId];
        d.bond = uint96(bond);
        d.exists = true;
        d.curated = curated;
        d.owner = msg.sender;
        d.attestor = attestor;
        d.uri = uri;
        emit DatanetCreated(datanetId, msg.sender, curated, bond, attestor, uri);
    }

    /// @inheritdoc IDatanetRegistry
    function setAttestor(uint256 datanetId, address attestor) external {
        Datanet storage d = _onlyOwner(datanetId);
        // Check: governance's appointment stands until governance releases it.
        if (d.attestorAppointed) revert AttestorAppointedByGovernance(datanetId, d.attestor);
        _setAttestor(datanetId, attestor);
    }

    /// @inheritdoc IDatanetRegistry
    function setAttestorByGovernance(uint256 datanetId, address attestor) external restricted {
        Datanet storage d = _existing(datanetId);
        _setAttestor(datanetId, attestor);
        d.attestorAppointed = true;
        emit AttestorAppointed(datanetId, attestor);
    }

    /// @inheritdoc IDatanetRegistry
    function releaseAttestor(uint256 datanetId) external restricted {
        Datanet storage d = _existing(datanetId);
        // Check:
        if (!d.attestorAppointed) revert AttestorNotAppointed(datanetId);
        // Effect:
        d.attestorAppointed = false;
        emit AttestorReleased(datanetId, d.attestor);
    }

    /// @inheritdoc IDatanetRegistry
    function setReviewTimeout(uint256 reviewTimeout_) external restricted {
        _setReviewTimeout(reviewTimeout_);
    }

    /// @inheritdoc IDatanetRegistry
    function setCurator(uint256 datanetId, address account, bool allowed) external {
        _onlyOwner(datanetId);
        if (account == address(0)) revert ZeroAddress();
        _curators[datanetId][account] = allowed;
        emit CuratorSet(datanetId, account, allowed);
    }

    /// @inheritdoc IDatanetRegistry
    function transferDatanetOwnership(uint256 datanetId, address newOwner) external {
        Datanet storage d = _onlyOwner(datanetId);
        if (newOwner == address(0)) revert ZeroAddress();
        d.owner = newOwner;
        emit DatanetOwnershipTransferred(datanetId, msg.sender, newOwner);
    }

    /// @inheritdoc IDatanetRegistry
    function closeDatanet(uint256 datanetId) external {
        Datanet storage d = _onlyOwner(datanetId);
        if (d.closed) revert DatanetIsClosed(datanetId);
        d.closed = true;
        emit DatanetClosed(datanetId);
    }

    /// @inheritdoc IDatanetRegistry
    function publishVersion(uint256 datanetId, string calldata uri) external returns (uint256 version) {
        Datanet storage d = _onlyOwner(datanetId);
        // Check: a version adds at least one accepted contribution to the one before, and its number fits 22 bits.
        if (bytes(uri).length == 0) revert EmptyURI();
        uint256 accepted = d.acceptedCount;
        uint256 previous = d.versionCount;
        if (accepted == d.versionedCount) revert NothingAcceptedSinceVersion(datanetId, previous, accepted);
        if (previous == MAX_VERSIONS) revert TooManyVersions(datanetId, MAX_VERSIONS);

        // Effect:
        version = previous + 1;
        uint256 weight = d.acceptedWeight;
        d.versionCount = uint24(version);
        d.versionedCount = uint40(accepted);
        // The widths hold: accepted fits 40 bits and weight 56 (as in slot 1), and uint32 timestamps and uint64 block
        // numbers are this contract's convention.
        _versions[datanetId][version] =
            accepted |
            (weight << VERSION_WEIGHT_SHIFT) |
            (uint256(uint32(block.timestamp)) << VERSION_TIME_SHIFT) |
            (uint256(uint64(block.number)) << VERSION_BLOCK_SHIFT);
        emit DatanetVersionPublished(datanetId, version, accepted, weight, uri);
    }

    /// @inheritdoc IDatanetRegistry
    function contribute(uint256 datanetId, bytes32 contentHash, string calldata uri) external returns (uint256 index) {
        Datanet storage d = _openForContributions(datanetId);
        // Check:
        if (contentHash == bytes32(0)) revert ZeroHash();
        if (bytes(uri).length == 0) revert EmptyURI();
        Record storage r = _records[datanetId][contentHash];
        if (r.status != Status.None) revert DuplicateContribution(datanetId, contentHash);
        // What follows is `_submitRecord`, written out: the one-step path is the cheapest, and a call costs ~480 gas.
        index = d.contributionCount;
        if (index >= MAX_CONTRIBUTIONS) revert TooManyContributions(datanetId, MAX_CONTRIBUTIONS);

        // Effect:
        d.contributionCount = uint64(index + 1);
        Status status = d.curated ? Status.Pending : Status.Accepted;
        uint24 weight = status == Status.Accepted ? uint24(DEFAULT_WEIGHT) : 0;
        r.contributor = msg.sender;
        r.status = status;
        r.weight = weight;
        r.index = uint32(index);
        r.submittedAt = uint32(block.timestamp);
        uint256 acceptance;
        if (status == Status.Accepted) {
            _countAccepted(msg.sender, weight);
            acceptance = _accept(d, weight);
        }
        _hashAt[datanetId][index] = contentHash;
        emit ContributionSubmitted(datanetId, contentHash, msg.sender, index, weight, acceptance, uri);

        // Interaction: the bond of a curated datanet (slot 0 is warm: reading it again is cheap).
        uint256 bond = d.bond;
        if (bond != 0) _token.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IDatanetRegistry
    function contributeRoot(
        uint256 datanetId,
        bytes32 root,
        uint256 count,
        string calldata uri
    ) external returns (uint256 index) {
        Datanet storage d = _openForContributions(datanetId);
        // Check:
        if (root == bytes32(0)) revert ZeroHash();
        if (count == 0) revert EmptyBatch();
        if (count > MAX_BATCH_COUNT) revert BatchTooLarge(count, MAX_BATCH_COUNT);
        if (bytes(uri).length == 0) revert EmptyURI();
        Batch storage b = _batches[datanetId][root];
        if (b.status != Status.None) revert DuplicateBatch(datanetId, root);
        index = _submitBatch(d, datanetId, root, count, uri, block.timestamp);
    }

    /// @inheritdoc IDatanetRegistry
    function commitContribution(bytes32 commitment) external {
        // Check:
        if (commitment == bytes32(0)) revert ZeroHash();
        Commit storage c = _commits[msg.sender][commitment];
        if (c.blockNumber != 0) revert CommitmentExists(msg.sender, commitment);
        // Effect:
        c.blockNumber = uint64(block.number);
        c.timestamp = uint32(block.timestamp);
        emit ContributionCommitted(msg.sender, commitment);
    }

    /// @inheritdoc IDatanetRegistry
    function revealContribution(
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri,
        bytes32 salt
    ) external returns (uint256 index) {
        Datanet storage d = _openForContributions(datanetId);
        // Check:
        if (contentHash == bytes32(0)) revert ZeroHash();
        if (bytes(uri).length == 0) revert EmptyURI();
        uint256 at = _useCommit(commitmentOf(msg.sender, datanetId, contentHash, salt));
        Record storage r = _records[datanetId][contentHash];
        Status current = r.status;
        if (current == Status.None) return _submitRecord(d, datanetId, contentHash, uri, at);

        // The record exists: the reveal takes it over only from someone else who submitted it strictly after the commit.
        index = _claimRecord(d, datanetId, contentHash, uri, r, at);
    }

    /// @inheritdoc IDatanetRegistry
    function revealContributionRoot(
        uint256 datanetId,
        bytes32 root,
        uint256 count,
        string calldata uri,
        bytes32 salt
    ) external {
        Datanet storage d = _openForContributions(datanetId);
        // Check:
        if (root == bytes32(0)) revert ZeroHash();
        if (count == 0) revert EmptyBatch();
        if (count > MAX_BATCH_COUNT) revert BatchTooLarge(count, MAX_BATCH_COUNT);
        if (bytes(uri).length == 0) revert EmptyURI();
        uint256 at = _useCommit(commitmentOf(msg.sender, datanetId, root, salt));
        Batch storage b = _batches[datanetId][root];
        Status current = b.status;
        if (current == Status.None) {
            _submitBatch(d, datanetId, root, count, uri, at);
            return;
        }
        _claimBatch(d, datanetId, root, count, uri, b, at);
    }

    /// @inheritdoc IDatanetRegistry
    function withdrawContribution(uint256 datanetId, bytes32 contentHash) external {
        Datanet storage d = _existing(datanetId);
        Record storage r = _records[datanetId][contentHash];
        // Check:
        Status current = r.status;
        if (current == Status.None) revert UnknownContribution(datanetId, contentHash);
        _checkWithdrawable(datanetId, contentHash, current, r.contributor, r.submittedAt);

        // Effect:
        r.status = Status.Withdrawn;
        emit ContributionWithdrawn(datanetId, contentHash, msg.sender);
        _refundOwnBond(d, datanetId);
    }

    /// @inheritdoc IDatanetRegistry
    function withdrawContributionRoot(uint256 datanetId, bytes32 root) external {
        Datanet storage d = _existing(datanetId);
        Batch storage b = _batches[datanetId][root];
        // Check:
        Status current = b.status;
        if (current == Status.None) revert UnknownBatch(datanetId, root);
        _checkWithdrawable(datanetId, root, current, b.submitter, b.submittedAt);

        // Effect:
        b.status = Status.Withdrawn;
        emit BatchWithdrawn(datanetId, root, msg.sender);
        _refundOwnBond(d, datanetId);
    }

    /// @inheritdoc IDatanetRegistry
    function review(uint256 datanetId, Decision[] calldata decisions) external {
        Datanet storage d = _onlyCurator(datanetId);
        // Check:
        uint256 n = decisions.length;
        if (n == 0) revert EmptyBatch();
        uint256 bond = d.bond;
        uint256 forfeited;
        // The acceptance counters are kept in memory and written once (slot 1 is warm: `_onlyCurator` read the owner).
        uint256 accepted = d.acceptedCount;
        uint256 addedWeight;

        for (uint256 i; i < n; ++i) {
            bytes32 h = decisions[i].contentHash;
            uint256 weight = decisions[i].weight;
            Record storage r = _records[datanetId][h];
            {
                Status current = r.status;
                if (current == Status.None) revert UnknownContribution(datanetId, h);
                if (current != Status.Pending) revert NotPending(datanetId, h, current);
            }
            if (weight > MAX_WEIGHT) revert WeightTooLarge(weight, MAX_WEIGHT);

            // Effect:
            address contributor = r.contributor;
            if (weight == 0) {
                r.status = Status.Rejected;
                forfeited += bond;
                emit ContributionReviewed(datanetId, h, contributor, 0, 0);
            } else {
                r.status = Status.Accepted;
                r.weight = uint24(weight);
                _countAccepted(contributor, weight);
                // Bounded by the number of contributions and batches: cannot overflow.
                unchecked {
                    ++accepted;
                    addedWeight += weight;
                }
                emit ContributionReviewed(datanetId, h, contributor, weight, accepted);
                if (bond != 0) _creditBond(datanetId, contributor, bond);
            }
        }
        if (addedWeight != 0) {
            d.acceptedCount = uint40(accepted);
            // Every record weighs at most MAX_WEIGHT and there are at most MAX_CONTRIBUTIONS: this fits 56 bits.
            d.acceptedWeight += uint56(addedWeight);
        }
        if (forfeited != 0) _creditBond(datanetId, d.owner, forfeited);
    }

    /// @inheritdoc IDatanetRegistry
    function reviewBatch(uint256 datanetId, bytes32 root, bool accept) external {
        Datanet storage d = _onlyCurator(datanetId);
        Batch storage b = _batches[datanetId][root];
        // Check:
        Status current = b.status;
        if (current == Status.None) revert UnknownBatch(datanetId, root);
        if (current != Status.Pending) revert NotPending(datanetId, root, current);

        // Effect:
        Status status = accept ? Status.Accepted : Status.Rejected;
        b.status = status;
        emit BatchReviewed(datanetId, root, accept ? _accept(d, 0) : 0);
        uint256 bond = d.bond;
        if (bond != 0) _creditBond(datanetId, accept ? b.submitter : d.owner, bond);
    }

    /// @inheritdoc IDatanetRegistry
    function withdrawBondCredit() external {
        uint256 amount = _bondCredit[msg.sender];
        // Check:
        if (amount == 0) revert NoBondCredit(msg.sender);
        // Effect:
        _bondCredit[msg.sender] = 0;
        emit BondWithdrawn(msg.sender, amount);
        // Interaction:
        _token.safeTransfer(msg.sender, amount);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _existing(uint256 datanetId) private view returns (Datanet storage d) {
        d = _datanets[datanetId];
        if (!d.exists) revert UnknownDatanet(datanetId);
    }

    function _onlyOwner(uint256 datanetId) private view returns (Datanet storage d) {
        d = _existing(datanetId);
        if (d.owner != msg.sender) revert NotDatanetOwner(datanetId, msg.sender);
    }

    function _onlyCurator(uint256 datanetId) private view returns (Datanet storage d) {
        d = _existing(datanetId);
        if (d.owner != msg.sender && !_curators[datanetId][msg.sender]) revert NotCurator(datanetId, msg.sender);
    }

    /// @dev Reads only slot 0 of the datanet, which `contribute` then updates.
    function _openForContributions(uint256 datanetId) private view returns (Datanet storage d) {
        d = _existing(datanetId);
        if (d.closed) revert DatanetIsClosed(datanetId);
    }

    /// @dev A new record of the caller at the datanet's next index, with priority time `at`, and its bond.
    function _submitRecord(
        Datanet storage d,
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri,
        uint256 at
    ) private returns (uint256 index) {
        // Check: the index must fit the record's slot.
        index = d.contributionCount;
        if (index >= MAX_CONTRIBUTIONS) revert TooManyContributions(datanetId, MAX_CONTRIBUTIONS);

        // Effect: the record is written as one slot, with no read of what was there (nothing: its status was None).
        d.contributionCount = uint64(index + 1);
        Status status = d.curated ? Status.Pending : Status.Accepted;
        uint24 weight = status == Status.Accepted ? uint24(DEFAULT_WEIGHT) : 0;
        _records[datanetId][contentHash] = Record({
            contributor: msg.sender,
            status: status,
            weight: weight,
            index: uint32(index),
            submittedAt: uint32(at)
        });
        uint256 acceptance;
        if (status == Status.Accepted) {
            _countAccepted(msg.sender, weight);
            acceptance = _accept(d, weight);
        }
        _hashAt[datanetId][index] = contentHash;
        emit ContributionSubmitted(datanetId, contentHash, msg.sender, index, weight, acceptance, uri);

        // Interaction: the bond of a curated datanet (slot 0 is warm: reading it again is cheap).
        uint256 bond = d.bond;
        if (bond != 0) _token.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @dev Takes the existing record `r` over for the caller with priority time `at`, if someone else submitted it
    /// strictly after `at` (a tie goes to the record: a commit in the same second may have seen it), and takes the bond
    /// it then owes.
    function _claimRecord(
        Datanet storage d,
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri,
        Record storage r,
        uint256 at
    ) private returns (uint256 index) {
        // Check:
        Status current = r.status;
        address previous = r.contributor;
        if (r.submittedAt <= at || previous == msg.sender) revert DuplicateContribution(datanetId, contentHash);

        // Effect:
        uint256 owed;
        if (current == Status.Accepted) {
            // The credit moves: the bond was refunded to the previous contributor at acceptance, and stays so.
            uint256 weight = r.weight;
            _uncountAccepted(previous, weight);
            _countAccepted(msg.sender, weight);
        } else if (current == Status.Pending) {
            // The bond held for the record is now the caller's: the previous contributor's is credited back.
            owed = d.bond;
            if (owed != 0) _creditBond(datanetId, previous, owed);
        } else {
            // Rejected or withdrawn, which only a curated datanet's records can be (an open datanet accepts each
            // record at once, and only a pending record is reviewed or withdrawn): a fresh pending record of the
            // caller, as a new contribution would be.
            r.status = Status.Pending;
            r.weight = 0;
            owed = d.bond;
        }
        r.contributor = msg.sender;
        r.submittedAt = uint32(at);
        index = r.index;
        emit ContributionClaimed(datanetId, contentHash, msg.sender, previous, current, r.status, r.weight, uri);

        // Interaction:
        if (owed != 0) _token.safeTransferFrom(msg.sender, address(this), owed);
    }

    /// @dev A new batch of the caller at the datanet's next batch index, with priority time `at`, and its bond.
    function _submitBatch(
        Datanet storage d,
        uint256 datanetId,
        bytes32 root,
        uint256 count,
        string calldata uri,
        uint256 at
    ) private returns (uint256 index) {
        // Effect:
        uint256 bond = d.bond;
        Status status = d.curated ? Status.Pending : Status.Accepted;
        index = d.batchCount++;
        _batches[datanetId][root] = Batch({
            submitter: msg.sender,
            status: status,
            count: uint48(count),
            submittedAt: uint32(at)
        });
        _rootAt[datanetId][index] = root;
        uint256 acceptance = status == Status.Accepted ? _accept(d, 0) : 0;
        emit BatchSubmitted(datanetId, root, msg.sender, index, count, acceptance, uri);

        // Interaction:
        if (bond != 0) _token.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @dev Takes the existing batch `b` over for the caller with priority time `at`, if someone else submitted it
    /// strictly after `at`, and takes the bond it then owes. An accepted batch keeps the count that was accepted: the
    /// revealed `count` applies only to a batch that becomes pending (or, open datanet, accepted) again.
    function _claimBatch(
        Datanet storage d,
        uint256 datanetId,
        bytes32 root,
        uint256 count,
        string calldata uri,
        Batch storage b,
        uint256 at
    ) private {
        // Check:
        Status current = b.status;
        address previous = b.submitter;
        if (b.submittedAt <= at || previous == msg.sender) revert DuplicateBatch(datanetId, root);

        // Effect: as for a record; an accepted batch carries no totals, only its submitter changes, and its count
        // stays the one that was accepted (a new count would need a new review).
        uint256 owed;
        if (current == Status.Accepted) {
            count = b.count;
        } else {
            if (current == Status.Pending) {
                owed = d.bond;
                if (owed != 0) _creditBond(datanetId, previous, owed);
            } else {
                b.status = d.curated ? Status.Pending : Status.Accepted;
                owed = d.bond;
            }
            b.count = uint48(count);
        }
        b.submitter = msg.sender;
        b.submittedAt = uint32(at);
        emit BatchClaimed(datanetId, root, msg.sender, previous, current, b.status, count, uri);

        // Interaction:
        if (owed != 0) _token.safeTransferFrom(msg.sender, address(this), owed);
    }

    /// @dev Checks the caller's commit to `commitment` (made, at least one block and one second old, at most
    /// COMMIT_MAX_AGE old), uses it up and returns its time. Any later revert of the reveal restores it. The second
    /// matters where consecutive blocks share a timestamp: a copy sent after seeing the reveal is then strictly later
    /// than the commit, which it could not take over.
    function _useCommit(bytes32 commitment) private returns (uint256 at) {
        Commit memory c = _commits[msg.sender][commitment];
        // Check:
        if (c.blockNumber == 0) revert UnknownCommitment(msg.sender, commitment);
        at = c.timestamp;
        if (block.number <= c.blockNumber || block.timestamp <= at) {
            revert CommitmentTooRecent(commitment, c.blockNumber, at);
        }
        if (block.timestamp > at + COMMIT_MAX_AGE) revert CommitmentExpired(commitment, at + COMMIT_MAX_AGE);
        // Effect:
        delete _commits[msg.sender][commitment];
    }

    function _setReviewTimeout(uint256 reviewTimeout_) private {
        if (reviewTimeout_ < MIN_REVIEW_TIMEOUT || reviewTimeout_ > MAX_REVIEW_TIMEOUT) {
            revert ReviewTimeoutOutOfBounds(reviewTimeout_, MIN_REVIEW_TIMEOUT, MAX_REVIEW_TIMEOUT);
        }
        _reviewTimeout = reviewTimeout_;
        emit ReviewTimeoutSet(reviewTimeout_);
    }

    /// @dev Counts one more accepted contribution of `d`, of `weight` (0 for a batch, whose records carry their weights
    /// in its tree), and returns its acceptance number: its place among the datanet's accepted contributions, from 1.
    function _accept(Datanet storage d, uint256 weight) private returns (uint256 acceptance) {
        // At most MAX_CONTRIBUTIONS records of at most MAX_WEIGHT, and batches bounded by gas: these fit their widths.
        unchecked {
            acceptance = uint256(d.acceptedCount) + 1;
            d.acceptedCount = uint40(acceptance);
            d.acceptedWeight += uint56(weight);
        }
    }

    function _requireVersion(Datanet storage d, uint256 datanetId, uint256 version) private view {
        uint256 latest = d.versionCount;
        if (version == 0 || version > latest) revert UnknownDatanetVersion(datanetId, version, latest);
    }

    function _uncountAccepted(address contributor, uint256 weight) private {
        Stats storage st = _stats[contributor];
        // The record was counted for this contributor when it was accepted: these cannot underflow.
        unchecked {
            --st.accepted;
            st.acceptedWeight -= uint192(weight);
        }
    }

    function _countAccepted(address contributor, uint256 weight) private {
        Stats storage st = _stats[contributor];
        // Bounded by the number of contributions, and MAX_WEIGHT each: these cannot overflow their widths.
        unchecked {
            ++st.accepted;
            st.acceptedWeight += uint192(weight);
        }
    }

    function _pageEnd(uint256 datanetId, uint256 offset, uint256 limit) private view returns (uint256) {
        uint256 count = _existing(datanetId).contributionCount;
        if (offset >= count) return offset;
        return count - offset < limit ? count : offset + limit;
    }

    function _setAttestor(uint256 datanetId, address attestor) private {
        if (attestor == address(0)) revert ZeroAddress();
        _datanets[datanetId].attestor = attestor;
        emit AttestorSet(datanetId, attestor);
    }

    /// @dev The checks both withdrawals share: the contribution (or batch) `key` is still pending, the caller's own,
    /// and its review timeout has passed since `submittedAt`.
    function _checkWithdrawable(
        uint256 datanetId,
        bytes32 key,
        Status current,
        address submitter,
        uint256 submittedAt
    ) private view {
        if (current != Status.Pending) revert NotPending(datanetId, key, current);
        if (submitter != msg.sender) revert NotContributor(datanetId, key, msg.sender);
        uint256 withdrawableAt = submittedAt + _reviewTimeout;
        if (block.timestamp < withdrawableAt) revert ReviewTimeoutNotReached(datanetId, key, withdrawableAt);
    }

    /// @dev Credits the caller back the datanet's bond, if it has one.
    function _refundOwnBond(Datanet storage d, uint256 datanetId) private {
        uint256 bond = d.bond;
        if (bond != 0) _creditBond(datanetId, msg.sender, bond);
    }

    function _creditBond(uint256 datanetId, address account, uint256 amount) private {
        _bondCredit[account] += amount;
        emit BondCredited(datanetId, account, amount);
    }

    function _view(
        uint256 datanetId,
        bytes32 contentHash,
        Record memory r
    ) private pure returns (ContributionView memory) {
        return
            ContributionView({
                datanetId: datanetId,
                index: r.index,
                contentHash: contentHash,
                contributor: r.contributor,
                status: r.status,
                weight: r.weight,
                submittedAt: r.submittedAt
            });
    }
}
