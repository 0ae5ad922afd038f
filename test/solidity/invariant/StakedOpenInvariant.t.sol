// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { StakedOpen } from "../../../contracts/staking/StakedOpen.sol";
import { OpenToken } from "../../../contracts/token/OpenToken.sol";
import { StakedOpenHandler } from "./handlers/StakedOpenHandler.sol";
import { SuiteBase } from "../utils/SuiteBase.sol";

/// @notice The handler, declared in this test file: the runner knows the ABI of a fuzz target only from the artifacts
/// of the files it compiles, and a test run compiles its test files, not the files they import.
contract StakedOpenHandlerTarget is StakedOpenHandler {
    constructor(
        OpenToken open_,
        StakedOpen gopen_,
        address[] memory actors_
    ) StakedOpenHandler(open_, gopen_, actors_) {}
}

/// @notice What must always hold inside gOPEN, over random sequences of StakedOpenHandler actions: its ledger, the
/// reserve and the rewards stream. OPEN's supply and gOPEN's votes are rules of the system invariants
/// (SystemInvariant.t.sol), whose handlers make every move that changes them.
contract StakedOpenInvariantTest is SuiteBase {
    StakedOpenHandler internal handler;

    function setUp() public {
        _deploySuite();
        address[] memory actors = new address[](4);
        actors[0] = address(0xA11CE);
        actors[1] = address(0xB0B);
        actors[2] = address(0xCA501);
        actors[3] = address(0xD0D0);
        handler = new StakedOpenHandlerTarget(open, gopen, actors);
        for (uint256 i; i < actors.length; ++i) {
            _fund(actors[i], handler.FUNDS());
            vm.prank(actors[i]);
            open.approve(address(gopen), type(uint256).max);
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Each action, with inputs as the fuzzer could draw them, runs to the end and keeps every invariant.
    function test_handler_everyActionRunsAndTheInvariantsHold() public {
        handler.stake(0, 4); // Dust: 4 % 4 == 0 caps it at 2 OPEN.
        handler.addRewards(1, 3); // Below one unit per second: queued.
        handler.stake(1, type(uint256).max - 1);
        handler.delegate(0, 1);
        handler.delegate(1, 1);
        handler.addRewards(2, 5e21); // Starts a stream with the queue.
        handler.passTime(30); // A few seconds into the stream: the stake × time check.
        handler.addRewards(3, 7e21); // Queued behind the running stream.
        handler.passTime(3 days);
        handler.claimRewards(1);
        handler.requestWithdrawal(1, 12_345e18);
        handler.withdraw(1);
        handler.burn(3, 77e18);
        bytes32[8] memory actions = [
            bytes32("stake"),
            "requestWithdrawal",
            "withdraw",
            "delegate",
            "claimRewards",
            "addRewards",
            "burn",
            "passTime"
        ];
        for (uint256 i; i < actions.length; ++i) assertGe(handler.calls(actions[i]), 1, "every action ran");
        assertGe(handler.ghostProportionalChecks(), 1, "the stake x time check ran");
        assertTrue(gopen.queuedRewards() < gopen.rewardsDuration(), "the queue streamed, but its remainder");
        assertTrue(gopen.getVotes(handler.actorAt(1)) > 0, "bob holds the delegated votes");
        invariant_openHeldIsStakePendingAndRewards();
        invariant_ledgerMatchesWhatMoved();
        invariant_streamedEarnedQueuedAddUpToTheReserve();
        invariant_queueStreamsWhenNoStreamRuns();
        invariant_streamIsProportionalToStakeTimesTime();
    }

    /// @notice A sequence the invariant run found: a stream rolls over from the queue at an update that also lowers the
    /// supply; the carry, left by the division over the larger supply, then adds more than one unit per token to the
    /// next division. Nothing is lost or created: the carry is reward not yet spread.
    function test_handler_carryAfterASupplyFallReplay() public {
        handler.addRewards(14737, 1844);
        handler.addRewards(12947, 4557);
        handler.addRewards(1376736315927181294000554269604019862864439731395779303938753134940797, 304980502715);
        handler.burn(713, 3996733505160547605444383532301681585143293008365648164554827802422395535359);
        handler.stake(
            17469732375962816612114656728493,
            8239854435395132504163365131683546187355694604783668076926559371971829
        );
        handler.passTime(3949);
        handler.requestWithdrawal(
            10904326620692799310623179300543265636327618530257691371786592643868484445,
            34915986781787073982584204008423732476275642680416189724325720112205742998838
        );
        handler.passTime(2414832);
        invariant_streamIsProportionalToStakeTimesTime();
    }

    /// @notice gOPEN holds, to the unit, the stake, the requested withdrawals and every unclaimed reward.
    function invariant_openHeldIsStakePendingAndRewards() public view {
        assertEq(
            open.balanceOf(address(gopen)),
            gopen.totalSupply() + gopen.totalPendingWithdrawals() + gopen.rewardsReserve(),
            "OPEN held == supply + pending + reserve"
        );
    }

    /// @notice The books agree with what moved: stake in less withdrawn, rewards in less claimed.
    function invariant_ledgerMatchesWhatMoved() public view {
        assertEq(
            gopen.totalSupply() + gopen.totalPendingWithdrawals(),
            handler.ghostStaked() - handler.ghostWithdrawn(),
            "supply + pending == staked - withdrawn"
        );
        assertEq(
            gopen.rewardsReserve(),
            handler.ghostRewardsAdded() - handler.ghostRewardsClaimed(),
            "reserve == added - claimed"
        );
        uint256 pending;
        for (uint256 i; i < handler.actorCount(); ++i) {
            (uint256 amount, ) = gopen.pendingWithdrawal(handler.actorAt(i));
            pending += amount;
        }
        assertEq(gopen.totalPendingWithdrawals(), pending, "total pending == sum of pending");
    }

    /// @notice Streaming conservation: earned + queued + what the running stream has still to pay is the reserve,
    /// short only by rounding: the carry (under one unit per 1e18 of supply) and under one unit per settlement of an
    /// account. Nothing is lost to a period with no stakers.
    function invariant_streamedEarnedQueuedAddUpToTheReserve() public view {
        uint256 owed;
        for (uint256 i; i < handler.actorCount(); ++i) owed += gopen.earned(handler.actorAt(i));
        uint256 finish = gopen.periodFinish();
        uint256 unstreamed = block.timestamp < finish ? gopen.rewardRate() * (finish - block.timestamp) : 0;
        uint256 accounted = owed + gopen.queuedRewards() + unstreamed;
        uint256 reserve = gopen.rewardsReserve();
        assertLe(accounted, reserve, "earned + queued + unstreamed <= reserve");
        uint256 maxSupply = handler.actorCount() * handler.FUNDS();
        assertLe(reserve - accounted, maxSupply / 1e18 + handler.ghostCalls() + 1, "short by rounding only");
    }

    /// @notice With no stream running, the queue holds less than one unit per second of the period: it would otherwise
    /// have started a stream (the handler keeps the period unchanged).
    function invariant_queueStreamsWhenNoStreamRuns() public view {
        if (gopen.rewardRate() == 0) {
            assertLe(gopen.queuedRewards(), gopen.rewardsDuration() - 1, "no stream: the queue is a remainder");
        }
    }

    /// @notice Every time time passed, each staker earned its stake × the time × the rate over the supply, and nothing
    /// streamed below the minimum supply.
    function invariant_streamIsProportionalToStakeTimesTime() public view {
        assertEq(handler.ghostStreamBreaks(), 0, "stream checks that failed");
    }
}
