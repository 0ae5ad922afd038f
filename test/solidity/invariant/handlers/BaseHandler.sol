// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";
import { OpenAccessManager } from "../../../../contracts/governance/OpenAccessManager.sol";
import { OpenGovernor } from "../../../../contracts/governance/OpenGovernor.sol";
import { OpenTimelock } from "../../../../contracts/governance/OpenTimelock.sol";
import { IModelRegistry } from "../../../../contracts/interfaces/IModelRegistry.sol";
import { DatanetRegistry } from "../../../../contracts/registry/DatanetRegistry.sol";
import { ModelRegistry } from "../../../../contracts/registry/ModelRegistry.sol";
import { Settlement } from "../../../../contracts/settlement/Settlement.sol";
import { StakedOpen } from "../../../../contracts/staking/StakedOpen.sol";
import { OpenToken } from "../../../../contracts/token/OpenToken.sol";
import { TestBase } from "../../utils/TestBase.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";

/// @notice What every system handler has: the suite, the shared store, the outcome bookkeeping and time.
/// A handler never reverts to report a problem (the invariant runner ignores reverts): it predicts every call's
/// outcome from the state beforehand, and a call that ends otherwise is reported to the store as a surprise.
/// Note for every action: `vm.prank` applies to the next call, a call to the store included, so that everything read
/// from the store is read before the prank.
abstract contract BaseHandler is TestBase {
    OpenToken public immutable open;
    StakedOpen public immutable gopen;
    DatanetRegistry public immutable datanets;
    ModelRegistry public immutable models;
    Settlement public immutable settlement;
    OpenGovernor public immutable governor;
    OpenTimelock public immutable timelock;
    OpenAccessManager public immutable manager;
    address public immutable guardian;
    address public immutable treasury;
    address public immutable deployer;
    SystemStore public immutable store;

    constructor(System memory s, SystemStore store_) {
        open = s.open;
        gopen = s.gopen;
        datanets = s.datanets;
        models = s.models;
        settlement = s.settlement;
        governor = s.governor;
        timelock = s.timelock;
        manager = s.manager;
        guardian = s.guardian;
        treasury = s.treasury;
        deployer = s.deployer;
        store = store_;
    }

    // ─── Time ────────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Lets time pass: half the calls up to 15 minutes (inside a challenge window or a vote), half up to six
    /// hours.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, seconds_ % 2 == 0 ? 15 minutes : 6 hours));
        _done("warp");
    }

    // ─── Settlement ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Everything credited by settlements and not yet paid out: pools, model revenue and datanet accruals.
    function _creditsTotal() internal view returns (uint256 total) {
        total = settlement.treasuryAccrued() + settlement.stakersAccrued();
        uint256 modelCount = models.modelCount();
        for (uint256 m = 1; m <= modelCount; ++m) total += settlement.modelRevenue(m);
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) total += settlement.accrued(d);
    }

    /// @dev The revenue of every model that governance suspended: no settlement may add to it (a suspended parent's
    /// lineage royalty stays with its child's datanets).
    function _suspendedRevenue() internal view returns (uint256 total) {
        uint256 modelCount = models.modelCount();
        for (uint256 m = 1; m <= modelCount; ++m) {
            if (models.model(m).suspended) total += settlement.modelRevenue(m);
        }
    }

    /// @dev Why settling `modelId` must be refused now, if it must.
    function _settleRefusal(uint256 modelId) internal view returns (bytes4) {
        if (settlement.paused()) return Pausable.EnforcedPause.selector;
        if (models.model(modelId).suspended) return IModelRegistry.ModelIsSuspended.selector;
        return bytes4(0);
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    function _actor(uint256 seed) internal view returns (address) {
        return store.actor(seed);
    }

    function _attestor(uint256 seed) internal view returns (address) {
        return store.attestor(seed);
    }

    function _datanet(uint256 seed) internal view returns (uint256) {
        uint256 count = datanets.datanetCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }

    function _model(uint256 seed) internal view returns (uint256) {
        uint256 count = models.modelCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }

    function _done(bytes32 action) internal {
        store.done(action);
    }

    function _surprise(string memory action, bytes memory reason) internal {
        store.surprise(action, reason);
    }

    /// @dev A call the handler expected to be refused with `expected` was refused with `reason`.
    function _refused(string memory action, bytes memory reason, bytes4 expected) internal {
        if (reason.length < 4 || bytes4(reason) != expected) _surprise(action, reason);
        else _done(bytes32(bytes(string.concat(action, ".refused"))));
    }

    /// @dev Ends a call predicted to succeed (`expected` 0) or to be refused with `expected`, which succeeded.
    function _succeededAgainst(string memory action, bytes4 expected) internal returns (bool asPredicted) {
        if (expected != bytes4(0)) {
            _surprise(string.concat(action, " was not refused"), abi.encodePacked(expected));
            return false;
        }
        _done(bytes32(bytes(action)));
        return true;
    }

    /// @dev Ends a call predicted to succeed (`expected` 0) or to be refused with `expected`, which reverted.
    function _revertedAgainst(string memory action, bytes memory reason, bytes4 expected) internal {
        if (expected == bytes4(0)) _surprise(action, reason);
        else _refused(action, reason, expected);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
