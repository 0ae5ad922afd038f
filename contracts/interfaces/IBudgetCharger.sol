// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IBudgetCharger
/// @notice How the suite's spenders (Settlement for inferences, JobEscrow for jobs) spend under a principal's budget
/// (ISpendingBudgets extends it). The principal approves the budgets contract for OPEN once; each charge is checked
/// against the budget that the principal gave `agent` and moves the tokens from the principal to the spender. The
/// spender's own events announce each charge (Settlement's InferenceSettled, whose payer is the principal, and
/// InferenceContext, which names the agent; JobEscrow's funding events), so the charge emits none of its own.
interface IBudgetCharger {
    /// @notice Charges `amount` of `principal`'s budget for `agent` and transfers it from `principal` to the caller.
    /// Reverts when the budget is missing, expired, exhausted in the current period, or does not list `modelId`.
    /// Only the suite's spenders may call it: Settlement, and those that governance lets (ISpendingBudgets).
    /// @param principal Whose budget, and whose OPEN.
    /// @param agent The wallet spending under the budget (the spender's caller).
    /// @param modelId The model paid for, or 0 when funding a job (no model list applies).
    /// @param amount The amount, in OPEN.
    function charge(address principal, address agent, uint256 modelId, uint256 amount) external;
}
