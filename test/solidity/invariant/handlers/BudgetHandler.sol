// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { SpendingBudgets } from "../../../../contracts/agents/SpendingBudgets.sol";
import { ISpendingBudgets } from "../../../../contracts/interfaces/ISpendingBudgets.sol";
import { OpenToken } from "../../../../contracts/token/OpenToken.sol";
import { TestBase } from "../../utils/TestBase.sol";

/// @notice Drives SpendingBudgets through random sequences of grants (which replace a budget), lowers, revokes,
/// charges by the spender and time warps, over a few principals and agents. It keeps its own account of each budget
/// (ghost state): when it was granted, its period, its amount, its expiry and its list, and what the current window
/// (counted here from the grant) was charged. It predicts the outcome of every charge from that account alone and
/// counts each call that ends otherwise as a surprise; after each successful charge, it checks that the window's
/// charges are within the amount, and counts any breach. The handler never reverts to report a problem.
contract BudgetHandler is TestBase {
    /// @dev The handler's account of one budget.
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

    /// @notice The models that budgets may list, and that charges name (0, a job's funding, is never listed).
    uint256 public constant MODELS = 5;

    OpenToken public immutable open;
    SpendingBudgets public immutable budgets;
    address public immutable spender;

    address[] private _principals;
    address[] private _agents;
    mapping(address principal => mapping(address agent => Ghost)) private _ghosts;
    mapping(address principal => mapping(address agent => mapping(uint256 generation => mapping(uint256 modelId => bool))))
        private _listed;

    /// @notice OPEN charged in all, as the handler counted it.
    uint256 public ghostCharged;
    /// @notice Charges that took a window's total above the largest amount in force during it, or above the amount in
    /// force at the charge.
    uint256 public ghostBreaches;
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

        Ghost storage g = _ghosts[principal][agent];
        uint256 generation = g.generation + 1;
        _ghosts[principal][agent] = Ghost(
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
        for (uint256 i; i < list.length; ++i) _listed[principal][agent][generation][list[i]] = true;
        ++calls["grant"];
    }

    function lower(uint256 principalSeed, uint256 agentSeed, uint256 amount) external {
        address principal = _principal(principalSeed);
        address agent = _agent(agentSeed);
        Ghost storage g = _ghosts[principal][agent];
        if (!g.exists || g.amount == 0) return;
        _roll(g);
        amount = bound(amount, 0, g.amount - 1);
        vm.prank(principal);
        budgets.lower(agent, amount);
        g.amount = amount;
        ++calls["lower"];
    }

    function revoke(uint256 principalSeed, uint256 agentSeed) external {
        address principal = _principal(principalSeed);
        address agent = _agent(agentSeed);
        Ghost storage g = _ghosts[principal][agent];
        if (!g.exists) return;
        vm.prank(principal);
        budgets.revoke(agent);
        g.exists = false;
        ++calls["revoke"];
    }

    /// @notice Charges a budget (or a pair without one) for a model or a job: an amount up to twice the budget, so that
    /// about half the charges do not fit.
    function charge(uint256 principalSeed, uint256 agentSeed, uint256 modelSeed, uint256 amount) external {
        address principal = _principal(principalSeed);
        address agent = _agent(agentSeed);
        uint256 modelId = modelSeed % (MODELS + 1);
        Ghost storage g = _ghosts[principal][agent];
        if (g.exists) _roll(g);
        amount = bound(amount, 0, g.exists ? 2 * g.amount + 1 : 1_000e18);
        bytes4 outcome = _predict(principal, agent, modelId, amount, g);

        vm.prank(spender);
        try budgets.charge(principal, agent, modelId, amount) {
            // Counted even when it should have been refused: the breach count does not rest on the prediction.
            g.charged += amount;
            ghostCharged += amount;
            // A charge of zero adds nothing, and may follow a lower below what the window already spent.
            if (amount != 0 && (g.charged > g.windowCap || g.charged > g.amount)) ++ghostBreaches;
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
        Ghost memory g = _ghosts[principal][agent];
        if (!g.exists) return (false, 0, 0, 0);
        uint256 window = (block.timestamp - g.start) / g.period;
        spent = window == g.window ? g.charged : 0;
        periodStart = g.start + window * g.period;
        available = block.timestamp >= g.expiry || spent >= g.amount ? 0 : g.amount - spent;
        return (true, spent, periodStart, available);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Moves the account to the window that holds now, counted from the grant.
    function _roll(Ghost storage g) private {
        uint256 window = (block.timestamp - g.start) / g.period;
        if (window == g.window) return;
        g.window = window;
        g.charged = 0;
        g.windowCap = g.amount;
    }

    /// @dev The error the charge must end with, from the account alone (0 for success).
    function _predict(
        address principal,
        address agent,
        uint256 modelId,
        uint256 amount,
        Ghost storage g
    ) private view returns (bytes4) {
        if (!g.exists) return ISpendingBudgets.NoBudget.selector;
        if (block.timestamp >= g.expiry) return ISpendingBudgets.BudgetExpired.selector;
        if (modelId != 0 && g.hasList && !_listed[principal][agent][g.generation][modelId]) {
            return ISpendingBudgets.ModelNotInBudget.selector;
        }
        uint256 rest = g.charged >= g.amount ? 0 : g.amount - g.charged;
        if (amount > rest) return ISpendingBudgets.OverBudget.selector;
        return bytes4(0);
    }

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
