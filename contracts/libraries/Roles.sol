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
    /// @notice May charge principals' spending budgets (SpendingBudgets.charge): held by the contracts that spend on a
    /// principal's behalf, Settlement for inferences and JobEscrow for jobs, never by an account.
    uint64 internal constant SPENDER = 2;
}
