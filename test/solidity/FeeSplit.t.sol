// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { FeeSplit } from "../../contracts/libraries/FeeSplit.sol";
import { TrainingSet } from "../../contracts/libraries/TrainingSet.sol";
import { TestBase } from "./utils/TestBase.sol";

/// @notice Exposes FeeSplit's internal functions, and stands in for the model registry: it answers `royaltyTerms`
/// from terms set by the test.
contract FeeSplitHarness {
    mapping(uint256 modelId => IModelRegistry.Terms) private _terms;
    mapping(uint256 modelId => uint256) public modelRevenue;
    mapping(uint256 datanetId => uint256) public accrued;

    function setTerms(uint256 modelId, IModelRegistry.Terms memory terms) external {
        _terms[modelId] = terms;
    }

    function royaltyTerms(uint256 modelId) external view returns (IModelRegistry.Terms memory) {
        return _terms[modelId];
    }

    function feeOf(uint256 price, uint256 units, uint256 maxFee) external pure returns (uint256) {
        return FeeSplit.feeOf(price, units, maxFee);
    }

    function allocate(
        uint256 modelId,
        uint256 fee,
        FeeSplit.Shares memory shares
    ) public view returns (uint256 protocol, uint256 stakers, FeeSplit.Sink memory sink) {
        sink = FeeSplit.newSink();
        (protocol, stakers) = FeeSplit.allocate(
            IModelRegistry(address(this)),
            modelId,
            _terms[modelId],
            fee,
            shares,
            sink
        );
    }

    /// @dev Two allocations into one sink, as a batch does: the second must not see the first's credits.
    function allocateTwice(
        uint256 firstModelId,
        uint256 firstFee,
        uint256 modelId,
        uint256 fee,
        FeeSplit.Shares memory shares
    ) external view returns (FeeSplit.Sink memory sink) {
        sink = FeeSplit.newSink();
        FeeSplit.allocate(IModelRegistry(address(this)), firstModelId, _terms[firstModelId], firstFee, shares, sink);
        FeeSplit.allocate(IModelRegistry(address(this)), modelId, _terms[modelId], fee, shares, sink);
    }

    function creditDatanets(
        IModelRegistry.Terms memory terms,
        uint256 data
    ) external pure returns (FeeSplit.Sink memory sink) {
        sink = FeeSplit.newSink();
        FeeSplit.creditDatanets(sink, terms, data);
    }

    function allocateAndCredit(uint256 modelId, uint256 fee, FeeSplit.Shares memory shares) external {
        (, , FeeSplit.Sink memory sink) = allocate(modelId, fee, shares);
        FeeSplit.credit(sink, 1, modelRevenue, accrued);
    }
}

/// @notice Unit and fuzz tests of FeeSplit: the fee, the shares off the top, the lineage walk (royalties, suspended
/// parents, the level bound), the datanet split and the writing of credits. The one property behind all of them: the
/// parts add up to the fee exactly.
contract FeeSplitTest is TestBase {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_FEE = 1e27; // OPEN's supply

    FeeSplitHarness internal harness;
    FeeSplit.Shares internal shares = FeeSplit.Shares({ protocolBps: 500, stakersBps: 1500, lineageBps: 1000 });

    function setUp() public {
        harness = new FeeSplitHarness();
    }

    // ─── feeOf ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_feeOf_isPriceTimesUnits() public view {
        assertEq(harness.feeOf(2e18, 3, 6e18), 6e18, "fee at the cap");
        assertEq(harness.feeOf(0, 5, 0), 0, "free model");
    }

    function test_feeOf_revertsWithZeroUnits() public {
        vm.expectRevert(ISettlement.ZeroUnits.selector);
        harness.feeOf(2e18, 0, type(uint256).max);
    }

    function test_feeOf_revertsAboveTheCap() public {
        vm.expectRevert(abi.encodeWithSelector(ISettlement.FeeAboveCap.selector, 6e18, 6e18 - 1));
        harness.feeOf(2e18, 3, 6e18 - 1);
    }

    function testFuzz_feeOf_capHolds(uint256 price, uint256 units, uint256 maxFee) public {
        price = bound(price, 0, 1e24);
        units = bound(units, 1, 1e6);
        uint256 fee = price * units;
        if (maxFee < fee) {
            vm.expectRevert(abi.encodeWithSelector(ISettlement.FeeAboveCap.selector, fee, maxFee));
            harness.feeOf(price, units, maxFee);
        } else {
            assertEq(harness.feeOf(price, units, maxFee), fee, "fee");
        }
    }

    // ─── allocate ────────────────────────────────────────────────────────────────────────────────────────────────

    function test_allocate_oneDatanetNoParent() public {
        harness.setTerms(1, _terms(0, 3000, 1, false));
        (uint256 protocol, uint256 stakers, FeeSplit.Sink memory sink) = harness.allocate(1, 2e18, shares);
        assertEq(protocol, 0.1e18, "protocol 5%");
        assertEq(stakers, 0.3e18, "stakers 15%");
        assertEq(sink.models, 1, "one model");
        assertEq(sink.modelIds[0], 1, "model id");
        assertEq(sink.modelAmounts[0], 0.48e18, "owner 30% of the rest");
        assertEq(sink.datanets, 1, "one datanet");
        assertEq(sink.datanetIds[0], 101, "datanet id");
        assertEq(sink.datanetAmounts[0], 1.12e18, "data 70% of the rest");
    }

    function test_allocate_paysTheParentARoyaltyAsItsOwnRevenue() public {
        harness.setTerms(1, _terms(0, 5000, 1, false));
        harness.setTerms(2, _terms(1, 3000, 2, false));
        (, , FeeSplit.Sink memory sink) = harness.allocate(2, 1e18, shares);
        // rest 0.8: child owner 0.24 less the 10% royalty (0.024), child data 0.56; the parent splits 0.024.
        assertEq(sink.models, 2, "child and parent");
        assertEq(sink.modelIds[0], 2, "child first");
        assertEq(sink.modelAmounts[0], 0.216e18, "child owner less royalty");
        assertEq(sink.modelIds[1], 1, "then the parent");
        assertEq(sink.modelAmounts[1], 0.012e18, "parent owner half of the royalty");
        assertEq(sink.datanets, 3, "child's two datanets, parent's one");
        assertEq(sink.datanetAmounts[0] + sink.datanetAmounts[1], 0.56e18, "child data");
        assertEq(sink.datanetIds[2], 101, "parent datanet");
        assertEq(sink.datanetAmounts[2], 0.012e18, "parent data half of the royalty");
    }

    function test_allocate_keepsASuspendedParentsRoyaltyInTheChildsData() public {
        harness.setTerms(1, _terms(0, 5000, 1, true));
        harness.setTerms(2, _terms(1, 3000, 1, false));
        (, , FeeSplit.Sink memory sink) = harness.allocate(2, 1e18, shares);
        assertEq(sink.models, 1, "the parent gets nothing");
        assertEq(sink.modelAmounts[0], 0.216e18, "the owner keeps what it would have kept");
        assertEq(sink.datanets, 1, "only the child's datanet");
        assertEq(sink.datanetAmounts[0], 0.584e18, "data share plus the royalty");
    }

    function test_allocate_withoutARoyaltyReadsNoParent() public {
        // lineageBps 0: the parent (not even registered here) is never read.
        harness.setTerms(2, _terms(1, 3000, 1, false));
        FeeSplit.Shares memory noRoyalty = FeeSplit.Shares({ protocolBps: 0, stakersBps: 0, lineageBps: 0 });
        (, , FeeSplit.Sink memory sink) = harness.allocate(2, 1e18, noRoyalty);
        assertEq(sink.models, 1, "child only");
        assertEq(sink.modelAmounts[0], 0.3e18, "whole owner share");
        assertEq(sink.datanetAmounts[0], 0.7e18, "data share");
    }

    function test_allocate_walksAtMostMaxLevels() public {
        // A chain of 12 models (deeper than registration allows): the split stops at MAX_LEVELS.
        harness.setTerms(1, _terms(0, 5000, 1, false));
        for (uint256 id = 2; id <= 12; ++id) harness.setTerms(id, _terms(id - 1, 5000, 1, false));
        FeeSplit.Shares memory full = FeeSplit.Shares({ protocolBps: 0, stakersBps: 0, lineageBps: 5000 });
        (, , FeeSplit.Sink memory sink) = harness.allocate(12, 1e24, full);
        assertEq(sink.models, FeeSplit.MAX_LEVELS, "levels");
        assertEq(sink.modelIds[FeeSplit.MAX_LEVELS - 1], 12 - (FeeSplit.MAX_LEVELS - 1), "last level");
        assertEq(_sum(sink), 1e24, "parts add up");
    }

    function test_allocate_resetsTheSinkBetweenInferences() public {
        harness.setTerms(1, _terms(0, 5000, 3, false));
        harness.setTerms(2, _terms(1, 3000, 2, false));
        harness.setTerms(3, _terms(0, 2000, 1, false));
        FeeSplit.Sink memory sink = harness.allocateTwice(2, 5e18, 3, 1e18, shares);
        assertEq(sink.models, 1, "only the second inference's model");
        assertEq(sink.datanets, 1, "only the second inference's datanet");
        assertEq(sink.modelAmounts[0], 0.16e18, "owner share");
        assertEq(sink.datanetAmounts[0], 0.64e18, "data share");
    }

    function test_allocate_zeroFeeCreditsZeros() public {
        harness.setTerms(1, _terms(0, 3000, 2, false));
        (uint256 protocol, uint256 stakers, FeeSplit.Sink memory sink) = harness.allocate(1, 0, shares);
        assertEq(protocol + stakers + _sum(sink), 0, "nothing");
    }

    /// @dev The parts always add up to the fee: any fee, shares, lineage depth and suspensions, training sets.
    function testFuzz_allocate_partsAddUpToTheFee(
        uint256 fee,
        uint256 protocolBps,
        uint256 stakersBps,
        uint256 lineageBps,
        uint256 depth,
        uint256 seed
    ) public {
        fee = bound(fee, 0, MAX_FEE);
        protocolBps = bound(protocolBps, 0, 5000);
        stakersBps = bound(stakersBps, 0, 5000 - protocolBps);
        lineageBps = bound(lineageBps, 0, 5000);
        depth = bound(depth, 0, FeeSplit.MAX_LEVELS + 2);
        FeeSplit.Shares memory s = FeeSplit.Shares(uint16(protocolBps), uint16(stakersBps), uint16(lineageBps));
        for (uint256 id = 1; id <= depth + 1; ++id) {
            uint256 r = uint256(keccak256(abi.encode(seed, id)));
            harness.setTerms(id, _randomTerms(id == 1 ? 0 : id - 1, r));
        }

        (uint256 protocol, uint256 stakers, FeeSplit.Sink memory sink) = harness.allocate(depth + 1, fee, s);

        assertEq(protocol, (fee * protocolBps) / BPS, "protocol share");
        assertEq(stakers, (fee * stakersBps) / BPS, "stakers share");
        assertEq(protocol + stakers + _sum(sink), fee, "parts add up to the fee");
        assertLe(sink.models, FeeSplit.MAX_LEVELS, "bounded walk");
    }

    // ─── creditDatanets ──────────────────────────────────────────────────────────────────────────────────────────

    function test_creditDatanets_lastDatanetTakesTheRemainder() public view {
        IModelRegistry.Terms memory t;
        t.datanetCount = 3;
        TrainingSet.set(t.datanets, 0, 7, 3333);
        TrainingSet.set(t.datanets, 1, 8, 3333);
        TrainingSet.set(t.datanets, 2, 9, 3334);
        FeeSplit.Sink memory sink = harness.creditDatanets(t, 10);
        assertEq(sink.datanets, 3, "three credits");
        assertEq(sink.datanetAmounts[0], 3, "first rounds down");
        assertEq(sink.datanetAmounts[1], 3, "second rounds down");
        assertEq(sink.datanetIds[2], 9, "last datanet");
        assertEq(sink.datanetAmounts[2], 4, "last takes the remainder");
    }

    function testFuzz_creditDatanets_addsUpToTheDataShare(uint256 data, uint256 seed) public view {
        data = bound(data, 0, MAX_FEE);
        IModelRegistry.Terms memory t = _randomTerms(0, seed);
        FeeSplit.Sink memory sink = harness.creditDatanets(t, data);
        assertEq(sink.datanets, t.datanetCount, "one credit per datanet");
        uint256 total;
        for (uint256 i; i < sink.datanets; ++i) total += sink.datanetAmounts[i];
        assertEq(total, data, "credits add up to the data share");
    }

    // ─── credit ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_credit_addsEveryPartAndSkipsDust() public {
        harness.setTerms(1, _terms(0, 5000, 1, false));
        harness.setTerms(2, _terms(1, 3000, 2, false));
        harness.allocateAndCredit(2, 1e18, shares);
        harness.allocateAndCredit(2, 1e18, shares);
        assertEq(harness.modelRevenue(2), 2 * 0.216e18, "child revenue, twice");
        assertEq(harness.modelRevenue(1), 2 * 0.012e18, "parent revenue, twice");
        assertEq(harness.accrued(101), 2 * (0.28e18 + 0.012e18), "datanet in both levels");
        assertEq(harness.accrued(102), 2 * 0.28e18, "child's second datanet");
        // A fee of 1 unit: the shares round to zero, and the data takes the unit.
        harness.allocateAndCredit(2, 1, shares);
        assertEq(harness.modelRevenue(2), 2 * 0.216e18, "no dust credit");
        assertEq(harness.accrued(102), 2 * 0.28e18 + 1, "the unit goes to the last datanet");
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Terms of a model with `datanets` equally weighted datanets 101, 102, … (the last takes the rounding).
    function _terms(
        uint256 parentId,
        uint256 ownerBps,
        uint256 datanets,
        bool suspended
    ) internal pure returns (IModelRegistry.Terms memory t) {
        t.price = 1e18;
        t.ownerBps = ownerBps;
        t.parentId = parentId;
        t.datanetCount = datanets;
        t.suspended = suspended;
        for (uint256 i; i < datanets; ++i) {
            TrainingSet.set(t.datanets, i, 101 + i, i + 1 == datanets ? BPS - (BPS / datanets) * i : BPS / datanets);
        }
    }

    /// @dev Terms drawn from `r`: any owner share, one to ten datanets whose weights sum to 10,000, suspended one time
    /// in four.
    function _randomTerms(uint256 parentId, uint256 r) internal pure returns (IModelRegistry.Terms memory t) {
        t.parentId = parentId;
        t.ownerBps = r % (BPS + 1);
        t.suspended = (r >> 16) % 4 == 0;
        uint256 n = 1 + ((r >> 24) % TrainingSet.MAX_ENTRIES);
        t.datanetCount = n;
        uint256 left = BPS;
        for (uint256 i; i < n; ++i) {
            uint256 w = i + 1 == n ? left : uint256(keccak256(abi.encode(r, i))) % (left + 1);
            left -= w;
            TrainingSet.set(t.datanets, i, 1 + ((r >> (32 + 8 * i)) % 1000), w);
        }
    }

    function _sum(FeeSplit.Sink memory sink) internal pure returns (uint256 total) {
        for (uint256 i; i < sink.models; ++i) total += sink.modelAmounts[i];
        for (uint256 i; i < sink.datanets; ++i) total += sink.datanetAmounts[i];
    }
}
