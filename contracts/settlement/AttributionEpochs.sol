// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { MerkleProof } from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";
import { IAttributionEpochs } from "../interfaces/IAttributionEpochs.sol";
import { IDatanetRegistry } from "../interfaces/IDatanetRegistry.sol";

/// @title AttributionEpochs
/// @notice The claim side of the settlement vault: attribution roots, attestor bonds and contributor claims. See
/// IAttributionEpochs. It shares the vault's storage with Settlement, which credits what the datanets accrue.
abstract contract AttributionEpochs is AccessManaged, Pausable, IAttributionEpochs {
    using SafeERC20 for IERC20;

    /// @dev A datanet's attribution state. `claim` reads slots 0 and 1 and writes slot 1 only.
    struct RootState {
        bytes32 activeRoot;
        uint128 activeTotal;
        uint128 claimed;
        bytes32 pendingRoot;
        uint128 pendingTotal;
        uint64 lastEpoch; // the newest epoch posted: pending, active or vetoed
        uint40 pendingReadyAt; // 0 when nothing is pending
        uint64 activeEpoch;
        address pendingAttestor; // who posted the pending root: a veto locks this attestor's bond
    }

    /// @dev Governance parameters of attribution, in one slot.
    struct AttributionParams {
        uint32 challengeWindow;
        uint32 vetoBondLock;
        uint128 minAttestorBond;
    }

    struct Bond {
        uint128 amount;
        uint40 lockedUntil;
    }

    /// @dev Credits to the treasury and to the stakers, in one slot, written once per settlement (or batch).
    struct PoolCredits {
        uint128 treasury;
        uint128 stakers;
    }

    /// @inheritdoc IAttributionEpochs
    uint256 public constant MIN_WINDOW = 1 minutes;
    /// @inheritdoc IAttributionEpochs
    uint256 public constant MAX_WINDOW = 30 days;

    IERC20 internal immutable _token;
    IDatanetRegistry internal immutable _datanets;

    PoolCredits internal _credits;
    AttributionParams private _attribution;
    mapping(uint256 datanetId => uint256) internal _accrued;
    mapping(uint256 datanetId => RootState) private _roots;
    mapping(uint256 datanetId => mapping(address account => uint256)) private _claimed;
    mapping(address attestor => Bond) private _bonds;

    constructor(
        IERC20 token_,
        IDatanetRegistry datanets_,
        address authority,
        uint256 initialChallengeWindow,
        uint256 initialVetoBondLock,
        uint256 initialMinAttestorBond
    ) AccessManaged(authority) {
        _token = token_;
        _datanets = datanets_;
        _setChallengeWindow(initialChallengeWindow);
        _setVetoBondLock(initialVetoBondLock);
        _setMinAttestorBond(initialMinAttestorBond);
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IAttributionEpochs
    function challengeWindow() external view returns (uint256) {
        return _attribution.challengeWindow;
    }

    /// @inheritdoc IAttributionEpochs
    function vetoBondLock() external view returns (uint256) {
        return _attribution.vetoBondLock;
    }

    /// @inheritdoc IAttributionEpochs
    function minAttestorBond() external view returns (uint256) {
        return _attribution.minAttestorBond;
    }

    /// @inheritdoc IAttributionEpochs
    function rootState(uint256 datanetId) external view returns (RootView memory) {
        RootState storage s = _roots[datanetId];
        return
            RootView({
                activeRoot: s.activeRoot,
                activeTotal: s.activeTotal,
                activeEpoch: s.activeEpoch,
                claimed: s.claimed,
                pendingRoot: s.pendingRoot,
                pendingTotal: s.pendingTotal,
                pendingReadyAt: s.pendingReadyAt,
                lastEpoch: s.lastEpoch
            });
    }

    /// @inheritdoc IAttributionEpochs
    function claimed(uint256 datanetId, address account) external view returns (uint256) {
        return _claimed[datanetId][account];
    }

    /// @inheritdoc IAttributionEpochs
    function bondOf(address attestor) external view returns (uint256 amount, uint256 lockedUntil) {
        Bond memory b = _bonds[attestor];
        return (b.amount, b.lockedUntil);
    }

    // ─── External state-changing ─────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IAttributionEpochs
    function postRoot(
        uint256 datanetId,
        uint256 epoch,
        bytes32 root,
        uint256 cumulativeTotal,
        string calldata uri
    ) external whenNotPaused {
        // Check: the caller is the datanet's attestor (attestorOf reverts for an unknown datanet), and is bonded.
        address attestor = _datanets.attestorOf(datanetId);
        if (msg.sender != attestor) revert NotAttestor(datanetId, msg.sender, attestor);
        AttributionParams memory params = _attribution;
        Bond storage bond = _bonds[attestor];
        if (bond.amount < params.minAttestorBond) revert BondTooLow(attestor, bond.amount, params.minAttestorBond);
        if (root == bytes32(0)) revert ZeroRoot();
        RootState storage s = _roots[datanetId];
        // A pending root past its window is activated first; one still inside its window blocks new posts, so an
        // attestor cannot displace a root that is being vetoed.
        if (s.pendingReadyAt != 0) {
            if (block.timestamp < s.pendingReadyAt) revert RootPending(datanetId, s.lastEpoch, s.pendingReadyAt);
            _activate(datanetId, s);
        }
        if (epoch <= s.lastEpoch) revert StaleEpoch(datanetId, epoch, s.lastEpoch);
        if (epoch > type(uint64).max) revert StaleEpoch(datanetId, epoch, type(uint64).max);
        if (cumulativeTotal < s.activeTotal) revert TotalBelowPrevious(datanetId, cumulativeTotal, s.activeTotal);
        uint256 accruedTotal = _accrued[datanetId];
        if (cumulativeTotal > accruedTotal) revert RootAboveAccrued(datanetId, cumulativeTotal, accruedTotal);

        // Effect: accrued fits in 128 bits (it is bounded by OPEN's supply), and so does the total below it.
        uint40 readyAt = uint40(block.timestamp + params.challengeWindow);
        s.pendingRoot = root;
        s.pendingTotal = uint128(cumulativeTotal);
        s.lastEpoch = uint64(epoch);
        s.pendingReadyAt = readyAt;
        s.pendingAttestor = attestor;
        if (bond.lockedUntil < readyAt) bond.lockedUntil = readyAt;
        emit RootPosted(datanetId, epoch, root, cumulativeTotal, readyAt, attestor, uri);
    }

    /// @inheritdoc IAttributionEpochs
    function activateRoot(uint256 datanetId) external {
        RootState storage s = _roots[datanetId];
        uint256 readyAt = s.pendingReadyAt;
        // Check:
        if (readyAt == 0 || block.timestamp < readyAt) revert NoRootReady(datanetId, readyAt);
        // Effect:
        _activate(datanetId, s);
    }

    /// @inheritdoc IAttributionEpochs
    function vetoRoot(uint256 datanetId, uint256 epoch) external restricted {
        RootState storage s = _roots[datanetId];
        // Check: only the pending root, and only inside its window.
        if (s.pendingReadyAt == 0 || s.lastEpoch != epoch || block.timestamp >= s.pendingReadyAt) {
            revert RootNotVetoable(datanetId, epoch);
        }
        // Effect: the epoch stays consumed (lastEpoch), the root is gone, and the bond of the attestor who posted it
        // (even if the datanet has named another attestor since) stays locked long enough for governance to vote a
        // slash.
        bytes32 root = s.pendingRoot;
        s.pendingRoot = bytes32(0);
        s.pendingTotal = 0;
        s.pendingReadyAt = 0;
        Bond storage bond = _bonds[s.pendingAttestor];
        uint40 lockedUntil = uint40(block.timestamp + _attribution.vetoBondLock);
        if (bond.lockedUntil < lockedUntil) bond.lockedUntil = lockedUntil;
        emit RootVetoed(datanetId, epoch, root, msg.sender);
    }

    /// @inheritdoc IAttributionEpochs
    function claim(uint256 datanetId, address account, uint256 cumulativeAmount, bytes32[] calldata proof) external {
        uint256 amount = _claim(datanetId, account, cumulativeAmount, proof);
        if (amount == 0) {
            revert NothingToClaim(datanetId, account, cumulativeAmount, _claimed[datanetId][account]);
        }
        // Interaction:
        _token.safeTransfer(account, amount);
    }

    /// @inheritdoc IAttributionEpochs
    function claimMany(address account, DatanetClaim[] calldata claims) external {
        uint256 total;
        for (uint256 i; i < claims.length; ++i) {
            total += _claim(claims[i].datanetId, account, claims[i].cumulativeAmount, claims[i].proof);
        }
        if (total == 0) revert NothingNewToClaim(account);
        // Interaction: one transfer for every datanet.
        _token.safeTransfer(account, total);
    }

    /// @inheritdoc IAttributionEpochs
    function depositBond(uint256 amount) external {
        // Check:
        if (amount == 0) revert ZeroBondAmount();
        // Effect: bonds are bounded by OPEN's supply, which fits in 128 bits.
        Bond storage bond = _bonds[msg.sender];
        uint256 newAmount = bond.amount + amount;
        bond.amount = uint128(newAmount);
        emit BondDeposited(msg.sender, amount, newAmount);
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IAttributionEpochs
    function withdrawBond(uint256 amount) external {
        Bond storage bond = _bonds[msg.sender];
        // Check:
        if (amount == 0) revert ZeroBondAmount();
        if (block.timestamp < bond.lockedUntil) revert BondLocked(msg.sender, bond.lockedUntil);
        uint256 current = bond.amount;
        if (amount > current) revert InsufficientBond(msg.sender, current, amount);
        // Effect:
        bond.amount = uint128(current - amount);
        emit BondWithdrawn(msg.sender, amount, current - amount);
        // Interaction:
        _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IAttributionEpochs
    function slashBond(address attestor, uint256 amount) external restricted {
        Bond storage bond = _bonds[attestor];
        uint256 current = bond.amount;
        // Check:
        if (amount == 0) revert ZeroBondAmount();
        if (amount > current) revert InsufficientBond(attestor, current, amount);
        // Effect: the slashed OPEN stays in the vault, credited to the treasury (paid by `payTreasury`).
        bond.amount = uint128(current - amount);
        _credits.treasury += uint128(amount);
        emit BondSlashed(attestor, amount, current - amount);
    }

    /// @inheritdoc IAttributionEpochs
    function setChallengeWindow(uint256 newWindow) external restricted {
        _setChallengeWindow(newWindow);
    }

    /// @inheritdoc IAttributionEpochs
    function setVetoBondLock(uint256 newLock) external restricted {
        _setVetoBondLock(newLock);
    }

    /// @inheritdoc IAttributionEpochs
    function setMinAttestorBond(uint256 newMinBond) external restricted {
        _setMinAttestorBond(newMinBond);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Verifies the proof and records the claim; returns what is owed now (0 if nothing is new).
    function _claim(
        uint256 datanetId,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) private returns (uint256 amount) {
        RootState storage s = _roots[datanetId];
        bytes32 root = s.activeRoot;
        // Check:
        if (root == bytes32(0)) revert NoActiveRoot(datanetId);
        // The OpenZeppelin merkle-tree standard leaf: the double hash of the ABI-encoded values.
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof(datanetId, account, cumulativeAmount);
        uint256 already = _claimed[datanetId][account];
        if (cumulativeAmount <= already) return 0;
        amount = cumulativeAmount - already;
        // Whatever the leaves of a faulty root add up to, the datanet never pays out more than the root's total.
        uint256 newClaimed = s.claimed + amount;
        if (newClaimed > s.activeTotal) revert ClaimExceedsRoot(datanetId, newClaimed, s.activeTotal);

        // Effect: newClaimed ≤ activeTotal, which fits in 128 bits.
        _claimed[datanetId][account] = cumulativeAmount;
        s.claimed = uint128(newClaimed);
        emit Claimed(datanetId, account, amount, cumulativeAmount);
    }

    function _activate(uint256 datanetId, RootState storage s) private {
        bytes32 root = s.pendingRoot;
        uint128 total = s.pendingTotal;
        uint64 epoch = s.lastEpoch;
        s.activeRoot = root;
        s.activeTotal = total;
        s.activeEpoch = epoch;
        s.pendingRoot = bytes32(0);
        s.pendingTotal = 0;
        s.pendingReadyAt = 0;
        emit RootActivated(datanetId, epoch, root, total);
    }

    function _setChallengeWindow(uint256 value) private {
        if (value < MIN_WINDOW || value > MAX_WINDOW) revert WindowOutOfBounds(value, MIN_WINDOW, MAX_WINDOW);
        _attribution.challengeWindow = uint32(value);
        emit ChallengeWindowSet(value);
    }

    function _setVetoBondLock(uint256 value) private {
        if (value < MIN_WINDOW || value > MAX_WINDOW) revert WindowOutOfBounds(value, MIN_WINDOW, MAX_WINDOW);
        _attribution.vetoBondLock = uint32(value);
        emit VetoBondLockSet(value);
    }

    function _setMinAttestorBond(uint256 value) private {
        if (value > type(uint128).max) revert InsufficientBond(address(0), type(uint128).max, value);
        _attribution.minAttestorBond = uint128(value);
        emit MinAttestorBondSet(value);
    }
}
