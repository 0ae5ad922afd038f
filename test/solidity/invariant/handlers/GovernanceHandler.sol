// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IGovernor } from "@openzeppelin/contracts/governance/IGovernor.sol";
import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";
import { IOpenGovernor } from "../../../../contracts/interfaces/IOpenGovernor.sol";
import { Roles } from "../../../../contracts/libraries/Roles.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";
import { BaseHandler } from "./BaseHandler.sol";

/// @notice Drives governance and permissions: proposals that change one protocol parameter (or slash a bond, or try
/// to reach a restricted setter through the Governor instead of the Timelock) go through a real propose → vote →
/// queue → execute; the guardian pauses, unpauses and cancels; and every other account tries restricted functions
/// directly. It keeps the value every parameter must have: changed only by an executed proposal or the guardian's
/// pause, so that any other change shows as a difference with `paramsNow`.
contract GovernanceHandler is BaseHandler {
    struct Proposal {
        uint256 id;
        uint256 kind;
        uint256 a;
        uint256 b;
        address target;
        bytes data;
        bytes32 descriptionHash;
        bool live;
    }

    uint256 public constant PARAM_COUNT = 22;

    uint256 private constant P_PROTOCOL = 0;
    uint256 private constant P_STAKERS = 1;
    uint256 private constant P_LINEAGE = 2;
    uint256 private constant P_WINDOW = 3;
    uint256 private constant P_VETO_LOCK = 4;
    uint256 private constant P_MIN_BOND = 5;
    uint256 private constant P_PAUSED = 6;
    uint256 private constant P_MIN_DATA = 7;
    uint256 private constant P_MAX_DEPTH = 8;
    uint256 private constant P_PUBLISH_FEE = 9;
    uint256 private constant P_COOLDOWN = 10;
    uint256 private constant P_VOTING_DELAY = 11;
    uint256 private constant P_VOTING_PERIOD = 12;
    uint256 private constant P_THRESHOLD = 13;
    uint256 private constant P_QUORUM = 14;
    uint256 private constant P_EXTENSION = 15;
    uint256 private constant P_PROPOSAL_GUARDIAN = 16;
    uint256 private constant P_MIN_DELAY = 17;
    uint256 private constant P_ROLES = 18;
    uint256 private constant P_SUSPENDED = 19;
    uint256 private constant P_AUTHORITIES = 20;
    uint256 private constant P_GUARDIAN_EXPIRY = 21;

    /// @dev Proposal kinds: one per governance call, then the slash and the attempt to bypass the Timelock.
    uint256 private constant K_FEE_SHARES = 0;
    uint256 private constant K_LINEAGE = 1;
    uint256 private constant K_WINDOW = 2;
    uint256 private constant K_VETO_LOCK = 3;
    uint256 private constant K_MIN_BOND = 4;
    uint256 private constant K_PAUSE = 5;
    uint256 private constant K_MIN_DATA = 6;
    uint256 private constant K_MAX_DEPTH = 7;
    uint256 private constant K_PUBLISH_FEE = 8;
    uint256 private constant K_COOLDOWN = 9;
    uint256 private constant K_SUSPEND = 10;
    uint256 private constant K_VOTING_PERIOD = 11;
    uint256 private constant K_VOTING_DELAY = 12;
    uint256 private constant K_QUORUM = 13;
    uint256 private constant K_EXTENSION = 14;
    uint256 private constant K_THRESHOLD = 15;
    uint256 private constant K_SLASH = 16;
    uint256 private constant K_BYPASS = 17;
    /// @dev Renews the proposal guardian's term: a proposal about the guardian, which the guardian cannot cancel.
    uint256 private constant K_GUARDIAN_TERM = 18;
    uint256 private constant KINDS = 19;

    Proposal private _proposal;
    uint256 private _nonce;
    uint256[PARAM_COUNT] private _expected;
    bool private _initialized;

    /// @notice Proposals executed, and Governor-relayed calls to a restricted setter refused at execution.
    uint256 public executedProposals;
    uint256 public bypassesRefused;

    constructor(System memory s, SystemStore store_) BaseHandler(s, store_) {}

    /// @notice Records the parameters as they are once the suite is wired. Once.
    function init() external {
        if (_initialized) revert AssertionFailedBool("initialized");
        _initialized = true;
        _expected = paramsNow();
    }

    // ─── Views for the invariants ────────────────────────────────────────────────────────────────────────────────

    /// @notice The values the parameters must have: the initial ones, changed only by executed proposals and pauses.
    function expectedParams() external view returns (uint256[PARAM_COUNT] memory) {
        return _expected;
    }

    /// @notice Every parameter of the suite, and who holds which role, as they are now.
    function paramsNow() public view returns (uint256[PARAM_COUNT] memory p) {
        p[P_PROTOCOL] = settlement.protocolBps();
        p[P_STAKERS] = settlement.stakersBps();
        p[P_LINEAGE] = settlement.lineageBps();
        p[P_WINDOW] = settlement.challengeWindow();
        p[P_VETO_LOCK] = settlement.vetoBondLock();
        p[P_MIN_BOND] = settlement.minAttestorBond();
        p[P_PAUSED] = settlement.paused() ? 1 : 0;
        p[P_MIN_DATA] = models.minDataBps();
        p[P_MAX_DEPTH] = models.maxLineageDepth();
        p[P_PUBLISH_FEE] = models.publishFee();
        p[P_COOLDOWN] = gopen.cooldown();
        p[P_VOTING_DELAY] = governor.votingDelay();
        p[P_VOTING_PERIOD] = governor.votingPeriod();
        p[P_THRESHOLD] = governor.proposalThreshold();
        p[P_QUORUM] = governor.quorumNumerator();
        p[P_EXTENSION] = governor.lateQuorumVoteExtension();
        p[P_PROPOSAL_GUARDIAN] = uint160(governor.proposalGuardian());
        p[P_MIN_DELAY] = timelock.getMinDelay();
        p[P_ROLES] = _roleBits();
        p[P_SUSPENDED] = _suspendedBits();
        p[P_AUTHORITIES] = _authorityBits();
        p[P_GUARDIAN_EXPIRY] = governor.proposalGuardianExpiry();
    }

    // ─── Governance ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice An actor with enough votes proposes one call, when no proposal is in flight, and votes for it.
    function propose(uint256 proposerSeed, uint256 kindSeed, uint256 valueSeed) external {
        if (_proposal.live) return;
        (address target, bytes memory data, uint256 a, uint256 b) = _call(kindSeed % KINDS, valueSeed);
        address proposer = _proposer(proposerSeed);
        if (target == address(0) || proposer == address(0)) return;
        string memory description = string.concat("OpenLedger proposal ", _decimal(++_nonce));
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _arrays(target, data);
        vm.prank(proposer);
        try governor.propose(targets, values, calldatas, description) returns (uint256 id) {
            _proposal = Proposal(id, kindSeed % KINDS, a, b, target, data, keccak256(bytes(description)), true);
            _done("propose");
        } catch (bytes memory reason) {
            _surprise("propose", reason);
            return;
        }
        // The proposer votes for its proposal as soon as the vote opens, if it had votes at the snapshot.
        uint256 snapshot = governor.proposalSnapshot(_proposal.id);
        vm.warp(snapshot + 1);
        if (governor.getVotes(proposer, snapshot) == 0) return;
        vm.prank(proposer);
        try governor.castVote(_proposal.id, 1) {
            _done("castVote");
        } catch (bytes memory reason) {
            _surprise("castVote", reason);
        }
    }

    /// @notice An actor that had votes at the snapshot and has not voted yet votes: for, four times in five.
    function castVote(uint256 voterSeed, uint256 supportSeed) external {
        if (!_proposal.live) return;
        uint256 id = _proposal.id;
        if (governor.state(id) == IGovernor.ProposalState.Pending) vm.warp(governor.proposalSnapshot(id) + 1);
        if (governor.state(id) != IGovernor.ProposalState.Active) return;
        uint256 snapshot = governor.proposalSnapshot(id);
        uint256 actorCount = store.actorCount();
        for (uint256 k; k < actorCount; ++k) {
            address voter = _actor(voterSeed + k);
            if (governor.hasVoted(id, voter) || governor.getVotes(voter, snapshot) == 0) continue;
            uint8 support = supportSeed % 5 == 0 ? 0 : (supportSeed % 7 == 0 ? 2 : 1);
            vm.prank(voter);
            try governor.castVote(id, support) {
                _done("castVote");
            } catch (bytes memory reason) {
                _surprise("castVote", reason);
            }
            return;
        }
    }

    /// @notice Moves the proposal in flight on: ends its vote once quorum is reached, queues it if it passed, and
    /// executes it once the Timelock's delay is over. A relayed call to a restricted setter must fail at execution.
    function advanceProposal() external {
        if (!_proposal.live) return;
        uint256 id = _proposal.id;
        if (governor.state(id) == IGovernor.ProposalState.Pending) vm.warp(governor.proposalSnapshot(id) + 1);
        if (governor.state(id) == IGovernor.ProposalState.Active) {
            // Voters take their time: the vote ends early only once quorum is reached.
            (, uint256 forVotes, uint256 abstainVotes) = governor.proposalVotes(id);
            if (forVotes + abstainVotes < governor.quorum(governor.proposalSnapshot(id))) return;
            vm.warp(governor.proposalDeadline(id) + 1);
        }
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _arrays(
            _proposal.target,
            _proposal.data
        );
        if (governor.state(id) == IGovernor.ProposalState.Succeeded) {
            try governor.queue(targets, values, calldatas, _proposal.descriptionHash) {
                _done("queue");
            } catch (bytes memory reason) {
                _surprise("queue", reason);
                return;
            }
        }
        if (governor.state(id) == IGovernor.ProposalState.Queued) {
            uint256 eta = governor.proposalEta(id);
            if (block.timestamp < eta) vm.warp(eta);
            _execute(targets, values, calldatas);
        }
        // Defeated, executed, or failed at execution: the proposal is over.
        _proposal.live = false;
    }

    /// @notice The proposal guardian cancels the proposal in flight, at whatever stage it is: one call in four, so that
    /// most proposals live to be executed. A proposal about the guardian itself must be refused, and lives on.
    function cancelProposal(uint256 seed) external {
        if (seed % 4 != 0 || !_proposal.live) return;
        IGovernor.ProposalState st = governor.state(_proposal.id);
        if (st == IGovernor.ProposalState.Defeated) {
            _proposal.live = false;
            return;
        }
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _arrays(
            _proposal.target,
            _proposal.data
        );
        if (_proposal.kind == K_GUARDIAN_TERM) {
            vm.prank(guardian);
            try governor.cancel(targets, values, calldatas, _proposal.descriptionHash) {
                _surprise("the guardian cancelled a proposal about itself", _proposal.data);
            } catch (bytes memory reason) {
                _refused("cancelProposal", reason, IOpenGovernor.GovernorGuardianCannotCancel.selector);
            }
            return;
        }
        _proposal.live = false;
        vm.prank(guardian);
        try governor.cancel(targets, values, calldatas, _proposal.descriptionHash) {
            _done("cancelProposal");
        } catch (bytes memory reason) {
            _surprise("cancelProposal", reason);
        }
    }

    // ─── Guardian and everyone else ──────────────────────────────────────────────────────────────────────────────

    /// @notice The guardian pauses the vault one call in four, and unpauses it otherwise; pausing a paused vault (or
    /// unpausing a running one) must be refused.
    function guardianPause(uint256 seed) external {
        bool pause = seed % 4 == 0;
        bool paused = settlement.paused();
        bytes4 expected =
            pause == paused ? (paused ? Pausable.EnforcedPause.selector : Pausable.ExpectedPause.selector) : bytes4(0);
        bytes4 selector = pause ? settlement.pause.selector : settlement.unpause.selector;
        vm.prank(guardian);
        (bool ok, bytes memory reason) = address(settlement).call(abi.encodeWithSelector(selector));
        if (!ok) _revertedAgainst("guardianPause", reason, expected);
        else if (_succeededAgainst("guardianPause", expected)) _expected[P_PAUSED] = pause ? 1 : 0;
    }

    /// @notice Anyone but the Timelock (an actor, an attestor, the guardian, the deployer, this handler) calls a
    /// restricted function directly: every such call must be refused, whatever the function.
    function attack(uint256 callerSeed, uint256 fnSeed, uint256 value) external {
        address caller = _attacker(callerSeed);
        (address target, bytes memory data) = _restricted(fnSeed, value, caller);
        vm.prank(caller);
        (bool ok, bytes memory reason) = target.call(data);
        if (ok) _surprise("attack succeeded", data);
        else if (reason.length < 4) _surprise("attack refused without an error", data);
        else _done("attack.refused");
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _execute(address[] memory targets, uint256[] memory values, bytes[] memory calldatas) private {
        uint256 kind = _proposal.kind;
        bool fails = kind == K_BYPASS || _executionFails(kind);
        try governor.execute(targets, values, calldatas, _proposal.descriptionHash) {
            if (fails) {
                _surprise("a proposal executed that had to fail", _proposal.data);
                return;
            }
            _apply(kind, _proposal.a, _proposal.b);
            ++executedProposals;
            _done("execute");
        } catch (bytes memory reason) {
            if (kind == K_BYPASS) {
                _refused("bypass", reason, IAccessManaged.AccessManagedUnauthorized.selector);
                ++bypassesRefused;
            } else if (!fails) {
                _surprise("execute", reason);
            } else {
                _done("execute.refused");
            }
        }
    }

    /// @dev Whether the call of a passed proposal of `kind` fails because of the state at execution: the guardian
    /// paused (or unpaused) first, the attestor withdrew the bond to slash, or the vote extension exceeds the voting
    /// period (which another proposal may have shortened).
    function _executionFails(uint256 kind) private view returns (bool) {
        if (kind == K_PAUSE) return settlement.paused() == (_proposal.a == 1);
        if (kind == K_EXTENSION) return _proposal.a > governor.votingPeriod();
        if (kind == K_SLASH) {
            (uint256 bond, ) = settlement.bondOf(_attestor(_proposal.a));
            return bond < _proposal.b;
        }
        return false;
    }

    /// @dev What an executed proposal of `kind` changed.
    function _apply(uint256 kind, uint256 a, uint256 b) private {
        if (kind == K_FEE_SHARES) (_expected[P_PROTOCOL], _expected[P_STAKERS]) = (a, b);
        else if (kind == K_LINEAGE) _expected[P_LINEAGE] = a;
        else if (kind == K_WINDOW) _expected[P_WINDOW] = a;
        else if (kind == K_VETO_LOCK) _expected[P_VETO_LOCK] = a;
        else if (kind == K_MIN_BOND) _expected[P_MIN_BOND] = a;
        else if (kind == K_PAUSE) _expected[P_PAUSED] = a;
        else if (kind == K_MIN_DATA) _expected[P_MIN_DATA] = a;
        else if (kind == K_MAX_DEPTH) _expected[P_MAX_DEPTH] = a;
        else if (kind == K_PUBLISH_FEE) _expected[P_PUBLISH_FEE] = a;
        else if (kind == K_COOLDOWN) _expected[P_COOLDOWN] = a;
        else if (kind == K_SUSPEND) _expected[P_SUSPENDED] ^= _bit(true, a);
        else if (kind == K_VOTING_PERIOD) _expected[P_VOTING_PERIOD] = a;
        else if (kind == K_VOTING_DELAY) _expected[P_VOTING_DELAY] = a;
        else if (kind == K_QUORUM) _expected[P_QUORUM] = a;
        else if (kind == K_EXTENSION) _expected[P_EXTENSION] = a;
        else if (kind == K_THRESHOLD) _expected[P_THRESHOLD] = a;
        else if (kind == K_GUARDIAN_TERM)
            _expected[P_GUARDIAN_EXPIRY] = a;
            // K_SLASH moves a bond to the treasury credit and changes no parameter.
        else if (kind == K_SLASH) store.addSlashed(_attestor(a), b);
    }

    /// @dev The call of a proposal of `kind`, with its values in bounds. A zero target when there is nothing to do.
    function _call(
        uint256 kind,
        uint256 v
    ) private view returns (address target, bytes memory data, uint256 a, uint256 b) {
        target = address(settlement);
        if (kind == K_FEE_SHARES) {
            a = bound(v, 0, 5_000);
            b = bound(v >> 32, 0, 5_000 - a);
            data = abi.encodeCall(settlement.setFeeShares, (a, b));
        } else if (kind == K_LINEAGE) {
            a = bound(v, 0, 5_000);
            data = abi.encodeCall(settlement.setLineageBps, (a));
        } else if (kind == K_WINDOW) {
            a = bound(v, 1 minutes, 1 days);
            data = abi.encodeCall(settlement.setChallengeWindow, (a));
        } else if (kind == K_VETO_LOCK) {
            a = bound(v, 1 minutes, 1 days);
            data = abi.encodeCall(settlement.setVetoBondLock, (a));
        } else if (kind == K_MIN_BOND) {
            a = bound(v, 0, 1_500e18);
            data = abi.encodeCall(settlement.setMinAttestorBond, (a));
        } else if (kind == K_PAUSE) {
            a = settlement.paused() ? 0 : 1;
            data = abi.encodeWithSelector(a == 1 ? settlement.pause.selector : settlement.unpause.selector);
        } else if (kind == K_SLASH) {
            a = v % store.attestorCount();
            (uint256 bond, ) = settlement.bondOf(_attestor(a));
            if (bond == 0) return (address(0), "", 0, 0);
            b = bound(v >> 32, 1, bond);
            data = abi.encodeCall(settlement.slashBond, (_attestor(a), b));
        } else if (kind == K_BYPASS) {
            target = address(governor);
            bytes memory setter = abi.encodeCall(settlement.setLineageBps, (bound(v, 0, 5_000)));
            data = abi.encodeCall(governor.relay, (address(settlement), 0, setter));
        } else {
            return _otherCall(kind, v);
        }
    }

    function _otherCall(
        uint256 kind,
        uint256 v
    ) private view returns (address target, bytes memory data, uint256 a, uint256 b) {
        target = address(models);
        if (kind == K_MIN_DATA) {
            a = bound(v, 0, 9_000);
            // Governance sets the floor through Settlement, which keeps the copy it settles with.
            target = address(settlement);
            data = abi.encodeCall(settlement.setMinDataBps, (a));
        } else if (kind == K_MAX_DEPTH) {
            a = bound(v, 0, 8);
            data = abi.encodeCall(models.setMaxLineageDepth, (a));
        } else if (kind == K_PUBLISH_FEE) {
            a = bound(v, 0, 5e18);
            data = abi.encodeCall(models.setPublishFee, (a));
        } else if (kind == K_SUSPEND) {
            a = 1 + (v % models.modelCount());
            b = models.model(a).suspended ? 0 : 1;
            data = abi.encodeCall(models.setSuspended, (a, b == 1));
        } else if (kind == K_COOLDOWN) {
            target = address(gopen);
            a = bound(v, 0, 1 days);
            data = abi.encodeCall(gopen.setCooldown, (a));
        } else {
            (data, a) = _governorCall(kind, v);
            target = address(governor);
        }
    }

    function _governorCall(uint256 kind, uint256 v) private view returns (bytes memory data, uint256 a) {
        if (kind == K_VOTING_PERIOD) {
            a = bound(v, 1 minutes, 20 minutes);
            data = abi.encodeCall(governor.setVotingPeriod, (uint32(a)));
        } else if (kind == K_VOTING_DELAY) {
            a = bound(v, 0, 10);
            data = abi.encodeCall(governor.setVotingDelay, (uint48(a)));
        } else if (kind == K_QUORUM) {
            a = bound(v, 1, 20);
            data = abi.encodeCall(governor.updateQuorumNumerator, (a));
        } else if (kind == K_EXTENSION) {
            a = bound(v, 0, 5 minutes);
            data = abi.encodeCall(governor.setLateQuorumVoteExtension, (uint48(a)));
        } else if (kind == K_GUARDIAN_TERM) {
            // Long enough that no run outlives it, within the longest term counted from the proposal's execution.
            a = block.timestamp + bound(v, 200 days, 365 days);
            data = abi.encodeCall(governor.setProposalGuardianExpiry, (a));
        } else {
            a = bound(v, 0, 100e18);
            data = abi.encodeCall(governor.setProposalThreshold, (a));
        }
    }

    /// @dev A restricted function of the suite and its calldata, for `caller` to try.
    function _restricted(
        uint256 fnSeed,
        uint256 v,
        address caller
    ) private view returns (address target, bytes memory data) {
        uint256 fn = fnSeed % 20;
        // The guardian may pause, unpause and veto: it tries the other functions.
        if (caller == guardian && fn < 3) fn += 3;
        target = address(settlement);
        if (fn == 0) data = abi.encodeWithSelector(settlement.pause.selector);
        else if (fn == 1) data = abi.encodeWithSelector(settlement.unpause.selector);
        else if (fn == 2) data = abi.encodeCall(settlement.vetoRoot, (1 + (v % datanets.datanetCount()), v % 4));
        else if (fn == 3) data = abi.encodeCall(settlement.setFeeShares, (v % 2_500, v % 2_500));
        else if (fn == 4) data = abi.encodeCall(settlement.setLineageBps, (v % 5_000));
        else if (fn == 5) data = abi.encodeCall(settlement.setChallengeWindow, (bound(v, 1 minutes, 1 days)));
        else if (fn == 6) data = abi.encodeCall(settlement.setMinAttestorBond, (0));
        else if (fn == 7) data = abi.encodeCall(settlement.slashBond, (_attestor(v), 1));
        else if (fn == 8) data = abi.encodeCall(settlement.setAuthority, (caller));
        else return _restrictedElsewhere(fn, v, caller);
    }

    function _restrictedElsewhere(
        uint256 fn,
        uint256 v,
        address caller
    ) private view returns (address target, bytes memory data) {
        if (fn == 9) return (address(settlement), abi.encodeCall(settlement.setMinDataBps, (v % 10_000)));
        if (fn == 10) return (address(models), abi.encodeCall(models.setMaxLineageDepth, (v % 9)));
        if (fn == 11) return (address(models), abi.encodeCall(models.setPublishFee, (v % 1e18)));
        if (fn == 12) return (address(models), abi.encodeCall(models.setSuspended, (1, !models.model(1).suspended)));
        if (fn == 13) return (address(gopen), abi.encodeCall(gopen.setCooldown, (v % 1 days)));
        if (fn == 14) return (address(datanets), abi.encodeCall(datanets.setAttestorByGovernance, (1, caller)));
        if (fn == 15) return (address(manager), abi.encodeCall(manager.grantRole, (Roles.ADMIN, caller, 0)));
        if (fn == 16) return (address(manager), abi.encodeCall(manager.updateAuthority, (address(settlement), caller)));
        if (fn == 17) return (address(governor), abi.encodeCall(governor.setVotingPeriod, (uint32(1 + (v % 1 days)))));
        if (fn == 18) {
            bytes memory setter = abi.encodeCall(settlement.setLineageBps, (v % 5_000));
            return (address(governor), abi.encodeCall(governor.relay, (address(settlement), 0, setter)));
        }
        return (address(timelock), abi.encodeCall(timelock.updateDelay, (v % 1 days)));
    }

    function _attacker(uint256 seed) private view returns (address) {
        address[] memory actors = store.actors();
        address[] memory attestors = store.attestors();
        uint256 k = seed % (actors.length + attestors.length + 3);
        if (k < actors.length) return actors[k];
        k -= actors.length;
        if (k < attestors.length) return attestors[k];
        k -= attestors.length;
        return k == 0 ? guardian : (k == 1 ? deployer : address(this));
    }

    /// @dev The first actor from `seed` with votes, at least the proposal threshold; with a threshold of zero and no
    /// votes anywhere, the actor of `seed`; zero if nobody may propose.
    function _proposer(uint256 seed) private view returns (address) {
        uint256 threshold = governor.proposalThreshold();
        uint256 actorCount = store.actorCount();
        for (uint256 k; k < actorCount; ++k) {
            address actor = _actor(seed + k);
            uint256 votes = governor.getVotes(actor, block.timestamp - 1);
            if (votes != 0 && votes >= threshold) return actor;
        }
        return threshold == 0 ? _actor(seed) : address(0);
    }

    function _arrays(
        address target,
        bytes memory data
    ) private pure returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) {
        targets = new address[](1);
        targets[0] = target;
        values = new uint256[](1);
        calldatas = new bytes[](1);
        calldatas[0] = data;
    }

    /// @dev Who holds the AccessManager's roles among every account the handlers act as, how the Timelock's roles
    /// stand, and which role the guardian functions need.
    function _roleBits() private view returns (uint256 bits) {
        uint256 i;
        address[] memory actors = store.actors();
        address[] memory attestors = store.attestors();
        uint256 n = actors.length + attestors.length;
        address[5] memory suite = [address(timelock), address(governor), guardian, deployer, address(this)];
        for (uint256 k; k < n + suite.length; ++k) {
            address account = k < actors.length ? actors[k] : (k < n ? attestors[k - actors.length] : suite[k - n]);
            (bool admin, ) = manager.hasRole(Roles.ADMIN, account);
            (bool guards, ) = manager.hasRole(Roles.GUARDIAN, account);
            bits |= _bit(admin, i++) | _bit(guards, i++);
        }
        // The Timelock administers itself; the Governor alone proposes and cancels; anyone executes.
        bits |= _bit(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)), i++);
        bits |= _bit(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), deployer), i++);
        bits |= _bit(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)), i++);
        bits |= _bit(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)), i++);
        bits |= _bit(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)), i++);
        bytes4[3] memory guardianFns = [
            settlement.pause.selector,
            settlement.unpause.selector,
            settlement.vetoRoot.selector
        ];
        for (uint256 k; k < 3; ++k) {
            bits |= uint256(manager.getTargetFunctionRole(address(settlement), guardianFns[k])) << i;
            i += 2;
        }
    }

    /// @dev Which models governance suspended: settlementTerms refuses exactly those (no model is ever deprecated here).
    function _suspendedBits() private view returns (uint256 bits) {
        uint256 count = models.modelCount();
        for (uint256 m = 1; m <= count; ++m) {
            try models.settlementTerms(m) {} catch {
                bits |= _bit(true, m);
            }
        }
    }

    function _authorityBits() private view returns (uint256 bits) {
        address[4] memory managed = [address(gopen), address(datanets), address(models), address(settlement)];
        for (uint256 k; k < 4; ++k) {
            bits |= _bit(IAccessManaged(managed[k]).authority() == address(manager), k);
            bits |= _bit(manager.isTargetClosed(managed[k]), k + 4);
        }
    }

    function _bit(bool set, uint256 position) private pure returns (uint256) {
        return set ? uint256(1) << position : 0;
    }

    function _decimal(uint256 value) private pure returns (string memory) {
        if (value == 0) return "0";
        bytes memory out = new bytes(78);
        uint256 n;
        for (; value != 0; value /= 10) out[77 - n++] = bytes1(uint8(48 + (value % 10)));
        bytes memory trimmed = new bytes(n);
        for (uint256 i; i < n; ++i) trimmed[i] = out[78 - n + i];
        return string(trimmed);
    }
}
