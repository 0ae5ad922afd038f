// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IStakedOpen } from "../../../../contracts/interfaces/IStakedOpen.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";
import { BaseHandler } from "./BaseHandler.sol";

/// @notice Drives the stakers and token holders: stake, delegate, request and withdraw, claim rewards, burn OPEN.
/// Payouts check the exact amounts that moved.
contract StakingHandler is BaseHandler {
    constructor(System memory s, SystemStore store_) BaseHandler(s, store_) {}

    /// @notice Stakes part of the actor's OPEN; a quarter of the calls stake dust (at most 2 OPEN).
    function stake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 held = open.balanceOf(actor);
        if (held == 0) return;
        amount = bound(amount, 1, amount % 4 == 0 ? _min(held, 2e18) : _min(held, 500_000e18));
        vm.prank(actor);
        try gopen.stake(amount) {
            _done("stake");
        } catch (bytes memory reason) {
            _surprise("stake", reason);
        }
    }

    function delegate(uint256 actorSeed, uint256 delegateeSeed) external {
        address actor = _actor(actorSeed);
        address delegatee = _actor(delegateeSeed);
        vm.prank(actor);
        gopen.delegate(delegatee);
        _done("delegate");
    }

    function requestWithdrawal(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 staked = gopen.balanceOf(actor);
        if (staked == 0) return;
        amount = bound(amount, 1, staked);
        vm.prank(actor);
        try gopen.requestWithdrawal(amount) {
            _done("requestWithdrawal");
        } catch (bytes memory reason) {
            _surprise("requestWithdrawal", reason);
        }
    }

    /// @notice Withdraws; before the cooldown is over it must be refused, unless it ends within a day (then the actor
    /// waits for it).
    function withdraw(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        (uint256 pending, uint256 readyAt) = gopen.pendingWithdrawal(actor);
        bytes4 expected = pending == 0 ? IStakedOpen.NoPendingWithdrawal.selector : bytes4(0);
        if (pending != 0 && block.timestamp < readyAt) {
            if (readyAt - block.timestamp <= 1 days) vm.warp(readyAt);
            else expected = IStakedOpen.WithdrawalNotReady.selector;
        }
        uint256 before = open.balanceOf(actor);
        vm.prank(actor);
        try gopen.withdraw() {
            if (_succeededAgainst("withdraw", expected) && open.balanceOf(actor) != before + pending) {
                _surprise("withdraw paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("withdraw", reason, expected);
        }
    }

    function claimRewards(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        uint256 earned = gopen.earned(actor);
        bytes4 expected = earned == 0 ? IStakedOpen.NoRewards.selector : bytes4(0);
        uint256 before = open.balanceOf(actor);
        vm.prank(actor);
        try gopen.claimRewards() {
            if (_succeededAgainst("claimRewards", expected) && open.balanceOf(actor) != before + earned) {
                _surprise("claimRewards paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("claimRewards", reason, expected);
        }
    }

    function burn(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 held = open.balanceOf(actor);
        if (held == 0) return;
        amount = bound(amount, 1, _min(held, 100_000e18));
        vm.prank(actor);
        open.burn(amount);
        store.addBurnt(amount);
        _done("burn");
    }
}
