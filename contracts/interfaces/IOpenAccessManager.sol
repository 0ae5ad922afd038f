// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IOpenAccessManager
/// @notice What OpenLedger's AccessManager adds to OpenZeppelin's: a role may carry an expiry, after which `hasRole`
/// (and so `canCall`) answers false for its members, so that an emergency power such as the guardian's lapses unless
/// governance renews it. The ADMIN role (held by the Timelock) cannot expire, and an ADMIN member keeps every role it
/// holds past its expiry: governance never loses a power it could grant itself.
interface IOpenAccessManager {
    /// @notice Thrown when the expiry set for `roleId` is zero or later than `maxExpiry` (now plus MAX_ROLE_TERM).
    /// @param roleId The role.
    /// @param expiry The expiry asked for.
    /// @param maxExpiry The latest expiry allowed: now plus MAX_ROLE_TERM.
    error AccessManagerInvalidExpiry(uint64 roleId, uint256 expiry, uint256 maxExpiry);

    /// @notice Emitted when `roleId` was given the expiry `expiry`.
    /// @param roleId The role.
    /// @param expiry The first second at which its members no longer hold it.
    event RoleExpirySet(uint64 indexed roleId, uint48 expiry);

    /// @notice The longest a role may be renewed for, counted from the renewal.
    /// @return The term, in seconds.
    function MAX_ROLE_TERM() external view returns (uint48);

    /// @notice When the members of `roleId` lose it (0: a role never given an expiry, which does not expire). A role
    /// holds while the clock is below its expiry.
    /// @param roleId The role.
    /// @return The first second at which its members no longer hold it, or 0 for none.
    function getRoleExpiry(uint64 roleId) external view returns (uint48);

    /// @notice Sets when `roleId` expires: at most MAX_ROLE_TERM from now, and never zero (an expiry, once given, can
    /// only be renewed); a time already passed ends the role now. Admin only (the Timelock after deployment). Neither
    /// ADMIN nor PUBLIC can expire (AccessManagerLockedRole).
    /// @param roleId The role.
    /// @param expiry The first second at which its members no longer hold it.
    function setRoleExpiry(uint64 roleId, uint48 expiry) external;
}
