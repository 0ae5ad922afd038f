// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAgentIdentity } from "../../../contracts/interfaces/IAgentIdentity.sol";

/// @notice A stand-in for the agent registry: agents with an owner, a wallet, approved operators and a settable
/// "can take jobs" flag. Unknown agents revert with UnknownAgent, as the registry does.
contract MockAgentIdentity is IAgentIdentity {
    struct Agent {
        address owner;
        address wallet;
        bool canTakeJobs;
    }

    uint256 public agentCount;
    mapping(uint256 agentId => Agent) private _agents;
    mapping(uint256 agentId => mapping(address operator => bool)) private _approved;

    /// @dev Registers an agent owned by `owner`, whose wallet is the owner and which may take jobs.
    function register(address owner) external returns (uint256 agentId) {
        agentId = ++agentCount;
        _agents[agentId] = Agent(owner, owner, true);
    }

    function setWallet(uint256 agentId, address wallet) external {
        _existing(agentId).wallet = wallet;
    }

    function setOwner(uint256 agentId, address owner) external {
        _existing(agentId).owner = owner;
    }

    function setCanTakeJobs(uint256 agentId, bool canTake) external {
        _existing(agentId).canTakeJobs = canTake;
    }

    function setApproved(uint256 agentId, address operator, bool approved) external {
        _existing(agentId);
        _approved[agentId][operator] = approved;
    }

    function ownerOf(uint256 agentId) external view returns (address) {
        return _existing(agentId).owner;
    }

    function getAgentWallet(uint256 agentId) external view returns (address) {
        return _existing(agentId).wallet;
    }

    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool) {
        return _existing(agentId).owner == spender || _approved[agentId][spender];
    }

    function canTakeJobs(uint256 agentId) external view returns (bool) {
        return _existing(agentId).canTakeJobs;
    }

    function _existing(uint256 agentId) private view returns (Agent storage a) {
        a = _agents[agentId];
        if (a.owner == address(0)) revert UnknownAgent(agentId);
    }
}
