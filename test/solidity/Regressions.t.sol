// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAttributionEpochs } from "../../contracts/interfaces/IAttributionEpochs.sol";
import { SystemFixture } from "./invariant/SystemInvariant.t.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice Counterexamples found by the system invariants (SystemInvariant.t.sol), each replayed as a named test of the
/// behaviour that must hold. This one was a contract bug, fixed in AttributionEpochs.
contract AttributionRegressionsTest is SuiteBase {
    address internal constant OWNER = address(0xDA7A);
    address internal constant POSTER = address(0xA77E1);
    address internal constant SUCCESSOR = address(0xA77E2);
    uint256 internal constant BOND = 1_000e18;

    uint256 internal datanetId;

    function setUp() public {
        _deploySuite();
        vm.prank(OWNER);
        datanetId = datanets.createDatanet("ipfs://datanet", false, 0, POSTER);
        _fund(POSTER, BOND);
        vm.startPrank(POSTER);
        open.approve(address(settlement), BOND);
        settlement.depositBond(BOND);
        vm.stopPrank();
    }

    /// @notice invariant_vetoedAttestorStaysSlashable, shrunk to postRoot → setAttestor → vetoRoot: the datanet's owner
    /// named another attestor while the root was pending, and the veto locked the new attestor's bond instead of the
    /// bond of the attestor that posted the root. The poster could then take its bond back at the end of the challenge
    /// window, before any slash could pass.
    function test_vetoRoot_attestorReplacedWhilePending_locksThePostersBond() public {
        vm.prank(POSTER);
        settlement.postRoot(datanetId, 1, keccak256("fraudulent allocation"), 0, "ipfs://allocation");
        uint256 readyAt = settlement.rootState(datanetId).pendingReadyAt;
        vm.prank(OWNER);
        datanets.setAttestor(datanetId, SUCCESSOR);

        vm.prank(GUARDIAN);
        settlement.vetoRoot(datanetId, 1);

        uint256 lockedUntil = block.timestamp + settlement.vetoBondLock();
        (uint256 bond, uint256 posterLock) = settlement.bondOf(POSTER);
        assertEq(bond, BOND, "the poster's bond is intact");
        assertGe(posterLock, lockedUntil, "the veto locks the bond of the attestor that posted the root");
        vm.warp(readyAt);
        vm.expectPartialRevert(IAttributionEpochs.BondLocked.selector);
        vm.prank(POSTER);
        settlement.withdrawBond(BOND);
    }
}

/// @notice Counterexamples of the system invariants that were the handlers' mispredictions, replayed through the same
/// handlers: the behaviour they pin is the contracts' own.
contract GovernanceRegressionsTest is SystemFixture {
    function setUp() public {
        _setUpSystem();
    }

    /// @notice invariant_system (deep profile), shrunk to propose → advanceProposal → propose → advanceProposal: one
    /// proposal shortened the voting period to 95 s, the next set the late-quorum extension to 166 s. The Governor
    /// refuses an extension above the voting period, so that the second proposal fails at execution and changes
    /// nothing; every rule still holds.
    function test_setLateQuorumVoteExtension_aboveAShortenedVotingPeriod_failsAtExecution() public {
        governanceHandler.propose(0, 11, 6_881); // setVotingPeriod(95)
        governanceHandler.advanceProposal();
        assertEq(governor.votingPeriod(), 95, "the first proposal shortened the voting period");

        governanceHandler.propose(0, 14, 1_972); // setLateQuorumVoteExtension(166)
        governanceHandler.advanceProposal();

        assertEq(store.calls("execute.refused"), 1, "the second proposal failed at execution");
        assertEq(governor.lateQuorumVoteExtension(), 120, "the extension is unchanged");
        _checkAll();
    }
}
