// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AgentRegistry } from "../../../contracts/agents/AgentRegistry.sol";
import { OpenToken } from "../../../contracts/token/OpenToken.sol";
import { AgentStakeHandler } from "./handlers/AgentStakeHandler.sol";
import { AgentBase } from "../utils/AgentBase.sol";

/// @notice The handler, declared in this test file: the runner knows the ABI of a fuzz target only from the artifacts
/// of the files it compiles, and a test run compiles its test files, not the files they import.
contract AgentStakeHandlerTarget is AgentStakeHandler {
    constructor(
        OpenToken open_,
        AgentRegistry agents_,
        address governance_,
        address treasury_,
        uint256[] memory agentIds_,
        address[] memory actors_
    ) AgentStakeHandler(open_, agents_, governance_, treasury_, agentIds_, actors_) {}
}

/// @notice What must always hold of operator stakes, over random sequences of AgentStakeHandler actions: the OPEN the
/// registry holds is every agent's stake and unlocking stake, to the unit (conservation); it is what came in less what
/// went out and what was slashed; nothing leaves while a slash is pending; and only an agent with its minimum stake
/// and no pending slash may take jobs.
contract AgentStakeInvariantTest is AgentBase {
    uint256 private constant FUNDS = 1_000_000e18;

    AgentStakeHandler internal handler;

    function setUp() public {
        _deployAgents();
        address[] memory actors = new address[](3);
        actors[0] = address(0xA11CE);
        actors[1] = address(0xB0B);
        actors[2] = address(0xCA501);
        uint256[] memory agentIds = new uint256[](3);
        for (uint256 i; i < actors.length; ++i) {
            _fund(actors[i], FUNDS);
            vm.startPrank(actors[i]);
            open.approve(address(agents), type(uint256).max);
            agentIds[i] = agents.register("ipfs://agent");
            vm.stopPrank();
        }
        handler = new AgentStakeHandlerTarget(open, agents, address(this), TREASURY, agentIds, actors);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Each action, with inputs as the fuzzer could draw them, runs to the end and keeps every invariant.
    function test_handler_everyActionRunsAndTheInvariantsHold() public {
        handler.stake(0, 1, 500e18);
        handler.stake(1, 2, 50e18);
        handler.requestUnstake(0, 200e18);
        handler.proposeSlash(0, 900e18); // above what the agent holds: capped
        handler.answerSlash(0);
        handler.unstake(0); // refused: the slash is pending
        handler.transferAgent(0, 1);
        handler.executeSlash(0);
        handler.requestUnstake(1, 10e18);
        handler.proposeSlash(1, 5e18);
        handler.cancelSlash(1);
        handler.unstake(1);
        handler.warp(1 days);
        bytes32[10] memory actions = [
            bytes32("stake"),
            "requestUnstake",
            "unstake",
            "unstake.refused",
            "proposeSlash",
            "answerSlash",
            "executeSlash",
            "cancelSlash",
            "transferAgent",
            "warp"
        ];
        for (uint256 i; i < actions.length; ++i) assertGe(handler.calls(actions[i]), 1, "every action ran");
        assertEq(handler.ghostSlashed(), 500e18, "the capped slash took all of agent 1's stake");
        invariant_openHeldIsEveryStake();
        invariant_ledgerMatchesWhatMoved();
        invariant_nothingLeftWhileASlashWasPending();
        invariant_onlyAStakedAgentWithoutPendingSlashTakesJobs();
    }

    /// @notice Conservation: the OPEN that the registry holds is every agent's stake plus its unlocking stake.
    function invariant_openHeldIsEveryStake() public view {
        uint256 total;
        for (uint256 i; i < handler.agentCount(); ++i) {
            (uint256 staked, uint256 unlocking, ) = agents.stakeOf(handler.agentAt(i));
            total += staked + unlocking;
        }
        assertEq(open.balanceOf(address(agents)), total, "OPEN held == sum of stakes + unlocking");
    }

    /// @notice The books agree with what moved: staked in, less taken out, less slashed (all of it at the treasury).
    function invariant_ledgerMatchesWhatMoved() public view {
        assertEq(
            open.balanceOf(address(agents)),
            handler.ghostStaked() - handler.ghostUnstaked() - handler.ghostSlashed(),
            "held == staked - unstaked - slashed"
        );
        assertEq(open.balanceOf(TREASURY), handler.ghostSlashed(), "treasury == slashed");
    }

    /// @notice No stake left while a slash of its agent was pending, and every slash paid what was predicted.
    function invariant_nothingLeftWhileASlashWasPending() public view {
        assertEq(handler.ghostSurprises(), 0, "outcomes not as predicted");
    }

    /// @notice canTakeJobs holds exactly for an agent with its minimum stake (not counting what unlocks) and no slash
    /// pending.
    function invariant_onlyAStakedAgentWithoutPendingSlashTakesJobs() public view {
        for (uint256 i; i < handler.agentCount(); ++i) {
            uint256 agentId = handler.agentAt(i);
            (uint256 staked, , ) = agents.stakeOf(agentId);
            (, uint256 endsAt, ) = agents.pendingSlash(agentId);
            bool expected = staked >= agents.minStake() && endsAt == 0;
            assertTrue(agents.canTakeJobs(agentId) == expected, "canTakeJobs");
        }
    }
}
