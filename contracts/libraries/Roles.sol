// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Roles
/// @notice The protocol-wide roles of the AccessManager. A `restricted` function with no role assigned defaults to
/// ADMIN, which only the Timelock holds after deployment: every parameter setter is governance-only by default, and
/// only the emergency functions listed in the deploy module are opened to the GUARDIAN role.
library Roles {
    /// @notice The AccessManager's admin role: held by the Timelock alone.
    uint64 internal constant ADMIN = 0;
    /// @notice May pause new settlements and new roots, and veto a root in its challenge window. Never moves funds.
    /// Expires with the guardian's term (OpenAccessManager's role expiry, set at deployment); only a vote renews it,
    /// and the guardian cannot cancel the proposals that only renew it, revoke the guardian's own membership or grant
    /// it to the successor they install (OpenGovernor); one that adds a member or revokes the Timelock's it may.
    uint64 internal constant GUARDIAN = 1;
    /// @notice Held by the Settlement contract alone: it sets the model registry's floor on the data share in the same
    /// call that sets the copy it settles with (Settlement.setMinDataBps), so that the two never differ. Governance
    /// reaches the floor only through Settlement.
    uint64 internal constant SETTLEMENT = 3;
}
