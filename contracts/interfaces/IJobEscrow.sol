// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IErrors } from "./IErrors.sol";

/// @title IJobEscrow
/// @notice Jobs between a client and a provider agent, in the shape of ERC-8183 (Agentic Commerce): the client escrows
/// OPEN, the provider submits a deliverable, an evaluator completes or rejects it, and an unsubmitted job is refunded
/// after its expiry. Extended with:
///  - subcontracting: the provider of a funded job may fund child jobs out of its remaining escrow (the escrow less
///    what its children took), up to MAX_DEPTH levels below a root job. A child's client is its parent job: what a
///    child does not pay out (rejected, refunded) goes back to the parent's remaining escrow. A child expires no later
///    than its parent, so a parent's children can always be finished before it; a job with live (unfinished) children
///    can neither be submitted nor finish.
///  - optimistic completion: once `evaluationWindow` (in force at submission) has passed since a submission without
///    a decision, anyone may complete the job, and the evaluator can no longer reject it. A delivered job thus cannot
///    be refunded: `refund` applies to jobs that were never submitted.
///  - budgets: an agent wallet may fund a job for a principal under the budget the principal gave it
///    (`createAndFundFor`); the principal is the client of record, the wallet the job's spender.
///  - an optional evaluator bond that governance can slash.
///  - no self-hire: a root job's client may not be its provider agent's wallet, owner or operator (it would rate
///    itself in IReputationRegistry), nor may the agent wallet that funds it under a principal's budget (it would pay
///    itself out of the principal's budget).
///  - a least job value (`minJobValue`, set by governance): every funded job, root or child, escrows at least that
///    much, so that a job, and the feedback it allows, is never bought for gas alone.
///
/// Money: on completion the provider agent earns its job's remaining escrow less the protocol fee (`feeBps`, credited
/// to the treasury); on rejection or refund the remaining escrow goes back to the client (a child's to its parent).
/// Every job ends in exactly one of Completed, Rejected and Refunded, and pays out once. Payouts are pulled: an agent's
/// earnings by its wallet, owner or approved operators (earnings follow the agent), a client's refunds by the client,
/// the fee by anyone, to the treasury. OPEN held here always equals the remaining escrow of the unfinished jobs plus
/// the agents' earnings, the clients' refunds, the treasury's accrued fees and the evaluators' bonds.
///
/// For feedback (IReputationRegistry), the escrow records what each client paid for a finished job (`paid`): the whole
/// escrow for a completed job, and for a rejected or refunded one what its completed children took (the rest came
/// back). For every (client, provider agent) pair of root jobs it keeps the latest completed or rejected job, and it
/// lists, per agent, the clients that have such a job with it.
interface IJobEscrow is IErrors {
    /// @notice The lifecycle of a job. Completed, Rejected and Refunded (ERC-8183's Expired) are terminal.
    enum Status {
        None,
        Open,
        Funded,
        Submitted,
        Completed,
        Rejected,
        Refunded
    }

    /// @notice The governance parameters the escrow is deployed with.
    struct InitParams {
        uint256 feeBps;
        uint256 evaluationWindow;
        uint256 maxDuration;
        uint256 unbondDelay;
        uint256 minJobValue;
    }

    /// @notice A job, as returned by `job`. For a child job, `client` is the current wallet of its parent's provider
    /// agent (the parent job is the client); `childrenTaken` is what live and completed children hold or were paid;
    /// `payout` is what the job paid out when it finished (to the provider on completion, back to the client or parent
    /// otherwise), `fee` the protocol fee taken on completion, and `paid` what its client paid (see the contract doc).
    struct JobView {
        address client;
        address spender;
        uint256 providerAgentId;
        address evaluator;
        uint256 parentId;
        uint256 depth;
        Status status;
        uint256 escrow;
        uint256 childrenTaken;
        uint256 expiry;
        uint256 submittedAt;
        uint256 evaluationEndsAt;
        uint256 payout;
        uint256 fee;
        uint256 paid;
    }

    /// @notice Thrown when `jobId` does not exist.
    /// @param jobId The job.
    error UnknownJob(uint256 jobId);
    /// @notice Thrown when `jobId` is in `status`, where the call does not apply.
    /// @param jobId The job.
    /// @param status Its status.
    error JobNotInState(uint256 jobId, Status status);
    /// @notice Thrown when `caller` is not the client of `jobId`.
    /// @param jobId The job.
    /// @param caller Who called.
    error NotClient(uint256 jobId, address caller);
    /// @notice Thrown when `caller` neither is the wallet of `jobId`'s provider agent nor may act as its owner.
    /// @param jobId The job.
    /// @param caller Who called.
    error NotProvider(uint256 jobId, address caller);
    /// @notice Thrown when `caller` is not the evaluator of `jobId`.
    /// @param jobId The job.
    /// @param caller Who called.
    error NotEvaluator(uint256 jobId, address caller);
    /// @notice Thrown when `caller` neither is the wallet of `agentId` nor may act as its owner.
    /// @param agentId The agent.
    /// @param caller Who called.
    error NotAgentOperator(uint256 agentId, address caller);
    /// @notice Thrown when `client`, the client or the spender of a new root job, is the wallet, the owner or an
    /// approved operator of `agentId`: an agent does not hire itself (it would then rate itself), nor pay itself out of
    /// a principal's budget.
    /// @param agentId The agent.
    /// @param client The client, or the spender that funds the job under the client's budget.
    error SelfHire(uint256 agentId, address client);
    /// @notice Thrown when `agentId` may not take jobs (its operator stake is short, or a slash of it is pending).
    /// @param agentId The agent.
    error AgentCannotTakeJobs(uint256 agentId);
    /// @notice Thrown when a job's `expiry` is not after `earliest` or after `latest` (now plus the longest duration,
    /// or the parent's expiry for a child).
    /// @param expiry The expiry asked for.
    /// @param earliest The expiry must be after this time (now).
    /// @param latest The latest expiry allowed.
    error ExpiryOutOfRange(uint256 expiry, uint256 earliest, uint256 latest);
    /// @notice Thrown when `jobId` expired at `expiry`, for a call allowed only before.
    /// @param jobId The job.
    /// @param expiry Its expiry.
    error JobHasExpired(uint256 jobId, uint256 expiry);
    /// @notice Thrown when `jobId` is refunded before its `expiry`.
    /// @param jobId The job.
    /// @param expiry Its expiry.
    error JobNotExpired(uint256 jobId, uint256 expiry);
    /// @notice Thrown when someone other than the evaluator completes `jobId` before its evaluation window ends.
    /// @param jobId The job.
    /// @param endsAt When the window ends.
    error EvaluationWindowOpen(uint256 jobId, uint256 endsAt);
    /// @notice Thrown when the evaluator rejects `jobId` after its evaluation window ended (the job is accepted).
    /// @param jobId The job.
    /// @param endsAt When the window ended.
    error EvaluationWindowClosed(uint256 jobId, uint256 endsAt);
    /// @notice Thrown when `jobId` still has `count` unfinished children.
    /// @param jobId The job.
    /// @param count How many of its children are unfinished.
    error LiveChildren(uint256 jobId, uint256 count);
    /// @notice Thrown when `jobId` already has `max` unfinished children.
    /// @param jobId The job.
    /// @param max MAX_LIVE_CHILDREN.
    error TooManyLiveChildren(uint256 jobId, uint256 max);
    /// @notice Thrown when a child job of `parentId` asks for `amount`, above the parent's `remaining` escrow.
    /// @param parentId The parent job.
    /// @param amount The child's escrow.
    /// @param remaining The parent's escrow less what its children took.
    error ChildAboveEscrow(uint256 parentId, uint256 amount, uint256 remaining);
    /// @notice Thrown when a child of `parentId` would sit at `depth`, below MAX_DEPTH.
    /// @param parentId The parent job.
    /// @param depth The child's depth.
    /// @param max MAX_DEPTH.
    error JobTooDeep(uint256 parentId, uint256 depth, uint256 max);
    /// @notice Thrown when a job would be funded with `amount`, below `min`, the least job value (`minJobValue`).
    /// @param amount The escrow asked for, in OPEN.
    /// @param min The least escrow of a funded job, in OPEN.
    error BelowMinJobValue(uint256 amount, uint256 min);
    /// @notice Thrown when an amount is zero.
    error ZeroAmount();
    /// @notice Thrown when an amount does not fit the escrow's 96-bit accounts.
    /// @param amount The amount.
    /// @param max The most an account holds.
    error AmountTooLarge(uint256 amount, uint256 max);
    /// @notice Thrown when there is nothing to withdraw.
    error NothingToWithdraw();
    /// @notice Thrown when `evaluator` asks to unbond `amount`, above its `bonded` amount.
    /// @param evaluator The evaluator.
    /// @param amount The amount asked for.
    /// @param bonded What it has bonded.
    error BondTooLow(address evaluator, uint256 amount, uint256 bonded);
    /// @notice Thrown when `evaluator` withdraws its unbonded amount before `readyAt`.
    /// @param evaluator The evaluator.
    /// @param readyAt When it may withdraw.
    /// @param nowTime The current time.
    error UnbondNotReady(address evaluator, uint256 readyAt, uint256 nowTime);
    /// @notice Thrown when governance slashes `amount` of `evaluator`, above its whole `bond` (bonded and unbonding).
    /// @param evaluator The evaluator.
    /// @param amount The amount asked for.
    /// @param bond What it has bonded and unbonding.
    error SlashAboveBond(address evaluator, uint256 amount, uint256 bond);
    /// @notice Thrown when governance sets a parameter below its minimum.
    /// @param value The value set.
    /// @param min The least it may be.
    error ParameterBelowMinimum(uint256 value, uint256 min);

    /// @notice Emitted when root job `jobId` was created for `providerAgentId` (ERC-8183's JobCreated, with the provider
    /// an agent). Child jobs are announced by JobSubcontracted instead.
    /// @param jobId The job.
    /// @param client The client.
    /// @param providerAgentId The provider agent.
    /// @param evaluator The evaluator.
    /// @param expiredAt The expiry.
    /// @param descriptionURI The job's description.
    event JobCreated(
        uint256 indexed jobId,
        address indexed client,
        uint256 indexed providerAgentId,
        address evaluator,
        uint256 expiredAt,
        string descriptionURI
    );
    /// @notice Emitted when `client` funded root job `jobId` with `amount`, paid by `spender` (the client itself, or
    /// the agent wallet that charged the client's budget).
    /// @param jobId The job.
    /// @param client The client.
    /// @param spender Who paid: the client, or the agent wallet spending under its budget.
    /// @param amount The escrow, in OPEN.
    event JobFunded(uint256 indexed jobId, address indexed client, address indexed spender, uint256 amount);
    /// @notice Emitted when `spender`, acting for the provider of `parentId`, created and funded child job `childId`
    /// for `providerAgentId` with `amount` out of the parent's escrow (the child's JobCreated and JobFunded in one; its
    /// depth is its parent's plus one).
    /// @param parentId The parent job, the child's client.
    /// @param childId The child job.
    /// @param providerAgentId The child's provider agent.
    /// @param spender Who called (the parent provider's wallet or an operator of it).
    /// @param evaluator The child's evaluator.
    /// @param amount The child's escrow, in OPEN.
    /// @param expiredAt The child's expiry.
    /// @param descriptionURI The child's description.
    event JobSubcontracted(
        uint256 indexed parentId,
        uint256 indexed childId,
        uint256 indexed providerAgentId,
        address spender,
        address evaluator,
        uint256 amount,
        uint256 expiredAt,
        string descriptionURI
    );
    /// @notice Emitted when the provider of `jobId` submitted its deliverable.
    /// @param jobId The job.
    /// @param providerAgentId The provider agent.
    /// @param deliverable A commitment to the deliverable (its hash).
    /// @param deliverableURI Where the deliverable is.
    event JobSubmitted(
        uint256 indexed jobId,
        uint256 indexed providerAgentId,
        bytes32 deliverable,
        string deliverableURI
    );
    /// @notice Emitted when `jobId` was completed by `completer`: its evaluator, or anyone after the evaluation window.
    /// @param jobId The job.
    /// @param completer Who completed it.
    /// @param reason The evaluator's attestation (zero when completed optimistically by someone else).
    event JobCompleted(uint256 indexed jobId, address indexed completer, bytes32 reason);
    /// @notice Emitted when `jobId` was rejected by `rejector` (its evaluator, or its client while Open).
    /// @param jobId The job.
    /// @param rejector Who rejected it.
    /// @param reason The reason's hash.
    event JobRejected(uint256 indexed jobId, address indexed rejector, bytes32 reason);
    /// @notice Emitted when `jobId` was refunded after its expiry (ERC-8183's JobExpired).
    /// @param jobId The job.
    event JobExpired(uint256 indexed jobId);
    /// @notice Emitted when completed `jobId` credited `amount` to its provider agent and `fee` to the treasury.
    /// @param jobId The job.
    /// @param providerAgentId The provider agent.
    /// @param amount The provider's payout, in OPEN.
    /// @param fee The protocol fee, in OPEN.
    event PaymentReleased(uint256 indexed jobId, uint256 indexed providerAgentId, uint256 amount, uint256 fee);
    /// @notice Emitted when rejected or refunded root job `jobId` credited `amount` back to `client`.
    /// @param jobId The job.
    /// @param client The client.
    /// @param amount The refund, in OPEN.
    event Refunded(uint256 indexed jobId, address indexed client, uint256 amount);
    /// @notice Emitted when rejected or refunded child job `jobId` returned `amount` to its parent's escrow.
    /// @param jobId The child job.
    /// @param parentId The parent job.
    /// @param amount What came back, in OPEN.
    event ReturnedToParent(uint256 indexed jobId, uint256 indexed parentId, uint256 amount);
    /// @notice Emitted when `account` withdrew its refunds, `amount`, to `to`.
    /// @param account The client.
    /// @param to The recipient.
    /// @param amount The amount, in OPEN.
    event Withdrawn(address indexed account, address indexed to, uint256 amount);
    /// @notice Emitted when `by` withdrew the earnings of `agentId`, `amount`, to `to`.
    /// @param agentId The agent.
    /// @param by Its wallet, owner or operator.
    /// @param to The recipient.
    /// @param amount The amount, in OPEN.
    event AgentEarningsWithdrawn(uint256 indexed agentId, address indexed by, address indexed to, uint256 amount);
    /// @notice Emitted when `amount` of accrued fees and slashed bonds was paid to the treasury.
    /// @param amount The amount, in OPEN.
    event TreasuryPaid(uint256 amount);
    /// @notice Emitted when `evaluator` bonded `amount` more.
    /// @param evaluator The evaluator.
    /// @param amount The amount, in OPEN.
    event EvaluatorBonded(address indexed evaluator, uint256 amount);
    /// @notice Emitted when `evaluator` started unbonding `amount`, withdrawable from `readyAt`. A new request adds to
    /// the pending amount and restarts the delay.
    /// @param evaluator The evaluator.
    /// @param amount The amount, in OPEN.
    /// @param readyAt When all of its pending amount may be withdrawn.
    event UnbondRequested(address indexed evaluator, uint256 amount, uint256 readyAt);
    /// @notice Emitted when `evaluator` withdrew its unbonded `amount` to `to`.
    /// @param evaluator The evaluator.
    /// @param to The recipient.
    /// @param amount The amount, in OPEN.
    event BondWithdrawn(address indexed evaluator, address indexed to, uint256 amount);
    /// @notice Emitted when governance slashed `amount` of `evaluator`'s bond to the treasury.
    /// @param evaluator The evaluator.
    /// @param amount The amount, in OPEN.
    event EvaluatorSlashed(address indexed evaluator, uint256 amount);
    /// @notice Emitted when governance set the protocol fee on completed jobs.
    /// @param feeBps The fee, in basis points of a job's payout.
    event FeeBpsSet(uint256 feeBps);
    /// @notice Emitted when governance set the evaluation window for later submissions.
    /// @param evaluationWindow The window, in seconds.
    event EvaluationWindowSet(uint256 evaluationWindow);
    /// @notice Emitted when governance set the longest duration of a new job.
    /// @param maxDuration The duration, in seconds.
    event MaxDurationSet(uint256 maxDuration);
    /// @notice Emitted when governance set the delay between an unbond request and its withdrawal.
    /// @param unbondDelay The delay, in seconds.
    event UnbondDelaySet(uint256 unbondDelay);
    /// @notice Emitted when governance set the least escrow of a job funded from then on.
    /// @param minJobValue The least job value, in OPEN.
    event MinJobValueSet(uint256 minJobValue);

    /// @notice How deep a child job may sit below its root (the root is at depth 0).
    /// @return The depth limit (4).
    function MAX_DEPTH() external view returns (uint256);
    /// @notice The most unfinished children a job may have at once.
    /// @return The limit.
    function MAX_LIVE_CHILDREN() external view returns (uint256);
    /// @notice The cap on the protocol fee.
    /// @return The cap, in basis points (1,000).
    function MAX_FEE_BPS() external view returns (uint256);
    /// @notice The cap on the least job value that governance may set.
    /// @return The cap, in OPEN (1,000,000 OPEN).
    function MAX_MIN_JOB_VALUE() external view returns (uint256);
    /// @notice The OPEN token, the agent registry, the budgets contract and the treasury.
    /// @return token The OPEN token.
    /// @return agents The agent registry.
    /// @return budgets The spending budgets.
    /// @return treasury Where fees and slashed bonds go.
    function dependencies() external view returns (address token, address agents, address budgets, address treasury);
    /// @notice The protocol fee on a completed job, in basis points of its payout.
    /// @return The fee, in basis points.
    function feeBps() external view returns (uint256);
    /// @notice How long an evaluator has, after a submission, to complete or reject before anyone may complete.
    /// @return The window, in seconds.
    function evaluationWindow() external view returns (uint256);
    /// @notice The longest a new root job may run (from creation to expiry).
    /// @return The duration, in seconds.
    function maxDuration() external view returns (uint256);
    /// @notice The delay between an evaluator's unbond request and its withdrawal.
    /// @return The delay, in seconds.
    function unbondDelay() external view returns (uint256);
    /// @notice The least escrow of a funded job, root or child (`fund`, `createAndFund`, `createAndFundFor`,
    /// `subcontract`): never zero, so that every job a client can rate cost it at least this much.
    /// @return The least job value, in OPEN.
    function minJobValue() external view returns (uint256);
    /// @notice How many jobs exist. Job ids run from 1 to this number.
    /// @return The number of jobs.
    function jobCount() external view returns (uint256);
    /// @notice The fees and slashed bonds accrued and not yet paid to the treasury.
    /// @return The amount, in OPEN.
    function treasuryAccrued() external view returns (uint256);
    /// @notice Job `jobId`. Reverts for an unknown job.
    /// @param jobId The job.
    /// @return The job.
    function job(uint256 jobId) external view returns (JobView memory);
    /// @notice The children of `jobId`, latest first. Reverts for an unknown job.
    /// @param jobId The job.
    /// @return ids The child jobs' ids.
    function children(uint256 jobId) external view returns (uint256[] memory ids);
    /// @notice The escrow of `jobId` not passed to children; zero once the job finished.
    /// @param jobId The job.
    /// @return The amount, in OPEN.
    function remaining(uint256 jobId) external view returns (uint256);
    /// @notice The refunds credited to `account` and not yet withdrawn.
    /// @param account The client.
    /// @return The amount, in OPEN.
    function claimable(address account) external view returns (uint256);
    /// @notice The earnings credited to `agentId` and not yet withdrawn.
    /// @param agentId The agent.
    /// @return The amount, in OPEN.
    function agentEarnings(uint256 agentId) external view returns (uint256);
    /// @notice The bond of `evaluator`.
    /// @param evaluator The evaluator.
    /// @return bonded What it has bonded.
    /// @return pending What it is unbonding.
    /// @return readyAt When the pending amount may be withdrawn.
    function evaluatorBond(address evaluator) external view returns (uint256 bonded, uint256 pending, uint256 readyAt);
    /// @notice What feedback on `jobId` needs, in one call: its client (for a child, its parent provider's current
    /// wallet), its provider agent, its status, its escrow and what its client paid. Reverts for an unknown job.
    /// @param jobId The job.
    /// @return client The client.
    /// @return providerAgentId The provider agent.
    /// @return status The status.
    /// @return escrow The escrow (zero for a job rejected or refunded before it was funded).
    /// @return paid What the client paid, in OPEN (zero until the job finished).
    function feedbackTerms(
        uint256 jobId
    ) external view returns (address client, uint256 providerAgentId, Status status, uint256 escrow, uint256 paid);
    /// @notice The latest root job of `client` with `providerAgentId` that was completed or rejected, and what the
    /// client paid for it; (0, 0) if none.
    /// @param client The client.
    /// @param providerAgentId The provider agent.
    /// @return jobId The job, or 0.
    /// @return paid What the client paid for it, in OPEN.
    function latestFinishedJob(
        address client,
        uint256 providerAgentId
    ) external view returns (uint256 jobId, uint256 paid);
    /// @notice Whether `client` has a completed or rejected root job with `providerAgentId`.
    /// @param client The client.
    /// @param providerAgentId The provider agent.
    /// @return Whether it has one.
    function hasFinishedWith(address client, uint256 providerAgentId) external view returns (bool);
    /// @notice The clients that have a completed or rejected root job with `providerAgentId`, latest listed first.
    /// O(clients).
    /// @param providerAgentId The provider agent.
    /// @return clients The clients.
    function clientsOf(uint256 providerAgentId) external view returns (address[] memory clients);

    /// @notice Creates an Open job of the caller (the client) for `providerAgentId`, which must be able to take jobs.
    /// @param providerAgentId The provider agent.
    /// @param evaluator Who completes or rejects the submission (may be the client).
    /// @param expiry When the job expires: after now, at most `maxDuration` from now.
    /// @param descriptionURI The job's description (emitted, not stored).
    /// @return jobId The new job's id.
    function createJob(
        uint256 providerAgentId,
        address evaluator,
        uint256 expiry,
        string calldata descriptionURI
    ) external returns (uint256 jobId);
    /// @notice Funds Open job `jobId` with `amount` from the caller, its client, before its expiry. The caller approves
    /// the escrow for the amount first.
    /// @param jobId The job.
    /// @param amount The escrow, in OPEN: at least `minJobValue`.
    function fund(uint256 jobId, uint256 amount) external;
    /// @notice `createJob` and `fund` in one call.
    /// @param providerAgentId The provider agent.
    /// @param evaluator The evaluator.
    /// @param expiry The expiry.
    /// @param descriptionURI The job's description.
    /// @param amount The escrow, in OPEN: at least `minJobValue`.
    /// @return jobId The new job's id.
    function createAndFund(
        uint256 providerAgentId,
        address evaluator,
        uint256 expiry,
        string calldata descriptionURI,
        uint256 amount
    ) external returns (uint256 jobId);
    /// @notice As `createAndFund`, for `principal`: the caller, an agent wallet, spends `amount` of the budget the
    /// principal gave it (IBudgetCharger.charge with model 0). The principal is the client; the caller the spender.
    /// Neither may act for the provider agent (SelfHire).
    /// @param principal The client, whose budget and OPEN pay.
    /// @param providerAgentId The provider agent.
    /// @param evaluator The evaluator.
    /// @param expiry The expiry.
    /// @param descriptionURI The job's description.
    /// @param amount The escrow, in OPEN: at least `minJobValue`.
    /// @return jobId The new job's id.
    function createAndFundFor(
        address principal,
        uint256 providerAgentId,
        address evaluator,
        uint256 expiry,
        string calldata descriptionURI,
        uint256 amount
    ) external returns (uint256 jobId);
    /// @notice Creates and funds a child of funded job `parentId` for `providerAgentId`, with `amount` of the parent's
    /// remaining escrow. Only the parent's provider (its wallet, owner or operator) may call, before the parent
    /// expires; the child expires no later than the parent and sits at most MAX_DEPTH below the root.
    /// @param parentId The parent job.
    /// @param providerAgentId The child's provider agent.
    /// @param evaluator The child's evaluator.
    /// @param amount The child's escrow, in OPEN: at least `minJobValue`.
    /// @param expiry The child's expiry: after now, at most the parent's.
    /// @param descriptionURI The child's description.
    /// @return childId The child job's id.
    function subcontract(
        uint256 parentId,
        uint256 providerAgentId,
        address evaluator,
        uint256 amount,
        uint256 expiry,
        string calldata descriptionURI
    ) external returns (uint256 childId);
    /// @notice Submits the deliverable of funded `jobId`, before its expiry and with no unfinished children. Only its
    /// provider (the agent's wallet, owner or operator) may call. Starts the evaluation window.
    /// @param jobId The job.
    /// @param deliverable A commitment to the deliverable (its hash).
    /// @param deliverableURI Where the deliverable is (emitted, not stored).
    function submit(uint256 jobId, bytes32 deliverable, string calldata deliverableURI) external;
    /// @notice Completes submitted `jobId`: by its evaluator at any time, or by anyone once the evaluation window has
    /// passed. Credits the provider agent with the remaining escrow less the fee, and the fee to the treasury.
    /// @param jobId The job.
    /// @param reason The evaluator's attestation (its hash), or zero.
    function complete(uint256 jobId, bytes32 reason) external;
    /// @notice Rejects `jobId`: by its client while Open, by its evaluator while Funded, or while Submitted until the
    /// evaluation window ends. The remaining escrow goes back to the client (a child's to its parent).
    /// @param jobId The job.
    /// @param reason The reason (its hash), or zero.
    function reject(uint256 jobId, bytes32 reason) external;
    /// @notice Refunds `jobId`, Open or Funded (never submitted), once it expired: the remaining escrow goes back to
    /// the client (a child's to its parent). Anyone may call.
    /// @param jobId The job.
    function refund(uint256 jobId) external;
    /// @notice Withdraws the caller's refunds to `to`.
    /// @param to The recipient.
    function withdraw(address to) external;
    /// @notice Withdraws the earnings of `agentId` to `to`. Only the agent's wallet, owner or operators may call.
    /// @param agentId The agent.
    /// @param to The recipient.
    function withdrawAgentEarnings(uint256 agentId, address to) external;
    /// @notice Pays the accrued fees and slashed bonds to the treasury. Anyone may call.
    function payTreasury() external;
    /// @notice Bonds `amount` more of the caller's OPEN as an evaluator.
    /// @param amount The amount, in OPEN.
    function bondAsEvaluator(uint256 amount) external;
    /// @notice Starts unbonding `amount` of the caller's bond; the pending amount is withdrawable after `unbondDelay`.
    /// @param amount The amount, in OPEN.
    function requestUnbond(uint256 amount) external;
    /// @notice Withdraws the caller's unbonded amount to `to`, once ready.
    /// @param to The recipient.
    function withdrawBond(address to) external;
    /// @notice Slashes `amount` of `evaluator`'s bond (bonded first, then pending) to the treasury. Governance only.
    /// @param evaluator The evaluator.
    /// @param amount The amount, in OPEN.
    function slashEvaluator(address evaluator, uint256 amount) external;
    /// @notice Sets the protocol fee on completed jobs, at most MAX_FEE_BPS. Governance only.
    /// @param newFeeBps The fee, in basis points.
    function setFeeBps(uint256 newFeeBps) external;
    /// @notice Sets the evaluation window for later submissions. Governance only.
    /// @param newEvaluationWindow The window, in seconds.
    function setEvaluationWindow(uint256 newEvaluationWindow) external;
    /// @notice Sets the longest duration of a new root job. Governance only.
    /// @param newMaxDuration The duration, in seconds.
    function setMaxDuration(uint256 newMaxDuration) external;
    /// @notice Sets the delay between an unbond request and its withdrawal. Governance only.
    /// @param newUnbondDelay The delay, in seconds.
    function setUnbondDelay(uint256 newUnbondDelay) external;
    /// @notice Sets the least escrow of a job funded from then on: at least 1 wei, at most MAX_MIN_JOB_VALUE. Jobs
    /// already funded keep their escrow. Governance only.
    /// @param newMinJobValue The least job value, in OPEN.
    function setMinJobValue(uint256 newMinJobValue) external;
}
