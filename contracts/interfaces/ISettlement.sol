// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { PermitLib } from "../libraries/PermitLib.sol";
import { IErrors } from "./IErrors.sol";

/// @title ISettlement
/// @notice Takes the OPEN fee of one inference, or of a batch of inferences of any models, and splits it:
///  - the protocol share (`protocolBps` of the fee) is credited to the treasury;
///  - the stakers share (`stakersBps`) is credited to gOPEN's stakers, pushed to gOPEN in bulk by anyone;
///  - of the rest, the model's owner share (`ownerBps`) is credited to the model, less the lineage royalty
///    (`lineageBps` of the owner share), which is settled as revenue of the parent model by the same rule, up the
///    lineage. A parent suspended by governance earns no royalty: it stays with the child's data share;
///  - the remaining data share is split over the model's training datanets by their weights and added to each
///    datanet's accrued pool, which its contributors claim through attribution roots (IAttributionEpochs).
/// In every split the last part takes the remainder, so the parts always add up to the fee exactly. Settlement is
/// O(1) in contributors and O(lineage depth + training datanets); it transfers only from the payer to itself.
/// Payouts are pulled: model revenue by the model's current owner (revenue follows the model NFT), the treasury
/// share to the treasury, the stakers share to gOPEN.
interface ISettlement is IErrors {
    /// @notice One inference to settle: `units` of `modelId` at the model's price, paying at most `maxFee`.
    /// `attributionHash` commits to the attribution engine's result for `inferenceId`.
    struct Inference {
        uint256 modelId;
        uint256 units;
        uint256 maxFee;
        bytes32 inferenceId;
        bytes32 attributionHash;
    }

    /// @notice One credit of a split preview to a model: its id, and the amount.
    struct Credit {
        uint256 id;
        uint256 amount;
    }

    /// @notice One credit of a split preview to a datanet: its id, the model of the lineage level whose data share it
    /// is, the datanet version in that model's training set (whose contributors the credit pays), and the amount.
    struct DatanetCredit {
        uint256 id;
        uint256 modelId;
        uint256 version;
        uint256 amount;
    }

    /// @notice How a fee would be split now, as computed by the same code that settles. `models` and `datanets` list
    /// the credits in the order settlement makes them, one lineage level after another: a datanet that trains both a
    /// model and its parent appears once per level (with each model's version of it), so sum by id when totals per
    /// datanet are wanted.
    struct SplitPreview {
        uint256 fee;
        uint256 protocol;
        uint256 stakers;
        Credit[] models;
        DatanetCredit[] datanets;
    }

    /// @notice Thrown when zero units are settled.
    error ZeroUnits();
    /// @notice Thrown when the fee exceeds the payer's cap.
    /// @param fee The fee, in OPEN.
    /// @param cap The payer's cap, in OPEN.
    error FeeAboveCap(uint256 fee, uint256 cap);
    /// @notice Thrown when there is nothing to pay out.
    error NothingToWithdraw();

    /// @notice Emitted for every settled inference.
    /// @param inferenceId The inference.
    /// @param modelId The model.
    /// @param payer Who paid.
    /// @param fee The fee, in OPEN.
    /// @param attributionHash The commitment to the attribution engine's result for the inference.
    event InferenceSettled(
        bytes32 indexed inferenceId,
        uint256 indexed modelId,
        address indexed payer,
        uint256 fee,
        bytes32 attributionHash
    );
    /// @notice Emitted for every inference settled under a principal's budget (`settleFor`, `settleBatchFor`), right
    /// after its InferenceSettled, whose payer is the principal.
    /// @param inferenceId The inference.
    /// @param agent The agent wallet that settled it, spending under the principal's budget.
    /// @param context What the inference was for, as the agent declares it: a JobEscrow job id, or 0.
    event InferenceContext(bytes32 indexed inferenceId, address indexed agent, uint256 indexed context);
    /// @notice Emitted when `amount` of the stakers share was pushed to gOPEN.
    /// @param amount The amount, in OPEN.
    event StakerRewardsPushed(uint256 amount);
    /// @notice Emitted when `amount` of the protocol share was paid to the treasury.
    /// @param amount The amount, in OPEN.
    event TreasuryPaid(uint256 amount);
    /// @notice Emitted when the owner of `modelId` withdrew `amount` of its revenue to `to`.
    /// @param modelId The model.
    /// @param owner The model's owner, who withdrew.
    /// @param to Where the OPEN went.
    /// @param amount The amount, in OPEN.
    event ModelRevenueWithdrawn(uint256 indexed modelId, address indexed owner, address to, uint256 amount);
    /// @notice Emitted when governance set the protocol and stakers shares.
    /// @param protocolBps The protocol share, in basis points of each fee.
    /// @param stakersBps The stakers share, in basis points of each fee.
    event FeeSharesSet(uint256 protocolBps, uint256 stakersBps);
    /// @notice Emitted when governance set the lineage royalty.
    /// @param lineageBps The lineage royalty, in basis points of a model's owner share.
    event LineageBpsSet(uint256 lineageBps);

    /// @notice The most that the protocol and stakers shares may take together, in basis points.
    /// @return The bound, in basis points.
    function MAX_FEE_SHARES_BPS() external view returns (uint256);
    /// @notice The most that the lineage royalty may take of a model's owner share, in basis points.
    /// @return The bound, in basis points.
    function MAX_LINEAGE_BPS() external view returns (uint256);
    /// @notice The protocol share, in basis points of each fee.
    /// @return The share, in basis points.
    function protocolBps() external view returns (uint256);
    /// @notice The stakers share, in basis points of each fee.
    /// @return The share, in basis points.
    function stakersBps() external view returns (uint256);
    /// @notice The lineage royalty, in basis points of a model's owner share.
    /// @return The royalty, in basis points.
    function lineageBps() external view returns (uint256);
    /// @notice The floor on a model's data share that settlement holds each owner share to: the copy of
    /// ModelRegistry's `minDataBps`, kept in the slot that every settlement reads, and always equal to it.
    /// @return The floor, in basis points.
    function minDataBps() external view returns (uint256);
    /// @notice The protocol share credited and not yet paid to the treasury.
    /// @return The amount, in OPEN.
    function treasuryAccrued() external view returns (uint256);
    /// @notice The stakers share credited and not yet pushed to gOPEN.
    /// @return The amount, in OPEN.
    function stakersAccrued() external view returns (uint256);
    /// @notice The revenue of `modelId` not yet withdrawn.
    /// @param modelId The model.
    /// @return The revenue, in OPEN.
    function modelRevenue(uint256 modelId) external view returns (uint256);
    /// @notice Everything ever credited to the contributors of `datanetId`.
    /// @param datanetId The datanet.
    /// @return The pool, in OPEN.
    function accrued(uint256 datanetId) external view returns (uint256);
    /// @notice How `fee` paid for `modelId` would be split now, suspended parents included (their royalty shows under
    /// the child's datanets).
    /// @param modelId The model.
    /// @param fee The fee, in OPEN.
    /// @return The fee, the protocol and stakers shares, and the credits of every model and datanet.
    function previewSplit(uint256 modelId, uint256 fee) external view returns (SplitPreview memory);

    /// @notice Settles `units` inferences of `modelId`, taking the fee from the caller by allowance.
    /// @param modelId The model.
    /// @param units How many inferences.
    /// @param maxFee The most the caller pays, in OPEN.
    /// @param inferenceId The inference.
    /// @param attributionHash The commitment to the attribution engine's result for the inference.
    /// @return fee The fee paid, in OPEN.
    function settle(
        uint256 modelId,
        uint256 units,
        uint256 maxFee,
        bytes32 inferenceId,
        bytes32 attributionHash
    ) external returns (uint256 fee);
    /// @notice As `settle`, with an EIP-2612 permit of `maxFee` signed by the caller.
    /// @param inference The inference.
    /// @param permit The caller's EIP-2612 permit of `inference.maxFee`.
    /// @return fee The fee paid, in OPEN.
    function settleWithPermit(
        Inference calldata inference,
        PermitLib.Permit calldata permit
    ) external returns (uint256 fee);
    /// @notice Settles many inferences, of any models, with one token transfer for the total. All or nothing.
    /// @param inferences The inferences, of any models.
    /// @return total The fees of all the inferences, paid in one transfer, in OPEN.
    function settleBatch(Inference[] calldata inferences) external returns (uint256 total);
    /// @notice As `settle`, paid by `principal` under the spending budget it gave the caller (an agent's wallet): the
    /// budget (SpendingBudgets) checks the period, the expiry and the model list, and moves the fee from the
    /// principal. The principal is the payer of InferenceSettled; InferenceContext names the agent and `context`.
    /// @param principal Whose budget, and whose OPEN.
    /// @param inference The inference.
    /// @param context What the inference is for: a JobEscrow job id, or 0.
    /// @return fee The fee paid, in OPEN.
    function settleFor(address principal, Inference calldata inference, uint256 context) external returns (uint256 fee);
    /// @notice As `settleBatch`, paid by `principal` under the spending budget it gave the caller, with one charge per
    /// run of consecutive inferences of one model. All or nothing.
    /// @param principal Whose budget, and whose OPEN.
    /// @param inferences The inferences, of any models (each on the budget's list, if it has one).
    /// @param context What the inferences are for: a JobEscrow job id, or 0.
    /// @return total The fees of all the inferences, in OPEN.
    function settleBatchFor(
        address principal,
        Inference[] calldata inferences,
        uint256 context
    ) external returns (uint256 total);
    /// @notice Pushes the stakers share to gOPEN's reward accumulator. Anyone may call.
    function pushStakerRewards() external;
    /// @notice Pays the protocol share to the treasury. Anyone may call.
    function payTreasury() external;
    /// @notice Pays the revenue of `modelId` to `to`. Its current owner only. Reverts with
    /// IModelRegistry.ModelIsSuspended(modelId) while governance suspends the model: its revenue is frozen until the
    /// suspension is lifted.
    /// @param modelId The model.
    /// @param to Where the OPEN went.
    function withdrawModelRevenue(uint256 modelId, address to) external;
    /// @notice Sets the protocol and stakers shares. Governance only.
    /// @param newProtocolBps The new protocol share, in basis points.
    /// @param newStakersBps The new stakers share, in basis points.
    function setFeeShares(uint256 newProtocolBps, uint256 newStakersBps) external;
    /// @notice Sets the lineage royalty. Governance only.
    /// @param newLineageBps The new lineage royalty, in basis points of the owner share.
    function setLineageBps(uint256 newLineageBps) external;
    /// @notice Sets the floor on a model's data share, here and in the model registry (which emits `MinDataBpsSet`
    /// and refuses a floor above 10,000). Governance only. A raised floor applies at once to every model's next
    /// settlement; registration and `setSplit` refuse an owner share above it.
    /// @param newMinDataBps The floor, in basis points.
    function setMinDataBps(uint256 newMinDataBps) external;
    /// @notice Stops new settlements and new roots. Guardian or governance. Claims and withdrawals go on.
    function pause() external;
    /// @notice Lifts `pause`. Guardian or governance.
    function unpause() external;
}
