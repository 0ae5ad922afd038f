// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { IBudgetCharger } from "../interfaces/IBudgetCharger.sol";
import { ISpendingBudgets } from "../interfaces/ISpendingBudgets.sol";

/// @title SpendingBudgets
/// @notice Principals' spending budgets for agents' wallets, charged by the suite's spenders. See ISpendingBudgets.
contract SpendingBudgets is AccessManaged, ISpendingBudgets {
    using SafeERC20 for IERC20;

    /// @dev `word` is everything a charge reads and writes, in one slot (bit offsets below): the amount per period,
    /// what the current window's charges add up to, when that window ends, the expiry, and whether a model list
    /// applies. The period is read only when a window has ended, and the list only when the flag is set. The window
    /// start is not stored: it is the end less the period. `modelIds` is the list, kept to clear `_listed` and for
    /// the view.
    struct Budget {
        uint256 word;
        uint32 period;
        uint32[] modelIds;
    }

    /// @inheritdoc ISpendingBudgets
    uint256 public constant MAX_MODELS = 16;
    /// @inheritdoc ISpendingBudgets
    uint256 public constant MAX_AMOUNT = (1 << 90) - 1;
    /// @inheritdoc ISpendingBudgets
    uint256 public constant MAX_PERIOD = type(uint32).max;

    /// @dev The fields of `Budget.word`: amount per period (bits 0-89), spent in the window (90-179), the window's
    /// end (180-219: a window ends within MAX_PERIOD of a 32-bit timestamp), the expiry (220-251), the list flag (252).
    uint256 private constant AMOUNT_MASK = (1 << 90) - 1;
    uint256 private constant SPENT_SHIFT = 90;
    uint256 private constant WINDOW_END_SHIFT = 180;
    uint256 private constant WINDOW_END_MASK = (1 << 40) - 1;
    uint256 private constant EXPIRY_SHIFT = 220;
    uint256 private constant HAS_MODELS = 1 << 252;
    /// @dev What a charge rewrites: the spent amount and the window's end.
    uint256 private constant CHARGE_FIELDS = (AMOUNT_MASK << SPENT_SHIFT) | (WINDOW_END_MASK << WINDOW_END_SHIFT);

    IERC20 private immutable _token;
    /// @dev The Settlement that deployed this contract: a spender for good, checked without a storage read.
    address private immutable _settlement;

    mapping(address principal => mapping(address agent => Budget)) private _budgets;
    mapping(address principal => mapping(address agent => mapping(uint256 modelId => bool))) private _listed;
    mapping(address spender => bool) private _spenders;

    constructor(IERC20 token_, address authority, address settlement_) AccessManaged(authority) {
        if (address(token_) == address(0) || authority == address(0) || settlement_ == address(0)) {
            revert ZeroAddress();
        }
        _token = token_;
        _settlement = settlement_;
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc ISpendingBudgets
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc ISpendingBudgets
    function isSpender(address spender) external view returns (bool) {
        return spender == _settlement || _spenders[spender];
    }

    /// @inheritdoc ISpendingBudgets
    function settlement() external view returns (address) {
        return _settlement;
    }

    /// @inheritdoc ISpendingBudgets
    function budget(address principal, address agent) external view returns (BudgetView memory v) {
        Budget storage b = _budgets[principal][agent];
        uint256 word = b.word;
        if (word == 0) return v;
        uint256 period = b.period;
        (uint256 windowEnd, uint256 spent) = _window(word, period);
        v.amountPerPeriod = word & AMOUNT_MASK;
        v.period = period;
        v.expiry = uint32(word >> EXPIRY_SHIFT);
        v.spentInPeriod = spent;
        v.periodStart = windowEnd - period;
        uint32[] storage list = b.modelIds;
        v.modelIds = new uint256[](list.length);
        for (uint256 i; i < list.length; ++i) v.modelIds[i] = list[i];
    }

    /// @inheritdoc ISpendingBudgets
    function available(address principal, address agent) external view returns (uint256) {
        Budget storage b = _budgets[principal][agent];
        uint256 word = b.word;
        if (word == 0 || block.timestamp >= uint32(word >> EXPIRY_SHIFT)) return 0;
        (, uint256 spent) = _window(word, b.period);
        return _rest(word & AMOUNT_MASK, spent);
    }

    // ─── External state-changing ─────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IBudgetCharger
    function charge(address principal, address agent, uint256 modelId, uint256 amount) external {
        // Check: one of the suite's spenders (Settlement without a storage read); a budget, not expired, listing the
        // model if it has a list, with enough left in the current window.
        if (msg.sender != _settlement && !_spenders[msg.sender]) revert NotSpender(msg.sender);
        Budget storage b = _budgets[principal][agent];
        uint256 word = b.word;
        if (word == 0) revert NoBudget(principal, agent);
        uint256 expiry = uint32(word >> EXPIRY_SHIFT);
        if (block.timestamp >= expiry) revert BudgetExpired(principal, agent, expiry);
        if (modelId != 0 && word & HAS_MODELS != 0 && !_listed[principal][agent][modelId]) {
            revert ModelNotInBudget(principal, agent, modelId);
        }
        uint256 windowEnd = (word >> WINDOW_END_SHIFT) & WINDOW_END_MASK;
        uint256 spent = (word >> SPENT_SHIFT) & AMOUNT_MASK;
        // Only the first charge of a window reads the period, to find the window's end.
        if (block.timestamp >= windowEnd) (windowEnd, spent) = _window(word, b.period);
        uint256 rest = _rest(word & AMOUNT_MASK, spent);
        if (amount > rest) revert OverBudget(principal, agent, amount, rest);
        // Effect: spent + amount <= the amount per period, which fits its 90 bits.
        spent += amount;
        b.word = (word & ~CHARGE_FIELDS) | (spent << SPENT_SHIFT) | (windowEnd << WINDOW_END_SHIFT);
        // Interaction: the spender's own events announce the charge (IBudgetCharger).
        _token.safeTransferFrom(principal, msg.sender, amount);
    }

    /// @inheritdoc ISpendingBudgets
    function setSpender(address spender, bool allowed) external restricted {
        if (spender == address(0)) revert ZeroAddress();
        _spenders[spender] = allowed;
        emit SpenderSet(spender, allowed);
    }

    /// @inheritdoc ISpendingBudgets
    function grant(
        address agent,
        uint256 amountPerPeriod,
        uint256 period,
        uint256 expiry,
        uint256[] calldata modelIds
    ) external {
        // Check:
        if (agent == address(0)) revert ZeroAddress();
        if (amountPerPeriod == 0) revert ZeroBudgetAmount();
        if (amountPerPeriod > MAX_AMOUNT) revert BudgetAmountTooLarge(amountPerPeriod, MAX_AMOUNT);
        if (period == 0) revert ZeroPeriod();
        if (period > MAX_PERIOD) revert PeriodTooLong(period, MAX_PERIOD);
        if (expiry <= block.timestamp || expiry > type(uint32).max) {
            revert ExpiryOutOfRange(expiry, block.timestamp + 1, type(uint32).max);
        }
        uint256 n = modelIds.length;
        if (n > MAX_MODELS) revert TooManyBudgetModels(n, MAX_MODELS);
        for (uint256 i; i < n; ++i) {
            uint256 modelId = modelIds[i];
            if (modelId == 0 || modelId > type(uint32).max) revert InvalidBudgetModel(modelId);
            for (uint256 j; j < i; ++j) {
                if (modelIds[j] == modelId) revert DuplicateBudgetModel(modelId);
            }
        }
        // Effect: the previous list goes, then the new one is written, and the first window starts now.
        Budget storage b = _budgets[msg.sender][agent];
        _clearModels(msg.sender, agent, b);
        mapping(uint256 => bool) storage listed = _listed[msg.sender][agent];
        for (uint256 i; i < n; ++i) {
            // The check above keeps every id within 32 bits.
            b.modelIds.push(uint32(modelIds[i]));
            listed[modelIds[i]] = true;
        }
        b.period = uint32(period);
        b.word =
            amountPerPeriod |
            ((block.timestamp + period) << WINDOW_END_SHIFT) |
            (expiry << EXPIRY_SHIFT) |
            (n == 0 ? 0 : HAS_MODELS);
        emit BudgetGranted(msg.sender, agent, amountPerPeriod, period, expiry, modelIds);
    }

    /// @inheritdoc ISpendingBudgets
    function lower(address agent, uint256 newAmountPerPeriod) external {
        // Check:
        Budget storage b = _existing(msg.sender, agent);
        uint256 word = b.word;
        uint256 current = word & AMOUNT_MASK;
        if (newAmountPerPeriod >= current) revert AmountNotLower(newAmountPerPeriod, current);
        // Effect: what the current window spent stays, so the rest of it is capped by the new amount.
        b.word = (word & ~AMOUNT_MASK) | newAmountPerPeriod;
        emit BudgetLowered(msg.sender, agent, newAmountPerPeriod);
    }

    /// @inheritdoc ISpendingBudgets
    function revoke(address agent) external {
        Budget storage b = _existing(msg.sender, agent);
        _clearModels(msg.sender, agent, b);
        delete _budgets[msg.sender][agent];
        emit BudgetRevoked(msg.sender, agent);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _existing(address principal, address agent) private view returns (Budget storage b) {
        b = _budgets[principal][agent];
        if (b.word == 0) revert NoBudget(principal, agent);
    }

    /// @dev The current window's end and what it spent: the stored ones while the stored window runs, else the end
    /// of the window that holds now (a whole number of periods later) and nothing spent. The end stays below 2^40:
    /// it is at most a period (32 bits) after now (32 bits).
    function _window(uint256 word, uint256 period) private view returns (uint256 windowEnd, uint256 spent) {
        windowEnd = (word >> WINDOW_END_SHIFT) & WINDOW_END_MASK;
        if (block.timestamp < windowEnd) return (windowEnd, (word >> SPENT_SHIFT) & AMOUNT_MASK);
        windowEnd += ((block.timestamp - windowEnd) / period + 1) * period;
    }

    function _rest(uint256 amountPerPeriod, uint256 spent) private pure returns (uint256) {
        return amountPerPeriod > spent ? amountPerPeriod - spent : 0;
    }

    function _clearModels(address principal, address agent, Budget storage b) private {
        uint32[] storage list = b.modelIds;
        uint256 n = list.length;
        if (n == 0) return;
        mapping(uint256 => bool) storage listed = _listed[principal][agent];
        for (uint256 i; i < n; ++i) delete listed[list[i]];
        delete b.modelIds;
    }
}
