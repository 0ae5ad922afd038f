// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { SpendingBudgets } from "../agents/SpendingBudgets.sol";
import { IBudgetCharger } from "../interfaces/IBudgetCharger.sol";
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
    IBudgetCharger private immutable _budgets;

    mapping(uint256 modelId => uint256) private _modelRevenue;
    /// @dev The lineage royalty: read only when a model with a parent is settled, so it is not in `_credits`.
    uint256 private _lineageBps;

    /// @dev The splits of one transaction in memory: the shares and the floor on the data share read once, the
    /// protocol and stakers shares of them all, credited once, and the principal whose budget pays a batch (or zero).
    struct Splits {
        FeeSplit.Shares shares;
        uint256 floorBps;
        uint256 protocol;
        uint256 stakers;
        address principal;
    }

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
        // The spending budgets that principals give agents, with this contract as their spender for good (an
        // immutable there, so that charging a budget for an inference reads no spender list).
        _budgets = new SpendingBudgets(token_, authority, address(this));
        _treasury = treasury_;
        _setFeeShares(p.protocolBps, p.stakersBps);
        _setLineageBps(p.lineageBps);
        // The registry's floor, as it was constructed: from now on both change only together (setMinDataBps).
        _credits.minDataBps = uint16(models_.minDataBps());
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The OPEN token, the model registry, the datanet registry, gOPEN, the treasury and the spending budgets.
    function dependencies()
        external
        view
        returns (address token, address models, address datanets, address gopen, address treasury, address budgets)
    {
        return (address(_token), address(_models), address(_datanets), address(_gopen), _treasury, address(_budgets));
    }

    /// @inheritdoc ISettlement
    function protocolBps() external view returns (uint256) {
        return _credits.protocolBps;
    }

    /// @inheritdoc ISettlement
    function stakersBps() external view returns (uint256) {
        return _credits.stakersBps;
    }

    /// @inheritdoc ISettlement
    function lineageBps() external view returns (uint256) {
        return _lineageBps;
    }

    /// @inheritdoc ISettlement
    function minDataBps() external view returns (uint256) {
        return _credits.minDataBps;
    }

    /// @notice Whether new settlements and root posts are paused. The flag shares the slot that every settlement
    /// reads anyway (the pool credits and the shares), so checking it costs no cold read.
    function paused() public view override returns (bool) {
        return _credits.paused;
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
    /// @dev The registry computes the split with FeeSplit at this contract's shares (IModelRegistry.splitPreview):
    /// its answer, or its revert, is returned as it is.
    function previewSplit(uint256 modelId, uint256 fee) external view returns (SplitPreview memory) {
        PoolCredits storage c = _credits;
        bytes memory data = abi.encodeCall(
            IModelRegistry.splitPreview,
            (modelId, fee, c.protocolBps, c.stakersBps, uint16(_lineageBps))
        );
        address models = address(_models);
        assembly {
            let ok := staticcall(gas(), models, add(data, 0x20), mload(data), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
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
    ) external returns (uint256 fee) {
        fee = _settleOne(modelId, units, maxFee, inferenceId, attributionHash, msg.sender);
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @inheritdoc ISettlement
    function settleWithPermit(
        Inference calldata inference,
        PermitLib.Permit calldata permit
    ) external returns (uint256 fee) {
        if (_credits.paused) revert EnforcedPause();
        // The permit is checked next: an expired or replayed permit reverts with its own error.
        PermitLib.usePermit(_token, msg.sender, address(this), inference.maxFee, permit);
        fee = _settleOne(
            inference.modelId,
            inference.units,
            inference.maxFee,
            inference.inferenceId,
            inference.attributionHash,
            msg.sender
        );
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @inheritdoc ISettlement
    function settleFor(
        address principal,
        Inference calldata inference,
        uint256 context
    ) external returns (uint256 fee) {
        fee = _settleOne(
            inference.modelId,
            inference.units,
            inference.maxFee,
            inference.inferenceId,
            inference.attributionHash,
            principal
        );
        emit InferenceContext(inference.inferenceId, msg.sender, context);
        // Interaction: the budget that `principal` gave the caller is checked, charged, and pays the fee.
        _budgets.charge(principal, msg.sender, inference.modelId, fee);
    }

    /// @inheritdoc ISettlement
    function settleBatch(Inference[] calldata inferences) external returns (uint256 total) {
        total = _settleBatch(inferences, address(0), 0);
        // Interaction: one transfer for the whole batch.
        _token.safeTransferFrom(msg.sender, address(this), total);
    }

    /// @inheritdoc ISettlement
    function settleBatchFor(
        address principal,
        Inference[] calldata inferences,
        uint256 context
    ) external returns (uint256 total) {
        total = _settleBatch(inferences, principal, context);
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
        // Check: revenueOwner reverts for a model that does not exist.
        (address owner, bool suspended) = _models.revenueOwner(modelId);
        if (owner != msg.sender) revert NotModelOwner(modelId, msg.sender);
        if (to == address(0)) revert ZeroAddress();
        // A suspended model's revenue is frozen until governance lifts the suspension.
        if (suspended) revert IModelRegistry.ModelIsSuspended(modelId);
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
    function setMinDataBps(uint256 newMinDataBps) external restricted {
        // Effect: the copy, which the registry's bound check below keeps within 10,000 (or reverts, with this write).
        _credits.minDataBps = uint16(newMinDataBps);
        // Interaction: the registry's own floor, for registration and `setSplit`; it emits MinDataBpsSet.
        _models.setMinDataBps(newMinDataBps);
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

    /// @dev Settles `inferences` and returns their total. Paid by the caller (`principal` zero), who then takes the
    /// payment in one transfer; or under the budget that `principal` gave the caller, charged run by run, each
    /// inference with an InferenceContext event naming the caller and `context`.
    function _settleBatch(
        Inference[] calldata inferences,
        address principal,
        uint256 context
    ) private returns (uint256 total) {
        if (inferences.length == 0) revert EmptyBatch();
        // The shares are read once for the whole batch, with the pause.
        Splits memory splits = _splits();
        splits.principal = principal;
        FeeSplit.Sink memory sink = FeeSplit.newSink();
        // A run of consecutive inferences of one model at one fee is split once and credited as many times: their
        // splits are all the same, so every pool gets exactly what one split per inference would give it, and each
        // slot is written once per run. A run of one model reuses its terms.
        IModelRegistry.Terms memory terms;
        uint256 runModel;
        uint256 runFee;
        uint256 runCount;
        for (uint256 i; i < inferences.length; ++i) {
            Inference calldata inf = inferences[i];
            uint256 modelId = inf.modelId;
            bool sameModel = modelId == runModel && i != 0;
            IModelRegistry.Terms memory next = sameModel ? terms : _settlementTerms(modelId, splits.floorBps);
            uint256 fee = FeeSplit.feeOf(next.price, inf.units, inf.maxFee);
            if (!sameModel || fee != runFee) {
                if (runCount != 0) _run(splits, sink, runModel, terms, runFee, runCount);
                terms = next;
                runModel = modelId;
                runFee = fee;
                runCount = 0;
            }
            ++runCount;
            total += fee;
            emit InferenceSettled(
                inf.inferenceId,
                modelId,
                principal == address(0) ? msg.sender : principal,
                fee,
                inf.attributionHash
            );
            if (principal != address(0)) emit InferenceContext(inf.inferenceId, msg.sender, context);
        }
        _run(splits, sink, runModel, terms, runFee, runCount);
        _creditPools(splits);
    }

    /// @dev Splits and credits a run (`_split`); under a budget (`splits.principal` set), charges the run's fees to
    /// it. The budgets contract is the suite's own, and OPEN calls no hook, so the charge cannot re-enter.
    function _run(
        Splits memory splits,
        FeeSplit.Sink memory sink,
        uint256 modelId,
        IModelRegistry.Terms memory terms,
        uint256 fee,
        uint256 count
    ) private {
        _split(splits, sink, modelId, terms, fee, count);
        // Interaction: the run's fees, charged to the budget that the principal gave the caller.
        address principal = splits.principal;
        if (principal != address(0)) _budgets.charge(principal, msg.sender, modelId, fee * count);
    }

    /// @dev One inference, its fields on the stack (no struct in memory for the single settle path).
    function _settleOne(
        uint256 modelId,
        uint256 units,
        uint256 maxFee,
        bytes32 inferenceId,
        bytes32 attributionHash,
        address payer
    ) private returns (uint256 fee) {
        Splits memory splits = _splits();
        IModelRegistry.Terms memory terms = _settlementTerms(modelId, splits.floorBps);
        fee = FeeSplit.feeOf(terms.price, units, maxFee);
        if (terms.parentId == 0) {
            // A model without parent is credited straight to storage: its split needs no sink.
            (splits.protocol, splits.stakers) = FeeSplit.creditRoot(
                modelId,
                terms,
                fee,
                splits.shares,
                1,
                _modelRevenue,
                _accrued
            );
        } else {
            _split(splits, FeeSplit.newSink(terms), modelId, terms, fee, 1);
        }
        _creditPools(splits);
        emit InferenceSettled(inferenceId, modelId, payer, fee, attributionHash);
    }

    /// @dev Splits `fee` paid for `modelId` and credits the split `count` times: `count` inferences of that model at
    /// that fee, at the shares of `splits`. A model without parent is credited straight to storage; a lineage goes
    /// through `sink`. Adds the protocol and stakers shares of them all to `splits`, for the caller to credit once.
    function _split(
        Splits memory splits,
        FeeSplit.Sink memory sink,
        uint256 modelId,
        IModelRegistry.Terms memory terms,
        uint256 fee,
        uint256 count
    ) private {
        uint256 protocol;
        uint256 stakers;
        if (terms.parentId == 0) {
            (protocol, stakers) = FeeSplit.creditRoot(
                modelId,
                terms,
                fee,
                splits.shares,
                count,
                _modelRevenue,
                _accrued
            );
        } else {
            // The lineage royalty, read for the first model with a parent (warm after that).
            splits.shares.lineageBps = uint16(_lineageBps);
            (protocol, stakers) = FeeSplit.allocate(_models, modelId, terms, fee, splits.shares, sink);
            FeeSplit.credit(sink, count, _modelRevenue, _accrued);
        }
        splits.protocol += protocol * count;
        splits.stakers += stakers * count;
    }

    /// @dev The terms to settle `modelId`, from the registry's packed answer (IModelRegistry.packedSettlementTerms):
    /// three words to return and decode instead of eight, the owner share held to `floorBps`. Reverts as
    /// `settlementTerms` does.
    function _settlementTerms(uint256 modelId, uint256 floorBps) private view returns (IModelRegistry.Terms memory t) {
        (uint256 packed, uint256 word0, uint256 word1) = _models.packedSettlementTerms(modelId, floorBps);
        t.price = uint96(packed);
        t.ownerBps = uint16(packed >> 96);
        t.datanetCount = uint8(packed >> 112);
        t.depth = uint8(packed >> 120);
        t.parentId = uint32(packed >> 128);
        t.datanets[0] = word0;
        t.datanets[1] = word1;
    }

    /// @dev The fee shares and the floor in force, read with the pause in one cold read; reverts if settlements are
    /// paused. The lineage royalty is read by `_split`, only for a model with a parent.
    function _splits() private view returns (Splits memory splits) {
        PoolCredits memory c = _credits;
        // Check: new settlements may be paused by the guardian.
        if (c.paused) revert EnforcedPause();
        splits.shares = FeeSplit.Shares(c.protocolBps, c.stakersBps, 0);
        splits.floorBps = c.minDataBps;
    }

    /// @dev Credits the protocol and stakers shares of `splits` in one write. Credits are bounded by OPEN's supply
    /// (10^27 < 2^96): a fee beyond it could not be paid, and the transfer after this reverts.
    function _creditPools(Splits memory splits) private {
        PoolCredits storage c = _credits;
        (c.treasury, c.stakers) = (c.treasury + uint96(splits.protocol), c.stakers + uint96(splits.stakers));
    }

    function _pause() internal override whenNotPaused {
        _credits.paused = true;
        emit Paused(msg.sender);
    }

    function _unpause() internal override whenPaused {
        _credits.paused = false;
        emit Unpaused(msg.sender);
    }

    function _setFeeShares(uint256 newProtocolBps, uint256 newStakersBps) private {
        uint256 sum = newProtocolBps + newStakersBps;
        if (sum > MAX_FEE_SHARES_BPS) revert ParameterOutOfBounds(sum, MAX_FEE_SHARES_BPS);
        _credits.protocolBps = uint16(newProtocolBps);
        _credits.stakersBps = uint16(newStakersBps);
        emit FeeSharesSet(newProtocolBps, newStakersBps);
    }

    function _setLineageBps(uint256 newLineageBps) private {
        if (newLineageBps > MAX_LINEAGE_BPS) revert ParameterOutOfBounds(newLineageBps, MAX_LINEAGE_BPS);
        _lineageBps = newLineageBps;
        emit LineageBpsSet(newLineageBps);
    }
}
