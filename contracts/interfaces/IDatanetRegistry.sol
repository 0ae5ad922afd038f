// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IErrors } from "./IErrors.sol";

/// @title IDatanetRegistry
/// @notice Community datasets ("datanets") and the records contributed to them. A contribution is identified by its
/// content hash within its datanet, and a content hash is accepted only once per datanet. Open datanets accept
/// contributions as they come (weight 1); curated ones keep them pending until a curator accepts (with a weight) or
/// rejects them. Many records can be submitted at once as one Merkle root over `(contributor, contentHash, weight)`
/// leaves (the standard leaf encoding of OpenZeppelin's merkle-tree library). Every change emits an event, so that an indexer can
/// rebuild the whole state from the logs.
///
/// Front-running: a plain `contribute` (or `contributeRoot`) can be copied from the mempool by anyone who sends the
/// same hash first. A contributor who wants its credit safe first commits to
/// `keccak256(abi.encode(contributor, datanetId, contentHash, salt))` with `commitContribution`, then reveals it at
/// least one block and one second later (and at most COMMIT_MAX_AGE after) with `revealContribution`. The record then
/// takes the commit's time as its priority: a record of the same hash submitted strictly after that time (plainly, or
/// by a later commit) is taken over by the revealer, who keeps its index; a record of the same second or earlier
/// stands, since it may have been seen before the commit. Batch roots work the same way with `revealContributionRoot`;
/// an accepted batch that is taken over keeps its accepted count.
///
/// Versions: every accepted contribution (a record or a batch) gets an acceptance number in its datanet, from 1, in
/// the order of acceptance. The owner publishes versions, numbered from 1: version v is the prefix of the first
/// `acceptedCount` accepted contributions at its publication, with their total weight, and the URI of a manifest that
/// lists them (content hashes, contributors, weights), which anyone can rebuild from the events. Versions are
/// append-only, and a contribution accepted later is never part of an earlier version. A model names the versions it
/// was trained on, and attribution pays only the contributors of those versions.
///
/// Review timeout: a contribution or batch that no curator reviewed within `reviewTimeout` of its priority time can be
/// withdrawn by its contributor, whose bond is then credited back.
interface IDatanetRegistry is IErrors {
    /// @notice Where a contribution or a batch stands. It moves Pending → Accepted, Pending → Rejected or
    /// Pending → Withdrawn; a reveal with an earlier commit turns a Rejected or Withdrawn one into a fresh Pending (or,
    /// in an open datanet, Accepted) one of the revealer.
    enum Status {
        None,
        Pending,
        Accepted,
        Rejected,
        Withdrawn
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
        /// @dev Whether governance appointed the attestor: the owner cannot replace it until governance releases it.
        bool attestorAppointed;
        /// @dev How many contributions (records and batches) were accepted: the acceptance number of the last one.
        uint256 acceptedCount;
        /// @dev The total weight of the accepted records (a batch's records carry their weights in its tree).
        uint256 acceptedWeight;
        /// @dev How many versions were published: the number of the latest one (0 for none).
        uint256 versionCount;
    }

    /// @notice A published version of a datanet, as returned by `datanetVersion`.
    struct VersionView {
        /// @dev The version holds the contributions with acceptance numbers 1 to `acceptedCount`.
        uint256 acceptedCount;
        /// @dev The total weight of the accepted records in it.
        uint256 totalWeight;
        uint256 publishedAt;
        uint256 blockNumber;
    }

    /// @notice One contribution, as returned by the views.
    struct ContributionView {
        uint256 datanetId;
        uint256 index;
        bytes32 contentHash;
        address contributor;
        Status status;
        uint256 weight;
        /// @dev The record's priority time: when it was submitted, or when its contributor committed to it.
        uint256 submittedAt;
    }

    /// @notice One Merkle batch of records, as returned by `batch`.
    struct BatchView {
        bytes32 root;
        address submitter;
        Status status;
        uint256 count;
        /// @dev The batch's priority time: when it was submitted, or when its submitter committed to it.
        uint256 submittedAt;
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
    /// @param datanetId The datanet.
    error UnknownDatanet(uint256 datanetId);
    /// @notice Thrown when `caller` is not the owner of `datanetId`.
    /// @param datanetId The datanet.
    /// @param caller The caller.
    error NotDatanetOwner(uint256 datanetId, address caller);
    /// @notice Thrown when `caller` is neither the owner nor a curator of `datanetId`.
    /// @param datanetId The datanet.
    /// @param caller The caller.
    error NotCurator(uint256 datanetId, address caller);
    /// @notice Thrown when `datanetId` is closed to new contributions and new models.
    /// @param datanetId The datanet.
    error DatanetIsClosed(uint256 datanetId);
    /// @notice Thrown when an open datanet is created with a contribution bond: only curation can forfeit one.
    /// @param bond The bond asked for, in OPEN.
    error BondRequiresCuration(uint256 bond);
    /// @notice Thrown when `contentHash` was already contributed to `datanetId`.
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    error DuplicateContribution(uint256 datanetId, bytes32 contentHash);
    /// @notice Thrown when `contentHash` was never contributed to `datanetId`.
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    error UnknownContribution(uint256 datanetId, bytes32 contentHash);
    /// @notice Thrown when a review targets a contribution or batch that is no longer pending.
    /// @param datanetId The datanet.
    /// @param key The record's content hash, or the batch's root.
    /// @param status Its status.
    error NotPending(uint256 datanetId, bytes32 key, Status status);
    /// @notice Thrown when a weight exceeds `maxWeight`.
    /// @param weight The weight given.
    /// @param maxWeight MAX_WEIGHT.
    error WeightTooLarge(uint256 weight, uint256 maxWeight);
    /// @notice Thrown when a batch claims more than `max` records.
    /// @param count The count claimed.
    /// @param max MAX_BATCH_COUNT.
    error BatchTooLarge(uint256 count, uint256 max);
    /// @notice Thrown when a contribution bond exceeds `max`.
    /// @param bond The bond asked for, in OPEN.
    /// @param max The largest bond, in OPEN.
    error BondTooLarge(uint256 bond, uint256 max);
    /// @notice Thrown when `root` was already submitted to `datanetId`.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    error DuplicateBatch(uint256 datanetId, bytes32 root);
    /// @notice Thrown when `root` was never submitted to `datanetId`.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    error UnknownBatch(uint256 datanetId, bytes32 root);
    /// @notice Thrown when `version` of `datanetId` is not published: versions run from 1 to `latest`.
    /// @param datanetId The datanet.
    /// @param version The version asked for.
    /// @param latest The latest published version (0 for none).
    error UnknownDatanetVersion(uint256 datanetId, uint256 version, uint256 latest);
    /// @notice Thrown when the owner publishes a version of `datanetId` that would hold nothing new: `acceptedCount`
    /// contributions were accepted, all of them in version `latest` already.
    /// @param datanetId The datanet.
    /// @param latest The latest published version (0 for none).
    /// @param acceptedCount How many contributions were accepted so far.
    error NothingAcceptedSinceVersion(uint256 datanetId, uint256 latest, uint256 acceptedCount);
    /// @notice Thrown when `datanetId` has published MAX_VERSIONS versions already.
    /// @param datanetId The datanet.
    /// @param max MAX_VERSIONS.
    error TooManyVersions(uint256 datanetId, uint256 max);
    /// @notice Thrown when `account` withdraws bond credit and has none.
    /// @param account The account.
    error NoBondCredit(address account);
    /// @notice Thrown when the owner of `datanetId` replaces `attestor`, which governance appointed and has not released.
    /// @param datanetId The datanet.
    /// @param attestor The attestor governance appointed.
    error AttestorAppointedByGovernance(uint256 datanetId, address attestor);
    /// @notice Thrown when governance releases the attestor of `datanetId`, which governance did not appoint.
    /// @param datanetId The datanet.
    error AttestorNotAppointed(uint256 datanetId);
    /// @notice Thrown when a review timeout is outside [`min`, `max`] seconds.
    /// @param reviewTimeout The timeout asked for, in seconds.
    /// @param min MIN_REVIEW_TIMEOUT.
    /// @param max MAX_REVIEW_TIMEOUT.
    error ReviewTimeoutOutOfBounds(uint256 reviewTimeout, uint256 min, uint256 max);
    /// @notice Thrown when `caller` withdraws the record or batch `key` of `datanetId`, which it did not submit.
    /// @param datanetId The datanet.
    /// @param key The record's content hash, or the batch's root.
    /// @param caller The caller.
    error NotContributor(uint256 datanetId, bytes32 key, address caller);
    /// @notice Thrown when the pending record or batch `key` of `datanetId` is withdrawn before `withdrawableAt`.
    /// @param datanetId The datanet.
    /// @param key The record's content hash, or the batch's root.
    /// @param withdrawableAt When it becomes withdrawable: its priority time plus the review timeout.
    error ReviewTimeoutNotReached(uint256 datanetId, bytes32 key, uint256 withdrawableAt);
    /// @notice Thrown when `datanetId` already holds `max` contributions, the most that a record's index can count.
    /// @param datanetId The datanet.
    /// @param max MAX_CONTRIBUTIONS.
    error TooManyContributions(uint256 datanetId, uint256 max);
    /// @notice Thrown when `account` commits to `commitment` again while its earlier commit is still stored.
    /// @param account The committer.
    /// @param commitment The commitment.
    error CommitmentExists(address account, bytes32 commitment);
    /// @notice Thrown when `account` reveals a contribution without a commit to `commitment` (or one already used).
    /// @param account The revealer.
    /// @param commitment The commitment the reveal computes.
    error UnknownCommitment(address account, bytes32 commitment);
    /// @notice Thrown when `commitment` is revealed in `committedInBlock`, the block of its commit, or at `committedAt`,
    /// the second of its commit: wait for a later block with a later timestamp.
    /// @param commitment The commitment.
    /// @param committedInBlock The block of its commit.
    /// @param committedAt The timestamp of its commit.
    error CommitmentTooRecent(bytes32 commitment, uint256 committedInBlock, uint256 committedAt);
    /// @notice Thrown when `commitment` is revealed after `expiredAt` (its commit time plus COMMIT_MAX_AGE).
    /// @param commitment The commitment.
    /// @param expiredAt The last second at which it could be revealed.
    error CommitmentExpired(bytes32 commitment, uint256 expiredAt);

    /// @notice Emitted when `owner` created datanet `datanetId`.
    /// @param datanetId The datanet.
    /// @param owner The owner.
    /// @param curated Whether contributions wait for a curator's review.
    /// @param bond The bond per contribution or batch, in OPEN.
    /// @param attestor The attestor.
    /// @param uri The datanet's description.
    event DatanetCreated(
        uint256 indexed datanetId,
        address indexed owner,
        bool curated,
        uint256 bond,
        address attestor,
        string uri
    );
    /// @notice Emitted when the attestor of `datanetId` changed to `attestor`.
    /// @param datanetId The datanet.
    /// @param attestor The new attestor.
    event AttestorSet(uint256 indexed datanetId, address indexed attestor);
    /// @notice Emitted (after AttestorSet) when governance appointed `attestor` for `datanetId`: the owner cannot
    /// replace it until governance releases it.
    /// @param datanetId The datanet.
    /// @param attestor The attestor governance appointed.
    event AttestorAppointed(uint256 indexed datanetId, address indexed attestor);
    /// @notice Emitted when governance released `attestor` of `datanetId`: the owner may replace it again.
    /// @param datanetId The datanet.
    /// @param attestor The attestor released.
    event AttestorReleased(uint256 indexed datanetId, address indexed attestor);
    /// @notice Emitted when governance set the review timeout, in seconds.
    /// @param reviewTimeout The new timeout, in seconds.
    event ReviewTimeoutSet(uint256 reviewTimeout);
    /// @notice Emitted when `contributor` committed to `commitment` (see `commitmentOf`).
    /// @param contributor The committer.
    /// @param commitment The commitment.
    event ContributionCommitted(address indexed contributor, bytes32 indexed commitment);
    /// @notice Emitted when a reveal with an earlier commit took the record `contentHash` of `datanetId` over from
    /// `previousContributor` (whose record was `previousStatus`). The record keeps its index; `contributor` now holds
    /// it, with `status` and `weight`, and its content at `uri`. An accepted record's totals moved from the previous
    /// contributor to the new one.
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    /// @param contributor The new contributor.
    /// @param previousContributor The previous contributor.
    /// @param previousStatus The record's status before.
    /// @param status The record's status now.
    /// @param weight The record's weight now.
    /// @param uri Where the record's content is.
    event ContributionClaimed(
        uint256 indexed datanetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        address previousContributor,
        Status previousStatus,
        Status status,
        uint256 weight,
        string uri
    );
    /// @notice Emitted when a reveal with an earlier commit took the batch `root` of `datanetId` over from
    /// `previousSubmitter` (whose batch was `previousStatus`). The batch keeps its index; `submitter` now holds it, with
    /// `status` and `count` (an accepted batch's count is the one that was accepted), and its tree file at `uri`.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    /// @param submitter The new submitter.
    /// @param previousSubmitter The previous submitter.
    /// @param previousStatus The batch's status before.
    /// @param status The batch's status now.
    /// @param count How many records the batch holds.
    /// @param uri Where the tree file is.
    event BatchClaimed(
        uint256 indexed datanetId,
        bytes32 indexed root,
        address indexed submitter,
        address previousSubmitter,
        Status previousStatus,
        Status status,
        uint256 count,
        string uri
    );
    /// @notice Emitted when `contributor` withdrew its pending record `contentHash` of `datanetId` after the review
    /// timeout (its bond is credited back: see BondCredited).
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    /// @param contributor The contributor.
    event ContributionWithdrawn(uint256 indexed datanetId, bytes32 indexed contentHash, address indexed contributor);
    /// @notice Emitted when `submitter` withdrew its pending batch `root` of `datanetId` after the review timeout.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    /// @param submitter The submitter.
    event BatchWithdrawn(uint256 indexed datanetId, bytes32 indexed root, address indexed submitter);
    /// @notice Emitted when `account` was made (or no longer is) a curator of `datanetId`.
    /// @param datanetId The datanet.
    /// @param account The account.
    /// @param isCurator Whether it is now a curator.
    event CuratorSet(uint256 indexed datanetId, address indexed account, bool isCurator);
    /// @notice Emitted when the ownership of `datanetId` moved from `previousOwner` to `newOwner`.
    /// @param datanetId The datanet.
    /// @param previousOwner The previous owner.
    /// @param newOwner The new owner.
    event DatanetOwnershipTransferred(
        uint256 indexed datanetId,
        address indexed previousOwner,
        address indexed newOwner
    );
    /// @notice Emitted when `datanetId` was closed.
    /// @param datanetId The datanet.
    event DatanetClosed(uint256 indexed datanetId);
    /// @notice Emitted when `contributor` contributed `contentHash` to `datanetId`, at position `index`.
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    /// @param contributor The contributor.
    /// @param index The record's position in the datanet.
    /// @param weight The weight: 0 while pending, DEFAULT_WEIGHT in an open datanet.
    /// @param acceptance The record's acceptance number if it was accepted at once (open datanet); 0 if it is pending
    /// (curated datanet).
    /// @param uri Where the record's content is.
    event ContributionSubmitted(
        uint256 indexed datanetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        uint256 index,
        uint256 weight,
        uint256 acceptance,
        string uri
    );
    /// @notice Emitted when a curator accepted (weight > 0) or rejected (weight 0) a contribution.
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    /// @param contributor The contributor.
    /// @param weight The weight given (0 on rejection).
    /// @param acceptance The record's acceptance number (0 on rejection).
    event ContributionReviewed(
        uint256 indexed datanetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        uint256 weight,
        uint256 acceptance
    );
    /// @notice Emitted when `submitter` submitted `count` records of `datanetId` as one Merkle `root`.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    /// @param submitter The submitter.
    /// @param index The batch's position in the datanet.
    /// @param count How many records the batch holds.
    /// @param acceptance The batch's acceptance number if it was accepted at once (open datanet); 0 if it is pending
    /// (curated datanet).
    /// @param uri Where the tree file is.
    event BatchSubmitted(
        uint256 indexed datanetId,
        bytes32 indexed root,
        address indexed submitter,
        uint256 index,
        uint256 count,
        uint256 acceptance,
        string uri
    );
    /// @notice Emitted when a curator accepted or rejected the batch `root` of `datanetId`.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    /// @param acceptance The batch's acceptance number if it was accepted; 0 if it was rejected.
    event BatchReviewed(uint256 indexed datanetId, bytes32 indexed root, uint256 acceptance);
    /// @notice Emitted when the owner published `version` of `datanetId`: its first `acceptedCount` accepted
    /// contributions, of total weight `totalWeight`, listed by the manifest at `uri`.
    /// @param datanetId The datanet.
    /// @param version The version's number, from 1.
    /// @param acceptedCount The acceptance numbers 1 to `acceptedCount` are in the version.
    /// @param totalWeight The total weight of the accepted records in it.
    /// @param uri Where the version's manifest is.
    event DatanetVersionPublished(
        uint256 indexed datanetId,
        uint256 indexed version,
        uint256 acceptedCount,
        uint256 totalWeight,
        string uri
    );
    /// @notice Emitted when `account` was credited `amount` of OPEN bond (refunded, or forfeited to the owner).
    /// @param datanetId The datanet.
    /// @param account The account credited.
    /// @param amount The amount, in OPEN.
    event BondCredited(uint256 indexed datanetId, address indexed account, uint256 amount);
    /// @notice Emitted when `account` withdrew `amount` of bond credit.
    /// @param account The account.
    /// @param amount The amount, in OPEN.
    event BondWithdrawn(address indexed account, uint256 amount);

    /// @notice The largest weight of one contribution.
    /// @return The largest weight (2^24 - 1).
    function MAX_WEIGHT() external view returns (uint256);
    /// @notice The weight an open datanet gives every contribution.
    /// @return The default weight (1).
    function DEFAULT_WEIGHT() external view returns (uint256);
    /// @notice The OPEN token in which contribution bonds are paid.
    /// @return The OPEN token's address.
    function token() external view returns (address);
    /// @notice The most contributions one datanet can hold (a record's index is below it).
    /// @return The most contributions (2^32).
    function MAX_CONTRIBUTIONS() external view returns (uint256);
    /// @notice The most records one batch can claim.
    /// @return The most records (2^48 - 1).
    function MAX_BATCH_COUNT() external view returns (uint256);
    /// @notice The shortest review timeout governance can set, in seconds.
    /// @return The shortest timeout, in seconds (one hour).
    function MIN_REVIEW_TIMEOUT() external view returns (uint256);
    /// @notice The longest review timeout governance can set, in seconds.
    /// @return The longest timeout, in seconds (365 days).
    function MAX_REVIEW_TIMEOUT() external view returns (uint256);
    /// @notice How long a commit can be revealed after it was made, in seconds (a reveal at exactly this age passes).
    /// @return The age, in seconds (one day).
    function COMMIT_MAX_AGE() external view returns (uint256);
    /// @notice The most versions one datanet can publish (a model packs a version number in 22 bits).
    /// @return The most versions (2^22 - 1).
    function MAX_VERSIONS() external view returns (uint256);
    /// @notice Seconds after its priority time from which a pending contribution or batch can be withdrawn.
    /// @return The timeout, in seconds.
    function reviewTimeout() external view returns (uint256);
    /// @notice Whether governance appointed the attestor of `datanetId` (and has not released it).
    /// @param datanetId The datanet. Reverts with UnknownDatanet for an unknown id.
    /// @return appointed True while the owner cannot replace the attestor.
    function attestorAppointed(uint256 datanetId) external view returns (bool appointed);
    /// @notice The commitment to a contribution (or a batch root, as `contentHash`).
    /// @param contributor The account that will reveal it.
    /// @param datanetId The datanet it goes to.
    /// @param contentHash The record's content hash, or the batch's root.
    /// @param salt A secret random value, so that the commitment does not tell the content.
    /// @return commitment `keccak256(abi.encode(contributor, datanetId, contentHash, salt))`.
    function commitmentOf(
        address contributor,
        uint256 datanetId,
        bytes32 contentHash,
        bytes32 salt
    ) external pure returns (bytes32 commitment);
    /// @notice The commit of `account` to `commitment`: both zero if there is none (never made, or already revealed).
    /// @param account The committer.
    /// @param commitment The commitment.
    /// @return blockNumber The block of the commit.
    /// @return committedAt The timestamp of the commit: the priority time of the record it reveals.
    function commitOf(
        address account,
        bytes32 commitment
    ) external view returns (uint256 blockNumber, uint256 committedAt);

    /// @notice How many datanets exist. Datanet ids run from 1 to this number.
    /// @return The number of datanets.
    function datanetCount() external view returns (uint256);
    /// @notice Datanet `datanetId`. Reverts with UnknownDatanet for an unknown id.
    /// @param datanetId The datanet.
    /// @return The datanet.
    function datanet(uint256 datanetId) external view returns (DatanetView memory);
    /// @notice The address allowed to post the attribution roots of `datanetId`. Reverts for an unknown id.
    /// @param datanetId The datanet.
    /// @return The attestor.
    function attestorOf(uint256 datanetId) external view returns (address);
    /// @notice How many versions `datanetId` has published: the number of the latest one (0 for none).
    /// @param datanetId The datanet.
    /// @return The number of the latest version.
    function versionCount(uint256 datanetId) external view returns (uint256);
    /// @notice Version `version` of `datanetId`. Reverts with UnknownDatanetVersion unless it is published.
    /// @param datanetId The datanet.
    /// @param version The version, from 1.
    /// @return The version.
    function datanetVersion(uint256 datanetId, uint256 version) external view returns (VersionView memory);
    /// @notice Reverts with UnknownDatanet or UnknownDatanetVersion unless `version` of `datanetId` is published.
    /// @param datanetId The datanet.
    /// @param version The version.
    function requireVersion(uint256 datanetId, uint256 version) external view;
    /// @notice Reverts with UnknownDatanet, DatanetIsClosed or UnknownDatanetVersion unless a new model can name
    /// `version` of `datanetId` as training data.
    /// @param datanetId The datanet.
    /// @param version The version.
    function requireOpenVersion(uint256 datanetId, uint256 version) external view;
    /// @notice Whether `account` may review the contributions of `datanetId` (the owner always may).
    /// @param datanetId The datanet.
    /// @param account The account.
    /// @return Whether it may review.
    function isCurator(uint256 datanetId, address account) external view returns (bool);
    /// @notice The contribution `contentHash` of `datanetId` (status None if there is none).
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    /// @return The contribution.
    function contribution(uint256 datanetId, bytes32 contentHash) external view returns (ContributionView memory);
    /// @notice Contributions of `datanetId` in submission order, from `offset`, at most `limit` of them.
    /// @param datanetId The datanet.
    /// @param offset The first position.
    /// @param limit The most contributions to return.
    /// @return page The contributions.
    function contributionsOf(
        uint256 datanetId,
        uint256 offset,
        uint256 limit
    ) external view returns (ContributionView[] memory page);
    /// @notice The contributions of `contributor` among positions [offset, offset + limit) of `datanetId`; `next` is
    /// the offset of the following page (the datanet's count at the end). Across datanets, index the
    /// ContributionSubmitted event, whose contributor is indexed.
    /// @param datanetId The datanet.
    /// @param contributor The contributor.
    /// @param offset The first position.
    /// @param limit The most positions to scan.
    /// @return page The contributor's contributions among them.
    /// @return next The offset of the following page.
    function contributionsBy(
        uint256 datanetId,
        address contributor,
        uint256 offset,
        uint256 limit
    ) external view returns (ContributionView[] memory page, uint256 next);
    /// @notice `contributor`'s totals.
    /// @param contributor The contributor.
    /// @return The totals.
    function contributorStats(address contributor) external view returns (ContributorStats memory);
    /// @notice The batch `root` of `datanetId`.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    /// @return The batch (status None if there is none).
    function batch(uint256 datanetId, bytes32 root) external view returns (BatchView memory);
    /// @notice The root of the `index`-th batch of `datanetId`.
    /// @param datanetId The datanet.
    /// @param index The batch's position in the datanet.
    /// @return The batch's Merkle root.
    function batchRootAt(uint256 datanetId, uint256 index) external view returns (bytes32);
    /// @notice Whether the record `(contributor, contentHash, weight)` is in the batch `root` of `datanetId`.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    /// @param contributor The record's contributor.
    /// @param contentHash The record's content hash.
    /// @param weight The record's weight.
    /// @param proof The Merkle proof of the record's leaf.
    /// @return Whether the proof holds.
    function verifyRecord(
        uint256 datanetId,
        bytes32 root,
        address contributor,
        bytes32 contentHash,
        uint256 weight,
        bytes32[] calldata proof
    ) external view returns (bool);
    /// @notice OPEN bond that `account` may withdraw (refunds, and forfeits credited to datanet owners).
    /// @param account The account.
    /// @return The credit, in OPEN.
    function bondCredit(address account) external view returns (uint256);

    /// @notice Creates a datanet owned by the caller. `bond` OPEN is taken with each contribution to a curated
    /// datanet, refunded on acceptance and forfeited to the owner on rejection. Returns the new id.
    /// @param uri The datanet's description.
    /// @param curated Whether contributions wait for a curator's review.
    /// @param bond The bond per contribution or batch, in OPEN (0 for an open datanet).
    /// @param attestor The address allowed to post its attribution roots.
    /// @return datanetId The new datanet's id.
    function createDatanet(
        string calldata uri,
        bool curated,
        uint256 bond,
        address attestor
    ) external returns (uint256 datanetId);
    /// @notice Sets the attestor of `datanetId`. Datanet owner only, and not while governance's appointment stands
    /// (AttestorAppointedByGovernance).
    /// @param datanetId The datanet.
    /// @param attestor The new attestor.
    function setAttestor(uint256 datanetId, address attestor) external;
    /// @notice Appoints the attestor of `datanetId`. Governance only (e.g. to replace a faulty attestor). The owner
    /// cannot replace it until governance calls `releaseAttestor`.
    /// @param datanetId The datanet.
    /// @param attestor The new attestor.
    function setAttestorByGovernance(uint256 datanetId, address attestor) external;
    /// @notice Lets the owner of `datanetId` set its attestor again. Governance only.
    /// @param datanetId A datanet whose attestor governance appointed (else AttestorNotAppointed).
    function releaseAttestor(uint256 datanetId) external;
    /// @notice Sets the review timeout. Governance only.
    /// @param reviewTimeout_ Seconds, within [MIN_REVIEW_TIMEOUT, MAX_REVIEW_TIMEOUT]. It applies to every pending
    /// contribution and batch, counted from its priority time.
    function setReviewTimeout(uint256 reviewTimeout_) external;
    /// @notice Adds or removes a curator of `datanetId`. Datanet owner only.
    /// @param datanetId The datanet.
    /// @param account The account.
    /// @param isCurator Whether it is to be a curator.
    function setCurator(uint256 datanetId, address account, bool isCurator) external;
    /// @notice Hands `datanetId` to `newOwner`. Datanet owner only.
    /// @param datanetId The datanet.
    /// @param newOwner The new owner.
    function transferDatanetOwnership(uint256 datanetId, address newOwner) external;
    /// @notice Closes `datanetId` to new contributions and new models, for good. Datanet owner only.
    /// @param datanetId The datanet.
    function closeDatanet(uint256 datanetId) external;
    /// @notice Publishes the next version of `datanetId`: every contribution accepted so far, with the manifest at
    /// `uri`. Datanet owner only; at least one contribution must have been accepted since the latest version. A closed
    /// datanet can still publish the versions of what it accepted.
    /// @param datanetId The datanet.
    /// @param uri Where the version's manifest is.
    /// @return version The new version's number, from 1.
    function publishVersion(uint256 datanetId, string calldata uri) external returns (uint256 version);
    /// @notice Contributes the record `contentHash` (its content at `uri`) to `datanetId`. Returns its index.
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    /// @param uri Where the record's content is.
    /// @return index The record's position in the datanet.
    function contribute(uint256 datanetId, bytes32 contentHash, string calldata uri) external returns (uint256 index);
    /// @notice Submits `count` records as one Merkle `root` (the tree file at `uri`). Returns the batch's index.
    /// @param datanetId The datanet.
    /// @param root The Merkle root of the records.
    /// @param count How many records the batch holds.
    /// @param uri Where the tree file is.
    /// @return index The batch's position in the datanet.
    function contributeRoot(
        uint256 datanetId,
        bytes32 root,
        uint256 count,
        string calldata uri
    ) external returns (uint256 index);
    /// @notice Commits the caller to a contribution (or a batch root) without telling it: see `commitmentOf`.
    /// @param commitment The commitment; refused if zero, or if the caller's earlier commit to it is still stored.
    function commitContribution(bytes32 commitment) external;
    /// @notice Reveals the caller's commit to `contentHash` and contributes it (its content at `uri`) with the
    /// commit's time as its priority. A record of the same hash submitted strictly after that time by someone else is
    /// taken over (one submitted in the same second stands: it may have been seen before the commit) (ContributionClaimed): the caller becomes its contributor at the same index. An accepted record's
    /// totals move to the caller; a pending one's bond is credited back to its previous contributor and taken from the
    /// caller; a rejected or withdrawn one becomes a fresh pending (open datanet: accepted) record of the caller.
    /// The commit must be at least one block and one second old (a later block with a later timestamp), and at most
    /// COMMIT_MAX_AGE old; it is used up.
    /// @param datanetId The datanet.
    /// @param contentHash The record's content hash.
    /// @param uri Where the record's content is.
    /// @param salt The salt of the commitment.
    /// @return index The record's position in the datanet.
    function revealContribution(
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri,
        bytes32 salt
    ) external returns (uint256 index);
    /// @notice Reveals the caller's commit to the batch `root` and submits it, like `revealContribution` does for one
    /// record: a batch of the same root submitted strictly after the commit's time by someone else is taken over
    /// (BatchClaimed), keeping its index; else the batch is new (BatchSubmitted). An accepted batch keeps the count that
    /// was accepted, whatever `count` says; a pending, rejected or withdrawn one takes `count`.
    /// @param datanetId The datanet.
    /// @param root The Merkle root of the records.
    /// @param count How many records the batch holds.
    /// @param uri Where the tree file is.
    /// @param salt The salt of the commitment (made with `root` as the content hash).
    function revealContributionRoot(
        uint256 datanetId,
        bytes32 root,
        uint256 count,
        string calldata uri,
        bytes32 salt
    ) external;
    /// @notice Withdraws the caller's pending contribution `contentHash` of `datanetId` once `reviewTimeout` has passed
    /// since its priority time. Its status becomes Withdrawn, and its bond is credited back to the caller.
    /// @param datanetId The datanet.
    /// @param contentHash The caller's pending record.
    function withdrawContribution(uint256 datanetId, bytes32 contentHash) external;
    /// @notice Withdraws the caller's pending batch `root` of `datanetId` once `reviewTimeout` has passed since its
    /// priority time. Its status becomes Withdrawn, and its bond is credited back to the caller.
    /// @param datanetId The datanet.
    /// @param root The caller's pending batch.
    function withdrawContributionRoot(uint256 datanetId, bytes32 root) external;
    /// @notice Accepts or rejects many pending contributions of `datanetId`. Owner or curator only.
    /// @param datanetId The datanet.
    /// @param decisions The decisions, one per pending contribution.
    function review(uint256 datanetId, Decision[] calldata decisions) external;
    /// @notice Accepts or rejects the pending batch `root` of `datanetId`. Owner or curator only.
    /// @param datanetId The datanet.
    /// @param root The batch's Merkle root.
    /// @param accept Whether to accept it (else it is rejected).
    function reviewBatch(uint256 datanetId, bytes32 root, bool accept) external;
    /// @notice Pays the caller its bond credit.
    function withdrawBondCredit() external;
}
