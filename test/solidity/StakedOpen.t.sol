// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IERC20Errors } from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import { IStakedOpen } from "../../contracts/interfaces/IStakedOpen.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice gOPEN fuzzed: staking 1:1, the withdrawal cooldown, the pro rata rewards and their queue.
contract StakedOpenTest is SuiteBase {
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant PAYER = address(0xFEE);
    address internal constant STRANGER = address(0x5757);
    uint256 internal constant PRECISION = 1e18;
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

    // ─── rewards ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Two stakers share a reward in proportion to their stakes. What they earn never exceeds it; what is
    /// missing is the division's remainder, which gOPEN carries to the next reward, plus under one unit per staker.
    function testFuzz_addRewards_splitsProRata(uint256 a, uint256 b, uint256 reward) public {
        a = bound(a, 1, FUNDS / 2);
        b = bound(b, 1e18, FUNDS / 2);
        reward = bound(reward, 1, FUNDS);
        _stake(ALICE, a);
        _stake(BOB, b);

        vm.expectEmit(address(gopen));
        emit IStakedOpen.RewardsAdded(PAYER, reward);
        vm.prank(PAYER);
        gopen.addRewards(reward);

        uint256 supply = a + b;
        uint256 rpt = gopen.rewardPerToken();
        uint256 earnedA = gopen.earned(ALICE);
        uint256 earnedB = gopen.earned(BOB);
        assertEq(rpt, (reward * PRECISION) / supply, "reward per token");
        assertEq(earnedA, (a * rpt) / PRECISION, "alice's share");
        assertEq(earnedB, (b * rpt) / PRECISION, "bob's share");
        assertLe(earnedA + earnedB, reward, "never more than added");
        uint256 carry = reward * PRECISION - rpt * supply;
        assertLe(carry, supply - 1, "carry below supply");
        // Σ earned > reward - carry/1e18 - 2, i.e. in 1e18 units: reward·1e18 - carry - Σ·1e18 < 2e18.
        assertLe(reward * PRECISION - carry - (earnedA + earnedB) * PRECISION, 2 * PRECISION - 1, "rounding");
        assertEq(gopen.rewardsReserve(), reward, "reserve");
        assertEq(gopen.queuedRewards(), 0, "nothing queued");
    }

    /// @dev When the division leaves no remainder to carry, what is missing is only the rounding of each staker's
    /// share: under one unit per staker.
    function testFuzz_addRewards_shortfallBelowStakerCount(uint256 whole, uint256 a, uint256 perWhole) public {
        // A supply of `whole` OPEN and a reward that is a multiple of it: the reward per token is exact.
        whole = bound(whole, 1, FUNDS / 1e18);
        uint256 supply = whole * 1e18;
        a = bound(a, 1, supply - 1);
        uint256 reward = bound(perWhole, 1, FUNDS / whole) * whole;
        _stake(ALICE, a);
        _stake(BOB, supply - a);
        vm.prank(PAYER);
        gopen.addRewards(reward);

        assertEq(gopen.rewardPerToken() * supply, reward * PRECISION, "nothing carried");
        uint256 total = gopen.earned(ALICE) + gopen.earned(BOB);
        assertLe(total, reward, "never more than added");
        assertLe(reward - total, 1, "shortfall below the number of stakers");
    }

    /// @dev The carried remainder is paid by later rewards: over any two rewards, the accumulator accounts for every
    /// unit added, and a staker with the whole supply is paid all but under one unit.
    function testFuzz_addRewards_carriesTheRemainder(uint256 staked, uint256 first, uint256 second) public {
        staked = bound(staked, 1e18, FUNDS);
        first = bound(first, 1, FUNDS / 2);
        second = bound(second, 1, FUNDS / 2);
        _stake(ALICE, staked);

        vm.startPrank(PAYER);
        gopen.addRewards(first);
        gopen.addRewards(second);
        vm.stopPrank();

        uint256 rpt = gopen.rewardPerToken();
        assertEq(rpt, ((first + second) * PRECISION) / staked, "as if added at once");
        uint256 earned = gopen.earned(ALICE);
        assertLe(earned, first + second, "never more than added");
        assertEq(earned, (staked * rpt) / PRECISION, "the accrual");
    }

    function testFuzz_addRewards_queuesBelowTheMinimumSupply(uint256 dust, uint256 reward, uint256 more) public {
        dust = bound(dust, 0, gopen.MIN_DISTRIBUTION_SUPPLY() - 1);
        reward = bound(reward, 1, FUNDS);
        more = bound(more, gopen.MIN_DISTRIBUTION_SUPPLY() - dust, FUNDS);
        if (dust != 0) _stake(ALICE, dust);

        vm.prank(PAYER);
        gopen.addRewards(reward);
        assertEq(gopen.queuedRewards(), reward, "queued");
        assertEq(gopen.rewardPerToken(), 0, "not spread");
        assertEq(gopen.earned(ALICE), 0, "dust earns nothing yet");
        assertEq(gopen.rewardsReserve(), reward, "reserve");

        // The stake that lifts the supply to the minimum spreads the queue over everyone, itself included.
        uint256 supply = dust + more;
        vm.expectEmit(address(gopen));
        emit IStakedOpen.RewardsDistributed(reward, (reward * PRECISION) / supply);
        _stake(BOB, more);

        assertEq(gopen.queuedRewards(), 0, "queue spread");
        uint256 total = gopen.earned(ALICE) + gopen.earned(BOB);
        assertLe(total, reward, "never more than added");
        uint256 carry = reward * PRECISION - gopen.rewardPerToken() * supply;
        assertLe(reward * PRECISION - carry - total * PRECISION, 2 * PRECISION - 1, "rounding");
    }

    function test_addRewards_revertsOnZero() public {
        vm.prank(PAYER);
        vm.expectRevert(IStakedOpen.ZeroAmount.selector);
        gopen.addRewards(0);
    }

    function testFuzz_claimRewards_paysWhatWasEarned(uint256 a, uint256 b, uint256 reward, uint256 leave) public {
        a = bound(a, 1e18, FUNDS / 2);
        b = bound(b, 1, FUNDS / 2);
        reward = bound(reward, 1, FUNDS);
        leave = bound(leave, 0, a);
        _stake(ALICE, a);
        _stake(BOB, b);
        vm.prank(PAYER);
        gopen.addRewards(reward);
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
}
