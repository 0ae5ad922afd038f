// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { DatanetRegistry } from "../../contracts/registry/DatanetRegistry.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice The storage cheatcodes, which the shared Vm interface does not declare.
interface VmStorage {
    function load(address target, bytes32 slot) external view returns (bytes32);
    function store(address target, bytes32 slot, bytes32 value) external;
}

/// @notice Attacks on the DatanetRegistry, each run as an attacker would and shown to fail now: copying a pending
/// contribution (or batch) from the mempool, burning a hash with a rejected copy, an owner overriding governance's
/// attestor, a bond that no curator ever reviews. Then a test on each side of every comparison in the registry.
contract DatanetAttacksTest is SuiteBase {
    VmStorage private constant vmStorage = VmStorage(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    address private constant OWNER = address(0x0A11);
    address private constant ALICE = address(0xA11CE);
    address private constant MALLORY = address(0x3A11);
    address private constant BOB = address(0xB0B);
    address private constant ATTESTOR = address(0xA77E);
    address private constant APPOINTED = address(0xA990);
    uint256 private constant BOND = 10e18;
    uint256 private constant START = 1_700_000_000;
    bytes32 private constant SALT = keccak256("alice's salt");
    bytes32 private constant H = keccak256("alice's record");
    string private constant URI = "ipfs://record";

    function setUp() public {
        _deploySuite();
        vm.warp(START);
        vm.roll(100);
        address[4] memory accounts = [OWNER, ALICE, MALLORY, BOB];
        for (uint256 i; i < accounts.length; ++i) {
            _fund(accounts[i], 1_000_000e18);
            vm.prank(accounts[i]);
            open.approve(address(datanets), type(uint256).max);
        }
    }

    // ─── Item 8: credit stolen by copying a pending transaction ─────────────────────────────────────────────────

    /// @notice Mallory sees Alice's reveal in the mempool and sends a plain `contribute` of the same hash first: the
    /// reveal now takes the record over, at the same index, with its credit.
    function test_attack_copyFrontRunningContribute_losesToAnEarlierCommit() public {
        uint256 id = _open();
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        uint256 copied = datanets.contribute(id, H, URI);
        assertEq(datanets.contributorStats(MALLORY).accepted, 1, "the copy was accepted");

        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionClaimed(
            id,
            H,
            ALICE,
            MALLORY,
            IDatanetRegistry.Status.Accepted,
            IDatanetRegistry.Status.Accepted,
            1,
            URI
        );
        vm.prank(ALICE);
        uint256 index = datanets.revealContribution(id, H, URI, SALT);

        IDatanetRegistry.ContributionView memory c = datanets.contribution(id, H);
        assertEq(index, copied, "same index");
        assertEq(c.contributor, ALICE, "Alice holds the record");
        assertEq(c.submittedAt, START, "priority: the commit's time");
        assertEq(datanets.contributorStats(MALLORY).accepted, 0, "the copier lost the credit");
        assertEq(datanets.contributorStats(MALLORY).acceptedWeight, 0, "and its weight");
        assertEq(datanets.contributorStats(ALICE).accepted, 1, "Alice has it");
        assertEq(datanets.contributorStats(ALICE).acceptedWeight, 1, "with its weight");
        assertEq(datanets.datanet(id).contributionCount, 1, "one record");
    }

    /// @notice The same on a curated datanet while the copy is pending: the copier's bond is credited back and the
    /// committer pays the bond, so the registry still holds exactly one bond for the one pending record.
    function test_attack_copyFrontRunningContribute_pendingCopyHandsItsBondBack() public {
        uint256 id = _curated(BOND);
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contribute(id, H, URI);
        uint256 aliceBefore = open.balanceOf(ALICE);

        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);

        IDatanetRegistry.ContributionView memory c = datanets.contribution(id, H);
        assertEq(c.contributor, ALICE, "Alice holds the record");
        assertTrue(c.status == IDatanetRegistry.Status.Pending, "still pending");
        assertEq(datanets.bondCredit(MALLORY), BOND, "the copier's bond is credited back");
        assertEq(aliceBefore - open.balanceOf(ALICE), BOND, "Alice pays the bond");
        assertEq(open.balanceOf(address(datanets)), 2 * BOND, "one pending bond and one credit");

        // Accepting it now pays Alice, not the copier.
        _review(id, H, 7);
        assertEq(datanets.contributorStats(ALICE).acceptedWeight, 7, "Alice is credited");
        assertEq(datanets.contributorStats(MALLORY).accepted, 0, "the copier is not");
    }

    /// @notice The curator accepted the copy (weight 40) before Alice revealed: the accepted totals move to Alice.
    function test_attack_copyFrontRunningContribute_acceptedCopyMovesItsTotals() public {
        uint256 id = _curated(BOND);
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contribute(id, H, URI);
        _review(id, H, 40);
        assertEq(datanets.bondCredit(MALLORY), BOND, "the copy's bond was refunded at acceptance");

        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);

        IDatanetRegistry.ContributionView memory c = datanets.contribution(id, H);
        assertEq(c.contributor, ALICE, "Alice holds the record");
        assertTrue(c.status == IDatanetRegistry.Status.Accepted, "still accepted");
        assertEq(c.weight, 40, "same weight");
        assertEq(datanets.contributorStats(ALICE).acceptedWeight, 40, "Alice's weight");
        assertEq(datanets.contributorStats(MALLORY).acceptedWeight, 0, "the copier's weight");
        assertEq(open.balanceOf(address(datanets)), BOND, "Alice pays no bond for an accepted record");
    }

    /// @notice The same attack on a Merkle batch: a copied `contributeRoot` loses to the earlier commit.
    function test_attack_copyFrontRunningContributeRoot_losesToAnEarlierCommit() public {
        uint256 id = _curated(BOND);
        bytes32 root = keccak256("alice's root");
        _commit(ALICE, id, root, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        uint256 copied = datanets.contributeRoot(id, root, 50, "ipfs://tree");

        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.BatchClaimed(
            id,
            root,
            ALICE,
            MALLORY,
            IDatanetRegistry.Status.Pending,
            IDatanetRegistry.Status.Pending,
            50,
            "ipfs://tree"
        );
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 50, "ipfs://tree", SALT);

        IDatanetRegistry.BatchView memory b = datanets.batch(id, root);
        assertEq(b.submitter, ALICE, "Alice holds the batch");
        assertEq(datanets.batchRootAt(id, copied), root, "same index");
        assertEq(datanets.datanet(id).batchCount, 1, "one batch");
        assertEq(datanets.bondCredit(MALLORY), BOND, "the copier's bond is credited back");

        vm.prank(OWNER);
        datanets.reviewBatch(id, root, true);
        assertEq(datanets.bondCredit(ALICE), BOND, "Alice's bond is refunded on acceptance");
    }

    /// @notice An accepted batch copy: only the submitter changes (a batch carries no totals), and no bond is owed.
    function test_attack_copyFrontRunningContributeRoot_acceptedCopyChangesItsSubmitter() public {
        uint256 id = _open();
        bytes32 root = keccak256("alice's root");
        _commit(ALICE, id, root, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contributeRoot(id, root, 3, "ipfs://tree");
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 3, "ipfs://tree", SALT);
        IDatanetRegistry.BatchView memory b = datanets.batch(id, root);
        assertEq(b.submitter, ALICE, "Alice holds the batch");
        assertTrue(b.status == IDatanetRegistry.Status.Accepted, "still accepted");
        assertEq(b.submittedAt, START, "priority: the commit's time");
    }

    /// @notice Mallory's copy is rejected (its bond forfeited to the owner): the hash is not burnt for Alice, whose
    /// reveal turns it into a fresh pending record of hers.
    function test_attack_rejectedCopy_noLongerBurnsTheHashForTheCommitter() public {
        uint256 id = _curated(BOND);
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contribute(id, H, URI);
        _review(id, H, 0);
        assertEq(datanets.bondCredit(OWNER), BOND, "the copy's bond is forfeited");

        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        IDatanetRegistry.ContributionView memory c = datanets.contribution(id, H);
        assertEq(c.contributor, ALICE, "Alice holds the record");
        assertTrue(c.status == IDatanetRegistry.Status.Pending, "a fresh pending record");
        assertEq(c.weight, 0, "no weight yet");
        assertEq(open.balanceOf(address(datanets)), 2 * BOND, "Alice's bond and the owner's credit");

        _review(id, H, 5);
        assertEq(datanets.contributorStats(ALICE).acceptedWeight, 5, "Alice can be accepted");
        assertEq(datanets.bondCredit(OWNER), BOND, "the owner keeps the copier's forfeit");
        assertEq(datanets.bondCredit(MALLORY), 0, "the copier gets nothing back");
    }

    /// @notice The same for a rejected batch copy.
    function test_attack_rejectedBatchCopy_noLongerBurnsTheRootForTheCommitter() public {
        uint256 id = _curated(BOND);
        bytes32 root = keccak256("alice's root");
        _commit(ALICE, id, root, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contributeRoot(id, root, 10, "ipfs://tree");
        vm.prank(OWNER);
        datanets.reviewBatch(id, root, false);

        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 10, "ipfs://tree", SALT);
        IDatanetRegistry.BatchView memory b = datanets.batch(id, root);
        assertEq(b.submitter, ALICE, "Alice holds the batch");
        assertTrue(b.status == IDatanetRegistry.Status.Pending, "a fresh pending batch");
        assertEq(open.balanceOf(address(datanets)), 2 * BOND, "Alice's bond and the owner's credit");
    }

    /// @notice Copying the commit transaction itself gives nothing: the commitment names its contributor.
    function test_attack_copyingTheCommitItself_cannotBeRevealedByTheCopier() public {
        uint256 id = _open();
        bytes32 commitment = _commit(ALICE, id, H, SALT);
        vm.prank(MALLORY);
        datanets.commitContribution(commitment);
        _nextBlock();
        vm.expectRevert(
            abi.encodeWithSelector(
                IDatanetRegistry.UnknownCommitment.selector,
                MALLORY,
                datanets.commitmentOf(MALLORY, id, H, SALT)
            )
        );
        vm.prank(MALLORY);
        datanets.revealContribution(id, H, URI, SALT);
    }

    /// @notice A later commit cannot take a record over from an earlier one (nor from an earlier plain submission).
    function test_attack_laterCommit_cannotTakeOverAnEarlierRecord() public {
        uint256 id = _open();
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        _commit(MALLORY, id, H, SALT);
        _nextBlock();
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateContribution.selector, id, H));
        vm.prank(MALLORY);
        datanets.revealContribution(id, H, URI, SALT);
        assertEq(datanets.contribution(id, H).contributor, ALICE, "Alice keeps it");
    }

    /// @notice Mallory reveals first with a later commit; Alice's earlier commit still takes the record over.
    function test_attack_laterCommitRevealedFirst_losesToTheEarlierCommit() public {
        uint256 id = _open();
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        _commit(MALLORY, id, H, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.revealContribution(id, H, URI, SALT);
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        assertEq(datanets.contribution(id, H).contributor, ALICE, "Alice takes it");
        assertEq(datanets.contribution(id, H).submittedAt, START, "with her commit's time");
        assertEq(datanets.contributorStats(MALLORY).accepted, 0, "Mallory has nothing");
    }

    /// @notice A record submitted before the commit stands: a commit cannot claim what was already there.
    function test_reveal_recordSubmittedOneSecondBeforeTheCommit_stands() public {
        uint256 id = _open();
        vm.prank(MALLORY);
        datanets.contribute(id, H, URI);
        vm.warp(START + 1);
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateContribution.selector, id, H));
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
    }

    /// @notice A record submitted at the commit's very second (same block, before it) stands: only a strictly later
    /// record is taken over, since one of the same second may have been seen before the commit.
    function test_reveal_recordSubmittedAtTheCommitsSecond_stands() public {
        uint256 id = _open();
        vm.prank(MALLORY);
        datanets.contribute(id, H, URI);
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateContribution.selector, id, H));
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        assertEq(datanets.contribution(id, H).contributor, MALLORY, "the record stands");
    }

    /// @notice The other side of the boundary: a record submitted one second after the commit is taken over.
    function test_reveal_recordSubmittedOneSecondAfterTheCommit_isTakenOver() public {
        uint256 id = _open();
        _commit(ALICE, id, H, SALT);
        vm.roll(101);
        vm.warp(START + 1);
        vm.prank(MALLORY);
        datanets.contribute(id, H, URI);
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        assertEq(datanets.contribution(id, H).contributor, ALICE, "taken over");
    }

    /// @notice Attack: Alice sends a plain `contribute`; Mallory sees it and commits to the same hash in the same block,
    /// after it (same second), then reveals in the next block. The commit is not earlier than the record: the takeover
    /// now fails and Alice keeps her credit.
    function test_attack_sameSecondCommitAfterPlainSubmission_cannotTakeItOver() public {
        uint256 id = _open();
        vm.prank(ALICE);
        datanets.contribute(id, H, "ipfs://alice");
        // Same block, after Alice's transaction:
        _commit(MALLORY, id, H, SALT);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateContribution.selector, id, H));
        vm.prank(MALLORY);
        datanets.revealContribution(id, H, "ipfs://mallory", SALT);
        assertEq(datanets.contribution(id, H).contributor, ALICE, "Alice keeps the record");
        assertEq(uint256(datanets.contributorStats(ALICE).accepted), 1, "and her credit");
        assertEq(uint256(datanets.contributorStats(MALLORY).accepted), 0, "Mallory has nothing");
    }

    /// @notice The same attack on a batch root: a commit in the second of a plain `contributeRoot` cannot take it over.
    function test_attack_sameSecondCommitAfterPlainBatch_cannotTakeItOver() public {
        uint256 id = _open();
        bytes32 root = keccak256("alice's root");
        vm.prank(ALICE);
        datanets.contributeRoot(id, root, 4, "ipfs://alice");
        _commit(MALLORY, id, root, SALT);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateBatch.selector, id, root));
        vm.prank(MALLORY);
        datanets.revealContributionRoot(id, root, 4, "ipfs://mallory", SALT);
        assertEq(datanets.batch(id, root).submitter, ALICE, "Alice keeps the batch");
    }

    /// @notice Two commits of the same second: whichever reveals first holds the record, the other cannot take it over
    /// (a tie is not earlier).
    function test_attack_sameSecondCommit_cannotTakeOverARevealedRecord() public {
        uint256 id = _open();
        _commit(ALICE, id, H, SALT);
        _commit(MALLORY, id, H, SALT);
        _nextBlock();
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateContribution.selector, id, H));
        vm.prank(MALLORY);
        datanets.revealContribution(id, H, URI, SALT);
        assertEq(datanets.contribution(id, H).contributor, ALICE, "Alice keeps it");
    }

    /// @notice Attack: the curator accepted Mallory's copy of a batch with 10 records; Alice's earlier commit takes it
    /// over revealing a count of 2^48 - 1. The batch changes hands but keeps the count that was reviewed.
    function test_attack_takeoverOfAcceptedBatch_cannotRewriteItsReviewedCount() public {
        uint256 id = _curated(BOND);
        bytes32 root = keccak256("batch");
        _commit(ALICE, id, root, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contributeRoot(id, root, 10, "ipfs://b");
        vm.prank(OWNER);
        datanets.reviewBatch(id, root, true);
        assertEq(uint256(datanets.batch(id, root).count), 10, "reviewed count");

        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.BatchClaimed(
            id,
            root,
            ALICE,
            MALLORY,
            IDatanetRegistry.Status.Accepted,
            IDatanetRegistry.Status.Accepted,
            10,
            "ipfs://b2"
        );
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, type(uint48).max, "ipfs://b2", SALT);
        IDatanetRegistry.BatchView memory b = datanets.batch(id, root);
        assertEq(b.submitter, ALICE, "Alice holds the batch");
        assertTrue(b.status == IDatanetRegistry.Status.Accepted, "still accepted");
        assertEq(uint256(b.count), 10, "the reviewed count stands");
    }

    /// @notice A revealed batch is checked as a submitted one: a zero root, a count above the limit or an empty URI is
    /// refused.
    function test_revealContributionRoot_refusesAZeroRootTooLargeACountAndAnEmptyURI() public {
        uint256 id = _curated(BOND);
        vm.expectRevert(IErrors.ZeroHash.selector);
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, bytes32(0), 1, "ipfs://tree", SALT);
        vm.expectRevert(IErrors.EmptyURI.selector);
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, keccak256("batch"), 1, "", SALT);
        uint256 max = datanets.MAX_BATCH_COUNT();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.BatchTooLarge.selector, max + 1, max));
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, keccak256("batch"), max + 1, "ipfs://tree", SALT);
    }

    /// @notice A pending copy has not been reviewed: the revealed count applies.
    function test_reveal_takeoverOfPendingBatch_takesTheRevealedCount() public {
        uint256 id = _curated(BOND);
        bytes32 root = keccak256("batch");
        _commit(ALICE, id, root, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contributeRoot(id, root, 10, "ipfs://b");
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 12, "ipfs://b2", SALT);
        assertEq(uint256(datanets.batch(id, root).count), 12, "revealed count");
    }

    /// @notice A contributor cannot take over its own record (it would reset a rejection).
    function test_reveal_ownRecord_isADuplicate() public {
        uint256 id = _curated(BOND);
        _commit(ALICE, id, H, SALT);
        vm.prank(ALICE);
        datanets.contribute(id, H, URI);
        _review(id, H, 0);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateContribution.selector, id, H));
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
    }

    /// @notice A fresh reveal is an ordinary new record with the commit's time, and uses the commit up.
    function test_reveal_newRecord_usesTheCommitUp() public {
        uint256 id = _curated(BOND);
        bytes32 commitment = _commit(ALICE, id, H, SALT);
        (uint256 blockNumber, uint256 at) = datanets.commitOf(ALICE, commitment);
        assertEq(blockNumber, 100, "commit block");
        assertEq(at, START, "commit time");
        _nextBlock();
        vm.prank(ALICE);
        uint256 index = datanets.revealContribution(id, H, URI, SALT);
        assertEq(index, 0, "first record");
        assertEq(datanets.contribution(id, H).submittedAt, START, "priority: the commit");
        (blockNumber, at) = datanets.commitOf(ALICE, commitment);
        assertEq(blockNumber + at, 0, "used up");
        assertEq(open.balanceOf(address(datanets)), BOND, "bond taken");

        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownCommitment.selector, ALICE, commitment));
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
    }

    function test_commitContribution_refusesZeroAndARepeat() public {
        vm.expectRevert(IErrors.ZeroHash.selector);
        vm.prank(ALICE);
        datanets.commitContribution(bytes32(0));
        bytes32 commitment = _commit(ALICE, 1, H, SALT);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.CommitmentExists.selector, ALICE, commitment));
        vm.prank(ALICE);
        datanets.commitContribution(commitment);
    }

    function test_commitContribution_emitsContributionCommitted() public {
        bytes32 commitment = datanets.commitmentOf(ALICE, 1, H, SALT);
        assertEq(commitment, keccak256(abi.encode(ALICE, uint256(1), H, SALT)), "commitment encoding");
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionCommitted(ALICE, commitment);
        vm.prank(ALICE);
        datanets.commitContribution(commitment);
    }

    function test_reveal_refusedOnAClosedDatanetAndForBadInput() public {
        uint256 id = _open();
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.expectRevert(IErrors.ZeroHash.selector);
        vm.prank(ALICE);
        datanets.revealContribution(id, bytes32(0), URI, SALT);
        vm.expectRevert(IErrors.EmptyURI.selector);
        vm.prank(ALICE);
        datanets.revealContribution(id, H, "", SALT);
        vm.expectRevert(IErrors.EmptyBatch.selector);
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, H, 0, URI, SALT);
        vm.prank(OWNER);
        datanets.closeDatanet(id);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DatanetIsClosed.selector, id));
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
    }

    // ─── Item 5: the owner overrides governance's attestor ──────────────────────────────────────────────────────

    /// @notice Governance appoints an attestor; the owner's `setAttestor` is refused until governance releases it.
    function test_attack_ownerOverridesGovernanceAttestor_failsUntilReleased() public {
        uint256 id = _open();
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.AttestorAppointed(id, APPOINTED);
        datanets.setAttestorByGovernance(id, APPOINTED);
        assertTrue(datanets.attestorAppointed(id), "appointed");
        assertTrue(datanets.datanet(id).attestorAppointed, "appointed in the view");

        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.AttestorAppointedByGovernance.selector, id, APPOINTED));
        vm.prank(OWNER);
        datanets.setAttestor(id, OWNER);
        assertEq(datanets.attestorOf(id), APPOINTED, "governance's attestor stays");

        // Ownership changes hands: the appointment still stands.
        vm.prank(OWNER);
        datanets.transferDatanetOwnership(id, BOB);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.AttestorAppointedByGovernance.selector, id, APPOINTED));
        vm.prank(BOB);
        datanets.setAttestor(id, BOB);

        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.AttestorReleased(id, APPOINTED);
        datanets.releaseAttestor(id);
        assertTrue(!datanets.attestorAppointed(id), "released");
        vm.prank(BOB);
        datanets.setAttestor(id, BOB);
        assertEq(datanets.attestorOf(id), BOB, "the owner sets it again");
    }

    function test_releaseAttestor_refusedWhenNotAppointedAndForStrangers() public {
        uint256 id = _open();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.AttestorNotAppointed.selector, id));
        datanets.releaseAttestor(id);
        datanets.setAttestorByGovernance(id, APPOINTED);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, OWNER));
        vm.prank(OWNER);
        datanets.releaseAttestor(id);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanet.selector, id + 1));
        datanets.releaseAttestor(id + 1);
    }

    // ─── Item 6: a bond that no curator ever reviews ────────────────────────────────────────────────────────────

    /// @notice Nobody reviews Alice's contribution: one second before the timeout she cannot withdraw it, at the
    /// timeout she can, and her bond comes back through withdrawBondCredit.
    function test_attack_pendingBondNeverReviewed_isWithdrawableAfterTheTimeout() public {
        uint256 id = _curated(BOND);
        vm.prank(ALICE);
        datanets.contribute(id, H, URI);
        uint256 timeout = datanets.reviewTimeout();
        uint256 at = START + timeout;

        vm.warp(at - 1);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.ReviewTimeoutNotReached.selector, id, H, at));
        vm.prank(ALICE);
        datanets.withdrawContribution(id, H);

        vm.warp(at);
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionWithdrawn(id, H, ALICE);
        vm.prank(ALICE);
        datanets.withdrawContribution(id, H);
        assertTrue(datanets.contribution(id, H).status == IDatanetRegistry.Status.Withdrawn, "withdrawn");
        assertEq(datanets.bondCredit(ALICE), BOND, "bond credited back");

        uint256 before = open.balanceOf(ALICE);
        vm.prank(ALICE);
        datanets.withdrawBondCredit();
        assertEq(open.balanceOf(ALICE) - before, BOND, "bond paid");
        assertEq(open.balanceOf(address(datanets)), 0, "nothing left in the registry");

        // Withdrawn is final for reviews and for a second withdrawal.
        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](1);
        decisions[0] = IDatanetRegistry.Decision(H, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.NotPending.selector, id, H, IDatanetRegistry.Status.Withdrawn)
        );
        vm.prank(OWNER);
        datanets.review(id, decisions);
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.NotPending.selector, id, H, IDatanetRegistry.Status.Withdrawn)
        );
        vm.prank(ALICE);
        datanets.withdrawContribution(id, H);
    }

    /// @notice The same for a batch root that is never reviewed.
    function test_attack_pendingBatchBondNeverReviewed_isWithdrawableAfterTheTimeout() public {
        uint256 id = _curated(BOND);
        bytes32 root = keccak256("root");
        vm.prank(ALICE);
        datanets.contributeRoot(id, root, 4, "ipfs://tree");
        uint256 at = START + datanets.reviewTimeout();

        vm.warp(at - 1);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.ReviewTimeoutNotReached.selector, id, root, at));
        vm.prank(ALICE);
        datanets.withdrawContributionRoot(id, root);

        vm.warp(at);
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.BatchWithdrawn(id, root, ALICE);
        vm.prank(ALICE);
        datanets.withdrawContributionRoot(id, root);
        assertTrue(datanets.batch(id, root).status == IDatanetRegistry.Status.Withdrawn, "withdrawn");
        assertEq(datanets.bondCredit(ALICE), BOND, "bond credited back");
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.NotPending.selector, id, root, IDatanetRegistry.Status.Withdrawn)
        );
        vm.prank(OWNER);
        datanets.reviewBatch(id, root, true);
    }

    function test_withdrawContribution_onlyItsContributorAndOnlyPending() public {
        uint256 id = _curated(BOND);
        vm.prank(ALICE);
        datanets.contribute(id, H, URI);
        vm.warp(START + datanets.reviewTimeout());
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NotContributor.selector, id, H, MALLORY));
        vm.prank(MALLORY);
        datanets.withdrawContribution(id, H);
        bytes32 unknown = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownContribution.selector, id, unknown));
        vm.prank(ALICE);
        datanets.withdrawContribution(id, unknown);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownBatch.selector, id, unknown));
        vm.prank(ALICE);
        datanets.withdrawContributionRoot(id, unknown);
        vm.prank(ALICE);
        datanets.contributeRoot(id, unknown, 1, "ipfs://tree");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NotContributor.selector, id, unknown, MALLORY));
        vm.prank(MALLORY);
        datanets.withdrawContributionRoot(id, unknown);

        _review(id, H, 3);
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.NotPending.selector, id, H, IDatanetRegistry.Status.Accepted)
        );
        vm.prank(ALICE);
        datanets.withdrawContribution(id, H);
    }

    /// @notice A withdrawn copy does not burn the hash either: the earlier commit revives it for its committer.
    function test_attack_withdrawnCopy_noLongerBurnsTheHashForTheCommitter() public {
        uint256 id = _curated(BOND);
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contribute(id, H, URI);
        vm.warp(block.timestamp + datanets.reviewTimeout());
        vm.prank(MALLORY);
        datanets.withdrawContribution(id, H);
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        IDatanetRegistry.ContributionView memory c = datanets.contribution(id, H);
        assertEq(c.contributor, ALICE, "Alice holds the record");
        assertTrue(c.status == IDatanetRegistry.Status.Pending, "fresh and pending");
        assertEq(open.balanceOf(address(datanets)), 2 * BOND, "Alice's bond and the copier's credit");
    }

    // ─── Governance parameter: the review timeout ───────────────────────────────────────────────────────────────

    function test_setReviewTimeout_boundsEachSide() public {
        uint256 min = datanets.MIN_REVIEW_TIMEOUT();
        uint256 max = datanets.MAX_REVIEW_TIMEOUT();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.ReviewTimeoutOutOfBounds.selector, min - 1, min, max));
        datanets.setReviewTimeout(min - 1);
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ReviewTimeoutSet(min);
        datanets.setReviewTimeout(min);
        assertEq(datanets.reviewTimeout(), min, "min");
        datanets.setReviewTimeout(max);
        assertEq(datanets.reviewTimeout(), max, "max");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.ReviewTimeoutOutOfBounds.selector, max + 1, min, max));
        datanets.setReviewTimeout(max + 1);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, OWNER));
        vm.prank(OWNER);
        datanets.setReviewTimeout(min);
    }

    function test_constructor_reviewTimeoutBoundsEachSide() public {
        IERC20 token = IERC20(address(open));
        address authority = address(manager);
        DatanetRegistry atMin = new DatanetRegistry(token, authority, 1 hours);
        assertEq(atMin.reviewTimeout(), 1 hours, "min");
        DatanetRegistry atMax = new DatanetRegistry(token, authority, 365 days);
        assertEq(atMax.reviewTimeout(), 365 days, "max");
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.ReviewTimeoutOutOfBounds.selector, 1 hours - 1, 1 hours, 365 days)
        );
        new DatanetRegistry(token, authority, 1 hours - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.ReviewTimeoutOutOfBounds.selector, 365 days + 1, 1 hours, 365 days)
        );
        new DatanetRegistry(token, authority, 365 days + 1);
    }

    /// @notice A shorter timeout set by governance applies to records already pending.
    function test_setReviewTimeout_appliesToPendingRecords() public {
        uint256 id = _curated(BOND);
        vm.prank(ALICE);
        datanets.contribute(id, H, URI);
        datanets.setReviewTimeout(2 hours);
        vm.warp(START + 2 hours);
        vm.prank(ALICE);
        datanets.withdrawContribution(id, H);
        assertEq(datanets.bondCredit(ALICE), BOND, "withdrawn under the new timeout");
    }

    // ─── Boundaries ─────────────────────────────────────────────────────────────────────────────────────────────

    function test_review_weightAtMaxAcceptedAndOneAboveRefused() public {
        uint256 id = _curated(0);
        uint256 maxWeight = datanets.MAX_WEIGHT();
        vm.prank(ALICE);
        datanets.contribute(id, H, URI);
        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](1);
        decisions[0] = IDatanetRegistry.Decision(H, maxWeight + 1);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.WeightTooLarge.selector, maxWeight + 1, maxWeight));
        vm.prank(OWNER);
        datanets.review(id, decisions);
        _review(id, H, maxWeight);
        assertEq(datanets.contribution(id, H).weight, maxWeight, "max weight");
    }

    function test_review_weightOneAcceptsAndZeroRejects() public {
        uint256 id = _curated(0);
        bytes32 other = keccak256("other");
        vm.startPrank(ALICE);
        datanets.contribute(id, H, URI);
        datanets.contribute(id, other, URI);
        vm.stopPrank();
        _review(id, H, 1);
        _review(id, other, 0);
        assertTrue(datanets.contribution(id, H).status == IDatanetRegistry.Status.Accepted, "one accepts");
        assertTrue(datanets.contribution(id, other).status == IDatanetRegistry.Status.Rejected, "zero rejects");
    }

    function test_reveal_sameBlockRefusedAndNextBlockAccepted() public {
        uint256 id = _open();
        bytes32 commitment = _commit(ALICE, id, H, SALT);
        vm.warp(START + 12); // time alone does not count: it must be a later block
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.CommitmentTooRecent.selector, commitment, 100, START));
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        vm.roll(101);
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        assertEq(datanets.contribution(id, H).contributor, ALICE, "revealed");
    }

    /// @notice A later block with the same timestamp is not enough (chains whose consecutive blocks share a second):
    /// the reveal needs a later second too, so that a copy sent after seeing it is strictly later than the commit.
    function test_reveal_nextBlockSameSecondRefusedAndOneSecondLaterAccepted() public {
        uint256 id = _open();
        bytes32 commitment = _commit(ALICE, id, H, SALT);
        vm.roll(101);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.CommitmentTooRecent.selector, commitment, 100, START));
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        vm.warp(START + 1);
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        assertEq(datanets.contribution(id, H).contributor, ALICE, "revealed");
    }

    function test_revealRoot_nextBlockSameSecondRefusedAndOneSecondLaterAccepted() public {
        uint256 id = _open();
        bytes32 root = keccak256("root");
        bytes32 commitment = _commit(ALICE, id, root, SALT);
        vm.roll(101);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.CommitmentTooRecent.selector, commitment, 100, START));
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 2, "ipfs://tree", SALT);
        vm.warp(START + 1);
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 2, "ipfs://tree", SALT);
        assertEq(datanets.batch(id, root).submitter, ALICE, "revealed");
    }

    function test_revealRoot_sameBlockRefusedAndNextBlockAccepted() public {
        uint256 id = _open();
        bytes32 root = keccak256("root");
        bytes32 commitment = _commit(ALICE, id, root, SALT);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.CommitmentTooRecent.selector, commitment, 100, START));
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 2, "ipfs://tree", SALT);
        _nextBlock();
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 2, "ipfs://tree", SALT);
        assertEq(datanets.batch(id, root).submitter, ALICE, "revealed");
        assertEq(datanets.batch(id, root).count, 2, "count");
    }

    function test_reveal_commitAgeAtTheLimitAcceptedAndOneSecondPastRefused() public {
        uint256 id = _open();
        uint256 maxAge = datanets.COMMIT_MAX_AGE();
        assertEq(maxAge, 1 days, "one day");
        bytes32 other = keccak256("other");
        bytes32 commitment = _commit(ALICE, id, H, SALT);
        _commit(ALICE, id, other, SALT);
        vm.roll(101);
        vm.warp(START + maxAge + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.CommitmentExpired.selector, commitment, START + maxAge)
        );
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        vm.warp(START + maxAge);
        vm.prank(ALICE);
        datanets.revealContribution(id, other, URI, SALT);
        assertEq(datanets.contribution(id, other).contributor, ALICE, "revealed at the limit");
    }

    function test_revealRoot_commitAgeAtTheLimitAcceptedAndOneSecondPastRefused() public {
        uint256 id = _open();
        bytes32 root = keccak256("root");
        bytes32 commitment = _commit(ALICE, id, root, SALT);
        vm.roll(101);
        vm.warp(START + 1 days + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.CommitmentExpired.selector, commitment, START + 1 days)
        );
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 1, "ipfs://tree", SALT);
        vm.warp(START + 1 days);
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 1, "ipfs://tree", SALT);
    }

    function test_revealRoot_recordSubmittedOneSecondBeforeTheCommit_stands() public {
        uint256 id = _open();
        bytes32 root = keccak256("root");
        vm.prank(MALLORY);
        datanets.contributeRoot(id, root, 1, "ipfs://tree");
        vm.warp(START + 1);
        _commit(ALICE, id, root, SALT);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateBatch.selector, id, root));
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 1, "ipfs://tree", SALT);
        // Its own batch: a duplicate too.
        _commit(MALLORY, id, root, SALT);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DuplicateBatch.selector, id, root));
        vm.prank(MALLORY);
        datanets.revealContributionRoot(id, root, 1, "ipfs://tree", SALT);
    }

    function test_withdrawContribution_revealedRecordCountsFromItsCommit() public {
        uint256 id = _curated(BOND);
        _commit(ALICE, id, H, SALT);
        vm.roll(101);
        vm.warp(START + 600);
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        uint256 at = START + datanets.reviewTimeout();
        vm.warp(at - 1);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.ReviewTimeoutNotReached.selector, id, H, at));
        vm.prank(ALICE);
        datanets.withdrawContribution(id, H);
        vm.warp(at);
        vm.prank(ALICE);
        datanets.withdrawContribution(id, H);
    }

    function test_createDatanet_bondAtTheMaxAcceptedAndOneAboveRefused() public {
        uint256 max = type(uint96).max;
        vm.prank(OWNER);
        uint256 id = datanets.createDatanet("ipfs://d", true, max, ATTESTOR);
        assertEq(datanets.datanet(id).bond, max, "max bond");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.BondTooLarge.selector, max + 1, max));
        vm.prank(OWNER);
        datanets.createDatanet("ipfs://d", true, max + 1, ATTESTOR);
    }

    function test_createDatanet_openWithBondZeroAcceptedAndOneRefused() public {
        vm.prank(OWNER);
        datanets.createDatanet("ipfs://d", false, 0, ATTESTOR);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.BondRequiresCuration.selector, 1));
        vm.prank(OWNER);
        datanets.createDatanet("ipfs://d", false, 1, ATTESTOR);
        vm.prank(OWNER);
        uint256 id = datanets.createDatanet("ipfs://d", true, 1, ATTESTOR);
        assertEq(datanets.datanet(id).bond, 1, "curated with a bond of one");
    }

    function test_contributeRoot_countBoundsEachSide() public {
        uint256 id = _open();
        uint256 max = datanets.MAX_BATCH_COUNT();
        assertEq(max, type(uint48).max, "uint48");
        vm.startPrank(ALICE);
        vm.expectRevert(IErrors.EmptyBatch.selector);
        datanets.contributeRoot(id, keccak256("r0"), 0, "ipfs://tree");
        datanets.contributeRoot(id, keccak256("r1"), 1, "ipfs://tree");
        datanets.contributeRoot(id, keccak256("rmax"), max, "ipfs://tree");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.BatchTooLarge.selector, max + 1, max));
        datanets.contributeRoot(id, keccak256("rmax+1"), max + 1, "ipfs://tree");
        vm.stopPrank();
        assertEq(datanets.batch(id, keccak256("rmax")).count, max, "max count stored");
        assertEq(datanets.batch(id, keccak256("r1")).count, 1, "one");
    }

    function test_revealContributionRoot_countBoundsEachSide() public {
        uint256 id = _open();
        uint256 max = datanets.MAX_BATCH_COUNT();
        bytes32 root = keccak256("root");
        _commit(ALICE, id, root, SALT);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.BatchTooLarge.selector, max + 1, max));
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, max + 1, "ipfs://tree", SALT);
        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, max, "ipfs://tree", SALT);
        assertEq(datanets.batch(id, root).count, max, "max count");
    }

    /// @notice The datanet's counter is set just below the index limit: the last index is accepted, the next refused.
    function test_contribute_lastIndexAcceptedAndTheNextRefused() public {
        uint256 id = _open();
        uint256 max = datanets.MAX_CONTRIBUTIONS();
        assertEq(max, 2 ** 32, "a uint32 index");
        _setContributionCount(id, max - 1);
        vm.prank(ALICE);
        uint256 index = datanets.contribute(id, H, URI);
        assertEq(index, max - 1, "last index");
        assertEq(datanets.contribution(id, H).index, max - 1, "stored");
        assertEq(datanets.datanet(id).contributionCount, max, "full");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.TooManyContributions.selector, id, max));
        vm.prank(ALICE);
        datanets.contribute(id, keccak256("one more"), URI);

        _commit(BOB, id, keccak256("revealed"), SALT);
        _nextBlock();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.TooManyContributions.selector, id, max));
        vm.prank(BOB);
        datanets.revealContribution(id, keccak256("revealed"), URI, SALT);
    }

    function test_withdrawBondCredit_zeroRefusedAndOneUnitPaid() public {
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NoBondCredit.selector, ALICE));
        vm.prank(ALICE);
        datanets.withdrawBondCredit();
        uint256 id = _curated(1);
        vm.prank(ALICE);
        datanets.contribute(id, H, URI);
        _review(id, H, 1);
        vm.prank(ALICE);
        datanets.withdrawBondCredit();
        assertEq(datanets.bondCredit(ALICE), 0, "paid");
    }

    /// @notice `_pageEnd`: offset at the count (empty) and one below it (one), limit exactly the rest, one more and
    /// one less, and limit zero.
    function test_contributionsOf_pagingEdges() public {
        uint256 id = _open();
        vm.startPrank(ALICE);
        for (uint256 i; i < 5; ++i) datanets.contribute(id, keccak256(abi.encode(i)), URI);
        vm.stopPrank();
        assertEq(datanets.contributionsOf(id, 5, 10).length, 0, "offset == count");
        assertEq(datanets.contributionsOf(id, 6, 10).length, 0, "offset > count");
        IDatanetRegistry.ContributionView[] memory last = datanets.contributionsOf(id, 4, 10);
        assertEq(last.length, 1, "offset == count - 1");
        assertEq(last[0].index, 4, "the last record");
        assertEq(datanets.contributionsOf(id, 2, 3).length, 3, "limit == rest");
        assertEq(datanets.contributionsOf(id, 2, 4).length, 3, "limit == rest + 1");
        assertEq(datanets.contributionsOf(id, 2, 2).length, 2, "limit == rest - 1");
        assertEq(datanets.contributionsOf(id, 0, 0).length, 0, "limit zero");
        assertEq(datanets.contributionsOf(id, 0, type(uint256).max).length, 5, "no overflow on a huge limit");
    }

    function test_contributionsBy_pagingEdges() public {
        uint256 id = _open();
        for (uint256 i; i < 4; ++i) {
            vm.prank(i % 2 == 0 ? ALICE : BOB);
            datanets.contribute(id, keccak256(abi.encode(i)), URI);
        }
        (IDatanetRegistry.ContributionView[] memory page, uint256 next) = datanets.contributionsBy(id, ALICE, 4, 10);
        assertEq(page.length, 0, "offset == count");
        assertEq(next, 4, "next stays at the offset");
        (page, next) = datanets.contributionsBy(id, BOB, 3, 10);
        assertEq(page.length, 1, "offset == count - 1");
        assertEq(next, 4, "next == count");
        (page, next) = datanets.contributionsBy(id, ALICE, 0, 3);
        assertEq(page.length, 2, "two of Alice's in the first three");
        assertEq(next, 3, "next == offset + limit");
        (page, next) = datanets.contributionsBy(id, ALICE, 1, 3);
        assertEq(page.length, 1, "limit == rest");
        assertEq(next, 4, "to the end");
    }

    /// @notice The view shows a taken-over record under its new contributor.
    function test_contributionsBy_followsATakeover() public {
        uint256 id = _open();
        _commit(ALICE, id, H, SALT);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contribute(id, H, URI);
        vm.prank(ALICE);
        datanets.revealContribution(id, H, URI, SALT);
        (IDatanetRegistry.ContributionView[] memory mine, ) = datanets.contributionsBy(id, ALICE, 0, 10);
        (IDatanetRegistry.ContributionView[] memory theirs, ) = datanets.contributionsBy(id, MALLORY, 0, 10);
        assertEq(mine.length, 1, "Alice's");
        assertEq(theirs.length, 0, "not Mallory's");
    }

    // ─── Internal ───────────────────────────────────────────────────────────────────────────────────────────────

    function _open() internal returns (uint256 id) {
        vm.prank(OWNER);
        id = datanets.createDatanet("ipfs://open", false, 0, ATTESTOR);
    }

    function _curated(uint256 bond) internal returns (uint256 id) {
        vm.prank(OWNER);
        id = datanets.createDatanet("ipfs://curated", true, bond, ATTESTOR);
    }

    function _commit(address who, uint256 id, bytes32 h, bytes32 salt) internal returns (bytes32 commitment) {
        commitment = datanets.commitmentOf(who, id, h, salt);
        vm.prank(who);
        datanets.commitContribution(commitment);
    }

    function _nextBlock() internal {
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 12);
    }

    function _review(uint256 id, bytes32 h, uint256 weight) internal {
        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](1);
        decisions[0] = IDatanetRegistry.Decision(h, weight);
        vm.prank(OWNER);
        datanets.review(id, decisions);
    }

    /// @dev Writes the datanet's contribution counter (bits 96..159 of its first slot; `_datanets` is slot 2, after
    /// AccessManaged's slot 0 and the datanet count in slot 1), and checks the layout on the way.
    function _setContributionCount(uint256 id, uint256 count) internal {
        bytes32 slot = keccak256(abi.encode(id, uint256(2)));
        uint256 word = uint256(vmStorage.load(address(datanets), slot));
        assertEq((word >> 224) & 0xff, 1, "the exists flag is where it should be");
        assertEq((word >> 96) & type(uint64).max, datanets.datanet(id).contributionCount, "the counter is there");
        word = (word & ~(uint256(type(uint64).max) << 96)) | (count << 96);
        vmStorage.store(address(datanets), slot, bytes32(word));
        assertEq(datanets.datanet(id).contributionCount, count, "counter written");
    }
}
