// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IBudgetCharger } from "./IBudgetCharger.sol";
import { IErrors } from "./IErrors.sol";

/// @title ISpendingBudgets
/// @notice Spending budgets that a principal (any account: an EOA, an EIP-7702 or an ERC-4337 account, calling
/// directly) gives an agent's wallet: an amount of OPEN per period, an expiry, and optionally the models it may be
/// spent on. The suite's spenders (Settlement, JobEscrow) charge it when the agent settles inferences or funds jobs on
/// the principal's behalf, and the OPEN moves from the principal (who approves this contract) to the spender.
///
/// Periods are fixed windows from the grant: window k is [start + k·period, start + (k+1)·period), and what was spent
/// starts again from zero in each window. In any window, the charges add up to at most the amount per period; a lowered
/// amount caps the rest of the current window (nothing is left once the window's charges reached it).
interface ISpendingBudgets is IBudgetCharger, IErrors {
    /// @notice A budget, as `budget` returns it. All zero (and no models) when there is none.
    struct BudgetView {
        uint256 amountPerPeriod;
        uint256 period;
        uint256 expiry;
        uint256 spentInPeriod;
        uint256 periodStart;
        uint256[] modelIds;
    }

    /// @notice Thrown when `principal` gave `agent` no budget.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    error NoBudget(address principal, address agent);
    /// @notice Thrown when the budget that `principal` gave `agent` expired at `expiry`.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    /// @param expiry When it expired.
    error BudgetExpired(address principal, address agent, uint256 expiry);
    /// @notice Thrown when `amount` is more than the `available` rest of the current period's budget.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    /// @param amount The amount charged.
    /// @param available What is left in the period.
    error OverBudget(address principal, address agent, uint256 amount, uint256 available);
    /// @notice Thrown when the budget that `principal` gave `agent` does not list `modelId`.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    /// @param modelId The model.
    error ModelNotInBudget(address principal, address agent, uint256 modelId);
    /// @notice Thrown when a budget's amount per period is zero.
    error ZeroBudgetAmount();
    /// @notice Thrown when a budget's amount per period is above `max`.
    /// @param amount The amount per period.
    /// @param max MAX_AMOUNT.
    error BudgetAmountTooLarge(uint256 amount, uint256 max);
    /// @notice Thrown when a budget's period is zero.
    error ZeroPeriod();
    /// @notice Thrown when a budget's period is longer than `max`.
    /// @param period The period, in seconds.
    /// @param max MAX_PERIOD.
    error PeriodTooLong(uint256 period, uint256 max);
    /// @notice Thrown when a budget's expiry is not between `earliest` (the next second) and `latest`.
    /// @param expiry The expiry.
    /// @param earliest The earliest expiry.
    /// @param latest The latest expiry (what 32 bits hold).
    error ExpiryOutOfRange(uint256 expiry, uint256 earliest, uint256 latest);
    /// @notice Thrown when a budget lists `count` models, more than `max`.
    /// @param count How many.
    /// @param max MAX_MODELS.
    error TooManyBudgetModels(uint256 count, uint256 max);
    /// @notice Thrown when a budget lists `modelId` twice.
    /// @param modelId The model.
    error DuplicateBudgetModel(uint256 modelId);
    /// @notice Thrown when a budget lists `modelId`, which no model can have: zero (a job's funding, which no list
    /// restricts) or beyond 32 bits.
    /// @param modelId The model.
    error InvalidBudgetModel(uint256 modelId);
    /// @notice Thrown when a budget's amount per period would be lowered to `amount`, not below the `current` one.
    /// @param amount The new amount per period.
    /// @param current The current amount per period.
    error AmountNotLower(uint256 amount, uint256 current);

    /// @notice Emitted when `principal` gave `agent` a budget, replacing any it had.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    /// @param amountPerPeriod The amount per period, in OPEN.
    /// @param period The period, in seconds; the first starts now.
    /// @param expiry When it expires.
    /// @param modelIds The models it may be spent on (empty: any).
    event BudgetGranted(
        address indexed principal,
        address indexed agent,
        uint256 amountPerPeriod,
        uint256 period,
        uint256 expiry,
        uint256[] modelIds
    );
    /// @notice Emitted when `principal` lowered the amount per period of the budget of `agent`.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    /// @param amountPerPeriod The new amount per period, in OPEN.
    event BudgetLowered(address indexed principal, address indexed agent, uint256 amountPerPeriod);
    /// @notice Emitted when `principal` revoked the budget of `agent`.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    event BudgetRevoked(address indexed principal, address indexed agent);
    /// @notice Emitted when governance let `spender` charge budgets, or stopped it.
    /// @param spender The contract.
    /// @param allowed Whether it may charge.
    event SpenderSet(address indexed spender, bool allowed);

    /// @notice Thrown when `caller` is not one of the suite's spenders.
    /// @param caller Who called.
    error NotSpender(address caller);

    /// @notice The most models a budget may list.
    /// @return The most models (16).
    function MAX_MODELS() external view returns (uint256);
    /// @notice The largest amount per period (2^90 - 1, above OPEN's whole supply).
    /// @return The largest amount, in OPEN.
    function MAX_AMOUNT() external view returns (uint256);
    /// @notice The longest period (what 32 bits hold: a period longer than the budget's life caps its whole life).
    /// @return The longest period, in seconds.
    function MAX_PERIOD() external view returns (uint256);
    /// @notice Whether `spender` may charge budgets: the Settlement that deployed this contract, always, and the
    /// spenders that governance set (JobEscrow).
    /// @param spender The contract.
    /// @return Whether it may charge.
    function isSpender(address spender) external view returns (bool);
    /// @notice The Settlement that deployed this contract, a spender for good.
    /// @return The Settlement.
    function settlement() external view returns (address);
    /// @notice Lets `spender` charge budgets, or stops it. Governance only. A list in this contract's storage, one
    /// slot read per charge, rather than an AccessManager role, whose check costs a charge about 13,700 gas more;
    /// Settlement, the spender of every inference, is an immutable and needs no read.
    /// @param spender The contract.
    /// @param allowed Whether it may charge.
    function setSpender(address spender, bool allowed) external;
    /// @notice The token charged (OPEN).
    /// @return The token's address.
    function token() external view returns (address);
    /// @notice The budget that `principal` gave `agent`, with the current period's charges and start.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    /// @return The budget.
    function budget(address principal, address agent) external view returns (BudgetView memory);
    /// @notice What `agent` may still be charged in the current period of `principal`'s budget: zero when there is no
    /// budget or it expired.
    /// @param principal The principal.
    /// @param agent The agent's wallet.
    /// @return The amount, in OPEN.
    function available(address principal, address agent) external view returns (uint256);

    /// @notice Gives `agent` a budget of the caller's OPEN, replacing any it had: `amountPerPeriod` per `period` from
    /// now, until `expiry`, on `modelIds` only (empty: any model). A job's funding (model 0) is never restricted by the
    /// list.
    /// @param agent The agent's wallet.
    /// @param amountPerPeriod The amount per period, in OPEN.
    /// @param period The period, in seconds.
    /// @param expiry When it expires: charges are refused from this timestamp on.
    /// @param modelIds The models it may be spent on, at most MAX_MODELS, no duplicates.
    function grant(
        address agent,
        uint256 amountPerPeriod,
        uint256 period,
        uint256 expiry,
        uint256[] calldata modelIds
    ) external;
    /// @notice Lowers the amount per period of the caller's budget for `agent`, from the current period on.
    /// @param agent The agent's wallet.
    /// @param newAmountPerPeriod The new amount per period, below the current one (zero freezes the budget).
    function lower(address agent, uint256 newAmountPerPeriod) external;
    /// @notice Revokes the caller's budget for `agent`.
    /// @param agent The agent's wallet.
    function revoke(address agent) external;
}
