// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { GovernorCountingSimple } from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import { GovernorVotesQuorumFraction } from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import { SafeCast } from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title GovernorLateQuorum
/// @notice Late-quorum protection with the interface and the rule of OpenZeppelin's GovernorPreventLateQuorum: when a
/// vote makes a proposal reach quorum less than `lateQuorumVoteExtension` before its deadline, the deadline moves to
/// that vote's time plus the extension, so that the other side always has time to react.
/// @dev It differs in cost only, and keeps no storage per proposal. OpenZeppelin's version computes the quorum after
/// every vote until it is reached, and writes a slot of its own when it is, which every later vote and state read then
/// reads. Here the extended deadline is written into the proposal's own record, the slot that Governor writes at
/// proposal time and that every vote reads already (its voting duration grows, so that Governor's
/// `proposalDeadline` answers the extended deadline), and the quorum is computed only for For and Abstain votes cast
/// inside the late window, to see whether that very vote crossed it (the tally before it is the tally after it less
/// its weight, under GovernorCountingSimple's rule that For and Abstain votes count towards quorum). Quorum is crossed
/// once, so the deadline moves at most once. The extension in force when the vote is cast applies, as in
/// OpenZeppelin's version. The extension shares one slot with the latest quorum numerator, which the late vote reads
/// next: a vote reads one slot more than Governor's own, and a vote before the window nothing else.
abstract contract GovernorLateQuorum is GovernorCountingSimple, GovernorVotesQuorumFraction {
    /// @dev The late-quorum vote extension, and the current quorum numerator with the timepoint it applies from (the
    /// quorum-fraction history answers older timepoints), in one slot.
    struct LateQuorumConfig {
        uint48 voteExtension;
        uint48 quorumNumeratorSince;
        uint160 quorumNumerator;
    }

    /// @dev The storage slot of Governor's private `_proposals` mapping: EIP712 holds slots 0 and 1, Nonces slot 2,
    /// Governor `_name` at 3 and `_proposals` at 4. It holds for any contract whose first base with storage is
    /// OpenZeppelin 5's Governor (a test checks it against `proposalProposer` and `proposalDeadline`).
    uint256 private constant _GOVERNOR_PROPOSALS_SLOT = 4;
    /// @dev Where `voteDuration` sits in a ProposalCore slot: after the proposer (160 bits) and voteStart (48 bits).
    uint256 private constant _VOTE_DURATION_SHIFT = 208;

    LateQuorumConfig private _config;

    /// @notice Emitted when a proposal deadline is pushed back because quorum was reached late in its voting period.
    event ProposalExtended(uint256 indexed proposalId, uint64 extendedDeadline);
    /// @notice Emitted when the late-quorum vote extension changed.
    event LateQuorumVoteExtensionSet(uint64 oldVoteExtension, uint64 newVoteExtension);
    /// @notice Thrown when the vote extension would exceed `maxVoteExtension` (the voting period).
    error GovernorPreventLateQuorumVoteExtensionTooLarge(uint256 newVoteExtension, uint256 maxVoteExtension);

    constructor(uint48 initialVoteExtension) {
        _setLateQuorumVoteExtension(initialVoteExtension);
    }

    /// @notice How long voting stays open after a late quorum.
    function lateQuorumVoteExtension() public view virtual returns (uint48) {
        return _config.voteExtension;
    }

    /// @notice Sets the late-quorum vote extension. Governance only.
    function setLateQuorumVoteExtension(uint48 newVoteExtension) public virtual onlyGovernance {
        _setLateQuorumVoteExtension(newVoteExtension);
    }

    /// @notice The quorum numerator at `timepoint`: the current one in one read for any timepoint since it was set.
    function quorumNumerator(uint256 timepoint) public view virtual override returns (uint256) {
        LateQuorumConfig memory config = _config;
        if (timepoint >= config.quorumNumeratorSince) return config.quorumNumerator;
        return super.quorumNumerator(timepoint);
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
        // Against votes do not count towards quorum: they cannot cross it.
        if (support == uint8(VoteType.Against)) return weight;
        uint256 extendedDeadline = clock() + _config.voteExtension;
        // Before the window: the deadline is more than the extension away. Inside it, extendedDeadline ≥ the deadline,
        // so that the deadline never moves earlier.
        if (extendedDeadline >= proposalDeadline(proposalId))
            _extendIfQuorumCrossed(proposalId, weight, extendedDeadline);
    }

    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal virtual override {
        super._updateQuorumNumerator(newQuorumNumerator);
        // super checked newQuorumNumerator ≤ quorumDenominator() = 100.
        _config.quorumNumeratorSince = clock();
        _config.quorumNumerator = uint160(newQuorumNumerator);
    }

    function _setLateQuorumVoteExtension(uint48 newVoteExtension) internal virtual {
        uint256 maxVoteExtension = votingPeriod();
        if (newVoteExtension > maxVoteExtension) {
            revert GovernorPreventLateQuorumVoteExtensionTooLarge(newVoteExtension, maxVoteExtension);
        }
        emit LateQuorumVoteExtensionSet(_config.voteExtension, newVoteExtension);
        _config.voteExtension = newVoteExtension;
    }

    /// @dev Extends the deadline of `proposalId` to `extendedDeadline` if the vote of `weight` just counted made it reach
    /// quorum.
    function _extendIfQuorumCrossed(uint256 proposalId, uint256 weight, uint256 extendedDeadline) private {
        (, uint256 forVotes, uint256 abstainVotes) = proposalVotes(proposalId);
        uint256 counted = forVotes + abstainVotes;
        uint256 snapshot = proposalSnapshot(proposalId);
        uint256 needed = quorum(snapshot);
        if (counted >= needed && counted - weight < needed) {
            _setVoteDuration(proposalId, extendedDeadline - snapshot);
            emit ProposalExtended(proposalId, uint64(extendedDeadline));
        }
    }

    /// @dev Rewrites the voting duration of `proposalId` in Governor's record of it, leaving the proposer, the start and
    /// the executed and canceled flags as they are. The record is warm: the vote's state check has read it.
    function _setVoteDuration(uint256 proposalId, uint256 duration) private {
        uint256 packed = SafeCast.toUint32(duration);
        bytes32 slot = keccak256(abi.encode(proposalId, _GOVERNOR_PROPOSALS_SLOT));
        assembly ("memory-safe") {
            let core := sload(slot)
            core := or(and(core, not(shl(_VOTE_DURATION_SHIFT, 0xffffffff))), shl(_VOTE_DURATION_SHIFT, packed))
            sstore(slot, core)
        }
    }
}
