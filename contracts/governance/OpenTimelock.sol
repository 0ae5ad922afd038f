// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { TimelockController } from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title OpenLedger Timelock
/// @notice The treasury and the owner of every protocol parameter. The Governor is its only proposer and canceller,
/// anyone may execute a ready operation, and the deployer renounces its temporary admin role at the end of deployment.
contract OpenTimelock is TimelockController {
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}
