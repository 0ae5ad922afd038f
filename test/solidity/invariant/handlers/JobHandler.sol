// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { JobEscrow } from "../../../../contracts/agents/JobEscrow.sol";
import { IJobEscrow } from "../../../../contracts/interfaces/IJobEscrow.sol";
import { OpenToken } from "../../../../contracts/token/OpenToken.sol";
import { TestBase } from "../../utils/TestBase.sol";

/// @notice Drives JobEscrow through random sequences of actions: clients create and fund root jobs, providers
/// subcontract down the tree, submit, evaluators complete or reject, anyone completes optimistically or refunds after
/// expiry, time passes, and everyone withdraws; evaluators bond and unbond. Each action picks its inputs so that it
/// should succeed (or does nothing); a call that reverts anyway is counted in `surprises`. It counts how many times
/// each job finished (`finishes`), for the invariants to check that every job finishes once.
contract JobHandler is TestBase {
    /// @notice OPEN each client and evaluator starts with.
    uint256 public constant FUNDS = 10_000_000e18;

    OpenToken public immutable open;
    JobEscrow public immutable escrow;

    address[] private _clients;
    address[] private _evaluators;
    /// @dev Agent i (1-based) is owned by `_providers[i - 1]`, which is also its wallet.
    address[] private _providers;

    uint256[] private _jobIds;
    mapping(uint256 jobId => uint256) public finishes;
    mapping(bytes32 action => uint256) public calls;
    uint256 public surprises;
    bytes public lastSurprise;

    constructor(
        OpenToken open_,
        JobEscrow escrow_,
        address[] memory clients_,
        address[] memory evaluators_,
        address[] memory providers_
    ) {
        open = open_;
        escrow = escrow_;
        _clients = clients_;
        _evaluators = evaluators_;
        _providers = providers_;
    }

    // ─── Views for the invariants ────────────────────────────────────────────────────────────────────────────────

    function jobCount() external view returns (uint256) {
        return _jobIds.length;
    }

    function jobAt(uint256 i) external view returns (uint256) {
        return _jobIds[i];
    }

    function clients() external view returns (address[] memory) {
        return _clients;
    }

    function evaluators() external view returns (address[] memory) {
        return _evaluators;
    }

    function agentCount() external view returns (uint256) {
        return _providers.length;
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    function createAndFund(uint256 clientSeed, uint256 agentSeed, uint256 evaluatorSeed, uint256 amount) external {
        address client = _clients[clientSeed % _clients.length];
        uint256 held = open.balanceOf(client);
        uint256 least = escrow.minJobValue();
        if (held < least) return;
        amount = bound(amount, least, held < 1e24 ? held : 1e24);
        uint256 expiry = block.timestamp + bound(amount, 1 hours, escrow.maxDuration());
        vm.prank(client);
        try escrow.createAndFund(_agent(agentSeed), _evaluator(evaluatorSeed), expiry, "", amount) returns (
            uint256 jobId
        ) {
            _jobIds.push(jobId);
            ++calls["createAndFund"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function subcontract(uint256 jobSeed, uint256 agentSeed, uint256 evaluatorSeed, uint256 amount) external {
        uint256 parentId = _job(jobSeed);
        if (parentId == 0) return;
        IJobEscrow.JobView memory p = escrow.job(parentId);
        uint256 rest = p.escrow - p.childrenTaken;
        uint256 least = escrow.minJobValue();
        if (
            p.status != IJobEscrow.Status.Funded ||
            p.depth >= escrow.MAX_DEPTH() ||
            rest < least ||
            block.timestamp >= p.expiry
        ) return;
        amount = bound(amount, least, rest);
        uint256 expiry = bound(amount, block.timestamp + 1, p.expiry);
        vm.prank(_providers[p.providerAgentId - 1]);
        try escrow.subcontract(parentId, _agent(agentSeed), _evaluator(evaluatorSeed), amount, expiry, "") returns (
            uint256 childId
        ) {
            _jobIds.push(childId);
            ++calls["subcontract"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function submit(uint256 jobSeed) external {
        uint256 jobId = _job(jobSeed);
        if (jobId == 0) return;
        IJobEscrow.JobView memory j = escrow.job(jobId);
        if (j.status != IJobEscrow.Status.Funded || block.timestamp >= j.expiry || _liveChildren(jobId)) return;
        vm.prank(_providers[j.providerAgentId - 1]);
        try escrow.submit(jobId, keccak256(abi.encode(jobId)), "") {
            ++calls["submit"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    /// @notice Completes a submitted job: by its evaluator, or by anyone once the window passed.
    function complete(uint256 jobSeed, bool byEvaluator) external {
        uint256 jobId = _job(jobSeed);
        if (jobId == 0) return;
        IJobEscrow.JobView memory j = escrow.job(jobId);
        if (j.status != IJobEscrow.Status.Submitted) return;
        if (!byEvaluator && block.timestamp < j.evaluationEndsAt) return;
        vm.prank(byEvaluator ? j.evaluator : address(0xA0A0));
        try escrow.complete(jobId, bytes32(0)) {
            ++finishes[jobId];
            ++calls["complete"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function reject(uint256 jobSeed) external {
        uint256 jobId = _job(jobSeed);
        if (jobId == 0) return;
        IJobEscrow.JobView memory j = escrow.job(jobId);
        bool funded = j.status == IJobEscrow.Status.Funded;
        bool inWindow = j.status == IJobEscrow.Status.Submitted && block.timestamp < j.evaluationEndsAt;
        if ((!funded && !inWindow) || _liveChildren(jobId)) return;
        vm.prank(j.evaluator);
        try escrow.reject(jobId, bytes32(0)) {
            ++finishes[jobId];
            ++calls["reject"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function refund(uint256 jobSeed) external {
        uint256 jobId = _job(jobSeed);
        if (jobId == 0) return;
        IJobEscrow.JobView memory j = escrow.job(jobId);
        if (j.status != IJobEscrow.Status.Funded || block.timestamp < j.expiry || _liveChildren(jobId)) return;
        try escrow.refund(jobId) {
            ++finishes[jobId];
            ++calls["refund"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function withdraw(uint256 clientSeed) external {
        address client = _clients[clientSeed % _clients.length];
        if (escrow.claimable(client) == 0) return;
        vm.prank(client);
        try escrow.withdraw(client) {
            ++calls["withdraw"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function withdrawEarnings(uint256 agentSeed) external {
        uint256 agentId = _agent(agentSeed);
        if (escrow.agentEarnings(agentId) == 0) return;
        address provider = _providers[agentId - 1];
        vm.prank(provider);
        try escrow.withdrawAgentEarnings(agentId, provider) {
            ++calls["withdrawEarnings"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function payTreasury() external {
        if (escrow.treasuryAccrued() == 0) return;
        try escrow.payTreasury() {
            ++calls["payTreasury"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function bond(uint256 evaluatorSeed, uint256 amount) external {
        address evaluator = _evaluator(evaluatorSeed);
        uint256 held = open.balanceOf(evaluator);
        if (held == 0) return;
        amount = bound(amount, 1, held);
        vm.prank(evaluator);
        try escrow.bondAsEvaluator(amount) {
            ++calls["bond"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function requestUnbond(uint256 evaluatorSeed, uint256 amount) external {
        address evaluator = _evaluator(evaluatorSeed);
        (uint256 bonded, , ) = escrow.evaluatorBond(evaluator);
        if (bonded == 0) return;
        vm.prank(evaluator);
        try escrow.requestUnbond(bound(amount, 1, bonded)) {
            ++calls["requestUnbond"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    function withdrawBond(uint256 evaluatorSeed) external {
        address evaluator = _evaluator(evaluatorSeed);
        (, uint256 pending, uint256 readyAt) = escrow.evaluatorBond(evaluator);
        if (pending == 0 || block.timestamp < readyAt) return;
        vm.prank(evaluator);
        try escrow.withdrawBond(evaluator) {
            ++calls["withdrawBond"];
        } catch (bytes memory reason) {
            _surprise(reason);
        }
    }

    /// @notice Lets time pass: up to a day, or (one call in four) up to the longest job.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, seconds_ % 4 == 0 ? escrow.maxDuration() : 1 days));
        ++calls["warp"];
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    function _job(uint256 seed) internal view returns (uint256) {
        return _jobIds.length == 0 ? 0 : _jobIds[seed % _jobIds.length];
    }

    function _agent(uint256 seed) internal view returns (uint256) {
        return 1 + (seed % _providers.length);
    }

    function _evaluator(uint256 seed) internal view returns (address) {
        return _evaluators[seed % _evaluators.length];
    }

    function _liveChildren(uint256 jobId) internal view returns (bool) {
        uint256[] memory ids = escrow.children(jobId);
        for (uint256 i; i < ids.length; ++i) {
            IJobEscrow.Status s = escrow.job(ids[i]).status;
            if (s == IJobEscrow.Status.Funded || s == IJobEscrow.Status.Submitted) return true;
        }
        return false;
    }

    function _surprise(bytes memory reason) internal {
        ++surprises;
        lastSurprise = reason;
    }
}
