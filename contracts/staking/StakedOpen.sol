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
/// @notice Staked OPEN with votes and rewards streamed over time. See IStakedOpen.
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

    /// @dev The hot slot, read by every stake, withdrawal request and claim. `rate` is in OPEN units per second: the
    /// largest stream (OPEN's whole supply, below 2^90, over at least one hour, above 2^11) fits in 80
    /// bits. The reward per token grows by at most one per unit streamed (the supply is at least 1e18 when it grows),
    /// so 112 bits hold 5 million times OPEN's supply streamed. Timestamps fit in 32 bits until 2106.
    struct Stream {
        uint112 rewardPerToken;
        uint80 rate;
        uint32 lastUpdate;
        uint32 finish;
    }

    /// @dev The supply, the remainder of the last reward division, and when the supply last changed, in one slot: a
    /// stake or a withdrawal request writes them together. The carry is below the supply, so both fit in 96 bits.
    struct Supply {
        uint96 total;
        uint96 carry;
        uint48 changedAt;
    }

    /// @dev Rewards waiting for the next stream, the OPEN requested back, and the two governance periods.
    struct Queue {
        uint96 queued;
        uint96 pendingWithdrawals;
        uint32 cooldown;
        uint32 rewardsDuration;
    }

    uint256 private constant PRECISION = 1e18;

    /// @inheritdoc IStakedOpen
    uint256 public constant MAX_COOLDOWN = 90 days;
    /// @inheritdoc IStakedOpen
    uint256 public constant MIN_DISTRIBUTION_SUPPLY = 1e18;
    // The bounds of the rewards duration. Not public: two more getters would lengthen the selector dispatch of every
    // call (delegate's gas budget has no slack); RewardsDurationOutOfBounds carries them.
    uint256 private constant MIN_REWARDS_DURATION = 1 hours;
    uint256 private constant MAX_REWARDS_DURATION = 90 days;

    IERC20 private immutable _open;

    Stream private _stream;
    Supply private _supply;
    Queue private _queue;
    // Every reward added and not yet claimed: queued, streaming, streamed but unclaimed, and the carry.
    uint256 private _rewardsReserve;

    mapping(address account => Account) private _accounts;
    mapping(address account => Owed) private _owed;

    constructor(
        IERC20 open,
        address authority,
        uint48 initialCooldown,
        uint32 initialRewardsDuration
    ) ERC20("Governance OPEN", "gOPEN") EIP712("Governance OPEN", "1") AccessManaged(authority) {
        if (initialCooldown > MAX_COOLDOWN) revert CooldownTooLong(initialCooldown, MAX_COOLDOWN);
        _checkRewardsDuration(initialRewardsDuration);
        _open = open;
        _queue.cooldown = uint32(initialCooldown);
        _queue.rewardsDuration = initialRewardsDuration;
        emit CooldownSet(initialCooldown);
        emit RewardsDurationSet(initialRewardsDuration);
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IStakedOpen
    function asset() external view returns (address) {
        return address(_open);
    }

    /// @inheritdoc IStakedOpen
    function cooldown() external view returns (uint256) {
        return _queue.cooldown;
    }

    /// @inheritdoc IStakedOpen
    function rewardsDuration() external view returns (uint256) {
        return _queue.rewardsDuration;
    }

    /// @inheritdoc IStakedOpen
    function rewardPerToken() external view returns (uint256) {
        (Stream memory s, , ) = _streamNow();
        return s.rewardPerToken;
    }

    /// @inheritdoc IStakedOpen
    function rewardRate() external view returns (uint256) {
        (Stream memory s, , ) = _streamNow();
        return block.timestamp < s.finish ? s.rate : 0;
    }

    /// @inheritdoc IStakedOpen
    function periodFinish() external view returns (uint256) {
        (Stream memory s, , ) = _streamNow();
        return s.finish;
    }

    /// @inheritdoc IStakedOpen
    function queuedRewards() external view returns (uint256) {
        (, uint256 queued, bool started) = _streamNow();
        return started ? queued : _queue.queued;
    }

    /// @inheritdoc IStakedOpen
    function rewardsReserve() external view returns (uint256) {
        return _rewardsReserve;
    }

    /// @inheritdoc IStakedOpen
    function totalPendingWithdrawals() external view returns (uint256) {
        return _queue.pendingWithdrawals;
    }

    /// @inheritdoc IStakedOpen
    function earned(address account) public view returns (uint256) {
        (Stream memory s, , ) = _streamNow();
        return _owed[account].rewards + _accrual(_accounts[account], s.rewardPerToken);
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
        return _supply.total;
    }

    /// @notice The supply at `timepoint` (ERC-5805). A timepoint at or after the last change of the supply is answered
    /// from the current supply in one read; older ones search the checkpoints. Governance asks for recent timepoints
    /// (proposal snapshots) on every quorum check, so this is its common case.
    function getPastTotalSupply(uint256 timepoint) public view override returns (uint256) {
        Supply memory sup = _supply;
        if (timepoint >= sup.changedAt && timepoint < clock()) return sup.total;
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
        Queue memory q = _queue;
        uint256 total = o.withdrawal + amount;
        uint48 readyAt = Time.timestamp() + q.cooldown;
        // Both fit in 96 bits: they are bounded by the OPEN staked.
        o.withdrawal = uint96(total);
        o.readyAt = readyAt;
        q.pendingWithdrawals += uint96(amount);
        _queue = q;
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
        _queue.pendingWithdrawals -= uint96(amount);
        emit Withdrawn(msg.sender, amount);

        // Interaction:
        _open.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStakedOpen
    function claimRewards() external {
        // The reward per token as of now, computed without writing the stream: it is exactly what the next update
        // will store (the same division with the same carry), so this account's snapshot never runs ahead of it.
        (Stream memory s, , ) = _streamNow();
        Account memory acct = _accounts[msg.sender];
        uint256 amount = _owed[msg.sender].rewards + _accrual(acct, s.rewardPerToken);
        // Check:
        if (amount == 0) revert NoRewards(msg.sender);

        // Effect:
        if (acct.rewardPerTokenPaid != s.rewardPerToken) _accounts[msg.sender].rewardPerTokenPaid = s.rewardPerToken;
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

        // Effect: bring the stream to now (which may start the queue as the next stream), then queue the amount if a
        // stream is running, or start one with it.
        Stream memory s = _updateStream();
        _rewardsReserve += amount;
        Queue memory q = _queue;
        // Bounded by OPEN's supply, which fits in 96 bits (a larger amount fails at the transfer below).
        uint256 queued = q.queued + amount;
        if (block.timestamp < s.finish) {
            q.queued = uint96(queued);
            _queue = q;
            emit RewardsAdded(msg.sender, amount);
        } else {
            uint256 finish = s.finish;
            q.queued = uint96(_startStream(s, queued, q.rewardsDuration, block.timestamp));
            _queue = q;
            emit RewardsAdded(msg.sender, amount);
            if (s.finish != finish) {
                _stream = s;
                emit RewardStreamStarted(s.rate, block.timestamp, s.finish);
            }
        }

        // Interaction:
        _open.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStakedOpen
    function setCooldown(uint256 newCooldown) external restricted {
        if (newCooldown > MAX_COOLDOWN) revert CooldownTooLong(newCooldown, MAX_COOLDOWN);
        _queue.cooldown = uint32(newCooldown);
        emit CooldownSet(newCooldown);
    }

    /// @inheritdoc IStakedOpen
    function setRewardsDuration(uint256 newDuration) external restricted {
        _checkRewardsDuration(newDuration);
        _queue.rewardsDuration = uint32(newDuration);
        emit RewardsDurationSet(newDuration);
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    function _stake(address account, uint256 amount) internal {
        // Check:
        if (amount == 0) revert ZeroAmount();

        // Effect: the mint brings the stream to now and settles rewards on the old balance, then counts this stake.
        _mint(account, amount);
        emit Staked(account, amount);

        // Interaction:
        _open.safeTransferFrom(account, address(this), amount);
    }

    /// @dev gOPEN moves only by mint (stake) and burn (withdrawal request). This replaces ERC20's balance storage so
    /// that an account's balance shares a slot with its reward snapshot; ERC20Votes' voting units follow as usual.
    /// Every change of the supply first brings the stream to now at the old supply, so that what each second streamed
    /// is always spread over the supply of that second.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        if (from != address(0) && to != address(0)) revert TransfersDisabled();
        Supply memory sup = _supply;
        Stream memory s = _stream;
        uint256 carry = _advance(s, sup);
        _stream = s;
        // The carry is below the supply, which is bounded by OPEN's supply and fits in 96 bits; so does every balance.
        sup.carry = uint96(carry);
        sup.changedAt = Time.timestamp();
        if (from == address(0)) {
            Account memory acct = _settle(to, s.rewardPerToken);
            acct.balance += uint96(value);
            _accounts[to] = acct;
            sup.total += uint96(value);
        } else {
            Account memory acct = _settle(from, s.rewardPerToken);
            if (acct.balance < value) revert ERC20InsufficientBalance(from, acct.balance, value);
            acct.balance -= uint96(value);
            _accounts[from] = acct;
            sup.total -= uint96(value);
        }
        _supply = sup;
        emit Transfer(from, to, value);
        _transferVotingUnits(from, to, value);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Brings the stored stream to now and stores it with the carry; returns it.
    function _updateStream() private returns (Stream memory s) {
        Supply memory sup = _supply;
        s = _stream;
        uint256 carry = _advance(s, sup);
        _stream = s;
        if (carry != sup.carry) _supply.carry = uint96(carry);
    }

    /// @dev Brings `s` to now, in memory, and returns the new carry. When the stream that ran at the last update has
    /// ended and the queue holds at least one unit per second of the period, the queue becomes the next stream from
    /// the end of the last one: this is exact, because the supply has not changed since the last update. The queue is
    /// then written, with its remainder. (With no stream running, the queue waits for the next `addRewards`.) Below MIN_DISTRIBUTION_SUPPLY nothing streams: a
    /// running stream is paused, its end moving by the idle time, so that no reward is lost and none is taken at once.
    function _advance(Stream memory s, Supply memory sup) private returns (uint256 carry) {
        uint256 queued;
        bool started;
        (carry, queued, started) = _advanceView(s, sup);
        if (started) {
            _queue.queued = uint96(queued);
            emit RewardStreamStarted(s.rate, s.finish - _queue.rewardsDuration, s.finish);
        }
    }

    /// @dev The stream brought to now without writing anything: what `_advance` stores. `queued` is what the queue
    /// keeps if the queue started a new stream (`started`); otherwise the queue is unchanged.
    function _streamNow() private view returns (Stream memory s, uint256 queued, bool started) {
        s = _stream;
        (, queued, started) = _advanceView(s, _supply);
    }

    /// @dev The heart of the stream, on memory only. Returns the new carry and, when the queue started a new stream
    /// (`started`), what is left of the queue.
    function _advanceView(
        Stream memory s,
        Supply memory sup
    ) private view returns (uint256 carry, uint256 queued, bool started) {
        carry = sup.carry;
        uint256 nowTime = block.timestamp;
        uint256 last = s.lastUpdate;
        if (nowTime == last) return (carry, 0, false);
        uint256 finish = s.finish;
        // The lastUpdate field is the last time the stream was brought up to date; from here on it is `nowTime`.
        // Both fit in 32 bits until 2106.
        s.lastUpdate = uint32(nowTime);
        uint256 supply = sup.total;
        if (supply < MIN_DISTRIBUTION_SUPPLY) {
            // Paused: the idle time moves the end of a running stream.
            if (last < finish) s.finish = uint32(finish + nowTime - last);
            return (carry, 0, false);
        }
        // What streamed since the last update: the rest of the running stream, then perhaps the queue's stream.
        uint256 streamed;
        if (last < finish) {
            streamed = ((nowTime < finish ? nowTime : finish) - last) * s.rate;
            if (nowTime >= finish) {
                Queue memory q = _queue;
                queued = _startStream(s, q.queued, q.rewardsDuration, finish);
                if (s.finish != finish) {
                    started = true;
                    streamed += ((nowTime < s.finish ? nowTime : s.finish) - finish) * s.rate;
                }
            }
        }
        if (streamed != 0) {
            // At most OPEN's supply streamed: the product stays far below 2^256.
            uint256 scaled = streamed * PRECISION + carry;
            // See Stream: the reward per token fits in 112 bits.
            s.rewardPerToken += uint112(scaled / supply);
            carry = scaled % supply;
        }
    }

    /// @dev Starts, in memory, a stream of `amount` over `duration` from `start`, at a whole number of units per
    /// second; below one unit per second nothing starts. Returns what is left to queue: the remainder of the division.
    function _startStream(
        Stream memory s,
        uint256 amount,
        uint256 duration,
        uint256 start
    ) private pure returns (uint256 left) {
        uint256 rate = amount / duration;
        if (rate == 0) return amount;
        // See Stream: the rate fits in 80 bits, the end in 32.
        s.rate = uint80(rate);
        s.finish = uint32(start + duration);
        return amount % duration;
    }

    function _checkRewardsDuration(uint256 duration) private pure {
        if (duration < MIN_REWARDS_DURATION || duration > MAX_REWARDS_DURATION) {
            revert RewardsDurationOutOfBounds(duration, MIN_REWARDS_DURATION, MAX_REWARDS_DURATION);
        }
    }

    /// @dev What `acct`'s balance earned since its snapshot, at reward-per-token `current`.
    function _accrual(Account memory acct, uint256 current) private pure returns (uint256) {
        return (uint256(acct.balance) * (current - acct.rewardPerTokenPaid)) / PRECISION;
    }

    /// @dev Moves what `account` earned into its owed rewards and snapshots `current`; the caller stores the account.
    function _settle(address account, uint112 current) private returns (Account memory acct) {
        acct = _accounts[account];
        uint256 earnedNow = _accrual(acct, current);
        // Rewards are bounded by OPEN's supply, which fits in 96 bits.
        if (earnedNow != 0) _owed[account].rewards += uint96(earnedNow);
        acct.rewardPerTokenPaid = current;
    }
}
