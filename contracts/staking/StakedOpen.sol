// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { ERC20Votes } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { EIP712 } from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import { SafeCast } from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import { Time } from "@openzeppelin/contracts/utils/types/Time.sol";
import { IStakedOpen } from "../interfaces/IStakedOpen.sol";
import { PermitLib } from "../libraries/PermitLib.sol";

/// @title gOPEN
/// @notice Staked OPEN with votes and rewards. See IStakedOpen.
contract StakedOpen is ERC20, EIP712, ERC20Votes, AccessManaged, IStakedOpen {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @dev A staker's reward position, in one slot: the accumulator value last applied, and what it has earned.
    struct Position {
        uint128 rewardPerTokenPaid;
        uint128 rewards;
    }

    /// @dev A requested withdrawal: the OPEN owed and when it becomes withdrawable.
    struct Withdrawal {
        uint128 amount;
        uint48 readyAt;
    }

    uint256 private constant PRECISION = 1e18;

    /// @inheritdoc IStakedOpen
    uint256 public constant MAX_COOLDOWN = 90 days;
    /// @inheritdoc IStakedOpen
    uint256 public constant MIN_DISTRIBUTION_SUPPLY = 1e18;

    IERC20 private immutable _open;

    // Hot slot: read by every stake and reward claim.
    uint128 private _rewardPerToken;
    uint128 private _queuedRewards;
    // The remainder of the last reward division, in PRECISION units, so that no unit is ever lost to rounding.
    uint128 private _rewardCarry;
    uint48 private _cooldown;

    uint256 private _rewardsReserve;
    uint256 private _totalPendingWithdrawals;

    mapping(address account => Position) private _positions;
    mapping(address account => Withdrawal) private _withdrawals;

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
        Position memory p = _positions[account];
        return p.rewards + (balanceOf(account) * (_rewardPerToken - p.rewardPerTokenPaid)) / PRECISION;
    }

    /// @inheritdoc IStakedOpen
    function pendingWithdrawal(address account) external view returns (uint256 amount, uint256 readyAt) {
        Withdrawal memory w = _withdrawals[account];
        return (w.amount, w.readyAt);
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
        // Check: a zero request would only restart the cooldown. _burn checks the balance.
        if (amount == 0) revert ZeroAmount();

        // Effect: settle rewards on the old balance, then burn: voting power ends here.
        _updatePosition(msg.sender);
        _burn(msg.sender, amount);
        Withdrawal storage w = _withdrawals[msg.sender];
        uint256 total = w.amount + amount;
        uint48 readyAt = Time.timestamp() + _cooldown;
        w.amount = total.toUint128();
        w.readyAt = readyAt;
        _totalPendingWithdrawals += amount;
        emit WithdrawalRequested(msg.sender, amount, total, readyAt);
    }

    /// @inheritdoc IStakedOpen
    function withdraw() external {
        Withdrawal memory w = _withdrawals[msg.sender];
        // Check:
        if (w.amount == 0) revert NoPendingWithdrawal(msg.sender);
        if (block.timestamp < w.readyAt) revert WithdrawalNotReady(msg.sender, w.readyAt, block.timestamp);

        // Effect:
        delete _withdrawals[msg.sender];
        _totalPendingWithdrawals -= w.amount;
        emit Withdrawn(msg.sender, w.amount);

        // Interaction:
        _open.safeTransfer(msg.sender, w.amount);
    }

    /// @inheritdoc IStakedOpen
    function claimRewards() external {
        _updatePosition(msg.sender);
        uint256 amount = _positions[msg.sender].rewards;
        // Check:
        if (amount == 0) revert NoRewards(msg.sender);

        // Effect:
        _positions[msg.sender].rewards = 0;
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
        _queuedRewards += amount.toUint128();
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

        // Effect: rewards so far are settled on the old balance; queued rewards wait for this stake to count.
        _updatePosition(account);
        _mint(account, amount);
        emit Staked(account, amount);
        _distributeQueued();

        // Interaction:
        _open.safeTransferFrom(account, address(this), amount);
    }

    /// @dev Only mints and burns move gOPEN; voting units follow through ERC20Votes.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        if (from != address(0) && to != address(0)) revert TransfersDisabled();
        super._update(from, to, value);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Credits `account` with what its balance earned since its last update.
    function _updatePosition(address account) private {
        uint128 current = _rewardPerToken;
        Position memory p = _positions[account];
        if (p.rewardPerTokenPaid == current) return;
        p.rewards += ((balanceOf(account) * (current - p.rewardPerTokenPaid)) / PRECISION).toUint128();
        p.rewardPerTokenPaid = current;
        _positions[account] = p;
    }

    /// @dev Spreads the queue over the supply, carrying the division's remainder so that the sum of everything ever
    /// earned never exceeds what was added. Below MIN_DISTRIBUTION_SUPPLY the queue waits.
    function _distributeQueued() private {
        uint256 queued = _queuedRewards;
        uint256 supply = totalSupply();
        if (queued == 0 || supply < MIN_DISTRIBUTION_SUPPLY) return;
        uint256 scaled = queued * PRECISION + _rewardCarry;
        uint128 newRewardPerToken = _rewardPerToken + (scaled / supply).toUint128();
        _rewardPerToken = newRewardPerToken;
        _queuedRewards = 0;
        // The carry is below `supply`, which is at most OPEN's total supply: it fits in 128 bits.
        _rewardCarry = uint128(scaled % supply);
        emit RewardsDistributed(queued, newRewardPerToken);
    }
}
