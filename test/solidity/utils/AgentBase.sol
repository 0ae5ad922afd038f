// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { AgentRegistry } from "../../../contracts/agents/AgentRegistry.sol";
import { SpendingBudgets } from "../../../contracts/agents/SpendingBudgets.sol";
import { IBudgetCharger } from "../../../contracts/interfaces/IBudgetCharger.sol";
import { IModelRegistry } from "../../../contracts/interfaces/IModelRegistry.sol";
import { Roles } from "../../../contracts/libraries/Roles.sol";
import { SuiteBase } from "./SuiteBase.sol";

/// @notice The suite with its agent contracts: `_deployAgents` deploys the suite (`_deploySuite`), an AgentRegistry
/// and SpendingBudgets on the same OPEN, ModelRegistry and AccessManager, and wires `charge` to the SPENDER role, which
/// SPENDER holds (standing in for Settlement and JobEscrow). This test contract stays the Timelock: it holds ADMIN,
/// so it may call every governance function of the agent registry, but not `charge`.
abstract contract AgentBase is SuiteBase {
    /// @dev Stands in for the suite's spenders (Settlement, JobEscrow).
    address internal constant SPENDER = address(0x5BE0D);

    uint256 internal constant AGENT_MIN_STAKE = 100e18;
    uint256 internal constant AGENT_CHALLENGE_WINDOW = 1 days;
    uint256 internal constant AGENT_UNSTAKE_DELAY = 7 days;

    AgentRegistry internal agents;
    SpendingBudgets internal budgets;

    function _deployAgents() internal {
        _deploySuite();
        agents = new AgentRegistry(
            IERC20(address(open)),
            IModelRegistry(address(models)),
            TREASURY,
            address(manager),
            AGENT_MIN_STAKE,
            AGENT_CHALLENGE_WINDOW,
            AGENT_UNSTAKE_DELAY
        );
        budgets = new SpendingBudgets(IERC20(address(open)), address(manager));
        bytes4[] memory spenderFns = new bytes4[](1);
        spenderFns[0] = IBudgetCharger.charge.selector;
        manager.setTargetFunctionRole(address(budgets), spenderFns, Roles.SPENDER);
        manager.grantRole(Roles.SPENDER, SPENDER, 0);
        vm.label(address(agents), "AgentRegistry");
        vm.label(address(budgets), "SpendingBudgets");
    }
}
