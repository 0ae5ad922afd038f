// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { IStakedOpen } from "../../contracts/interfaces/IStakedOpen.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice Stakes, pushes the settlement's stakers share, requests the whole stake back and claims: all in one call,
/// that is, in one transaction.
contract JustInTimeSniper {
    IERC20 private immutable _open;
    IStakedOpen private immutable _gopen;
    ISettlement private immutable _settlement;

    constructor(IERC20 open_, IStakedOpen gopen_, ISettlement settlement_) {
        _open = open_;
        _gopen = gopen_;
        _settlement = settlement_;
    }

    /// @return earned What the stake had earned when it left (and would have claimed).
    function snipe(uint256 amount) external returns (uint256 earned) {
        _open.approve(address(_gopen), amount);
        _gopen.stake(amount);
        _settlement.pushStakerRewards();
        _gopen.requestWithdrawal(amount);
        earned = _gopen.earned(address(this));
        if (earned != 0) _gopen.claimRewards();
    }
}

/// @notice Regressions for the reward-sniping attacks on gOPEN: each runs the attack against the streamed rewards and
/// shows that it now fails. Before, a push was spread over the stake at once, so the stake present in the push's
/// block took a full share.
contract RewardsAttacksTest is SuiteBase {
    address internal constant LONG_STAKER = address(0x30DA);
    address internal constant BOB = address(0xB0B);
    address internal constant PUSHER = address(0x9054);
    address internal constant PAYER = address(0xFEE);
    address internal constant BUILDER = address(0xB1D);
    uint256 internal constant DURATION = 1 hours;
    uint256 internal constant FUNDS = 100_000_000e18;

    uint256 internal modelId;
    JustInTimeSniper internal sniper;

    function setUp() public {
        _deploySuite();
        vm.prank(BUILDER);
        uint256 datanetId = datanets.createDatanet("ipfs://datanet", false, 0, BUILDER);
        _publishDatanetVersion(datanetId);
        modelId = _registerModel(BUILDER, 0, datanetId, 1e18, 3000);
        address[4] memory funded = [LONG_STAKER, BOB, PUSHER, PAYER];
        for (uint256 i; i < funded.length; ++i) {
            _fund(funded[i], FUNDS);
            vm.prank(funded[i]);
            open.approve(address(gopen), type(uint256).max);
        }
        vm.prank(PAYER);
        open.approve(address(settlement), type(uint256).max);
        sniper = new JustInTimeSniper(
            IERC20(address(open)),
            IStakedOpen(address(gopen)),
            ISettlement(address(settlement))
        );
    }

    /// @dev The attack of the issue: a staker of 30 days, then someone who stakes as much, pushes the stakers share,
    /// leaves and claims in one transaction. It used to receive exactly what the 30-day staker received; it now
    /// receives nothing, and the 30-day staker receives the whole push as it streams.
    function testFuzz_justInTimeSnipe_stakePushLeaveClaimInOneTransaction_earnsNothing(
        uint256 stake,
        uint256 units
    ) public {
        stake = bound(stake, 1e18, FUNDS / 2);
        units = bound(units, 1, 10_000);
        vm.prank(LONG_STAKER);
        gopen.stake(stake);
        vm.warp(block.timestamp + 30 days);
        _settle(units);
        uint256 pushed = settlement.stakersAccrued();
        _fund(address(sniper), stake);

        uint256 sniped = sniper.snipe(stake);

        assertEq(sniped, 0, "the sniper earned nothing");
        assertEq(open.balanceOf(address(sniper)), 0, "and was paid nothing (its stake waits out the cooldown)");
        vm.warp(block.timestamp + DURATION);
        uint256 streamed = (pushed / DURATION) * DURATION;
        uint256 longEarned = gopen.earned(LONG_STAKER);
        assertLe(streamed - longEarned, stake / 1e18 + 1, "the 30-day staker earns the whole stream");
        assertEq(gopen.earned(address(sniper)), 0, "the sniper still has nothing");
    }

    /// @dev The same with a stream already running: the push is queued behind it, and a stake of zero seconds earns
    /// zero of either.
    function testFuzz_justInTimeSnipe_intoARunningStream_earnsNothing(uint256 stake, uint256 into) public {
        stake = bound(stake, 1e18, FUNDS / 2);
        into = bound(into, 0, DURATION - 1);
        vm.prank(LONG_STAKER);
        gopen.stake(1000e18);
        vm.prank(PUSHER);
        gopen.addRewards(1000e18);
        vm.warp(block.timestamp + into);
        _settle(100);
        _fund(address(sniper), stake);

        assertEq(sniper.snipe(stake), 0, "nothing earned in zero seconds");
    }

    /// @dev Holding for a few blocks earns only those seconds' share of the stream: a stake held `hold` seconds of a
    /// one-hour stream earns at most hold/3600 of the push, where the 30-day staker earns the rest.
    function testFuzz_shortHold_earnsOnlyItsSecondsOfTheStream(uint256 stake, uint256 hold) public {
        stake = bound(stake, 1e18, FUNDS / 2);
        hold = bound(hold, 1, 60);
        vm.prank(LONG_STAKER);
        gopen.stake(stake);
        vm.warp(block.timestamp + 30 days);
        _settle(1000);
        uint256 pushed = settlement.stakersAccrued();
        vm.prank(BOB);
        gopen.stake(stake);
        settlement.pushStakerRewards();
        vm.warp(block.timestamp + hold);
        vm.prank(BOB);
        gopen.requestWithdrawal(stake);
        vm.warp(block.timestamp + DURATION);

        uint256 rate = pushed / DURATION;
        // Bob held half the stake for `hold` seconds: half of hold·rate, under one unit per second of rounding.
        assertLe(gopen.earned(BOB), (hold * rate) / 2 + 1, "the sniper's share is its seconds");
        assertGe(gopen.earned(LONG_STAKER), rate * DURATION - (hold * rate) / 2 - stake / 1e18 - 2, "the rest");
    }

    /// @dev A 1-OPEN stake into an empty pool used to take every queued reward at once. Now the stream pauses while
    /// the pool is empty, and the dust stake earns by time like anyone: nothing at once, and only its seconds once a
    /// real staker arrives.
    function testFuzz_dustStakeIntoAnEmptyPool_noLongerTakesTheQueue(
        uint256 reward,
        uint256 idle,
        uint256 alone
    ) public {
        reward = bound(reward, DURATION, FUNDS / 2);
        idle = bound(idle, 0, 30 days);
        alone = bound(alone, 1, 60);
        vm.prank(PUSHER);
        gopen.addRewards(reward);
        vm.warp(block.timestamp + idle);
        uint256 rate = reward / DURATION;

        // The dust stake, and a claim at once: nothing to claim.
        uint256 oneOpen = gopen.MIN_DISTRIBUTION_SUPPLY();
        vm.prank(BOB);
        gopen.stake(oneOpen);
        assertEq(gopen.earned(BOB), 0, "nothing at once");
        vm.prank(BOB);
        vm.expectRevert(abi.encodeWithSelector(IStakedOpen.NoRewards.selector, BOB));
        gopen.claimRewards();

        // Alone for `alone` seconds, it earns those seconds; then a real staker arrives and takes its share of the rest.
        vm.warp(block.timestamp + alone);
        assertLe(gopen.earned(BOB), alone * rate, "its seconds, alone");
        vm.prank(LONG_STAKER);
        gopen.stake(1_000_000e18);
        vm.warp(block.timestamp + DURATION);
        uint256 dust = gopen.earned(BOB);
        uint256 real = gopen.earned(LONG_STAKER);
        assertLe(dust, alone * rate + (DURATION * rate) / 1_000_000 + 1, "the dust stake: its seconds, pro rata");
        assertLe(dust + real, rate * DURATION, "never more than the stream");
        assertLe(rate * DURATION - dust - real, 1_000_001 + 2, "the whole stream was paid, but rounding");
    }

    /// @dev Repeated tiny pushes used to be harmless; with a stream, a push that re-spread the stream would stretch it
    /// (the classic Synthetix griefing). Here no push, tiny or large, moves a running stream's end or rate: each is
    /// queued, and what the stakers earn by the end is exactly the stream.
    function testFuzz_repeatedTinyPushes_cannotStretchARunningStream(uint256 pushes, uint256 size) public {
        pushes = bound(pushes, 1, 50);
        size = bound(size, 1, 1e18);
        vm.prank(LONG_STAKER);
        gopen.stake(1000e18);
        vm.prank(PUSHER);
        gopen.addRewards(3600e18);
        uint256 finish = gopen.periodFinish();
        uint256 rate = gopen.rewardRate();
        uint256 start = block.timestamp;

        for (uint256 i; i < pushes; ++i) {
            vm.warp(start + ((DURATION - 1) * (i + 1)) / pushes);
            vm.prank(PUSHER);
            gopen.addRewards(size);
            assertEq(gopen.periodFinish(), finish, "the end does not move");
            assertEq(gopen.rewardRate(), rate, "nor the rate");
        }
        assertEq(gopen.queuedRewards(), pushes * size, "every push waits for the next stream");

        vm.warp(finish);
        assertEq(gopen.rewardPerToken(), (rate * DURATION * 1e18) / 1000e18, "the stream paid in full, on time");
        // The queue then streams from the end of the first stream, over a whole period.
        uint256 queued = pushes * size;
        if (queued >= DURATION) {
            assertEq(gopen.periodFinish(), finish + DURATION, "the next stream starts at the end");
            assertEq(gopen.rewardRate(), queued / DURATION, "at the queue's rate");
        }
    }

    /// @dev A staker who arrives after a push earns only from its arrival on: with equal stakes, the early staker has
    /// the first `arrival` seconds alone and half of the rest; the late one half of the rest.
    function testFuzz_stakerArrivingAfterAPush_earnsOnlyFromItsArrival(uint256 stake, uint256 arrival) public {
        stake = bound(stake, 1e18, FUNDS / 2);
        arrival = bound(arrival, 1, DURATION);
        vm.prank(LONG_STAKER);
        gopen.stake(stake);
        vm.prank(PUSHER);
        gopen.addRewards(7200e18);
        uint256 rate = 2e18;
        vm.warp(block.timestamp + arrival);
        vm.prank(BOB);
        gopen.stake(stake);
        assertEq(gopen.earned(BOB), 0, "nothing of what streamed before its arrival");
        vm.warp(block.timestamp + DURATION);

        uint256 late = gopen.earned(BOB);
        uint256 early = gopen.earned(LONG_STAKER);
        uint256 rounding = (2 * stake) / 1e18 + 3;
        assertLe(_diff(late, ((DURATION - arrival) * rate) / 2), rounding, "late: half of what streamed after it");
        assertLe(_diff(early, arrival * rate + ((DURATION - arrival) * rate) / 2), rounding, "early: the rest");
    }

    function _settle(uint256 units) private {
        vm.prank(PAYER);
        settlement.settle(modelId, units, type(uint256).max, keccak256(abi.encode(units)), bytes32(0));
    }

    function _diff(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a - b : b - a;
    }
}
