// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { SettlementFixture } from "./Settlement.t.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice The storage cheatcodes, which the shared Vm interface does not declare.
interface VmVersionStorage {
    function load(address target, bytes32 slot) external view returns (bytes32);
    function store(address target, bytes32 slot, bytes32 value) external;
}

/// @notice The accounts and helpers of the datanet-version tests: an owner, contributors, and their funds.
abstract contract VersionsBase is SuiteBase {
    address internal constant OWNER = address(0x0A11);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant MALLORY = address(0x3A11);
    address internal constant CURATOR = address(0xC0C0);
    address internal constant BUILDER = address(0xB11D);
    uint256 internal constant BOND = 10e18;
    string internal constant URI = "ipfs://record";
    string internal constant MANIFEST = "ipfs://manifest";

    function _setUpVersions() internal {
        _deploySuite();
        vm.warp(1_700_000_000);
        vm.roll(100);
        address[5] memory accounts = [OWNER, ALICE, BOB, MALLORY, CURATOR];
        for (uint256 i; i < accounts.length; ++i) {
            _fund(accounts[i], 1_000_000e18);
            vm.prank(accounts[i]);
            open.approve(address(datanets), type(uint256).max);
        }
    }

    function _open() internal returns (uint256 id) {
        vm.prank(OWNER);
        id = datanets.createDatanet("ipfs://open", false, 0, OWNER);
    }

    function _curated() internal returns (uint256 id) {
        vm.prank(OWNER);
        id = datanets.createDatanet("ipfs://curated", true, BOND, OWNER);
    }

    function _contribute(address who, uint256 id, bytes32 h) internal {
        vm.prank(who);
        datanets.contribute(id, h, URI);
    }

    function _review(uint256 id, bytes32 h, uint256 weight) internal {
        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](1);
        decisions[0] = IDatanetRegistry.Decision(h, weight);
        vm.prank(OWNER);
        datanets.review(id, decisions);
    }

    function _publish(uint256 id) internal returns (uint256) {
        vm.prank(OWNER);
        return datanets.publishVersion(id, MANIFEST);
    }

    function _commit(address who, uint256 id, bytes32 key, bytes32 salt) internal {
        bytes32 commitment = datanets.commitmentOf(who, id, key, salt);
        vm.prank(who);
        datanets.commitContribution(commitment);
    }

    function _nextBlock() internal {
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 12);
    }

    function _assertVersion(
        uint256 id,
        uint256 version,
        IDatanetRegistry.VersionView memory expected,
        string memory message
    ) internal view {
        IDatanetRegistry.VersionView memory v = datanets.datanetVersion(id, version);
        assertEq(v.acceptedCount, expected.acceptedCount, string.concat(message, ": accepted count"));
        assertEq(v.totalWeight, expected.totalWeight, string.concat(message, ": total weight"));
        assertEq(v.publishedAt, expected.publishedAt, string.concat(message, ": published at"));
        assertEq(v.blockNumber, expected.blockNumber, string.concat(message, ": block"));
    }
}

/// @notice Acceptance numbers and datanet versions: every accepted contribution (record or batch, by any path) gets the
/// next number of its datanet, and a version is the prefix of the accepted contributions at its publication, numbered
/// from 1, append-only, published by the owner only.
contract DatanetVersionsTest is VersionsBase {
    function setUp() public {
        _setUpVersions();
    }

    // ─── Acceptance numbers ──────────────────────────────────────────────────────────────────────────────────────

    function test_acceptance_openDatanet_numbersRecordsBatchesAndRevealsFromOne() public {
        uint256 id = _open();
        uint256 w = datanets.DEFAULT_WEIGHT();
        bytes32 a = keccak256("a");
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionSubmitted(id, a, ALICE, 0, w, 1, URI);
        _contribute(ALICE, id, a);

        bytes32 root = keccak256("root");
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.BatchSubmitted(id, root, BOB, 0, 50, 2, "ipfs://tree");
        vm.prank(BOB);
        datanets.contributeRoot(id, root, 50, "ipfs://tree");

        bytes32 revealed = keccak256("revealed");
        bytes32 salt = keccak256("salt");
        _commit(ALICE, id, revealed, salt);
        _nextBlock();
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionSubmitted(id, revealed, ALICE, 1, w, 3, URI);
        vm.prank(ALICE);
        datanets.revealContribution(id, revealed, URI, salt);

        bytes32 revealedRoot = keccak256("revealed root");
        _commit(BOB, id, revealedRoot, salt);
        _nextBlock();
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.BatchSubmitted(id, revealedRoot, BOB, 1, 7, 4, "ipfs://tree");
        vm.prank(BOB);
        datanets.revealContributionRoot(id, revealedRoot, 7, "ipfs://tree", salt);

        IDatanetRegistry.DatanetView memory d = datanets.datanet(id);
        assertEq(d.acceptedCount, 4, "four accepted");
        assertEq(d.acceptedWeight, 2 * w, "a batch adds no on-chain weight");
        assertEq(d.versionCount, 0, "no version yet");
    }

    function test_acceptance_curatedDatanet_pendingGetZeroAndReviewsNumberOnlyTheAccepted() public {
        uint256 id = _curated();
        bytes32[3] memory h = [keccak256("a"), keccak256("b"), keccak256("c")];
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionSubmitted(id, h[0], ALICE, 0, 0, 0, URI);
        _contribute(ALICE, id, h[0]);
        _contribute(BOB, id, h[1]);
        _contribute(ALICE, id, h[2]);
        bytes32 root = keccak256("root");
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.BatchSubmitted(id, root, BOB, 0, 9, 0, "ipfs://tree");
        vm.prank(BOB);
        datanets.contributeRoot(id, root, 9, "ipfs://tree");
        bytes32 rejectedRoot = keccak256("rejected root");
        vm.prank(BOB);
        datanets.contributeRoot(id, rejectedRoot, 3, "ipfs://tree");
        assertEq(datanets.datanet(id).acceptedCount, 0, "nothing accepted while pending");

        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](3);
        decisions[0] = IDatanetRegistry.Decision(h[0], 5);
        decisions[1] = IDatanetRegistry.Decision(h[1], 0);
        decisions[2] = IDatanetRegistry.Decision(h[2], 7);
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionReviewed(id, h[0], ALICE, 5, 1);
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionReviewed(id, h[1], BOB, 0, 0);
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionReviewed(id, h[2], ALICE, 7, 2);
        vm.prank(OWNER);
        datanets.review(id, decisions);

        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.BatchReviewed(id, rejectedRoot, 0);
        vm.prank(OWNER);
        datanets.reviewBatch(id, rejectedRoot, false);
        vm.prank(OWNER);
        datanets.setCurator(id, CURATOR, true);
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.BatchReviewed(id, root, 3);
        vm.prank(CURATOR);
        datanets.reviewBatch(id, root, true);

        IDatanetRegistry.DatanetView memory d = datanets.datanet(id);
        assertEq(d.acceptedCount, 3, "two records and a batch");
        assertEq(d.acceptedWeight, 12, "the accepted records' weights");
    }

    function test_acceptance_reviewWithOnlyRejections_countsNothing() public {
        uint256 id = _curated();
        _contribute(ALICE, id, keccak256("a"));
        _review(id, keccak256("a"), 0);
        IDatanetRegistry.DatanetView memory d = datanets.datanet(id);
        assertEq(d.acceptedCount, 0, "no acceptance");
        assertEq(d.acceptedWeight, 0, "no weight");
    }

    function test_acceptance_numbersArePerDatanet() public {
        uint256 first = _open();
        uint256 second = _open();
        _contribute(ALICE, first, keccak256("a"));
        _contribute(ALICE, first, keccak256("b"));
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionSubmitted(second, keccak256("a"), BOB, 0, datanets.DEFAULT_WEIGHT(), 1, URI);
        _contribute(BOB, second, keccak256("a"));
        assertEq(datanets.datanet(first).acceptedCount, 2, "first datanet");
        assertEq(datanets.datanet(second).acceptedCount, 1, "second datanet");
    }

    function test_acceptance_takeoverOfAnAcceptedRecord_keepsItsNumberAndTheTotals() public {
        uint256 id = _open();
        bytes32 salt = keccak256("alice's salt");
        bytes32 h = keccak256("alice's record");
        _commit(ALICE, id, h, salt);
        _nextBlock();
        // Mallory copies the record first: it is accepted as number 1; Bob's record is number 2.
        _contribute(MALLORY, id, h);
        _contribute(BOB, id, keccak256("bob's record"));
        _publish(id);
        IDatanetRegistry.DatanetView memory before = datanets.datanet(id);

        vm.prank(ALICE);
        datanets.revealContribution(id, h, URI, salt);

        IDatanetRegistry.DatanetView memory d = datanets.datanet(id);
        assertEq(datanets.contribution(id, h).contributor, ALICE, "the credit moved");
        assertEq(d.acceptedCount, before.acceptedCount, "no new acceptance");
        assertEq(d.acceptedWeight, before.acceptedWeight, "no new weight");
        assertEq(datanets.datanetVersion(id, 1).acceptedCount, 2, "the version still holds both");
        // The next acceptance is number 3: number 1 was not given again.
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionSubmitted(id, keccak256("next"), BOB, 2, datanets.DEFAULT_WEIGHT(), 3, URI);
        _contribute(BOB, id, keccak256("next"));
    }

    function test_acceptance_takeoverOfAnAcceptedBatch_keepsTheCount() public {
        uint256 id = _curated();
        bytes32 salt = keccak256("alice's salt");
        bytes32 root = keccak256("alice's root");
        _commit(ALICE, id, root, salt);
        _nextBlock();
        vm.prank(MALLORY);
        datanets.contributeRoot(id, root, 4, "ipfs://tree");
        vm.prank(OWNER);
        datanets.reviewBatch(id, root, true);
        assertEq(datanets.datanet(id).acceptedCount, 1, "accepted as number 1");

        vm.prank(ALICE);
        datanets.revealContributionRoot(id, root, 4, "ipfs://tree", salt);
        assertEq(datanets.batch(id, root).submitter, ALICE, "the batch moved");
        assertEq(datanets.datanet(id).acceptedCount, 1, "still one acceptance");
    }

    function test_acceptance_takeoverOfARejectedRecord_isNotAnAcceptance() public {
        uint256 id = _curated();
        bytes32 salt = keccak256("alice's salt");
        bytes32 h = keccak256("alice's record");
        _commit(ALICE, id, h, salt);
        _nextBlock();
        _contribute(MALLORY, id, h);
        _review(id, h, 0);
        vm.prank(ALICE);
        datanets.revealContribution(id, h, URI, salt);
        assertEq(datanets.datanet(id).acceptedCount, 0, "pending again, not accepted");
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionReviewed(id, h, ALICE, 9, 1);
        _review(id, h, 9);
    }

    // ─── publishVersion ──────────────────────────────────────────────────────────────────────────────────────────

    function test_publishVersion_firstVersion_holdsEverythingAcceptedSoFar() public {
        uint256 id = _curated();
        _contribute(ALICE, id, keccak256("a"));
        _contribute(BOB, id, keccak256("b"));
        _contribute(BOB, id, keccak256("pending"));
        _review(id, keccak256("a"), 5);
        _review(id, keccak256("b"), 7);

        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.DatanetVersionPublished(id, 1, 2, 12, MANIFEST);
        uint256 version = _publish(id);

        assertEq(version, 1, "numbered from 1");
        assertEq(datanets.versionCount(id), 1, "versionCount");
        assertEq(datanets.datanet(id).versionCount, 1, "the datanet view's versionCount");
        _assertVersion(id, 1, IDatanetRegistry.VersionView(2, 12, block.timestamp, block.number), "version 1");
        datanets.requireVersion(id, 1);
        datanets.requireOpenVersion(id, 1);
    }

    function test_publishVersion_later_appendsAndLeavesEarlierVersionsAsTheyWere() public {
        uint256 id = _open();
        uint256 w = datanets.DEFAULT_WEIGHT();
        _contribute(ALICE, id, keccak256("a"));
        _publish(id);
        IDatanetRegistry.VersionView memory first = IDatanetRegistry.VersionView(1, w, block.timestamp, block.number);

        _nextBlock();
        _contribute(BOB, id, keccak256("b"));
        vm.prank(BOB);
        datanets.contributeRoot(id, keccak256("root"), 10, "ipfs://tree");
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.DatanetVersionPublished(id, 2, 3, 2 * w, MANIFEST);
        assertEq(_publish(id), 2, "version 2");

        _nextBlock();
        _contribute(ALICE, id, keccak256("c"));
        assertEq(_publish(id), 3, "version 3");

        assertEq(datanets.versionCount(id), 3, "three versions");
        _assertVersion(id, 1, first, "version 1 unchanged");
        _assertVersion(
            id,
            2,
            IDatanetRegistry.VersionView(3, 2 * w, block.timestamp - 12, block.number - 1),
            "version 2 unchanged"
        );
        _assertVersion(id, 3, IDatanetRegistry.VersionView(4, 3 * w, block.timestamp, block.number), "version 3");
    }

    function test_publishVersion_acceptanceAfterAVersion_isNeverInIt() public {
        uint256 id = _curated();
        _contribute(ALICE, id, keccak256("a"));
        _contribute(BOB, id, keccak256("late"));
        _review(id, keccak256("a"), 5);
        _publish(id);

        // Submitted before version 1 but accepted after it: its number is past the version's prefix.
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionReviewed(id, keccak256("late"), BOB, 3, 2);
        _review(id, keccak256("late"), 3);
        assertEq(datanets.datanetVersion(id, 1).acceptedCount, 1, "version 1 holds number 1 only");
        assertEq(datanets.datanetVersion(id, 1).totalWeight, 5, "and its weight only");
        assertEq(_publish(id), 2, "the late record is in version 2");
        assertEq(datanets.datanetVersion(id, 2).acceptedCount, 2, "version 2 holds both");
    }

    function test_publishVersion_closedDatanet_canStillPublishWhatItAccepted() public {
        uint256 id = _open();
        _contribute(ALICE, id, keccak256("a"));
        vm.prank(OWNER);
        datanets.closeDatanet(id);
        assertEq(_publish(id), 1, "published after closing");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NothingAcceptedSinceVersion.selector, id, 1, 1));
        _publish(id);
        datanets.requireVersion(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DatanetIsClosed.selector, id));
        datanets.requireOpenVersion(id, 1);
    }

    function test_publishVersion_notTheOwner_reverts() public {
        uint256 id = _open();
        _contribute(ALICE, id, keccak256("a"));
        vm.prank(OWNER);
        datanets.setCurator(id, CURATOR, true);
        address[3] memory callers = [MALLORY, CURATOR, ALICE];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NotDatanetOwner.selector, id, callers[i]));
            vm.prank(callers[i]);
            datanets.publishVersion(id, MANIFEST);
        }
        assertEq(datanets.versionCount(id), 0, "nothing published");
    }

    function test_publishVersion_newOwner_publishesAndThePreviousCannot() public {
        uint256 id = _open();
        _contribute(ALICE, id, keccak256("a"));
        vm.prank(OWNER);
        datanets.transferDatanetOwnership(id, BOB);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NotDatanetOwner.selector, id, OWNER));
        _publish(id);
        vm.prank(BOB);
        assertEq(datanets.publishVersion(id, MANIFEST), 1, "the new owner publishes");
    }

    function test_publishVersion_nothingAccepted_revertsWithTheCounts() public {
        uint256 id = _curated();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NothingAcceptedSinceVersion.selector, id, 0, 0));
        _publish(id);

        // A pending and a rejected contribution are not accepted.
        _contribute(ALICE, id, keccak256("pending"));
        _contribute(ALICE, id, keccak256("rejected"));
        _review(id, keccak256("rejected"), 0);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NothingAcceptedSinceVersion.selector, id, 0, 0));
        _publish(id);

        _review(id, keccak256("pending"), 1);
        _publish(id);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NothingAcceptedSinceVersion.selector, id, 1, 1));
        _publish(id);
    }

    function test_publishVersion_emptyURI_reverts() public {
        uint256 id = _open();
        _contribute(ALICE, id, keccak256("a"));
        vm.expectRevert(IErrors.EmptyURI.selector);
        vm.prank(OWNER);
        datanets.publishVersion(id, "");
    }

    function test_publishVersion_unknownDatanet_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanet.selector, 1));
        _publish(1);
    }

    function test_publishVersion_reverts_leaveTheVersionsAsTheyWere() public {
        uint256 id = _open();
        _contribute(ALICE, id, keccak256("a"));
        _publish(id);
        IDatanetRegistry.VersionView memory first = datanets.datanetVersion(id, 1);
        _contribute(BOB, id, keccak256("b"));
        _nextBlock();

        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NotDatanetOwner.selector, id, MALLORY));
        vm.prank(MALLORY);
        datanets.publishVersion(id, MANIFEST);
        vm.expectRevert(IErrors.EmptyURI.selector);
        vm.prank(OWNER);
        datanets.publishVersion(id, "");

        assertEq(datanets.versionCount(id), 1, "still one version");
        _assertVersion(id, 1, first, "version 1 as it was");
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanetVersion.selector, id, 2, 1));
        datanets.datanetVersion(id, 2);
        // The next successful publication is version 2, with everything accepted by then.
        assertEq(_publish(id), 2, "version 2");
        assertEq(datanets.datanetVersion(id, 2).acceptedCount, 2, "both records");
    }

    function test_publishVersion_atMaxVersions_revertsAndTheLastOneFits22Bits() public {
        uint256 id = _open();
        uint256 max = datanets.MAX_VERSIONS();
        assertEq(max, 2 ** 22 - 1, "MAX_VERSIONS");
        _contribute(ALICE, id, keccak256("a"));
        _setVersionCount(id, max - 1);
        assertEq(_publish(id), max, "the last version");
        assertEq(datanets.datanetVersion(id, max).acceptedCount, 1, "its prefix");

        // A model can name it: the version fits its 22 bits whole.
        vm.prank(BUILDER);
        uint256 m = models.registerModel(
            IModelRegistry.ModelParams("ipfs://card", keccak256("w"), "ipfs://w", 0, _single(id, max), 1e18, 5_000)
        );
        assertEq(models.trainingSet(m)[0].version, max, "the model's version, not truncated");

        _contribute(BOB, id, keccak256("b"));
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.TooManyVersions.selector, id, max));
        _publish(id);
        assertEq(datanets.versionCount(id), max, "still the last version");
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_datanetVersion_zeroAndUnpublished_revertWithTheLatest() public {
        uint256 id = _open();
        _assertUnknownVersion(id, 0, 0);
        _assertUnknownVersion(id, 1, 0);
        _contribute(ALICE, id, keccak256("a"));
        _publish(id);
        _assertUnknownVersion(id, 0, 1);
        _assertUnknownVersion(id, 2, 1);
        _assertUnknownVersion(id, type(uint256).max, 1);
    }

    function test_versionViews_unknownDatanet_revert() public {
        bytes memory unknown = abi.encodeWithSelector(IDatanetRegistry.UnknownDatanet.selector, 7);
        vm.expectRevert(unknown);
        datanets.versionCount(7);
        vm.expectRevert(unknown);
        datanets.datanetVersion(7, 1);
        vm.expectRevert(unknown);
        datanets.requireVersion(7, 1);
        vm.expectRevert(unknown);
        datanets.requireOpenVersion(7, 1);
    }

    function test_requireOpenVersion_closedDatanet_revertsBeforeTheVersion() public {
        uint256 id = _open();
        vm.prank(OWNER);
        datanets.closeDatanet(id);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DatanetIsClosed.selector, id));
        datanets.requireOpenVersion(id, 0);
    }

    // ─── Fuzz ────────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev What the fuzz test expects of its datanet.
    struct Mix {
        uint256 id;
        bytes32[] pending;
        bool[] isBatch;
        uint256 pendingCount;
        uint256 accepted;
        uint256 weight;
        IDatanetRegistry.VersionView[] published;
        uint256 versions;
    }

    /// @notice Random mixes of contributions, reviews (accepting and rejecting), batches and publications: the
    /// versions stay a strictly growing prefix of the accepted contributions, and none changes once published.
    function testFuzz_versions_randomMixesKeepAStrictlyGrowingPrefix(uint256 seed, uint256 steps) public {
        steps = bound(steps, 1, 40);
        Mix memory m;
        m.id = _curated();
        m.pending = new bytes32[](steps);
        m.isBatch = new bool[](steps);
        m.published = new IDatanetRegistry.VersionView[](steps);
        for (uint256 i; i < steps; ++i) {
            _mixStep(m, uint256(keccak256(abi.encode(seed, i))), keccak256(abi.encode("key", seed, i)));
            _mixCheck(m);
        }
    }

    function _mixStep(Mix memory m, uint256 r, bytes32 key) private {
        uint256 action = r % 5;
        if (action == 0) {
            address[4] memory contributors = [ALICE, BOB, MALLORY, CURATOR];
            _contribute(contributors[(r >> 8) % 4], m.id, key);
            m.pending[m.pendingCount] = key;
            m.isBatch[m.pendingCount++] = false;
        } else if (action == 1) {
            vm.prank(BOB);
            datanets.contributeRoot(m.id, key, 1 + ((r >> 8) % 100), "ipfs://tree");
            m.pending[m.pendingCount] = key;
            m.isBatch[m.pendingCount++] = true;
        } else if (action == 2 && m.pendingCount != 0) {
            _mixReview(m, r);
        } else if (action == 3) {
            uint256 latest = m.versions == 0 ? 0 : m.published[m.versions - 1].acceptedCount;
            if (m.accepted == latest) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IDatanetRegistry.NothingAcceptedSinceVersion.selector,
                        m.id,
                        m.versions,
                        m.accepted
                    )
                );
                _publish(m.id);
            } else {
                assertEq(_publish(m.id), m.versions + 1, "the next number");
                m.published[m.versions++] = IDatanetRegistry.VersionView(
                    m.accepted,
                    m.weight,
                    block.timestamp,
                    block.number
                );
            }
        } else {
            _nextBlock();
        }
    }

    /// @dev Reviews a random pending contribution: accepted with a random weight, or rejected one time in three.
    function _mixReview(Mix memory m, uint256 r) private {
        uint256 k = (r >> 8) % m.pendingCount;
        bool accept = (r >> 16) % 3 != 0;
        uint256 w;
        if (m.isBatch[k]) {
            vm.prank(OWNER);
            datanets.reviewBatch(m.id, m.pending[k], accept);
        } else {
            w = accept ? 1 + ((r >> 24) % 1000) : 0;
            _review(m.id, m.pending[k], w);
        }
        if (accept) {
            ++m.accepted;
            m.weight += w;
        }
        m.pending[k] = m.pending[m.pendingCount - 1];
        m.isBatch[k] = m.isBatch[--m.pendingCount];
    }

    function _mixCheck(Mix memory m) private view {
        IDatanetRegistry.DatanetView memory d = datanets.datanet(m.id);
        assertEq(d.acceptedCount, m.accepted, "accepted count");
        assertEq(d.acceptedWeight, m.weight, "accepted weight");
        assertEq(d.versionCount, m.versions, "version count");
        for (uint256 v; v < m.versions; ++v) {
            _assertVersion(m.id, v + 1, m.published[v], "a published version never changes");
            if (v != 0) {
                assertGt(m.published[v].acceptedCount, m.published[v - 1].acceptedCount, "strictly growing");
                assertGe(m.published[v].totalWeight, m.published[v - 1].totalWeight, "weight never decreases");
            }
        }
        if (m.versions != 0) {
            assertLe(m.published[m.versions - 1].acceptedCount, m.accepted, "a prefix of the accepted");
        }
    }

    // ─── Attacks ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The owner wants a published version to say something else (drop a contributor, add weight): nothing can
    /// write a version but the next publication, which only appends.
    function test_attack_ownerRewritingAPublishedVersion_onlyAppendsANewOne() public {
        uint256 id = _curated();
        _contribute(ALICE, id, keccak256("alice"));
        _review(id, keccak256("alice"), 100);
        _publish(id);
        IDatanetRegistry.VersionView memory first = datanets.datanetVersion(id, 1);

        // The owner adds its own heavy record and publishes again, closes the datanet, hands it over: version 1 stands.
        _nextBlock();
        _contribute(OWNER, id, keccak256("owner"));
        _review(id, keccak256("owner"), datanets.MAX_WEIGHT());
        assertEq(_publish(id), 2, "a new version, not a rewrite");
        vm.prank(OWNER);
        datanets.closeDatanet(id);
        vm.prank(OWNER);
        datanets.transferDatanetOwnership(id, MALLORY);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.NothingAcceptedSinceVersion.selector, id, 2, 2));
        vm.prank(MALLORY);
        datanets.publishVersion(id, MANIFEST);

        _assertVersion(id, 1, first, "version 1 as published");
        assertEq(datanets.versionCount(id), 2, "two versions");
    }

    /// @notice A contributor who arrives after a version (or was reviewed after it) wants a share of the models trained
    /// on it: its acceptance number is past that version's prefix, whatever the path (a reveal with an earlier commit
    /// included, which numbers a fresh record at its acceptance).
    function test_attack_lateContributor_isNeverInsideAnEarlierVersion() public {
        uint256 id = _open();
        _contribute(ALICE, id, keccak256("a"));
        _contribute(BOB, id, keccak256("b"));
        bytes32 salt = keccak256("mallory's salt");
        bytes32 h = keccak256("mallory's record");
        _commit(MALLORY, id, h, salt);
        _nextBlock();
        _publish(id);

        // Mallory's commit is older than version 1, but her record is accepted after it.
        vm.expectEmit(address(datanets));
        emit IDatanetRegistry.ContributionSubmitted(id, h, MALLORY, 2, datanets.DEFAULT_WEIGHT(), 3, URI);
        vm.prank(MALLORY);
        datanets.revealContribution(id, h, URI, salt);
        vm.prank(MALLORY);
        datanets.contributeRoot(id, keccak256("mallory's root"), 1_000, "ipfs://tree");

        assertEq(datanets.datanetVersion(id, 1).acceptedCount, 2, "version 1 holds numbers 1 and 2 only");
        assertEq(datanets.datanetVersion(id, 1).totalWeight, 2 * datanets.DEFAULT_WEIGHT(), "and their weight");
        assertEq(datanets.datanet(id).acceptedCount, 4, "Mallory's are numbers 3 and 4");
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Writes the datanet's version counter (bits 160..183 of its third slot, after the attestor; `_datanets` is
    /// slot 2), and checks the layout on the way.
    function _setVersionCount(uint256 id, uint256 count) private {
        VmVersionStorage store = VmVersionStorage(address(vm));
        bytes32 slot = bytes32(uint256(keccak256(abi.encode(id, uint256(2)))) + 2);
        uint256 word = uint256(store.load(address(datanets), slot));
        assertEq(address(uint160(word)), datanets.attestorOf(id), "the attestor is where it should be");
        assertEq((word >> 160) & type(uint24).max, datanets.versionCount(id), "the counter is there");
        word = (word & ~(uint256(type(uint24).max) << 160)) | (count << 160);
        store.store(address(datanets), slot, bytes32(word));
        assertEq(datanets.versionCount(id), count, "counter written");
    }

    function _assertUnknownVersion(uint256 id, uint256 version, uint256 latest) private {
        bytes memory reason = abi.encodeWithSelector(
            IDatanetRegistry.UnknownDatanetVersion.selector,
            id,
            version,
            latest
        );
        vm.expectRevert(reason);
        datanets.datanetVersion(id, version);
        vm.expectRevert(reason);
        datanets.requireVersion(id, version);
        vm.expectRevert(reason);
        datanets.requireOpenVersion(id, version);
    }
}

/// @notice Models name the datanet versions they were trained on: registration needs a published version of an open
/// datanet, and a new model version may keep the versions in force or move each to a newer published one, never back.
contract ModelDatanetVersionsTest is VersionsBase {
    uint256 private _d1;
    uint256 private _d2;
    uint256 private _model;
    uint256 private _nonce;

    function setUp() public {
        _setUpVersions();
        _d1 = _open();
        _d2 = _curated();
        _publishDatanetVersion(_d1);
        _publishDatanetVersion(_d1);
        _publishDatanetVersion(_d2, ALICE);
        // Datanet 1 has versions 1 and 2, datanet 2 version 1; the model is trained on version 1 of both.
        _model = _registerPair(1, 1);
    }

    // ─── Registration ────────────────────────────────────────────────────────────────────────────────────────────

    function test_registerModel_namesTheVersionsAndEmitsThemAsVersion0() public {
        IModelRegistry.ModelParams memory p = _params(_pair(2, 1));
        uint256 next = models.modelCount() + 1;
        uint256[] memory expected = _list(2, 1);
        vm.expectEmit(address(models));
        emit IModelRegistry.VersionPublished(next, 0, p.weightsHash, expected, p.weightsURI);
        vm.prank(BUILDER);
        uint256 m = models.registerModel(p);

        IModelRegistry.ModelView memory v = models.model(m);
        assertEq(v.datanets[0].version, 2, "first datanet's version");
        assertEq(v.datanets[1].version, 1, "second datanet's version");
        _assertList(models.version(m, 0).datanetVersions, expected, "version 0");
        IModelRegistry.TrainingDatanet[] memory set = models.trainingSet(m);
        assertEq(set[0].datanetId, _d1, "training set: datanet");
        assertEq(set[0].version, 2, "training set: version");
        assertEq(set[0].weightBps, 6_000, "training set: weight");
        assertEq(set[1].version, 1, "training set: second version");
    }

    function test_registerModel_versionZero_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanetVersion.selector, _d2, 0, 1));
        _registerPairRaw(1, 0);
    }

    function test_registerModel_unpublishedVersion_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanetVersion.selector, _d1, 3, 2));
        _registerPairRaw(3, 1);
        uint256 fresh = _open();
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanetVersion.selector, fresh, 1, 0));
        vm.prank(BUILDER);
        models.registerModel(_params(_single(fresh)));
    }

    function test_registerModel_closedDatanet_revertsEvenAtAPublishedVersion() public {
        vm.prank(OWNER);
        datanets.closeDatanet(_d1);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DatanetIsClosed.selector, _d1));
        _registerPairRaw(1, 1);
    }

    // ─── publishVersion ──────────────────────────────────────────────────────────────────────────────────────────

    function test_publishVersion_empty_keepsTheVersionsInForce() public {
        uint256[] memory kept = _list(1, 1);
        vm.expectEmit(address(models));
        emit IModelRegistry.VersionPublished(_model, 1, keccak256("v1"), kept, "ipfs://v1");
        uint256 index = _publishModel(_model, new uint256[](0));
        assertEq(index, 1, "version 1");
        _assertList(models.version(_model, 1).datanetVersions, kept, "version 1 keeps them");
        _assertTrainingSet(1, 1);
    }

    function test_publishVersion_moves_namesTheNewVersions() public {
        uint256[] memory moves = _list(2, 1);
        vm.expectEmit(address(models));
        emit IModelRegistry.VersionPublished(_model, 1, keccak256("v1"), moves, "ipfs://v1");
        _publishModel(_model, moves);

        _assertList(models.version(_model, 0).datanetVersions, _list(1, 1), "version 0 as it was");
        _assertList(models.version(_model, 1).datanetVersions, moves, "version 1");
        _assertTrainingSet(2, 1);
        IModelRegistry.ModelView memory v = models.model(_model);
        assertEq(v.datanets[0].version, 2, "the model view's versions in force");
        assertEq(v.datanets[0].weightBps, 6_000, "the weights never change");
        assertEq(v.datanets[1].datanetId, _d2, "the datanets never change");
        assertEq(v.versionCount, 2, "two versions");

        // Then an empty list keeps version 2 of datanet 1; moving datanet 2 too works later.
        _publishModel(_model, new uint256[](0));
        _assertList(models.version(_model, 2).datanetVersions, moves, "version 2 keeps them");
        _publishDatanetVersion(_d2, BOB);
        _publishModel(_model, _list(2, 2));
        _assertTrainingSet(2, 2);
    }

    function test_publishVersion_sameVersions_isAccepted() public {
        _publishModel(_model, _list(1, 1));
        _assertTrainingSet(1, 1);
    }

    function test_publishVersion_regress_reverts() public {
        _publishModel(_model, _list(2, 1));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DatanetVersionRegressed.selector, _d1, 1, 2));
        _publishModel(_model, _list(1, 1));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DatanetVersionRegressed.selector, _d2, 0, 1));
        _publishModel(_model, _list(2, 0));
        _assertTrainingSet(2, 1);
        assertEq(models.model(_model).versionCount, 2, "no version added");
    }

    function test_publishVersion_wrongLength_reverts() public {
        uint256[] memory one = new uint256[](1);
        one[0] = 2;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.TrainingVersionsMismatch.selector, 1, 2));
        _publishModel(_model, one);
        uint256[] memory three = new uint256[](3);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.TrainingVersionsMismatch.selector, 3, 2));
        _publishModel(_model, three);
        assertEq(models.model(_model).versionCount, 1, "no version added");
    }

    function test_publishVersion_unpublishedDatanetVersion_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanetVersion.selector, _d1, 3, 2));
        _publishModel(_model, _list(3, 1));
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.UnknownDatanetVersion.selector, _d2, 2, 1));
        _publishModel(_model, _list(2, 2));
        _assertTrainingSet(1, 1);
        assertEq(models.model(_model).versionCount, 1, "no version added");
    }

    function test_publishVersion_closedDatanet_canStillMoveToItsPublishedVersions() public {
        _contribute(ALICE, _d1, keccak256("before closing"));
        vm.prank(OWNER);
        datanets.closeDatanet(_d1);
        _publish(_d1);
        _publishModel(_model, _list(3, 1));
        _assertTrainingSet(3, 1);
    }

    function test_publishVersion_notTheOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IErrors.NotModelOwner.selector, _model, MALLORY));
        vm.prank(MALLORY);
        models.publishVersion(_model, keccak256("v1"), "ipfs://v1", _list(2, 1));
        _assertTrainingSet(1, 1);
    }

    // ─── Attacks ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice A model owner retrained on version 2 wants to pay only the (fewer) contributors of version 1 again: a
    /// training set never moves backwards, by any list, and the version in force stays the newest named.
    function test_attack_modelOwnerMovingATrainingSetBackwards_reverts() public {
        _publishModel(_model, _list(2, 1));
        uint256[3] memory tries = [uint256(0), 1, 1];
        for (uint256 i; i < tries.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DatanetVersionRegressed.selector, _d1, tries[i], 2));
            _publishModel(_model, _list(tries[i], 1));
        }
        // A new owner of the NFT is held to the same rule.
        vm.prank(BUILDER);
        models.transferFrom(BUILDER, MALLORY, _model);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DatanetVersionRegressed.selector, _d1, 1, 2));
        vm.prank(MALLORY);
        models.publishVersion(_model, keccak256("back"), "ipfs://back", _list(1, 1));
        _assertTrainingSet(2, 1);
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _pair(uint256 v1, uint256 v2) private view returns (IModelRegistry.TrainingDatanet[] memory set) {
        set = new IModelRegistry.TrainingDatanet[](2);
        set[0] = IModelRegistry.TrainingDatanet(_d1, v1, 6_000);
        set[1] = IModelRegistry.TrainingDatanet(_d2, v2, 4_000);
    }

    /// @dev Built without any external call, so that a test may expect a revert before it.
    function _params(IModelRegistry.TrainingDatanet[] memory set) private returns (IModelRegistry.ModelParams memory) {
        return
            IModelRegistry.ModelParams({
                cardURI: "ipfs://card",
                weightsHash: keccak256(abi.encode("weights", ++_nonce)),
                weightsURI: "ipfs://weights",
                parentId: 0,
                datanets: set,
                price: 1e18,
                ownerBps: 5_000
            });
    }

    function _registerPair(uint256 v1, uint256 v2) private returns (uint256) {
        return _registerPairRaw(v1, v2);
    }

    function _registerPairRaw(uint256 v1, uint256 v2) private returns (uint256) {
        IModelRegistry.ModelParams memory p = _params(_pair(v1, v2));
        vm.prank(BUILDER);
        return models.registerModel(p);
    }

    function _publishModel(uint256 m, uint256[] memory versions) private returns (uint256) {
        vm.prank(BUILDER);
        return models.publishVersion(m, keccak256("v1"), "ipfs://v1", versions);
    }

    function _list(uint256 a, uint256 b) private pure returns (uint256[] memory list) {
        list = new uint256[](2);
        list[0] = a;
        list[1] = b;
    }

    function _assertList(uint256[] memory got, uint256[] memory expected, string memory message) private pure {
        assertEq(got.length, expected.length, string.concat(message, ": length"));
        for (uint256 i; i < got.length; ++i) assertEq(got[i], expected[i], message);
    }

    function _assertTrainingSet(uint256 v1, uint256 v2) private view {
        IModelRegistry.TrainingDatanet[] memory set = models.trainingSet(_model);
        assertEq(set.length, 2, "two training datanets");
        assertEq(set[0].datanetId, _d1, "first datanet");
        assertEq(set[0].version, v1, "first datanet's version in force");
        assertEq(set[1].datanetId, _d2, "second datanet");
        assertEq(set[1].version, v2, "second datanet's version in force");
    }
}

/// @notice previewSplit names, for each datanet credit, the model of its lineage level and that model's version of
/// the datanet: a datanet that trains a child at version 2 and its parent at version 1 appears once per level.
contract PreviewSplitVersionsTest is SettlementFixture {
    uint256 private _parent;
    uint256 private _child;

    function setUp() public {
        _setUpSettlement();
        // Datanet 3 gets a version 2; the parent trains on datanet 3 at version 1, the child on 3 at version 2 and 5
        // at version 1.
        _publishDatanetVersion(3);
        _parent = _register(address(0xA1), 0, _single(3, 1), 1e18, 6_000);
        IModelRegistry.TrainingDatanet[] memory set = new IModelRegistry.TrainingDatanet[](2);
        set[0] = IModelRegistry.TrainingDatanet(3, 2, 7_000);
        set[1] = IModelRegistry.TrainingDatanet(5, 1, 3_000);
        _child = _register(address(0xA2), _parent, set, 1e18, 5_000);
    }

    function test_previewSplit_eachDatanetCreditNamesItsLevelsModelAndVersion() public {
        ISettlement.SplitPreview memory p = settlement.previewSplit(_child, 10e18);
        assertEq(p.datanets.length, 3, "the child's two datanets, then the parent's one");
        _assertCredit(p.datanets[0], 3, _child, 2, "child, datanet 3");
        _assertCredit(p.datanets[1], 5, _child, 1, "child, datanet 5");
        _assertCredit(p.datanets[2], 3, _parent, 1, "parent, datanet 3");
        assertEq(_previewTotal(p), 10e18, "the preview adds up to the fee");

        vm.prank(PAYER);
        settlement.settle(_child, 10, type(uint256).max, bytes32(0), bytes32(0));
        assertEq(settlement.accrued(3), _sumFor(p.datanets, 3), "datanet 3 credited at both levels");
        assertEq(settlement.accrued(5), _sumFor(p.datanets, 5), "datanet 5 credited");
    }

    function test_previewSplit_followsTheModelsNewVersions() public {
        _publishDatanetVersion(3);
        _publishDatanetVersion(5);
        vm.prank(address(0xA2));
        models.publishVersion(_child, keccak256("child v1"), "ipfs://child", _pair(3, 2));
        vm.prank(address(0xA1));
        models.publishVersion(_parent, keccak256("parent v1"), "ipfs://parent", _one(2));

        ISettlement.SplitPreview memory p = settlement.previewSplit(_child, 10e18);
        _assertCredit(p.datanets[0], 3, _child, 3, "child, datanet 3 at version 3");
        _assertCredit(p.datanets[1], 5, _child, 2, "child, datanet 5 at version 2");
        _assertCredit(p.datanets[2], 3, _parent, 2, "parent, datanet 3 at version 2");
    }

    function test_previewSplit_singleModel_namesItsVersion() public view {
        ISettlement.SplitPreview memory p = settlement.previewSplit(_parent, 1e18);
        assertEq(p.datanets.length, 1, "one credit");
        _assertCredit(p.datanets[0], 3, _parent, 1, "parent, datanet 3");
    }

    function _assertCredit(
        ISettlement.DatanetCredit memory c,
        uint256 id,
        uint256 modelId,
        uint256 version,
        string memory message
    ) private pure {
        assertEq(c.id, id, string.concat(message, ": datanet"));
        assertEq(c.modelId, modelId, string.concat(message, ": model"));
        assertEq(c.version, version, string.concat(message, ": version"));
        assertTrue(c.amount != 0, string.concat(message, ": amount"));
    }

    function _pair(uint256 a, uint256 b) private pure returns (uint256[] memory list) {
        list = new uint256[](2);
        list[0] = a;
        list[1] = b;
    }

    function _one(uint256 a) private pure returns (uint256[] memory list) {
        list = new uint256[](1);
        list[0] = a;
    }
}
