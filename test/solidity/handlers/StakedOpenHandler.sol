// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { StakedOpen } from "../../../contracts/staking/StakedOpen.sol";
import { OpenToken } from "../../../contracts/token/OpenToken.sol";
import { TestBase } from "../utils/TestBase.sol";

/// @notice Drives gOPEN and OPEN through random sequences of actions by a few actors: stake (dust or large),
/// request withdrawals, withdraw (waiting out the cooldown), delegate, claim rewards, add rewards, burn OPEN and let
/// time pass. Inputs are bounded to what each actor holds, so that almost every call does something. It keeps its own
/// account (ghost state) of what moved, for the invariants to compare with.
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
        vm.prank(actor);
        gopen.stake(amount);
        ghostStaked += amount;
        ++calls["stake"];
    }

    function requestWithdrawal(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 staked = gopen.balanceOf(actor);
        if (staked == 0) return;
        amount = bound(amount, 1, staked);
        vm.prank(actor);
        gopen.requestWithdrawal(amount);
        ++calls["requestWithdrawal"];
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
    }

    function delegate(uint256 actorSeed, uint256 delegateeSeed) external {
        address actor = _actor(actorSeed);
        vm.prank(actor);
        gopen.delegate(_actor(delegateeSeed));
        ++calls["delegate"];
    }

    function claimRewards(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        uint256 earned = gopen.earned(actor);
        if (earned == 0) return;
        vm.prank(actor);
        gopen.claimRewards();
        ghostRewardsClaimed += earned;
        ++calls["claimRewards"];
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
    }

    function passTime(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 days));
        ++calls["passTime"];
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
}
