// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { GovernorCountingSimple } from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import { Math } from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title GovernorLateQuorum
/// @notice Late-quorum protection with the interface and the rule of OpenZeppelin's GovernorPreventLateQuorum: when a
/// vote makes a proposal reach quorum less than `lateQuorumVoteExtension` before its deadline, the deadline moves to
/// that vote's time plus the extension, so that the other side always has time to react.
/// @dev It differs in cost only. OpenZeppelin's version computes the quorum after every vote until it is reached, and
/// writes a new slot when it is, even when that happens early and can extend nothing. Here the start of the late
/// window is recorded at proposal time, in the slot that `proposalDeadline` reads anyway, and the quorum is computed
/// only for For and Abstain votes cast inside that window, to see whether that very vote crossed it (the tally before
/// it is the tally after it less its weight, under GovernorCountingSimple's rule that For and Abstain votes count
/// towards quorum). A vote cast before the window costs a warm read and a comparison. The window is fixed when the
/// proposal is made: a later change of the extension applies to later proposals.
abstract contract GovernorLateQuorum is GovernorCountingSimple {
    /// @dev Per proposal, in one slot: where the late window starts, and the extended deadline once there is one.
    struct LateQuorum {
        uint48 windowStart;
        uint48 extendedDeadline;
    }

    uint48 private _voteExtension;
    mapping(uint256 proposalId => LateQuorum) private _lateQuorum;

    /// @notice Emitted when a proposal deadline is pushed back because quorum was reached late in its voting period.
    event ProposalExtended(uint256 indexed proposalId, uint64 extendedDeadline);
    /// @notice Emitted when the late-quorum vote extension changed.
    event LateQuorumVoteExtensionSet(uint64 oldVoteExtension, uint64 newVoteExtension);
    /// @notice Thrown when the vote extension would exceed `maxVoteExtension` (the voting period).
    error GovernorPreventLateQuorumVoteExtensionTooLarge(uint256 newVoteExtension, uint256 maxVoteExtension);

    constructor(uint48 initialVoteExtension) {
        _setLateQuorumVoteExtension(initialVoteExtension);
    }

    /// @notice The deadline of `proposalId`, extended if quorum was reached late.
    function proposalDeadline(uint256 proposalId) public view virtual override returns (uint256) {
        return Math.max(super.proposalDeadline(proposalId), _lateQuorum[proposalId].extendedDeadline);
    }

    /// @notice How long voting stays open after a late quorum, for proposals made from now on.
    function lateQuorumVoteExtension() public view virtual returns (uint48) {
        return _voteExtension;
    }

    /// @notice Sets the late-quorum vote extension. Governance only.
    function setLateQuorumVoteExtension(uint48 newVoteExtension) public virtual onlyGovernance {
        _setLateQuorumVoteExtension(newVoteExtension);
    }

    /// @dev Records where the proposal's late window starts: its deadline less the extension.
    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal virtual override returns (uint256 proposalId) {
        proposalId = super._propose(targets, values, calldatas, description, proposer);
        uint256 deadline = super.proposalDeadline(proposalId);
        uint256 extension = _voteExtension;
        // The extension was at most the voting period when it was set. If governance has shortened the period since,
        // the window simply starts earlier (before the vote even opens), and every vote is watched: costlier, never
        // less safe. Timestamps dwarf any extension, so the difference cannot underflow.
        _lateQuorum[proposalId].windowStart = uint48(deadline - extension);
    }

    /// @dev Casts the vote; inside the late window, extends the deadline if this very vote reached quorum.
    function _castVote(
        uint256 proposalId,
        address account,
        uint8 support,
        string memory reason,
        bytes memory params
    ) internal virtual override returns (uint256 weight) {
        weight = super._castVote(proposalId, account, support, reason, params);
        // The state check of the vote has read this slot already: reading it again is cheap.
        LateQuorum memory late = _lateQuorum[proposalId];
        uint48 now_ = clock();
        // Before the window, once extended (quorum was reached already), or against: nothing can cross quorum.
        if (now_ < late.windowStart || late.extendedDeadline != 0 || support == uint8(VoteType.Against)) {
            return weight;
        }
        (, uint256 forVotes, uint256 abstainVotes) = proposalVotes(proposalId);
        uint256 counted = forVotes + abstainVotes;
        uint256 needed = quorum(proposalSnapshot(proposalId));
        if (counted >= needed && counted - weight < needed) {
            uint48 extendedDeadline = now_ + _voteExtension;
            _lateQuorum[proposalId].extendedDeadline = extendedDeadline;
            emit ProposalExtended(proposalId, extendedDeadline);
        }
    }

    function _setLateQuorumVoteExtension(uint48 newVoteExtension) internal virtual {
        uint256 maxVoteExtension = votingPeriod();
        if (newVoteExtension > maxVoteExtension) {
            revert GovernorPreventLateQuorumVoteExtensionTooLarge(newVoteExtension, maxVoteExtension);
        }
        emit LateQuorumVoteExtensionSet(_voteExtension, newVoteExtension);
        _voteExtension = newVoteExtension;
    }
}
