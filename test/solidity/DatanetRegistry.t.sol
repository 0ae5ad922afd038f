// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice Fuzz tests of the DatanetRegistry: the bond policy, review weights, bond conservation through review and
/// withdrawal, paging, and Merkle records.
contract DatanetRegistryTest is SuiteBase {
    /// @dev One record of a Merkle batch.
    struct Record {
        address contributor;
        bytes32 contentHash;
        uint256 weight;
    }

    address private constant OWNER = address(0x0A11);
    address private constant ALICE = address(0xA11CE);
    address private constant BOB = address(0xB0B);
    uint256 private constant BOND = 10e18;

    function setUp() public {
        _deploySuite();
        address[3] memory accounts = [OWNER, ALICE, BOB];
        for (uint256 i; i < accounts.length; ++i) {
            _fund(accounts[i], 1_000_000e18);
            vm.prank(accounts[i]);
            open.approve(address(datanets), type(uint256).max);
        }
    }

    // ─── createDatanet ───────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_createDatanet_bondOnlyWithCuration(bool curated, uint256 bond) public {
        bond = bound(bond, 0, uint256(type(uint96).max) + 1000);
        if (bond != 0 && !curated) {
            vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.BondRequiresCuration.selector, bond));
        } else if (bond > type(uint96).max) {
            vm.expectRevert(
                abi.encodeWithSelector(IDatanetRegistry.BondTooLarge.selector, bond, uint256(type(uint96).max))
            );
        }
        vm.prank(OWNER);
        uint256 id = datanets.createDatanet("ipfs://d", curated, bond, OWNER);

        if (id != 0) {
            IDatanetRegistry.DatanetView memory d = datanets.datanet(id);
            assertEq(d.bond, bond, "bond");
            assertTrue(d.curated == curated, "policy");
        } else {
            assertEq(datanets.datanetCount(), 0, "nothing created");
        }
    }

    // ─── review ──────────────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_review_weightAcceptsRejectsOrIsTooLarge(uint256 weight) public {
        uint256 maxWeight = datanets.MAX_WEIGHT();
        weight = bound(weight, 0, maxWeight + 1000);
        uint256 id = _curated(BOND);
        bytes32 h = keccak256("record");
        vm.prank(ALICE);
        datanets.contribute(id, h, "ipfs://r");

        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](1);
        decisions[0] = IDatanetRegistry.Decision(h, weight);
        if (weight > maxWeight) {
            vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.WeightTooLarge.selector, weight, maxWeight));
        }
        vm.prank(OWNER);
        datanets.review(id, decisions);

        IDatanetRegistry.ContributionView memory c = datanets.contribution(id, h);
        IDatanetRegistry.ContributorStats memory st = datanets.contributorStats(ALICE);
        if (weight > maxWeight) {
            assertTrue(c.status == IDatanetRegistry.Status.Pending, "still pending");
            assertEq(datanets.bondCredit(ALICE) + datanets.bondCredit(OWNER), 0, "no credit");
        } else if (weight == 0) {
            assertTrue(c.status == IDatanetRegistry.Status.Rejected, "rejected");
            assertEq(st.accepted, 0, "not counted");
            assertEq(datanets.bondCredit(OWNER), BOND, "forfeited to owner");
            assertEq(datanets.bondCredit(ALICE), 0, "no refund");
        } else {
            assertTrue(c.status == IDatanetRegistry.Status.Accepted, "accepted");
            assertEq(c.weight, weight, "weight");
            assertEq(st.accepted, 1, "counted");
            assertEq(st.acceptedWeight, weight, "weight counted");
            assertEq(datanets.bondCredit(ALICE), BOND, "refunded");
            assertEq(datanets.bondCredit(OWNER), 0, "nothing forfeited");
        }
    }

    function testFuzz_review_bondsAreConserved(uint256 countSeed, uint256 acceptMask, uint256 weightSeed) public {
        uint256 n = bound(countSeed, 1, 12);
        uint256 id = _curated(BOND);
        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](n);
        uint256 accepted;
        for (uint256 i; i < n; ++i) {
            bytes32 h = keccak256(abi.encode("record", i));
            vm.prank(i % 2 == 0 ? ALICE : BOB);
            datanets.contribute(id, h, "ipfs://r");
            bool accept = (acceptMask >> i) & 1 == 1;
            if (accept) ++accepted;
            decisions[i] = IDatanetRegistry.Decision(
                h,
                accept ? bound(uint256(keccak256(abi.encode(weightSeed, i))), 1, 1000) : 0
            );
        }
        assertEq(open.balanceOf(address(datanets)), n * BOND, "bonds held");

        vm.prank(OWNER);
        datanets.review(id, decisions);

        uint256 credits = datanets.bondCredit(OWNER) + datanets.bondCredit(ALICE) + datanets.bondCredit(BOB);
        assertEq(credits, n * BOND, "every bond credited once");
        assertEq(datanets.bondCredit(OWNER), (n - accepted) * BOND, "forfeits");

        address[3] memory accounts = [OWNER, ALICE, BOB];
        for (uint256 i; i < accounts.length; ++i) {
            uint256 credit = datanets.bondCredit(accounts[i]);
            if (credit == 0) continue;
            uint256 before = open.balanceOf(accounts[i]);
            vm.prank(accounts[i]);
            datanets.withdrawBondCredit();
            assertEq(open.balanceOf(accounts[i]), before + credit, "paid");
        }
        assertEq(open.balanceOf(address(datanets)), 0, "nothing left behind");
    }

    // ─── Paged views ─────────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_contributionsOf_returnsTheRequestedWindow(uint256 count, uint256 offset, uint256 limit) public {
        count = bound(count, 0, 16);
        offset = bound(offset, 0, 24);
        limit = bound(limit, 0, 24);
        uint256 id = _open();
        for (uint256 i; i < count; ++i) {
            vm.prank(ALICE);
            datanets.contribute(id, keccak256(abi.encode(i)), "ipfs://r");
        }

        IDatanetRegistry.ContributionView[] memory page = datanets.contributionsOf(id, offset, limit);

        uint256 end = offset + limit < count ? offset + limit : count;
        uint256 expected = end > offset ? end - offset : 0;
        assertEq(page.length, expected, "page length");
        for (uint256 i; i < page.length; ++i) {
            assertEq(page[i].index, offset + i, "index");
            assertEq(page[i].contentHash, keccak256(abi.encode(offset + i)), "hash");
        }
    }

    function testFuzz_contributionsBy_filtersTheWindow(uint256 pattern, uint256 offset, uint256 limit) public {
        uint256 count = 16;
        offset = bound(offset, 0, 20);
        limit = bound(limit, 0, 20);
        uint256 id = _open();
        for (uint256 i; i < count; ++i) {
            vm.prank((pattern >> i) & 1 == 1 ? ALICE : BOB);
            datanets.contribute(id, keccak256(abi.encode(i)), "ipfs://r");
        }

        (IDatanetRegistry.ContributionView[] memory page, uint256 next) = datanets.contributionsBy(
            id,
            ALICE,
            offset,
            limit
        );

        uint256 end = offset >= count ? offset : (offset + limit < count ? offset + limit : count);
        assertEq(next, end, "next");
        uint256 n;
        for (uint256 i = offset; i < end; ++i) {
            if ((pattern >> i) & 1 == 1) {
                assertEq(page[n].index, i, "index");
                assertEq(page[n].contributor, ALICE, "contributor");
                ++n;
            }
        }
        assertEq(page.length, n, "matches");
    }

    // ─── Duplicates ──────────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_contribute_refusesADuplicateOnlyInTheSameDatanet(bytes32 h, bool curated) public {
        vm.assume(h != bytes32(0));
        uint256 first = curated ? _curated(0) : _open();
        uint256 second = _open();
        vm.prank(ALICE);
        datanets.contribute(first, h, "ipfs://r");

        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateContribution.selector, first, h));
        vm.prank(BOB);
        datanets.contribute(first, h, "ipfs://r");

        vm.prank(BOB);
        datanets.contribute(second, h, "ipfs://r");
        assertEq(datanets.contribution(second, h).contributor, BOB, "other datanet");
        assertEq(datanets.contribution(first, h).contributor, ALICE, "first kept");
    }

    // ─── Merkle records ──────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_verifyRecord_twoLeafTree(Record memory a, Record memory b) public {
        bytes32 leafA = _leaf(a);
        bytes32 leafB = _leaf(b);
        vm.assume(leafA != leafB);
        // OpenZeppelin's trees hash sibling pairs in sorted order.
        bytes32 root =
            leafA < leafB ? keccak256(abi.encodePacked(leafA, leafB)) : keccak256(abi.encodePacked(leafB, leafA));
        uint256 id = _open();
        vm.prank(ALICE);
        datanets.contributeRoot(id, root, 2, "ipfs://tree");

        assertTrue(_verify(id, root, a, leafB), "a is in");
        assertTrue(_verify(id, root, b, leafA), "b is in");
        assertTrue(!_verify(id, root, a, leafA), "a with b's proof is not");
        a.weight ^= 1;
        assertTrue(!_verify(id, root, a, leafB), "a with another weight is not");
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    function _open() internal returns (uint256) {
        vm.prank(OWNER);
        return datanets.createDatanet("ipfs://open", false, 0, OWNER);
    }

    function _curated(uint256 bond) internal returns (uint256) {
        vm.prank(OWNER);
        return datanets.createDatanet("ipfs://curated", true, bond, OWNER);
    }

    /// @dev The @openzeppelin/merkle-tree standard leaf of a record.
    function _leaf(Record memory r) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(r.contributor, r.contentHash, r.weight))));
    }

    function _verify(uint256 id, bytes32 root, Record memory r, bytes32 sibling) internal view returns (bool) {
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = sibling;
        return datanets.verifyRecord(id, root, r.contributor, r.contentHash, r.weight, proof);
    }
}
