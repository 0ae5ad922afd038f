// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AgentRegistry } from "../../../../contracts/agents/AgentRegistry.sol";
import { JobEscrow } from "../../../../contracts/agents/JobEscrow.sol";
import { ReputationRegistry } from "../../../../contracts/agents/ReputationRegistry.sol";
import { SpendingBudgets } from "../../../../contracts/agents/SpendingBudgets.sol";
import { IJobEscrow } from "../../../../contracts/interfaces/IJobEscrow.sol";
import { AgentStore, Agents } from "../stores/AgentStore.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";
import { BaseHandler } from "./BaseHandler.sol";

/// @notice What the agent handlers have besides BaseHandler: the agent contracts, their store, and the charges under
/// budgets, measured on both sides (what left the principal, what SpendingBudgets recorded).
abstract contract AgentSystemHandler is BaseHandler {
    /// @notice The least escrow the handlers fund a job with: a job's value stays valid under any least job value that
    /// governance may set up to 1 OPEN.
    uint256 public constant MIN_JOB = 1e18;

    AgentRegistry public immutable registry;
    SpendingBudgets public immutable budgets;
    JobEscrow public immutable escrow;
    ReputationRegistry public immutable reputation;
    AgentStore public immutable agentStore;

    constructor(System memory s, SystemStore store_, Agents memory a, AgentStore agentStore_) BaseHandler(s, store_) {
        registry = a.registry;
        budgets = a.budgets;
        escrow = a.escrow;
        reputation = a.reputation;
        agentStore = agentStore_;
    }

    /// @dev An existing agent drawn by `seed` (0 when there is none).
    function _agentId(uint256 seed) internal view returns (uint256) {
        uint256 count = registry.agentCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }

    /// @dev What SpendingBudgets says the current window of (`principal`, `wallet`) spent.
    function _spent(address principal, address wallet) internal view returns (uint256) {
        return budgets.budget(principal, wallet).spentInPeriod;
    }

    /// @dev Records what the budget of (`principal`, `wallet`) recorded for a call that charged it `amount` in all
    /// (`spentBefore` was its window's spending before the call), and checks that this and what left the principal
    /// (`heldBefore` was its balance) are the amount.
    function _charged(
        string memory action,
        address principal,
        address wallet,
        uint256 amount,
        uint256 spentBefore,
        uint256 heldBefore
    ) internal {
        uint256 recorded = _spent(principal, wallet) - spentBefore;
        agentStore.addRecorded(recorded);
        if (recorded != amount || heldBefore - open.balanceOf(principal) != amount) {
            _surprise(string.concat(action, ": the budget or the principal's balance moved otherwise"), "");
        }
    }

    /// @dev Whether `account` acts for agent `agentId` (its wallet, its owner or an approved operator).
    function _actsFor(address account, uint256 agentId) internal view returns (bool) {
        return registry.getAgentWallet(agentId) == account || registry.isAuthorizedOrOwner(account, agentId);
    }

    /// @dev Whether any child of `jobId` is unfinished.
    function _liveChildren(uint256 jobId) internal view returns (bool) {
        uint256[] memory ids = escrow.children(jobId);
        for (uint256 i; i < ids.length; ++i) {
            IJobEscrow.Status s = escrow.job(ids[i]).status;
            if (s == IJobEscrow.Status.Funded || s == IJobEscrow.Status.Submitted) return true;
        }
        return false;
    }
}
