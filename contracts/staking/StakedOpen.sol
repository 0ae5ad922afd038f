// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { ERC20Votes } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { EIP712 } from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import { Time } from "@openzeppelin/contracts/utils/types/Time.sol";
import { IStakedOpen } from "../interfaces/IStakedOpen.sol";
import { PermitLib } from "../libraries/PermitLib.sol";

/// @title gOPEN
/// @notice Staked OPEN with votes and rewards. See IStakedOpen.
contract StakedOpen is ERC20, EIP712, ERC20Votes, AccessManaged, IStakedOpen {
    using SafeERC20 for IERC20;

    /// @dev An account's stake and the reward-per-token last applied to it, in one slot: staking writes one new slot.
    struct Account {
        uint96 balance;
        uint128 rewardPerTokenPaid;
    }

    /// @dev What the account is owed, in one slot: earned rewards and a requested withdrawal with its date.
    struct Owed {
        uint96 rewards;
        uint96 withdrawal;
        uint48 readyAt;
    }

    uint256 private constant PRECISION = 1e18;

    /// @inheritdoc IStakedOpen
    uint256 public constant MAX_COOLDOWN = 90 days;
    /// @inheritdoc IStakedOpen
    uint256 public constant MIN_DISTRIBUTION_SUPPLY = 1e18;

    IERC20 private immutable _open;

    // Hot slot: read by every stake and reward update.
    uint128 private _rewardPerToken;
    uint128 private _queuedRewards;
    // Supply, pending withdrawals, and when the supply last changed, in one slot: a stake or a withdrawal request
    // writes them together. OPEN's supply fits in 96 bits.
    uint96 private _totalSupply;
    uint96 private _totalPendingWithdrawals;
    uint48 private _supplyChangedAt;
    // The remainder of the last reward division, in PRECISION units, so that no unit is ever lost to rounding.
    uint128 private _rewardCarry;
    uint48 private _cooldown;
    uint256 private _rewardsReserve;

    mapping(address account => Account) private _accounts;
    mapping(address account => Owed) private _owed;

    constructor(
        IERC20 open,
        address authority,
        uint48 initialCooldown
    ) ERC20("Governance OPEN", "gOPEN") EIP712("Governance OPEN", "1") AccessManaged(authority) {
        if (initialCooldown > MAX_COOLDOWN) revert CooldownTooLong(initialCooldown, MAX_COOLDOWN);
        _open = open;
        _cooldown = initialCooldown;
        emit CooldownSet(initialCooldown);
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IStakedOpen
    function asset() external view returns (address) {
        return address(_open);
    }

    /// @inheritdoc IStakedOpen
    function cooldown() external view returns (uint256) {
        return _cooldown;
    }

    /// @inheritdoc IStakedOpen
    function rewardPerToken() external view returns (uint256) {
        return _rewardPerToken;
    }

    /// @inheritdoc IStakedOpen
    function queuedRewards() external view returns (uint256) {
        return _queuedRewards;
    }

    /// @inheritdoc IStakedOpen
    function rewardsReserve() external view returns (uint256) {
        return _rewardsReserve;
    }

    /// @inheritdoc IStakedOpen
    function totalPendingWithdrawals() external view returns (uint256) {
        return _totalPendingWithdrawals;
    }

    /// @inheritdoc IStakedOpen
    function earned(address account) public view returns (uint256) {
        Account memory acct = _accounts[account];
        return _owed[account].rewards + _accrual(acct, _rewardPerToken);
    }

    /// @inheritdoc IStakedOpen
    function pendingWithdrawal(address account) external view returns (uint256 amount, uint256 readyAt) {
        Owed memory o = _owed[account];
        return (o.withdrawal, o.readyAt);
    }

    /// @notice The gOPEN balance of `account`: the OPEN it has staked and not requested back.
    function balanceOf(address account) public view override returns (uint256) {
        return _accounts[account].balance;
    }

    /// @notice All gOPEN: the OPEN staked and not requested back.
    function totalSupply() public view override returns (uint256) {
        return _totalSupply;
    }

    /// @notice The supply at `timepoint` (ERC-5805). A timepoint at or after the last change of the supply is answered
    /// from the current supply in one read; older ones search the checkpoints. Governance asks for recent timepoints
    /// (proposal snapshots) on every quorum check, so this is its common case.
    function getPastTotalSupply(uint256 timepoint) public view override returns (uint256) {
        if (timepoint >= _supplyChangedAt && timepoint < clock()) return _totalSupply;
        return super.getPastTotalSupply(timepoint);
    }

    /// @notice The clock is the block timestamp (ERC-6372).
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @notice Machine-readable description of the clock (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    // ─── External state-changing ─────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IStakedOpen
    function stake(uint256 amount) external {
        _stake(msg.sender, amount);
    }

    /// @inheritdoc IStakedOpen
    function stakeWithPermit(uint256 amount, PermitLib.Permit calldata permit) external {
        PermitLib.usePermit(_open, msg.sender, address(this), amount, permit);
        _stake(msg.sender, amount);
    }

    /// @inheritdoc IStakedOpen
    function requestWithdrawal(uint256 amount) external {
        // Check: a zero request would only restart the cooldown. The burn checks the balance.
        if (amount == 0) revert ZeroAmount();

        // Effect: the burn settles rewards on the old balance and ends the voting power of `amount`.
        _burn(msg.sender, amount);
        Owed storage o = _owed[msg.sender];
        uint256 total = o.withdrawal + amount;
        uint48 readyAt = Time.timestamp() + _cooldown;
        // Both fit in 96 bits: they are bounded by the OPEN staked.
        o.withdrawal = uint96(total);
        o.readyAt = readyAt;
        _totalPendingWithdrawals += uint96(amount);
        emit WithdrawalRequested(msg.sender, amount, total, readyAt);
    }

    /// @inheritdoc IStakedOpen
    function withdraw() external {
        Owed storage o = _owed[msg.sender];
        uint256 amount = o.withdrawal;
        // Check:
        if (amount == 0) revert NoPendingWithdrawal(msg.sender);
        if (block.timestamp < o.readyAt) revert WithdrawalNotReady(msg.sender, o.readyAt, block.timestamp);

        // Effect:
        o.withdrawal = 0;
        o.readyAt = 0;
        _totalPendingWithdrawals -= uint96(amount);
        emit Withdrawn(msg.sender, amount);

        // Interaction:
        _open.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStakedOpen
    function claimRewards() external {
        Account memory acct = _accounts[msg.sender];
        uint128 current = _rewardPerToken;
        uint256 amount = _owed[msg.sender].rewards + _accrual(acct, current);
        // Check:
        if (amount == 0) revert NoRewards(msg.sender);

        // Effect:
        if (acct.rewardPerTokenPaid != current) _accounts[msg.sender].rewardPerTokenPaid = current;
        _owed[msg.sender].rewards = 0;
        _rewardsReserve -= amount;
        emit RewardsClaimed(msg.sender, amount);

        // Interaction:
        _open.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStakedOpen
    function addRewards(uint256 amount) external {
        // Check:
        if (amount == 0) revert ZeroAmount();

        // Effect:
        _rewardsReserve += amount;
        // Bounded by OPEN's supply, which fits in 128 bits.
        _queuedRewards += uint128(amount);
        emit RewardsAdded(msg.sender, amount);
        _distributeQueued();

        // Interaction:
        _open.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStakedOpen
    function setCooldown(uint256 newCooldown) external restricted {
        if (newCooldown > MAX_COOLDOWN) revert CooldownTooLong(newCooldown, MAX_COOLDOWN);
        _cooldown = uint48(newCooldown);
        emit CooldownSet(newCooldown);
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    function _stake(address account, uint256 amount) internal {
        // Check:
        if (amount == 0) revert ZeroAmount();

        // Effect: the mint settles rewards on the old balance; queued rewards wait for this stake to count.
        _mint(account, amount);
        emit Staked(account, amount);
        _distributeQueued();

        // Interaction:
        _open.safeTransferFrom(account, address(this), amount);
    }

    /// @dev gOPEN moves only by mint (stake) and burn (withdrawal request). This replaces ERC20's balance storage so
    /// that an account's balance shares a slot with its reward snapshot; ERC20Votes' voting units follow as usual.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        if (from != address(0) && to != address(0)) revert TransfersDisabled();
        uint128 current = _rewardPerToken;
        if (from == address(0)) {
            Account memory acct = _settle(to, current);
            // The supply, and so every balance, is bounded by OPEN's supply, which fits in 96 bits.
            acct.balance += uint96(value);
            _accounts[to] = acct;
            _totalSupply += uint96(value);
            _supplyChangedAt = Time.timestamp();
        } else {
            Account memory acct = _settle(from, current);
            if (acct.balance < value) revert ERC20InsufficientBalance(from, acct.balance, value);
            acct.balance -= uint96(value);
            _accounts[from] = acct;
            _totalSupply -= uint96(value);
            _supplyChangedAt = Time.timestamp();
        }
        emit Transfer(from, to, value);
        _transferVotingUnits(from, to, value);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev What `acct`'s balance earned since its snapshot, at reward-per-token `current`.
    function _accrual(Account memory acct, uint128 current) private pure returns (uint256) {
        return (uint256(acct.balance) * (current - acct.rewardPerTokenPaid)) / PRECISION;
    }

    /// @dev Moves what `account` earned into its owed rewards and snapshots `current`; the caller stores the account.
    function _settle(address account, uint128 current) private returns (Account memory acct) {
        acct = _accounts[account];
        uint256 earnedNow = _accrual(acct, current);
        // Rewards are bounded by OPEN's supply, which fits in 96 bits.
        if (earnedNow != 0) _owed[account].rewards += uint96(earnedNow);
        acct.rewardPerTokenPaid = current;
    }

    /// @dev Spreads the queue over the supply, carrying the division's remainder so that the sum of everything ever
    /// earned never exceeds what was added. Below MIN_DISTRIBUTION_SUPPLY the queue waits.
    function _distributeQueued() private {
        uint256 queued = _queuedRewards;
        uint256 supply = totalSupply();
        if (queued == 0 || supply < MIN_DISTRIBUTION_SUPPLY) return;
        uint256 scaled = queued * PRECISION + _rewardCarry;
        // Over any realistic history the accumulator stays far below 2^128: each unit of reward adds at most 1 to it.
        uint128 newRewardPerToken = _rewardPerToken + uint128(scaled / supply);
        _rewardPerToken = newRewardPerToken;
        _queuedRewards = 0;
        // The carry is below `supply`, which is at most OPEN's total supply: it fits in 128 bits.
        _rewardCarry = uint128(scaled % supply);
        emit RewardsDistributed(queued, newRewardPerToken);
    }
}
