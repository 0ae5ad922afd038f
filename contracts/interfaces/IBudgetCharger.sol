// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IBudgetCharger
/// @notice How the suite's spenders (Settlement for inferences, JobEscrow for jobs) spend under a principal's budget
/// (ISpendingBudgets extends it). The principal approves the budgets contract for OPEN once; each charge is checked
/// against the budget that the principal gave `agent` and moves the tokens from the principal to `to`.
interface IBudgetCharger {
    /// @notice Charges `amount` of `principal`'s budget for `agent` and transfers it from `principal` to `to`.
    /// Reverts when the budget is missing, expired, exhausted in the current period, or does not list `modelId`.
    /// Only the suite's spenders may call it (an AccessManager role).
    /// @param principal Whose budget, and whose OPEN.
    /// @param agent The wallet spending under the budget (the spender's caller).
    /// @param modelId The model paid for, or 0 when funding a job (no model list applies).
    /// @param amount The amount, in OPEN.
    /// @param to Where the OPEN goes: the spender itself.
    function charge(address principal, address agent, uint256 modelId, uint256 amount, address to) external;
}
