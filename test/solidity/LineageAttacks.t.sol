// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { SettlementFixture } from "./Settlement.t.sol";

/// @notice A model suspended by governance kept earning: its owner still withdrew its revenue, and its children still
/// paid it (and, through it, its ancestors) their lineage royalty. Each test runs the attack and shows that it fails:
/// a suspended model's revenue is frozen, and the royalty it would receive stays with the child's own datanets.
contract LineageAttacksTest is SettlementFixture {
    uint256 private constant BPS = 10_000;
    address private constant ROOT_OWNER = address(0xA1);
    address private constant PARENT_OWNER = address(0xA2);
    address private constant CHILD_OWNER = address(0xA3);
    uint256 private constant PRICE = 1e18;
    uint256 private constant CHILD_OWNER_BPS = 5_000;

    uint256 private _root;
    uint256 private _parent;
    uint256 private _child;

    function setUp() public {
        _setUpSettlement();
        // root (datanet 1) ← parent (datanet 2) ← child (datanets 3 at 60 % and 4 at 40 %).
        _root = _register(ROOT_OWNER, 0, _single(1), PRICE, 7_000);
        _parent = _register(PARENT_OWNER, _root, _single(2), PRICE, 6_000);
        IModelRegistry.TrainingDatanet[] memory set = new IModelRegistry.TrainingDatanet[](2);
        set[0] = IModelRegistry.TrainingDatanet(3, 1, 6_000);
        set[1] = IModelRegistry.TrainingDatanet(4, 1, 4_000);
        _child = _register(CHILD_OWNER, _parent, set, PRICE, CHILD_OWNER_BPS);
    }

    // ─── A suspended model withdrawing its revenue ──────────────────────────────────────────────────────────────

    function test_withdrawModelRevenue_suspendedModelWithdrawingRevenue_reverts() public {
        _settle(_parent, 3);
        uint256 revenue = settlement.modelRevenue(_parent);
        assertTrue(revenue > 0, "the parent earned");
        models.setSuspended(_parent, true);

        vm.prank(PARENT_OWNER);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelIsSuspended.selector, _parent));
        settlement.withdrawModelRevenue(_parent, PARENT_OWNER);

        assertEq(settlement.modelRevenue(_parent), revenue, "revenue frozen, not lost");
        assertEq(open.balanceOf(PARENT_OWNER), 0, "nothing paid");
    }

    function test_withdrawModelRevenue_suspendedModelSoldToAnotherOwner_stillReverts() public {
        _settle(_parent, 1);
        models.setSuspended(_parent, true);
        address buyer = address(0xB0B);
        vm.prank(PARENT_OWNER);
        models.transferFrom(PARENT_OWNER, buyer, _parent);

        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelIsSuspended.selector, _parent));
        settlement.withdrawModelRevenue(_parent, buyer);
    }

    function test_withdrawModelRevenue_suspensionLifted_paysEverythingFrozen() public {
        _settle(_parent, 2);
        uint256 revenue = settlement.modelRevenue(_parent);
        models.setSuspended(_parent, true);
        models.setSuspended(_parent, false);

        vm.prank(PARENT_OWNER);
        settlement.withdrawModelRevenue(_parent, PARENT_OWNER);

        assertEq(open.balanceOf(PARENT_OWNER), revenue, "paid in full");
        assertEq(settlement.modelRevenue(_parent), 0, "nothing left");
    }

    function test_withdrawModelRevenue_suspendedParent_childStillWithdraws() public {
        _settle(_child, 1);
        models.setSuspended(_parent, true);
        uint256 revenue = settlement.modelRevenue(_child);

        vm.prank(CHILD_OWNER);
        settlement.withdrawModelRevenue(_child, CHILD_OWNER);

        assertEq(open.balanceOf(CHILD_OWNER), revenue, "the child is not frozen");
    }

    // ─── A suspended parent receiving its children's royalties ──────────────────────────────────────────────────

    function test_settle_suspendedParentReceivingChildRoyalties_royaltyGoesToChildDatanets() public {
        models.setSuspended(_parent, true);
        uint256 fee = _settle(_child, 7);

        Expected memory e = _expectedWithParentSuspended(fee);
        assertEq(settlement.modelRevenue(_parent), 0, "the suspended parent earns nothing");
        assertEq(settlement.modelRevenue(_root), 0, "nor its ancestors, through it");
        assertEq(settlement.accrued(2), 0, "nor its datanet");
        assertEq(settlement.accrued(1), 0, "nor its ancestors' datanets");
        assertEq(settlement.modelRevenue(_child), e.kept, "the child keeps its owner share less the royalty");
        assertEq(settlement.accrued(3), e.first, "the first datanet: 60 % of data + royalty");
        assertEq(settlement.accrued(4), e.second, "the last datanet takes the remainder");
        assertEq(_creditsTotal(), fee, "the parts add up to the fee");
    }

    function test_settle_suspendedGrandparent_parentKeepsItsRoyaltyAndItsDatanetTakesTheRest() public {
        models.setSuspended(_root, true);
        uint256 fee = _settle(_child, 5);

        uint256 amount = fee - (fee * 500) / BPS - (fee * 1500) / BPS;
        uint256 ownerShare = (amount * CHILD_OWNER_BPS) / BPS;
        uint256 royalty = (ownerShare * 1000) / BPS;
        // At the parent: owner share 60 %, its royalty to the suspended root joins the parent's own data share.
        uint256 parentShare = (royalty * 6_000) / BPS;
        uint256 parentRoyalty = (parentShare * 1000) / BPS;
        assertEq(settlement.modelRevenue(_root), 0, "the suspended root earns nothing");
        assertEq(settlement.accrued(1), 0, "nor its datanet");
        assertEq(settlement.modelRevenue(_parent), parentShare - parentRoyalty, "the parent is paid as usual");
        assertEq(settlement.accrued(2), royalty - parentShare + parentRoyalty, "the parent's datanet takes the rest");
        assertEq(_creditsTotal(), fee, "the parts add up to the fee");
    }

    function test_settleBatch_suspendedParentReceivingChildRoyalties_royaltyGoesToChildDatanets() public {
        models.setSuspended(_parent, true);
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](2);
        batch[0] = ISettlement.Inference(_child, 4, type(uint256).max, bytes32("a"), bytes32(0));
        batch[1] = ISettlement.Inference(_child, 3, type(uint256).max, bytes32("b"), bytes32(0));
        vm.prank(PAYER);
        settlement.settleBatch(batch);

        Expected memory a = _expectedWithParentSuspended(4 * PRICE);
        Expected memory b = _expectedWithParentSuspended(3 * PRICE);
        assertEq(settlement.modelRevenue(_parent), 0, "the suspended parent earns nothing");
        assertEq(settlement.modelRevenue(_root), 0, "nor its ancestors");
        assertEq(settlement.modelRevenue(_child), a.kept + b.kept, "the child keeps its share");
        assertEq(settlement.accrued(3), a.first + b.first, "first datanet");
        assertEq(settlement.accrued(4), a.second + b.second, "last datanet");
        assertEq(_creditsTotal(), 7 * PRICE, "the parts add up");
    }

    function test_previewSplit_suspendedParent_showsTheRoyaltyWithTheChildDatanets() public {
        models.setSuspended(_parent, true);
        uint256 fee = 7 * PRICE + 3;

        ISettlement.SplitPreview memory p = settlement.previewSplit(_child, fee);

        Expected memory e = _expectedWithParentSuspended(fee);
        assertEq(p.models.length, 1, "only the child is credited");
        assertEq(p.models[0].id, _child, "the child");
        assertEq(p.models[0].amount, e.kept, "its kept share");
        assertEq(p.datanets.length, 2, "only the child's datanets");
        assertEq(p.datanets[0].id, 3, "first datanet");
        assertEq(p.datanets[0].amount, e.first, "first amount");
        assertEq(p.datanets[1].id, 4, "last datanet");
        assertEq(p.datanets[1].amount, e.second, "last amount");
        assertEq(p.datanets[0].modelId, _child, "first datanet credited for the child");
        assertEq(p.datanets[1].modelId, _child, "last datanet credited for the child");
        assertEq(p.datanets[0].version, 1, "first datanet's version in force");
        assertEq(p.datanets[1].version, 1, "last datanet's version in force");
        assertEq(_previewTotal(p), fee, "the preview adds up to the fee");
    }

    function test_previewSplit_suspendedParent_matchesWhatSettlementCredits() public {
        models.setSuspended(_parent, true);
        ISettlement.SplitPreview memory p = settlement.previewSplit(_child, 9 * PRICE);
        _settle(_child, 9);

        assertEq(settlement.modelRevenue(_child), _sumFor(p.models, _child), "model");
        for (uint256 d = 1; d <= 4; ++d) assertEq(settlement.accrued(d), _sumFor(p.datanets, d), "datanet");
    }

    function test_setSuspended_lifted_restoresRoyaltiesAndPreview() public {
        ISettlement.SplitPreview memory before = settlement.previewSplit(_child, 5 * PRICE);
        models.setSuspended(_parent, true);
        models.setSuspended(_parent, false);

        ISettlement.SplitPreview memory p = settlement.previewSplit(_child, 5 * PRICE);
        assertEq(p.models.length, 3, "the whole lineage again");
        assertEq(keccak256(abi.encode(p)), keccak256(abi.encode(before)), "the same split as before the suspension");
        _settle(_child, 5);
        assertEq(settlement.modelRevenue(_parent), _sumFor(before.models, _parent), "the parent earns again");
        assertEq(settlement.modelRevenue(_root), _sumFor(before.models, _root), "and its ancestors");
    }

    function testFuzz_settle_suspendedAncestors_earnNothingAndPartsAddUp(
        uint256 depth,
        uint256 suspendSeed,
        uint256 units,
        uint256 seed
    ) public {
        depth = bound(depth, 1, 3);
        uint256 first = models.modelCount() + 1;
        uint256 leaf = _lineage(depth, 1e15 + (seed % 1e18), seed);
        // Suspend any subset of the ancestors (never the leaf: it could not be settled).
        for (uint256 m = first; m < leaf; ++m) {
            if ((suspendSeed >> (m - first)) & 1 == 1) models.setSuspended(m, true);
        }
        ISettlement.SplitPreview memory p = settlement.previewSplit(
            leaf,
            models.model(leaf).price * bound(units, 1, 50)
        );
        vm.prank(PAYER);
        uint256 fee = settlement.settle(leaf, bound(units, 1, 50), type(uint256).max, bytes32(0), bytes32(0));

        assertEq(_creditsTotal(), fee, "the parts add up to the fee");
        assertEq(_previewTotal(p), fee, "the preview adds up to the fee");
        bool cut;
        for (uint256 m = leaf; m >= first; --m) {
            // Walking up from the leaf: from the first suspended ancestor on, nobody earns.
            if (models.model(m).suspended) cut = true;
            if (cut) assertEq(settlement.modelRevenue(m), 0, "a suspended model, or one above it, earns nothing");
            assertEq(settlement.modelRevenue(m), _sumFor(p.models, m), "the preview shows what is credited");
        }
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    struct Expected {
        uint256 kept;
        uint256 first;
        uint256 second;
    }

    /// @dev The child's split of `fee` when its parent is suspended: protocol 5 %, stakers 15 %, owner 50 % of the
    /// rest less the 10 % royalty, and the data share plus the royalty over datanets 3 (60 %) and 4 (the remainder).
    function _expectedWithParentSuspended(uint256 fee) private pure returns (Expected memory e) {
        uint256 amount = fee - (fee * 500) / BPS - (fee * 1500) / BPS;
        uint256 ownerShare = (amount * CHILD_OWNER_BPS) / BPS;
        uint256 royalty = (ownerShare * 1000) / BPS;
        e.kept = ownerShare - royalty;
        uint256 data = amount - ownerShare + royalty;
        e.first = (data * 6_000) / BPS;
        e.second = data - e.first;
    }

    function _settle(uint256 modelId, uint256 units) private returns (uint256 fee) {
        vm.prank(PAYER);
        fee = settlement.settle(modelId, units, type(uint256).max, bytes32(units), bytes32(0));
    }
}
