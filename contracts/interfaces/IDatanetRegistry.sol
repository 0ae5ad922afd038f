// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IDatanetRegistry
/// @notice Community datasets ("datanets") and the records contributed to them. A contribution is identified by its
/// content hash within its datanet, and a content hash is accepted only once per datanet. Open datanets accept
/// contributions as they come (weight 1); curated ones keep them pending until a curator accepts (with a weight) or
/// rejects them. Many records can be submitted at once as one Merkle root over `(contributor, contentHash, weight)`
/// leaves (the standard leaf encoding of OpenZeppelin's merkle-tree library). Every change emits an event, so that an indexer can
/// rebuild the whole state from the logs.
interface IDatanetRegistry {
    /// @notice Where a contribution or a batch stands. It only ever moves Pending → Accepted or Pending → Rejected.
    enum Status {
        None,
        Pending,
        Accepted,
        Rejected
    }

    /// @notice A datanet, as returned by `datanet`.
    struct DatanetView {
        address owner;
        address attestor;
        bool curated;
        bool closed;
        uint256 bond;
        uint256 contributionCount;
        uint256 batchCount;
        string uri;
    }

    /// @notice One contribution, as returned by the views.
    struct ContributionView {
        uint256 datanetId;
        uint256 index;
        bytes32 contentHash;
        address contributor;
        Status status;
        uint256 weight;
    }

    /// @notice One Merkle batch of records, as returned by `batch`.
    struct BatchView {
        bytes32 root;
        address submitter;
        Status status;
        uint256 count;
    }

    /// @notice Per-contributor totals over its accepted individual contributions, in every datanet.
    struct ContributorStats {
        uint256 accepted;
        uint256 acceptedWeight;
    }

    /// @notice A curator's decision on one pending contribution: weight 0 rejects it, any other weight accepts it.
    struct Decision {
        bytes32 contentHash;
        uint256 weight;
    }

    /// @notice Thrown when `datanetId` does not exist.
    error UnknownDatanet(uint256 datanetId);
    /// @notice Thrown when `caller` is not the owner of `datanetId`.
    error NotDatanetOwner(uint256 datanetId, address caller);
    /// @notice Thrown when `caller` is neither the owner nor a curator of `datanetId`.
    error NotCurator(uint256 datanetId, address caller);
    /// @notice Thrown when `datanetId` is closed to new contributions and new models.
    error DatanetIsClosed(uint256 datanetId);
    /// @notice Thrown when a URI is empty.
    error EmptyURI();
    /// @notice Thrown when an address is zero where an account is needed.
    error ZeroAddress();
    /// @notice Thrown when a content hash or root is zero.
    error ZeroHash();
    /// @notice Thrown when an open datanet is created with a contribution bond: only curation can forfeit one.
    error BondRequiresCuration(uint256 bond);
    /// @notice Thrown when `contentHash` was already contributed to `datanetId`.
    error DuplicateContribution(uint256 datanetId, bytes32 contentHash);
    /// @notice Thrown when `contentHash` was never contributed to `datanetId`.
    error UnknownContribution(uint256 datanetId, bytes32 contentHash);
    /// @notice Thrown when a review targets a contribution or batch that is no longer pending.
    error NotPending(uint256 datanetId, bytes32 key, Status status);
    /// @notice Thrown when a weight exceeds `maxWeight`.
    error WeightTooLarge(uint256 weight, uint256 maxWeight);
    /// @notice Thrown when a batch of records is empty or a review has no decision.
    error EmptyBatch();
    /// @notice Thrown when a batch claims more than `max` records.
    error BatchTooLarge(uint256 count, uint256 max);
    /// @notice Thrown when a contribution bond exceeds `max`.
    error BondTooLarge(uint256 bond, uint256 max);
    /// @notice Thrown when `root` was already submitted to `datanetId`.
    error DuplicateBatch(uint256 datanetId, bytes32 root);
    /// @notice Thrown when `root` was never submitted to `datanetId`.
    error UnknownBatch(uint256 datanetId, bytes32 root);
    /// @notice Thrown when `account` withdraws bond credit and has none.
    error NothingToWithdraw(address account);

    /// @notice Emitted when `owner` created datanet `datanetId`.
    event DatanetCreated(
        uint256 indexed datanetId,
        address indexed owner,
        bool curated,
        uint256 bond,
        address attestor,
        string uri
    );
    /// @notice Emitted when the attestor of `datanetId` changed to `attestor`.
    event AttestorSet(uint256 indexed datanetId, address indexed attestor);
    /// @notice Emitted when `account` was made (or no longer is) a curator of `datanetId`.
    event CuratorSet(uint256 indexed datanetId, address indexed account, bool isCurator);
    /// @notice Emitted when the ownership of `datanetId` moved from `previousOwner` to `newOwner`.
    event DatanetOwnershipTransferred(
        uint256 indexed datanetId,
        address indexed previousOwner,
        address indexed newOwner
    );
    /// @notice Emitted when `datanetId` was closed.
    event DatanetClosed(uint256 indexed datanetId);
    /// @notice Emitted when `contributor` contributed `contentHash` to `datanetId`, at position `index`.
    event ContributionSubmitted(
        uint256 indexed datanetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        uint256 index,
        Status status,
        uint256 weight,
        string uri
    );
    /// @notice Emitted when a curator accepted (weight > 0) or rejected a contribution.
    event ContributionReviewed(
        uint256 indexed datanetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        Status status,
        uint256 weight
    );
    /// @notice Emitted when `submitter` submitted `count` records of `datanetId` as one Merkle `root`.
    event BatchSubmitted(
        uint256 indexed datanetId,
        bytes32 indexed root,
        address indexed submitter,
        uint256 index,
        uint256 count,
        Status status,
        string uri
    );
    /// @notice Emitted when a curator accepted or rejected the batch `root` of `datanetId`.
    event BatchReviewed(uint256 indexed datanetId, bytes32 indexed root, Status status);
    /// @notice Emitted when `account` was credited `amount` of OPEN bond (refunded, or forfeited to the owner).
    event BondCredited(uint256 indexed datanetId, address indexed account, uint256 amount);
    /// @notice Emitted when `account` withdrew `amount` of bond credit.
    event BondWithdrawn(address indexed account, uint256 amount);

    /// @notice The largest weight of one contribution.
    function MAX_WEIGHT() external view returns (uint256);
    /// @notice The weight an open datanet gives every contribution.
    function DEFAULT_WEIGHT() external view returns (uint256);
    /// @notice The OPEN token in which contribution bonds are paid.
    function token() external view returns (address);

    /// @notice How many datanets exist. Datanet ids run from 1 to this number.
    function datanetCount() external view returns (uint256);
    /// @notice Datanet `datanetId`. Reverts with UnknownDatanet for an unknown id.
    function datanet(uint256 datanetId) external view returns (DatanetView memory);
    /// @notice The address allowed to post the attribution roots of `datanetId`. Reverts for an unknown id.
    function attestorOf(uint256 datanetId) external view returns (address);
    /// @notice Reverts with UnknownDatanet or DatanetIsClosed unless `datanetId` can be named by a new model.
    function requireOpen(uint256 datanetId) external view;
    /// @notice Whether `account` may review the contributions of `datanetId` (the owner always may).
    function isCurator(uint256 datanetId, address account) external view returns (bool);
    /// @notice The contribution `contentHash` of `datanetId` (status None if there is none).
    function contribution(uint256 datanetId, bytes32 contentHash) external view returns (ContributionView memory);
    /// @notice Contributions of `datanetId` in submission order, from `offset`, at most `limit` of them.
    function contributionsOf(
        uint256 datanetId,
        uint256 offset,
        uint256 limit
    ) external view returns (ContributionView[] memory page);
    /// @notice The contributions of `contributor` among positions [offset, offset + limit) of `datanetId`; `next` is
    /// the offset of the following page (the datanet's count at the end). Across datanets, index the
    /// ContributionSubmitted event, whose contributor is indexed.
    function contributionsBy(
        uint256 datanetId,
        address contributor,
        uint256 offset,
        uint256 limit
    ) external view returns (ContributionView[] memory page, uint256 next);
    /// @notice `contributor`'s totals.
    function contributorStats(address contributor) external view returns (ContributorStats memory);
    /// @notice The batch `root` of `datanetId`.
    function batch(uint256 datanetId, bytes32 root) external view returns (BatchView memory);
    /// @notice The root of the `index`-th batch of `datanetId`.
    function batchRootAt(uint256 datanetId, uint256 index) external view returns (bytes32);
    /// @notice Whether the record `(contributor, contentHash, weight)` is in the batch `root` of `datanetId`.
    function verifyRecord(
        uint256 datanetId,
        bytes32 root,
        address contributor,
        bytes32 contentHash,
        uint256 weight,
        bytes32[] calldata proof
    ) external view returns (bool);
    /// @notice OPEN bond that `account` may withdraw (refunds, and forfeits credited to datanet owners).
    function bondCredit(address account) external view returns (uint256);

    /// @notice Creates a datanet owned by the caller. `bond` OPEN is taken with each contribution to a curated
    /// datanet, refunded on acceptance and forfeited to the owner on rejection. Returns the new id.
    function createDatanet(
        string calldata uri,
        bool curated,
        uint256 bond,
        address attestor
    ) external returns (uint256 datanetId);
    /// @notice Sets the attestor of `datanetId`. Datanet owner only.
    function setAttestor(uint256 datanetId, address attestor) external;
    /// @notice Sets the attestor of `datanetId`. Governance only (e.g. to replace a faulty attestor).
    function setAttestorByGovernance(uint256 datanetId, address attestor) external;
    /// @notice Adds or removes a curator of `datanetId`. Datanet owner only.
    function setCurator(uint256 datanetId, address account, bool isCurator) external;
    /// @notice Hands `datanetId` to `newOwner`. Datanet owner only.
    function transferDatanetOwnership(uint256 datanetId, address newOwner) external;
    /// @notice Closes `datanetId` to new contributions and new models, for good. Datanet owner only.
    function closeDatanet(uint256 datanetId) external;
    /// @notice Contributes the record `contentHash` (its content at `uri`) to `datanetId`. Returns its index.
    function contribute(uint256 datanetId, bytes32 contentHash, string calldata uri) external returns (uint256 index);
    /// @notice Submits `count` records as one Merkle `root` (the tree file at `uri`). Returns the batch's index.
    function contributeRoot(
        uint256 datanetId,
        bytes32 root,
        uint256 count,
        string calldata uri
    ) external returns (uint256 index);
    /// @notice Accepts or rejects many pending contributions of `datanetId`. Owner or curator only.
    function review(uint256 datanetId, Decision[] calldata decisions) external;
    /// @notice Accepts or rejects the pending batch `root` of `datanetId`. Owner or curator only.
    function reviewBatch(uint256 datanetId, bytes32 root, bool accept) external;
    /// @notice Pays the caller its bond credit.
    function withdrawBondCredit() external;
}
