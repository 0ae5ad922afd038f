// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Governor } from "@openzeppelin/contracts/governance/Governor.sol";
import { TimelockController } from "@openzeppelin/contracts/governance/TimelockController.sol";
import { GovernorCountingSimple } from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import { GovernorProposalGuardian } from "@openzeppelin/contracts/governance/extensions/GovernorProposalGuardian.sol";
import { GovernorSettings } from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import { GovernorTimelockControl } from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import { GovernorVotes } from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import { GovernorVotesQuorumFraction } from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import { IVotes } from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import { IAccessManager } from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import { IERC6372 } from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import { ECDSA } from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import { Time } from "@openzeppelin/contracts/utils/types/Time.sol";
import { IOpenAccessManager } from "../interfaces/IOpenAccessManager.sol";
import { IOpenGovernor } from "../interfaces/IOpenGovernor.sol";
import { Roles } from "../libraries/Roles.sol";
import { GovernorLateQuorum } from "./GovernorLateQuorum.sol";

/// @title OpenLedger Governor
/// @notice Votes with gOPEN (timestamp clock). Proposals pass through the Timelock, which owns every parameter of the
/// protocol. Late-quorum protection extends a vote that reaches quorum at the last minute, and the proposal guardian
/// may cancel a malicious proposal at any stage before execution (it can neither propose nor execute). The guardian
/// cannot stop its own removal: it cannot cancel a proposal whose only actions replace, renew or remove it (or revoke
/// its own GUARDIAN role), and its mandate ends at an expiry that only a vote extends. Any other proposal, one that adds
/// a GUARDIAN member or revokes the Timelock's GUARDIAN role included, stays within its cancel power.
/// @dev A composition of OpenZeppelin's Governor extensions, with GovernorLateQuorum in place of
/// GovernorPreventLateQuorum (same rule, cheaper votes), and vote signatures checked as ECDSA before ERC-1271.
contract OpenGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl,
    GovernorLateQuorum,
    GovernorProposalGuardian,
    IOpenGovernor
{
    /// @inheritdoc IOpenGovernor
    uint256 public constant MAX_GUARDIAN_TERM = 365 days;

    /// @inheritdoc IOpenGovernor
    address public immutable accessManager;

    /// @dev Read only by `proposalGuardian()`, which no vote, proposal or execution asks: a slot of its own.
    uint48 private _proposalGuardianExpiry;

    constructor(
        IVotes token,
        TimelockController timelock,
        uint48 initialVotingDelay,
        uint32 initialVotingPeriod,
        uint256 initialProposalThreshold,
        uint256 initialQuorumNumerator,
        uint48 voteExtension,
        address guardian,
        uint256 guardianTerm,
        address accessManager_
    )
        Governor("OpenLedger Governor")
        GovernorSettings(initialVotingDelay, initialVotingPeriod, initialProposalThreshold)
        GovernorVotes(token)
        GovernorVotesQuorumFraction(initialQuorumNumerator)
        GovernorTimelockControl(timelock)
        GovernorLateQuorum(voteExtension)
    {
        // The clock below reads the block timestamp instead of asking the token on every use: that is exact only for
        // a token on the timestamp clock, which gOPEN is.
        string memory mode = IERC6372(address(token)).CLOCK_MODE();
        if (keccak256(bytes(mode)) != keccak256("mode=timestamp")) revert GovernorClockNotTimestamp(mode);
        _setProposalGuardian(guardian);
        accessManager = accessManager_;
        _setProposalGuardianExpiry(clock() + guardianTerm);
    }

    /// @notice The block timestamp, the clock of gOPEN (ERC-6372), read without an external call.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice Machine-readable description of the clock (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice The proposal guardian, or the zero address once its mandate has expired (from `proposalGuardianExpiry()`
    /// on): then, as OpenZeppelin's rule for a Governor without a guardian says, proposers may cancel their own
    /// proposals.
    function proposalGuardian() public view override returns (address) {
        return clock() < _proposalGuardianExpiry ? super.proposalGuardian() : address(0);
    }

    /// @inheritdoc IOpenGovernor
    function proposalGuardianExpiry() external view returns (uint256) {
        return _proposalGuardianExpiry;
    }

    /// @inheritdoc IOpenGovernor
    function setProposalGuardianExpiry(uint256 newExpiry) external onlyGovernance {
        _setProposalGuardianExpiry(newExpiry);
    }

    /// @notice Cancels a proposal (see Governor). The proposal guardian may not cancel one whose only actions renew, end,
    /// replace or remove it (its mandate's expiry, the proposal guardian, the GUARDIAN role's expiry, the revocation of
    /// its own GUARDIAN role, the grant of the role to the successor the proposal installs), even one it proposed
    /// itself: otherwise it could stop its own removal, or the re-proposal of it, for ever.
    /// @dev The proposal id is derived from the actions given here, so the guardian cannot misstate them. A proposal
    /// that mixes such an action with any other stays cancellable: one that grants GUARDIAN to anyone but the
    /// successor, or revokes anyone's GUARDIAN role but the caller's (the Timelock's in particular), among them.
    /// Nothing here runs on propose, vote or execute.
    function cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) public override returns (uint256) {
        address caller = _msgSender();
        if (caller == proposalGuardian() && _onlyGuardianActions(targets, values, calldatas, caller)) {
            revert GovernorGuardianCannotCancel(getProposalId(targets, values, calldatas, descriptionHash));
        }
        return super.cancel(targets, values, calldatas, descriptionHash);
    }

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function quorumNumerator(
        uint256 timepoint
    ) public view override(GovernorVotesQuorumFraction, GovernorLateQuorum) returns (uint256) {
        return super.quorumNumerator(timepoint);
    }

    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        return super.quorum(timepoint);
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _updateQuorumNumerator(
        uint256 newQuorumNumerator
    ) internal override(GovernorVotesQuorumFraction, GovernorLateQuorum) {
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    function _castVote(
        uint256 proposalId,
        address account,
        uint8 support,
        string memory reason,
        bytes memory params
    ) internal override(Governor, GovernorLateQuorum) returns (uint256) {
        return super._castVote(proposalId, account, support, reason, params);
    }

    /// @dev An EOA's ECDSA signature is recognised without first asking whether the voter has code (which costs an
    /// account access); anything else is checked as OpenZeppelin does (ERC-1271 for contract voters). The nonce is
    /// consumed either way, so a signature can be used once.
    function _validateVoteSig(
        uint256 proposalId,
        uint8 support,
        address voter,
        bytes memory signature
    ) internal override returns (bool) {
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, support, voter, nonces(voter)))
        );
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == voter) {
            _useNonce(voter);
            return true;
        }
        return super._validateVoteSig(proposalId, support, voter, signature);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _setProposalGuardianExpiry(uint256 newExpiry) private {
        uint256 maxExpiry = clock() + MAX_GUARDIAN_TERM;
        if (newExpiry > maxExpiry) revert GovernorGuardianExpiryTooLate(newExpiry, maxExpiry);
        emit ProposalGuardianExpirySet(_proposalGuardianExpiry, newExpiry);
        // Bounded by maxExpiry just above, far below 2^48.
        _proposalGuardianExpiry = uint48(newExpiry);
    }

    /// @dev Whether the proposal has at least one action and each one renews, ends, replaces or removes `guardian`
    /// (the caller) and nothing else:
    /// - on this Governor, `setProposalGuardian` or `setProposalGuardianExpiry`;
    /// - on the AccessManager, `setRoleExpiry(GUARDIAN, …)`, `revokeRole(GUARDIAN, guardian)` (its own role, not the
    ///   Timelock's nor anyone else's), and `grantRole(GUARDIAN, x, …)` only when x is the proposal guardian the
    ///   proposal installs (the argument of its last `setProposalGuardian`): a grant to anyone else adds a guardian.
    /// Each argument is read as the whole word that the call would decode, so a word that is not a clean address
    /// matches no address. No value may be attached.
    function _onlyGuardianActions(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        address guardian
    ) private view returns (bool) {
        uint256 n = targets.length;
        if (n == 0 || values.length != n || calldatas.length != n) return false;
        // The argument of the last `setProposalGuardian`, and the one account that every GUARDIAN grant names.
        bool replaces;
        uint256 successor;
        bool grants;
        uint256 grantee;
        for (uint256 i; i < n; ++i) {
            bytes memory data = calldatas[i];
            if (values[i] != 0 || data.length < 4) return false;
            bytes4 selector = bytes4(data);
            uint256 first;
            if (targets[i] == address(this) && data.length >= 36) {
                // The word after the selector: `data` holds at least 36 bytes (checked above).
                assembly ("memory-safe") {
                    first := mload(add(data, 36))
                }
                if (selector == this.setProposalGuardian.selector) {
                    replaces = true;
                    successor = first;
                } else if (selector != this.setProposalGuardianExpiry.selector) {
                    return false;
                }
            } else if (targets[i] == accessManager && data.length >= 68) {
                uint256 account;
                // The role and the next word (the account, or the expiry): `data` holds at least 68 bytes.
                assembly ("memory-safe") {
                    first := mload(add(data, 36))
                    account := mload(add(data, 68))
                }
                if (first != Roles.GUARDIAN) return false;
                if (selector == IAccessManager.revokeRole.selector) {
                    if (account != uint256(uint160(guardian))) return false;
                } else if (selector == IAccessManager.grantRole.selector) {
                    if (grants && account != grantee) return false;
                    grants = true;
                    grantee = account;
                } else if (selector != IOpenAccessManager.setRoleExpiry.selector) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return !grants || (replaces && grantee == successor);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }

    function _validateCancel(
        uint256 proposalId,
        address caller
    ) internal view override(Governor, GovernorProposalGuardian) returns (bool) {
        return super._validateCancel(proposalId, caller);
    }
}
