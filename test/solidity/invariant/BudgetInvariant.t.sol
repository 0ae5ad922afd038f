// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { SpendingBudgets } from "../../../contracts/agents/SpendingBudgets.sol";
import { ISpendingBudgets } from "../../../contracts/interfaces/ISpendingBudgets.sol";
import { OpenToken } from "../../../contracts/token/OpenToken.sol";
import { BudgetHandler } from "./handlers/BudgetHandler.sol";
import { AgentBase } from "../utils/AgentBase.sol";

/// @notice The handler, declared in this test file: the runner knows the ABI of a fuzz target only from the artifacts
/// of the files it compiles, and a test run compiles its test files, not the files they import.
contract BudgetHandlerTarget is BudgetHandler {
    constructor(
        OpenToken open_,
        SpendingBudgets budgets_,
        address spender_,
        address[] memory principals_,
        address[] memory agents_
    ) BudgetHandler(open_, budgets_, spender_, principals_, agents_) {}
}

/// @notice What must always hold of spending budgets on their own, over random sequences of BudgetHandler actions:
/// grants, lowers, revokes, charges by a stand-in spender and time. Every charge ends as the budget's own account
/// predicts, and the views say what that account says. DESIGN.md's rule 8 (no agent spends more than its budget in any
/// period) and the OPEN that the charges move are checked with the real spenders, Settlement and JobEscrow, in the
/// system invariants (SystemInvariant.t.sol).
contract BudgetInvariantTest is AgentBase {
    uint256 private constant FUNDS = 10_000_000e18;

    BudgetHandler internal handler;

    function setUp() public {
        _deployAgents();
        // Two of each: the same budget is charged, lowered and replaced often within a run.
        address[] memory principals = new address[](2);
        principals[0] = address(0x9121);
        principals[1] = address(0x9122);
        address[] memory agentWallets = new address[](3);
        agentWallets[0] = address(0xA6E1);
        agentWallets[1] = address(0xA6E2);
        agentWallets[2] = address(0xA6E3);
        handler = new BudgetHandlerTarget(open, budgets, SPENDER, principals, agentWallets);
        for (uint256 i; i < principals.length; ++i) {
            _fund(principals[i], FUNDS);
            vm.prank(principals[i]);
            open.approve(address(budgets), type(uint256).max);
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Each action, with inputs as the fuzzer could draw them, runs to the end and keeps every invariant.
    function test_handler_everyActionRunsAndTheInvariantsHold() public {
        // Inputs in range of each action's bounds, so that each is used as written.
        handler.grant(0, 0, 1000e18 - 1, 2 days - 1, 10 days, 0); // no list
        handler.charge(0, 0, 3, 400e18);
        handler.charge(0, 0, 0, 2000e18 - 1); // refused: over budget
        handler.lower(0, 0, 100e18);
        handler.charge(0, 0, 1, 1); // refused: the lowered amount caps the window
        handler.warp(2 days + 1); // the next window
        handler.charge(0, 0, 1, 50e18);
        handler.grant(1, 1, 3, 11, 5 days, 1); // a list of one model, 1
        handler.charge(1, 1, 2, 1); // refused: not listed
        handler.charge(1, 1, 1, 1);
        handler.charge(1, 1, 0, 1); // a job's funding
        handler.charge(1, 2, 1, 1); // refused: no budget
        handler.revoke(1, 1);
        handler.charge(1, 1, 1, 1); // refused: revoked
        for (uint256 i; i < 4; ++i) handler.warp(3 days - 1);
        handler.charge(0, 0, 1, 1); // refused: expired
        bytes32[7] memory actions = [bytes32("grant"), "lower", "revoke", "charge", "charge.refused", "warp", "grant"];
        for (uint256 i; i < actions.length; ++i) assertGe(handler.calls(actions[i]), 1, "every action ran");
        assertEq(handler.calls("charge.refused"), 6, "six refusals as predicted");
        invariant_everyOutcomeAsPredicted();
        invariant_budgetsSayWhatTheHandlerCounted();
    }

    /// @notice Every charge went through or was refused, with the error, exactly as the handler predicted from its own
    /// account of the budget: the windows, the expiry, the list and the amount left.
    function invariant_everyOutcomeAsPredicted() public view {
        assertEq(handler.ghostSurprises(), 0, "outcomes not as predicted");
    }

    /// @notice Each budget's view (what its window was charged, when the window began, what is left) is the
    /// handler's account.
    function invariant_budgetsSayWhatTheHandlerCounted() public view {
        for (uint256 i; i < handler.principalCount(); ++i) {
            for (uint256 j; j < handler.agentCount(); ++j) {
                address principal = handler.principalAt(i);
                address agent = handler.agentAt(j);
                (bool exists, uint256 spent, uint256 periodStart, uint256 left) = handler.expected(principal, agent);
                ISpendingBudgets.BudgetView memory b = budgets.budget(principal, agent);
                assertTrue(exists == (b.period != 0), "exists");
                assertEq(b.spentInPeriod, spent, "spent in the window");
                assertEq(b.periodStart, periodStart, "window start");
                assertEq(budgets.available(principal, agent), left, "available");
            }
        }
    }
}
