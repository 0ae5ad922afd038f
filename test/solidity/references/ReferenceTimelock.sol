// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { TimelockController } from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title ReferenceTimelock
/// @notice The vanilla OpenZeppelin 5 TimelockController behind ReferenceGovernor, a measurement yardstick of the gas
/// bench (never deployed by the suite). Only here so that the bench has an artifact to deploy.
contract ReferenceTimelock is TimelockController {
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}
