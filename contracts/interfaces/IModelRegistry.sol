// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IErrors } from "./IErrors.sol";
import { ISettlement } from "./ISettlement.sol";

/// @title IModelRegistry
/// @notice Specialised models, each an ERC-721 token "OpenLedger Model" (OLM) whose holder is the model's owner. A model
/// has a model card (its token URI), append-only versions (weights hash; the URI is in the VersionPublished event), an
/// optional parent (lineage: fine-tuned from), one to ten training datanets with weights summing to 10,000 basis
/// points, a price per inference in OPEN, and the owner's share of its revenue (the rest goes to its data). Lineage
/// cannot form a cycle: a parent must exist before its child, and never changes.
///
/// Each training datanet is named with the published version of it that the model was trained on. A new model version
/// may move to newer versions of the same datanets (the model was retrained on more data); the datanets and their
/// weights never change. The training set in force when an inference is settled is the one its credit pays: the
/// attribution of each datanet's share goes only to the contributors in that version.
interface IModelRegistry is IErrors {
    /// @notice The lifecycle of a model. Deprecation is final. Suspension (by governance) is a separate flag.
    enum ModelStatus {
        None,
        Active,
        Deprecated
    }

    /// @notice One training datanet, the published version of it trained on, and its weight in basis points.
    struct TrainingDatanet {
        uint256 datanetId;
        uint256 version;
        uint256 weightBps;
    }

    /// @notice What `registerModel` takes.
    struct ModelParams {
        string cardURI;
        bytes32 weightsHash;
        string weightsURI;
        uint256 parentId;
        TrainingDatanet[] datanets;
        uint256 price;
        uint256 ownerBps;
    }

    /// @notice A model, as returned by `model`.
    struct ModelView {
        address owner;
        ModelStatus status;
        bool suspended;
        uint256 price;
        uint256 ownerBps;
        uint256 parentId;
        uint256 depth;
        uint256 versionCount;
        string cardURI;
        TrainingDatanet[] datanets;
    }

    /// @notice One version of a model's weights.
    struct Version {
        bytes32 weightsHash;
        uint256 publishedAt;
        /// @dev The version of each training datanet (in the order of the model's datanets) it was trained on.
        uint256[] datanetVersions;
    }

    /// @notice What settlement needs of a model, in one call: the price, the owner's share (already held to the
    /// governance floor on the data share), the parent, the training datanets packed as in TrainingSet, whether
    /// governance suspended the model (a suspended model earns no lineage royalty: its children's data keeps it), and
    /// its depth in the lineage (how many ancestors it has: a split walks at most depth + 1 levels).
    struct Terms {
        uint256 price;
        uint256 ownerBps;
        uint256 parentId;
        uint256 datanetCount;
        uint256[2] datanets;
        bool suspended;
        uint256 depth;
    }

    /// @notice Thrown when `modelId` does not exist.
    /// @param modelId The model.
    error UnknownModel(uint256 modelId);
    /// @notice Thrown when a price is zero.
    error ZeroPrice();
    /// @notice Thrown when a price does not fit in 96 bits.
    /// @param price The price, in OPEN.
    error PriceTooLarge(uint256 price);
    /// @notice Thrown when a model names no training datanet.
    error NoTrainingDatanets();
    /// @notice Thrown when a model names more than `max` training datanets.
    /// @param count How many were named.
    /// @param max MAX_TRAINING_DATANETS.
    error TooManyTrainingDatanets(uint256 count, uint256 max);
    /// @notice Thrown when a model names `datanetId` twice.
    /// @param datanetId The datanet.
    error DuplicateTrainingDatanet(uint256 datanetId);
    /// @notice Thrown when a training datanet has a weight of zero.
    /// @param datanetId The datanet.
    error ZeroDatanetWeight(uint256 datanetId);
    /// @notice Thrown when training weights sum to `sum` instead of 10,000.
    /// @param sum The sum of the weights, in basis points.
    error SplitNotTotal(uint256 sum);
    /// @notice Thrown when an owner share leaves the data `dataBps`, below the governance floor `minDataBps`.
    /// @param dataBps The data share left, in basis points.
    /// @param minDataBps The floor, in basis points.
    error DataShareBelowFloor(uint256 dataBps, uint256 minDataBps);
    /// @notice Thrown when a model would sit at lineage `depth`, above `maxDepth`.
    /// @param depth The model's depth.
    /// @param maxDepth The lineage depth limit.
    error LineageTooDeep(uint256 depth, uint256 maxDepth);
    /// @notice Thrown when `modelId` is suspended by governance.
    /// @param modelId The model.
    error ModelIsSuspended(uint256 modelId);
    /// @notice Thrown when `modelId` is deprecated.
    /// @param modelId The model.
    error ModelIsDeprecated(uint256 modelId);
    /// @notice Thrown when `modelId` has no version `index` (it has `count`).
    /// @param modelId The model.
    /// @param index The version asked for.
    /// @param count How many versions it has.
    error UnknownVersion(uint256 modelId, uint256 index, uint256 count);
    /// @notice Thrown when a new model version names `count` datanet versions for a model of `expected` datanets.
    /// @param count How many versions were given.
    /// @param expected How many training datanets the model has.
    error TrainingVersionsMismatch(uint256 count, uint256 expected);
    /// @notice Thrown when a new model version names `version` of `datanetId`, older than the `current` one.
    /// @param datanetId The datanet.
    /// @param version The version given.
    /// @param current The version in force.
    error DatanetVersionRegressed(uint256 datanetId, uint256 version, uint256 current);
    /// @notice Thrown when governance sets the suspension flag to the value it already has.
    /// @param modelId The model.
    /// @param suspended The flag asked for, and already set.
    error SuspensionUnchanged(uint256 modelId, bool suspended);

    /// @notice Emitted when `owner` registered `modelId`, fine-tuned from `parentId` (0 for none).
    /// @param modelId The model.
    /// @param owner The owner.
    /// @param parentId The parent model, or 0.
    /// @param price The price per inference, in OPEN.
    /// @param ownerBps The owner's share, in basis points.
    /// @param datanets The training datanets and their weights.
    /// @param cardURI The model card.
    event ModelRegistered(
        uint256 indexed modelId,
        address indexed owner,
        uint256 indexed parentId,
        uint256 price,
        uint256 ownerBps,
        TrainingDatanet[] datanets,
        string cardURI
    );
    /// @notice Emitted when version `version` (0-based) of `modelId` was published, trained on `datanetVersions`. From
    /// this event on, the model's inferences pay the contributors of those datanet versions.
    /// @param modelId The model.
    /// @param version The version's index.
    /// @param weightsHash The hash of the weights.
    /// @param datanetVersions The version of each training datanet, in the order of the model's datanets.
    /// @param uri Where the weights are.
    event VersionPublished(
        uint256 indexed modelId,
        uint256 indexed version,
        bytes32 weightsHash,
        uint256[] datanetVersions,
        string uri
    );
    /// @notice Emitted when the price of `modelId` changed.
    /// @param modelId The model.
    /// @param price The new price per inference, in OPEN.
    event PriceSet(uint256 indexed modelId, uint256 price);
    /// @notice Emitted when the owner share of `modelId` changed.
    /// @param modelId The model.
    /// @param ownerBps The new owner share, in basis points.
    event SplitSet(uint256 indexed modelId, uint256 ownerBps);
    /// @notice Emitted when the model card of `modelId` changed.
    /// @param modelId The model.
    /// @param cardURI The new model card.
    event CardURISet(uint256 indexed modelId, string cardURI);
    /// @notice Emitted when `modelId` was deprecated by its owner.
    /// @param modelId The model.
    event ModelDeprecated(uint256 indexed modelId);
    /// @notice Emitted when governance suspended or reinstated `modelId`.
    /// @param modelId The model.
    /// @param suspended Whether it is now suspended.
    event ModelSuspended(uint256 indexed modelId, bool suspended);
    /// @notice Emitted when governance set the floor on a model's data share.
    /// @param minDataBps The new floor, in basis points.
    event MinDataBpsSet(uint256 minDataBps);
    /// @notice Emitted when governance set the lineage depth limit for new models.
    /// @param maxLineageDepth The new limit.
    event MaxLineageDepthSet(uint256 maxLineageDepth);
    /// @notice Emitted when governance set the fee for registering a model.
    /// @param publishFee The new fee, in OPEN.
    event PublishFeeSet(uint256 publishFee);

    /// @notice The hard cap on the lineage depth limit, which bounds the cost of settlement.
    /// @return The cap (8).
    function LINEAGE_DEPTH_CAP() external view returns (uint256);
    /// @notice The most training datanets one model may name.
    /// @return The most training datanets.
    function MAX_TRAINING_DATANETS() external view returns (uint256);
    /// @notice The datanet registry that training datanets are checked against.
    /// @return The datanet registry's address.
    function datanetRegistry() external view returns (address);
    /// @notice Where publishing fees go (the Timelock).
    /// @return The treasury's address.
    function treasury() external view returns (address);
    /// @notice The floor on a model's data share, in basis points of its revenue.
    /// @return The floor, in basis points.
    function minDataBps() external view returns (uint256);
    /// @notice The lineage depth limit for new models (a model without parent has depth 0).
    /// @return The limit.
    function maxLineageDepth() external view returns (uint256);
    /// @notice The OPEN fee for registering a model, paid to the treasury.
    /// @return The fee, in OPEN.
    function publishFee() external view returns (uint256);
    /// @notice How many models exist. Model ids run from 1 to this number.
    /// @return The number of models.
    function modelCount() external view returns (uint256);
    /// @notice Model `modelId`.
    /// @param modelId The model.
    /// @return The model.
    function model(uint256 modelId) external view returns (ModelView memory);
    /// @notice Version `version` of `modelId`.
    /// @param modelId The model.
    /// @param version The version's index (0-based).
    /// @return The version.
    function version(uint256 modelId, uint256 version) external view returns (Version memory);
    /// @notice The training set of `modelId` in force: its datanets, the versions its latest version was trained on,
    /// and their weights.
    /// @param modelId The model.
    /// @return The training datanets.
    function trainingSet(uint256 modelId) external view returns (TrainingDatanet[] memory);
    /// @notice The ancestors of `modelId`, parent first.
    /// @param modelId The model.
    /// @return ancestors The ancestors' ids, parent first (empty without parent).
    function lineage(uint256 modelId) external view returns (uint256[] memory ancestors);
    /// @notice The terms to settle an inference of `modelId`. Reverts unless the model is active and not suspended.
    /// @param modelId The model.
    /// @return The terms.
    function settlementTerms(uint256 modelId) external view returns (Terms memory);
    /// @notice `settlementTerms` packed in three words, as settlement reads them: `packed` holds the price (bits 0-95),
    /// the owner share held to the data-share floor `floorBps` (bits 96-111), the datanet count (112-119), the depth
    /// (120-127) and the parent (128-159); `word0` and `word1` are the training set packed as in TrainingSet. The model
    /// is not suspended (else this reverts). Reverts as `settlementTerms` does. Settlement passes its copy of the floor
    /// (ISettlement.minDataBps, always equal to `minDataBps()`), which saves it a cold read of the registry's.
    /// @param modelId The model.
    /// @param floorBps The floor on the data share to hold the owner share to, in basis points (at most 10,000).
    /// @return packed The price, owner share, datanet count, depth and parent.
    /// @return word0 The first five training entries.
    /// @return word1 The next five.
    function packedSettlementTerms(
        uint256 modelId,
        uint256 floorBps
    ) external view returns (uint256 packed, uint256 word0, uint256 word1);
    /// @notice The terms of `modelId` whatever its status, for the lineage royalty that its children pay it. A deprecated
    /// model still earns from its children; a suspended one does not (`suspended` is set, and settlement leaves the
    /// royalty with the child's datanets).
    /// @param modelId The model.
    /// @return The terms.
    function royaltyTerms(uint256 modelId) external view returns (Terms memory);
    /// @notice Who holds `modelId`'s revenue, and whether governance froze it: the model NFT's current owner, and
    /// whether the model is suspended. Reverts with ERC721NonexistentToken for a model that does not exist.
    /// @param modelId The model.
    /// @return owner The model's owner, to whom its revenue belongs.
    /// @return suspended Whether the model is suspended (its revenue cannot be withdrawn then).
    function revenueOwner(uint256 modelId) external view returns (address owner, bool suspended);
    /// @notice The fee of `units` inferences of `modelId` now, as Settlement charges it. Reverts as `settlementTerms`
    /// does, for a model that cannot be settled.
    /// @param modelId The model.
    /// @param units How many inferences.
    /// @return fee The fee, in OPEN.
    function quote(uint256 modelId, uint256 units) external view returns (uint256 fee);
    /// @notice How `fee` paid for `modelId` splits at the given shares, by the code that settles (FeeSplit), with the
    /// version of each datanet credit from its level's training set. Settlement's `previewSplit` forwards here with
    /// its shares: the registry holds every term the split reads, and the settle path keeps its code space.
    /// @param modelId The model (any status: a suspended parent's royalty shows under the child's datanets).
    /// @param fee The fee, in OPEN.
    /// @param protocolBps The protocol share, in basis points.
    /// @param stakersBps The stakers share, in basis points.
    /// @param lineageBps The royalty each model pays its parent, in basis points of its owner share.
    /// @return preview The fee, the protocol and stakers shares, and the credits of every model and datanet.
    function splitPreview(
        uint256 modelId,
        uint256 fee,
        uint16 protocolBps,
        uint16 stakersBps,
        uint16 lineageBps
    ) external view returns (ISettlement.SplitPreview memory preview);

    /// @notice Registers a model owned by the caller, paying the publish fee if any. Returns its id.
    /// @param params The model's card, first version, parent, training datanets, price and owner share.
    /// @return modelId The new model's id.
    function registerModel(ModelParams calldata params) external returns (uint256 modelId);
    /// @notice Appends a version to `modelId`, trained on `datanetVersions`. Model owner only. Returns its index.
    /// @param modelId The model.
    /// @param weightsHash The hash of the weights.
    /// @param uri Where the weights are.
    /// @param datanetVersions The version of each training datanet, in the order of the model's datanets, each the one
    /// in force or a newer published one; empty to keep the versions in force.
    /// @return The new version's index.
    function publishVersion(
        uint256 modelId,
        bytes32 weightsHash,
        string calldata uri,
        uint256[] calldata datanetVersions
    ) external returns (uint256);
    /// @notice Sets the price per inference of `modelId`. Model owner only.
    /// @param modelId The model.
    /// @param price The price per inference, in OPEN.
    function setPrice(uint256 modelId, uint256 price) external;
    /// @notice Sets the owner's share of `modelId`'s revenue, within the floor on the data share. Model owner only.
    /// @param modelId The model.
    /// @param ownerBps The owner's share, in basis points.
    function setSplit(uint256 modelId, uint256 ownerBps) external;
    /// @notice Sets the model card of `modelId`. Model owner only.
    /// @param modelId The model.
    /// @param cardURI The model card.
    function setCardURI(uint256 modelId, string calldata cardURI) external;
    /// @notice Deprecates `modelId` for good: it can no longer be settled. Model owner only.
    /// @param modelId The model.
    function deprecate(uint256 modelId) external;
    /// @notice Suspends or reinstates `modelId`. Governance only. While suspended, the model cannot be settled, its
    /// revenue cannot be withdrawn (Settlement), and the lineage royalty that its children would pay it (and, through
    /// it, its ancestors) goes to each child's own training datanets instead.
    /// @param modelId The model.
    /// @param suspended Whether to suspend it.
    function setSuspended(uint256 modelId, bool suspended) external;
    /// @notice Sets the floor on a model's data share. Settlement only (the AccessManager's SETTLEMENT role): governance
    /// sets the floor through `Settlement.setMinDataBps`, which keeps the copy it settles with and sets this one in
    /// the same call, so that the two never differ.
    /// @param newMinDataBps The floor, in basis points.
    function setMinDataBps(uint256 newMinDataBps) external;
    /// @notice Sets the lineage depth limit for new models, at most LINEAGE_DEPTH_CAP. Governance only.
    /// @param newMaxLineageDepth The limit.
    function setMaxLineageDepth(uint256 newMaxLineageDepth) external;
    /// @notice Sets the fee for registering a model. Governance only.
    /// @param newPublishFee The fee, in OPEN.
    function setPublishFee(uint256 newPublishFee) external;
}
