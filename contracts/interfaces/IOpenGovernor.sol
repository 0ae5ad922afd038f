// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IOpenGovernor
/// @notice What OpenLedger's Governor adds to OpenZeppelin's: the proposal guardian's mandate expires at a time that
/// governance sets (after which `proposalGuardian()` is the zero address until a vote renews it), and the guardian
/// cannot cancel a proposal whose only actions renew, end, replace or remove it: on this Governor `setProposalGuardian`
/// or `setProposalGuardianExpiry`; on the AccessManager `setRoleExpiry` of the GUARDIAN role, `revokeRole` of the
/// guardian's own GUARDIAN role, and `grantRole` of the GUARDIAN role to the account that the proposal's last
/// `setProposalGuardian` installs. A grant to anyone else, or the revocation of another member's role (the
/// Timelock's), leaves the proposal within the guardian's cancel power.
interface IOpenGovernor {
    /// @notice Thrown when the voting token's clock is not the block timestamp.
    /// @param clockMode The CLOCK_MODE the voting token reports.
    error GovernorClockNotTimestamp(string clockMode);
    /// @notice Thrown when the proposal guardian tries to cancel `proposalId`, whose only actions renew, end, replace
    /// or remove the guardian itself: only the vote decides those.
    /// @param proposalId The proposal.
    error GovernorGuardianCannotCancel(uint256 proposalId);
    /// @notice Thrown when the guardian's expiry would be later than `maxExpiry` (now plus MAX_GUARDIAN_TERM).
    /// @param expiry The expiry asked for.
    /// @param maxExpiry The latest expiry allowed: now plus MAX_GUARDIAN_TERM.
    error GovernorGuardianExpiryTooLate(uint256 expiry, uint256 maxExpiry);

    /// @notice Emitted when the proposal guardian's mandate was set to end at `newExpiry`.
    /// @param oldExpiry The previous expiry.
    /// @param newExpiry The new expiry: the first second at which the guardian no longer holds its mandate.
    event ProposalGuardianExpirySet(uint256 oldExpiry, uint256 newExpiry);

    /// @notice The longest mandate governance may give the guardian, counted from the renewal.
    /// @return The term, in seconds.
    function MAX_GUARDIAN_TERM() external view returns (uint256);

    /// @notice The AccessManager whose GUARDIAN role the guardian-only proposals may grant to the successor, revoke
    /// from the guardian, or renew.
    /// @return The AccessManager's address.
    function accessManager() external view returns (address);

    /// @notice The first second at which the proposal guardian no longer holds its mandate.
    /// @return The expiry, a timestamp.
    function proposalGuardianExpiry() external view returns (uint256);

    /// @notice Sets when the proposal guardian's mandate ends: at most MAX_GUARDIAN_TERM from now; a time already
    /// passed ends it now. Governance only.
    /// @param newExpiry The first second at which `proposalGuardian()` answers the zero address.
    function setProposalGuardianExpiry(uint256 newExpiry) external;
}
