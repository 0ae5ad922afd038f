// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { PermitLib } from "../libraries/PermitLib.sol";

/// @title IStakedOpen (gOPEN)
/// @notice Stake OPEN 1:1 for gOPEN: a non-transferable ERC-20 with delegated voting power (ERC-5805) on a timestamp
/// clock (ERC-6372). Stakers earn OPEN rewards through a reward-per-token accumulator fed by anyone (in practice the
/// settlement contract's stakers share). Rewards are not spread at once: they stream over `rewardsDuration` seconds,
/// at a constant rate, so that what a staker earns is proportional to its stake times the time it staked, and a stake
/// made just before a push earns almost nothing. Rewards added while a stream runs wait in the queue and become the
/// next stream when it ends, so that no push can stretch or delay a running stream; rewards added with no stream
/// running start one at once. While less than MIN_DISTRIBUTION_SUPPLY is staked, the stream is paused (its end moves
/// by the idle time): no reward is lost, and a dust stake into an empty pool takes nothing at once. Leaving is `requestWithdrawal` (gOPEN is burnt at once, so voting power ends
/// at the request), then `withdraw` after the cooldown that governance sets. Every operation is O(1).
interface IStakedOpen {
    /// @notice Thrown when an amount of zero is given where a positive amount is needed.
    error ZeroAmount();
    /// @notice Thrown on any transfer of gOPEN between two accounts: gOPEN only moves by staking and leaving.
    error TransfersDisabled();
    /// @notice Thrown when `account` withdraws with no withdrawal requested.
    /// @param account The account.
    error NoPendingWithdrawal(address account);
    /// @notice Thrown when `account` withdraws before `readyAt` (now is `nowTime`).
    /// @param account The account.
    /// @param readyAt When its withdrawal becomes withdrawable.
    /// @param nowTime The block timestamp.
    error WithdrawalNotReady(address account, uint256 readyAt, uint256 nowTime);
    /// @notice Thrown when `account` claims rewards and has none.
    /// @param account The account.
    error NoRewards(address account);
    /// @notice Thrown when governance sets a cooldown above `maxCooldown`.
    /// @param cooldown The cooldown asked for, in seconds.
    /// @param maxCooldown MAX_COOLDOWN, in seconds.
    error CooldownTooLong(uint256 cooldown, uint256 maxCooldown);
    /// @notice Thrown when a rewards duration outside [`minDuration`, `maxDuration`] (one hour, 90 days) is set.
    /// @param duration The duration asked for, in seconds.
    /// @param minDuration The shortest allowed, in seconds.
    /// @param maxDuration The longest allowed, in seconds.
    error RewardsDurationOutOfBounds(uint256 duration, uint256 minDuration, uint256 maxDuration);

    /// @notice Emitted when `account` staked `amount` OPEN and received as much gOPEN.
    /// @param account The staker.
    /// @param amount The amount, in OPEN.
    event Staked(address indexed account, uint256 amount);
    /// @notice Emitted when `account` burnt `amount` gOPEN; `totalPending` OPEN is withdrawable at `readyAt`.
    /// @param account The staker.
    /// @param amount The gOPEN burnt.
    /// @param totalPending Its whole pending withdrawal, in OPEN.
    /// @param readyAt When it becomes withdrawable.
    event WithdrawalRequested(address indexed account, uint256 amount, uint256 totalPending, uint256 readyAt);
    /// @notice Emitted when `account` withdrew `amount` OPEN after its cooldown.
    /// @param account The staker.
    /// @param amount The amount, in OPEN.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice Emitted when `from` added `amount` OPEN of rewards for the stakers: queued if a stream is running,
    /// otherwise the start of a new stream (with RewardStreamStarted).
    /// @param from Who added the rewards.
    /// @param amount The amount, in OPEN.
    event RewardsAdded(address indexed from, uint256 amount);
    /// @notice Emitted when a stream of `rate` OPEN units per second started at `start`, to end at `finish` (later if
    /// the stake falls below MIN_DISTRIBUTION_SUPPLY meanwhile). A stream taken from the queue when the previous one
    /// ended starts at that end, and is emitted by the first call that brings the stream up to date.
    /// @param rate The rate, in OPEN units per second.
    /// @param start When the stream started.
    /// @param finish When the stream is due to end.
    event RewardStreamStarted(uint256 rate, uint256 start, uint256 finish);
    /// @notice Emitted when `account` was paid `amount` OPEN of rewards.
    /// @param account The staker.
    /// @param amount The amount, in OPEN.
    event RewardsClaimed(address indexed account, uint256 amount);
    /// @notice Emitted when governance set the withdrawal cooldown.
    /// @param cooldown The new cooldown, in seconds.
    event CooldownSet(uint256 cooldown);
    /// @notice Emitted when governance set the period over which each new stream of rewards is paid out, in seconds.
    /// @param duration The new duration, in seconds.
    event RewardsDurationSet(uint256 duration);

    /// @notice The longest cooldown governance may set.
    /// @return The longest cooldown, in seconds (90 days).
    function MAX_COOLDOWN() external view returns (uint256);
    /// @notice Below this much gOPEN in supply, nothing streams: the running stream is paused, and its end moves by
    /// the idle time, so that a dust stake cannot capture the rewards.
    /// @return The threshold, in gOPEN units (1e18: one gOPEN).
    function MIN_DISTRIBUTION_SUPPLY() external view returns (uint256);

    /// @notice The OPEN token staked here.
    /// @return The OPEN token's address.
    function asset() external view returns (address);
    /// @notice The withdrawal cooldown, in seconds.
    /// @return The cooldown, in seconds.
    function cooldown() external view returns (uint256);
    /// @notice The period over which each new stream of rewards is paid out, in seconds. A change applies to the
    /// streams that start after it; the running one keeps its rate and end.
    /// @return The duration, in seconds.
    function rewardsDuration() external view returns (uint256);
    /// @notice The accumulated OPEN reward per gOPEN, scaled by 1e18, as of now (with what streamed since the last
    /// update).
    /// @return The reward per token now.
    function rewardPerToken() external view returns (uint256);
    /// @notice The rate of the stream running now, in OPEN units per second (0 when none runs). It is spread over the
    /// supply, each second, while the supply is at least MIN_DISTRIBUTION_SUPPLY.
    /// @return The rate now.
    function rewardRate() external view returns (uint256);
    /// @notice When the current (or last) stream ends, as a timestamp. While paused below MIN_DISTRIBUTION_SUPPLY, the
    /// end includes the idle time so far.
    /// @return The end of the stream.
    function periodFinish() external view returns (uint256);
    /// @notice Rewards added and not yet streaming, as of now: what was added while a stream runs (it becomes the next
    /// stream when that one ends), and the remainder below one unit per second of the period, which waits for the
    /// next stream.
    /// @return The queued rewards.
    function queuedRewards() external view returns (uint256);
    /// @notice Every reward added and not yet claimed: queued, still to stream, streamed but unclaimed, and the
    /// rounding carry.
    /// @return The reserve, in OPEN.
    function rewardsReserve() external view returns (uint256);
    /// @notice OPEN requested for withdrawal by everyone and not yet withdrawn.
    /// @return The total, in OPEN.
    function totalPendingWithdrawals() external view returns (uint256);
    /// @notice The rewards `account` can claim now, what streamed to it up to this second included.
    /// @param account The staker.
    /// @return The claimable rewards, in OPEN.
    function earned(address account) external view returns (uint256);
    /// @notice The OPEN `account` has requested to withdraw, and when it is withdrawable.
    /// @param account The staker.
    /// @return amount The amount pending, in OPEN (0 if none).
    /// @return readyAt When it becomes withdrawable.
    function pendingWithdrawal(address account) external view returns (uint256 amount, uint256 readyAt);

    /// @notice Stakes `amount` OPEN from the caller (who has approved it) and mints as much gOPEN to the caller.
    /// @param amount The amount, in OPEN.
    function stake(uint256 amount) external;
    /// @notice As `stake`, approving with an EIP-2612 permit in the same call.
    /// @param amount The amount, in OPEN.
    /// @param permit The caller's EIP-2612 permit of `amount` to this contract.
    function stakeWithPermit(uint256 amount, PermitLib.Permit calldata permit) external;
    /// @notice Burns `amount` of the caller's gOPEN and starts (or restarts) the cooldown of the caller's withdrawal.
    /// @param amount The gOPEN to burn, returned as OPEN after the cooldown.
    function requestWithdrawal(uint256 amount) external;
    /// @notice Pays the caller its whole pending withdrawal once the cooldown is over.
    function withdraw() external;
    /// @notice Pays the caller its rewards.
    function claimRewards() external;
    /// @notice Adds `amount` OPEN of rewards from the caller (who has approved it). With no stream running, they
    /// start one at once, over `rewardsDuration` (with what was queued); while a stream runs, they are queued and
    /// become the next stream when it ends. Either way, each staker earns them second by second, pro rata.
    /// @param amount The amount, in OPEN.
    function addRewards(uint256 amount) external;
    /// @notice Sets the withdrawal cooldown. Governance only.
    /// @param newCooldown The cooldown, in seconds, at most MAX_COOLDOWN.
    function setCooldown(uint256 newCooldown) external;
    /// @notice Sets the period over which each new stream of rewards is paid out, from one hour to 90 days (the
    /// bounds are in RewardsDurationOutOfBounds). Governance only.
    /// @param newDuration The period, in seconds.
    function setRewardsDuration(uint256 newDuration) external;
}
