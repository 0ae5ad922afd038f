// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IAgentIdentity
/// @notice What other contracts of the suite read of an agent (IAgentRegistry extends it): who owns it, which wallet
/// acts for it, who may act for it, and whether its operator stake lets it take jobs.
interface IAgentIdentity {
    /// @notice Thrown when `agentId` was never registered.
    /// @param agentId The agent.
    error UnknownAgent(uint256 agentId);

    /// @notice The owner of `agentId` (ERC-721). Reverts for an unknown agent.
    /// @param agentId The agent.
    /// @return The owner.
    function ownerOf(uint256 agentId) external view returns (address);

    /// @notice The wallet that acts for `agentId` (ERC-8004's reserved `agentWallet`): the owner until it is set,
    /// zero once unset or after a transfer of the agent.
    /// @param agentId The agent.
    /// @return The wallet, or zero.
    function getAgentWallet(uint256 agentId) external view returns (address);

    /// @notice Whether `spender` is the owner of `agentId`, or approved for it or for all of the owner's agents.
    /// @param spender The account.
    /// @param agentId The agent.
    /// @return Whether it may act as the owner.
    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool);

    /// @notice Whether `agentId` may take jobs: its operator stake is at least the governance minimum and no slash
    /// of it is pending.
    /// @param agentId The agent.
    /// @return Whether it may be hired.
    function canTakeJobs(uint256 agentId) external view returns (bool);
}
