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
/// change only when a contribution is accepted: at review, or at once in an open datanet.
contract DatanetRegistry is AccessManaged, IDatanetRegistry {
    using SafeERC20 for IERC20;

    /// @dev Slot 0 is all that `contribute` reads. Slot 1 and on are read by owners, views and attribution.
    struct Datanet {
        uint96 bond;
        uint64 contributionCount;
        uint64 batchCount;
        bool exists;
        bool curated;
        bool closed;
        address owner;
        address attestor;
        string uri;
    }

    /// @dev One slot: the record of a contribution, keyed by its content hash, with its position in the datanet.
    struct Record {
        address contributor;
        Status status;
        uint24 weight;
        uint64 index;
    }

    /// @dev One slot: a contributor's totals over its accepted contributions.
    struct Stats {
        uint64 accepted;
        uint192 acceptedWeight;
    }

    struct Batch {
        address submitter;
        Status status;
        uint64 count;
    }

    /// @inheritdoc IDatanetRegistry
    uint256 public constant MAX_WEIGHT = type(uint24).max;
    /// @inheritdoc IDatanetRegistry
    uint256 public constant DEFAULT_WEIGHT = 1;

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

    constructor(IERC20 token_, address authority) AccessManaged(authority) {
        _token = token_;
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
                uri: d.uri
            });
    }

    /// @inheritdoc IDatanetRegistry
    function attestorOf(uint256 datanetId) external view returns (address) {
        return _existing(datanetId).attestor;
    }

    /// @inheritdoc IDatanetRegistry
    function requireOpen(uint256 datanetId) external view {
        if (_existing(datanetId).closed) revert DatanetIsClosed(datanetId);
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
        return BatchView({ root: root, submitter: b.submitter, status: b.status, count: b.count });
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
        _onlyOwner(datanetId);
        _setAttestor(datanetId, attestor);
    }

    /// @inheritdoc IDatanetRegistry
    function setAttestorByGovernance(uint256 datanetId, address attestor) external restricted {
        _existing(datanetId);
        _setAttestor(datanetId, attestor);
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
    function contribute(uint256 datanetId, bytes32 contentHash, string calldata uri) external returns (uint256 index) {
        Datanet storage d = _openForContributions(datanetId);
        // Check:
        if (contentHash == bytes32(0)) revert ZeroHash();
        if (bytes(uri).length == 0) revert EmptyURI();
        Record storage r = _records[datanetId][contentHash];
        if (r.status != Status.None) revert DuplicateContribution(datanetId, contentHash);

        // Effect:
        bool curated = d.curated;
        index = d.contributionCount++;
        Status status = curated ? Status.Pending : Status.Accepted;
        uint24 weight = curated ? 0 : uint24(DEFAULT_WEIGHT);
        r.contributor = msg.sender;
        r.status = status;
        r.weight = weight;
        r.index = uint64(index);
        if (!curated) _countAccepted(msg.sender, weight);
        _hashAt[datanetId][index] = contentHash;
        emit ContributionSubmitted(datanetId, contentHash, msg.sender, index, status, weight, uri);

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
        if (count > type(uint64).max) revert BatchTooLarge(count, type(uint64).max);
        if (bytes(uri).length == 0) revert EmptyURI();
        Batch storage b = _batches[datanetId][root];
        if (b.status != Status.None) revert DuplicateBatch(datanetId, root);

        // Effect:
        uint256 bond = d.bond;
        Status status = d.curated ? Status.Pending : Status.Accepted;
        index = d.batchCount++;
        b.submitter = msg.sender;
        b.status = status;
        b.count = uint64(count);
        _rootAt[datanetId][index] = root;
        emit BatchSubmitted(datanetId, root, msg.sender, index, count, status, uri);

        // Interaction:
        if (bond != 0) _token.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IDatanetRegistry
    function review(uint256 datanetId, Decision[] calldata decisions) external {
        Datanet storage d = _onlyCurator(datanetId);
        // Check:
        uint256 n = decisions.length;
        if (n == 0) revert EmptyBatch();
        uint256 bond = d.bond;
        uint256 forfeited;

        for (uint256 i; i < n; ++i) {
            bytes32 h = decisions[i].contentHash;
            uint256 weight = decisions[i].weight;
            Record storage r = _records[datanetId][h];
            Status current = r.status;
            if (current == Status.None) revert UnknownContribution(datanetId, h);
            if (current != Status.Pending) revert NotPending(datanetId, h, current);
            if (weight > MAX_WEIGHT) revert WeightTooLarge(weight, MAX_WEIGHT);

            // Effect:
            address contributor = r.contributor;
            if (weight == 0) {
                r.status = Status.Rejected;
                forfeited += bond;
                emit ContributionReviewed(datanetId, h, contributor, Status.Rejected, 0);
            } else {
                r.status = Status.Accepted;
                r.weight = uint24(weight);
                _countAccepted(contributor, weight);
                emit ContributionReviewed(datanetId, h, contributor, Status.Accepted, weight);
                if (bond != 0) _creditBond(datanetId, contributor, bond);
            }
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
        emit BatchReviewed(datanetId, root, status);
        uint256 bond = d.bond;
        if (bond != 0) _creditBond(datanetId, accept ? b.submitter : d.owner, bond);
    }

    /// @inheritdoc IDatanetRegistry
    function withdrawBondCredit() external {
        uint256 amount = _bondCredit[msg.sender];
        // Check:
        if (amount == 0) revert NothingToWithdraw(msg.sender);
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
                weight: r.weight
            });
    }
}
