// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { IAccessManager } from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";
import { IAttributionEpochs } from "../interfaces/IAttributionEpochs.sol";
import { IDatanetRegistry } from "../interfaces/IDatanetRegistry.sol";
import { Roles } from "../libraries/Roles.sol";
import { SettlementState } from "./SettlementState.sol";

/// @title AttributionEpochs
/// @notice The claim side of the settlement vault: attribution roots, attestor bonds and contributor claims. See
/// IAttributionEpochs. It reads the pools that Settlement credits (SettlementState): a root's total is bounded by what
/// its datanet accrued, claims are paid out of it, and slashed bonds go to the treasury's credit.
abstract contract AttributionEpochs is AccessManaged, Pausable, SettlementState, IAttributionEpochs {
    using SafeERC20 for IERC20;

    /// @dev A datanet's attribution state, in four slots; the active root's total and what was claimed under it are
    /// in its pool (`_pools`), the one slot that a claim reads and writes. Epochs advance by one per post (each waits
    /// out a window of at least a minute), so 32 bits last for thousands of years; timestamps fit in 32 bits until
    /// 2106; amounts are bounded by OPEN's supply (10^27 < 2^96).
    struct RootState {
        // slot 0
        bytes32 activeRoot;
        // slot 1
        bytes32 pendingRoot;
        // slot 2, all that a post changes here: `lastEpoch` keeps it non-zero once a root was posted, so that a post
        // rewrites it and never sets it from zero
        uint96 pendingTotal; // at most accrued, bounded by OPEN's supply
        uint96 pendingExposure; // what the pending root can move, counted at its post: its total less `claimed`
        uint32 lastEpoch; // the pending epoch if a root is pending, else the active one: a veto gives its epoch back
        uint32 pendingReadyAt; // 0 when nothing is pending
        // slot 3
        uint32 activeEpoch;
        address pendingAttestor; // who posted the pending root: its exposure carries `pendingExposure`
        uint32 vetoes; // consecutive vetoes of roots posted by a governance-appointed attestor, since the last
        // activation or governance replacement
    }

    /// @dev Governance parameters of attribution, in one slot.
    struct AttributionParams {
        uint32 challengeWindow;
        uint32 vetoBondLock;
        uint128 minAttestorBond;
        uint32 activationBondLock;
        uint16 bondFactor;
        uint8 maxGuardianVetoes;
    }

    /// @dev An attestor's bond, in one slot. Bonds and exposures are bounded by OPEN's supply (10^27 < 2^96): what a
    /// pending root can move is at most its datanet's unclaimed pool, and the pools are all held here.
    struct Bond {
        uint96 amount;
        uint40 lockedUntil; // set by a veto only: until then no part of the bond can be withdrawn
        uint96 pendingExposure; // the sum of what the roots it posted that are still pending can move
    }

    /// @inheritdoc IAttributionEpochs
    uint256 public constant MIN_WINDOW = 1 minutes;
    /// @inheritdoc IAttributionEpochs
    uint256 public constant MAX_WINDOW = 30 days;
    /// @inheritdoc IAttributionEpochs
    uint256 public constant MAX_BOND_FACTOR = 1_000;
    /// @inheritdoc IAttributionEpochs
    uint256 public constant MAX_GUARDIAN_VETOES = 100;

    uint256 private constant MAX_UINT96 = type(uint96).max;
    /// @dev Set in the pool word of a datanet's active root, and only there.
    uint256 private constant POOL_LIVE = 1 << 255;

    AttributionParams private _attribution;
    mapping(uint256 datanetId => RootState) private _roots;
    /// @dev The pool of each datanet's active root, in one word at a slot keyed by the datanet and the root: what was
    /// claimed from the datanet in bits 0–95, the root's total in bits 96–191, and POOL_LIVE. A claim finds it from
    /// the root that its proof computes, so that one slot both authenticates the proof and bounds the payout: a proof
    /// that leads to any other root (a stale one, a vetoed one, a made-up one) finds a word without POOL_LIVE. When a
    /// root replaces the active one, the datanet's claimed total moves to the new root's word and the old word is
    /// cleared.
    mapping(uint256 datanetId => mapping(bytes32 root => uint256)) private _pools;
    mapping(uint256 datanetId => mapping(address account => uint256)) private _claimed;
    mapping(address attestor => Bond) private _bonds;
    /// @dev What an attestor's recently activated roots could move, in two buckets of (amount, until), packed in one
    /// word: amount0 in bits 0–95, until0 in 96–127, amount1 in 128–223, until1 in 224–255. A bucket counts while
    /// `block.timestamp < until`. See `_recentAdd`.
    mapping(address attestor => uint256) private _recent;

    constructor(
        IERC20 token_,
        IDatanetRegistry datanets_,
        address authority,
        uint256 initialChallengeWindow,
        uint256 initialVetoBondLock,
        uint256 initialMinAttestorBond,
        uint256 initialBondFactor,
        uint256 initialActivationBondLock,
        uint256 initialMaxGuardianVetoes
    ) AccessManaged(authority) SettlementState(token_, datanets_) {
        _setChallengeWindow(initialChallengeWindow);
        _setVetoBondLock(initialVetoBondLock);
        _setMinAttestorBond(initialMinAttestorBond);
        _setBondFactor(initialBondFactor);
        _setActivationBondLock(initialActivationBondLock);
        _setMaxGuardianVetoes(initialMaxGuardianVetoes);
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
    function bondFactor() external view returns (uint256) {
        return _attribution.bondFactor;
    }

    /// @inheritdoc IAttributionEpochs
    function activationBondLock() external view returns (uint256) {
        return _attribution.activationBondLock;
    }

    /// @inheritdoc IAttributionEpochs
    function maxGuardianVetoes() external view returns (uint256) {
        return _attribution.maxGuardianVetoes;
    }

    /// @inheritdoc IAttributionEpochs
    function rootState(uint256 datanetId) external view returns (RootView memory) {
        RootState storage s = _roots[datanetId];
        (uint256 claimedTotal, uint256 activeTotal) = _pool(datanetId, s.activeRoot);
        return
            RootView({
                activeRoot: s.activeRoot,
                activeTotal: activeTotal,
                activeEpoch: s.activeEpoch,
                claimed: claimedTotal,
                pendingRoot: s.pendingRoot,
                pendingTotal: s.pendingTotal,
                pendingReadyAt: s.pendingReadyAt,
                lastEpoch: s.lastEpoch,
                vetoes: s.vetoes
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

    /// @inheritdoc IAttributionEpochs
    function exposureOf(address attestor) external view returns (uint256 pending, uint256 recent, uint256 capacity) {
        Bond memory b = _bonds[attestor];
        return (b.pendingExposure, _recentLive(_recent[attestor]), uint256(b.amount) * _attribution.bondFactor);
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
            _activate(datanetId, s, params.activationBondLock);
        }
        // Epochs advance by one, so none can be skipped to the end of the range (64 bits are never used up).
        if (epoch != uint256(s.lastEpoch) + 1) revert EpochNotNext(datanetId, epoch, uint256(s.lastEpoch) + 1);
        uint256 exposure = _postExposure(datanetId, s.activeRoot, cumulativeTotal);
        // That, with what the attestor's other live roots can move, is covered by its bond.
        uint256 pending = _coveredPending(attestor, bond, params.bondFactor, exposure);

        // Effect: accrued is bounded by OPEN's supply (10^27 < 2^96, all of it held here at most), and so are the
        // total below it and the exposures, which fit in 96 bits. The same slots are written whatever the
        // second the call lands in, so that an estimate made a block earlier holds.
        uint32 readyAt = uint32(block.timestamp + params.challengeWindow);
        s.pendingRoot = root;
        s.pendingTotal = uint96(cumulativeTotal);
        s.pendingExposure = uint96(exposure);
        s.lastEpoch = uint32(epoch);
        s.pendingReadyAt = readyAt;
        s.pendingAttestor = attestor;
        bond.pendingExposure = uint96(pending);
        emit RootPosted(datanetId, epoch, root, cumulativeTotal, readyAt, attestor, uri);
    }

    /// @inheritdoc IAttributionEpochs
    function activateRoot(uint256 datanetId) external {
        RootState storage s = _roots[datanetId];
        uint256 readyAt = s.pendingReadyAt;
        // Check:
        if (readyAt == 0 || block.timestamp < readyAt) revert NoRootReady(datanetId, readyAt);
        // Effect:
        _activate(datanetId, s, _attribution.activationBondLock);
    }

    /// @inheritdoc IAttributionEpochs
    function vetoRoot(uint256 datanetId, uint256 epoch) external restricted {
        RootState storage s = _roots[datanetId];
        uint256 readyAt = s.pendingReadyAt;
        // Check: only the pending root, and only inside its window.
        if (readyAt == 0 || s.lastEpoch != epoch || block.timestamp >= readyAt) {
            revert RootNotVetoable(datanetId, epoch);
        }
        AttributionParams memory params = _attribution;
        address poster = s.pendingAttestor;
        // The limit binds only roots posted by an attestor that governance appointed (and still has): such an
        // attestor is final, so the guardian must not block its datanet for ever. Past `maxGuardianVetoes`
        // consecutive vetoes of those roots, only governance (ADMIN: the Timelock) may veto them. A root of an
        // attestor set by the datanet's owner may be vetoed by the guardian without limit, and does not count: else
        // that attestor could use up the guardian's vetoes with junk and then post a fraud that nobody can veto in
        // time. The registry, and the AccessManager, are read on this path only.
        uint256 vetoes = s.vetoes;
        bool counted = _datanets.attestorAppointed(datanetId) && _datanets.attestorOf(datanetId) == poster;
        if (counted) {
            if (vetoes >= params.maxGuardianVetoes && !_isGovernance(msg.sender)) {
                revert VetoLimitReached(datanetId, vetoes, params.maxGuardianVetoes);
            }
            ++vetoes;
        }
        // Effect: the root is gone and gives its epoch back (epoch ≥ 1 here: it is pending), the exposure counted at
        // its post is released, and the bond of the attestor who posted it (even if the datanet has named another
        // attestor since) stays locked long enough for governance to vote a slash.
        bytes32 root = s.pendingRoot;
        uint96 exposure = s.pendingExposure;
        s.pendingRoot = bytes32(0);
        s.pendingTotal = 0;
        s.pendingExposure = 0;
        s.pendingReadyAt = 0;
        s.lastEpoch = uint32(epoch - 1);
        s.vetoes = uint32(vetoes);
        Bond storage bond = _bonds[poster];
        bond.pendingExposure -= exposure;
        uint40 lockedUntil = uint40(block.timestamp + params.vetoBondLock);
        if (bond.lockedUntil < lockedUntil) bond.lockedUntil = lockedUntil;
        emit RootVetoed(datanetId, epoch, root, msg.sender);
    }

    /// @inheritdoc IAttributionEpochs
    function replaceRootByGovernance(
        uint256 datanetId,
        bytes32 root,
        uint256 cumulativeTotal,
        string calldata uri
    ) external restricted {
        // Check: a known datanet (attestorOf reverts otherwise), and claimed ≤ total ≤ accrued.
        _datanets.attestorOf(datanetId);
        if (root == bytes32(0)) revert ZeroRoot();
        RootState storage s = _roots[datanetId];
        bytes32 previous = s.activeRoot;
        (uint256 claimedTotal, ) = _pool(datanetId, previous);
        if (cumulativeTotal < claimedTotal) revert TotalBelowClaimed(datanetId, cumulativeTotal, claimedTotal);
        uint256 accruedTotal = _accrued[datanetId];
        if (cumulativeTotal > accruedTotal) revert RootAboveAccrued(datanetId, cumulativeTotal, accruedTotal);

        // Effect: a pending root is discarded and its poster's exposure released; the new root is active at once.
        bytes32 discarded = s.pendingRoot;
        if (s.pendingReadyAt != 0) {
            _bonds[s.pendingAttestor].pendingExposure -= s.pendingExposure;
            s.pendingRoot = bytes32(0);
            s.pendingTotal = 0;
            s.pendingExposure = 0;
            s.pendingReadyAt = 0;
        }
        uint32 epoch = s.activeEpoch + 1;
        _movePool(datanetId, previous, root, cumulativeTotal);
        s.activeRoot = root;
        s.activeEpoch = epoch;
        s.lastEpoch = epoch;
        s.vetoes = 0;
        emit RootReplacedByGovernance(datanetId, epoch, root, cumulativeTotal, discarded, uri);
        emit RootActivated(datanetId, epoch, root, cumulativeTotal);
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
        // Effect: bonds are bounded by OPEN's supply, which fits in 96 bits (checked all the same).
        Bond storage bond = _bonds[msg.sender];
        uint256 newAmount = bond.amount + amount;
        if (newAmount > MAX_UINT96) revert BondAboveMax(newAmount, MAX_UINT96);
        bond.amount = uint96(newAmount);
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
        // What remains must still cover the roots that the attestor's bond backs: pending, or activated recently.
        uint256 exposure = bond.pendingExposure + _recentLive(_recent[msg.sender]);
        uint256 coverage = (current - amount) * _attribution.bondFactor;
        if (coverage < exposure) revert BondBelowExposure(msg.sender, coverage, exposure);
        // Effect:
        bond.amount = uint96(current - amount);
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
        // Effect: the slashed OPEN stays in the vault, credited to the treasury (paid by `payTreasury`). The
        // attestor's exposure stays: until it decays, the rest of its bond cannot be withdrawn below it.
        bond.amount = uint96(current - amount);
        _credits.treasury += uint96(amount);
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

    /// @inheritdoc IAttributionEpochs
    function setBondFactor(uint256 newFactor) external restricted {
        _setBondFactor(newFactor);
    }

    /// @inheritdoc IAttributionEpochs
    function setActivationBondLock(uint256 newLock) external restricted {
        _setActivationBondLock(newLock);
    }

    /// @inheritdoc IAttributionEpochs
    function setMaxGuardianVetoes(uint256 newLimit) external restricted {
        _setMaxGuardianVetoes(newLimit);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Verifies the proof and records the claim; returns what is owed now (0 if nothing is new). The root that
    /// the proof computes locates its pool: only the active root's word carries POOL_LIVE, so that one slot checks the
    /// proof and bounds the payout. Each slot is read once and written once. One function, so that a claim pays for
    /// no internal calls.
    // solhint-disable-next-line function-max-lines
    function _claim(
        uint256 datanetId,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) private returns (uint256 amount) {
        uint256 poolSlot;
        uint256 pool;
        uint256 accountSlot;
        uint256 already;
        assembly ("memory-safe") {
            // The root that the proof computes for the leaf: the OpenZeppelin merkle-tree standard leaf (the double
            // hash of the ABI-encoded values), each pair hashed in sorted order (OpenZeppelin's commutative hash), as
            // MerkleProof.processProofCalldata does. The decoder has checked that the proof lies inside the calldata.
            mstore(0x00, and(account, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(0x20, cumulativeAmount)
            mstore(0x00, keccak256(0x00, 0x40))
            let node := keccak256(0x00, 0x20)
            // Four siblings a step while four are left, then one a step: the loop's own work is a good part of a
            // step's cost.
            let p := proof.offset
            let end := add(p, shl(5, proof.length))
            for {
                let end4 := add(p, shl(7, shr(2, proof.length)))
            } lt(p, end4) {
                p := add(p, 0x80)
            } {
                let sibling := calldataload(p)
                let first := shl(5, gt(node, sibling))
                mstore(first, node)
                mstore(xor(first, 0x20), sibling)
                node := keccak256(0x00, 0x40)
                sibling := calldataload(add(p, 0x20))
                first := shl(5, gt(node, sibling))
                mstore(first, node)
                mstore(xor(first, 0x20), sibling)
                node := keccak256(0x00, 0x40)
                sibling := calldataload(add(p, 0x40))
                first := shl(5, gt(node, sibling))
                mstore(first, node)
                mstore(xor(first, 0x20), sibling)
                node := keccak256(0x00, 0x40)
                sibling := calldataload(add(p, 0x60))
                first := shl(5, gt(node, sibling))
                mstore(first, node)
                mstore(xor(first, 0x20), sibling)
                node := keccak256(0x00, 0x40)
            }
            for {} lt(p, end) {
                p := add(p, 0x20)
            } {
                let sibling := calldataload(p)
                let first := shl(5, gt(node, sibling))
                mstore(first, node)
                mstore(xor(first, 0x20), sibling)
                node := keccak256(0x00, 0x40)
            }
            // _pools[datanetId][node] and _claimed[datanetId][account].
            mstore(0x00, datanetId)
            mstore(0x20, _pools.slot)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, node)
            poolSlot := keccak256(0x00, 0x40)
            pool := sload(poolSlot)
            mstore(0x00, datanetId)
            mstore(0x20, _claimed.slot)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, and(account, 0xffffffffffffffffffffffffffffffffffffffff))
            accountSlot := keccak256(0x00, 0x40)
            already := sload(accountSlot)
        }
        // Check:
        if (pool & POOL_LIVE == 0) {
            if (_roots[datanetId].activeRoot == bytes32(0)) revert NoActiveRoot(datanetId);
            revert InvalidProof(datanetId, account, cumulativeAmount);
        }
        if (cumulativeAmount <= already) return 0;
        // Whatever the leaves of a faulty root add up to, the datanet never pays out more than the root's total.
        uint256 claimedTotal = pool & MAX_UINT96;
        uint256 total = (pool >> 96) & MAX_UINT96;
        bool above;
        unchecked {
            // cumulativeAmount > already, and claimedTotal ≤ total (checked at every claim and post).
            amount = cumulativeAmount - already;
            above = amount > total - claimedTotal;
        }
        if (above) revert ClaimExceedsRoot(datanetId, claimedTotal + amount, total);

        // Effect: claimedTotal + amount ≤ total < 2^96, so adding `amount` to the word changes its claimed bits only.
        bytes32 topic = Claimed.selector;
        assembly ("memory-safe") {
            sstore(accountSlot, cumulativeAmount)
            sstore(poolSlot, add(pool, amount))
            // emit Claimed(datanetId, account, amount)
            mstore(0x00, amount)
            log3(0x00, 0x20, topic, datanetId, and(account, 0xffffffffffffffffffffffffffffffffffffffff))
        }
    }

    /// @dev What was claimed from `datanetId`, and the total of `root` if it is the datanet's active root (0 and 0
    /// before the first root).
    function _pool(uint256 datanetId, bytes32 root) private view returns (uint256 claimedTotal, uint256 total) {
        uint256 pool = _pools[datanetId][root];
        return (pool & MAX_UINT96, (pool >> 96) & MAX_UINT96);
    }

    /// @dev Makes `root`, of total `total` (below 2^96, as accrued is), the pool of `datanetId`'s active root in place
    /// of `previous` (none if zero): the datanet's claimed total moves to it and `previous`'s word is cleared, so that
    /// no proof of it is accepted any more. `root` may be `previous`.
    function _movePool(uint256 datanetId, bytes32 previous, bytes32 root, uint256 total) private {
        mapping(bytes32 root => uint256) storage pools = _pools[datanetId];
        uint256 claimedTotal;
        if (previous != bytes32(0)) {
            claimedTotal = pools[previous] & MAX_UINT96;
            delete pools[previous];
        }
        pools[root] = POOL_LIVE | (total << 96) | claimedTotal;
    }

    /// @dev Checks that a root of `cumulativeTotal` may replace `datanetId`'s active root `activeRoot` (activeTotal ≤
    /// total ≤ accrued), and returns what it can move. A root replaces the whole distribution, so that is its total
    /// less what was already claimed (not only its increase): `claimed` only grows while it is pending, so this bounds
    /// what it can pay.
    function _postExposure(
        uint256 datanetId,
        bytes32 activeRoot,
        uint256 cumulativeTotal
    ) private view returns (uint256 exposure) {
        (uint256 claimedTotal, uint256 activeTotal) = _pool(datanetId, activeRoot);
        if (cumulativeTotal < activeTotal) revert TotalBelowPrevious(datanetId, cumulativeTotal, activeTotal);
        uint256 accruedTotal = _accrued[datanetId];
        if (cumulativeTotal > accruedTotal) revert RootAboveAccrued(datanetId, cumulativeTotal, accruedTotal);
        exposure = cumulativeTotal - claimedTotal;
    }

    /// @dev Checks that `attestor`'s live exposure plus `added` stays within its bond times `factor`, and returns its
    /// pending exposure plus `added`.
    function _coveredPending(
        address attestor,
        Bond storage bond,
        uint256 factor,
        uint256 added
    ) private view returns (uint256 pending) {
        pending = bond.pendingExposure + added;
        uint256 exposure = pending + _recentLive(_recent[attestor]);
        uint256 capacity = uint256(bond.amount) * factor;
        if (exposure > capacity) revert ExposureAboveCapacity(attestor, exposure, capacity);
    }

    /// @dev Makes the pending root active, resets the veto count, and moves the exposure counted at the root's post
    /// from its poster's pending exposure to its recent exposure, locked for `lock` from now.
    function _activate(uint256 datanetId, RootState storage s, uint256 lock) private {
        bytes32 root = s.pendingRoot;
        uint96 total = s.pendingTotal;
        uint32 epoch = s.lastEpoch;
        // Stored at the post: claims have moved `claimed` since, so it cannot be recomputed here.
        uint256 exposure = s.pendingExposure;
        address poster = s.pendingAttestor;
        _movePool(datanetId, s.activeRoot, root, total);
        s.activeRoot = root;
        s.activeEpoch = epoch;
        s.vetoes = 0;
        s.pendingRoot = bytes32(0);
        s.pendingTotal = 0;
        s.pendingExposure = 0;
        s.pendingReadyAt = 0;
        if (exposure != 0) {
            _bonds[poster].pendingExposure -= uint96(exposure);
            _recent[poster] = _recentAdd(_recent[poster], exposure, block.timestamp + lock);
        }
        emit RootActivated(datanetId, epoch, root, total);
    }

    /// @dev Whether `account` is governance: the holder of the AccessManager's ADMIN role (the Timelock).
    function _isGovernance(address account) private view returns (bool isAdmin) {
        (isAdmin, ) = IAccessManager(authority()).hasRole(Roles.ADMIN, account);
    }

    /// @dev The amounts of the buckets of `packed` that have not expired. Branch-free, so that its cost does not
    /// depend on the second.
    function _recentLive(uint256 packed) private view returns (uint256 live) {
        assembly ("memory-safe") {
            let m96 := sub(shl(96, 1), 1)
            let t := timestamp()
            let live0 := lt(t, and(shr(96, packed), 0xffffffff))
            let live1 := lt(t, shr(224, packed))
            live := add(mul(and(packed, m96), live0), mul(and(shr(128, packed), m96), live1))
        }
    }

    /// @dev Adds `amount`, locked until `release`, to the buckets of `packed`. An expired bucket (bucket 0 first) is
    /// reused; if both are live, `amount` joins the one with the later `until`, which becomes the later of the two
    /// releases. So no loop, robust to governance changing the lock, and nothing is ever locked for more than about
    /// twice the lock: a bucket that is not the later one takes nothing more and expires within a lock. A bucket's
    /// amount saturates at 2^96 − 1 (over-counting only ever locks more). Timestamps fit in 32 bits until 2106.
    /// Branch-free, so that its cost does not depend on the second.
    function _recentAdd(uint256 packed, uint256 amount, uint256 release) private view returns (uint256 result) {
        assembly ("memory-safe") {
            let m96 := sub(shl(96, 1), 1)
            let m128 := sub(shl(128, 1), 1)
            let t := timestamp()
            release := xor(release, mul(xor(0xffffffff, release), gt(release, 0xffffffff)))
            let lo := and(packed, m128)
            let hi := shr(128, packed)
            let until0 := shr(96, lo)
            let until1 := shr(96, hi)
            let live0 := lt(t, until0)
            let live1 := lt(t, until1)
            // Bucket 0 if it has expired, or if both are live and it is the later one.
            let toZero := or(iszero(live0), and(live1, iszero(lt(until0, until1))))
            // select(c, a, b) = c ? a : b, as xor(b, mul(xor(a, b), c)).
            let kept := xor(
                mul(and(hi, m96), live1),
                mul(xor(mul(and(lo, m96), live0), mul(and(hi, m96), live1)), toZero)
            )
            let until := xor(until1, mul(xor(until0, until1), toZero))
            let sum := add(kept, amount)
            sum := xor(sum, mul(xor(m96, sum), gt(sum, m96)))
            until := xor(until, mul(xor(release, until), lt(until, release)))
            let bucket := or(sum, shl(96, until))
            lo := xor(lo, mul(xor(bucket, lo), toZero))
            hi := xor(bucket, mul(xor(hi, bucket), toZero))
            result := or(lo, shl(128, hi))
        }
    }

    /// @dev Every window and lock that governance sets lies in [MIN_WINDOW, MAX_WINDOW].
    function _checkWindow(uint256 value) private pure {
        if (value < MIN_WINDOW || value > MAX_WINDOW) revert WindowOutOfBounds(value, MIN_WINDOW, MAX_WINDOW);
    }

    function _setChallengeWindow(uint256 value) private {
        _checkWindow(value);
        _attribution.challengeWindow = uint32(value);
        emit ChallengeWindowSet(value);
    }

    function _setVetoBondLock(uint256 value) private {
        _checkWindow(value);
        _attribution.vetoBondLock = uint32(value);
        emit VetoBondLockSet(value);
    }

    function _setBondFactor(uint256 value) private {
        if (value < 1 || value > MAX_BOND_FACTOR) revert BondFactorOutOfBounds(value, 1, MAX_BOND_FACTOR);
        _attribution.bondFactor = uint16(value);
        emit BondFactorSet(value);
    }

    function _setActivationBondLock(uint256 value) private {
        _checkWindow(value);
        _attribution.activationBondLock = uint32(value);
        emit ActivationBondLockSet(value);
    }

    function _setMaxGuardianVetoes(uint256 value) private {
        if (value < 1 || value > MAX_GUARDIAN_VETOES) revert VetoLimitOutOfBounds(value, 1, MAX_GUARDIAN_VETOES);
        _attribution.maxGuardianVetoes = uint8(value);
        emit MaxGuardianVetoesSet(value);
    }

    /// @dev A minimum above what a bond can hold (96 bits, checked by `depositBond`) would stop every post.
    function _setMinAttestorBond(uint256 value) private {
        if (value > MAX_UINT96) revert MinAttestorBondAboveMax(value, MAX_UINT96);
        _attribution.minAttestorBond = uint128(value);
        emit MinAttestorBondSet(value);
    }
}
