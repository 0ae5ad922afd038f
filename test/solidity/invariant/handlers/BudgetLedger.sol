// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { ISpendingBudgets } from "../../../../contracts/interfaces/ISpendingBudgets.sol";

/// @notice A handler's own account of spending budgets (ghost state), kept apart from SpendingBudgets: for each
/// (principal, agent) when the budget was granted, its period, amount, expiry and list, and what the current window
/// (counted here from the grant) was charged. From it alone, a handler predicts how a charge must end, and it counts
/// every charge that took a window above the largest amount in force during it, or above the amount in force at the
/// charge (a breach). Shared by BudgetHandler (SpendingBudgets alone) and the system's agent handlers.
library BudgetLedger {
    /// @dev The account of one budget.
    struct Ghost {
        bool exists;
        uint256 start;
        uint256 period;
        uint256 amount;
        uint256 expiry;
        bool hasList;
        uint256 generation;
        uint256 window;
        uint256 charged;
        /// @dev The largest amount in force during the current window: its amount when the window began (a lower
        /// only brings the amount down).
        uint256 windowCap;
    }

    struct Ledger {
        mapping(address principal => mapping(address agent => Ghost)) ghosts;
        mapping(address principal => mapping(address agent => mapping(uint256 generation => mapping(uint256 modelId => bool)))) listed;
        /// @dev OPEN charged in all.
        uint256 charged;
        /// @dev Charges that took a window above its amount (see the library's notice).
        uint256 breaches;
    }

    /// @dev A grant (or a replacement) made now.
    function granted(
        Ledger storage ledger,
        address principal,
        address agent,
        uint256 amount,
        uint256 period,
        uint256 expiry,
        uint256[] memory list
    ) internal {
        Ghost storage g = ledger.ghosts[principal][agent];
        uint256 generation = g.generation + 1;
        ledger.ghosts[principal][agent] = Ghost(
            true,
            block.timestamp,
            period,
            amount,
            expiry,
            list.length != 0,
            generation,
            0,
            0,
            amount
        );
        for (uint256 i; i < list.length; ++i) ledger.listed[principal][agent][generation][list[i]] = true;
    }

    /// @dev A lower to `amount`, made now.
    function lowered(Ledger storage ledger, address principal, address agent, uint256 amount) internal {
        Ghost storage g = ledger.ghosts[principal][agent];
        roll(g);
        g.amount = amount;
    }

    function revoked(Ledger storage ledger, address principal, address agent) internal {
        ledger.ghosts[principal][agent].exists = false;
    }

    /// @dev Moves the account to the window that holds now, counted from the grant.
    function roll(Ghost storage g) internal {
        if (!g.exists) return;
        uint256 window = (block.timestamp - g.start) / g.period;
        if (window == g.window) return;
        g.window = window;
        g.charged = 0;
        g.windowCap = g.amount;
    }

    /// @dev The error that a charge of `amount` for `modelId` must end with, from the account alone (0 for success),
    /// after `before` was charged to the same budget earlier in the same call. The caller rolled the account.
    function predict(
        Ledger storage ledger,
        address principal,
        address agent,
        uint256 modelId,
        uint256 amount,
        uint256 before
    ) internal view returns (bytes4) {
        Ghost storage g = ledger.ghosts[principal][agent];
        if (!g.exists) return ISpendingBudgets.NoBudget.selector;
        if (block.timestamp >= g.expiry) return ISpendingBudgets.BudgetExpired.selector;
        if (modelId != 0 && g.hasList && !ledger.listed[principal][agent][g.generation][modelId]) {
            return ISpendingBudgets.ModelNotInBudget.selector;
        }
        uint256 spent = g.charged + before;
        uint256 rest = spent >= g.amount ? 0 : g.amount - spent;
        if (amount > rest) return ISpendingBudgets.OverBudget.selector;
        return bytes4(0);
    }

    /// @dev A charge of `amount` that went through (predicted or not: the breach count does not rest on the
    /// prediction). The caller rolled the account.
    function chargedNow(Ledger storage ledger, address principal, address agent, uint256 amount) internal {
        Ghost storage g = ledger.ghosts[principal][agent];
        g.charged += amount;
        ledger.charged += amount;
        // A charge of zero adds nothing, and may follow a lower below what the window already spent.
        if (amount != 0 && (g.charged > g.windowCap || g.charged > g.amount)) ++ledger.breaches;
    }

    /// @dev What `budget` and `available` must say now.
    function expected(
        Ledger storage ledger,
        address principal,
        address agent
    ) internal view returns (bool exists, uint256 spent, uint256 periodStart, uint256 available) {
        Ghost memory g = ledger.ghosts[principal][agent];
        if (!g.exists) return (false, 0, 0, 0);
        uint256 window = (block.timestamp - g.start) / g.period;
        spent = window == g.window ? g.charged : 0;
        periodStart = g.start + window * g.period;
        available = block.timestamp >= g.expiry || spent >= g.amount ? 0 : g.amount - spent;
        return (true, spent, periodStart, available);
    }
}
