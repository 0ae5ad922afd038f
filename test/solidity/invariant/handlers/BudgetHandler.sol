// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { SpendingBudgets } from "../../../../contracts/agents/SpendingBudgets.sol";
import { OpenToken } from "../../../../contracts/token/OpenToken.sol";
import { TestBase } from "../../utils/TestBase.sol";
import { BudgetLedger } from "./BudgetLedger.sol";

/// @notice Drives SpendingBudgets through random sequences of grants (which replace a budget), lowers, revokes,
/// charges by a stand-in spender and time warps, over a few principals and agents. It keeps its own account of each
/// budget (BudgetLedger), predicts the outcome of every charge from that account alone and counts each call that ends
/// otherwise as a surprise. The handler never reverts to report a problem. That no window is charged above its amount
/// is checked with the real spenders, in the system invariants (SystemInvariant.t.sol).
contract BudgetHandler is TestBase {
    using BudgetLedger for BudgetLedger.Ledger;

    /// @notice The models that budgets may list, and that charges name (0, a job's funding, is never listed).
    uint256 public constant MODELS = 5;

    OpenToken public immutable open;
    SpendingBudgets public immutable budgets;
    address public immutable spender;

    address[] private _principals;
    address[] private _agents;
    BudgetLedger.Ledger private _ledger;

    /// @notice Calls that ended otherwise than predicted.
    uint256 public ghostSurprises;
    /// @notice How many times each action ran to the end (`charge.refused` for a refusal as predicted).
    mapping(bytes32 action => uint256) public calls;

    constructor(
        OpenToken open_,
        SpendingBudgets budgets_,
        address spender_,
        address[] memory principals_,
        address[] memory agents_
    ) {
        open = open_;
        budgets = budgets_;
        spender = spender_;
        _principals = principals_;
        _agents = agents_;
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Grants (or replaces) a budget: a small or large amount, a short or long period, with a list half the
    /// time.
    function grant(
        uint256 principalSeed,
        uint256 agentSeed,
        uint256 amount,
        uint256 period,
        uint256 life,
        uint256 listSeed
    ) external {
        address principal = _principal(principalSeed);
        address agent = _agent(agentSeed);
        amount = bound(amount, 1, amount % 2 == 0 ? 100 : 1_000e18);
        period = bound(period, 1, period % 2 == 0 ? 10 minutes : 2 days);
        uint256 expiry = block.timestamp + bound(life, 1, 20 days);
        uint256[] memory list = _list(listSeed);
        vm.prank(principal);
        budgets.grant(agent, amount, period, expiry, list);
        _ledger.granted(principal, agent, amount, period, expiry, list);
        ++calls["grant"];
    }

    function lower(uint256 principalSeed, uint256 agentSeed, uint256 amount) external {
        address principal = _principal(principalSeed);
        address agent = _agent(agentSeed);
        BudgetLedger.Ghost storage g = _ledger.ghosts[principal][agent];
        if (!g.exists || g.amount == 0) return;
        amount = bound(amount, 0, g.amount - 1);
        vm.prank(principal);
        budgets.lower(agent, amount);
        _ledger.lowered(principal, agent, amount);
        ++calls["lower"];
    }

    function revoke(uint256 principalSeed, uint256 agentSeed) external {
        address principal = _principal(principalSeed);
        address agent = _agent(agentSeed);
        if (!_ledger.ghosts[principal][agent].exists) return;
        vm.prank(principal);
        budgets.revoke(agent);
        _ledger.revoked(principal, agent);
        ++calls["revoke"];
    }

    /// @notice Charges a budget (or a pair without one) for a model or a job: an amount up to twice the budget, so that
    /// about half the charges do not fit.
    function charge(uint256 principalSeed, uint256 agentSeed, uint256 modelSeed, uint256 amount) external {
        address principal = _principal(principalSeed);
        address agent = _agent(agentSeed);
        uint256 modelId = modelSeed % (MODELS + 1);
        BudgetLedger.Ghost storage g = _ledger.ghosts[principal][agent];
        BudgetLedger.roll(g);
        amount = bound(amount, 0, g.exists ? 2 * g.amount + 1 : 1_000e18);
        bytes4 outcome = _ledger.predict(principal, agent, modelId, amount, 0);

        vm.prank(spender);
        try budgets.charge(principal, agent, modelId, amount) {
            _ledger.chargedNow(principal, agent, amount);
            if (outcome != bytes4(0)) ++ghostSurprises;
            else ++calls["charge"];
        } catch (bytes memory reason) {
            if (outcome == bytes4(0) || reason.length < 4 || bytes4(reason) != outcome) ++ghostSurprises;
            else ++calls["charge.refused"];
        }
    }

    /// @notice Lets time pass: within a window, across a few, or across a budget's whole life.
    function warp(uint256 seconds_) external {
        uint256 dt = seconds_ % 3 == 0 ? bound(seconds_, 1, 10 minutes) : bound(seconds_, 1, 3 days);
        vm.warp(block.timestamp + dt);
        ++calls["warp"];
    }

    // ─── Views for the invariants ────────────────────────────────────────────────────────────────────────────────

    function principalCount() external view returns (uint256) {
        return _principals.length;
    }

    function principalAt(uint256 index) external view returns (address) {
        return _principals[index];
    }

    function agentCount() external view returns (uint256) {
        return _agents.length;
    }

    function agentAt(uint256 index) external view returns (address) {
        return _agents[index];
    }

    /// @notice What the handler expects `budget` and `available` to say now.
    function expected(
        address principal,
        address agent
    ) external view returns (bool exists, uint256 spent, uint256 periodStart, uint256 available) {
        return _ledger.expected(principal, agent);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Empty half the time, else one to three distinct models of 1..MODELS.
    function _list(uint256 seed) private pure returns (uint256[] memory list) {
        if (seed % 2 == 0) return list;
        uint256 n = 1 + ((seed >> 8) % 3);
        list = new uint256[](n);
        uint256 first = 1 + ((seed >> 16) % MODELS);
        for (uint256 i; i < n; ++i) list[i] = 1 + ((first - 1 + i) % MODELS);
    }

    function _principal(uint256 seed) private view returns (address) {
        return _principals[seed % _principals.length];
    }

    function _agent(uint256 seed) private view returns (address) {
        return _agents[seed % _agents.length];
    }
}
