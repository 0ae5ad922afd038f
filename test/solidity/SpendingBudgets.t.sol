// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IERC20Errors } from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import { SpendingBudgets } from "../../contracts/agents/SpendingBudgets.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { ISpendingBudgets } from "../../contracts/interfaces/ISpendingBudgets.sol";
import { AgentBase } from "./utils/AgentBase.sol";

/// @notice SpendingBudgets: granting (and replacing), lowering and revoking a budget, and charging it: the model list,
/// the expiry, the fixed windows from the grant and the cap of a lowered amount. Every revert with its values, every
/// event with its fields, and who may charge.
contract SpendingBudgetsTest is AgentBase {
    address private constant PRINCIPAL = address(0x9121);
    address private constant AGENT = address(0xA6E7);
    address private constant STRANGER = address(0x5757);
    uint256 private constant START = 1_700_000_000;
    uint256 private constant AMOUNT = 100e18;
    uint256 private constant PERIOD = 1 days;
    uint256 private constant EXPIRY = START + 30 days;

    function setUp() public {
        _deployAgents();
        vm.warp(START);
        _fund(PRINCIPAL, 1_000_000e18);
        vm.prank(PRINCIPAL);
        open.approve(address(budgets), type(uint256).max);
    }

    // ─── Deployment ──────────────────────────────────────────────────────────────────────────────────────────────

    function test_constructor_setsEverything() public view {
        assertEq(budgets.token(), address(open), "token");
        assertEq(budgets.authority(), address(manager), "authority");
        assertEq(budgets.MAX_MODELS(), 16, "max models");
        assertEq(budgets.MAX_AMOUNT(), (1 << 90) - 1, "max amount");
        assertEq(budgets.MAX_PERIOD(), type(uint32).max, "max period");
    }

    function test_RevertWhen_constructor_zeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IErrors.ZeroAddress.selector));
        new SpendingBudgets(IERC20(address(0)), address(manager), address(settlement));
        vm.expectRevert(abi.encodeWithSelector(IErrors.ZeroAddress.selector));
        new SpendingBudgets(IERC20(address(open)), address(0), address(settlement));
    }

    // ─── grant ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_grant_storesTheBudget() public {
        uint256[] memory none = new uint256[](0);
        vm.expectEmit(address(budgets));
        emit ISpendingBudgets.BudgetGranted(PRINCIPAL, AGENT, AMOUNT, PERIOD, EXPIRY, none);
        _grant(none);

        ISpendingBudgets.BudgetView memory b = budgets.budget(PRINCIPAL, AGENT);
        assertEq(b.amountPerPeriod, AMOUNT, "amount");
        assertEq(b.period, PERIOD, "period");
        assertEq(b.expiry, EXPIRY, "expiry");
        assertEq(b.spentInPeriod, 0, "spent");
        assertEq(b.periodStart, START, "starts now");
        assertEq(b.modelIds.length, 0, "any model");
        assertEq(budgets.available(PRINCIPAL, AGENT), AMOUNT, "available");
        assertEq(budgets.available(AGENT, PRINCIPAL), 0, "one way only");
    }

    function test_grant_withModels() public {
        uint256[] memory list = _list(7, 3);
        vm.expectEmit(address(budgets));
        emit ISpendingBudgets.BudgetGranted(PRINCIPAL, AGENT, AMOUNT, PERIOD, EXPIRY, list);
        _grant(list);
        uint256[] memory stored = budgets.budget(PRINCIPAL, AGENT).modelIds;
        assertEq(stored.length, 2, "two");
        assertEq(stored[0], 7, "first");
        assertEq(stored[1], 3, "second");
    }

    function test_grant_atTheBounds() public {
        uint256[] memory list = new uint256[](16);
        for (uint256 i; i < 16; ++i) list[i] = type(uint32).max - i;
        uint256 maxAmount = budgets.MAX_AMOUNT();
        vm.prank(PRINCIPAL);
        budgets.grant(AGENT, maxAmount, type(uint32).max, type(uint32).max, list);
        ISpendingBudgets.BudgetView memory b = budgets.budget(PRINCIPAL, AGENT);
        assertEq(b.amountPerPeriod, maxAmount, "amount");
        assertEq(b.period, type(uint32).max, "period");
        assertEq(b.expiry, type(uint32).max, "expiry");
        assertEq(b.modelIds.length, 16, "list");
        assertEq(b.modelIds[15], type(uint32).max - 15, "last");
        // The longest window runs past 32 bits, and is charged like any other.
        vm.warp(type(uint32).max - 1);
        vm.prank(SPENDER);
        budgets.charge(PRINCIPAL, AGENT, type(uint32).max, 1);
        assertEq(budgets.budget(PRINCIPAL, AGENT).periodStart, START, "one window");
    }

    function test_RevertWhen_grant_badInput() public {
        uint256[] memory none = new uint256[](0);
        uint256 maxAmount = budgets.MAX_AMOUNT();
        vm.startPrank(PRINCIPAL);
        vm.expectRevert(abi.encodeWithSelector(IErrors.ZeroAddress.selector));
        budgets.grant(address(0), AMOUNT, PERIOD, EXPIRY, none);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.ZeroBudgetAmount.selector));
        budgets.grant(AGENT, 0, PERIOD, EXPIRY, none);
        vm.expectRevert(
            abi.encodeWithSelector(ISpendingBudgets.BudgetAmountTooLarge.selector, maxAmount + 1, maxAmount)
        );
        budgets.grant(AGENT, maxAmount + 1, PERIOD, EXPIRY, none);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.ZeroPeriod.selector));
        budgets.grant(AGENT, AMOUNT, 0, EXPIRY, none);
        uint256 tooLong = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.PeriodTooLong.selector, tooLong, type(uint32).max));
        budgets.grant(AGENT, AMOUNT, tooLong, EXPIRY, none);
        bytes memory range = abi.encodeWithSelector(
            ISpendingBudgets.ExpiryOutOfRange.selector,
            START,
            START + 1,
            type(uint32).max
        );
        vm.expectRevert(range);
        budgets.grant(AGENT, AMOUNT, PERIOD, START, none);
        vm.expectRevert(
            abi.encodeWithSelector(ISpendingBudgets.ExpiryOutOfRange.selector, tooLong, START + 1, type(uint32).max)
        );
        budgets.grant(AGENT, AMOUNT, PERIOD, tooLong, none);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.TooManyBudgetModels.selector, 17, 16));
        budgets.grant(AGENT, AMOUNT, PERIOD, EXPIRY, new uint256[](17));
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.InvalidBudgetModel.selector, 0));
        budgets.grant(AGENT, AMOUNT, PERIOD, EXPIRY, _list(4, 0));
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.InvalidBudgetModel.selector, tooLong));
        budgets.grant(AGENT, AMOUNT, PERIOD, EXPIRY, _list(tooLong, 4));
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.DuplicateBudgetModel.selector, 4));
        budgets.grant(AGENT, AMOUNT, PERIOD, EXPIRY, _list(4, 5, 4));
        vm.stopPrank();
        assertEq(budgets.budget(PRINCIPAL, AGENT).amountPerPeriod, 0, "no budget");
    }

    /// @notice A new grant replaces the budget: a new first window from now with nothing spent, and the new list only.
    function test_grant_replacesTheBudget() public {
        _grant(_list(1, 2));
        _charge(1, 60e18);
        vm.warp(START + 1 hours);
        _grant(_list(3));

        ISpendingBudgets.BudgetView memory b = budgets.budget(PRINCIPAL, AGENT);
        assertEq(b.spentInPeriod, 0, "nothing spent");
        assertEq(b.periodStart, START + 1 hours, "a new first window");
        assertEq(b.modelIds.length, 1, "the new list");
        assertEq(b.modelIds[0], 3, "model 3");
        _expectModelRefused(1);
        _charge(3, AMOUNT);

        // Without a list, any model.
        _grant(new uint256[](0));
        _charge(1, 1);
        _charge(2, 1);
        assertEq(budgets.budget(PRINCIPAL, AGENT).modelIds.length, 0, "no list");
    }

    // ─── charge ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_charge_movesTheTokensAndRecords() public {
        _grant(new uint256[](0));
        _charge(5, 30e18);
        assertEq(budgets.budget(PRINCIPAL, AGENT).spentInPeriod, 30e18, "spent after the first");
        _charge(0, 70e18);

        assertEq(open.balanceOf(SPENDER), 100e18, "to the spender");
        assertEq(open.balanceOf(PRINCIPAL), 1_000_000e18 - 100e18, "from the principal");
        assertEq(budgets.budget(PRINCIPAL, AGENT).spentInPeriod, 100e18, "spent");
        assertEq(budgets.available(PRINCIPAL, AGENT), 0, "used up");
    }

    function test_charge_paysTheSpenderThatCharges() public {
        _grant(new uint256[](0));
        vm.prank(address(settlement));
        budgets.charge(PRINCIPAL, AGENT, 1, 1e18);
        assertEq(open.balanceOf(address(settlement)), 1e18, "to Settlement, the spender that charged");
        assertEq(open.balanceOf(SPENDER), 0, "not to another spender");
    }

    function test_settlement_isASpenderForGood() public {
        assertEq(budgets.settlement(), address(settlement), "the Settlement that deployed it");
        budgets.setSpender(address(settlement), false);
        assertTrue(budgets.isSpender(address(settlement)), "governance's list does not stop it");
    }

    function test_RevertWhen_constructedWithoutASettlement() public {
        vm.expectRevert(abi.encodeWithSelector(IErrors.ZeroAddress.selector));
        new SpendingBudgets(IERC20(address(open)), address(manager), address(0));
    }

    function test_charge_listedModelsAndJobFunding() public {
        _grant(_list(7, 3));
        _charge(3, 1e18);
        _charge(7, 1e18);
        // A job's funding is not a model: the list does not apply.
        _charge(0, 1e18);
        _expectModelRefused(4);
        assertEq(budgets.budget(PRINCIPAL, AGENT).spentInPeriod, 3e18, "spent");
    }

    function test_RevertWhen_charge_noBudget() public {
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.NoBudget.selector, PRINCIPAL, AGENT));
        _charge(1, 1);
    }

    function test_RevertWhen_charge_expired() public {
        _grant(new uint256[](0));
        vm.warp(EXPIRY - 1);
        _charge(1, 1);
        vm.warp(EXPIRY);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.BudgetExpired.selector, PRINCIPAL, AGENT, EXPIRY));
        _charge(1, 1);
        assertEq(budgets.available(PRINCIPAL, AGENT), 0, "nothing available");
    }

    function test_RevertWhen_charge_overBudget() public {
        _grant(new uint256[](0));
        vm.expectRevert(
            abi.encodeWithSelector(ISpendingBudgets.OverBudget.selector, PRINCIPAL, AGENT, AMOUNT + 1, AMOUNT)
        );
        _charge(1, AMOUNT + 1);
        _charge(1, AMOUNT - 1);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.OverBudget.selector, PRINCIPAL, AGENT, 2, 1));
        _charge(1, 2);
        _charge(1, 1);
        assertEq(open.balanceOf(SPENDER), AMOUNT, "exactly the budget");
    }

    /// @notice Only the spenders that governance set charge: not the admin (governance), not the agent, not anyone else.
    function test_RevertWhen_charge_notASpender() public {
        _grant(new uint256[](0));
        address[3] memory callers = [address(this), AGENT, STRANGER];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.NotSpender.selector, callers[i]));
            vm.prank(callers[i]);
            budgets.charge(PRINCIPAL, AGENT, 1, 1);
        }
        assertEq(budgets.available(PRINCIPAL, AGENT), AMOUNT, "nothing charged");
    }

    function test_setSpender_letsAndStopsASpender() public {
        address spender = address(0xC0FFEE);
        vm.expectEmit(address(budgets));
        emit ISpendingBudgets.SpenderSet(spender, true);
        budgets.setSpender(spender, true);
        assertTrue(budgets.isSpender(spender), "allowed");
        vm.expectEmit(address(budgets));
        emit ISpendingBudgets.SpenderSet(spender, false);
        budgets.setSpender(spender, false);
        assertTrue(!budgets.isSpender(spender), "stopped");
        assertTrue(budgets.isSpender(address(settlement)), "settlement is a spender from deployment");
    }

    function test_RevertWhen_setSpender_byAnyoneButGovernance() public {
        address[3] memory callers = [SPENDER, AGENT, STRANGER];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, callers[i]));
            vm.prank(callers[i]);
            budgets.setSpender(callers[i], true);
            assertTrue(budgets.isSpender(callers[i]) == (callers[i] == SPENDER), "unchanged");
        }
    }

    function test_RevertWhen_setSpender_zeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IErrors.ZeroAddress.selector));
        budgets.setSpender(address(0), true);
    }

    function test_RevertWhen_charge_principalsAllowanceTooLow() public {
        _grant(new uint256[](0));
        vm.prank(PRINCIPAL);
        open.approve(address(budgets), 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(budgets), 1e18, 2e18)
        );
        _charge(1, 2e18);
        assertEq(budgets.budget(PRINCIPAL, AGENT).spentInPeriod, 0, "nothing recorded");
    }

    /// @notice Windows are fixed from the grant: a window's charges reach the amount at most, and the next window
    /// starts at the grant plus a whole number of periods, however late its first charge comes.
    function test_charge_windowsFromTheGrant() public {
        _grant(new uint256[](0));
        _charge(1, AMOUNT);
        vm.warp(START + PERIOD - 1);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.OverBudget.selector, PRINCIPAL, AGENT, 1, 0));
        _charge(1, 1);
        vm.warp(START + PERIOD);
        assertEq(budgets.available(PRINCIPAL, AGENT), AMOUNT, "a new window");
        _charge(1, AMOUNT);

        vm.warp(START + 5 * PERIOD + 17);
        ISpendingBudgets.BudgetView memory b = budgets.budget(PRINCIPAL, AGENT);
        assertEq(b.periodStart, START + 5 * PERIOD, "the view rolls too");
        assertEq(b.spentInPeriod, 0, "nothing spent in it");
        _charge(1, 40e18);
        b = budgets.budget(PRINCIPAL, AGENT);
        assertEq(b.periodStart, START + 5 * PERIOD, "window 5");
        assertEq(b.spentInPeriod, 40e18, "spent in window 5");
        vm.warp(START + 6 * PERIOD - 1);
        _charge(1, 60e18);
        assertEq(budgets.available(PRINCIPAL, AGENT), 0, "window 5 used up");
    }

    // ─── lower ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_lower_capsTheRestOfTheWindow() public {
        _grant(new uint256[](0));
        _charge(1, 60e18);
        vm.expectEmit(address(budgets));
        emit ISpendingBudgets.BudgetLowered(PRINCIPAL, AGENT, 80e18);
        vm.prank(PRINCIPAL);
        budgets.lower(AGENT, 80e18);
        assertEq(budgets.available(PRINCIPAL, AGENT), 20e18, "80 - 60");

        vm.prank(PRINCIPAL);
        budgets.lower(AGENT, 50e18);
        assertEq(budgets.available(PRINCIPAL, AGENT), 0, "already spent more");
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.OverBudget.selector, PRINCIPAL, AGENT, 1, 0));
        _charge(1, 1);

        vm.warp(START + PERIOD);
        assertEq(budgets.available(PRINCIPAL, AGENT), 50e18, "the next window has the new amount");
        vm.prank(PRINCIPAL);
        budgets.lower(AGENT, 0);
        assertEq(budgets.available(PRINCIPAL, AGENT), 0, "frozen");
        assertEq(budgets.budget(PRINCIPAL, AGENT).expiry, EXPIRY, "but still there");
    }

    function test_RevertWhen_lower_notLowerOrNoBudget() public {
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.NoBudget.selector, PRINCIPAL, AGENT));
        vm.prank(PRINCIPAL);
        budgets.lower(AGENT, 1);
        _grant(new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.AmountNotLower.selector, AMOUNT, AMOUNT));
        vm.prank(PRINCIPAL);
        budgets.lower(AGENT, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.AmountNotLower.selector, AMOUNT + 1, AMOUNT));
        vm.prank(PRINCIPAL);
        budgets.lower(AGENT, AMOUNT + 1);
    }

    // ─── revoke ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_revoke_removesTheBudgetAndItsList() public {
        _grant(_list(1, 2));
        _charge(1, 10e18);
        vm.expectEmit(address(budgets));
        emit ISpendingBudgets.BudgetRevoked(PRINCIPAL, AGENT);
        vm.prank(PRINCIPAL);
        budgets.revoke(AGENT);

        ISpendingBudgets.BudgetView memory b = budgets.budget(PRINCIPAL, AGENT);
        assertEq(b.amountPerPeriod + b.period + b.expiry + b.spentInPeriod + b.periodStart, 0, "all zero");
        assertEq(b.modelIds.length, 0, "no list");
        assertEq(budgets.available(PRINCIPAL, AGENT), 0, "nothing available");
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.NoBudget.selector, PRINCIPAL, AGENT));
        _charge(1, 1);

        // A new budget with another list knows nothing of the old one.
        _grant(_list(3));
        _expectModelRefused(1);
        _charge(3, 1);
    }

    function test_RevertWhen_revoke_noBudget() public {
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.NoBudget.selector, PRINCIPAL, AGENT));
        vm.prank(PRINCIPAL);
        budgets.revoke(AGENT);
    }

    // ─── Fuzz ────────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Whatever the charges and the gaps between them, no window's charges exceed the amount, and each charge
    /// that fits in its window goes through.
    function testFuzz_charge_neverMoreThanTheAmountInAWindow(
        uint256 amount,
        uint256 period,
        uint256[12] memory steps
    ) public {
        amount = bound(amount, 1, 1_000e18);
        period = bound(period, 1, 10 days);
        vm.prank(PRINCIPAL);
        budgets.grant(AGENT, amount, period, type(uint32).max, new uint256[](0));
        uint256 window;
        uint256 spent;
        for (uint256 i; i < steps.length; ++i) {
            vm.warp(block.timestamp + bound(steps[i] >> 128, 0, 2 * period));
            uint256 nowWindow = (block.timestamp - START) / period;
            if (nowWindow != window) (window, spent) = (nowWindow, 0);
            uint256 charged = bound(uint128(steps[i]), 0, amount + 1);
            if (spent + charged > amount) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        ISpendingBudgets.OverBudget.selector,
                        PRINCIPAL,
                        AGENT,
                        charged,
                        amount - spent
                    )
                );
                _charge(1, charged);
            } else {
                _charge(1, charged);
                spent += charged;
            }
            assertLe(spent, amount, "window within the amount");
            ISpendingBudgets.BudgetView memory b = budgets.budget(PRINCIPAL, AGENT);
            assertEq(b.spentInPeriod, spent, "spent as counted");
            assertEq(b.periodStart, START + window * period, "window as counted");
        }
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _grant(uint256[] memory modelIds) private {
        vm.prank(PRINCIPAL);
        budgets.grant(AGENT, AMOUNT, PERIOD, EXPIRY, modelIds);
    }

    function _charge(uint256 modelId, uint256 amount) private {
        vm.prank(SPENDER);
        budgets.charge(PRINCIPAL, AGENT, modelId, amount);
    }

    function _expectModelRefused(uint256 modelId) private {
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.ModelNotInBudget.selector, PRINCIPAL, AGENT, modelId));
        _charge(modelId, 1);
    }

    function _list(uint256 a) private pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _list(uint256 a, uint256 b) private pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        (ids[0], ids[1]) = (a, b);
    }

    function _list(uint256 a, uint256 b, uint256 c) private pure returns (uint256[] memory ids) {
        ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (a, b, c);
    }
}

/// @notice The execution gas of `charge`, in a transaction of its own (setUp's grants and first charges leave every
/// slot cold), called by the spender as Settlement would: a budget without list in the same window (the hot path:
/// one slot read and written), the first charge of a new window (which reads the period too), and a listed model.
/// The AccessManager's check of the SPENDER role is part of each.
contract SpendingBudgetsGasTest is AgentBase {
    address private constant PRINCIPAL = address(0x9121);
    address private constant AGENT = address(0xA6E7);
    address private constant LISTED_AGENT = address(0xA6E8);

    function setUp() public {
        _deployAgents();
        _fund(PRINCIPAL, 1_000_000e18);
        _fund(SPENDER, 1);
        uint256[] memory list = new uint256[](3);
        (list[0], list[1], list[2]) = (1, 2, 3);
        vm.startPrank(PRINCIPAL);
        open.approve(address(budgets), type(uint256).max);
        budgets.grant(AGENT, 1_000e18, 1 hours, block.timestamp + 30 days, new uint256[](0));
        budgets.grant(LISTED_AGENT, 1_000e18, 1 hours, block.timestamp + 30 days, list);
        vm.stopPrank();
        vm.startPrank(SPENDER);
        budgets.charge(PRINCIPAL, AGENT, 1, 1e18);
        budgets.charge(PRINCIPAL, LISTED_AGENT, 2, 1e18);
        vm.stopPrank();
    }

    function test_gas_charge_sameWindow() public {
        vm.prank(SPENDER);
        budgets.charge(PRINCIPAL, AGENT, 1, 1e18);
        vm.snapshotGasLastCall("budget.charge");
        assertEq(budgets.budget(PRINCIPAL, AGENT).spentInPeriod, 2e18, "charged");
    }

    function test_gas_charge_firstOfAWindow() public {
        vm.warp(block.timestamp + 5 hours);
        vm.prank(SPENDER);
        budgets.charge(PRINCIPAL, AGENT, 1, 1e18);
        vm.snapshotGasLastCall("budget.charge.newWindow");
        assertEq(budgets.budget(PRINCIPAL, AGENT).spentInPeriod, 1e18, "charged");
    }

    function test_gas_charge_listedModel() public {
        vm.prank(SPENDER);
        budgets.charge(PRINCIPAL, LISTED_AGENT, 3, 1e18);
        vm.snapshotGasLastCall("budget.charge.listedModel");
        assertEq(budgets.budget(PRINCIPAL, LISTED_AGENT).spentInPeriod, 2e18, "charged");
    }
}
