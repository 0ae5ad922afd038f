// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManager } from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import { Time } from "@openzeppelin/contracts/utils/types/Time.sol";
import { IOpenAccessManager } from "../interfaces/IOpenAccessManager.sol";

/// @title OpenLedger AccessManager
/// @notice Holds every protocol-wide role (see Roles). Its admin is the Timelock once deployment is done, so roles and
/// function permissions, like every parameter, change only through a passed proposal. A role may expire (the
/// GUARDIAN role does, at the end of the guardian's term), and then only a vote renews it.
contract OpenAccessManager is AccessManager, IOpenAccessManager {
    /// @inheritdoc IOpenAccessManager
    uint48 public constant MAX_ROLE_TERM = 365 days;

    mapping(uint64 roleId => uint48 expiry) private _roleExpiry;

    constructor(address initialAdmin) AccessManager(initialAdmin) {}

    /// @inheritdoc IOpenAccessManager
    function getRoleExpiry(uint64 roleId) external view returns (uint48) {
        return _roleExpiry[roleId];
    }

    /// @notice Whether `account` holds `roleId` now, and its execution delay. A member of a role whose expiry has
    /// come holds it no longer, unless it is an ADMIN member (which could grant itself the role anyway).
    /// @dev ADMIN and PUBLIC never expire, so their checks (every governance setter's) read nothing more; the expiry
    /// is read only for a member of another role.
    function hasRole(
        uint64 roleId,
        address account
    ) public view override returns (bool isMember, uint32 executionDelay) {
        (isMember, executionDelay) = super.hasRole(roleId, account);
        if (!isMember || roleId == ADMIN_ROLE || roleId == PUBLIC_ROLE) return (isMember, executionDelay);
        uint48 expiry = _roleExpiry[roleId];
        if (expiry != 0 && Time.timestamp() >= expiry) {
            (bool isAdmin, ) = super.hasRole(ADMIN_ROLE, account);
            if (!isAdmin) return (false, 0);
        }
    }

    /// @inheritdoc IOpenAccessManager
    function setRoleExpiry(uint64 roleId, uint48 expiry) external onlyAuthorized {
        // Check:
        if (roleId == ADMIN_ROLE || roleId == PUBLIC_ROLE) revert AccessManagerLockedRole(roleId);
        uint256 maxExpiry = uint256(Time.timestamp()) + MAX_ROLE_TERM;
        if (expiry == 0 || expiry > maxExpiry) revert AccessManagerInvalidExpiry(roleId, expiry, maxExpiry);
        // Effect:
        _roleExpiry[roleId] = expiry;
        emit RoleExpirySet(roleId, expiry);
    }
}
