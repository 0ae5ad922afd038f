// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { ERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { PermitLib } from "../../contracts/libraries/PermitLib.sol";
import { TrainingSet } from "../../contracts/libraries/TrainingSet.sol";
import { SettlementFixture } from "./Settlement.t.sol";

/// @dev The cheatcode this file needs beyond the shared Vm interface.
interface VmMock {
    function mockCall(address callee, bytes calldata data, bytes calldata returnData) external;
}

/// @notice Every comparison of ModelRegistry and TrainingSet, tried on each side of its boundary: training weights
/// (9,999, 10,000 and 10,001), the number of training datanets, datanet ids, prices, the owner split against the
/// floor, the lineage depth limit, governance's bounds, versions, and the clamp of the owner share.
contract ModelRegistryBoundariesTest is SettlementFixture {
    uint256 private constant BPS = 10_000;
    address private constant BUILDER = address(0xB11D);
    uint256 private constant PRICE = 1e18;

    uint256 private _nonce;

    function setUp() public {
        _setUpSettlement();
        // An eleventh datanet, for a training set one above the maximum.
        vm.prank(DATANET_OWNER);
        _publishDatanetVersion(datanets.createDatanet("ipfs://datanet", false, 0, ATTESTOR));
    }

    // ─── Training weights: the sum ──────────────────────────────────────────────────────────────────────────────

    function test_registerModel_weightsSummingTo9999_revertsWithTheSum() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SplitNotTotal.selector, 9_999));
        _registerSet(_pair(5_000, 4_999));
    }

    function test_registerModel_weightsSummingTo10001_revertsWithTheSum() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SplitNotTotal.selector, 10_001));
        _registerSet(_pair(5_000, 5_001));
    }

    function test_registerModel_oneWeightOf10001_revertsWithTheSum() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SplitNotTotal.selector, 10_001));
        _registerSet(_one(1, 10_001));
    }

    function test_registerModel_oneWeightOf9999_revertsWithTheSum() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SplitNotTotal.selector, 9_999));
        _registerSet(_one(1, 9_999));
    }

    function test_registerModel_weightsSummingTo10000_isAccepted() public {
        uint256 a = _registerSet(_pair(9_999, 1));
        uint256 b = _registerSet(_one(1, 10_000));
        assertEq(models.model(a).datanets[1].weightBps, 1, "a weight of 1 bp");
        assertEq(models.model(b).datanets[0].weightBps, 10_000, "one datanet at 10,000");
    }

    function test_registerModel_runningSumAboveTotal_revertsWithTheSumNotAnOverflow() public {
        // The running sum is checked at each entry, so a huge first weight is refused before the sum can overflow.
        IModelRegistry.TrainingDatanet[] memory set = _pair(0, 10_001);
        set[0].weightBps = type(uint256).max;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SplitNotTotal.selector, type(uint256).max));
        _registerSet(set);
    }

    function test_registerModel_runningSumAtTotalBeforeALaterWeight_revertsWithTheSum() public {
        // 10,000 after the first entry is not above the total; the second entry takes it to 10,001.
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SplitNotTotal.selector, 10_001));
        _registerSet(_pair(10_000, 1));
    }

    function test_registerModel_weightAbove16Bits_isRefusedNotTruncated() public {
        // 65,536 + 10,000 would pack as 10,000 in 16 bits.
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SplitNotTotal.selector, 75_536));
        _registerSet(_one(1, 75_536));
    }

    // ─── Training weights: each weight ──────────────────────────────────────────────────────────────────────────

    function test_registerModel_zeroWeight_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ZeroDatanetWeight.selector, 2));
        _registerSet(_pair(10_000, 0));
    }

    // ─── The number of training datanets ────────────────────────────────────────────────────────────────────────

    function test_registerModel_noTrainingDatanet_reverts() public {
        vm.expectRevert(IModelRegistry.NoTrainingDatanets.selector);
        _registerSet(new IModelRegistry.TrainingDatanet[](0));
    }

    function test_registerModel_maxTrainingDatanets_isAccepted() public {
        uint256 m = _registerSet(_even(TrainingSet.MAX_ENTRIES));
        assertEq(models.model(m).datanets.length, TrainingSet.MAX_ENTRIES, "ten datanets");
    }

    function test_registerModel_oneAboveMaxTrainingDatanets_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.TooManyTrainingDatanets.selector,
                TrainingSet.MAX_ENTRIES + 1,
                TrainingSet.MAX_ENTRIES
            )
        );
        _registerSet(_even(TrainingSet.MAX_ENTRIES + 1));
    }

    function test_registerModel_duplicateOfThePreviousEntry_reverts() public {
        IModelRegistry.TrainingDatanet[] memory set = _pair(5_000, 5_000);
        set[1].datanetId = set[0].datanetId;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DuplicateTrainingDatanet.selector, set[0].datanetId));
        _registerSet(set);
    }

    function test_registerModel_duplicateOfTheFirstEntry_reverts() public {
        IModelRegistry.TrainingDatanet[] memory set = _even(3);
        set[2].datanetId = set[0].datanetId;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DuplicateTrainingDatanet.selector, set[0].datanetId));
        _registerSet(set);
    }

    // ─── Datanet ids: 32 bits ───────────────────────────────────────────────────────────────────────────────────

    function test_registerModel_datanetIdAt32Bits_isPackedWhole() public {
        uint256 id = type(uint32).max;
        VmMock(address(vm)).mockCall(
            address(datanets),
            abi.encodeCall(IDatanetRegistry.requireOpenVersion, (id, 1)),
            ""
        );
        uint256 m = _registerSet(_one(id, 10_000));
        assertEq(models.model(m).datanets[0].datanetId, id, "the whole id");
        (uint256 packed, ) = TrainingSet.at(models.settlementTerms(m).datanets, 0);
        assertEq(packed, id, "packed whole");
    }

    function test_registerModel_datanetIdAbove32Bits_isRefusedNotTruncated() public {
        uint256 id = uint256(type(uint32).max) + 1;
        // Even if the registry knew it, an id above 32 bits would pack as 0: it is refused as unknown.
        VmMock(address(vm)).mockCall(
            address(datanets),
            abi.encodeCall(IDatanetRegistry.requireOpenVersion, (id, 1)),
            ""
        );
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanet.selector, id));
        _registerSet(_one(id, 10_000));
    }

    // ─── Price ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_registerModel_priceZero_reverts() public {
        vm.expectRevert(IModelRegistry.ZeroPrice.selector);
        _registerWith(0, 5_000, 0);
    }

    function test_registerModel_priceOneAndPriceAt96Bits_areAccepted() public {
        assertEq(models.model(_registerWith(1, 5_000, 0)).price, 1, "one wei");
        assertEq(models.model(_registerWith(type(uint96).max, 5_000, 0)).price, type(uint96).max, "96 bits");
    }

    function test_registerModel_priceAbove96Bits_reverts() public {
        uint256 price = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.PriceTooLarge.selector, price));
        _registerWith(price, 5_000, 0);
    }

    function test_setPrice_atAndAbove96Bits() public {
        uint256 m = _registerWith(PRICE, 5_000, 0);
        vm.prank(BUILDER);
        models.setPrice(m, type(uint96).max);
        assertEq(models.model(m).price, type(uint96).max, "96 bits");
        uint256 price = uint256(type(uint96).max) + 1;
        vm.prank(BUILDER);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.PriceTooLarge.selector, price));
        models.setPrice(m, price);
        vm.prank(BUILDER);
        vm.expectRevert(IModelRegistry.ZeroPrice.selector);
        models.setPrice(m, 0);
    }

    // ─── Owner split against the data floor (30 %) ──────────────────────────────────────────────────────────────

    function test_registerModel_dataShareAtTheFloor_isAccepted() public {
        uint256 m = _registerWith(PRICE, BPS - 3_000, 0);
        assertEq(models.model(m).ownerBps, 7_000, "owner 70 %, data exactly at the floor");
    }

    function test_registerModel_dataShareOneBelowTheFloor_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DataShareBelowFloor.selector, 2_999, 3_000));
        _registerWith(PRICE, 7_001, 0);
    }

    function test_setSplit_dataShareAtAndBelowTheFloor() public {
        uint256 m = _registerWith(PRICE, 5_000, 0);
        vm.prank(BUILDER);
        models.setSplit(m, 7_000);
        assertEq(models.model(m).ownerBps, 7_000, "at the floor");
        vm.prank(BUILDER);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DataShareBelowFloor.selector, 2_999, 3_000));
        models.setSplit(m, 7_001);
    }

    function test_registerModel_ownerShareAtAndAboveTotal_withoutFloor() public {
        settlement.setMinDataBps(0);
        assertEq(models.model(_registerWith(PRICE, BPS, 0)).ownerBps, BPS, "the owner may take everything");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, BPS + 1, BPS));
        _registerWith(PRICE, BPS + 1, 0);
    }

    // ─── Lineage depth (limit 3) ────────────────────────────────────────────────────────────────────────────────

    function test_registerModel_depthAtTheLimit_isAccepted() public {
        uint256 m = _chain(3);
        assertEq(models.model(m).depth, 3, "depth 3");
        assertEq(models.lineage(m).length, 3, "three ancestors");
        assertEq(models.lineage(m)[0], m - 1, "parent first");
    }

    function test_registerModel_depthOneAboveTheLimit_reverts() public {
        uint256 m = _chain(3);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.LineageTooDeep.selector, 4, 3));
        _registerWith(PRICE, 5_000, m);
    }

    function test_registerModel_depthAtTheCap_acceptedAndCapPlusOneRefused() public {
        models.setMaxLineageDepth(models.LINEAGE_DEPTH_CAP());
        uint256 m = _chain(8);
        assertEq(models.model(m).depth, 8, "depth at the cap");
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.LineageTooDeep.selector, 9, 8));
        _registerWith(PRICE, 5_000, m);
    }

    function test_registerModel_rootAtLimitZero_isAccepted() public {
        models.setMaxLineageDepth(0);
        uint256 root = _registerWith(PRICE, 5_000, 0);
        assertEq(models.model(root).depth, 0, "a root has depth 0");
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.LineageTooDeep.selector, 1, 0));
        _registerWith(PRICE, 5_000, root);
    }

    // ─── Governance bounds ──────────────────────────────────────────────────────────────────────────────────────

    function test_setMinDataBps_atAndAboveTotal() public {
        settlement.setMinDataBps(BPS);
        assertEq(models.minDataBps(), BPS, "at the total");
        assertEq(settlement.minDataBps(), BPS, "the copy at the total");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, BPS + 1, BPS));
        settlement.setMinDataBps(BPS + 1);
        assertEq(settlement.minDataBps(), BPS, "a refused floor leaves the copy");
    }

    function test_setMinDataBps_setsTheRegistryAndTheCopyTogether() public {
        vm.expectEmit(address(models));
        emit IModelRegistry.MinDataBpsSet(4_200);
        settlement.setMinDataBps(4_200);
        assertEq(models.minDataBps(), 4_200, "the registry's floor");
        assertEq(settlement.minDataBps(), 4_200, "settlement's copy");
    }

    function test_RevertWhen_theRegistryFloorIsSetOtherThanThroughSettlement() public {
        // This test holds ADMIN (the Timelock's role): even so, only Settlement may set the registry's floor.
        vm.expectRevert(abi.encodeWithSignature("AccessManagedUnauthorized(address)", address(this)));
        models.setMinDataBps(4_200);
        assertEq(models.minDataBps(), MIN_DATA_BPS, "the floor is unchanged");
        assertEq(settlement.minDataBps(), MIN_DATA_BPS, "the copy is unchanged");
    }

    function test_settle_holdsTheOwnerShareToARaisedFloorAtOnce() public {
        uint256 modelId = _registerWith(PRICE, 7_000, 0);
        settlement.setMinDataBps(6_000);
        (uint256 packed, , ) = models.packedSettlementTerms(modelId, settlement.minDataBps());
        assertEq(uint16(packed >> 96), 4_000, "the owner share held to the raised floor");
        (packed, , ) = models.packedSettlementTerms(modelId, BPS + 1);
        assertEq(uint16(packed >> 96), 0, "a floor above the total leaves the owner nothing");
    }

    function test_setMaxLineageDepth_atAndAboveTheCap() public {
        models.setMaxLineageDepth(8);
        assertEq(models.maxLineageDepth(), 8, "at the cap");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 9, 8));
        models.setMaxLineageDepth(9);
    }

    function test_setPublishFee_atAndAbove96Bits() public {
        models.setPublishFee(type(uint96).max);
        assertEq(models.publishFee(), type(uint96).max, "96 bits");
        uint256 fee = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, fee, type(uint96).max));
        models.setPublishFee(fee);
    }

    function test_registerModel_publishFeeOfOneWei_isPaidToTheTreasury() public {
        models.setPublishFee(1);
        _fund(BUILDER, 1);
        vm.prank(BUILDER);
        open.approve(address(models), 1);
        uint256 before = open.balanceOf(TREASURY);
        _registerWith(PRICE, 5_000, 0);
        assertEq(open.balanceOf(TREASURY), before + 1, "one wei to the treasury");
        // With no fee, nothing is pulled: a builder without allowance registers.
        models.setPublishFee(0);
        _registerWith(PRICE, 5_000, 0);
    }

    // ─── Versions ───────────────────────────────────────────────────────────────────────────────────────────────

    function test_version_lastIndexAndOnePast() public {
        uint256 m = _registerWith(PRICE, 5_000, 0);
        vm.prank(BUILDER);
        models.publishVersion(m, keccak256("v1"), "ipfs://v1", new uint256[](0));
        assertEq(models.version(m, 1).weightsHash, keccak256("v1"), "the last version");
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.UnknownVersion.selector, m, 2, 2));
        models.version(m, 2);
    }

    // ─── URIs and hashes: empty and one byte ────────────────────────────────────────────────────────────────────

    function test_registerModel_oneByteURIsAndHash_areAcceptedAndEmptyOnesRefused() public {
        IModelRegistry.ModelParams memory p = _params(PRICE, 5_000, 0);
        p.cardURI = "c";
        p.weightsURI = "w";
        p.weightsHash = bytes32(uint256(1));
        vm.prank(BUILDER);
        models.registerModel(p);

        p.cardURI = "";
        vm.prank(BUILDER);
        vm.expectRevert(IErrors.EmptyURI.selector);
        models.registerModel(p);

        p.cardURI = "c";
        p.weightsURI = "";
        vm.prank(BUILDER);
        vm.expectRevert(IErrors.EmptyURI.selector);
        models.registerModel(p);

        p.weightsURI = "w";
        p.weightsHash = bytes32(0);
        vm.prank(BUILDER);
        vm.expectRevert(IErrors.ZeroHash.selector);
        models.registerModel(p);
    }

    // ─── The owner share held to the floor ──────────────────────────────────────────────────────────────────────

    function test_terms_ownerShareAtTheCeiling_isKept_andOneAboveIsClamped() public {
        uint256 m = _registerWith(PRICE, 7_000, 0);
        assertEq(models.settlementTerms(m).ownerBps, 7_000, "at the ceiling: kept");
        settlement.setMinDataBps(3_001);
        assertEq(models.settlementTerms(m).ownerBps, 6_999, "one above the new ceiling: clamped");
        assertEq(models.royaltyTerms(m).ownerBps, 6_999, "the royalty terms too");
        settlement.setMinDataBps(2_999);
        assertEq(models.settlementTerms(m).ownerBps, 7_000, "below the ceiling: kept");
    }

    // ─── The packed training set: five entries per word ─────────────────────────────────────────────────────────

    function test_terms_oneDatanet_comesWholeFromTheModelSlot() public {
        IModelRegistry.Terms memory one = models.settlementTerms(_registerSet(_one(3, BPS)));
        assertEq(one.datanetCount, 1, "count");
        assertEq(one.datanets[0] >> 48, 0, "nothing beyond the first entry");
        assertEq(one.datanets[1], 0, "no second word");
        (uint256 id, uint256 bps) = TrainingSet.at(one.datanets, 0);
        assertEq(id, 3, "id");
        assertEq(bps, BPS, "weight");
        IModelRegistry.Terms memory two = models.settlementTerms(_registerSet(_pair(4_000, 6_000)));
        (id, bps) = TrainingSet.at(two.datanets, 1);
        assertEq(id, 2, "a second entry comes from the words");
        assertEq(bps, 6_000, "second weight");
    }

    function test_terms_depthIsTheNumberOfAncestors() public {
        uint256 deepest = _chain(3);
        assertEq(models.settlementTerms(deepest).depth, 3, "three ancestors");
        assertEq(models.royaltyTerms(deepest - 3).depth, 0, "the root");
    }

    function test_terms_fiveDatanetsUseOneWord_sixUseTwo() public {
        IModelRegistry.Terms memory five = models.settlementTerms(_registerSet(_even(5)));
        assertEq(five.datanets[1], 0, "five entries fit the first word");
        IModelRegistry.Terms memory six = models.settlementTerms(_registerSet(_even(6)));
        assertTrue(six.datanets[1] != 0, "the sixth entry is in the second word");
        (uint256 id, uint256 bps) = TrainingSet.at(six.datanets, 5);
        assertEq(id, 6, "sixth id");
        assertEq(bps, BPS - 5 * (BPS / 6), "sixth weight");
    }

    function test_trainingSet_entryFourEndsTheFirstWord_entryFiveStartsTheSecond() public pure {
        uint256[2] memory words;
        TrainingSet.set(words, 4, type(uint32).max, type(uint16).max);
        assertEq(words[1], 0, "entry 4 is in word 0");
        assertEq(words[0] >> 192, (uint256(type(uint16).max) << 32) | type(uint32).max, "at bits 192..239");
        TrainingSet.set(words, 5, 7, 9);
        assertEq(words[1], (uint256(9) << 32) | 7, "entry 5 starts word 1");
        (uint256 id4, uint256 bps4) = TrainingSet.at(words, 4);
        (uint256 id5, uint256 bps5) = TrainingSet.at(words, 5);
        assertEq(id4, type(uint32).max, "id 4");
        assertEq(bps4, type(uint16).max, "bps 4");
        assertEq(id5, 7, "id 5");
        assertEq(bps5, 9, "bps 5");
    }

    // ─── Suspension and deprecation flags ───────────────────────────────────────────────────────────────────────

    function test_setSuspended_toTheCurrentValue_reverts() public {
        uint256 m = _registerWith(PRICE, 5_000, 0);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SuspensionUnchanged.selector, m, false));
        models.setSuspended(m, false);
        models.setSuspended(m, true);
        assertTrue(models.royaltyTerms(m).suspended, "royalty terms show the suspension");
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SuspensionUnchanged.selector, m, true));
        models.setSuspended(m, true);
    }

    // ─── Helpers ────────────────────────────────────────────────────────────────────────────────────────────────

    function _one(uint256 id, uint256 bps) private pure returns (IModelRegistry.TrainingDatanet[] memory set) {
        set = new IModelRegistry.TrainingDatanet[](1);
        set[0] = IModelRegistry.TrainingDatanet(id, 1, bps);
    }

    function _pair(uint256 a, uint256 b) private pure returns (IModelRegistry.TrainingDatanet[] memory set) {
        set = new IModelRegistry.TrainingDatanet[](2);
        set[0] = IModelRegistry.TrainingDatanet(1, 1, a);
        set[1] = IModelRegistry.TrainingDatanet(2, 1, b);
    }

    /// @dev Datanets 1..n with equal weights, the last taking the remainder.
    function _even(uint256 n) private pure returns (IModelRegistry.TrainingDatanet[] memory set) {
        set = new IModelRegistry.TrainingDatanet[](n);
        for (uint256 i; i < n; ++i) {
            set[i] = IModelRegistry.TrainingDatanet(i + 1, 1, i + 1 == n ? BPS - (n - 1) * (BPS / n) : BPS / n);
        }
    }

    /// @dev Built without any external call, so that a test may expect a revert before it.
    function _params(
        uint256 price,
        uint256 ownerBps,
        uint256 parentId
    ) private returns (IModelRegistry.ModelParams memory) {
        return
            IModelRegistry.ModelParams({
                cardURI: "ipfs://card",
                weightsHash: keccak256(abi.encode(++_nonce)),
                weightsURI: "ipfs://weights",
                parentId: parentId,
                datanets: _single(1),
                price: price,
                ownerBps: ownerBps
            });
    }

    function _registerWith(uint256 price, uint256 ownerBps, uint256 parentId) private returns (uint256) {
        IModelRegistry.ModelParams memory p = _params(price, ownerBps, parentId);
        vm.prank(BUILDER);
        return models.registerModel(p);
    }

    function _registerSet(IModelRegistry.TrainingDatanet[] memory set) private returns (uint256) {
        IModelRegistry.ModelParams memory p = _params(PRICE, 5_000, 0);
        p.datanets = set;
        vm.prank(BUILDER);
        return models.registerModel(p);
    }

    /// @dev A root and `depth` descendants, each the parent of the next; returns the deepest.
    function _chain(uint256 depth) private returns (uint256 m) {
        m = _registerWith(PRICE, 5_000, 0);
        for (uint256 i; i < depth; ++i) m = _registerWith(PRICE, 5_000, m);
    }
}

/// @notice Every comparison of Settlement's split code and of PermitLib, on each side of its boundary: the payer's
/// cap, units, the governance bounds on the fee shares and the royalty, the lineage walk's level bound, the reuse of a
/// model's terms in a batch, the last-part remainder, and a permit's deadline and front-run allowance.
contract SettlementSplitBoundariesTest is SettlementFixture {
    uint256 private constant BPS = 10_000;
    uint256 private constant PRICE = 1e18;
    uint256 private constant PAYER_KEY = 0xA11CE;
    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    uint256 private _model;

    function setUp() public {
        _setUpSettlement();
        _model = _register(address(0xB1), 0, _single(1), PRICE, 5_000);
    }

    // ─── The payer's cap ────────────────────────────────────────────────────────────────────────────────────────

    function test_settle_feeEqualToTheCap_isAccepted() public {
        vm.prank(PAYER);
        assertEq(settlement.settle(_model, 3, 3 * PRICE, bytes32(0), bytes32(0)), 3 * PRICE, "fee at the cap");
    }

    function test_settle_capOneBelowTheFee_reverts() public {
        vm.prank(PAYER);
        vm.expectRevert(abi.encodeWithSelector(ISettlement.FeeAboveCap.selector, 3 * PRICE, 3 * PRICE - 1));
        settlement.settle(_model, 3, 3 * PRICE - 1, bytes32(0), bytes32(0));
    }

    function test_settleBatch_feeEqualToTheCap_acceptedAndOneBelowRefused() public {
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](1);
        batch[0] = ISettlement.Inference(_model, 2, 2 * PRICE, bytes32(0), bytes32(0));
        vm.prank(PAYER);
        assertEq(settlement.settleBatch(batch), 2 * PRICE, "at the cap");
        batch[0].maxFee = 2 * PRICE - 1;
        vm.prank(PAYER);
        vm.expectRevert(abi.encodeWithSelector(ISettlement.FeeAboveCap.selector, 2 * PRICE, 2 * PRICE - 1));
        settlement.settleBatch(batch);
    }

    function test_settle_zeroUnits_revertsAndOneUnitSettles() public {
        vm.prank(PAYER);
        vm.expectRevert(ISettlement.ZeroUnits.selector);
        settlement.settle(_model, 0, type(uint256).max, bytes32(0), bytes32(0));
        vm.prank(PAYER);
        assertEq(settlement.settle(_model, 1, PRICE, bytes32(0), bytes32(0)), PRICE, "one unit");
    }

    // ─── Governance bounds ──────────────────────────────────────────────────────────────────────────────────────

    function test_setFeeShares_sumAtTheMax_isAccepted() public {
        settlement.setFeeShares(2_000, 3_000);
        assertEq(settlement.protocolBps() + settlement.stakersBps(), settlement.MAX_FEE_SHARES_BPS(), "at the max");
        settlement.setFeeShares(5_000, 0);
        settlement.setFeeShares(0, 5_000);
    }

    function test_setFeeShares_sumOneAboveTheMax_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 5_001, 5_000));
        settlement.setFeeShares(2_001, 3_000);
    }

    function test_setLineageBps_atTheMax_acceptedAndOneAboveRefused() public {
        settlement.setLineageBps(5_000);
        assertEq(settlement.lineageBps(), 5_000, "at the max");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 5_001, 5_000));
        settlement.setLineageBps(5_001);
    }

    function test_settle_feeSharesAtTheMax_partsStillAddUp() public {
        settlement.setFeeShares(2_500, 2_500);
        settlement.setLineageBps(5_000);
        uint256 child = _register(address(0xC1), _model, _single(2), PRICE + 7, 7_000);
        vm.prank(PAYER);
        uint256 fee = settlement.settle(child, 3, type(uint256).max, bytes32(0), bytes32(0));
        assertEq(_creditsTotal(), fee, "the parts add up");
        assertEq(settlement.treasuryAccrued(), (fee * 2_500) / BPS, "protocol");
    }

    // ─── The royalty ────────────────────────────────────────────────────────────────────────────────────────────

    function test_settle_lineageBpsZero_paysNoRoyalty_andOneBpPays() public {
        uint256 child = _register(address(0xC1), _model, _single(2), PRICE, 7_000);
        settlement.setLineageBps(0);
        vm.prank(PAYER);
        settlement.settle(child, 1, PRICE, bytes32("a"), bytes32(0));
        assertEq(settlement.modelRevenue(_model), 0, "no royalty at 0 bps");
        assertEq(settlement.previewSplit(child, PRICE).models.length, 1, "one level");

        settlement.setLineageBps(1);
        vm.prank(PAYER);
        settlement.settle(child, 1, PRICE, bytes32("b"), bytes32(0));
        uint256 amount = PRICE - (PRICE * 2_000) / BPS;
        uint256 royalty = (((amount * 7_000) / BPS) * 1) / BPS;
        assertEq(settlement.modelRevenue(_model), (royalty * 5_000) / BPS, "the parent's share of a 1 bp royalty");
        assertEq(_creditsTotal(), 2 * PRICE, "the parts add up");
    }

    function test_settle_walkStopsAtTheLevelBound_evenIfARootClaimedAParent() public {
        models.setMaxLineageDepth(models.LINEAGE_DEPTH_CAP());
        uint256 root = _register(address(0xD0), 0, _single(1), PRICE, 7_000);
        uint256 leaf = root;
        for (uint256 i = 1; i <= 8; ++i)
            leaf = _register(address(uint160(0xD0 + i)), leaf, _single(1 + i), PRICE, 7_000);
        // Make the root claim a parent (itself): only the level bound stops the walk after nine levels.
        IModelRegistry.Terms memory t = models.royaltyTerms(root);
        t.parentId = root;
        VmMock(address(vm)).mockCall(
            address(models),
            abi.encodeCall(IModelRegistry.royaltyTerms, (root)),
            abi.encode(t)
        );

        ISettlement.SplitPreview memory p = settlement.previewSplit(leaf, 1_000e18);
        assertEq(p.models.length, 9, "nine levels, the most a sink holds");
        assertEq(p.models[8].id, root, "the root is the last level");
        vm.prank(PAYER);
        settlement.settle(leaf, 1_000, type(uint256).max, bytes32(0), bytes32(0));
        assertEq(_creditsTotal(), 1_000 * PRICE, "the parts add up");
    }

    // ─── Batches: the terms of consecutive inferences ───────────────────────────────────────────────────────────

    function test_settleBatch_empty_revertsAndOneInferenceSettles() public {
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](0);
        vm.prank(PAYER);
        vm.expectRevert(IErrors.EmptyBatch.selector);
        settlement.settleBatch(batch);
        batch = new ISettlement.Inference[](1);
        batch[0] = ISettlement.Inference(_model, 1, PRICE, bytes32(0), bytes32(0));
        vm.prank(PAYER);
        assertEq(settlement.settleBatch(batch), PRICE, "one inference");
    }

    function test_settleBatch_firstInferenceOfModelZero_revertsAsUnknown() public {
        // The first inference always reads its terms, even for the id that "the last model" starts at.
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](1);
        batch[0] = ISettlement.Inference(0, 1, type(uint256).max, bytes32(0), bytes32(0));
        vm.prank(PAYER);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.UnknownModel.selector, 0));
        settlement.settleBatch(batch);
    }

    function test_settleBatch_modelChangesAndComesBack_readsEachModelsTerms() public {
        uint256 other = _register(address(0xB2), 0, _single(2), 3 * PRICE, 5_000);
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](4);
        batch[0] = ISettlement.Inference(_model, 1, type(uint256).max, bytes32("0"), bytes32(0));
        batch[1] = ISettlement.Inference(_model, 1, type(uint256).max, bytes32("1"), bytes32(0));
        batch[2] = ISettlement.Inference(other, 1, type(uint256).max, bytes32("2"), bytes32(0));
        batch[3] = ISettlement.Inference(_model, 1, type(uint256).max, bytes32("3"), bytes32(0));
        vm.prank(PAYER);
        assertEq(settlement.settleBatch(batch), 6 * PRICE, "1 + 1 + 3 + 1");
        assertEq(settlement.modelRevenue(other), ((3 * PRICE - (3 * PRICE * 2_000) / BPS) * 5_000) / BPS, "other");
    }

    // ─── The last part takes the remainder ──────────────────────────────────────────────────────────────────────

    function test_settle_lastDatanetTakesTheRemainder() public {
        IModelRegistry.TrainingDatanet[] memory set = new IModelRegistry.TrainingDatanet[](3);
        set[0] = IModelRegistry.TrainingDatanet(1, 1, 3_333);
        set[1] = IModelRegistry.TrainingDatanet(2, 1, 3_333);
        set[2] = IModelRegistry.TrainingDatanet(3, 1, 3_334);
        uint256 m = _register(address(0xB3), 0, set, 101, 5_000);
        vm.prank(PAYER);
        settlement.settle(m, 1, 101, bytes32(0), bytes32(0));
        // 101: protocol 5, stakers 15, amount 81, owner 40, data 41 → 13, 13, and the remainder 15 (not 13).
        assertEq(settlement.accrued(1), 13, "first");
        assertEq(settlement.accrued(2), 13, "second");
        assertEq(settlement.accrued(3), 15, "the last takes the remainder");
        assertEq(_creditsTotal(), 101, "the parts add up");
    }

    function test_settle_dustCreditsOfZero_areSkipped() public {
        uint256 m = _register(address(0xB4), 0, _single(2), 1, 0);
        vm.prank(PAYER);
        settlement.settle(m, 1, 1, bytes32(0), bytes32(0));
        // A fee of 1 wei: protocol 0, stakers 0, owner 0, data 1.
        assertEq(settlement.accrued(2), 1, "the data share takes the wei");
        assertEq(_creditsTotal(), 1, "the parts add up");
    }

    // ─── Model revenue ──────────────────────────────────────────────────────────────────────────────────────────

    function test_withdrawModelRevenue_zeroRefused_oneWeiPaid() public {
        vm.prank(address(0xB1));
        vm.expectRevert(ISettlement.NothingToWithdraw.selector);
        settlement.withdrawModelRevenue(_model, address(0xB1));
        uint256 m = _register(address(0xB5), 0, _single(2), 2, 5_000);
        vm.prank(PAYER);
        settlement.settle(m, 1, 2, bytes32(0), bytes32(0));
        assertEq(settlement.modelRevenue(m), 1, "one wei");
        vm.prank(address(0xB5));
        settlement.withdrawModelRevenue(m, address(0xB5));
        assertEq(open.balanceOf(address(0xB5)), 1, "paid");
    }

    function test_withdrawModelRevenue_toZero_reverts() public {
        vm.prank(address(0xB1));
        vm.expectRevert(IErrors.ZeroAddress.selector);
        settlement.withdrawModelRevenue(_model, address(0));
    }

    // ─── PermitLib: the deadline and a front-run permit ─────────────────────────────────────────────────────────

    function test_settleWithPermit_deadlineNow_isAccepted() public {
        address payer = _permitPayer();
        PermitLib.Permit memory permit = _permit(payer, PRICE, 0, block.timestamp);
        vm.prank(payer);
        assertEq(settlement.settleWithPermit(_inference(PRICE), permit), PRICE, "the permit's last second");
    }

    function test_settleWithPermit_deadlineOneSecondAgo_reverts() public {
        address payer = _permitPayer();
        vm.warp(block.timestamp + 100);
        uint256 deadline = block.timestamp - 1;
        PermitLib.Permit memory permit = _permit(payer, PRICE, 0, deadline);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        settlement.settleWithPermit(_inference(PRICE), permit);
    }

    function test_settleWithPermit_frontRunWithAllowanceEqualToTheCap_isAccepted() public {
        address payer = _permitPayer();
        PermitLib.Permit memory permit = _permit(payer, PRICE, 0, block.timestamp);
        // Someone submits the permit first: the allowance is exactly the cap.
        open.permit(payer, address(settlement), PRICE, permit.deadline, permit.v, permit.r, permit.s);
        vm.prank(payer);
        assertEq(settlement.settleWithPermit(_inference(PRICE), permit), PRICE, "the front-run allowance is used");
    }

    function test_settleWithPermit_usedPermitWithAllowanceOneBelowTheCap_rethrowsThePermitError() public {
        address payer = _permitPayer();
        PermitLib.Permit memory permit = _permit(payer, PRICE, 0, block.timestamp);
        open.permit(payer, address(settlement), PRICE, permit.deadline, permit.v, permit.r, permit.s);
        vm.prank(payer);
        open.approve(address(settlement), PRICE - 1);
        vm.prank(payer);
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        settlement.settleWithPermit(_inference(PRICE), permit);
    }

    function _permitPayer() private returns (address payer) {
        payer = vm.addr(PAYER_KEY);
        _fund(payer, 10 * PRICE);
    }

    function _inference(uint256 maxFee) private view returns (ISettlement.Inference memory) {
        return ISettlement.Inference(_model, 1, maxFee, bytes32("permit"), bytes32(0));
    }

    function _permit(
        address owner,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) private view returns (PermitLib.Permit memory p) {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, address(settlement), value, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", open.DOMAIN_SEPARATOR(), structHash));
        (p.v, p.r, p.s) = vm.sign(PAYER_KEY, digest);
        p.deadline = deadline;
    }
}
