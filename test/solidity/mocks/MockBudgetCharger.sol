// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IBudgetCharger } from "../../../contracts/interfaces/IBudgetCharger.sol";

/// @notice A stand-in for the spending budgets: moves the OPEN from the principal (which approved this contract) to
/// `to`, or reverts with BudgetExceeded when told to. It records the last charge.
contract MockBudgetCharger is IBudgetCharger {
    error BudgetExceeded(address principal, address agent, uint256 amount);

    IERC20 public immutable token;
    bool public refuse;
    address public lastPrincipal;
    address public lastAgent;
    uint256 public lastModelId;
    uint256 public lastAmount;
    address public lastTo;

    constructor(IERC20 token_) {
        token = token_;
    }

    function setRefuse(bool refuse_) external {
        refuse = refuse_;
    }

    function charge(address principal, address agent, uint256 modelId, uint256 amount) external {
        if (refuse) revert BudgetExceeded(principal, agent, amount);
        (lastPrincipal, lastAgent, lastModelId, lastAmount, lastTo) = (principal, agent, modelId, amount, msg.sender);
        token.transferFrom(principal, msg.sender, amount);
    }
}
