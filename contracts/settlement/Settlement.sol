// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { IERC721 } from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import { IDatanetRegistry } from "../interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../interfaces/IModelRegistry.sol";
import { ISettlement } from "../interfaces/ISettlement.sol";
import { IStakedOpen } from "../interfaces/IStakedOpen.sol";
import { PermitLib } from "../libraries/PermitLib.sol";
import { TrainingSet } from "../libraries/TrainingSet.sol";
import { AttributionEpochs } from "./AttributionEpochs.sol";

/// @title Settlement
/// @notice The vault of the protocol's fees: inference settlement and its split (ISettlement), and the attribution
/// roots and claims of the datanets' share (IAttributionEpochs, inherited). Holding both in one contract is what lets a
/// claim pay straight from the pool its datanet accrued, without a second transfer per settlement.
/// @dev Conservation: the OPEN held here always equals treasury + stakers credits + Σ model revenue
/// + Σ (datanet accrued − claimed) + Σ attestor bonds, to the unit.
contract Settlement is AttributionEpochs, ISettlement {
    using SafeERC20 for IERC20;

    /// @notice Construction parameters.
    struct InitParams {
        uint256 protocolBps;
        uint256 stakersBps;
        uint256 lineageBps;
        uint256 challengeWindow;
        uint256 vetoBondLock;
        uint256 minAttestorBond;
        uint256 bondFactor;
        uint256 activationBondLock;
        uint256 maxGuardianVetoes;
    }

    /// @dev The shares, read together by every settlement.
    struct FeeParams {
        uint16 protocolBps;
        uint16 stakersBps;
        uint16 lineageBps;
    }

    /// @dev The credits of one allocation, in memory: computed by `_allocate` (a view, shared with `previewSplit`),
    /// then written by `_apply`. Allocated once per transaction and reused for every inference of a batch.
    struct Sink {
        uint256 models;
        uint256 datanets;
        uint256[] modelIds;
        uint256[] modelAmounts;
        uint256[] datanetIds;
        uint256[] datanetAmounts;
    }

    uint256 private constant BPS = 10_000;
    /// @dev At most LINEAGE_DEPTH_CAP ancestors plus the model itself, each with at most MAX_ENTRIES datanets.
    uint256 private constant MAX_LEVELS = 9;

    /// @inheritdoc ISettlement
    uint256 public constant MAX_FEE_SHARES_BPS = 5_000;
    /// @inheritdoc ISettlement
    uint256 public constant MAX_LINEAGE_BPS = 5_000;

    IModelRegistry private immutable _models;
    IStakedOpen private immutable _gopen;
    address private immutable _treasury;

    FeeParams private _fees;
    mapping(uint256 modelId => uint256) private _modelRevenue;

    constructor(
        IERC20 token_,
        IModelRegistry models_,
        IDatanetRegistry datanets_,
        IStakedOpen gopen_,
        address treasury_,
        address authority,
        InitParams memory p
    )
        AttributionEpochs(
            token_,
            datanets_,
            authority,
            p.challengeWindow,
            p.vetoBondLock,
            p.minAttestorBond,
            p.bondFactor,
            p.activationBondLock,
            p.maxGuardianVetoes
        )
    {
        if (treasury_ == address(0)) revert ZeroAddress();
        _models = models_;
        _gopen = gopen_;
        _treasury = treasury_;
        _setFeeShares(p.protocolBps, p.stakersBps);
        _setLineageBps(p.lineageBps);
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The OPEN token, the model registry, the datanet registry, gOPEN and the treasury.
    function dependencies()
        external
        view
        returns (address token, address models, address datanets, address gopen, address treasury)
    {
        return (address(_token), address(_models), address(_datanets), address(_gopen), _treasury);
    }

    /// @inheritdoc ISettlement
    function protocolBps() external view returns (uint256) {
        return _fees.protocolBps;
    }

    /// @inheritdoc ISettlement
    function stakersBps() external view returns (uint256) {
        return _fees.stakersBps;
    }

    /// @inheritdoc ISettlement
    function lineageBps() external view returns (uint256) {
        return _fees.lineageBps;
    }

    /// @inheritdoc ISettlement
    function treasuryAccrued() external view returns (uint256) {
        return _credits.treasury;
    }

    /// @inheritdoc ISettlement
    function stakersAccrued() external view returns (uint256) {
        return _credits.stakers;
    }

    /// @inheritdoc ISettlement
    function modelRevenue(uint256 modelId) external view returns (uint256) {
        return _modelRevenue[modelId];
    }

    /// @inheritdoc ISettlement
    function accrued(uint256 datanetId) external view returns (uint256) {
        return _accrued[datanetId];
    }

    /// @inheritdoc ISettlement
    function quote(uint256 modelId, uint256 units) external view returns (uint256) {
        return _models.settlementTerms(modelId).price * units;
    }

    /// @inheritdoc ISettlement
    function previewSplit(uint256 modelId, uint256 fee) external view returns (SplitPreview memory preview) {
        Sink memory sink = _newSink();
        (preview.protocol, preview.stakers) = _allocate(modelId, _models.royaltyTerms(modelId), fee, _fees, sink);
        preview.fee = fee;
        preview.models = new Credit[](sink.models);
        for (uint256 i; i < sink.models; ++i) {
            preview.models[i] = Credit(sink.modelIds[i], sink.modelAmounts[i]);
        }
        preview.datanets = new Credit[](sink.datanets);
        for (uint256 i; i < sink.datanets; ++i) {
            preview.datanets[i] = Credit(sink.datanetIds[i], sink.datanetAmounts[i]);
        }
    }

    // ─── External state-changing ─────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc ISettlement
    function settle(
        uint256 modelId,
        uint256 units,
        uint256 maxFee,
        bytes32 inferenceId,
        bytes32 attributionHash
    ) external whenNotPaused returns (uint256 fee) {
        fee = _settleOne(Inference(modelId, units, maxFee, inferenceId, attributionHash));
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @inheritdoc ISettlement
    function settleWithPermit(
        Inference calldata inference,
        PermitLib.Permit calldata permit
    ) external whenNotPaused returns (uint256 fee) {
        // The permit is checked first: an expired or replayed permit reverts with its own error.
        PermitLib.usePermit(_token, msg.sender, address(this), inference.maxFee, permit);
        fee = _settleOne(inference);
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @inheritdoc ISettlement
    function settleBatch(Inference[] calldata inferences) external whenNotPaused returns (uint256 total) {
        uint256 n = inferences.length;
        if (n == 0) revert EmptyBatch();
        FeeParams memory fees = _fees;
        Sink memory sink = _newSink();
        uint256 protocol;
        uint256 stakers;
        // Consecutive inferences of one model reuse its terms.
        uint256 lastModelId;
        IModelRegistry.Terms memory terms;
        for (uint256 i; i < n; ++i) {
            Inference calldata inf = inferences[i];
            if (inf.modelId != lastModelId || i == 0) {
                terms = _models.settlementTerms(inf.modelId);
                lastModelId = inf.modelId;
            }
            uint256 fee = _fee(terms, inf);
            (uint256 p, uint256 s) = _allocate(inf.modelId, terms, fee, fees, sink);
            _apply(sink);
            protocol += p;
            stakers += s;
            total += fee;
            emit InferenceSettled(inf.inferenceId, inf.modelId, msg.sender, fee, inf.attributionHash);
        }
        _creditPools(protocol, stakers);
        // Interaction: one transfer for the whole batch.
        _token.safeTransferFrom(msg.sender, address(this), total);
    }

    /// @inheritdoc ISettlement
    function pushStakerRewards() external {
        uint256 amount = _credits.stakers;
        // Check:
        if (amount == 0) revert NothingToWithdraw();
        // Effect:
        _credits.stakers = 0;
        emit StakerRewardsPushed(amount);
        // Interaction: gOPEN pulls exactly `amount`.
        _token.forceApprove(address(_gopen), amount);
        _gopen.addRewards(amount);
    }

    /// @inheritdoc ISettlement
    function payTreasury() external {
        uint256 amount = _credits.treasury;
        // Check:
        if (amount == 0) revert NothingToWithdraw();
        // Effect:
        _credits.treasury = 0;
        emit TreasuryPaid(amount);
        // Interaction:
        _token.safeTransfer(_treasury, amount);
    }

    /// @inheritdoc ISettlement
    function withdrawModelRevenue(uint256 modelId, address to) external {
        // Check: ownerOf reverts for a model that does not exist.
        if (IERC721(address(_models)).ownerOf(modelId) != msg.sender) revert NotModelOwner(modelId, msg.sender);
        if (to == address(0)) revert ZeroAddress();
        // A suspended model's revenue is frozen until governance lifts the suspension.
        if (_models.royaltyTerms(modelId).suspended) revert IModelRegistry.ModelIsSuspended(modelId);
        uint256 amount = _modelRevenue[modelId];
        if (amount == 0) revert NothingToWithdraw();
        // Effect:
        _modelRevenue[modelId] = 0;
        emit ModelRevenueWithdrawn(modelId, msg.sender, to, amount);
        // Interaction:
        _token.safeTransfer(to, amount);
    }

    /// @inheritdoc ISettlement
    function setFeeShares(uint256 newProtocolBps, uint256 newStakersBps) external restricted {
        _setFeeShares(newProtocolBps, newStakersBps);
    }

    /// @inheritdoc ISettlement
    function setLineageBps(uint256 newLineageBps) external restricted {
        _setLineageBps(newLineageBps);
    }

    /// @inheritdoc ISettlement
    function pause() external restricted {
        _pause();
    }

    /// @inheritdoc ISettlement
    function unpause() external restricted {
        _unpause();
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _settleOne(Inference memory inf) private returns (uint256 fee) {
        IModelRegistry.Terms memory terms = _models.settlementTerms(inf.modelId);
        fee = _feeOf(terms.price, inf.units, inf.maxFee);
        Sink memory sink = _newSink();
        (uint256 protocol, uint256 stakers) = _allocate(inf.modelId, terms, fee, _fees, sink);
        _apply(sink);
        _creditPools(protocol, stakers);
        emit InferenceSettled(inf.inferenceId, inf.modelId, msg.sender, fee, inf.attributionHash);
    }

    function _fee(IModelRegistry.Terms memory terms, Inference calldata inf) private pure returns (uint256) {
        return _feeOf(terms.price, inf.units, inf.maxFee);
    }

    function _feeOf(uint256 price, uint256 units, uint256 maxFee) private pure returns (uint256 fee) {
        if (units == 0) revert ZeroUnits();
        fee = price * units;
        if (fee > maxFee) revert FeeAboveCap(fee, maxFee);
    }

    /// @dev The one place where a fee is split. Takes the protocol and stakers shares off the top (returned, for the
    /// caller to credit once), then walks the lineage: each model keeps its owner share less the royalty to its
    /// parent, and splits its data share over its training datanets. A suspended parent earns nothing: the royalty it
    /// would have received (and passed on to its own ancestors) joins the child's data share instead, so the walk
    /// stops there. Every last part takes the remainder.
    function _allocate(
        uint256 modelId,
        IModelRegistry.Terms memory terms,
        uint256 fee,
        FeeParams memory fees,
        Sink memory sink
    ) private view returns (uint256 protocol, uint256 stakers) {
        sink.models = 0;
        sink.datanets = 0;
        protocol = (fee * fees.protocolBps) / BPS;
        stakers = (fee * fees.stakersBps) / BPS;
        // protocolBps + stakersBps ≤ MAX_FEE_SHARES_BPS < BPS, so these parts never exceed the fee.
        uint256 amount = fee - protocol - stakers;
        for (uint256 level; ; ++level) {
            uint256 ownerShare = (amount * terms.ownerBps) / BPS;
            // Registration bounds every lineage by LINEAGE_DEPTH_CAP; the level check only makes the bound local.
            uint256 royalty = terms.parentId != 0 && level + 1 < MAX_LEVELS ? (ownerShare * fees.lineageBps) / BPS : 0;
            uint256 data = amount - ownerShare;
            if (royalty != 0) {
                // The parent's terms are read before this level is credited: its suspension decides where the
                // royalty goes.
                IModelRegistry.Terms memory parent = _models.royaltyTerms(terms.parentId);
                if (!parent.suspended) {
                    _creditModel(sink, modelId, ownerShare - royalty);
                    _creditDatanets(sink, terms, data);
                    modelId = terms.parentId;
                    terms = parent;
                    amount = royalty;
                    continue;
                }
                // A suspended parent: the owner keeps what it would have kept, and the royalty joins the data share,
                // so the parts of this level still add up to `amount` (royalty ≤ ownerShare).
                ownerShare -= royalty;
                data += royalty;
            }
            _creditModel(sink, modelId, ownerShare);
            _creditDatanets(sink, terms, data);
            break;
        }
    }

    function _creditDatanets(Sink memory sink, IModelRegistry.Terms memory terms, uint256 data) private pure {
        uint256 n = terms.datanetCount;
        uint256 left = data;
        for (uint256 i; i < n; ++i) {
            (uint256 datanetId, uint256 weightBps) = TrainingSet.at(terms.datanets, i);
            uint256 part = i + 1 == n ? left : (data * weightBps) / BPS;
            left -= part;
            _creditDatanet(sink, datanetId, part);
        }
    }

    function _creditModel(Sink memory sink, uint256 modelId, uint256 amount) private pure {
        uint256 i = sink.models++;
        sink.modelIds[i] = modelId;
        sink.modelAmounts[i] = amount;
    }

    function _creditDatanet(Sink memory sink, uint256 datanetId, uint256 amount) private pure {
        uint256 i = sink.datanets++;
        sink.datanetIds[i] = datanetId;
        sink.datanetAmounts[i] = amount;
    }

    function _newSink() private pure returns (Sink memory sink) {
        sink.modelIds = new uint256[](MAX_LEVELS);
        sink.modelAmounts = new uint256[](MAX_LEVELS);
        sink.datanetIds = new uint256[](MAX_LEVELS * TrainingSet.MAX_ENTRIES);
        sink.datanetAmounts = new uint256[](MAX_LEVELS * TrainingSet.MAX_ENTRIES);
    }

    /// @dev Writes the credits of one allocation. Zero credits (dust) are skipped: they change nothing.
    function _apply(Sink memory sink) private {
        for (uint256 i; i < sink.models; ++i) {
            uint256 amount = sink.modelAmounts[i];
            if (amount != 0) _modelRevenue[sink.modelIds[i]] += amount;
        }
        for (uint256 i; i < sink.datanets; ++i) {
            uint256 amount = sink.datanetAmounts[i];
            if (amount != 0) _accrued[sink.datanetIds[i]] += amount;
        }
    }

    function _creditPools(uint256 protocol, uint256 stakers) private {
        PoolCredits memory c = _credits;
        // Credits are bounded by OPEN's supply, which fits in 128 bits.
        c.treasury += uint128(protocol);
        c.stakers += uint128(stakers);
        _credits = c;
    }

    function _setFeeShares(uint256 newProtocolBps, uint256 newStakersBps) private {
        uint256 sum = newProtocolBps + newStakersBps;
        if (sum > MAX_FEE_SHARES_BPS) revert ParameterOutOfBounds(sum, MAX_FEE_SHARES_BPS);
        _fees.protocolBps = uint16(newProtocolBps);
        _fees.stakersBps = uint16(newStakersBps);
        emit FeeSharesSet(newProtocolBps, newStakersBps);
    }

    function _setLineageBps(uint256 newLineageBps) private {
        if (newLineageBps > MAX_LINEAGE_BPS) revert ParameterOutOfBounds(newLineageBps, MAX_LINEAGE_BPS);
        _fees.lineageBps = uint16(newLineageBps);
        emit LineageBpsSet(newLineageBps);
    }
}
