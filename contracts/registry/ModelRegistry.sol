// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { ERC721 } from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import { IDatanetRegistry } from "../interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../interfaces/IModelRegistry.sol";
import { ISettlement } from "../interfaces/ISettlement.sol";
import { FeeSplit } from "../libraries/FeeSplit.sol";
import { TrainingSet } from "../libraries/TrainingSet.sol";

/// @title ModelRegistry
/// @notice Models as ERC-721 tokens, with versions, lineage and settlement terms. See IModelRegistry.
contract ModelRegistry is ERC721, AccessManaged, IModelRegistry {
    using SafeERC20 for IERC20;

    /// @dev Slot 0 is everything settlement needs besides the packed training set, and its first entry too (as in
    /// TrainingSet, 48 bits), so that settling a model of one training datanet reads no other slot of the model.
    /// Model ids fit 32 bits: registration refuses the 2^32-th model.
    struct Model {
        uint96 price;
        uint16 ownerBps;
        ModelStatus status;
        bool suspended;
        uint8 depth;
        uint8 datanetCount;
        uint32 parentId;
        uint32 versionCount;
        uint48 firstEntry;
        uint256[2] datanets;
        string cardURI;
    }

    /// @dev Two slots: a version's weights hash, and when it was published with the datanet versions it was trained on
    /// (packed as in TrainingSet.versionAt, one entry per training datanet).
    struct StoredVersion {
        bytes32 weightsHash;
        uint32 publishedAt;
        uint224 datanetVersions;
    }

    /// @dev Governance parameters, in one slot.
    struct Parameters {
        uint16 minDataBps;
        uint8 maxLineageDepth;
        uint96 publishFee;
    }

    uint256 private constant BPS = 10_000;
    /// @dev Bit offsets of the fields of a Model's slot 0, in declaration order (price at 0).
    uint256 private constant OWNER_BPS_SHIFT = 96;
    uint256 private constant STATUS_SHIFT = 112;
    uint256 private constant SUSPENDED_SHIFT = 120;
    uint256 private constant DEPTH_SHIFT = 128;
    uint256 private constant COUNT_SHIFT = 136;
    uint256 private constant PARENT_SHIFT = 144;
    uint256 private constant FIRST_ENTRY_SHIFT = 208;

    /// @inheritdoc IModelRegistry
    uint256 public constant LINEAGE_DEPTH_CAP = 8;
    /// @inheritdoc IModelRegistry
    uint256 public constant MAX_TRAINING_DATANETS = TrainingSet.MAX_ENTRIES;

    IERC20 private immutable _token;
    IDatanetRegistry private immutable _datanets;
    address private immutable _treasury;

    Parameters private _params;
    uint256 private _modelCount;
    mapping(uint256 modelId => Model) private _models;
    mapping(uint256 modelId => mapping(uint256 version => StoredVersion)) private _versions;

    constructor(
        IERC20 token_,
        IDatanetRegistry datanets_,
        address treasury_,
        address authority,
        uint256 initialMinDataBps,
        uint256 initialMaxLineageDepth,
        uint256 initialPublishFee
    ) ERC721("OpenLedger Model", "OLM") AccessManaged(authority) {
        _token = token_;
        _datanets = datanets_;
        _treasury = treasury_;
        _setMinDataBps(initialMinDataBps);
        _setMaxLineageDepth(initialMaxLineageDepth);
        _setPublishFee(initialPublishFee);
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IModelRegistry
    function datanetRegistry() external view returns (address) {
        return address(_datanets);
    }

    /// @inheritdoc IModelRegistry
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IModelRegistry
    function minDataBps() external view returns (uint256) {
        return _params.minDataBps;
    }

    /// @inheritdoc IModelRegistry
    function maxLineageDepth() external view returns (uint256) {
        return _params.maxLineageDepth;
    }

    /// @inheritdoc IModelRegistry
    function publishFee() external view returns (uint256) {
        return _params.publishFee;
    }

    /// @inheritdoc IModelRegistry
    function modelCount() external view returns (uint256) {
        return _modelCount;
    }

    /// @inheritdoc IModelRegistry
    function model(uint256 modelId) external view returns (ModelView memory v) {
        Model storage m = _existing(modelId);
        v.owner = _ownerOf(modelId);
        v.status = m.status;
        v.suspended = m.suspended;
        v.price = m.price;
        v.ownerBps = m.ownerBps;
        v.parentId = m.parentId;
        v.depth = m.depth;
        v.versionCount = m.versionCount;
        v.cardURI = m.cardURI;
        v.datanets = _trainingSet(modelId, m);
    }

    /// @inheritdoc IModelRegistry
    function trainingSet(uint256 modelId) external view returns (TrainingDatanet[] memory) {
        return _trainingSet(modelId, _existing(modelId));
    }

    /// @inheritdoc IModelRegistry
    function version(uint256 modelId, uint256 index) external view returns (Version memory) {
        Model storage m = _existing(modelId);
        uint256 count = m.versionCount;
        if (index >= count) revert UnknownVersion(modelId, index, count);
        StoredVersion memory stored = _versions[modelId][index];
        return Version(stored.weightsHash, stored.publishedAt, _versionList(stored.datanetVersions, m.datanetCount));
    }

    /// @inheritdoc IModelRegistry
    function lineage(uint256 modelId) external view returns (uint256[] memory ancestors) {
        Model storage m = _existing(modelId);
        ancestors = new uint256[](m.depth);
        for (uint256 i; i < ancestors.length; ++i) {
            ancestors[i] = m.parentId;
            m = _models[m.parentId];
        }
    }

    /// @inheritdoc IModelRegistry
    function settlementTerms(uint256 modelId) external view returns (Terms memory) {
        (Model storage m, uint256 head) = _settleable(modelId);
        return _terms(m, head);
    }

    /// @inheritdoc IModelRegistry
    function packedSettlementTerms(
        uint256 modelId,
        uint256 floorBps
    ) external view returns (uint256 packed, uint256 word0, uint256 word1) {
        (Model storage m, uint256 head) = _settleable(modelId);
        uint256 ownerBps = _cappedOwnerBps(head, floorBps);
        uint256 n = uint8(head >> COUNT_SHIFT);
        packed =
            uint96(head) |
            (ownerBps << 96) |
            (n << 112) |
            (uint256(uint8(head >> DEPTH_SHIFT)) << 120) |
            (uint256(uint32(head >> PARENT_SHIFT)) << 128);
        // A single entry is in slot 0; the words are read only when they hold more.
        if (n == 1) {
            word0 = head >> FIRST_ENTRY_SHIFT;
        } else {
            word0 = m.datanets[0];
            if (n > TrainingSet.PER_WORD) word1 = m.datanets[1];
        }
    }

    /// @inheritdoc IModelRegistry
    function royaltyTerms(uint256 modelId) external view returns (Terms memory) {
        return _royaltyTerms(modelId);
    }

    /// @inheritdoc IModelRegistry
    function quote(uint256 modelId, uint256 units) external view returns (uint256) {
        (, uint256 head) = _settleable(modelId);
        return uint96(head) * units;
    }

    /// @inheritdoc IModelRegistry
    function revenueOwner(uint256 modelId) external view returns (address owner, bool suspended) {
        owner = _requireOwned(modelId);
        suspended = _models[modelId].suspended;
    }

    /// @inheritdoc IModelRegistry
    function splitPreview(
        uint256 modelId,
        uint256 fee,
        uint16 protocolBps,
        uint16 stakersBps,
        uint16 lineageBps
    ) external view returns (ISettlement.SplitPreview memory preview) {
        Terms memory terms = _royaltyTerms(modelId);
        FeeSplit.Sink memory sink = FeeSplit.newSink(terms);
        FeeSplit.Shares memory shares = FeeSplit.Shares(protocolBps, stakersBps, lineageBps);
        // The parents' terms come through the external view, as settlement reads them.
        (preview.protocol, preview.stakers) = FeeSplit.allocate(this, modelId, terms, fee, shares, sink);
        preview.fee = fee;
        preview.models = new ISettlement.Credit[](sink.models);
        for (uint256 i; i < sink.models; ++i) {
            preview.models[i] = ISettlement.Credit(sink.modelIds[i], sink.modelAmounts[i]);
        }
        // Each level credits its model's training datanets in order: the versions come from its training set.
        preview.datanets = new ISettlement.DatanetCredit[](sink.datanets);
        uint256 k;
        for (uint256 i; i < sink.models; ++i) {
            uint256 id = sink.modelIds[i];
            TrainingDatanet[] memory set = _trainingSet(id, _models[id]);
            for (uint256 j; j < set.length; ++j) {
                preview.datanets[k] = ISettlement.DatanetCredit(
                    sink.datanetIds[k],
                    id,
                    set[j].version,
                    sink.datanetAmounts[k]
                );
                ++k;
            }
        }
    }

    /// @notice The model card URI of `modelId`.
    function tokenURI(uint256 modelId) public view override returns (string memory) {
        return _existing(modelId).cardURI;
    }

    // ─── External state-changing ─────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IModelRegistry
    function registerModel(ModelParams calldata p) external returns (uint256 modelId) {
        Parameters memory params = _params;
        // Check: the card, the first version, the economics, the lineage and the training set.
        if (bytes(p.cardURI).length == 0 || bytes(p.weightsURI).length == 0) revert EmptyURI();
        if (p.weightsHash == bytes32(0)) revert ZeroHash();
        _checkPrice(p.price);
        _checkSplit(p.ownerBps, params.minDataBps);
        uint256 depth;
        if (p.parentId != 0) {
            depth = _existing(p.parentId).depth + 1;
            if (depth > params.maxLineageDepth) revert LineageTooDeep(depth, params.maxLineageDepth);
        }
        (uint256[2] memory words, uint256 versions) = _packTrainingSet(p.datanets);

        // Effect:
        modelId = ++_modelCount;
        if (modelId > type(uint32).max) revert ParameterOutOfBounds(modelId, type(uint32).max);
        Model storage m = _models[modelId];
        m.price = uint96(p.price);
        m.ownerBps = uint16(p.ownerBps);
        m.status = ModelStatus.Active;
        m.depth = uint8(depth);
        m.datanetCount = uint8(p.datanets.length);
        m.parentId = uint32(p.parentId);
        m.versionCount = 1;
        m.firstEntry = uint48(words[0]);
        m.datanets = words;
        m.cardURI = p.cardURI;
        _versions[modelId][0] = StoredVersion(p.weightsHash, uint32(block.timestamp), uint224(versions));
        emit ModelRegistered(modelId, msg.sender, p.parentId, p.price, p.ownerBps, p.datanets, p.cardURI);
        emit VersionPublished(modelId, 0, p.weightsHash, _versionList(versions, p.datanets.length), p.weightsURI);

        // Interaction: the fee goes straight to the treasury, and the token is minted with `_mint`, which calls no
        // receiver hook, so registration cannot be re-entered.
        _mint(msg.sender, modelId);
        if (params.publishFee != 0) _token.safeTransferFrom(msg.sender, _treasury, params.publishFee);
    }

    /// @inheritdoc IModelRegistry
    function publishVersion(
        uint256 modelId,
        bytes32 weightsHash,
        string calldata uri,
        uint256[] calldata datanetVersions
    ) external returns (uint256 index) {
        Model storage m = _onlyOwner(modelId);
        // Check: the weights, and the datanet versions, each the one in force or a newer published one.
        if (weightsHash == bytes32(0)) revert ZeroHash();
        if (bytes(uri).length == 0) revert EmptyURI();
        index = m.versionCount;
        uint256 count = m.datanetCount;
        uint256 versions = _versions[modelId][index - 1].datanetVersions;
        uint256 n = datanetVersions.length;
        if (n != 0) {
            if (n != count) revert TrainingVersionsMismatch(n, count);
            uint256[2] memory words = m.datanets;
            for (uint256 i; i < n; ++i) {
                (uint256 datanetId, ) = TrainingSet.at(words, i);
                uint256 current = TrainingSet.versionAt(versions, i);
                uint256 next = datanetVersions[i];
                if (next < current) revert DatanetVersionRegressed(datanetId, next, current);
                if (next == current) continue;
                _datanets.requireVersion(datanetId, next);
                versions = TrainingSet.withVersion(versions, i, next);
            }
        }
        // Effect:
        m.versionCount = uint32(index + 1);
        _versions[modelId][index] = StoredVersion(weightsHash, uint32(block.timestamp), uint224(versions));
        emit VersionPublished(modelId, index, weightsHash, _versionList(versions, count), uri);
    }

    /// @inheritdoc IModelRegistry
    function setPrice(uint256 modelId, uint256 price) external {
        Model storage m = _onlyOwner(modelId);
        _checkPrice(price);
        m.price = uint96(price);
        emit PriceSet(modelId, price);
    }

    /// @inheritdoc IModelRegistry
    function setSplit(uint256 modelId, uint256 ownerBps) external {
        Model storage m = _onlyOwner(modelId);
        _checkSplit(ownerBps, _params.minDataBps);
        m.ownerBps = uint16(ownerBps);
        emit SplitSet(modelId, ownerBps);
    }

    /// @inheritdoc IModelRegistry
    function setCardURI(uint256 modelId, string calldata cardURI) external {
        Model storage m = _onlyOwner(modelId);
        if (bytes(cardURI).length == 0) revert EmptyURI();
        m.cardURI = cardURI;
        emit CardURISet(modelId, cardURI);
    }

    /// @inheritdoc IModelRegistry
    function deprecate(uint256 modelId) external {
        Model storage m = _onlyOwner(modelId);
        if (m.status == ModelStatus.Deprecated) revert ModelIsDeprecated(modelId);
        m.status = ModelStatus.Deprecated;
        emit ModelDeprecated(modelId);
    }

    /// @inheritdoc IModelRegistry
    function setSuspended(uint256 modelId, bool suspended) external restricted {
        Model storage m = _existing(modelId);
        if (m.suspended == suspended) revert SuspensionUnchanged(modelId, suspended);
        m.suspended = suspended;
        emit ModelSuspended(modelId, suspended);
    }

    /// @inheritdoc IModelRegistry
    function setMinDataBps(uint256 newMinDataBps) external restricted {
        _setMinDataBps(newMinDataBps);
    }

    /// @inheritdoc IModelRegistry
    function setMaxLineageDepth(uint256 newMaxLineageDepth) external restricted {
        _setMaxLineageDepth(newMaxLineageDepth);
    }

    /// @inheritdoc IModelRegistry
    function setPublishFee(uint256 newPublishFee) external restricted {
        _setPublishFee(newPublishFee);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _existing(uint256 modelId) private view returns (Model storage m) {
        m = _models[modelId];
        if (m.status == ModelStatus.None) revert UnknownModel(modelId);
    }

    function _onlyOwner(uint256 modelId) private view returns (Model storage m) {
        m = _existing(modelId);
        if (_ownerOf(modelId) != msg.sender) revert NotModelOwner(modelId, msg.sender);
    }

    /// @dev The model and its slot 0, if it may be settled: it exists, is not deprecated and is not suspended.
    function _settleable(uint256 modelId) private view returns (Model storage m, uint256 head) {
        m = _models[modelId];
        head = _head(m);
        uint256 status = uint8(head >> STATUS_SHIFT);
        if (status == uint256(ModelStatus.None)) revert UnknownModel(modelId);
        if (status == uint256(ModelStatus.Deprecated)) revert ModelIsDeprecated(modelId);
        if (uint8(head >> SUSPENDED_SHIFT) != 0) revert ModelIsSuspended(modelId);
    }

    /// @dev The terms of `modelId` whatever its status; reverts for a model that does not exist.
    function _royaltyTerms(uint256 modelId) private view returns (Terms memory) {
        Model storage m = _models[modelId];
        uint256 head = _head(m);
        if (uint8(head >> STATUS_SHIFT) == uint256(ModelStatus.None)) revert UnknownModel(modelId);
        return _terms(m, head);
    }

    /// @dev Slot 0 of `m` in one read: the settlement terms come from it (and from the floor), unpacked at the bit
    /// offsets of the Model struct below.
    function _head(Model storage m) private view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(m.slot)
        }
    }

    /// @dev The owner share is held to the current floor here, so a floor raised by governance applies at once to
    /// every model, without touching their storage. `head` is the model's slot 0 (see `_head`).
    function _terms(Model storage m, uint256 head) private view returns (Terms memory t) {
        t.price = uint96(head);
        t.ownerBps = _cappedOwnerBps(head, _params.minDataBps);
        t.parentId = uint32(head >> PARENT_SHIFT);
        t.suspended = uint8(head >> SUSPENDED_SHIFT) != 0;
        t.depth = uint8(head >> DEPTH_SHIFT);
        uint256 n = uint8(head >> COUNT_SHIFT);
        t.datanetCount = n;
        // A single entry is in slot 0; the words are read only when they hold more.
        if (n == 1) {
            t.datanets[0] = head >> FIRST_ENTRY_SHIFT;
        } else {
            t.datanets[0] = m.datanets[0];
            if (n > TrainingSet.PER_WORD) t.datanets[1] = m.datanets[1];
        }
    }

    /// @dev The owner share of the model whose slot 0 is `head`, held to `floorBps` on the data share. A floor above the
    /// total (only a caller's own argument can be) leaves the owner nothing rather than underflowing.
    function _cappedOwnerBps(uint256 head, uint256 floorBps) private pure returns (uint256) {
        uint256 ownerBps = uint16(head >> OWNER_BPS_SHIFT);
        uint256 maxOwnerBps = floorBps < BPS ? BPS - floorBps : 0;
        return ownerBps < maxOwnerBps ? ownerBps : maxOwnerBps;
    }

    /// @dev The training set of `modelId` in force: its datanets and weights, with the versions of its latest version.
    function _trainingSet(uint256 modelId, Model storage m) private view returns (TrainingDatanet[] memory set) {
        uint256 n = m.datanetCount;
        uint256[2] memory words = m.datanets;
        uint256 versions = _versions[modelId][m.versionCount - 1].datanetVersions;
        set = new TrainingDatanet[](n);
        for (uint256 i; i < n; ++i) {
            (uint256 id, uint256 bps) = TrainingSet.at(words, i);
            set[i] = TrainingDatanet(id, TrainingSet.versionAt(versions, i), bps);
        }
    }

    function _versionList(uint256 versions, uint256 n) private pure returns (uint256[] memory list) {
        list = new uint256[](n);
        for (uint256 i; i < n; ++i) list[i] = TrainingSet.versionAt(versions, i);
    }

    function _packTrainingSet(
        TrainingDatanet[] calldata set
    ) private view returns (uint256[2] memory words, uint256 versions) {
        uint256 n = set.length;
        if (n == 0) revert NoTrainingDatanets();
        if (n > TrainingSet.MAX_ENTRIES) revert TooManyTrainingDatanets(n, TrainingSet.MAX_ENTRIES);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            uint256 id = set[i].datanetId;
            uint256 bps = set[i].weightBps;
            // requireOpenVersion reverts for unknown and closed datanets and for unpublished versions (version 0
            // included), so a version fits 22 bits; ids beyond 32 bits cannot exist in practice but are refused as
            // unknown rather than truncated.
            if (id > type(uint32).max) revert IDatanetRegistry.UnknownDatanet(id);
            _datanets.requireOpenVersion(id, set[i].version);
            if (bps == 0) revert ZeroDatanetWeight(id);
            for (uint256 j; j < i; ++j) {
                if (set[j].datanetId == id) revert DuplicateTrainingDatanet(id);
            }
            sum += bps;
            if (sum > BPS) revert SplitNotTotal(sum);
            TrainingSet.set(words, i, id, bps);
            versions = TrainingSet.withVersion(versions, i, set[i].version);
        }
        if (sum != BPS) revert SplitNotTotal(sum);
    }

    function _checkPrice(uint256 price) private pure {
        if (price == 0) revert ZeroPrice();
        if (price > type(uint96).max) revert PriceTooLarge(price);
    }

    function _checkSplit(uint256 ownerBps, uint256 floor) private pure {
        if (ownerBps > BPS) revert ParameterOutOfBounds(ownerBps, BPS);
        uint256 dataBps = BPS - ownerBps;
        if (dataBps < floor) revert DataShareBelowFloor(dataBps, floor);
    }

    function _setMinDataBps(uint256 value) private {
        if (value > BPS) revert ParameterOutOfBounds(value, BPS);
        _params.minDataBps = uint16(value);
        emit MinDataBpsSet(value);
    }

    function _setMaxLineageDepth(uint256 value) private {
        if (value > LINEAGE_DEPTH_CAP) revert ParameterOutOfBounds(value, LINEAGE_DEPTH_CAP);
        _params.maxLineageDepth = uint8(value);
        emit MaxLineageDepthSet(value);
    }

    function _setPublishFee(uint256 value) private {
        if (value > type(uint96).max) revert ParameterOutOfBounds(value, type(uint96).max);
        _params.publishFee = uint96(value);
        emit PublishFeeSet(value);
    }
}
