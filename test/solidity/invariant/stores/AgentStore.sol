// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AgentRegistry } from "../../../../contracts/agents/AgentRegistry.sol";
import { JobEscrow } from "../../../../contracts/agents/JobEscrow.sol";
import { ReputationRegistry } from "../../../../contracts/agents/ReputationRegistry.sol";
import { SpendingBudgets } from "../../../../contracts/agents/SpendingBudgets.sol";
import { BudgetLedger } from "../handlers/BudgetLedger.sol";

/// @notice The agent contracts of the deployed suite, as the agent handlers see them.
struct Agents {
    AgentRegistry registry;
    SpendingBudgets budgets;
    JobEscrow escrow;
    ReputationRegistry reputation;
}

/// @notice What the agent handlers share beside SystemStore: the principals that give budgets, the evaluators, the
/// account of every budget (BudgetLedger), and the ghost records of the jobs (how often each finished and what it paid
/// out), of the OPEN that budgets recorded as spent and that came back to the principals, and of the feedback given.
/// Only the handlers write here; the invariant runner never calls it (it is not a target).
contract AgentStore {
    using BudgetLedger for BudgetLedger.Ledger;

    /// @notice The tag pairs that feedback is given under.
    uint256 public constant TAG_PAIRS = 2;

    address[] private _principals;
    address[] private _evaluators;
    BudgetLedger.Ledger private _ledger;

    uint256[] private _jobIds;
    /// @notice How many times each job finished (completed, rejected or refunded).
    mapping(uint256 jobId => uint256) public finishes;
    /// @notice What each job paid out when it finished, measured as the credits that moved: the provider's earnings
    /// and the fee on completion, the client's refund or the parent's escrow on rejection or refund.
    mapping(uint256 jobId => uint256) public payouts;

    /// @notice The OPEN that SpendingBudgets recorded as spent, measured as the change of `spentInPeriod` around
    /// each charge.
    uint256 public recordedSpent;
    /// @notice The OPEN that the principals took back from the escrow (refunds of jobs funded under their budgets).
    uint256 public returnedToPrincipals;

    /// @notice Feedback given to each agent under each tag pair, and the weight it came with.
    mapping(uint256 agentId => mapping(uint256 pair => uint256)) public feedbackCount;
    mapping(uint256 agentId => mapping(uint256 pair => uint256)) public feedbackWeight;

    constructor(address[] memory principals_, address[] memory evaluators_) {
        _principals = principals_;
        _evaluators = evaluators_;
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    function principals() external view returns (address[] memory) {
        return _principals;
    }

    function evaluators() external view returns (address[] memory) {
        return _evaluators;
    }

    function principal(uint256 seed) external view returns (address) {
        return _principals[seed % _principals.length];
    }

    function evaluator(uint256 seed) external view returns (address) {
        return _evaluators[seed % _evaluators.length];
    }

    function isPrincipal(address account) external view returns (bool) {
        for (uint256 i; i < _principals.length; ++i) if (_principals[i] == account) return true;
        return false;
    }

    function jobCount() external view returns (uint256) {
        return _jobIds.length;
    }

    function jobAt(uint256 index) external view returns (uint256) {
        return _jobIds[index];
    }

    /// @notice The job drawn by `seed` (0 when there is none).
    function job(uint256 seed) external view returns (uint256) {
        return _jobIds.length == 0 ? 0 : _jobIds[seed % _jobIds.length];
    }

    /// @notice The account of the budget of (`principal_`, `agent`), in the window that holds now.
    function ghost(address principal_, address agent) external view returns (BudgetLedger.Ghost memory g) {
        g = _ledger.ghosts[principal_][agent];
        if (g.exists && (block.timestamp - g.start) / g.period != g.window) {
            g.charged = 0;
            g.windowCap = g.amount;
        }
    }

    /// @notice How a charge of `amount` for `modelId` must end, after `before` was charged in the same call.
    function predictCharge(
        address principal_,
        address agent,
        uint256 modelId,
        uint256 amount,
        uint256 before
    ) external returns (bytes4) {
        BudgetLedger.roll(_ledger.ghosts[principal_][agent]);
        return _ledger.predict(principal_, agent, modelId, amount, before);
    }

    /// @notice Charges that took a window above its amount.
    function budgetBreaches() external view returns (uint256) {
        return _ledger.breaches;
    }

    /// @notice OPEN charged in all, as the handlers counted it.
    function charged() external view returns (uint256) {
        return _ledger.charged;
    }

    // ─── Writes by the handlers ──────────────────────────────────────────────────────────────────────────────────

    function granted(
        address principal_,
        address agent,
        uint256 amount,
        uint256 period,
        uint256 expiry,
        uint256[] calldata list
    ) external {
        _ledger.granted(principal_, agent, amount, period, expiry, list);
    }

    function lowered(address principal_, address agent, uint256 amount) external {
        _ledger.lowered(principal_, agent, amount);
    }

    function revoked(address principal_, address agent) external {
        _ledger.revoked(principal_, agent);
    }

    /// @notice A charge that went through.
    function chargedNow(address principal_, address agent, uint256 amount) external {
        BudgetLedger.roll(_ledger.ghosts[principal_][agent]);
        _ledger.chargedNow(principal_, agent, amount);
    }

    /// @notice What SpendingBudgets recorded as spent in a call.
    function addRecorded(uint256 amount) external {
        recordedSpent += amount;
    }

    function addReturned(uint256 amount) external {
        returnedToPrincipals += amount;
    }

    function pushJob(uint256 jobId) external {
        _jobIds.push(jobId);
    }

    function finished(uint256 jobId, uint256 payout) external {
        ++finishes[jobId];
        payouts[jobId] += payout;
    }

    function addFeedback(uint256 agentId, uint256 pair, uint256 weight) external {
        ++feedbackCount[agentId][pair];
        feedbackWeight[agentId][pair] += weight;
    }
}
