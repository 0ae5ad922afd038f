// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { IAgentIdentity } from "../interfaces/IAgentIdentity.sol";
import { IBudgetCharger } from "../interfaces/IBudgetCharger.sol";
import { IJobEscrow } from "../interfaces/IJobEscrow.sol";

/// @title JobEscrow
/// @notice Jobs in the shape of ERC-8183, with subcontracting, optimistic completion and budgets. See IJobEscrow.
/// @dev Payouts are pulled, never pushed: completing a job writes two credits (the agent's earnings and the treasury's
/// fees, the latter in the parameters slot that completion reads anyway) instead of two token transfers, which keeps
/// `complete` in its budget and makes finishing a job independent of the recipient.
/// Conservation: OPEN held == Σ (escrow − childrenTaken) over unfinished funded jobs + Σ agent earnings + Σ client
/// refunds + treasuryAccrued + Σ evaluator bonds (bonded and pending). A child's escrow is counted in the child (its
/// parent's childrenTaken holds it), so it is counted once.
contract JobEscrow is AccessManaged, IJobEscrow {
    using SafeERC20 for IERC20;

    /// @dev Slots 0 and 1 are all a root job needs at creation; slot 2 is written at the first subcontract or at
    /// submission, slot 3 only for a job funded under a budget. A child job's client is its parent job, so its slot 0
    /// holds, in place of a client address, its tree links: `parentId | nextSibling << 48` (`depth` tells which).
    /// Agent ids fit 40 bits and job ids 48 bits: larger agent ids are refused as unknown, and the 2^48-th job is
    /// refused.
    struct Job {
        address head;
        uint40 providerAgentId;
        uint40 expiry;
        Status status;
        uint8 depth;
        address evaluator;
        uint96 escrow;
        uint96 childrenTaken;
        uint48 firstChild;
        uint16 liveChildren;
        uint40 submittedAt;
        uint32 window;
        uint16 feeBps;
        address spender;
    }

    /// @dev One per (client, provider agent) of root jobs, written when the first of its jobs is completed or rejected
    /// (a job that can be rated): the pairs of an agent form a list through `prevListJob` (the job that listed the
    /// agent's previous pair), and `latestFinished` and `paid` follow each later completion or rejection.
    struct Pair {
        uint48 listJob;
        uint48 prevListJob;
        uint48 latestFinished;
        uint96 paid;
    }

    /// @dev An agent's earnings, and the job that listed its latest pair (the head of its client list). `known` is set
    /// at the agent's first root job, so that the completion of its jobs credits a slot that is already set.
    struct AgentAccount {
        uint96 earnings;
        uint48 lastListJob;
        bool known;
    }

    /// @dev The governance parameters that creation, subcontracting and completion read, the job counter and the
    /// treasury's accrued fees: one slot, read by every creation and completion.
    struct Params {
        uint16 feeBps;
        uint48 jobCount;
        uint96 treasuryAccrued;
        uint96 minJobValue;
    }

    /// @dev The governance durations, each read by one operation without a tight budget: the evaluation window at
    /// submission, the longest duration at a root job's creation, the unbond delay at an unbond request.
    struct Durations {
        uint32 evaluationWindow;
        uint32 maxDuration;
        uint32 unbondDelay;
    }

    struct Bond {
        uint96 bonded;
        uint96 pending;
        uint40 readyAt;
    }

    uint256 private constant BPS = 10_000;
    uint256 private constant MIN_EVALUATION_WINDOW = 1 hours;
    uint256 private constant MAX_EVALUATION_WINDOW = 30 days;
    uint256 private constant MIN_DURATION = 1 hours;
    uint256 private constant MAX_DURATION = 365 days;
    uint256 private constant MIN_UNBOND_DELAY = 1 hours;
    uint256 private constant MAX_UNBOND_DELAY = 90 days;
    uint256 private constant MIN_MIN_JOB_VALUE = 1;

    /// @inheritdoc IJobEscrow
    uint256 public constant MAX_DEPTH = 4;
    /// @inheritdoc IJobEscrow
    uint256 public constant MAX_LIVE_CHILDREN = 255;
    /// @inheritdoc IJobEscrow
    uint256 public constant MAX_FEE_BPS = 1_000;
    /// @inheritdoc IJobEscrow
    uint256 public constant MAX_MIN_JOB_VALUE = 1_000_000e18;

    IERC20 private immutable _token;
    IAgentIdentity private immutable _agents;
    IBudgetCharger private immutable _budgets;
    address private immutable _treasury;

    Params private _params;
    Durations private _durations;
    mapping(uint256 jobId => Job) private _jobs;
    mapping(address client => mapping(uint256 agentId => Pair)) private _pairs;
    mapping(uint256 agentId => AgentAccount) private _agentAccounts;
    mapping(address account => uint256) private _claimable;
    mapping(address evaluator => Bond) private _bonds;

    constructor(
        IERC20 token_,
        IAgentIdentity agents_,
        IBudgetCharger budgets_,
        address treasury_,
        address authority,
        InitParams memory p
    ) AccessManaged(authority) {
        if (
            address(token_) == address(0) ||
            address(agents_) == address(0) ||
            address(budgets_) == address(0) ||
            treasury_ == address(0)
        ) revert ZeroAddress();
        _token = token_;
        _agents = agents_;
        _budgets = budgets_;
        _treasury = treasury_;
        _setFeeBps(p.feeBps);
        _setEvaluationWindow(p.evaluationWindow);
        _setMaxDuration(p.maxDuration);
        _setUnbondDelay(p.unbondDelay);
        _setMinJobValue(p.minJobValue);
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IJobEscrow
    function dependencies() external view returns (address token, address agents, address budgets, address treasury) {
        return (address(_token), address(_agents), address(_budgets), _treasury);
    }

    /// @inheritdoc IJobEscrow
    function feeBps() external view returns (uint256) {
        return _params.feeBps;
    }

    /// @inheritdoc IJobEscrow
    function evaluationWindow() external view returns (uint256) {
        return _durations.evaluationWindow;
    }

    /// @inheritdoc IJobEscrow
    function maxDuration() external view returns (uint256) {
        return _durations.maxDuration;
    }

    /// @inheritdoc IJobEscrow
    function unbondDelay() external view returns (uint256) {
        return _durations.unbondDelay;
    }

    /// @inheritdoc IJobEscrow
    function minJobValue() external view returns (uint256) {
        return _params.minJobValue;
    }

    /// @inheritdoc IJobEscrow
    function jobCount() external view returns (uint256) {
        return _params.jobCount;
    }

    /// @inheritdoc IJobEscrow
    function treasuryAccrued() external view returns (uint256) {
        return _params.treasuryAccrued;
    }

    /// @inheritdoc IJobEscrow
    function job(uint256 jobId) external view returns (JobView memory v) {
        Job storage j = _existing(jobId);
        v.client = _clientOf(j);
        v.spender = j.spender != address(0) ? j.spender : (j.depth == 0 ? j.head : address(0));
        v.providerAgentId = j.providerAgentId;
        v.evaluator = j.evaluator;
        v.parentId = j.depth == 0 ? 0 : uint48(uint160(j.head));
        v.depth = j.depth;
        v.status = j.status;
        v.escrow = j.escrow;
        v.childrenTaken = j.childrenTaken;
        v.expiry = j.expiry;
        v.submittedAt = j.submittedAt;
        v.evaluationEndsAt = j.submittedAt == 0 ? 0 : uint256(j.submittedAt) + j.window;
        uint256 rest = uint256(j.escrow) - j.childrenTaken;
        if (j.status == Status.Completed) {
            v.fee = (rest * j.feeBps) / BPS;
            v.payout = rest - v.fee;
        } else if (j.status == Status.Rejected || j.status == Status.Refunded) {
            v.payout = rest;
        }
        v.paid = _paid(j);
    }

    /// @inheritdoc IJobEscrow
    function children(uint256 jobId) external view returns (uint256[] memory ids) {
        Job storage j = _existing(jobId);
        uint256 n;
        for (uint256 id = j.firstChild; id != 0; id = _nextSibling(id)) ++n;
        ids = new uint256[](n);
        uint256 i;
        for (uint256 id = j.firstChild; id != 0; id = _nextSibling(id)) ids[i++] = id;
    }

    /// @inheritdoc IJobEscrow
    function remaining(uint256 jobId) external view returns (uint256) {
        Job storage j = _existing(jobId);
        return _isFinished(j.status) ? 0 : uint256(j.escrow) - j.childrenTaken;
    }

    /// @inheritdoc IJobEscrow
    function claimable(address account) external view returns (uint256) {
        return _claimable[account];
    }

    /// @inheritdoc IJobEscrow
    function agentEarnings(uint256 agentId) external view returns (uint256) {
        return _agentAccounts[agentId].earnings;
    }

    /// @inheritdoc IJobEscrow
    function evaluatorBond(address evaluator) external view returns (uint256 bonded, uint256 pending, uint256 readyAt) {
        Bond storage b = _bonds[evaluator];
        return (b.bonded, b.pending, b.readyAt);
    }

    /// @inheritdoc IJobEscrow
    function feedbackTerms(
        uint256 jobId
    ) external view returns (address client, uint256 providerAgentId, Status status, uint256 escrow, uint256 paid) {
        Job storage j = _existing(jobId);
        return (_clientOf(j), j.providerAgentId, j.status, j.escrow, _paid(j));
    }

    /// @inheritdoc IJobEscrow
    function latestFinishedJob(
        address client,
        uint256 providerAgentId
    ) external view returns (uint256 jobId, uint256 paid) {
        Pair storage p = _pairs[client][providerAgentId];
        return (p.latestFinished, p.paid);
    }

    /// @inheritdoc IJobEscrow
    function hasFinishedWith(address client, uint256 providerAgentId) external view returns (bool) {
        return _pairs[client][providerAgentId].listJob != 0;
    }

    /// @inheritdoc IJobEscrow
    function clientsOf(uint256 providerAgentId) external view returns (address[] memory clients) {
        uint256 head = _agentAccounts[providerAgentId].lastListJob;
        uint256 n;
        for (uint256 id = head; id != 0; id = _pairs[_jobs[id].head][providerAgentId].prevListJob) ++n;
        clients = new address[](n);
        uint256 i;
        for (uint256 id = head; id != 0; id = _pairs[clients[i - 1]][providerAgentId].prevListJob) {
            clients[i++] = _jobs[id].head;
        }
    }

    // ─── External state-changing ─────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IJobEscrow
    function createJob(
        uint256 providerAgentId,
        address evaluator,
        uint256 expiry,
        string calldata descriptionURI
    ) external returns (uint256 jobId) {
        jobId = _createRoot(msg.sender, msg.sender, providerAgentId, evaluator, expiry, 0, false);
        emit JobCreated(jobId, msg.sender, providerAgentId, evaluator, expiry, descriptionURI);
    }

    /// @inheritdoc IJobEscrow
    function fund(uint256 jobId, uint256 amount) external {
        Job storage j = _existing(jobId);
        // Check: an Open job of the caller, not expired, whose provider may still take jobs.
        if (j.status != Status.Open) revert JobNotInState(jobId, j.status);
        if (j.head != msg.sender) revert NotClient(jobId, msg.sender);
        if (block.timestamp >= j.expiry) revert JobHasExpired(jobId, j.expiry);
        _checkAmount(amount, _params.minJobValue);
        _checkProvider(j.providerAgentId);
        // Effect:
        j.status = Status.Funded;
        j.escrow = uint96(amount);
        emit JobFunded(jobId, msg.sender, msg.sender, amount);
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IJobEscrow
    function createAndFund(
        uint256 providerAgentId,
        address evaluator,
        uint256 expiry,
        string calldata descriptionURI,
        uint256 amount
    ) external returns (uint256 jobId) {
        jobId = _createRoot(msg.sender, msg.sender, providerAgentId, evaluator, expiry, amount, true);
        emit JobCreated(jobId, msg.sender, providerAgentId, evaluator, expiry, descriptionURI);
        emit JobFunded(jobId, msg.sender, msg.sender, amount);
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IJobEscrow
    function createAndFundFor(
        address principal,
        uint256 providerAgentId,
        address evaluator,
        uint256 expiry,
        string calldata descriptionURI,
        uint256 amount
    ) external returns (uint256 jobId) {
        if (principal == address(0)) revert ZeroAddress();
        jobId = _createRoot(principal, msg.sender, providerAgentId, evaluator, expiry, amount, true);
        emit JobCreated(jobId, principal, providerAgentId, evaluator, expiry, descriptionURI);
        emit JobFunded(jobId, principal, msg.sender, amount);
        // Interaction: the budget is checked and charged, and the OPEN moved from the principal to this escrow.
        _budgets.charge(principal, msg.sender, 0, amount);
    }

    /// @inheritdoc IJobEscrow
    function subcontract(
        uint256 parentId,
        uint256 providerAgentId,
        address evaluator,
        uint256 amount,
        uint256 expiry,
        string calldata descriptionURI
    ) external returns (uint256 childId) {
        Job storage parent = _existing(parentId);
        uint256 depth = _checkSubcontract(parentId, parent, amount, expiry);
        _checkJob(providerAgentId, evaluator);
        // Effect: the child links to its parent and to its previous sibling; its escrow moves out of the parent's.
        childId = _nextJobId();
        uint256 links = parentId | (uint256(parent.firstChild) << 48);
        _store(
            _jobs[childId],
            address(uint160(links)),
            providerAgentId,
            expiry,
            Status.Funded,
            depth,
            evaluator,
            amount
        );
        _addChild(parent, childId, amount);
        emit JobSubcontracted(
            parentId,
            childId,
            providerAgentId,
            msg.sender,
            evaluator,
            amount,
            expiry,
            descriptionURI
        );
    }

    /// @inheritdoc IJobEscrow
    function submit(uint256 jobId, bytes32 deliverable, string calldata deliverableURI) external {
        Job storage j = _existing(jobId);
        // Check: a funded job of the caller, before its expiry, with no unfinished child (so that the evaluator can
        // decide within the window, and no child is created after the submission).
        if (j.status != Status.Funded) revert JobNotInState(jobId, j.status);
        if (!_isOperator(j.providerAgentId)) revert NotProvider(jobId, msg.sender);
        if (block.timestamp >= j.expiry) revert JobHasExpired(jobId, j.expiry);
        if (j.liveChildren != 0) revert LiveChildren(jobId, j.liveChildren);
        if (deliverable == bytes32(0)) revert ZeroHash();
        // Effect: the window in force now is the job's.
        j.status = Status.Submitted;
        j.submittedAt = uint40(block.timestamp);
        j.window = _durations.evaluationWindow;
        emit JobSubmitted(jobId, j.providerAgentId, deliverable, deliverableURI);
    }

    /// @inheritdoc IJobEscrow
    function complete(uint256 jobId, bytes32 reason) external {
        Job storage j = _existing(jobId);
        // Check: submitted, and decided by the evaluator or accepted by its silence through the window. A submitted
        // job has no unfinished child (submit refuses them, and subcontract needs a funded parent).
        if (j.status != Status.Submitted) revert JobNotInState(jobId, j.status);
        if (msg.sender != j.evaluator) {
            uint256 endsAt = uint256(j.submittedAt) + j.window;
            if (block.timestamp < endsAt) revert EvaluationWindowOpen(jobId, endsAt);
        }
        // Effect: the provider agent earns the remaining escrow less the fee. Neither credit can overflow: each is at
        // most the OPEN held here, below 2^96.
        Params storage params = _params;
        uint256 fee_ = params.feeBps;
        uint256 rest = uint256(j.escrow) - j.childrenTaken;
        uint256 fee = (rest * fee_) / BPS;
        uint256 payout = rest - fee;
        j.status = Status.Completed;
        j.feeBps = uint16(fee_);
        params.treasuryAccrued += uint96(fee);
        _agentAccounts[j.providerAgentId].earnings += uint96(payout);
        if (j.depth == 0) _recordFinished(j.head, j.providerAgentId, jobId, j.escrow);
        else --_jobs[uint48(uint160(j.head))].liveChildren;
        emit JobCompleted(jobId, msg.sender, reason);
        emit PaymentReleased(jobId, j.providerAgentId, payout, fee);
    }

    /// @inheritdoc IJobEscrow
    function reject(uint256 jobId, bytes32 reason) external {
        Job storage j = _existing(jobId);
        Status status = j.status;
        // Check: the client while Open; the evaluator while Funded (with no unfinished child), or while Submitted
        // until the window ends.
        if (status == Status.Open) {
            if (msg.sender != j.head) revert NotClient(jobId, msg.sender);
        } else if (status == Status.Funded || status == Status.Submitted) {
            if (msg.sender != j.evaluator) revert NotEvaluator(jobId, msg.sender);
            if (j.liveChildren != 0) revert LiveChildren(jobId, j.liveChildren);
            if (status == Status.Submitted) {
                uint256 endsAt = uint256(j.submittedAt) + j.window;
                if (block.timestamp >= endsAt) revert EvaluationWindowClosed(jobId, endsAt);
            }
        } else {
            revert JobNotInState(jobId, status);
        }
        // Effect:
        j.status = Status.Rejected;
        emit JobRejected(jobId, msg.sender, reason);
        if (status != Status.Open) {
            if (j.depth == 0) _recordFinished(j.head, j.providerAgentId, jobId, j.childrenTaken);
            _returnEscrow(jobId, j);
        }
    }

    /// @inheritdoc IJobEscrow
    function refund(uint256 jobId) external {
        Job storage j = _existing(jobId);
        Status status = j.status;
        // Check: never submitted, expired, and with no unfinished child.
        if (status != Status.Open && status != Status.Funded) revert JobNotInState(jobId, status);
        if (block.timestamp < j.expiry) revert JobNotExpired(jobId, j.expiry);
        if (j.liveChildren != 0) revert LiveChildren(jobId, j.liveChildren);
        // Effect:
        j.status = Status.Refunded;
        emit JobExpired(jobId);
        if (status == Status.Funded) _returnEscrow(jobId, j);
    }

    /// @inheritdoc IJobEscrow
    function withdraw(address to) external {
        if (to == address(0)) revert ZeroAddress();
        uint256 amount = _claimable[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        // Effect:
        _claimable[msg.sender] = 0;
        emit Withdrawn(msg.sender, to, amount);
        // Interaction:
        _token.safeTransfer(to, amount);
    }

    /// @inheritdoc IJobEscrow
    function withdrawAgentEarnings(uint256 agentId, address to) external {
        if (to == address(0)) revert ZeroAddress();
        if (!_isOperator(agentId)) revert NotAgentOperator(agentId, msg.sender);
        AgentAccount storage a = _agentAccounts[agentId];
        uint256 amount = a.earnings;
        if (amount == 0) revert NothingToWithdraw();
        // Effect:
        a.earnings = 0;
        emit AgentEarningsWithdrawn(agentId, msg.sender, to, amount);
        // Interaction:
        _token.safeTransfer(to, amount);
    }

    /// @inheritdoc IJobEscrow
    function payTreasury() external {
        uint256 amount = _params.treasuryAccrued;
        if (amount == 0) revert NothingToWithdraw();
        // Effect:
        _params.treasuryAccrued = 0;
        emit TreasuryPaid(amount);
        // Interaction:
        _token.safeTransfer(_treasury, amount);
    }

    /// @inheritdoc IJobEscrow
    function bondAsEvaluator(uint256 amount) external {
        Bond storage b = _bonds[msg.sender];
        // Check: the bond stays below 2^96 (it is at most the OPEN held here).
        if (amount == 0) revert ZeroAmount();
        uint256 bonded = uint256(b.bonded) + amount;
        if (bonded > type(uint96).max) revert AmountTooLarge(amount, type(uint96).max - b.bonded);
        // Effect:
        b.bonded = uint96(bonded);
        emit EvaluatorBonded(msg.sender, amount);
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IJobEscrow
    function requestUnbond(uint256 amount) external {
        Bond storage b = _bonds[msg.sender];
        if (amount == 0) revert ZeroAmount();
        if (amount > b.bonded) revert BondTooLow(msg.sender, amount, b.bonded);
        // Effect: the pending amount grows and waits the whole delay from now. Neither field can overflow: both are
        // parts of the bond, below 2^96.
        uint256 readyAt = block.timestamp + _durations.unbondDelay;
        b.bonded -= uint96(amount);
        b.pending += uint96(amount);
        b.readyAt = uint40(readyAt);
        emit UnbondRequested(msg.sender, amount, readyAt);
    }

    /// @inheritdoc IJobEscrow
    function withdrawBond(address to) external {
        if (to == address(0)) revert ZeroAddress();
        Bond storage b = _bonds[msg.sender];
        uint256 amount = b.pending;
        if (amount == 0) revert NothingToWithdraw();
        if (block.timestamp < b.readyAt) revert UnbondNotReady(msg.sender, b.readyAt, block.timestamp);
        // Effect:
        b.pending = 0;
        b.readyAt = 0;
        emit BondWithdrawn(msg.sender, to, amount);
        // Interaction:
        _token.safeTransfer(to, amount);
    }

    /// @inheritdoc IJobEscrow
    function slashEvaluator(address evaluator, uint256 amount) external restricted {
        Bond storage b = _bonds[evaluator];
        uint256 bonded = b.bonded;
        uint256 total = bonded + b.pending;
        if (amount == 0) revert ZeroAmount();
        if (amount > total) revert SlashAboveBond(evaluator, amount, total);
        // Effect: the bonded amount first, then the pending one; the OPEN stays here, owed to the treasury.
        uint256 fromBonded = amount < bonded ? amount : bonded;
        b.bonded = uint96(bonded - fromBonded);
        b.pending -= uint96(amount - fromBonded);
        _params.treasuryAccrued += uint96(amount);
        emit EvaluatorSlashed(evaluator, amount);
    }

    /// @inheritdoc IJobEscrow
    function setFeeBps(uint256 newFeeBps) external restricted {
        _setFeeBps(newFeeBps);
    }

    /// @inheritdoc IJobEscrow
    function setEvaluationWindow(uint256 newEvaluationWindow) external restricted {
        _setEvaluationWindow(newEvaluationWindow);
    }

    /// @inheritdoc IJobEscrow
    function setMaxDuration(uint256 newMaxDuration) external restricted {
        _setMaxDuration(newMaxDuration);
    }

    /// @inheritdoc IJobEscrow
    function setUnbondDelay(uint256 newUnbondDelay) external restricted {
        _setUnbondDelay(newUnbondDelay);
    }

    /// @inheritdoc IJobEscrow
    function setMinJobValue(uint256 newMinJobValue) external restricted {
        _setMinJobValue(newMinJobValue);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Checks and creates a root job of `client` (Funded with `amount`, or Open), with the spender when it is not
    /// the client, and marks the provider agent as known. The caller emits and moves the tokens.
    function _createRoot(
        address client,
        address spender,
        uint256 providerAgentId,
        address evaluator,
        uint256 expiry,
        uint256 amount,
        bool funded
    ) private returns (uint256 jobId) {
        // Check: besides the provider and the evaluator, a client that is not the agent itself (its wallet, owner or
        // an operator), so that the agent has no job of its own to rate; nor a spender that is, so that the agent
        // does not pay itself out of a principal's budget.
        _checkJob(providerAgentId, evaluator);
        if (_actsFor(client, providerAgentId)) revert SelfHire(providerAgentId, client);
        if (spender != client && _actsFor(spender, providerAgentId)) revert SelfHire(providerAgentId, spender);
        uint256 latest = block.timestamp + _durations.maxDuration;
        if (expiry <= block.timestamp || expiry > latest) revert ExpiryOutOfRange(expiry, block.timestamp, latest);
        if (funded) _checkAmount(amount, _params.minJobValue);
        // Effect:
        jobId = _nextJobId();
        Job storage j = _jobs[jobId];
        _store(j, client, providerAgentId, expiry, funded ? Status.Funded : Status.Open, 0, evaluator, amount);
        if (spender != client) j.spender = spender;
        AgentAccount storage a = _agentAccounts[providerAgentId];
        if (!a.known) a.known = true;
    }

    /// @dev Writes the first two slots of a new job, one word each (the Job layout: `head` in bits 0-159, then
    /// `providerAgentId`, `expiry`, `status` and `depth`; `evaluator` in bits 0-159 of the next slot, then `escrow`).
    /// The callers checked that every value fits its field.
    function _store(
        Job storage j,
        address head,
        uint256 providerAgentId,
        uint256 expiry,
        Status status,
        uint256 depth,
        address evaluator,
        uint256 escrow_
    ) private {
        uint256 word0 =
            uint160(head) | (providerAgentId << 160) | (expiry << 200) | (uint256(status) << 240) | (depth << 248);
        uint256 word1 = uint160(evaluator) | (escrow_ << 160);
        assembly ("memory-safe") {
            let slot := j.slot
            sstore(slot, word0)
            sstore(add(slot, 1), word1)
        }
    }

    /// @dev Adds child `childId` of `amount` to `parent` in one write of its slot 2 (the Job layout: `childrenTaken` in
    /// bits 0-95, `firstChild` in 96-143, `liveChildren` in 144-159). Neither sum overflows: `childrenTaken` stays
    /// within the parent's escrow, and `liveChildren` below MAX_LIVE_CHILDREN.
    function _addChild(Job storage parent, uint256 childId, uint256 amount) private {
        assembly ("memory-safe") {
            let slot := add(parent.slot, 2)
            let word := sload(slot)
            let taken := add(and(word, 0xffffffffffffffffffffffff), amount)
            let live := add(and(shr(144, word), 0xffff), 1)
            word := and(word, not(0xffffffffffffffffffffffffffffffffffffffff))
            sstore(slot, or(word, or(taken, or(shl(96, childId), shl(144, live)))))
        }
    }

    function _nextJobId() private returns (uint256 jobId) {
        jobId = uint256(_params.jobCount) + 1;
        if (jobId > type(uint48).max) revert ParameterOutOfBounds(jobId, type(uint48).max);
        _params.jobCount = uint48(jobId);
    }

    /// @dev Sends a rejected or refunded job's remaining escrow back: to its client's refunds for a root job, to its
    /// parent's remaining escrow for a child (which also stops counting as the parent's live child).
    function _returnEscrow(uint256 jobId, Job storage j) private {
        uint256 rest = uint256(j.escrow) - j.childrenTaken;
        if (j.depth == 0) {
            _claimable[j.head] += rest;
            emit Refunded(jobId, j.head, rest);
        } else {
            uint256 parentId = uint48(uint160(j.head));
            Job storage parent = _jobs[parentId];
            // Cannot underflow: the parent's childrenTaken holds this child's whole escrow, of which `rest` is part.
            parent.childrenTaken -= uint96(rest);
            --parent.liveChildren;
            emit ReturnedToParent(jobId, parentId, rest);
        }
    }

    /// @dev Records a completed or rejected root job as its pair's latest finished one, with what its client paid, and
    /// lists the pair in its agent's client list at its first such job.
    function _recordFinished(address client, uint256 providerAgentId, uint256 jobId, uint96 paid) private {
        Pair storage p = _pairs[client][providerAgentId];
        if (p.listJob == 0) {
            AgentAccount storage a = _agentAccounts[providerAgentId];
            p.listJob = uint48(jobId);
            p.prevListJob = a.lastListJob;
            a.lastListJob = uint48(jobId);
        }
        p.latestFinished = uint48(jobId);
        p.paid = paid;
    }

    function _existing(uint256 jobId) private view returns (Job storage j) {
        j = _jobs[jobId];
        if (j.status == Status.None) revert UnknownJob(jobId);
    }

    /// @dev Checks a subcontract of `parent`: funded, its provider calling, and a child within its depth, expiry and
    /// escrow, and within the live children limit. Returns the child's depth.
    function _checkSubcontract(
        uint256 parentId,
        Job storage parent,
        uint256 amount,
        uint256 expiry
    ) private view returns (uint256 depth) {
        if (parent.status != Status.Funded) revert JobNotInState(parentId, parent.status);
        if (!_isOperator(parent.providerAgentId)) revert NotProvider(parentId, msg.sender);
        depth = uint256(parent.depth) + 1;
        if (depth > MAX_DEPTH) revert JobTooDeep(parentId, depth, MAX_DEPTH);
        if (block.timestamp >= expiry || expiry > parent.expiry) {
            revert ExpiryOutOfRange(expiry, block.timestamp, parent.expiry);
        }
        _checkAmount(amount, _params.minJobValue);
        uint256 rest = uint256(parent.escrow) - parent.childrenTaken;
        if (amount > rest) revert ChildAboveEscrow(parentId, amount, rest);
        if (parent.liveChildren >= MAX_LIVE_CHILDREN) revert TooManyLiveChildren(parentId, MAX_LIVE_CHILDREN);
    }

    /// @dev A provider that may take jobs (ids beyond 40 bits cannot exist) and a non-zero evaluator.
    function _checkJob(uint256 providerAgentId, address evaluator) private view {
        if (evaluator == address(0)) revert ZeroAddress();
        _checkProvider(providerAgentId);
    }

    function _checkProvider(uint256 providerAgentId) private view {
        if (providerAgentId > type(uint40).max) revert IAgentIdentity.UnknownAgent(providerAgentId);
        if (!_agents.canTakeJobs(providerAgentId)) revert AgentCannotTakeJobs(providerAgentId);
    }

    /// @dev A job's escrow: at least `min` (the least job value, never zero), and within the 96-bit accounts.
    function _checkAmount(uint256 amount, uint256 min) private pure {
        if (amount < min) revert BelowMinJobValue(amount, min);
        if (amount > type(uint96).max) revert AmountTooLarge(amount, type(uint96).max);
    }

    /// @dev Whether the caller acts for `agentId`.
    function _isOperator(uint256 agentId) private view returns (bool) {
        return _actsFor(msg.sender, agentId);
    }

    /// @dev Whether `account` acts for `agentId`: its wallet, or its owner or an approved operator.
    function _actsFor(address account, uint256 agentId) private view returns (bool) {
        return _agents.getAgentWallet(agentId) == account || _agents.isAuthorizedOrOwner(account, agentId);
    }

    /// @dev A root job's client; a child's is its parent job, which acts through its provider agent's current wallet.
    function _clientOf(Job storage j) private view returns (address) {
        if (j.depth == 0) return j.head;
        return _agents.getAgentWallet(_jobs[uint48(uint160(j.head))].providerAgentId);
    }

    /// @dev What the client paid for a finished job: all of the escrow if completed, else what its completed children
    /// took (the rest came back).
    function _paid(Job storage j) private view returns (uint256) {
        if (j.status == Status.Completed) return j.escrow;
        if (j.status == Status.Rejected || j.status == Status.Refunded) return j.childrenTaken;
        return 0;
    }

    function _nextSibling(uint256 jobId) private view returns (uint256) {
        return uint48(uint160(_jobs[jobId].head) >> 48);
    }

    function _isFinished(Status status) private pure returns (bool) {
        return status == Status.Completed || status == Status.Rejected || status == Status.Refunded;
    }

    function _setFeeBps(uint256 value) private {
        if (value > MAX_FEE_BPS) revert ParameterOutOfBounds(value, MAX_FEE_BPS);
        _params.feeBps = uint16(value);
        emit FeeBpsSet(value);
    }

    function _setEvaluationWindow(uint256 value) private {
        _checkBounds(value, MIN_EVALUATION_WINDOW, MAX_EVALUATION_WINDOW);
        _durations.evaluationWindow = uint32(value);
        emit EvaluationWindowSet(value);
    }

    function _setMaxDuration(uint256 value) private {
        _checkBounds(value, MIN_DURATION, MAX_DURATION);
        _durations.maxDuration = uint32(value);
        emit MaxDurationSet(value);
    }

    function _setUnbondDelay(uint256 value) private {
        _checkBounds(value, MIN_UNBOND_DELAY, MAX_UNBOND_DELAY);
        _durations.unbondDelay = uint32(value);
        emit UnbondDelaySet(value);
    }

    function _setMinJobValue(uint256 value) private {
        _checkBounds(value, MIN_MIN_JOB_VALUE, MAX_MIN_JOB_VALUE);
        _params.minJobValue = uint96(value);
        emit MinJobValueSet(value);
    }

    function _checkBounds(uint256 value, uint256 min, uint256 max) private pure {
        if (value < min) revert ParameterBelowMinimum(value, min);
        if (value > max) revert ParameterOutOfBounds(value, max);
    }
}
