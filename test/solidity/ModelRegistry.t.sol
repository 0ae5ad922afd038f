// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { TrainingSet } from "../../contracts/libraries/TrainingSet.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice Fuzz tests of the ModelRegistry's rules: training weights, the owner split against the floor on the data
/// share, the lineage depth limit, and the packing of training sets.
contract ModelRegistryTest is SuiteBase {
    uint256 private constant BPS = 10_000;
    uint256 private constant DATANETS = 11;
    address private constant BUILDER = address(0xB11D);

    uint256[DATANETS] private _datanetIds;

    function setUp() public {
        _deploySuite();
        for (uint256 i; i < DATANETS; ++i) {
            _datanetIds[i] = datanets.createDatanet("ipfs://datanet", false, 0, address(this));
            _publishDatanetVersion(_datanetIds[i]);
        }
    }

    // ─── Training weights ────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_registerModel_acceptsAnyWeightsSummingToTotal(
        uint256 countSeed,
        uint256[10] memory seeds
    ) public {
        uint256 n = bound(countSeed, 1, 10);
        IModelRegistry.TrainingDatanet[] memory set = _weightsSummingToTotal(n, seeds);

        uint256 modelId = _register(set, 0, 5000);

        IModelRegistry.ModelView memory m = models.model(modelId);
        assertEq(m.datanets.length, n, "stored count");
        IModelRegistry.Terms memory t = models.settlementTerms(modelId);
        assertEq(t.datanetCount, n, "terms count");
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            assertEq(m.datanets[i].datanetId, set[i].datanetId, "stored id");
            assertEq(m.datanets[i].weightBps, set[i].weightBps, "stored weight");
            assertEq(m.datanets[i].version, set[i].version, "stored version");
            (uint256 id, uint256 bps) = TrainingSet.at(t.datanets, i);
            assertEq(id, set[i].datanetId, "packed id");
            assertEq(bps, set[i].weightBps, "packed weight");
            sum += bps;
        }
        assertEq(sum, BPS, "sum");
        if (n <= TrainingSet.PER_WORD) assertEq(t.datanets[1], 0, "second word unused");
    }

    function testFuzz_registerModel_refusesAnyOtherSum(uint256 countSeed, uint256[10] memory seeds) public {
        uint256 n = bound(countSeed, 1, 10);
        IModelRegistry.TrainingDatanet[] memory set = new IModelRegistry.TrainingDatanet[](n);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            set[i] = IModelRegistry.TrainingDatanet(_datanetIds[i], 1, bound(seeds[i], 1, 2 * BPS));
            sum += set[i].weightBps;
        }
        // Move an exact total off by one.
        if (sum == BPS) {
            set[n - 1].weightBps += 1;
        }
        // The registry refuses at the first partial sum above the total, or at the end with the full sum.
        uint256 expected;
        for (uint256 i; i < n; ++i) {
            expected += set[i].weightBps;
            if (expected > BPS) break;
        }

        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SplitNotTotal.selector, expected));
        _register(set, 0, 5000);
    }

    function testFuzz_registerModel_refusesAZeroWeight(
        uint256 countSeed,
        uint256 zeroSeed,
        uint256[10] memory seeds
    ) public {
        uint256 n = bound(countSeed, 2, 10);
        IModelRegistry.TrainingDatanet[] memory set = _weightsSummingToTotal(n, seeds);
        uint256 zeroAt = bound(zeroSeed, 0, n - 1);
        set[zeroAt].weightBps = 0;

        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ZeroDatanetWeight.selector, set[zeroAt].datanetId));
        _register(set, 0, 5000);
    }

    // ─── Owner split vs floor ────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_registerModel_ownerSplitAgainstFloor(uint256 ownerBps, uint256 floor) public {
        floor = bound(floor, 0, BPS);
        ownerBps = bound(ownerBps, 0, BPS + 2000);
        settlement.setMinDataBps(floor);

        _expectSplitRevert(ownerBps, floor);
        uint256 modelId = _register(_single(_datanetIds[0]), 0, ownerBps);

        if (_splitAllowed(ownerBps, floor)) {
            assertEq(models.model(modelId).ownerBps, ownerBps, "stored share");
            assertEq(models.settlementTerms(modelId).ownerBps, ownerBps, "terms share");
        }
    }

    function testFuzz_setSplit_ownerSplitAgainstFloor(uint256 ownerBps, uint256 floor) public {
        uint256 modelId = _register(_single(_datanetIds[0]), 0, 0);
        floor = bound(floor, 0, BPS);
        ownerBps = bound(ownerBps, 0, BPS + 2000);
        settlement.setMinDataBps(floor);

        _expectSplitRevert(ownerBps, floor);
        vm.prank(BUILDER);
        models.setSplit(modelId, ownerBps);

        uint256 stored = models.model(modelId).ownerBps;
        assertEq(stored, _splitAllowed(ownerBps, floor) ? ownerBps : 0, "stored share");
    }

    function testFuzz_settlementTerms_clampsOwnerShareToRaisedFloor(uint256 ownerBps, uint256 newFloor) public {
        ownerBps = bound(ownerBps, 0, BPS - 3000);
        newFloor = bound(newFloor, 0, BPS);
        uint256 modelId = _register(_single(_datanetIds[0]), 0, ownerBps);

        settlement.setMinDataBps(newFloor);

        uint256 cap = BPS - newFloor;
        uint256 expected = ownerBps < cap ? ownerBps : cap;
        assertEq(models.settlementTerms(modelId).ownerBps, expected, "settlement share");
        assertEq(models.royaltyTerms(modelId).ownerBps, expected, "royalty share");
        assertEq(models.model(modelId).ownerBps, ownerBps, "stored share untouched");
        assertLe(models.settlementTerms(modelId).ownerBps + newFloor, BPS, "data keeps its floor");
    }

    // ─── Lineage depth vs limit ──────────────────────────────────────────────────────────────────────────────────

    function testFuzz_registerModel_lineageDepthAgainstLimit(uint256 limit, uint256 length) public {
        limit = bound(limit, 0, models.LINEAGE_DEPTH_CAP());
        length = bound(length, 1, models.LINEAGE_DEPTH_CAP() + 2);
        models.setMaxLineageDepth(limit);

        uint256 parentId;
        for (uint256 depth; depth < length; ++depth) {
            if (depth > limit) {
                vm.expectRevert(abi.encodeWithSelector(IModelRegistry.LineageTooDeep.selector, depth, limit));
                _register(_single(_datanetIds[0]), parentId, 0);
                return;
            }
            uint256 modelId = _register(_single(_datanetIds[0]), parentId, 0);
            assertEq(models.model(modelId).depth, depth, "depth");
            uint256[] memory ancestors = models.lineage(modelId);
            assertEq(ancestors.length, depth, "lineage length");
            if (depth != 0) assertEq(ancestors[0], parentId, "parent first");
            parentId = modelId;
        }
    }

    function testFuzz_setMaxLineageDepth_boundedByCap(uint256 limit) public {
        limit = bound(limit, 0, 300);
        uint256 cap = models.LINEAGE_DEPTH_CAP();
        if (limit > cap) {
            vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, limit, cap));
        }
        models.setMaxLineageDepth(limit);
        if (limit <= cap) assertEq(models.maxLineageDepth(), limit, "limit");
    }

    // ─── TrainingSet packing ─────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_trainingSet_packUnpackRoundTrip(
        uint256 countSeed,
        uint32[10] memory ids,
        uint16[10] memory weights
    ) public pure {
        uint256 n = bound(countSeed, 0, TrainingSet.MAX_ENTRIES);
        uint256[2] memory words;
        for (uint256 i; i < n; ++i) {
            TrainingSet.set(words, i, ids[i], weights[i]);
        }
        for (uint256 i; i < TrainingSet.MAX_ENTRIES; ++i) {
            (uint256 id, uint256 bps) = TrainingSet.at(words, i);
            assertEq(id, i < n ? ids[i] : 0, "id");
            assertEq(bps, i < n ? weights[i] : 0, "weight");
        }
        // Ten entries of 48 bits fill 240 bits of each word at most: the top 16 bits stay clear.
        assertEq(words[0] >> 240, 0, "word 0 top bits");
        assertEq(words[1] >> 240, 0, "word 1 top bits");
        if (n <= TrainingSet.PER_WORD) assertEq(words[1], 0, "word 1 unused");
    }

    function test_trainingSet_extremeValuesStayInTheirEntry() public pure {
        uint256[2] memory words;
        for (uint256 i; i < TrainingSet.MAX_ENTRIES; ++i) {
            TrainingSet.set(words, i, type(uint32).max, type(uint16).max);
        }
        assertEq(words[0], type(uint240).max, "word 0 full");
        assertEq(words[1], type(uint240).max, "word 1 full");
        for (uint256 i; i < TrainingSet.MAX_ENTRIES; ++i) {
            (uint256 id, uint256 bps) = TrainingSet.at(words, i);
            assertEq(id, type(uint32).max, "id");
            assertEq(bps, type(uint16).max, "weight");
        }
    }

    // ─── Datanet versions ────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Random model versions over random datanet publications: each moves every training datanet to a random
    /// version, and is accepted exactly when no version is older than the one in force and each is published; the
    /// training set in force then never moves back, and every model version keeps the versions it was given.
    function testFuzz_publishVersion_randomMovesNeverRegressAndAreKept(uint256 seed, uint256 steps) public {
        steps = bound(steps, 1, 12);
        uint256 n = 3;
        IModelRegistry.TrainingDatanet[] memory set = new IModelRegistry.TrainingDatanet[](n);
        for (uint256 i; i < n; ++i) set[i] = IModelRegistry.TrainingDatanet(_datanetIds[i], 1, i == 0 ? 5_000 : 2_500);
        uint256 modelId = _register(set, 0, 0);
        uint256[] memory current = new uint256[](n);
        for (uint256 i; i < n; ++i) current[i] = 1;
        uint256 versions = 1;
        uint256 refused;

        for (uint256 step; step < steps; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            // Sometimes a datanet publishes a new version first.
            if (r % 2 == 0) _publishDatanetVersion(_datanetIds[(r >> 8) % n]);
            uint256[] memory moves = new uint256[](n);
            bytes memory expected;
            for (uint256 i; i < n; ++i) {
                uint256 latest = datanets.versionCount(_datanetIds[i]);
                // Half the steps stay within the valid range; the others may regress or name an unpublished version.
                uint256 low = (r >> 16) % 2 == 0 ? current[i] : 0;
                uint256 high = (r >> 16) % 2 == 0 ? latest : latest + 1;
                moves[i] = bound(uint256(keccak256(abi.encode(r, i))), low, high);
                if (expected.length != 0) continue;
                if (moves[i] < current[i]) {
                    expected = abi.encodeWithSelector(
                        IModelRegistry.DatanetVersionRegressed.selector,
                        _datanetIds[i],
                        moves[i],
                        current[i]
                    );
                } else if (moves[i] > latest) {
                    expected = abi.encodeWithSelector(
                        IDatanetRegistry.UnknownDatanetVersion.selector,
                        _datanetIds[i],
                        moves[i],
                        latest
                    );
                }
            }
            if (expected.length != 0) vm.expectRevert(expected);
            vm.prank(BUILDER);
            models.publishVersion(modelId, keccak256(abi.encode(r)), "ipfs://weights", moves);
            if (expected.length == 0) {
                current = moves;
                ++versions;
            } else {
                ++refused;
            }

            IModelRegistry.TrainingDatanet[] memory inForce = models.trainingSet(modelId);
            for (uint256 i; i < n; ++i) assertEq(inForce[i].version, current[i], "the versions in force");
            assertEq(models.model(modelId).versionCount, versions, "version count");
            uint256[] memory last = models.version(modelId, versions - 1).datanetVersions;
            for (uint256 i; i < n; ++i) assertEq(last[i], current[i], "the latest version keeps its versions");
        }
        assertEq(versions + refused, steps + 1, "every step published or was refused");
        // Across the model's versions, no training datanet's version ever decreased.
        for (uint256 v = 1; v < versions; ++v) {
            uint256[] memory before = models.version(modelId, v - 1).datanetVersions;
            uint256[] memory after_ = models.version(modelId, v).datanetVersions;
            for (uint256 i; i < n; ++i) assertGe(after_[i], before[i], "never decreases across versions");
        }
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev `n` training datanets with random positive weights that sum to 10,000.
    function _weightsSummingToTotal(
        uint256 n,
        uint256[10] memory seeds
    ) internal view returns (IModelRegistry.TrainingDatanet[] memory set) {
        set = new IModelRegistry.TrainingDatanet[](n);
        uint256 left = BPS;
        for (uint256 i; i < n; ++i) {
            // Leave at least 1 for each datanet still to come; the last takes what is left.
            uint256 w = i == n - 1 ? left : bound(seeds[i], 1, left - (n - 1 - i));
            set[i] = IModelRegistry.TrainingDatanet(_datanetIds[i], 1, w);
            left -= w;
        }
    }

    function _register(
        IModelRegistry.TrainingDatanet[] memory set,
        uint256 parentId,
        uint256 ownerBps
    ) internal returns (uint256 modelId) {
        vm.prank(BUILDER);
        modelId = models.registerModel(
            IModelRegistry.ModelParams({
                cardURI: "ipfs://card",
                weightsHash: keccak256("weights"),
                weightsURI: "ipfs://weights",
                parentId: parentId,
                datanets: set,
                price: 1e18,
                ownerBps: ownerBps
            })
        );
    }

    function _splitAllowed(uint256 ownerBps, uint256 floor) internal pure returns (bool) {
        return ownerBps <= BPS && BPS - ownerBps >= floor;
    }

    function _expectSplitRevert(uint256 ownerBps, uint256 floor) internal {
        if (ownerBps > BPS) {
            vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, ownerBps, BPS));
        } else if (BPS - ownerBps < floor) {
            vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DataShareBelowFloor.selector, BPS - ownerBps, floor));
        }
    }
}
