// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManager } from "@openzeppelin/contracts/access/manager/AccessManager.sol";

/// @title OpenLedger AccessManager
/// @notice Holds every protocol-wide role (see Roles). Its admin is the Timelock once deployment is done, so roles and
/// function permissions, like every parameter, change only through a passed proposal.
contract OpenAccessManager is AccessManager {
    constructor(address initialAdmin) AccessManager(initialAdmin) {}
}
