// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IERC20Errors } from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IStakedOpen } from "../../contracts/interfaces/IStakedOpen.sol";
import { StakedOpen } from "../../contracts/staking/StakedOpen.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice gOPEN fuzzed: staking 1:1, the withdrawal cooldown, the rewards streamed pro rata by stake × time, their
/// queue, and each side of every comparison.
contract StakedOpenTest is SuiteBase {
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant PAYER = address(0xFEE);
    address internal constant STRANGER = address(0x5757);
    uint256 internal constant PRECISION = 1e18;
    /// The rewards duration SuiteBase deploys with.
    uint256 internal constant DURATION = 1 hours;
    /// The bounds of the rewards duration.
    uint256 internal constant MIN_DURATION = 1 hours;
    uint256 internal constant MAX_DURATION = 90 days;

    /// @dev ERC-5805's error for a timepoint that is not yet in the past (OpenZeppelin's Votes).
    error ERC5805FutureLookup(uint256 timepoint, uint48 clock);
    /// Each actor is funded with this much OPEN: far more than any bounded amount below.
    uint256 internal constant FUNDS = 100_000_000e18;

    function setUp() public {
        _deploySuite();
        address[3] memory actors = [ALICE, BOB, PAYER];
        for (uint256 i; i < actors.length; ++i) {
            _fund(actors[i], FUNDS);
            vm.prank(actors[i]);
            open.approve(address(gopen), type(uint256).max);
        }
    }

    // ─── stake ───────────────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_stake_mintsOneToOne(uint256 first, uint256 second) public {
        first = bound(first, 1, FUNDS / 2);
        second = bound(second, 1, FUNDS / 2);

        vm.expectEmit(address(gopen));
        emit IStakedOpen.Staked(ALICE, first);
        _stake(ALICE, first);
        _stake(BOB, second);

        assertEq(gopen.balanceOf(ALICE), first, "alice's gOPEN");
        assertEq(gopen.balanceOf(BOB), second, "bob's gOPEN");
        assertEq(gopen.totalSupply(), first + second, "supply");
        assertEq(open.balanceOf(address(gopen)), first + second, "OPEN held");
        assertEq(open.balanceOf(ALICE), FUNDS - first, "alice's OPEN");
    }

    function test_stake_revertsOnZero() public {
        vm.prank(ALICE);
        vm.expectRevert(IStakedOpen.ZeroAmount.selector);
        gopen.stake(0);
    }

    function testFuzz_transfer_isDisabled(uint256 staked, uint256 amount) public {
        staked = bound(staked, 1, FUNDS);
        amount = bound(amount, 0, staked);
        _stake(ALICE, staked);

        vm.prank(ALICE);
        vm.expectRevert(IStakedOpen.TransfersDisabled.selector);
        gopen.transfer(BOB, amount);

        vm.prank(ALICE);
        gopen.approve(BOB, amount);
        vm.prank(BOB);
        vm.expectRevert(IStakedOpen.TransfersDisabled.selector);
        gopen.transferFrom(ALICE, BOB, amount);
    }

    // ─── requestWithdrawal / withdraw ────────────────────────────────────────────────────────────────────────────

    function testFuzz_requestWithdrawal_burnsAndStartsTheCooldown(uint256 staked, uint256 amount) public {
        staked = bound(staked, 1, FUNDS);
        amount = bound(amount, 1, staked);
        _stake(ALICE, staked);
        uint256 readyAt = block.timestamp + gopen.cooldown();

        vm.expectEmit(address(gopen));
        emit IStakedOpen.WithdrawalRequested(ALICE, amount, amount, readyAt);
        vm.prank(ALICE);
        gopen.requestWithdrawal(amount);

        (uint256 pending, uint256 at) = gopen.pendingWithdrawal(ALICE);
        assertEq(pending, amount, "pending");
        assertEq(at, readyAt, "readyAt");
        assertEq(gopen.balanceOf(ALICE), staked - amount, "gOPEN left");
        assertEq(gopen.totalSupply(), staked - amount, "supply");
        assertEq(gopen.totalPendingWithdrawals(), amount, "total pending");
        assertEq(open.balanceOf(address(gopen)), staked, "OPEN stays until withdrawn");
    }

    function testFuzz_requestWithdrawal_revertsAboveTheStake(uint256 staked, uint256 amount) public {
        staked = bound(staked, 1, FUNDS);
        amount = bound(amount, staked + 1, type(uint96).max);
        _stake(ALICE, staked);

        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, ALICE, staked, amount));
        gopen.requestWithdrawal(amount);
    }

    function test_requestWithdrawal_revertsOnZero() public {
        _stake(ALICE, 1e18);
        vm.prank(ALICE);
        vm.expectRevert(IStakedOpen.ZeroAmount.selector);
        gopen.requestWithdrawal(0);
    }

    function testFuzz_withdraw_revertsBeforeTheCooldown(uint256 amount, uint256 wait) public {
        amount = bound(amount, 1, FUNDS);
        wait = bound(wait, 0, gopen.cooldown() - 1);
        _stake(ALICE, amount);
        vm.prank(ALICE);
        gopen.requestWithdrawal(amount);
        uint256 readyAt = block.timestamp + gopen.cooldown();
        vm.warp(block.timestamp + wait);

        vm.prank(ALICE);
        vm.expectRevert(
            abi.encodeWithSelector(IStakedOpen.WithdrawalNotReady.selector, ALICE, readyAt, block.timestamp)
        );
        gopen.withdraw();
    }

    function testFuzz_withdraw_paysAfterTheCooldown(
        uint256 staked,
        uint256 first,
        uint256 second,
        uint256 wait
    ) public {
        staked = bound(staked, 2, FUNDS);
        first = bound(first, 1, staked - 1);
        second = bound(second, 1, staked - first);
        wait = bound(wait, gopen.cooldown(), 365 days);
        _stake(ALICE, staked);
        vm.startPrank(ALICE);
        gopen.requestWithdrawal(first);
        gopen.requestWithdrawal(second);
        vm.warp(block.timestamp + wait);

        vm.expectEmit(address(gopen));
        emit IStakedOpen.Withdrawn(ALICE, first + second);
        gopen.withdraw();
        vm.stopPrank();

        assertEq(open.balanceOf(ALICE), FUNDS - staked + first + second, "OPEN back");
        assertEq(gopen.totalPendingWithdrawals(), 0, "nothing pending");
        assertEq(open.balanceOf(address(gopen)), staked - first - second, "OPEN left = stake left");
        (uint256 pending, ) = gopen.pendingWithdrawal(ALICE);
        assertEq(pending, 0, "pending cleared");
    }

    function test_withdraw_revertsWithNothingPending() public {
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IStakedOpen.NoPendingWithdrawal.selector, ALICE));
        gopen.withdraw();
    }

    // ─── setCooldown ─────────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_setCooldown_setsUpToMax(uint256 newCooldown) public {
        newCooldown = bound(newCooldown, 0, gopen.MAX_COOLDOWN());
        vm.expectEmit(address(gopen));
        emit IStakedOpen.CooldownSet(newCooldown);
        gopen.setCooldown(newCooldown);
        assertEq(gopen.cooldown(), newCooldown, "cooldown");
    }

    function testFuzz_setCooldown_revertsAboveMax(uint256 newCooldown) public {
        newCooldown = bound(newCooldown, gopen.MAX_COOLDOWN() + 1, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IStakedOpen.CooldownTooLong.selector, newCooldown, gopen.MAX_COOLDOWN())
        );
        gopen.setCooldown(newCooldown);
    }

    function test_setCooldown_revertsForAStranger() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, STRANGER));
        gopen.setCooldown(0);
    }

    // ─── rewards: streaming ──────────────────────────────────────────────────────────────────────────────────────

    /// @dev A reward added with no stream running starts one at once: a whole number of units per second over the
    /// duration, the remainder queued for the next stream.
    function testFuzz_addRewards_startsAStreamAtOnce(uint256 staked, uint256 reward) public {
        staked = bound(staked, 1e18, FUNDS);
        reward = bound(reward, DURATION, FUNDS);
        _stake(ALICE, staked);
        uint256 rate = reward / DURATION;

        vm.expectEmit(address(gopen));
        emit IStakedOpen.RewardsAdded(PAYER, reward);
        vm.expectEmit(address(gopen));
        emit IStakedOpen.RewardStreamStarted(rate, block.timestamp, block.timestamp + DURATION);
        _addRewards(reward);

        assertEq(gopen.rewardRate(), rate, "rate");
        assertEq(gopen.periodFinish(), block.timestamp + DURATION, "finish");
        assertEq(gopen.queuedRewards(), reward % DURATION, "remainder queued");
        assertEq(gopen.rewardsReserve(), reward, "reserve");
        assertEq(gopen.earned(ALICE), 0, "nothing streamed yet");
        assertEq(gopen.rewardPerToken(), 0, "no reward per token yet");
    }

    /// @dev Two stakers share what streamed, in proportion to their stakes, at any second of the stream; Σ earned
    /// never exceeds what streamed, and falls short by rounding only.
    function testFuzz_stream_splitsProRataByTime(uint256 a, uint256 b, uint256 reward, uint256 elapsed) public {
        a = bound(a, 1, FUNDS / 2);
        b = bound(b, 1e18, FUNDS / 2);
        reward = bound(reward, DURATION, FUNDS);
        elapsed = bound(elapsed, 0, 2 * DURATION);
        _stake(ALICE, a);
        _stake(BOB, b);
        _addRewards(reward);
        vm.warp(block.timestamp + elapsed);

        uint256 supply = a + b;
        uint256 streamed = (reward / DURATION) * _min(elapsed, DURATION);
        uint256 rpt = gopen.rewardPerToken();
        assertEq(rpt, (streamed * PRECISION) / supply, "reward per token");
        uint256 earnedA = gopen.earned(ALICE);
        uint256 earnedB = gopen.earned(BOB);
        assertEq(earnedA, (a * rpt) / PRECISION, "alice's share");
        assertEq(earnedB, (b * rpt) / PRECISION, "bob's share");
        assertLe(earnedA + earnedB, streamed, "never more than streamed");
        // In 1e18 units: streamed·1e18 − carry − Σ·1e18 < 2e18 (one unit per staker).
        uint256 carry = streamed * PRECISION - rpt * supply;
        assertLe(streamed * PRECISION - carry - (earnedA + earnedB) * PRECISION, 2 * PRECISION - 1, "rounding");
    }

    /// @dev What a staker earns is its stake × the time it staked: a staker joining halfway earns, on a stake of the
    /// same size, a third of what the first one earns (half the time alone at full share, half shared).
    function testFuzz_stream_earnsStakeTimesTime(uint256 staked, uint256 perSecond) public {
        staked = bound(staked, 1e18, FUNDS / 4);
        perSecond = bound(perSecond, 1, FUNDS / DURATION);
        _stake(ALICE, staked);
        _addRewards(perSecond * DURATION);
        vm.warp(block.timestamp + DURATION / 2);
        _stake(BOB, staked);
        vm.warp(block.timestamp + DURATION);

        uint256 total = perSecond * DURATION;
        uint256 earnedA = gopen.earned(ALICE);
        uint256 earnedB = gopen.earned(BOB);

        assertLe(earnedA + earnedB, total, "never more than added");
        // Alice: all of the first half and half of the second (3/4); Bob: half of the second (1/4). Each of the two
        // divisions rounds the reward per token down by under one unit, i.e. under staked/1e18 of OPEN units each.
        uint256 rounding = (2 * staked) / PRECISION + 3;
        assertLe(_diff(earnedA, (total * 3) / 4), rounding, "alice: 3/4");
        assertLe(_diff(earnedB, total / 4), rounding, "bob: 1/4");
    }

    /// @dev Every unit of the stream is paid once it has run to its end: the only shortfall is the rounding of each
    /// staker's share and the carry, which is below one unit per 1e18 of supply.
    function testFuzz_stream_paysTheWholeStreamByItsEnd(uint256 staked, uint256 reward, uint256 late) public {
        staked = bound(staked, 1e18, FUNDS);
        reward = bound(reward, DURATION, FUNDS);
        late = bound(late, 0, 365 days);
        _stake(ALICE, staked);
        _addRewards(reward);
        vm.warp(block.timestamp + DURATION + late);

        uint256 streamed = (reward / DURATION) * DURATION;
        uint256 earned = gopen.earned(ALICE);
        assertLe(earned, streamed, "never more than streamed");
        assertLe(streamed - earned, staked / PRECISION + 1, "only rounding is missing");
        assertEq(gopen.rewardRate(), 0, "no stream running");
        assertEq(gopen.queuedRewards(), reward % DURATION, "the remainder waits");
    }

    /// @dev Updates in the middle of a stream do not change what it pays: the carried remainder makes many divisions
    /// add up to one.
    function testFuzz_stream_carriesTheRemainder(uint256 staked, uint256 reward, uint256 pokes) public {
        staked = bound(staked, 1e18, FUNDS);
        pokes = bound(pokes, 1, 10);
        // The payer also pays the one-unit pokes.
        reward = bound(reward, DURATION, FUNDS - pokes);
        _stake(ALICE, staked);
        _addRewards(reward);
        uint256 start = block.timestamp;
        for (uint256 i = 1; i <= pokes; ++i) {
            vm.warp(start + (DURATION * i) / (pokes + 1));
            // A one-unit push updates the stream and is queued.
            _addRewards(1);
        }
        vm.warp(start + DURATION);

        uint256 streamed = (reward / DURATION) * DURATION;
        assertEq(gopen.rewardPerToken(), (streamed * PRECISION) / staked, "as if divided once");
        assertEq(gopen.earned(ALICE), (staked * gopen.rewardPerToken()) / PRECISION, "the accrual");
    }

    /// @dev Rewards added while a stream runs wait, and become the next stream when it ends, from that end exactly.
    function testFuzz_addRewards_queuesWhileAStreamRuns(
        uint256 first,
        uint256 second,
        uint256 at,
        uint256 later
    ) public {
        first = bound(first, DURATION, FUNDS / 2);
        second = bound(second, 1, FUNDS / 2);
        at = bound(at, 0, DURATION - 1);
        later = bound(later, 0, 3 * DURATION);
        _stake(ALICE, 1000e18);
        _addRewards(first);
        uint256 finish = block.timestamp + DURATION;
        vm.warp(block.timestamp + at);

        _addRewards(second);
        uint256 queued = (first % DURATION) + second;
        assertEq(gopen.queuedRewards(), queued, "queued");
        assertEq(gopen.periodFinish(), finish, "the running stream keeps its end");
        assertEq(gopen.rewardRate(), first / DURATION, "and its rate");

        // After the end, the queue is the next stream, from the end of the first.
        vm.warp(finish + later);
        uint256 nextRate = queued / DURATION;
        if (nextRate == 0) {
            assertEq(gopen.queuedRewards(), queued, "too little to stream: still queued");
            return;
        }
        assertEq(gopen.periodFinish(), finish + DURATION, "next stream from the end of the first");
        assertEq(gopen.queuedRewards(), queued % DURATION, "its remainder");
        uint256 streamed = (first / DURATION) * DURATION + nextRate * _min(later, DURATION);
        assertEq(gopen.rewardPerToken(), (streamed * PRECISION) / 1000e18, "both streams, exactly");
        // A stake brings the stream up to date: it emits the start of the next stream, and agrees with the views.
        uint256 rpt = gopen.rewardPerToken();
        _stake(BOB, 1);
        assertEq(gopen.rewardPerToken(), rpt, "the update stored what the views said");
        assertEq(gopen.queuedRewards(), queued % DURATION, "queue written");
    }

    function test_addRewards_atTheEndOfAStreamStartsTheNextOneBeforeItQueues() public {
        _stake(ALICE, 1e18);
        _addRewards(DURATION * 5);
        vm.warp(block.timestamp + DURATION - 1);
        _addRewards(DURATION);
        assertEq(gopen.queuedRewards(), DURATION, "one second before the end: queued");

        vm.warp(block.timestamp + 1);
        // At the end, the queue becomes the next stream first; this push then finds it running, and waits.
        _addRewards(DURATION * 2);
        assertEq(gopen.rewardRate(), 1, "the queued stream runs");
        assertEq(gopen.queuedRewards(), DURATION * 2, "the new push waits for it");
    }

    /// @dev A reward below one unit per second of the duration cannot start a stream: it waits for more.
    function test_addRewards_belowOneUnitPerSecondWaits() public {
        _stake(ALICE, 1e18);
        _addRewards(DURATION - 1);
        assertEq(gopen.rewardRate(), 0, "no stream");
        assertEq(gopen.queuedRewards(), DURATION - 1, "queued");
        vm.warp(block.timestamp + DURATION);
        assertEq(gopen.earned(ALICE), 0, "nothing streamed");

        // One more unit makes one unit per second: the stream starts with it.
        vm.expectEmit(address(gopen));
        emit IStakedOpen.RewardStreamStarted(1, block.timestamp, block.timestamp + DURATION);
        _addRewards(1);
        assertEq(gopen.queuedRewards(), 0, "all streaming");
        vm.warp(block.timestamp + DURATION);
        assertEq(gopen.earned(ALICE), DURATION, "the whole stream");
    }

    /// @dev Below the minimum supply, a stream is paused: its end moves by the idle time, and the stake that lifts the
    /// supply to the minimum earns from then on, by time, like anyone.
    function testFuzz_stream_pausesBelowTheMinimumSupply(
        uint256 dust,
        uint256 reward,
        uint256 idle,
        uint256 more
    ) public {
        dust = bound(dust, 0, gopen.MIN_DISTRIBUTION_SUPPLY() - 1);
        reward = bound(reward, DURATION, FUNDS);
        idle = bound(idle, 1, 365 days);
        more = bound(more, gopen.MIN_DISTRIBUTION_SUPPLY() - dust, FUNDS);
        if (dust != 0) _stake(ALICE, dust);
        _addRewards(reward);
        uint256 finish = block.timestamp + DURATION;

        vm.warp(block.timestamp + idle);
        assertEq(gopen.earned(ALICE), 0, "dust earns nothing");
        assertEq(gopen.rewardPerToken(), 0, "nothing streamed");
        assertEq(gopen.periodFinish(), finish + idle, "the end moved by the idle time");

        _stake(BOB, more);
        assertEq(gopen.earned(BOB), 0, "nothing at once");
        vm.warp(block.timestamp + DURATION);
        uint256 streamed = (reward / DURATION) * DURATION;
        uint256 total = gopen.earned(ALICE) + gopen.earned(BOB);
        assertLe(total, streamed, "never more than streamed");
        assertLe(streamed - total, (dust + more) / PRECISION + 2, "the whole stream, but rounding");
    }

    /// @dev MIN_DISTRIBUTION_SUPPLY itself streams; one unit below it does not.
    function test_stream_streamsAtTheMinimumSupplyAndNotBelow() public {
        uint256 min = gopen.MIN_DISTRIBUTION_SUPPLY();
        _stake(ALICE, min - 1);
        _addRewards(DURATION * 10);
        vm.warp(block.timestamp + 100);
        assertEq(gopen.rewardPerToken(), 0, "below the minimum: paused");
        _stake(BOB, 1);
        vm.warp(block.timestamp + 100);
        assertEq(gopen.rewardPerToken(), (1000 * PRECISION) / min, "at the minimum: 100 s at 10 per second");
    }

    function test_addRewards_revertsOnZero() public {
        vm.prank(PAYER);
        vm.expectRevert(IStakedOpen.ZeroAmount.selector);
        gopen.addRewards(0);
    }

    function testFuzz_claimRewards_paysWhatWasEarned(
        uint256 a,
        uint256 b,
        uint256 reward,
        uint256 elapsed,
        uint256 leave
    ) public {
        a = bound(a, 1e18, FUNDS / 2);
        b = bound(b, 1, FUNDS / 2);
        reward = bound(reward, DURATION, FUNDS);
        elapsed = bound(elapsed, 0, 2 * DURATION);
        leave = bound(leave, 0, a);
        _stake(ALICE, a);
        _stake(BOB, b);
        _addRewards(reward);
        vm.warp(block.timestamp + elapsed);
        // Leaving (in part or not at all) keeps the rewards earned so far.
        if (leave != 0) {
            vm.prank(ALICE);
            gopen.requestWithdrawal(leave);
        }
        uint256 earned = gopen.earned(ALICE);
        if (earned == 0) {
            vm.prank(ALICE);
            vm.expectRevert(abi.encodeWithSelector(IStakedOpen.NoRewards.selector, ALICE));
            gopen.claimRewards();
            return;
        }

        vm.expectEmit(address(gopen));
        emit IStakedOpen.RewardsClaimed(ALICE, earned);
        vm.prank(ALICE);
        gopen.claimRewards();

        assertEq(open.balanceOf(ALICE), FUNDS - a + earned, "paid");
        assertEq(gopen.earned(ALICE), 0, "nothing left");
        assertEq(gopen.rewardsReserve(), reward - earned, "reserve");
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IStakedOpen.NoRewards.selector, ALICE));
        gopen.claimRewards();
    }

    /// @dev A claim writes no stream state; the update after it stores a reward per token at least the claim's
    /// snapshot, so that the claimer then earns only what streamed after its claim.
    function testFuzz_claimRewards_thenEarnsOnlyWhatStreamsAfter(uint256 reward, uint256 t1, uint256 t2) public {
        reward = bound(reward, DURATION, FUNDS);
        t1 = bound(t1, 1, DURATION);
        t2 = bound(t2, 0, DURATION);
        _stake(ALICE, 3e18);
        _stake(BOB, 7e18);
        _addRewards(reward);
        uint256 start = block.timestamp;
        vm.warp(start + t1);
        uint256 claimed = gopen.earned(ALICE);
        if (claimed != 0) {
            vm.prank(ALICE);
            gopen.claimRewards();
        }
        vm.warp(start + t1 + t2);
        _stake(BOB, 1); // an update of the stream
        uint256 streamed = (reward / DURATION) * _min(t1 + t2, DURATION);
        uint256 rpt = (streamed * PRECISION) / 10e18;
        assertEq(gopen.rewardPerToken(), rpt, "the update is exact");
        assertEq(claimed + gopen.earned(ALICE), (3e18 * rpt) / PRECISION + 0, "claimed + earned == the accrual");
    }

    // ─── setRewardsDuration ──────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_setRewardsDuration_setsWithinTheBounds(uint256 duration) public {
        duration = bound(duration, MIN_DURATION, MAX_DURATION);
        vm.expectEmit(address(gopen));
        emit IStakedOpen.RewardsDurationSet(duration);
        gopen.setRewardsDuration(duration);
        assertEq(gopen.rewardsDuration(), duration, "duration");
    }

    function test_setRewardsDuration_acceptsEachBound() public {
        gopen.setRewardsDuration(1 hours);
        assertEq(gopen.rewardsDuration(), 1 hours, "min");
        gopen.setRewardsDuration(90 days);
        assertEq(gopen.rewardsDuration(), 90 days, "max");
    }

    function testFuzz_setRewardsDuration_revertsBelowTheMinimum(uint256 duration) public {
        duration = bound(duration, 0, MIN_DURATION - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IStakedOpen.RewardsDurationOutOfBounds.selector, duration, 1 hours, 90 days)
        );
        gopen.setRewardsDuration(duration);
    }

    function testFuzz_setRewardsDuration_revertsAboveTheMaximum(uint256 duration) public {
        duration = bound(duration, MAX_DURATION + 1, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IStakedOpen.RewardsDurationOutOfBounds.selector, duration, 1 hours, 90 days)
        );
        gopen.setRewardsDuration(duration);
    }

    function test_setRewardsDuration_revertsAtOneSecondOutsideEachBound() public {
        vm.expectRevert(
            abi.encodeWithSelector(IStakedOpen.RewardsDurationOutOfBounds.selector, 1 hours - 1, 1 hours, 90 days)
        );
        gopen.setRewardsDuration(1 hours - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IStakedOpen.RewardsDurationOutOfBounds.selector, 90 days + 1, 1 hours, 90 days)
        );
        gopen.setRewardsDuration(90 days + 1);
    }

    function test_setRewardsDuration_revertsForAStranger() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, STRANGER));
        gopen.setRewardsDuration(1 days);
    }

    /// @dev A new duration applies to the next stream; the running one keeps its rate and end.
    function test_setRewardsDuration_appliesToTheNextStream() public {
        _stake(ALICE, 1e18);
        _addRewards(DURATION * 4);
        uint256 finish = block.timestamp + DURATION;
        _addRewards(2 days * 3);
        gopen.setRewardsDuration(2 days);
        assertEq(gopen.periodFinish(), finish, "the running stream keeps its end");
        assertEq(gopen.rewardRate(), 4, "and its rate");
        vm.warp(finish);
        assertEq(gopen.periodFinish(), finish + 2 days, "the next one runs two days");
        assertEq(gopen.rewardRate(), 3, "at its own rate");
    }

    function test_constructor_refusesARewardsDurationOutsideTheBounds() public {
        vm.expectRevert(
            abi.encodeWithSelector(IStakedOpen.RewardsDurationOutOfBounds.selector, 1 hours - 1, 1 hours, 90 days)
        );
        new StakedOpen(IERC20(address(open)), address(manager), 0, 1 hours - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IStakedOpen.RewardsDurationOutOfBounds.selector, 90 days + 1, 1 hours, 90 days)
        );
        new StakedOpen(IERC20(address(open)), address(manager), 0, 90 days + 1);
        StakedOpen atMax = new StakedOpen(IERC20(address(open)), address(manager), 90 days, 90 days);
        assertEq(atMax.rewardsDuration(), 90 days, "max accepted");
        assertEq(atMax.cooldown(), 90 days, "max cooldown accepted");
    }

    function test_constructor_refusesACooldownAboveTheMaximum() public {
        vm.expectRevert(abi.encodeWithSelector(IStakedOpen.CooldownTooLong.selector, 90 days + 1, 90 days));
        new StakedOpen(IERC20(address(open)), address(manager), 90 days + 1, 1 hours);
    }

    // ─── boundaries ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev The current timepoint is a future lookup (ERC-5805): its supply may still change in this block.
    function test_getPastTotalSupply_revertsForTheCurrentTimepoint() public {
        _stake(ALICE, 5e18);
        vm.warp(block.timestamp + 10);
        uint256 nowTime = gopen.clock();
        vm.expectRevert(abi.encodeWithSelector(ERC5805FutureLookup.selector, nowTime, nowTime));
        gopen.getPastTotalSupply(nowTime);
        vm.expectRevert(abi.encodeWithSelector(ERC5805FutureLookup.selector, nowTime + 1, nowTime));
        gopen.getPastTotalSupply(nowTime + 1);
        assertEq(gopen.getPastTotalSupply(nowTime - 1), 5e18, "one second before answers");
    }

    /// @dev The fast path (at or after the last change) and the checkpoint search agree on each side of the change.
    function test_getPastTotalSupply_aroundTheLastChange() public {
        _stake(ALICE, 5e18);
        vm.warp(block.timestamp + 10);
        uint256 changedAt = block.timestamp;
        _stake(BOB, 2e18);
        vm.warp(block.timestamp + 10);
        assertEq(gopen.getPastTotalSupply(changedAt), 7e18, "at the change");
        assertEq(gopen.getPastTotalSupply(changedAt - 1), 5e18, "one second before it");
        assertEq(gopen.getPastTotalSupply(changedAt + 1), 7e18, "one second after it");
    }

    /// @dev The current timepoint is a future lookup, and the second before answers, even with the supply changed in
    /// this very second.
    function test_getPastTotalSupply_revertsForTheCurrentTimepointAfterAChangeInIt() public {
        _stake(ALICE, 5e18);
        vm.warp(block.timestamp + 10);
        _stake(BOB, 2e18);
        uint256 nowTime = gopen.clock();
        vm.expectRevert(abi.encodeWithSelector(ERC5805FutureLookup.selector, nowTime, nowTime));
        gopen.getPastTotalSupply(nowTime);
        assertEq(gopen.getPastTotalSupply(nowTime - 1), 5e18, "the second before");
    }

    function test_withdraw_atExactlyReadyAtPaysAndOneSecondBeforeReverts() public {
        _stake(ALICE, 1e18);
        vm.prank(ALICE);
        gopen.requestWithdrawal(1e18);
        (, uint256 readyAt) = gopen.pendingWithdrawal(ALICE);
        vm.warp(readyAt - 1);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IStakedOpen.WithdrawalNotReady.selector, ALICE, readyAt, readyAt - 1));
        gopen.withdraw();
        vm.warp(readyAt);
        vm.prank(ALICE);
        gopen.withdraw();
        assertEq(open.balanceOf(ALICE), FUNDS, "paid at readyAt");
    }

    function test_setCooldown_acceptsMaxAndRevertsOneAbove() public {
        gopen.setCooldown(90 days);
        assertEq(gopen.cooldown(), 90 days, "max");
        vm.expectRevert(abi.encodeWithSelector(IStakedOpen.CooldownTooLong.selector, 90 days + 1, 90 days));
        gopen.setCooldown(90 days + 1);
    }

    function test_requestWithdrawal_ofExactlyTheBalanceAndOneAbove() public {
        _stake(ALICE, 3e18);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, ALICE, 3e18, 3e18 + 1));
        gopen.requestWithdrawal(3e18 + 1);
        vm.prank(ALICE);
        gopen.requestWithdrawal(3e18);
        assertEq(gopen.balanceOf(ALICE), 0, "all of it");
    }

    /// @dev rewardRate() is the running stream's until its end, 0 from the end on.
    function test_rewardRate_untilTheEndAndNotAtIt() public {
        _stake(ALICE, 1e18);
        _addRewards(DURATION * 7);
        uint256 finish = gopen.periodFinish();
        vm.warp(finish - 1);
        assertEq(gopen.rewardRate(), 7, "one second before the end");
        vm.warp(finish);
        assertEq(gopen.rewardRate(), 0, "at the end");
        assertEq(gopen.earned(ALICE), DURATION * 7, "all streamed at the end");
    }

    /// @dev A stream is brought up to date once per second: a second update in the same second changes nothing.
    function test_stream_twoUpdatesInOneSecond() public {
        _stake(ALICE, 1e18);
        _addRewards(DURATION * 2);
        vm.warp(block.timestamp + 10);
        _stake(BOB, 1e18);
        uint256 rpt = gopen.rewardPerToken();
        assertEq(rpt, (20 * PRECISION) / 1e18, "20 units over 1e18");
        _stake(BOB, 1e18);
        assertEq(gopen.rewardPerToken(), rpt, "same second: unchanged");
        assertEq(gopen.earned(BOB), 0, "bob arrived this second");
    }

    // ─── votes ───────────────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_requestWithdrawal_endsVotingPowerAtOnce(uint256 staked, uint256 amount) public {
        staked = bound(staked, 1, FUNDS);
        amount = bound(amount, 1, staked);
        _stake(ALICE, staked);
        vm.prank(ALICE);
        gopen.delegate(BOB);
        uint256 before = block.timestamp;
        vm.warp(block.timestamp + 1);

        vm.prank(ALICE);
        gopen.requestWithdrawal(amount);

        assertEq(gopen.getVotes(BOB), staked - amount, "votes now");
        assertEq(gopen.getPastVotes(BOB, before), staked, "votes before");
        assertEq(gopen.getPastTotalSupply(before), staked, "supply before");
    }

    function _stake(address account, uint256 amount) internal {
        vm.prank(account);
        gopen.stake(amount);
    }

    function _addRewards(uint256 amount) internal {
        vm.prank(PAYER);
        gopen.addRewards(amount);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function _diff(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }
}
