// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { IERC721 } from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import { IDatanetRegistry } from "../interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../interfaces/IModelRegistry.sol";
import { ISettlement } from "../interfaces/ISettlement.sol";
import { IStakedOpen } from "../interfaces/IStakedOpen.sol";
import { FeeSplit } from "../libraries/FeeSplit.sol";
import { PermitLib } from "../libraries/PermitLib.sol";
import { AttributionEpochs } from "./AttributionEpochs.sol";
import { SettlementState } from "./SettlementState.sol";

/// @title Settlement
/// @notice The vault of the protocol's fees: inference settlement and its split (ISettlement), and the attribution
/// roots and claims of the datanets' share (IAttributionEpochs, inherited). Holding both in one contract is what lets a
/// claim pay straight from the pool its datanet accrued, without a second transfer per settlement. The split itself is
/// FeeSplit's; this contract reads the terms, writes the credits and moves the tokens.
/// @dev Conservation: the OPEN held here always equals treasury + stakers credits + Σ model revenue
/// + Σ (datanet accrued − claimed) + Σ attestor bonds, to the unit.
contract Settlement is SettlementState, AttributionEpochs, ISettlement {
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

    /// @inheritdoc ISettlement
    uint256 public constant MAX_FEE_SHARES_BPS = 5_000;
    /// @inheritdoc ISettlement
    uint256 public constant MAX_LINEAGE_BPS = 5_000;

    IModelRegistry private immutable _models;
    IStakedOpen private immutable _gopen;
    address private immutable _treasury;

    /// @dev The protocol, stakers and lineage shares, in one slot.
    FeeSplit.Shares private _fees;
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
        FeeSplit.Sink memory sink = FeeSplit.newSink();
        (preview.protocol, preview.stakers) = FeeSplit.allocate(
            _models,
            modelId,
            _models.royaltyTerms(modelId),
            fee,
            _fees,
            sink
        );
        preview.fee = fee;
        preview.models = new Credit[](sink.models);
        for (uint256 i; i < sink.models; ++i) {
            preview.models[i] = Credit(sink.modelIds[i], sink.modelAmounts[i]);
        }
        // Each level credits its model's training datanets in order: the versions come from its training set.
        preview.datanets = new DatanetCredit[](sink.datanets);
        uint256 k;
        for (uint256 i; i < sink.models; ++i) {
            uint256 id = sink.modelIds[i];
            IModelRegistry.TrainingDatanet[] memory set = _models.trainingSet(id);
            for (uint256 j; j < set.length; ++j) {
                preview.datanets[k] = DatanetCredit(sink.datanetIds[k], id, set[j].version, sink.datanetAmounts[k]);
                ++k;
            }
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
        FeeSplit.Shares memory fees = _fees;
        FeeSplit.Sink memory sink = FeeSplit.newSink();
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
            uint256 fee = FeeSplit.feeOf(terms.price, inf.units, inf.maxFee);
            (uint256 p, uint256 s) = FeeSplit.allocate(_models, inf.modelId, terms, fee, fees, sink);
            FeeSplit.credit(sink, _modelRevenue, _accrued);
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
        fee = FeeSplit.feeOf(terms.price, inf.units, inf.maxFee);
        FeeSplit.Sink memory sink = FeeSplit.newSink();
        (uint256 protocol, uint256 stakers) = FeeSplit.allocate(_models, inf.modelId, terms, fee, _fees, sink);
        FeeSplit.credit(sink, _modelRevenue, _accrued);
        _creditPools(protocol, stakers);
        emit InferenceSettled(inf.inferenceId, inf.modelId, msg.sender, fee, inf.attributionHash);
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
