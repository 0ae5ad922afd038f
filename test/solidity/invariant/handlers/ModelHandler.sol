// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IDatanetRegistry } from "../../../../contracts/interfaces/IDatanetRegistry.sol";
import { IErrors } from "../../../../contracts/interfaces/IErrors.sol";
import { IModelRegistry } from "../../../../contracts/interfaces/IModelRegistry.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";
import { BaseHandler } from "./BaseHandler.sol";

/// @notice Drives model builders: register a model with or without a parent on the latest versions of its datanets
/// (one at the lineage limit, or on a datanet without a version, must be refused), publish versions that keep or move
/// the datanet versions (also as someone who is not the owner, or with faulty versions), and transfer the model NFT.
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
        IModelRegistry.TrainingDatanet[] memory set = _trainingSet(setSeed, datanetCount);
        bytes4 expected =
            parentId != 0 && models.lineage(parentId).length + 1 > models.maxLineageDepth()
                ? IModelRegistry.LineageTooDeep.selector
                : bytes4(0);
        // Each datanet is named at its latest version: one that published none yet must be refused.
        for (uint256 i; i < set.length && expected == bytes4(0); ++i) {
            if (set[i].version == 0) expected = IDatanetRegistry.UnknownDatanetVersion.selector;
        }
        IModelRegistry.ModelParams memory p = IModelRegistry.ModelParams({
            cardURI: "ipfs://card",
            weightsHash: keccak256(abi.encode("weights", store.nextNonce())),
            weightsURI: "ipfs://weights",
            parentId: parentId,
            datanets: set,
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

    /// @notice Its owner publishes a version: one call in three keeps the datanet versions in force, the others move
    /// each training datanet to a random published version at or after the one in force. One call in eight names a
    /// version before the one in force (refused with DatanetVersionRegressed), one in eight a list of the wrong length
    /// (TrainingVersionsMismatch), one in eight an unpublished version (UnknownDatanetVersion); one call in four comes
    /// from another actor and must be refused.
    function publishVersion(uint256 modelSeed, uint256 callerSeed, uint256 movesSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address owner = models.ownerOf(modelId);
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed >> 2) : owner;
        (uint256[] memory moves, bytes4 expected) = _moves(modelId, movesSeed);
        if (caller != owner) expected = IErrors.NotModelOwner.selector;
        bytes32 weightsHash = keccak256(abi.encode("version", store.nextNonce()));
        uint256 index = models.model(modelId).versionCount;
        vm.prank(caller);
        try models.publishVersion(modelId, weightsHash, "ipfs://weights", moves) returns (uint256 published) {
            if (!_succeededAgainst("publishVersion", expected)) return;
            if (published != index) _surprise("publishVersion index", abi.encode(published));
            uint256[] memory stored = models.version(modelId, published).datanetVersions;
            IModelRegistry.TrainingDatanet[] memory set = models.trainingSet(modelId);
            for (uint256 i; i < set.length; ++i) {
                if (stored[i] != set[i].version || (moves.length != 0 && stored[i] != moves[i])) {
                    _surprise("publishVersion versions", abi.encode(i, stored[i]));
                }
            }
            if (moves.length != 0) _done("publishVersion.moved");
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

    /// @dev The datanet versions of a new version of `modelId` and the error it must be refused with (0 for none):
    /// empty, or each datanet at a random version from the one in force to its latest, or one fault of `seed`'s choice.
    function _moves(uint256 modelId, uint256 seed) private view returns (uint256[] memory moves, bytes4 expected) {
        if (seed % 3 == 0) return (moves, bytes4(0));
        IModelRegistry.TrainingDatanet[] memory set = models.trainingSet(modelId);
        uint256 n = set.length;
        uint256 fault = (seed >> 2) % 8;
        if (fault == 0) return (new uint256[](n + 1), IModelRegistry.TrainingVersionsMismatch.selector);
        moves = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 current = set[i].version;
            uint256 latest = datanets.versionCount(set[i].datanetId);
            moves[i] = current + (uint256(keccak256(abi.encode(seed, i))) % (latest - current + 1));
        }
        uint256 k = (seed >> 5) % n;
        if (fault == 1 && set[k].version > 1) {
            // The entries before k are valid, so the regress of entry k is the first fault met.
            moves[k] = set[k].version - 1;
            expected = IModelRegistry.DatanetVersionRegressed.selector;
        } else if (fault == 2) {
            moves[k] = datanets.versionCount(set[k].datanetId) + 1;
            expected = IDatanetRegistry.UnknownDatanetVersion.selector;
        }
    }

    /// @dev One to three distinct datanets of the `count` that exist, each at its latest version (0 for a datanet
    /// without one), with weights summing to 10,000.
    function _trainingSet(
        uint256 seed,
        uint256 count
    ) private view returns (IModelRegistry.TrainingDatanet[] memory set) {
        uint256 n = 1 + (seed % _min(3, count));
        uint256 start = (seed >> 8) % count;
        set = new IModelRegistry.TrainingDatanet[](n);
        uint256 left = 10_000;
        for (uint256 i; i < n; ++i) {
            uint256 weight = i + 1 == n ? left : 1 + (uint256(keccak256(abi.encode(seed, i))) % (left - (n - 1 - i)));
            left -= weight;
            uint256 id = 1 + ((start + i) % count);
            set[i] = IModelRegistry.TrainingDatanet(id, datanets.versionCount(id), weight);
        }
    }
}
