// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IDatanetRegistry } from "../../../contracts/interfaces/IDatanetRegistry.sol";
import { RegistryHandler } from "./handlers/RegistryHandler.sol";
import { SuiteBase } from "../utils/SuiteBase.sol";

/// @notice Invariants of the DatanetRegistry over random sequences of RegistryHandler actions: statuses only move
/// forward, contributor totals equal the sums over their accepted records, datanet counters equal what was made, the
/// acceptance counters equal the accepted contributions, versions are growing prefixes that never change, the
/// registry holds exactly the bonds it owes (pending bonds plus credits), and a record's credit moves only to the
/// revealer of an earlier commit.
contract RegistryInvariantTest is SuiteBase {
    /// @dev The shape the invariant runner expects from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    RegistryHandler internal handler;
    address[4] internal actorList = [address(0xAC1), address(0xAC2), address(0xAC3), address(0xAC4)];

    function setUp() public {
        _deploySuite();
        address[] memory accounts = new address[](actorList.length);
        for (uint256 i; i < actorList.length; ++i) {
            accounts[i] = actorList[i];
            _fund(actorList[i], 1_000_000e18);
            vm.prank(actorList[i]);
            open.approve(address(datanets), type(uint256).max);
        }
        handler = new RegistryHandler(IDatanetRegistry(address(datanets)), IERC20(address(open)), accounts);
        // Start every run with one open and one curated datanet with a bond, so that each sequence has somewhere to
        // contribute from its first call; the runs create up to four more.
        handler.createDatanet(0, false, 0);
        handler.createDatanet(1, true, 2e18);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Only the handler's actions are called, not its views.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory actions = new bytes4[](14);
        actions[0] = RegistryHandler.createDatanet.selector;
        actions[1] = RegistryHandler.setCurator.selector;
        actions[2] = RegistryHandler.contribute.selector;
        actions[3] = RegistryHandler.contributeDuplicate.selector;
        actions[4] = RegistryHandler.review.selector;
        actions[5] = RegistryHandler.reviewNonPending.selector;
        actions[6] = RegistryHandler.contributeRoot.selector;
        actions[7] = RegistryHandler.reviewBatch.selector;
        actions[8] = RegistryHandler.withdrawBondCredit.selector;
        actions[9] = RegistryHandler.frontRun.selector;
        actions[10] = RegistryHandler.lateCommit.selector;
        actions[11] = RegistryHandler.withdrawPending.selector;
        actions[12] = RegistryHandler.sameSecondCommit.selector;
        actions[13] = RegistryHandler.publishVersion.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), actions);
    }

    // ─── Invariants ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Every status the handler saw only moved Pending → Accepted or Pending → Rejected, and each record and
    /// batch is now in the status the handler's own decisions lead to.
    function invariant_statusesOnlyMoveForward() public view {
        assertEq(handler.backwardMoves(), 0, "a status moved backward");
        uint256 n = handler.trackedCount();
        for (uint256 i; i < n; ++i) {
            RegistryHandler.Tracked memory t = handler.tracked(i);
            IDatanetRegistry.ContributionView memory c = datanets.contribution(t.datanetId, t.contentHash);
            assertTrue(_forward(t.seen, c.status), "record moved since last seen");
            assertEq(uint256(c.status), uint256(t.expected), "record status");
            assertEq(c.weight, t.weight, "record weight");
            assertEq(c.contributor, t.contributor, "record contributor");
        }
        uint256 b = handler.batchCount();
        for (uint256 i; i < b; ++i) {
            RegistryHandler.TrackedBatch memory tb = handler.trackedBatch(i);
            IDatanetRegistry.BatchView memory v = datanets.batch(tb.datanetId, tb.root);
            assertTrue(_forward(tb.seen, v.status), "batch moved since last seen");
            assertEq(uint256(v.status), uint256(tb.expected), "batch status");
            assertEq(v.submitter, tb.submitter, "batch submitter");
        }
    }

    /// @notice For each actor, contributorStats equals the count and the weight sum of its accepted records.
    function invariant_contributorStatsMatchAcceptedRecords() public view {
        uint256 n = handler.trackedCount();
        for (uint256 a; a < actorList.length; ++a) {
            uint256 accepted;
            uint256 weight;
            for (uint256 i; i < n; ++i) {
                RegistryHandler.Tracked memory t = handler.tracked(i);
                if (t.contributor == actorList[a] && t.expected == IDatanetRegistry.Status.Accepted) {
                    ++accepted;
                    weight += t.weight;
                }
            }
            IDatanetRegistry.ContributorStats memory st = datanets.contributorStats(actorList[a]);
            assertEq(st.accepted, accepted, "accepted count");
            assertEq(st.acceptedWeight, weight, "accepted weight");
        }
    }

    /// @notice Each datanet counts exactly the contributions and batches the handler made in it.
    function invariant_datanetCountsMatchWhatWasMade() public view {
        uint256[] memory ids = handler.datanetIds();
        assertEq(datanets.datanetCount(), ids.length, "datanet count");
        for (uint256 i; i < ids.length; ++i) {
            IDatanetRegistry.DatanetView memory d = datanets.datanet(ids[i]);
            assertEq(d.contributionCount, handler.contributionsMade(ids[i]), "contribution count");
            assertEq(d.batchCount, handler.batchesMade(ids[i]), "batch count");
        }
    }

    /// @notice Each datanet's acceptance counters are the count of its accepted records and batches and the weight of
    /// its accepted records: an acceptance is counted once, and a takeover or a withdrawal counts none.
    function invariant_acceptanceCountersMatchAcceptedContributions() public view {
        uint256[] memory ids = handler.datanetIds();
        for (uint256 k; k < ids.length; ++k) {
            uint256 accepted;
            uint256 weight;
            uint256 n = handler.trackedCount();
            for (uint256 i; i < n; ++i) {
                RegistryHandler.Tracked memory t = handler.tracked(i);
                if (t.datanetId == ids[k] && t.expected == IDatanetRegistry.Status.Accepted) {
                    ++accepted;
                    weight += t.weight;
                }
            }
            uint256 b = handler.batchCount();
            for (uint256 i; i < b; ++i) {
                RegistryHandler.TrackedBatch memory tb = handler.trackedBatch(i);
                if (tb.datanetId == ids[k] && tb.expected == IDatanetRegistry.Status.Accepted) ++accepted;
            }
            IDatanetRegistry.DatanetView memory d = datanets.datanet(ids[k]);
            assertEq(d.acceptedCount, accepted, "acceptedCount == accepted records and batches");
            assertEq(d.acceptedWeight, weight, "acceptedWeight == weight of the accepted records");
        }
    }

    /// @notice Every datanet's versions are growing prefixes of its accepted contributions: accepted counts strictly
    /// increase with the version number, the latest at most the datanet's; total weights never decrease and stay within
    /// its accepted weight; and each version reads as it did right after its publication.
    function invariant_datanetVersionsAreGrowingPrefixes() public view {
        uint256[] memory ids = handler.datanetIds();
        for (uint256 k; k < ids.length; ++k) {
            IDatanetRegistry.DatanetView memory d = datanets.datanet(ids[k]);
            uint256 count;
            uint256 weight;
            for (uint256 v = 1; v <= d.versionCount; ++v) {
                IDatanetRegistry.VersionView memory version = datanets.datanetVersion(ids[k], v);
                IDatanetRegistry.VersionView memory published = handler.publishedVersion(ids[k], v);
                assertGt(version.acceptedCount, count, "accepted counts strictly increase");
                assertGe(version.totalWeight, weight, "total weights never decrease");
                assertLe(version.totalWeight, d.acceptedWeight, "total weight <= accepted weight");
                assertEq(version.acceptedCount, published.acceptedCount, "a version's count never changes");
                assertEq(version.totalWeight, published.totalWeight, "a version's weight never changes");
                assertEq(version.publishedAt, published.publishedAt, "a version's time never changes");
                assertEq(version.blockNumber, published.blockNumber, "a version's block never changes");
                count = version.acceptedCount;
                weight = version.totalWeight;
            }
            assertLe(count, d.acceptedCount, "latest accepted count <= the datanet's");
        }
    }

    /// @notice The registry holds exactly the bonds of pending records and batches plus the unwithdrawn credit.
    function invariant_bondsAreBacked() public view {
        uint256 owed = handler.pendingBonds();
        for (uint256 a; a < actorList.length; ++a) owed += datanets.bondCredit(actorList[a]);
        assertEq(open.balanceOf(address(datanets)), owed, "registry balance == bonds owed");
    }

    /// @notice A record's contributor (and so its credit) never moves, except to the revealer of an earlier commit.
    function invariant_creditMovesOnlyByAnEarlierCommit() public view {
        assertEq(handler.creditMoves(), 0, "a record changed hands other than by an earlier commit");
    }

    /// @notice No duplicate or second review went through, and every index returned was the expected one.
    function invariant_noSurprise() public view {
        assertEq(handler.surprises(), 0, "unexpected success or result");
    }

    // ─── The handler itself ──────────────────────────────────────────────────────────────────────────────────────

    /// @notice A fixed sequence through every action, so that the handler is known to work and the invariants to
    /// hold on a run that exercises each path.
    function test_handler_everyActionRunsAndTheInvariantsHold() public {
        handler.setCurator(1, 2, true);
        for (uint256 i; i < 3; ++i) handler.contribute(i, 1, 2);
        handler.contribute(3, 0, 1);
        handler.contributeDuplicate(2, 0);
        handler.review(1, 2, 4, 7);
        handler.review(1, 0, 10, 8);
        handler.reviewNonPending(0, 5);
        handler.reviewNonPending(6, 5);
        handler.contributeRoot(0, 1, 50);
        handler.contributeRoot(1, 0, 50);
        handler.reviewBatch(0, 2, true);
        handler.reviewBatch(0, 0, false);
        handler.reviewBatch(1, 0, false);
        handler.frontRun(0, 1, 1, 0); // pending copy
        handler.frontRun(1, 2, 1, 1 | (5 << 8)); // accepted copy
        handler.frontRun(2, 3, 1, 2); // rejected copy
        handler.frontRun(3, 0, 0, 0); // open datanet
        handler.lateCommit(1, 0);
        handler.sameSecondCommit(0, 1, 0);
        handler.withdrawPending(0);
        for (uint256 a; a < actorList.length; ++a) handler.withdrawBondCredit(a);
        handler.publishVersion(0, 1); // the open datanet's version 1
        handler.publishVersion(0, 1); // nothing new: refused
        handler.publishVersion(1, 1); // the curated datanet's version 1
        handler.contribute(3, 0, 1);
        handler.publishVersion(0, 1); // the open datanet's version 2
        handler.lateCommit(2, 1);

        bytes32[15] memory actions = [
            bytes32("createDatanet"),
            "setCurator",
            "contribute",
            "contributeDuplicate",
            "review",
            "reviewNonPending",
            "contributeRoot",
            "reviewBatch",
            "withdrawBondCredit",
            "frontRun",
            "lateCommit",
            "withdrawPending",
            "sameSecondCommit",
            "publishVersion",
            "publishVersion.refused"
        ];
        for (uint256 i; i < actions.length; ++i) assertTrue(handler.calls(actions[i]) > 0, "action ran");
        assertEq(handler.contributionsMade(2), 9, "nine records in the curated datanet");
        assertEq(handler.takeovers(), 4, "four takeovers");
        invariant_statusesOnlyMoveForward();
        invariant_contributorStatsMatchAcceptedRecords();
        invariant_datanetCountsMatchWhatWasMade();
        invariant_bondsAreBacked();
        invariant_noSurprise();
        invariant_creditMovesOnlyByAnEarlierCommit();
        invariant_acceptanceCountersMatchAcceptedContributions();
        invariant_datanetVersionsAreGrowingPrefixes();
        assertEq(datanets.versionCount(1), 2, "two versions of the open datanet");
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    function _forward(IDatanetRegistry.Status from, IDatanetRegistry.Status to) internal pure returns (bool) {
        if (from == to) return true;
        return
            from == IDatanetRegistry.Status.Pending &&
            (to == IDatanetRegistry.Status.Accepted ||
                to == IDatanetRegistry.Status.Rejected ||
                to == IDatanetRegistry.Status.Withdrawn);
    }
}
