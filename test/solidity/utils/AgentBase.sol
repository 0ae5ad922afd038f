// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AgentRegistry } from "../../../contracts/agents/AgentRegistry.sol";
import { SuiteBase } from "./SuiteBase.sol";

/// @notice The suite with its agent contracts: `_deployAgents` deploys the suite (`_deploySuite`, which deploys
/// SpendingBudgets with Settlement as a spender) and an AgentRegistry on the same OPEN, ModelRegistry and
/// AccessManager, and lets SPENDER (standing in for Settlement and JobEscrow) charge budgets. This test contract stays
/// the Timelock: it holds ADMIN, so it may call every governance function, but is no spender.
abstract contract AgentBase is SuiteBase {
    /// @dev Stands in for the suite's spenders (Settlement, JobEscrow).
    address internal constant SPENDER = address(0x5BE0D);

    uint256 internal constant AGENT_MIN_STAKE = 100e18;
    uint256 internal constant AGENT_CHALLENGE_WINDOW = 1 days;
    uint256 internal constant AGENT_UNSTAKE_DELAY = 7 days;

    AgentRegistry internal agents;

    function _deployAgents() internal {
        _deploySuite();
        agents = _newAgentRegistry(AGENT_MIN_STAKE, AGENT_CHALLENGE_WINDOW, AGENT_UNSTAKE_DELAY);
        budgets.setSpender(SPENDER, true);
    }
}
