// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IAttributionEpochs } from "../../contracts/interfaces/IAttributionEpochs.sol";
import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { PermitLib } from "../../contracts/libraries/PermitLib.sol";
import { IStakedOpen } from "../../contracts/interfaces/IStakedOpen.sol";
import { Settlement } from "../../contracts/settlement/Settlement.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice The suite with ten open datanets (one bonded attestor for all), a funded payer that approved the
/// settlement, and builders for random training sets and lineages.
abstract contract SettlementFixture is SuiteBase {
    address internal constant PAYER = address(0xBA1E);
    address internal constant ATTESTOR = address(0xA77E);
    address internal constant DATANET_OWNER = address(0xDA7A);
    uint256 internal constant DATANET_COUNT = 10;
    uint256 internal constant BOND = 1000e18;

    function _setUpSettlement() internal {
        _deploySuite();
        for (uint256 i; i < DATANET_COUNT; ++i) {
            vm.prank(DATANET_OWNER);
            uint256 id = datanets.createDatanet("ipfs://datanet", false, 0, ATTESTOR);
            _publishDatanetVersion(id);
        }
        _fund(PAYER, 100_000_000e18);
        vm.prank(PAYER);
        open.approve(address(settlement), type(uint256).max);
        _fund(ATTESTOR, 10 * BOND);
        vm.startPrank(ATTESTOR);
        open.approve(address(settlement), type(uint256).max);
        settlement.depositBond(BOND);
        vm.stopPrank();
    }

    /// @dev A training set of 1..10 distinct datanets with random weights of at least 1 bp each, summing to 10,000.
    function _randomSet(uint256 seed) internal pure returns (IModelRegistry.TrainingDatanet[] memory set) {
        uint256 n = 1 + (uint256(keccak256(abi.encode(seed, "n"))) % DATANET_COUNT);
        uint256 start = uint256(keccak256(abi.encode(seed, "start"))) % DATANET_COUNT;
        set = new IModelRegistry.TrainingDatanet[](n);
        uint256 remaining = 10_000;
        for (uint256 k; k < n; ++k) {
            uint256 weight = remaining;
            if (k + 1 < n) {
                // Leave at least 1 bp for each datanet still to come.
                uint256 maxWeight = remaining - (n - 1 - k);
                weight = 1 + (uint256(keccak256(abi.encode(seed, k))) % maxWeight);
            }
            remaining -= weight;
            set[k] = IModelRegistry.TrainingDatanet(1 + ((start + k) % DATANET_COUNT), 1, weight);
        }
    }

    function _register(
        address owner,
        uint256 parentId,
        IModelRegistry.TrainingDatanet[] memory set,
        uint256 price,
        uint256 ownerBps
    ) internal returns (uint256 modelId) {
        vm.prank(owner);
        modelId = models.registerModel(
            IModelRegistry.ModelParams({
                cardURI: "ipfs://card",
                weightsHash: keccak256(abi.encode(owner, parentId, price, ownerBps)),
                weightsURI: "ipfs://weights",
                parentId: parentId,
                datanets: set,
                price: price,
                ownerBps: ownerBps
            })
        );
    }

    /// @dev Registers a lineage of `depth + 1` models with random training sets and owner shares (within the 30%
    /// data floor), each fine-tuned from the previous one; returns the deepest.
    function _lineage(uint256 depth, uint256 price, uint256 seed) internal returns (uint256 modelId) {
        for (uint256 level; level <= depth; ++level) {
            uint256 s = uint256(keccak256(abi.encode(seed, level)));
            modelId = _register(address(uint160(0x1000 + level)), modelId, _randomSet(s), price, s % 7_001);
        }
    }

    /// @dev Everything credited by settlements: treasury, stakers, every model's revenue, every datanet's pool.
    function _creditsTotal() internal view returns (uint256 total) {
        total = settlement.treasuryAccrued() + settlement.stakersAccrued();
        uint256 modelCount = models.modelCount();
        for (uint256 m = 1; m <= modelCount; ++m) total += settlement.modelRevenue(m);
        for (uint256 d = 1; d <= DATANET_COUNT; ++d) total += settlement.accrued(d);
    }

    function _previewTotal(ISettlement.SplitPreview memory p) internal pure returns (uint256 total) {
        total = p.protocol + p.stakers;
        for (uint256 i; i < p.models.length; ++i) total += p.models[i].amount;
        for (uint256 i; i < p.datanets.length; ++i) total += p.datanets[i].amount;
    }

    /// @dev The sum of the credits to `id` in `credits` (a datanet may appear at several levels of a lineage).
    function _sumFor(ISettlement.Credit[] memory credits, uint256 id) internal pure returns (uint256 total) {
        for (uint256 i; i < credits.length; ++i) {
            if (credits[i].id == id) total += credits[i].amount;
        }
    }

    /// @dev The sum of the datanet credits to `id` in `credits`, over every lineage level.
    function _sumFor(ISettlement.DatanetCredit[] memory credits, uint256 id) internal pure returns (uint256 total) {
        for (uint256 i; i < credits.length; ++i) {
            if (credits[i].id == id) total += credits[i].amount;
        }
    }

    /// @dev The OpenZeppelin merkle-tree standard leaf of `(account, amount)`.
    function _leaf(address account, uint256 amount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
    }

    /// @dev The root of a two-leaf tree (commutative hashing, as OpenZeppelin's MerkleProof).
    function _pairRoot(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _proof(bytes32 sibling) internal pure returns (bytes32[] memory proof) {
        proof = new bytes32[](1);
        proof[0] = sibling;
    }
}

contract SettlementTest is SettlementFixture {
    function setUp() public {
        _setUpSettlement();
    }

    // ─── Fuzz: the parts of every fee add up to the fee ─────────────────────────────────────────────────────────

    function testFuzz_settle_partsAddUpToFee(
        uint256 protocolBps,
        uint256 stakersBps,
        uint256 lineageBps,
        uint256 depth,
        uint256 price,
        uint256 units,
        uint256 seed
    ) public {
        protocolBps = bound(protocolBps, 0, 5_000);
        settlement.setFeeShares(protocolBps, bound(stakersBps, 0, 5_000 - protocolBps));
        settlement.setLineageBps(bound(lineageBps, 0, 5_000));
        price = bound(price, 1, 1e22);
        units = bound(units, 1, 10_000);
        uint256 modelId = _lineage(bound(depth, 0, 3), price, seed);
        // A quarter of the runs raise the data floor after registration, so owner shares are clamped.
        if (seed % 4 == 0) settlement.setMinDataBps(bound(seed >> 8, 3_000, 10_000));
        uint256 fee = price * units;
        ISettlement.SplitPreview memory preview = settlement.previewSplit(modelId, fee);
        uint256 creditsBefore = _creditsTotal();
        uint256 balanceBefore = open.balanceOf(address(settlement));

        vm.prank(PAYER);
        uint256 paid = settlement.settle(modelId, units, fee, bytes32(seed), keccak256(abi.encode(seed)));

        assertEq(paid, fee, "fee");
        assertEq(_creditsTotal() - creditsBefore, fee, "credits add up to the fee");
        assertEq(open.balanceOf(address(settlement)) - balanceBefore, fee, "fee received");
        assertEq(_previewTotal(preview), fee, "preview adds up to the fee");
        assertEq(preview.fee, fee, "preview fee");
        _assertPreviewApplied(preview);
    }

    function testFuzz_settle_dustFees(uint256 fee, uint256 lineageBps, uint256 seed) public {
        fee = bound(fee, 1, 100);
        settlement.setLineageBps(bound(lineageBps, 0, 5_000));
        uint256 modelId = _lineage(3, 1, seed);
        uint256 creditsBefore = _creditsTotal();

        vm.prank(PAYER);
        settlement.settle(modelId, fee, fee, bytes32(0), bytes32(0));

        assertEq(_creditsTotal() - creditsBefore, fee, "dust adds up");
        assertEq(_previewTotal(settlement.previewSplit(modelId, fee)), fee, "preview of dust adds up");
    }

    function testFuzz_settleBatch_partsAddUpToTotal(uint256 count, uint256 seed) public {
        count = bound(count, 1, 20);
        uint256 deepest = _lineage(2, 1e15 + 7, seed);
        uint256 other = _register(address(0xB0B), 0, _randomSet(seed >> 1), 3, 7_000);
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](count);
        uint256 expected;
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // Models 1..3 are the lineage (1 the root), then `other`.
            uint256 modelId = r % 4 == 3 ? other : deepest - (r % 3);
            uint256 units = 1 + ((r >> 8) % 1_000);
            batch[i] = ISettlement.Inference(modelId, units, type(uint256).max, bytes32(i), bytes32(r));
            expected += models.quote(modelId, units);
        }
        uint256 creditsBefore = _creditsTotal();
        uint256 payerBefore = open.balanceOf(PAYER);

        vm.prank(PAYER);
        uint256 total = settlement.settleBatch(batch);

        assertEq(total, expected, "total is the sum of the quotes");
        assertEq(_creditsTotal() - creditsBefore, total, "credits add up to the total");
        assertEq(payerBefore - open.balanceOf(PAYER), total, "payer paid the total");
    }

    /// @dev Runs of one model at one fee are split once and credited as many times: every pool must still get exactly
    /// the sum of one preview per inference, in batches whose runs change model, fee, or both.
    function testFuzz_settleBatch_creditsEveryPoolTheSumOfItsPreviews(uint256 count, uint256 seed) public {
        count = bound(count, 1, 24);
        settlement.setLineageBps(bound(seed >> 200, 1, 5_000));
        uint256 deepest = _lineage(2, 1e15 + 7, seed);
        uint256 other = _register(address(0xB0B), 0, _randomSet(seed >> 1), 3, 7_000);
        uint256 modelCount = models.modelCount();
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](count);
        uint256[] memory modelExpected = new uint256[](modelCount + 1);
        uint256[] memory datanetExpected = new uint256[](DATANET_COUNT + 1);
        uint256 protocolExpected;
        uint256 stakersExpected;
        uint256 modelId = deepest;
        uint256 units = 1;
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // Half the inferences repeat the one before; the others change the model, the units, or both.
            if (r % 4 == 1 || r % 4 == 3) modelId = (r >> 8) % 4 == 3 ? other : deepest - ((r >> 8) % 3);
            if (r % 4 >= 2) units = 1 + ((r >> 16) % 3);
            batch[i] = ISettlement.Inference(modelId, units, type(uint256).max, bytes32(i), bytes32(r));
            ISettlement.SplitPreview memory p = settlement.previewSplit(modelId, models.quote(modelId, units));
            protocolExpected += p.protocol;
            stakersExpected += p.stakers;
            for (uint256 k; k < p.models.length; ++k) modelExpected[p.models[k].id] += p.models[k].amount;
            for (uint256 k; k < p.datanets.length; ++k) datanetExpected[p.datanets[k].id] += p.datanets[k].amount;
        }
        uint256 treasuryBefore = settlement.treasuryAccrued();
        uint256 stakersBefore = settlement.stakersAccrued();
        uint256[] memory modelBefore = new uint256[](modelCount + 1);
        uint256[] memory datanetBefore = new uint256[](DATANET_COUNT + 1);
        for (uint256 m = 1; m <= modelCount; ++m) modelBefore[m] = settlement.modelRevenue(m);
        for (uint256 d = 1; d <= DATANET_COUNT; ++d) datanetBefore[d] = settlement.accrued(d);

        vm.prank(PAYER);
        settlement.settleBatch(batch);

        assertEq(settlement.treasuryAccrued() - treasuryBefore, protocolExpected, "treasury");
        assertEq(settlement.stakersAccrued() - stakersBefore, stakersExpected, "stakers");
        for (uint256 m = 1; m <= modelCount; ++m) {
            assertEq(settlement.modelRevenue(m) - modelBefore[m], modelExpected[m], "model revenue");
        }
        for (uint256 d = 1; d <= DATANET_COUNT; ++d) {
            assertEq(settlement.accrued(d) - datanetBefore[d], datanetExpected[d], "datanet pool");
        }
    }

    // ─── Lineage ─────────────────────────────────────────────────────────────────────────────────────────────────

    function test_settle_lineageAtTheDepthCap_paysEveryAncestor() public {
        models.setMaxLineageDepth(8);
        settlement.setLineageBps(5_000);
        uint256 modelId;
        for (uint256 level; level <= 8; ++level) {
            modelId = _register(address(uint160(0x1000 + level)), modelId, _single(1 + level), 1e18, 7_000);
        }
        vm.prank(PAYER);
        settlement.settle(modelId, 1_000, type(uint256).max, bytes32(0), bytes32(0));

        ISettlement.SplitPreview memory p = settlement.previewSplit(modelId, 1_000e18);
        assertEq(p.models.length, 9, "nine levels");
        assertEq(p.datanets.length, 9, "nine data shares");
        for (uint256 m = 1; m <= 9; ++m) assertTrue(settlement.modelRevenue(m) > 0, "every ancestor earns");
        assertEq(_creditsTotal(), 1_000e18, "credits add up");
    }

    function test_settle_royaltyRoundsToZero_stopsTheWalk() public {
        uint256 root = _register(address(0x1), 0, _single(1), 1, 7_000);
        uint256 child = _register(address(0x2), root, _single(2), 1, 7_000);
        // Fee 10: stakers 1, protocol 0, then an owner share of 6 (70% of 9) whose 10% royalty rounds to 0.
        vm.prank(PAYER);
        settlement.settle(child, 10, 10, bytes32(0), bytes32(0));

        assertEq(settlement.modelRevenue(root), 0, "no royalty");
        assertEq(settlement.stakersAccrued(), 1, "stakers share");
        assertEq(settlement.modelRevenue(child), 6, "owner share");
        assertEq(settlement.accrued(2), 3, "data share");
        assertEq(settlement.previewSplit(child, 10).models.length, 1, "one level");
    }

    // ─── Constructor ─────────────────────────────────────────────────────────────────────────────────────────────

    function test_constructor_zeroTreasury_reverts() public {
        vm.expectRevert(IErrors.ZeroAddress.selector);
        _newSettlement(address(0), 500, 1500, 600);
    }

    function test_constructor_feeSharesAboveMax_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 5_001, 5_000));
        _newSettlement(TREASURY, 2_500, 2_501, 600);
    }

    function test_constructor_windowOutOfBounds_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributionEpochs.WindowOutOfBounds.selector, 59, 60, 30 days));
        _newSettlement(TREASURY, 500, 1500, 59);
    }

    function test_constructor_setsParameters() public view {
        assertEq(settlement.protocolBps(), 500, "protocol");
        assertEq(settlement.stakersBps(), 1500, "stakers");
        assertEq(settlement.lineageBps(), 1000, "lineage");
        assertEq(settlement.challengeWindow(), 10 minutes, "window");
        assertEq(settlement.vetoBondLock(), 1 hours, "veto lock");
        assertEq(settlement.minAttestorBond(), BOND, "min bond");
        (, , , , address treasury, ) = settlement.dependencies();
        assertEq(treasury, TREASURY, "treasury");
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Every preview credit was applied: the models and datanets started at zero in this run.
    function _assertPreviewApplied(ISettlement.SplitPreview memory p) private view {
        for (uint256 i; i < p.models.length; ++i) {
            assertEq(settlement.modelRevenue(p.models[i].id), _sumFor(p.models, p.models[i].id), "model credit");
        }
        for (uint256 i; i < p.datanets.length; ++i) {
            assertEq(settlement.accrued(p.datanets[i].id), _sumFor(p.datanets, p.datanets[i].id), "datanet credit");
        }
        // Level by level, each model's training datanets in order, each named with its version in force.
        uint256 k;
        for (uint256 i; i < p.models.length; ++i) {
            IModelRegistry.TrainingDatanet[] memory set = models.trainingSet(p.models[i].id);
            for (uint256 j; j < set.length; ++j) {
                ISettlement.DatanetCredit memory c = p.datanets[k++];
                assertEq(c.modelId, p.models[i].id, "datanet credit's model");
                assertEq(c.id, set[j].datanetId, "datanet credit's datanet");
                assertEq(c.version, set[j].version, "datanet credit's version");
            }
        }
        assertEq(k, p.datanets.length, "one datanet credit per training datanet of each level");
        assertEq(settlement.treasuryAccrued(), p.protocol, "treasury credit");
        assertEq(settlement.stakersAccrued(), p.stakers, "stakers credit");
    }

    function _newSettlement(address treasury, uint256 protocolBps, uint256 stakersBps, uint256 window) private {
        new Settlement(
            IERC20(address(open)),
            IModelRegistry(address(models)),
            IDatanetRegistry(address(datanets)),
            IStakedOpen(address(gopen)),
            treasury,
            address(manager),
            Settlement.InitParams({
                protocolBps: protocolBps,
                stakersBps: stakersBps,
                lineageBps: 1000,
                challengeWindow: window,
                vetoBondLock: 1 hours,
                minAttestorBond: 0,
                bondFactor: 10,
                activationBondLock: 1 hours,
                maxGuardianVetoes: 3
            })
        );
    }

    function test_RevertWhen_pushStakerRewards_nothingAccrued() public {
        vm.expectRevert(ISettlement.NothingToWithdraw.selector);
        settlement.pushStakerRewards();
    }

    function test_RevertWhen_settleWithPermit_whilePaused_beforeThePermitIsUsed() public {
        vm.prank(GUARDIAN);
        settlement.pause();
        ISettlement.Inference memory inference = ISettlement.Inference(1, 1, 1e18, bytes32("i"), bytes32(0));
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(PAYER);
        settlement.settleWithPermit(inference, PermitLib.Permit(block.timestamp, 27, bytes32(0), bytes32(0)));
    }
}
