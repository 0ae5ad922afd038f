// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IErrors } from "../../../../contracts/interfaces/IErrors.sol";
import { IModelRegistry } from "../../../../contracts/interfaces/IModelRegistry.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";
import { BaseHandler } from "./BaseHandler.sol";

/// @notice Drives model builders: register a model with or without a parent (one at the lineage limit must be
/// refused), publish versions (also as someone who is not the owner), and transfer the model NFT.
contract ModelHandler is BaseHandler {
    uint256 public constant MAX_MODELS = 8;

    constructor(System memory s, SystemStore store_) BaseHandler(s, store_) {}

    /// @notice Registers a model trained on one to three datanets, with a parent two calls in three; a parent already
    /// at the lineage limit must be refused with LineageTooDeep.
    function registerModel(
        uint256 actorSeed,
        uint256 parentSeed,
        uint256 setSeed,
        uint256 price,
        uint256 ownerBps
    ) external {
        uint256 count = models.modelCount();
        uint256 datanetCount = datanets.datanetCount();
        if (count >= MAX_MODELS || datanetCount == 0) return;
        address owner = _actor(actorSeed);
        if (open.balanceOf(owner) < models.publishFee()) return;
        uint256 parentId = parentSeed % 3 == 0 || count == 0 ? 0 : 1 + ((parentSeed >> 2) % count);
        bytes4 expected =
            parentId != 0 && models.lineage(parentId).length + 1 > models.maxLineageDepth()
                ? IModelRegistry.LineageTooDeep.selector
                : bytes4(0);
        IModelRegistry.ModelParams memory p = IModelRegistry.ModelParams({
            cardURI: "ipfs://card",
            weightsHash: keccak256(abi.encode("weights", store.nextNonce())),
            weightsURI: "ipfs://weights",
            parentId: parentId,
            datanets: _trainingSet(setSeed, datanetCount),
            price: bound(price, 1, 1e18),
            ownerBps: bound(ownerBps, 0, 10_000 - models.minDataBps())
        });
        vm.prank(owner);
        try models.registerModel(p) returns (uint256 id) {
            if (_succeededAgainst("registerModel", expected) && id != count + 1) _surprise("registerModel id", "");
        } catch (bytes memory reason) {
            _revertedAgainst("registerModel", reason, expected);
        }
    }

    /// @notice Its owner publishes a version; one call in four comes from another actor and must be refused.
    function publishVersion(uint256 modelSeed, uint256 callerSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address owner = models.ownerOf(modelId);
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed >> 2) : owner;
        bytes4 expected = caller == owner ? bytes4(0) : IErrors.NotModelOwner.selector;
        bytes32 weightsHash = keccak256(abi.encode("version", store.nextNonce()));
        vm.prank(caller);
        try models.publishVersion(modelId, weightsHash, "ipfs://weights") {
            _succeededAgainst("publishVersion", expected);
        } catch (bytes memory reason) {
            _revertedAgainst("publishVersion", reason, expected);
        }
    }

    /// @notice Its owner hands the model NFT to another actor: the revenue not yet withdrawn goes with it.
    function transferModel(uint256 modelSeed, uint256 toSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address owner = models.ownerOf(modelId);
        uint256 revenue = settlement.modelRevenue(modelId);
        address to = _actor(toSeed);
        vm.prank(owner);
        models.safeTransferFrom(owner, to, modelId);
        if (models.ownerOf(modelId) != to || settlement.modelRevenue(modelId) != revenue) {
            _surprise("transferModel", "");
        }
        _done("transferModel");
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev One to three distinct datanets of the `count` that exist, with weights summing to 10,000.
    function _trainingSet(
        uint256 seed,
        uint256 count
    ) private pure returns (IModelRegistry.TrainingDatanet[] memory set) {
        uint256 n = 1 + (seed % _min(3, count));
        uint256 start = (seed >> 8) % count;
        set = new IModelRegistry.TrainingDatanet[](n);
        uint256 left = 10_000;
        for (uint256 i; i < n; ++i) {
            uint256 weight = i + 1 == n ? left : 1 + (uint256(keccak256(abi.encode(seed, i))) % (left - (n - 1 - i)));
            left -= weight;
            set[i] = IModelRegistry.TrainingDatanet(1 + ((start + i) % count), weight);
        }
    }
}
