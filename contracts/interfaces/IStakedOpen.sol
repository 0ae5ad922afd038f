// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { PermitLib } from "../libraries/PermitLib.sol";

/// @title IStakedOpen (gOPEN)
/// @notice Stake OPEN 1:1 for gOPEN: a non-transferable ERC-20 with delegated voting power (ERC-5805) on a timestamp
/// clock (ERC-6372). Stakers earn OPEN rewards through a reward-per-token accumulator fed by anyone (in practice the
/// settlement contract's stakers share). Leaving is `requestWithdrawal` (gOPEN is burnt at once, so voting power ends
/// at the request), then `withdraw` after the cooldown that governance sets. Every operation is O(1).
interface IStakedOpen {
    /// @notice Thrown when an amount of zero is given where a positive amount is needed.
    error ZeroAmount();
    /// @notice Thrown on any transfer of gOPEN between two accounts: gOPEN only moves by staking and leaving.
    error TransfersDisabled();
    /// @notice Thrown when `account` withdraws with no withdrawal requested.
    error NoPendingWithdrawal(address account);
    /// @notice Thrown when `account` withdraws before `readyAt` (now is `nowTime`).
    error WithdrawalNotReady(address account, uint256 readyAt, uint256 nowTime);
    /// @notice Thrown when `account` claims rewards and has none.
    error NoRewards(address account);
    /// @notice Thrown when governance sets a cooldown above `maxCooldown`.
    error CooldownTooLong(uint256 cooldown, uint256 maxCooldown);

    /// @notice Emitted when `account` staked `amount` OPEN and received as much gOPEN.
    event Staked(address indexed account, uint256 amount);
    /// @notice Emitted when `account` burnt `amount` gOPEN; `totalPending` OPEN is withdrawable at `readyAt`.
    event WithdrawalRequested(address indexed account, uint256 amount, uint256 totalPending, uint256 readyAt);
    /// @notice Emitted when `account` withdrew `amount` OPEN after its cooldown.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice Emitted when `from` added `amount` OPEN of rewards for the stakers.
    event RewardsAdded(address indexed from, uint256 amount);
    /// @notice Emitted when queued rewards were spread over the stake: the reward per token rose to `rewardPerToken`.
    event RewardsDistributed(uint256 amount, uint256 rewardPerToken);
    /// @notice Emitted when `account` was paid `amount` OPEN of rewards.
    event RewardsClaimed(address indexed account, uint256 amount);
    /// @notice Emitted when governance set the withdrawal cooldown.
    event CooldownSet(uint256 cooldown);

    /// @notice The longest cooldown governance may set.
    function MAX_COOLDOWN() external view returns (uint256);
    /// @notice Below this much gOPEN in supply, rewards wait in the queue, so that a dust stake cannot capture them.
    function MIN_DISTRIBUTION_SUPPLY() external view returns (uint256);

    /// @notice The OPEN token staked here.
    function asset() external view returns (address);
    /// @notice The withdrawal cooldown, in seconds.
    function cooldown() external view returns (uint256);
    /// @notice The accumulated OPEN reward per gOPEN, scaled by 1e18.
    function rewardPerToken() external view returns (uint256);
    /// @notice Rewards added and not yet spread over the stake (they wait for stake to exist).
    function queuedRewards() external view returns (uint256);
    /// @notice Every reward added and not yet claimed: queued, spread but unclaimed, and rounding carry.
    function rewardsReserve() external view returns (uint256);
    /// @notice OPEN requested for withdrawal by everyone and not yet withdrawn.
    function totalPendingWithdrawals() external view returns (uint256);
    /// @notice The rewards `account` can claim now.
    function earned(address account) external view returns (uint256);
    /// @notice The OPEN `account` has requested to withdraw, and when it is withdrawable.
    function pendingWithdrawal(address account) external view returns (uint256 amount, uint256 readyAt);

    /// @notice Stakes `amount` OPEN from the caller (who has approved it) and mints as much gOPEN to the caller.
    function stake(uint256 amount) external;
    /// @notice As `stake`, approving with an EIP-2612 permit in the same call.
    function stakeWithPermit(uint256 amount, PermitLib.Permit calldata permit) external;
    /// @notice Burns `amount` of the caller's gOPEN and starts (or restarts) the cooldown of the caller's withdrawal.
    function requestWithdrawal(uint256 amount) external;
    /// @notice Pays the caller its whole pending withdrawal once the cooldown is over.
    function withdraw() external;
    /// @notice Pays the caller its rewards.
    function claimRewards() external;
    /// @notice Adds `amount` OPEN of rewards from the caller (who has approved it), spread over the current stake.
    function addRewards(uint256 amount) external;
    /// @notice Sets the withdrawal cooldown. Governance only.
    function setCooldown(uint256 newCooldown) external;
}
