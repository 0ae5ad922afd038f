// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IJobEscrow } from "../../../../contracts/interfaces/IJobEscrow.sol";
import { IReputationRegistry } from "../../../../contracts/interfaces/IReputationRegistry.sol";
import { AgentStore, Agents } from "../stores/AgentStore.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";
import { AgentSystemHandler } from "./AgentSystemHandler.sol";

/// @notice Drives jobs through the real agent contracts: actors create and fund root jobs, wallets fund them under
/// their principals' budgets, providers subcontract down the tree and submit, evaluators complete or reject, anyone
/// completes once the evaluation window passed or refunds after expiry, everyone withdraws, evaluators bond and unbond,
/// and clients rate finished jobs. Each action predicts its outcome (a provider below its minimum stake, a client that
/// acts for its provider, a budget that does not cover the job, feedback twice or out of order are refused) or does
/// nothing when its job is in no state for it. It records in AgentStore how often each job finished and what it paid
/// out, measured as the credits that moved.
contract EscrowHandler is AgentSystemHandler {
    /// @dev A refusal for two reasons at once, either of which the contract may name.
    bytes4 private constant EITHER = 0xffffffff;

    /// @dev The tag pairs that feedback is given under (AgentStore.TAG_PAIRS).
    string[2] private _tag1 = ["quality", "speed"];
    string[2] private _tag2 = ["", "fast"];

    constructor(
        System memory s,
        SystemStore store_,
        Agents memory a,
        AgentStore agentStore_
    ) AgentSystemHandler(s, store_, a, agentStore_) {}

    /// @notice The tags of tag pair `pair`.
    function tags(uint256 pair) external view returns (string memory tag1, string memory tag2) {
        return (_tag1[pair], _tag2[pair]);
    }

    // ─── Funding ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice An actor hires an agent for 1 to 10,000 OPEN, with an evaluator (itself one call in three), for an hour
    /// to three days.
    function createAndFund(
        uint256 clientSeed,
        uint256 agentSeed,
        uint256 evaluatorSeed,
        uint256 amount,
        uint256 life
    ) external {
        uint256 agentId = _agentId(agentSeed);
        if (agentId == 0) return;
        address client = _actor(clientSeed);
        address evaluator = evaluatorSeed % 3 == 0 ? client : agentStore.evaluator(evaluatorSeed);
        amount = bound(amount, MIN_JOB, 10_000e18);
        bytes4 expected = _hireRefusal(client, agentId);
        if (expected == EITHER) return;
        uint256 expiry = block.timestamp + bound(life, 1 hours, 3 days);
        uint256 before = open.balanceOf(client);
        vm.prank(client);
        try escrow.createAndFund(agentId, evaluator, expiry, "ipfs://job", amount) returns (uint256 jobId) {
            if (_succeededAgainst("job.createAndFund", expected)) {
                agentStore.pushJob(jobId);
                if (before - open.balanceOf(client) != amount) _surprise("job.createAndFund moved", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("job.createAndFund", reason, expected);
        }
    }

    /// @notice An actor's wallet hires an agent for its principal, under the budget the principal gave it (a wallet
    /// without one, or over it, is refused). A wallet that acts for the provider is not drawn.
    function createAndFundFor(
        uint256 principalSeed,
        uint256 walletSeed,
        uint256 agentSeed,
        uint256 amount,
        uint256 life
    ) external {
        uint256 agentId = _agentId(agentSeed);
        if (agentId == 0) return;
        address principal = agentStore.principal(principalSeed);
        address wallet = _actor(walletSeed);
        if (_actsFor(wallet, agentId)) return;
        amount = bound(amount, MIN_JOB, 3_000e18);
        bytes4 expected = _hireRefusal(principal, agentId);
        if (expected == bytes4(0)) expected = agentStore.predictCharge(principal, wallet, 0, amount, 0);
        address evaluator = agentStore.evaluator(walletSeed >> 8);
        uint256 expiry = block.timestamp + bound(life, 1 hours, 3 days);
        (uint256 spent, uint256 held) = (_spent(principal, wallet), open.balanceOf(principal));
        vm.prank(wallet);
        try escrow.createAndFundFor(principal, agentId, evaluator, expiry, "ipfs://job", amount) returns (
            uint256 jobId
        ) {
            if (_succeededAgainst("job.createAndFundFor", expected)) {
                agentStore.pushJob(jobId);
                agentStore.chargedNow(principal, wallet, amount);
                _charged("job.createAndFundFor", principal, wallet, amount, spent, held);
                IJobEscrow.JobView memory j = escrow.job(jobId);
                if (j.client != principal || j.spender != wallet) _surprise("job.createAndFundFor parties", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("job.createAndFundFor", reason, expected);
        }
    }

    /// @notice A job's provider hires another agent (itself too) with part of the job's escrow, down to the deepest
    /// level.
    function subcontract(
        uint256 jobSeed,
        uint256 agentSeed,
        uint256 evaluatorSeed,
        uint256 amount,
        uint256 life
    ) external {
        uint256 parentId = agentStore.job(jobSeed);
        if (parentId == 0) return;
        IJobEscrow.JobView memory p = escrow.job(parentId);
        uint256 rest = p.escrow - p.childrenTaken;
        if (
            p.status != IJobEscrow.Status.Funded ||
            p.depth >= escrow.MAX_DEPTH() ||
            rest < MIN_JOB ||
            block.timestamp >= p.expiry
        ) return;
        uint256 agentId = _agentId(agentSeed);
        amount = bound(amount, MIN_JOB, rest);
        uint256 expiry = block.timestamp + bound(life, 1, p.expiry - block.timestamp);
        bytes4 expected = registry.canTakeJobs(agentId) ? bytes4(0) : IJobEscrow.AgentCannotTakeJobs.selector;
        address evaluator = agentStore.evaluator(evaluatorSeed);
        vm.prank(registry.ownerOf(p.providerAgentId));
        try escrow.subcontract(parentId, agentId, evaluator, amount, expiry, "ipfs://child") returns (uint256 childId) {
            if (_succeededAgainst("job.subcontract", expected)) {
                agentStore.pushJob(childId);
                if (escrow.job(parentId).childrenTaken != p.childrenTaken + amount) {
                    _surprise("job.subcontract took", "");
                }
            }
        } catch (bytes memory reason) {
            _revertedAgainst("job.subcontract", reason, expected);
        }
    }

    // ─── The job's life ──────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The provider submits a funded job; after its expiry, refused with JobHasExpired.
    function submit(uint256 jobSeed) external {
        uint256 jobId = agentStore.job(jobSeed);
        if (jobId == 0) return;
        IJobEscrow.JobView memory j = escrow.job(jobId);
        if (j.status != IJobEscrow.Status.Funded || _liveChildren(jobId)) return;
        bytes4 expected = block.timestamp >= j.expiry ? IJobEscrow.JobHasExpired.selector : bytes4(0);
        vm.prank(registry.ownerOf(j.providerAgentId));
        try escrow.submit(jobId, keccak256(abi.encode(jobId)), "ipfs://deliverable") {
            _succeededAgainst("job.submit", expected);
        } catch (bytes memory reason) {
            _revertedAgainst("job.submit", reason, expected);
        }
    }

    /// @notice Completes a submitted job: by its evaluator, or by anyone once the window passed (before then,
    /// refused with EvaluationWindowOpen). The provider earns the rest of the escrow less the fee.
    function complete(uint256 jobSeed, bool byEvaluator) external {
        uint256 jobId = agentStore.job(jobSeed);
        if (jobId == 0) return;
        IJobEscrow.JobView memory j = escrow.job(jobId);
        if (j.status != IJobEscrow.Status.Submitted) return;
        bytes4 expected =
            !byEvaluator && block.timestamp < j.evaluationEndsAt ? IJobEscrow.EvaluationWindowOpen.selector : bytes4(0);
        uint256 credits = escrow.agentEarnings(j.providerAgentId) + escrow.treasuryAccrued();
        vm.prank(byEvaluator ? j.evaluator : address(0xA0A0));
        try escrow.complete(jobId, keccak256("good")) {
            if (_succeededAgainst("job.complete", expected)) {
                uint256 paid = escrow.agentEarnings(j.providerAgentId) + escrow.treasuryAccrued() - credits;
                agentStore.finished(jobId, paid);
                if (paid != j.escrow - j.childrenTaken) _surprise("job.complete paid", abi.encode(paid));
            }
        } catch (bytes memory reason) {
            _revertedAgainst("job.complete", reason, expected);
        }
    }

    /// @notice The evaluator rejects a funded job, or a submitted one within the window: the rest of its escrow goes
    /// back to its client (a child's to its parent).
    function reject(uint256 jobSeed) external {
        uint256 jobId = agentStore.job(jobSeed);
        if (jobId == 0) return;
        IJobEscrow.JobView memory j = escrow.job(jobId);
        bool funded = j.status == IJobEscrow.Status.Funded;
        bool inWindow = j.status == IJobEscrow.Status.Submitted && block.timestamp < j.evaluationEndsAt;
        if ((!funded && !inWindow) || _liveChildren(jobId)) return;
        uint256 returned = _returned(j);
        vm.prank(j.evaluator);
        try escrow.reject(jobId, keccak256("bad")) {
            _finishedReturning(jobId, j, returned, "job.reject");
        } catch (bytes memory reason) {
            _surprise("job.reject", reason);
        }
    }

    /// @notice Anyone refunds an expired funded job with no unfinished child.
    function refund(uint256 jobSeed) external {
        uint256 jobId = agentStore.job(jobSeed);
        if (jobId == 0) return;
        IJobEscrow.JobView memory j = escrow.job(jobId);
        if (j.status != IJobEscrow.Status.Funded || block.timestamp < j.expiry || _liveChildren(jobId)) return;
        uint256 returned = _returned(j);
        try escrow.refund(jobId) {
            _finishedReturning(jobId, j, returned, "job.refund");
        } catch (bytes memory reason) {
            _surprise("job.refund", reason);
        }
    }

    // ─── Withdrawals ─────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice A client (an actor, or one call in two a principal) withdraws its refunds.
    function withdraw(uint256 accountSeed) external {
        bool principal = accountSeed % 2 == 0;
        address account = principal ? agentStore.principal(accountSeed >> 1) : _actor(accountSeed >> 1);
        uint256 amount = escrow.claimable(account);
        if (amount == 0) return;
        uint256 before = open.balanceOf(account);
        vm.prank(account);
        try escrow.withdraw(account) {
            if (open.balanceOf(account) != before + amount) _surprise("job.withdraw paid", "");
            else _done("job.withdraw");
            if (principal) agentStore.addReturned(amount);
        } catch (bytes memory reason) {
            _surprise("job.withdraw", reason);
        }
    }

    /// @notice An agent's owner withdraws its earnings.
    function withdrawAgentEarnings(uint256 agentSeed) external {
        uint256 agentId = _agentId(agentSeed);
        if (agentId == 0) return;
        uint256 amount = escrow.agentEarnings(agentId);
        if (amount == 0) return;
        address owner = registry.ownerOf(agentId);
        uint256 before = open.balanceOf(owner);
        vm.prank(owner);
        try escrow.withdrawAgentEarnings(agentId, owner) {
            if (open.balanceOf(owner) != before + amount) _surprise("job.withdrawAgentEarnings paid", "");
            else _done("job.withdrawAgentEarnings");
        } catch (bytes memory reason) {
            _surprise("job.withdrawAgentEarnings", reason);
        }
    }

    function payTreasury() external {
        uint256 amount = escrow.treasuryAccrued();
        if (amount == 0) return;
        uint256 before = open.balanceOf(treasury);
        try escrow.payTreasury() {
            if (open.balanceOf(treasury) != before + amount) _surprise("job.payTreasury paid", "");
            else _done("job.payTreasury");
        } catch (bytes memory reason) {
            _surprise("job.payTreasury", reason);
        }
    }

    // ─── Evaluator bonds ─────────────────────────────────────────────────────────────────────────────────────────

    function bond(uint256 evaluatorSeed, uint256 amount) external {
        address evaluator = agentStore.evaluator(evaluatorSeed);
        amount = bound(amount, 1, 1_000e18);
        vm.prank(evaluator);
        try escrow.bondAsEvaluator(amount) {
            _done("job.bond");
        } catch (bytes memory reason) {
            _surprise("job.bond", reason);
        }
    }

    function requestUnbond(uint256 evaluatorSeed, uint256 amount) external {
        address evaluator = agentStore.evaluator(evaluatorSeed);
        (uint256 bonded, , ) = escrow.evaluatorBond(evaluator);
        if (bonded == 0) return;
        vm.prank(evaluator);
        try escrow.requestUnbond(bound(amount, 1, bonded)) {
            _done("job.requestUnbond");
        } catch (bytes memory reason) {
            _surprise("job.requestUnbond", reason);
        }
    }

    /// @notice Withdraws an unbonded amount: before the delay ends, refused with UnbondNotReady.
    function withdrawBond(uint256 evaluatorSeed) external {
        address evaluator = agentStore.evaluator(evaluatorSeed);
        (, uint256 pending, uint256 readyAt) = escrow.evaluatorBond(evaluator);
        if (pending == 0) return;
        bytes4 expected = block.timestamp < readyAt ? IJobEscrow.UnbondNotReady.selector : bytes4(0);
        uint256 before = open.balanceOf(evaluator);
        vm.prank(evaluator);
        try escrow.withdrawBond(evaluator) {
            if (_succeededAgainst("job.withdrawBond", expected) && open.balanceOf(evaluator) != before + pending) {
                _surprise("job.withdrawBond paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("job.withdrawBond", reason, expected);
        }
    }

    // ─── Feedback ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The client of a finished job (the first, from the one drawn) rates its provider: a child job, or one call in two a root job, by its id
    /// (giveFeedbackForJob); else its client's latest finished root job with the agent (giveFeedback). Feedback on a
    /// job already rated, or on an earlier one, is refused; so is a rating by the provider's own owner. A job whose
    /// client paid nothing is not rated.
    function feedback(uint256 jobSeed, uint256 valueSeed, uint256 tagSeed, bool byJob) external {
        (uint256 jobId, IJobEscrow.JobView memory j) = _finishedJob(jobSeed);
        if (jobId == 0) return;
        uint256 agentId = j.providerAgentId;
        uint256 weight = j.paid;
        byJob = byJob || j.depth != 0;
        if (!byJob) (jobId, weight) = escrow.latestFinishedJob(j.client, agentId);
        if (weight == 0) return;
        int128 value = int128(int256(bound(valueSeed, 0, 200))) - 100;
        uint256 pair = tagSeed % 2;
        bytes4 expected = _feedbackRefusal(agentId, j.client, jobId);
        (string memory tag1, string memory tag2) = (_tag1[pair], _tag2[pair]);
        (bool ok, bytes memory reason) = (true, "");
        vm.prank(j.client);
        if (byJob) {
            try reputation.giveFeedbackForJob(jobId, value, 0, tag1, tag2, "", "ipfs://feedback", bytes32(0)) {} catch (
                bytes memory r
            ) {
                (ok, reason) = (false, r);
            }
        } else {
            try reputation.giveFeedback(agentId, value, 0, tag1, tag2, "", "ipfs://feedback", bytes32(0)) {} catch (
                bytes memory r
            ) {
                (ok, reason) = (false, r);
            }
        }
        if (!ok) return _revertedAgainst("feedback", reason, expected);
        if (!_succeededAgainst("feedback", expected)) return;
        agentStore.addFeedback(agentId, pair, weight);
        uint64 index = reputation.getLastIndex(agentId, j.client);
        (uint256 rated, uint256 w) = reputation.feedbackJob(agentId, j.client, index);
        if (rated != jobId || w != weight) _surprise("feedback recorded", abi.encode(rated, w));
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Why hiring `agentId` by `client` must be refused: AgentCannotTakeJobs, SelfHire, or none; EITHER when both
    /// would (the contract may name either, so the call is not made).
    function _hireRefusal(address client, uint256 agentId) private view returns (bytes4) {
        bool cannot = !registry.canTakeJobs(agentId);
        bool self = _actsFor(client, agentId);
        if (cannot && self) return EITHER;
        if (cannot) return IJobEscrow.AgentCannotTakeJobs.selector;
        if (self) return IJobEscrow.SelfHire.selector;
        return bytes4(0);
    }

    /// @dev Why feedback by `client` to `agentId` on `jobId` must be refused, if it must.
    function _feedbackRefusal(uint256 agentId, address client, uint256 jobId) private view returns (bytes4) {
        if (_actsFor(client, agentId)) return IReputationRegistry.SelfFeedback.selector;
        uint256 last = reputation.getLastIndex(agentId, client);
        if (last == 0) return bytes4(0);
        (uint256 lastJob, ) = reputation.feedbackJob(agentId, client, uint64(last));
        if (jobId == lastJob) return IReputationRegistry.FeedbackAlreadyGiven.selector;
        if (jobId < lastJob) return IReputationRegistry.FeedbackOutOfOrder.selector;
        return bytes4(0);
    }

    /// @dev The first job from the one `seed` draws, in the order they were made, that was completed or rejected with
    /// something paid (0 when there is none).
    function _finishedJob(uint256 seed) private view returns (uint256 jobId, IJobEscrow.JobView memory j) {
        uint256 n = agentStore.jobCount();
        for (uint256 k; k < n; ++k) {
            jobId = agentStore.jobAt((seed + k) % n);
            j = escrow.job(jobId);
            bool rated = j.status == IJobEscrow.Status.Completed || j.status == IJobEscrow.Status.Rejected;
            if (rated && j.paid != 0) return (jobId, j);
        }
        return (0, j);
    }

    /// @dev What a rejection or refund of `j` must return: its remaining escrow, as credited to its client's refunds
    /// (a root job) or back to its parent's remaining escrow (a child).
    function _returned(IJobEscrow.JobView memory j) private view returns (uint256) {
        return j.depth == 0 ? escrow.claimable(j.client) : escrow.remaining(j.parentId);
    }

    function _finishedReturning(
        uint256 jobId,
        IJobEscrow.JobView memory j,
        uint256 before,
        string memory action
    ) private {
        uint256 paid = _returned(j) - before;
        agentStore.finished(jobId, paid);
        if (paid != j.escrow - j.childrenTaken) _surprise(string.concat(action, " returned"), abi.encode(paid));
        else _done(bytes32(bytes(action)));
    }
}
