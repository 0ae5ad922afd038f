// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { JobEscrow } from "../../../contracts/agents/JobEscrow.sol";
import { IJobEscrow } from "../../../contracts/interfaces/IJobEscrow.sol";
import { OpenToken } from "../../../contracts/token/OpenToken.sol";
import { AgentsBase } from "../utils/AgentsBase.sol";
import { JobHandler } from "./handlers/JobHandler.sol";

/// @notice The handler, declared in this test file: the runner knows the ABI of a fuzz target only from the artifacts
/// of the files it compiles, and a test run compiles its test files, not the files they import.
contract JobHandlerTarget is JobHandler {
    constructor(
        OpenToken open_,
        JobEscrow escrow_,
        address[] memory clients_,
        address[] memory evaluators_,
        address[] memory providers_
    ) JobHandler(open_, escrow_, clients_, evaluators_, providers_) {}
}

/// @notice What must always hold in JobEscrow over random sequences of JobHandler actions: OPEN held is exactly what
/// the escrow owes; a job's children never take more than its escrow, and what they took is what they hold or were
/// paid; every job ends in exactly one terminal state, once.
contract JobInvariantTest is AgentsBase {
    JobHandler internal handler;

    function setUp() public {
        _deployAgents();
        address[] memory clients = new address[](3);
        (clients[0], clients[1], clients[2]) = (address(0xC1), address(0xC2), address(0xC3));
        address[] memory evaluators = new address[](2);
        (evaluators[0], evaluators[1]) = (address(0xE1), address(0xE2));
        address[] memory providers = new address[](3);
        (providers[0], providers[1], providers[2]) = (address(0xA1), address(0xA2), address(0xA3));
        for (uint256 i; i < providers.length; ++i) _agent(providers[i]);
        handler = new JobHandlerTarget(open, escrow, clients, evaluators, providers);
        for (uint256 i; i < clients.length; ++i) _fundFor(clients[i]);
        for (uint256 i; i < evaluators.length; ++i) _fundFor(evaluators[i]);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Each action, with inputs as the fuzzer could draw them, runs to the end and keeps every invariant.
    function test_handler_everyActionRunsAndTheInvariantsHold() public {
        handler.createAndFund(0, 0, 0, 1000e18);
        handler.createAndFund(1, 1, 1, 2000e18);
        handler.createAndFund(2, 2, 0, 3000e18);
        handler.subcontract(0, 1, 1, 400e18);
        handler.subcontract(3, 2, 0, 100e18); // the child's child
        handler.submit(4);
        handler.complete(4, true);
        handler.reject(3);
        handler.submit(0);
        handler.submit(1);
        handler.complete(1, false); // too early: does nothing
        handler.warp(30 days); // a multiple of four: up to the longest job
        handler.complete(1, false);
        handler.complete(0, true);
        handler.refund(2);
        handler.withdraw(2);
        handler.withdraw(0);
        handler.withdrawEarnings(0);
        handler.payTreasury();
        handler.bond(0, 50e18);
        handler.requestUnbond(0, 20e18);
        handler.warp(8 days); // past the unbond delay
        handler.withdrawBond(0);
        bytes32[13] memory actions = [
            bytes32("createAndFund"),
            "subcontract",
            "submit",
            "complete",
            "reject",
            "refund",
            "withdraw",
            "withdrawEarnings",
            "payTreasury",
            "bond",
            "requestUnbond",
            "withdrawBond",
            "warp"
        ];
        for (uint256 i; i < actions.length; ++i) assertGe(handler.calls(actions[i]), 1, "every action ran");
        invariant_openHeldIsWhatTheEscrowOwes();
        invariant_childrenTakeAtMostTheEscrow();
        invariant_everyJobFinishesOnce();
        invariant_noSurprise();
    }

    /// @notice OPEN held == Σ remaining escrow of unfinished jobs + Σ refunds + Σ earnings + treasury + Σ bonds.
    function invariant_openHeldIsWhatTheEscrowOwes() public view {
        uint256 owed = escrow.treasuryAccrued();
        for (uint256 i; i < handler.jobCount(); ++i) owed += escrow.remaining(handler.jobAt(i));
        address[] memory clients = handler.clients();
        for (uint256 i; i < clients.length; ++i) owed += escrow.claimable(clients[i]);
        for (uint256 id = 1; id <= handler.agentCount(); ++id) owed += escrow.agentEarnings(id);
        address[] memory evaluators = handler.evaluators();
        for (uint256 i; i < evaluators.length; ++i) {
            (uint256 bonded, uint256 pending, ) = escrow.evaluatorBond(evaluators[i]);
            owed += bonded + pending;
        }
        assertEq(open.balanceOf(address(escrow)), owed, "OPEN held == owed");
    }

    /// @notice childrenTaken <= escrow, and equals what the children hold or paid out (their escrow less what they
    /// returned).
    function invariant_childrenTakeAtMostTheEscrow() public view {
        for (uint256 i; i < handler.jobCount(); ++i) {
            uint256 jobId = handler.jobAt(i);
            IJobEscrow.JobView memory j = escrow.job(jobId);
            assertLe(j.childrenTaken, j.escrow, "children within the escrow");
            uint256[] memory ids = escrow.children(jobId);
            uint256 taken;
            for (uint256 k; k < ids.length; ++k) {
                IJobEscrow.JobView memory c = escrow.job(ids[k]);
                bool returned = c.status == IJobEscrow.Status.Rejected || c.status == IJobEscrow.Status.Refunded;
                taken += c.escrow - (returned ? c.payout : 0);
                assertEq(c.parentId, jobId, "child's parent");
                assertLe(c.expiry, j.expiry, "child expires no later");
            }
            assertEq(j.childrenTaken, taken, "taken == held or paid by the children");
        }
    }

    /// @notice A job in a terminal state finished exactly once; any other job never did.
    function invariant_everyJobFinishesOnce() public view {
        for (uint256 i; i < handler.jobCount(); ++i) {
            uint256 jobId = handler.jobAt(i);
            IJobEscrow.Status s = escrow.job(jobId).status;
            bool terminal =
                s == IJobEscrow.Status.Completed || s == IJobEscrow.Status.Rejected || s == IJobEscrow.Status.Refunded;
            assertEq(handler.finishes(jobId), terminal ? 1 : 0, "finished once");
        }
    }

    /// @notice Every call the handler expected to succeed did.
    function invariant_noSurprise() public view {
        assertEq(handler.surprises(), 0, "unexpected reverts");
    }

    function _fundFor(address account) internal {
        _fund(account, handler.FUNDS());
        vm.prank(account);
        open.approve(address(escrow), type(uint256).max);
    }
}
