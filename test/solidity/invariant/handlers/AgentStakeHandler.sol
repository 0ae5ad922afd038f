// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AgentRegistry } from "../../../../contracts/agents/AgentRegistry.sol";
import { IAgentRegistry } from "../../../../contracts/interfaces/IAgentRegistry.sol";
import { OpenToken } from "../../../../contracts/token/OpenToken.sol";
import { TestBase } from "../../utils/TestBase.sol";

/// @notice Drives the operator stakes of a few agents through random sequences: stakes by anyone, unstake requests and
/// withdrawals by the owners (waiting out the delay), slashes proposed, answered, executed and cancelled by
/// governance, agents changing hands, and time. It keeps its own account of what came in, went out and was slashed,
/// and tries to take stake out while a slash is pending: any such attempt that is not refused is counted.
contract AgentStakeHandler is TestBase {
    OpenToken public immutable open;
    AgentRegistry public immutable agents;
    address public immutable governance;
    address public immutable treasury;

    uint256[] private _agentIds;
    address[] private _actors;

    /// @notice OPEN staked, taken out, and slashed to the treasury.
    uint256 public ghostStaked;
    uint256 public ghostUnstaked;
    uint256 public ghostSlashed;
    /// @notice Calls that ended otherwise than predicted (stake leaving while a slash is pending among them).
    uint256 public ghostSurprises;
    /// @notice How many times each action ran to the end.
    mapping(bytes32 action => uint256) public calls;

    constructor(
        OpenToken open_,
        AgentRegistry agents_,
        address governance_,
        address treasury_,
        uint256[] memory agentIds_,
        address[] memory actors_
    ) {
        open = open_;
        agents = agents_;
        governance = governance_;
        treasury = treasury_;
        _agentIds = agentIds_;
        _actors = actors_;
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    function stake(uint256 agentSeed, uint256 actorSeed, uint256 amount) external {
        uint256 agentId = _agent(agentSeed);
        address actor = _actor(actorSeed);
        uint256 held = open.balanceOf(actor);
        if (held == 0) return;
        amount = bound(amount, 1, held < 10_000e18 ? held : 10_000e18);
        vm.prank(actor);
        agents.stake(agentId, amount);
        ghostStaked += amount;
        ++calls["stake"];
    }

    function requestUnstake(uint256 agentSeed, uint256 amount) external {
        uint256 agentId = _agent(agentSeed);
        (uint256 staked, , ) = agents.stakeOf(agentId);
        if (staked == 0) return;
        amount = bound(amount, 1, staked);
        address owner = agents.ownerOf(agentId);
        vm.prank(owner);
        agents.requestUnstake(agentId, amount);
        ++calls["requestUnstake"];
    }

    /// @notice Takes out what is unlocking, waiting out the delay first; while a slash is pending, checks the refusal.
    function unstake(uint256 agentSeed) external {
        uint256 agentId = _agent(agentSeed);
        (, uint256 unlocking, uint256 unlockAt) = agents.stakeOf(agentId);
        if (unlocking == 0) return;
        if (block.timestamp < unlockAt) vm.warp(unlockAt);
        (, uint256 endsAt, ) = agents.pendingSlash(agentId);
        address owner = agents.ownerOf(agentId);
        vm.prank(owner);
        try agents.unstake(agentId, owner) {
            if (endsAt != 0) ++ghostSurprises;
            ghostUnstaked += unlocking;
            ++calls["unstake"];
        } catch (bytes memory reason) {
            bool asPredicted =
                endsAt != 0 && reason.length >= 4 && bytes4(reason) == IAgentRegistry.SlashPending.selector;
            if (asPredicted) ++calls["unstake.refused"];
            else ++ghostSurprises;
        }
    }

    /// @notice Proposes a slash of up to twice what the agent holds (so that some are capped).
    function proposeSlash(uint256 agentSeed, uint256 amount) external {
        uint256 agentId = _agent(agentSeed);
        (, uint256 endsAt, ) = agents.pendingSlash(agentId);
        if (endsAt != 0) return;
        (uint256 staked, uint256 unlocking, ) = agents.stakeOf(agentId);
        amount = bound(amount, 1, 2 * (staked + unlocking) + 1);
        vm.prank(governance);
        agents.proposeSlash(agentId, amount, "ipfs://reason");
        ++calls["proposeSlash"];
    }

    function answerSlash(uint256 agentSeed) external {
        uint256 agentId = _agent(agentSeed);
        (, uint256 endsAt, bool answered) = agents.pendingSlash(agentId);
        if (endsAt == 0 || answered || block.timestamp >= endsAt) return;
        address owner = agents.ownerOf(agentId);
        vm.prank(owner);
        agents.answerSlash(agentId, "ipfs://answer");
        ++calls["answerSlash"];
    }

    /// @notice Executes the pending slash, waiting out its window first: the treasury receives the amount, capped by
    /// what the agent holds.
    function executeSlash(uint256 agentSeed) external {
        uint256 agentId = _agent(agentSeed);
        (uint256 amount, uint256 endsAt, ) = agents.pendingSlash(agentId);
        if (endsAt == 0) return;
        if (block.timestamp < endsAt) vm.warp(endsAt);
        (uint256 staked, uint256 unlocking, ) = agents.stakeOf(agentId);
        uint256 expected = amount < staked + unlocking ? amount : staked + unlocking;
        uint256 before = open.balanceOf(treasury);
        vm.prank(governance);
        agents.executeSlash(agentId);
        if (open.balanceOf(treasury) - before != expected) ++ghostSurprises;
        ghostSlashed += expected;
        ++calls["executeSlash"];
    }

    function cancelSlash(uint256 agentSeed) external {
        uint256 agentId = _agent(agentSeed);
        (, uint256 endsAt, ) = agents.pendingSlash(agentId);
        if (endsAt == 0) return;
        vm.prank(governance);
        agents.cancelSlash(agentId);
        ++calls["cancelSlash"];
    }

    /// @notice The owner sells the agent to another actor: its stake, unlocking or not, goes with it.
    function transferAgent(uint256 agentSeed, uint256 actorSeed) external {
        uint256 agentId = _agent(agentSeed);
        address owner = agents.ownerOf(agentId);
        address to = _actor(actorSeed);
        vm.prank(owner);
        agents.transferFrom(owner, to, agentId);
        ++calls["transferAgent"];
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, seconds_ % 2 == 0 ? 12 hours : 10 days));
        ++calls["warp"];
    }

    // ─── Views for the invariants ────────────────────────────────────────────────────────────────────────────────

    function agentCount() external view returns (uint256) {
        return _agentIds.length;
    }

    function agentAt(uint256 index) external view returns (uint256) {
        return _agentIds[index];
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _agent(uint256 seed) private view returns (uint256) {
        return _agentIds[seed % _agentIds.length];
    }

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % _actors.length];
    }
}
