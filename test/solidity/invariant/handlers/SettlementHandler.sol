// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IErrors } from "../../../../contracts/interfaces/IErrors.sol";
import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";
import { IModelRegistry } from "../../../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../../../contracts/interfaces/ISettlement.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";
import { BaseHandler } from "./BaseHandler.sol";

/// @notice Drives payers and the pools: single and batch settlement across models (one call in eight above the
/// payer's cap), pushing the stakers' pool, paying the treasury, and model owners withdrawing revenue. Each settlement
/// checks that exactly the fee was credited, and none of it to a suspended model.
contract SettlementHandler is BaseHandler {
    constructor(System memory s, SystemStore store_) BaseHandler(s, store_) {}

    /// @notice Settles `units` inferences of one model; one call in eight caps the fee one unit too low.
    function settle(uint256 payerSeed, uint256 modelSeed, uint256 units, uint256 capSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address payer = _actor(payerSeed);
        uint256 price = models.model(modelId).price;
        units = bound(units, 1, 1_000);
        if (price * units > open.balanceOf(payer)) units = 1;
        uint256 fee = price * units;
        if (fee > open.balanceOf(payer)) return;
        uint256 maxFee = capSeed % 8 == 0 ? fee - 1 : fee + (capSeed % 1_000);
        bytes4 expected = _settleRefusal(modelId);
        if (expected == bytes4(0) && maxFee < fee) expected = ISettlement.FeeAboveCap.selector;
        uint256 credits = _creditsTotal();
        uint256 frozen = _suspendedRevenue();
        bytes32 inferenceId = bytes32(store.nextNonce());
        vm.prank(payer);
        try settlement.settle(modelId, units, maxFee, inferenceId, keccak256(abi.encode(capSeed))) returns (
            uint256 paid
        ) {
            if (_succeededAgainst("settle", expected) && (paid != fee || _creditsTotal() != credits + fee)) {
                _surprise("settle credits", abi.encode(paid, fee));
            }
            if (_suspendedRevenue() != frozen) _surprise("settle credited a suspended model", "");
        } catch (bytes memory reason) {
            _revertedAgainst("settle", reason, expected);
        }
    }

    /// @notice Settles one to six inferences of any models in one call.
    function settleBatch(uint256 payerSeed, uint256 seed, uint256 count) external {
        uint256 modelCount = models.modelCount();
        if (modelCount == 0) return;
        address payer = _actor(payerSeed);
        count = bound(count, 1, 6);
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](count);
        uint256 total;
        bytes4 expected = settlement.paused() ? Pausable.EnforcedPause.selector : bytes4(0);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 modelId = 1 + (r % modelCount);
            uint256 units = 1 + ((r >> 8) % 50);
            batch[i] = ISettlement.Inference(modelId, units, type(uint256).max, bytes32(r), bytes32(seed));
            total += models.model(modelId).price * units;
            if (expected == bytes4(0)) expected = _settleRefusal(modelId);
        }
        if (total > open.balanceOf(payer)) return;
        uint256 credits = _creditsTotal();
        uint256 frozen = _suspendedRevenue();
        vm.prank(payer);
        try settlement.settleBatch(batch) returns (uint256 paid) {
            if (_succeededAgainst("settleBatch", expected) && (paid != total || _creditsTotal() != credits + total)) {
                _surprise("settleBatch credits", abi.encode(paid, total));
            }
            if (_suspendedRevenue() != frozen) _surprise("settleBatch credited a suspended model", "");
        } catch (bytes memory reason) {
            _revertedAgainst("settleBatch", reason, expected);
        }
    }

    function pushStakerRewards() external {
        uint256 amount = settlement.stakersAccrued();
        bytes4 expected = amount == 0 ? ISettlement.NothingToWithdraw.selector : bytes4(0);
        uint256 reserve = gopen.rewardsReserve();
        try settlement.pushStakerRewards() {
            if (_succeededAgainst("pushStakerRewards", expected) && gopen.rewardsReserve() != reserve + amount) {
                _surprise("pushStakerRewards reserve", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("pushStakerRewards", reason, expected);
        }
    }

    function payTreasury() external {
        uint256 amount = settlement.treasuryAccrued();
        bytes4 expected = amount == 0 ? ISettlement.NothingToWithdraw.selector : bytes4(0);
        uint256 before = open.balanceOf(treasury);
        try settlement.payTreasury() {
            if (_succeededAgainst("payTreasury", expected) && open.balanceOf(treasury) != before + amount) {
                _surprise("payTreasury paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("payTreasury", reason, expected);
        }
    }

    /// @notice The model's owner withdraws its revenue to an actor; one call in four comes from another actor and
    /// must be refused with NotModelOwner, and a model suspended by governance must be refused with ModelIsSuspended.
    function withdrawModelRevenue(uint256 modelSeed, uint256 toSeed, uint256 callerSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address owner = models.ownerOf(modelId);
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed >> 2) : owner;
        address to = _actor(toSeed);
        uint256 amount = settlement.modelRevenue(modelId);
        bytes4 expected =
            caller != owner
                ? IErrors.NotModelOwner.selector
                : models.model(modelId).suspended
                    ? IModelRegistry.ModelIsSuspended.selector
                    : (amount == 0 ? ISettlement.NothingToWithdraw.selector : bytes4(0));
        uint256 before = open.balanceOf(to);
        vm.prank(caller);
        try settlement.withdrawModelRevenue(modelId, to) {
            if (_succeededAgainst("withdrawModelRevenue", expected) && open.balanceOf(to) != before + amount) {
                _surprise("withdrawModelRevenue paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("withdrawModelRevenue", reason, expected);
        }
    }
}
