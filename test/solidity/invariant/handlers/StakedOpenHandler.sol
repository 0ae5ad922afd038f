// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { StakedOpen } from "../../../../contracts/staking/StakedOpen.sol";
import { OpenToken } from "../../../../contracts/token/OpenToken.sol";
import { TestBase } from "../../utils/TestBase.sol";

/// @notice Drives gOPEN and OPEN through random sequences of actions by a few actors: stake (dust or large),
/// request withdrawals, withdraw (waiting out the cooldown), delegate, claim rewards, add rewards, burn OPEN and let
/// time pass. Inputs are bounded to what each actor holds, so that almost every call does something. It keeps its own
/// account (ghost state) of what moved, for the invariants to compare with. Rewards stream: when time passes, it checks
/// that each staker earned its stake × the time × the rate over the supply, and that nothing streamed below the
/// minimum supply; any break is counted in `ghostStreamBreaks`.
contract StakedOpenHandler is TestBase {
    /// @notice OPEN each actor starts with.
    uint256 public constant FUNDS = 10_000_000e18;

    OpenToken public immutable open;
    StakedOpen public immutable gopen;

    address[] private _actors;

    /// @notice OPEN burnt through `burn`.
    uint256 public ghostBurnt;
    /// @notice OPEN added as rewards, and paid out by claims.
    uint256 public ghostRewardsAdded;
    uint256 public ghostRewardsClaimed;
    /// @notice OPEN staked, and paid back by withdrawals.
    uint256 public ghostStaked;
    uint256 public ghostWithdrawn;
    /// @notice How many times time passed with a stake × time check (stream running, supply at the minimum).
    uint256 public ghostProportionalChecks;
    /// @notice How many times a stream check failed: an actor's earnings not its stake × time share, or rewards
    /// streamed (or a stream's end not moved) while the supply was below the minimum.
    uint256 public ghostStreamBreaks;
    /// @notice Handler calls so far: each may round at most one unit away from an account.
    uint256 public ghostCalls;
    /// @dev The largest supply seen so far: every division of the stream happened at a supply the handler saw, and its
    /// carry (still to be spread) is below that supply.
    uint256 private _maxSupplySeen;
    /// @notice How many times each action ran to the end (to see that the runs do something).
    mapping(bytes32 action => uint256) public calls;

    constructor(OpenToken open_, StakedOpen gopen_, address[] memory actors_) {
        open = open_;
        gopen = gopen_;
        _actors = actors_;
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Stakes part of the actor's OPEN: a quarter of the calls stake dust (at most 2 OPEN), so that the
    /// supply often sits around MIN_DISTRIBUTION_SUPPLY.
    function stake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 held = open.balanceOf(actor);
        if (held == 0) return;
        uint256 cap = amount % 4 == 0 ? _min(held, 2e18) : held;
        amount = bound(amount, 1, cap);
        _maxSupplySeen = _max(_maxSupplySeen, gopen.totalSupply());
        vm.prank(actor);
        gopen.stake(amount);
        _maxSupplySeen = _max(_maxSupplySeen, gopen.totalSupply());
        ghostStaked += amount;
        ++calls["stake"];
        ++ghostCalls;
    }

    function requestWithdrawal(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 staked = gopen.balanceOf(actor);
        if (staked == 0) return;
        amount = bound(amount, 1, staked);
        _maxSupplySeen = _max(_maxSupplySeen, gopen.totalSupply());
        vm.prank(actor);
        gopen.requestWithdrawal(amount);
        ++calls["requestWithdrawal"];
        ++ghostCalls;
    }

    /// @notice Withdraws, waiting out the cooldown first if needed.
    function withdraw(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        (uint256 pending, uint256 readyAt) = gopen.pendingWithdrawal(actor);
        if (pending == 0) return;
        if (block.timestamp < readyAt) vm.warp(readyAt);
        vm.prank(actor);
        gopen.withdraw();
        ghostWithdrawn += pending;
        ++calls["withdraw"];
        ++ghostCalls;
    }

    function delegate(uint256 actorSeed, uint256 delegateeSeed) external {
        address actor = _actor(actorSeed);
        vm.prank(actor);
        gopen.delegate(_actor(delegateeSeed));
        ++calls["delegate"];
        ++ghostCalls;
    }

    function claimRewards(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        uint256 earned = gopen.earned(actor);
        if (earned == 0) return;
        vm.prank(actor);
        gopen.claimRewards();
        ghostRewardsClaimed += earned;
        ++calls["claimRewards"];
        ++ghostCalls;
    }

    /// @notice Adds rewards from an actor: from one unit (all carry) to a large amount.
    function addRewards(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 held = open.balanceOf(actor);
        if (held == 0) return;
        uint256 cap = amount % 3 == 0 ? _min(held, 1e6) : _min(held, 100_000e18);
        amount = bound(amount, 1, cap);
        vm.prank(actor);
        gopen.addRewards(amount);
        ghostRewardsAdded += amount;
        ++calls["addRewards"];
        ++ghostCalls;
    }

    function burn(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 held = open.balanceOf(actor);
        if (held == 0) return;
        amount = bound(amount, 1, _min(held, 1_000_000e18));
        vm.prank(actor);
        open.burn(amount);
        ghostBurnt += amount;
        ++calls["burn"];
        ++ghostCalls;
    }

    /// @notice Lets time pass (a third of the calls by a few seconds, within a stream), checking the stream across it.
    function passTime(uint256 seconds_) external {
        uint256 dt = seconds_ % 3 == 0 ? bound(seconds_, 1, 60) : bound(seconds_, 1, 2 days);
        uint256 n = _actors.length;
        uint256[] memory before = new uint256[](n);
        for (uint256 i; i < n; ++i) before[i] = gopen.earned(_actors[i]);
        uint256 supply = gopen.totalSupply();
        uint256 rate = gopen.rewardRate();
        uint256 finish = gopen.periodFinish();
        uint256 rptBefore = gopen.rewardPerToken();

        vm.warp(block.timestamp + dt);

        uint256 rpt = gopen.rewardPerToken();
        if (supply < gopen.MIN_DISTRIBUTION_SUPPLY()) {
            // Paused: nothing streams, and a running stream's end moves by the idle time.
            if (rpt != rptBefore) ++ghostStreamBreaks;
            if (rate != 0 && gopen.periodFinish() != finish + dt) ++ghostStreamBreaks;
        } else if (block.timestamp <= finish) {
            // Within one stream: the reward per token grew by rate·dt over the supply, plus what the carry adds. The
            // carry is below the supply of the division that left it, which may be any earlier, larger supply (a carry
            // survives supply changes while nothing streams): after a fall of the supply, it can add more than one unit.
            uint256 exact = (rate * dt * 1e18) / supply;
            uint256 carryUnits = _max(_maxSupplySeen, supply) / supply + 1;
            if (rpt < rptBefore + exact || rpt > rptBefore + exact + carryUnits) ++ghostStreamBreaks;
            for (uint256 i; i < n; ++i) {
                uint256 balance = gopen.balanceOf(_actors[i]);
                uint256 share = (balance * rate * dt) / supply;
                uint256 grew = gopen.earned(_actors[i]) - before[i];
                // Rounding: the reward per token is within `carryUnits` of exact (balance/1e18 of OPEN units each),
                // and each accrual is floored (one unit each side).
                uint256 slack = (balance * carryUnits) / 1e18 + 2;
                if (grew > share + slack || share > grew + slack) ++ghostStreamBreaks;
            }
            ++ghostProportionalChecks;
        }
        ++calls["passTime"];
        ++ghostCalls;
    }

    // ─── Views for the invariants ────────────────────────────────────────────────────────────────────────────────

    function actorCount() external view returns (uint256) {
        return _actors.length;
    }

    function actorAt(uint256 index) external view returns (address) {
        return _actors[index];
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % _actors.length];
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    function _max(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a : b;
    }
}
