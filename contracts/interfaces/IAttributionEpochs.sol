// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IAttributionEpochs
/// @notice Per datanet, its attestor posts a cumulative Merkle root of what each contributor has earned in all, over
/// `(account, cumulativeAmount)` leaves in the standard encoding of OpenZeppelin's merkle-tree library. The root waits
/// out a challenge window, during which the guardian or governance may veto it; then anyone activates it and it
/// becomes claimable, replacing the previous one. A claim pays `cumulativeAmount − claimed`, so one proof covers every
/// past epoch. For every datanet, claimed ≤ the active root's total ≤ accrued, checked on-chain. Attestors bond OPEN;
/// governance may slash a bond to the treasury.
///
/// Epochs advance by exactly one: the root of `lastEpoch + 1` is the only one that can be posted, and a vetoed root
/// gives its epoch back. A root replaces the whole distribution, so each root carries what it can move: its total less
/// what was already claimed when it was posted (claims only grow while it is pending, so this bounds what it can pay).
/// An attestor's exposure is what its pending roots can move plus what its roots activated less than
/// `activationBondLock` ago could; it never exceeds its bond times `bondFactor` at a post, and the bond cannot be
/// withdrawn below it. So a root that nobody vetoed still has its bond at stake, and slashable, for
/// `activationBondLock` after it became claimable. The guardian may veto the roots of an attestor set by the datanet's
/// owner without limit; for the roots of an attestor that governance appointed, after `maxGuardianVetoes` consecutive
/// vetoes only governance may veto the next ones. Governance may also replace a datanet's root outright, between what
/// was claimed and what accrued.
interface IAttributionEpochs {
    /// @notice The attribution state of one datanet.
    struct RootView {
        bytes32 activeRoot;
        uint256 activeTotal;
        uint256 activeEpoch;
        uint256 claimed;
        bytes32 pendingRoot;
        uint256 pendingTotal;
        uint256 pendingReadyAt;
        uint256 lastEpoch;
        uint256 vetoes;
    }

    /// @notice One datanet's part of a `claimMany`.
    struct DatanetClaim {
        uint256 datanetId;
        uint256 cumulativeAmount;
        bytes32[] proof;
    }

    /// @notice Thrown when `caller` posts a root for `datanetId`, whose attestor is `attestor`.
    /// @param datanetId The datanet.
    /// @param caller Who called.
    /// @param attestor The attestor.
    error NotAttestor(uint256 datanetId, address caller, address attestor);
    /// @notice Thrown when `attestor`'s bond is below the minimum.
    /// @param attestor The attestor.
    /// @param bond The bond, in OPEN.
    /// @param minBond The minimum bond, in OPEN.
    error BondTooLow(address attestor, uint256 bond, uint256 minBond);
    /// @notice Thrown when a root is zero.
    error ZeroRoot();
    /// @notice Thrown when `epoch` is not the next epoch of `datanetId`, `expected` (its last epoch plus one).
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    /// @param expected The next epoch.
    error EpochNotNext(uint256 datanetId, uint256 epoch, uint256 expected);
    /// @notice Thrown when a root would bring `attestor`'s exposure to `exposure`, above its bond times the bond factor,
    /// `capacity`.
    /// @param attestor The attestor.
    /// @param exposure What its live roots can move, in OPEN.
    /// @param capacity Its bond times the bond factor, in OPEN.
    error ExposureAboveCapacity(address attestor, uint256 exposure, uint256 capacity);
    /// @notice Thrown when a root is posted while the root of `epoch` waits out its window until `readyAt`.
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    /// @param readyAt When the pending root can be activated (a timestamp; 0 if none is pending).
    error RootPending(uint256 datanetId, uint256 epoch, uint256 readyAt);
    /// @notice Thrown when a cumulative total falls below the active root's.
    /// @param datanetId The datanet.
    /// @param total The total, in OPEN.
    /// @param previousTotal The active root's total, in OPEN.
    error TotalBelowPrevious(uint256 datanetId, uint256 total, uint256 previousTotal);
    /// @notice Thrown when a cumulative total exceeds what `datanetId` has accrued.
    /// @param datanetId The datanet.
    /// @param total The total, in OPEN.
    /// @param accrued What the datanet has accrued, in OPEN.
    error RootAboveAccrued(uint256 datanetId, uint256 total, uint256 accrued);
    /// @notice Thrown when activating with no pending root past its window (`readyAt` 0 means none is pending).
    /// @param datanetId The datanet.
    /// @param readyAt When the pending root can be activated (a timestamp; 0 if none is pending).
    error NoRootReady(uint256 datanetId, uint256 readyAt);
    /// @notice Thrown when vetoing anything but the pending root of `datanetId` inside its window.
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    error RootNotVetoable(uint256 datanetId, uint256 epoch);
    /// @notice Thrown when the guardian vetoes a root of `datanetId` posted by its governance-appointed attestor after
    /// `vetoes` consecutive vetoes of such roots, the `limit`: only governance may veto it.
    /// @param datanetId The datanet.
    /// @param vetoes The consecutive vetoes so far.
    /// @param limit The veto limit.
    error VetoLimitReached(uint256 datanetId, uint256 vetoes, uint256 limit);
    /// @notice Thrown when governance replaces the root of `datanetId` with a `total` below what was `claimed`.
    /// @param datanetId The datanet.
    /// @param total The total, in OPEN.
    /// @param claimed What was claimed, in OPEN.
    error TotalBelowClaimed(uint256 datanetId, uint256 total, uint256 claimed);
    /// @notice Thrown when claiming from a datanet that has no active root.
    /// @param datanetId The datanet.
    error NoActiveRoot(uint256 datanetId);
    /// @notice Thrown when a proof does not prove `(account, cumulativeAmount)` against the active root.
    /// @param datanetId The datanet.
    /// @param account The account.
    /// @param cumulativeAmount What the account has earned in all, in OPEN.
    error InvalidProof(uint256 datanetId, address account, uint256 cumulativeAmount);
    /// @notice Thrown when `account` already claimed `alreadyClaimed` ≥ `cumulativeAmount` from `datanetId`.
    /// @param datanetId The datanet.
    /// @param account The account.
    /// @param cumulativeAmount What the account has earned in all, in OPEN.
    /// @param alreadyClaimed What the account claimed already, in OPEN.
    error NothingToClaim(uint256 datanetId, address account, uint256 cumulativeAmount, uint256 alreadyClaimed);
    /// @notice Thrown when a `claimMany` for `account` pays nothing at all.
    /// @param account The account.
    error NothingNewToClaim(address account);
    /// @notice Thrown when claims of `datanetId` would reach `claimed`, above the active root's `total`.
    /// @param datanetId The datanet.
    /// @param claimed What was claimed, in OPEN.
    /// @param total The total, in OPEN.
    error ClaimExceedsRoot(uint256 datanetId, uint256 claimed, uint256 total);
    /// @notice Thrown when `attestor` withdraws its bond before `lockedUntil`.
    /// @param attestor The attestor.
    /// @param lockedUntil Until when a veto locks the bond (a timestamp).
    error BondLocked(address attestor, uint256 lockedUntil);
    /// @notice Thrown when `amount` exceeds `attestor`'s `bond`.
    /// @param attestor The attestor.
    /// @param bond The bond, in OPEN.
    /// @param amount The amount, in OPEN.
    error InsufficientBond(address attestor, uint256 bond, uint256 amount);
    /// @notice Thrown when a withdrawal would leave `attestor` a bond whose `coverage` (what remains times the bond
    /// factor) is below its live `exposure`.
    /// @param attestor The attestor.
    /// @param coverage What would remain, times the bond factor.
    /// @param exposure What its live roots can move, in OPEN.
    error BondBelowExposure(address attestor, uint256 coverage, uint256 exposure);
    /// @notice Thrown when a bond would exceed `max`, the most a bond can hold.
    /// @param bond The bond, in OPEN.
    /// @param max The most it may be.
    error BondAboveMax(uint256 bond, uint256 max);
    /// @notice Thrown when an amount is zero.
    error ZeroBondAmount();
    /// @notice Thrown when governance sets a minimum attestor bond `minBond` above `max`, the most a bond can hold.
    /// @param minBond The minimum bond, in OPEN.
    /// @param max The most it may be.
    error MinAttestorBondAboveMax(uint256 minBond, uint256 max);
    /// @notice Thrown when governance sets a window outside [min, max].
    /// @param window The window, in seconds.
    /// @param min The least it may be.
    /// @param max The most it may be.
    error WindowOutOfBounds(uint256 window, uint256 min, uint256 max);
    /// @notice Thrown when governance sets a bond factor `factor` outside [min, max].
    /// @param factor The bond factor set.
    /// @param min The least it may be.
    /// @param max The most it may be.
    error BondFactorOutOfBounds(uint256 factor, uint256 min, uint256 max);
    /// @notice Thrown when governance sets a guardian veto limit `limit` outside [min, max].
    /// @param limit The veto limit.
    /// @param min The least it may be.
    /// @param max The most it may be.
    error VetoLimitOutOfBounds(uint256 limit, uint256 min, uint256 max);

    /// @notice Emitted when the attestor of `datanetId` posted the root of `epoch`, claimable from `readyAt`.
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    /// @param root The Merkle root.
    /// @param cumulativeTotal The sum of its leaves, in OPEN.
    /// @param readyAt When the pending root can be activated (a timestamp; 0 if none is pending).
    /// @param attestor The attestor.
    /// @param uri Where its allocation file is.
    event RootPosted(
        uint256 indexed datanetId,
        uint256 indexed epoch,
        bytes32 root,
        uint256 cumulativeTotal,
        uint256 readyAt,
        address indexed attestor,
        string uri
    );
    /// @notice Emitted when the root of `epoch` became the claimable root of `datanetId`.
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    /// @param root The Merkle root.
    /// @param cumulativeTotal The sum of its leaves, in OPEN.
    event RootActivated(uint256 indexed datanetId, uint256 indexed epoch, bytes32 root, uint256 cumulativeTotal);
    /// @notice Emitted when the root of `epoch` was vetoed by `by`; it will never be claimable.
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    /// @param root The Merkle root.
    /// @param by Who vetoed: the guardian or governance.
    event RootVetoed(uint256 indexed datanetId, uint256 indexed epoch, bytes32 root, address by);
    /// @notice Emitted when `account` was paid `amount` from `datanetId`. What it has claimed in all is the sum of
    /// its `amount`s there, and `claimed(datanetId, account)`.
    /// @param datanetId The datanet.
    /// @param account The account.
    /// @param amount The amount, in OPEN.
    event Claimed(uint256 indexed datanetId, address indexed account, uint256 amount);
    /// @notice Emitted when `attestor` bonded `amount` more, to `bond` in all.
    /// @param attestor The attestor.
    /// @param amount The amount, in OPEN.
    /// @param bond The bond, in OPEN.
    event BondDeposited(address indexed attestor, uint256 amount, uint256 bond);
    /// @notice Emitted when `attestor` withdrew `amount` of its bond, leaving `bond`.
    /// @param attestor The attestor.
    /// @param amount The amount, in OPEN.
    /// @param bond The bond, in OPEN.
    event BondWithdrawn(address indexed attestor, uint256 amount, uint256 bond);
    /// @notice Emitted when governance slashed `amount` of `attestor`'s bond to the treasury, leaving `bond`.
    /// @param attestor The attestor.
    /// @param amount The amount, in OPEN.
    /// @param bond The bond, in OPEN.
    event BondSlashed(address indexed attestor, uint256 amount, uint256 bond);
    /// @notice Emitted when governance replaced the root state of `datanetId` with `root`, claimable at once as
    /// `epoch`, discarding the pending root `discardedRoot` (zero if none).
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    /// @param root The Merkle root.
    /// @param cumulativeTotal The sum of its leaves, in OPEN.
    /// @param discardedRoot The pending root discarded (zero if none).
    /// @param uri Where its allocation file is.
    event RootReplacedByGovernance(
        uint256 indexed datanetId,
        uint256 indexed epoch,
        bytes32 root,
        uint256 cumulativeTotal,
        bytes32 discardedRoot,
        string uri
    );
    /// @notice Emitted when governance set the challenge window.
    /// @param challengeWindow The window, in seconds.
    event ChallengeWindowSet(uint256 challengeWindow);
    /// @notice Emitted when governance set how long a veto locks the attestor's bond (time to vote a slash).
    /// @param vetoBondLock The lock, in seconds.
    event VetoBondLockSet(uint256 vetoBondLock);
    /// @notice Emitted when governance set the minimum attestor bond.
    /// @param minAttestorBond The minimum bond, in OPEN.
    event MinAttestorBondSet(uint256 minAttestorBond);
    /// @notice Emitted when governance set how many times its bond an attestor's live roots may move.
    /// @param bondFactor The bond factor.
    event BondFactorSet(uint256 bondFactor);
    /// @notice Emitted when governance set how long a bond stays locked after the root it backs activates.
    /// @param activationBondLock The lock, in seconds.
    event ActivationBondLockSet(uint256 activationBondLock);
    /// @notice Emitted when governance set how many consecutive vetoes of one datanet's governance-appointed attestor
    /// the guardian may make.
    /// @param maxGuardianVetoes The veto limit.
    event MaxGuardianVetoesSet(uint256 maxGuardianVetoes);

    /// @notice The shortest challenge window (and veto bond lock) governance may set.
    /// @return The bound, in seconds.
    function MIN_WINDOW() external view returns (uint256);
    /// @notice The longest challenge window (and veto bond lock) governance may set.
    /// @return The bound, in seconds.
    function MAX_WINDOW() external view returns (uint256);
    /// @notice The largest bond factor governance may set (the smallest is 1).
    /// @return The bound.
    function MAX_BOND_FACTOR() external view returns (uint256);
    /// @notice The largest guardian veto limit governance may set (the smallest is 1).
    /// @return The bound.
    function MAX_GUARDIAN_VETOES() external view returns (uint256);
    /// @notice How long a posted root waits before it can be activated.
    /// @return The window, in seconds.
    function challengeWindow() external view returns (uint256);
    /// @notice How long a veto locks the attestor's bond.
    /// @return The lock, in seconds.
    function vetoBondLock() external view returns (uint256);
    /// @notice The bond an attestor needs to post.
    /// @return The minimum bond, in OPEN.
    function minAttestorBond() external view returns (uint256);
    /// @notice How many times its bond what an attestor's live roots can move may add up to.
    /// @return The bond factor.
    function bondFactor() external view returns (uint256);
    /// @notice How long, after the root it backs activates, a bond stays locked and slashable.
    /// @return The lock, in seconds.
    function activationBondLock() external view returns (uint256);
    /// @notice How many consecutive vetoes of the roots of one datanet's governance-appointed attestor the guardian may
    /// make before only governance may (the roots of an owner-set attestor it may veto without limit).
    /// @return The veto limit.
    function maxGuardianVetoes() external view returns (uint256);
    /// @notice The attribution state of `datanetId`.
    /// @param datanetId The datanet.
    /// @return Its active and pending roots, totals, epochs and vetoes.
    function rootState(uint256 datanetId) external view returns (RootView memory);
    /// @notice What `account` has claimed from `datanetId` in all.
    /// @param datanetId The datanet.
    /// @param account The account.
    /// @return The amount, in OPEN.
    function claimed(uint256 datanetId, address account) external view returns (uint256);
    /// @notice `attestor`'s bond, and until when a veto keeps it from being withdrawn at all.
    /// @param attestor The attestor.
    /// @return amount The bond, in OPEN.
    /// @return lockedUntil Until when a veto locks it (a timestamp; 0 if never).
    function bondOf(address attestor) external view returns (uint256 amount, uint256 lockedUntil);
    /// @notice What `attestor`'s live roots can move (each root: its total less what its datanet had claimed when it was
    /// posted), for its pending roots and for its roots activated less than about `activationBondLock` ago (merged
    /// over at most twice that), and its bond times the bond factor.
    /// @param attestor The attestor.
    /// @return pending What its pending roots can move.
    /// @return recent What its recently activated roots could move, still locked.
    /// @return capacity Its bond times the bond factor: a post must keep pending + recent + what it moves within it.
    function exposureOf(address attestor) external view returns (uint256 pending, uint256 recent, uint256 capacity);

    /// @notice Posts the root of `epoch` (the last epoch plus one) for `datanetId`. The datanet's bonded attestor
    /// only, within its capacity; not while paused.
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    /// @param root The Merkle root.
    /// @param cumulativeTotal The sum of its leaves, in OPEN.
    /// @param uri Where its allocation file is.
    function postRoot(
        uint256 datanetId,
        uint256 epoch,
        bytes32 root,
        uint256 cumulativeTotal,
        string calldata uri
    ) external;
    /// @notice Makes the pending root of `datanetId` claimable once its window is over. Anyone may call.
    /// @param datanetId The datanet.
    function activateRoot(uint256 datanetId) external;
    /// @notice Vetoes the pending root of `epoch` inside its window, gives the epoch back, and locks its attestor's
    /// bond. Guardian or governance. For a root posted by the datanet's governance-appointed attestor, the veto counts,
    /// and after `maxGuardianVetoes` consecutive ones only governance may veto; other roots the guardian may veto
    /// without limit, and their vetoes do not count.
    /// @param datanetId The datanet.
    /// @param epoch The epoch.
    function vetoRoot(uint256 datanetId, uint256 epoch) external;
    /// @notice Governance's way out for a datanet whose root state is stuck or fraudulent: discards any pending root
    /// (releasing its attestor's exposure) and makes `root` claimable at once as the active epoch plus one. Its total
    /// may fall below the active one, never below what was claimed, and never above what accrued. Governance only.
    /// @param datanetId The datanet.
    /// @param root The new root.
    /// @param cumulativeTotal The sum of its leaves.
    /// @param uri Where its allocation file is.
    function replaceRootByGovernance(
        uint256 datanetId,
        bytes32 root,
        uint256 cumulativeTotal,
        string calldata uri
    ) external;
    /// @notice Pays `account` what it has not yet claimed of `cumulativeAmount` from `datanetId`. Anyone may call;
    /// the tokens always go to `account`.
    /// @param datanetId The datanet.
    /// @param account The account.
    /// @param cumulativeAmount What the account has earned in all, in OPEN.
    /// @param proof The Merkle proof of `(account, cumulativeAmount)` against the active root.
    function claim(uint256 datanetId, address account, uint256 cumulativeAmount, bytes32[] calldata proof) external;
    /// @notice Claims for `account` from several datanets, in one transfer. Datanets with nothing new are skipped.
    /// @param account The account.
    /// @param claims Per datanet, the cumulative amount and its proof.
    function claimMany(address account, DatanetClaim[] calldata claims) external;
    /// @notice Adds `amount` OPEN (approved) to the caller's attestor bond.
    /// @param amount The amount, in OPEN.
    function depositBond(uint256 amount) external;
    /// @notice Withdraws `amount` of the caller's bond, once no veto locks it, keeping what remains times the bond
    /// factor at or above its live exposure.
    /// @param amount The amount, in OPEN.
    function withdrawBond(uint256 amount) external;
    /// @notice Slashes `amount` of `attestor`'s bond to the treasury. Governance only.
    /// @param attestor The attestor.
    /// @param amount The amount, in OPEN.
    function slashBond(address attestor, uint256 amount) external;
    /// @notice Sets the challenge window. Governance only.
    /// @param newWindow The window, in seconds.
    function setChallengeWindow(uint256 newWindow) external;
    /// @notice Sets how long a veto locks the attestor's bond. Governance only.
    /// @param newLock The lock, in seconds.
    function setVetoBondLock(uint256 newLock) external;
    /// @notice Sets the minimum attestor bond. Governance only.
    /// @param newMinBond The minimum bond, in OPEN.
    function setMinAttestorBond(uint256 newMinBond) external;
    /// @notice Sets the bond factor, in [1, MAX_BOND_FACTOR]. Governance only.
    /// @param newFactor How many times its bond an attestor's live roots may move (each: its total less what was
    /// claimed at its post).
    function setBondFactor(uint256 newFactor) external;
    /// @notice Sets how long a bond stays locked after the root it backs activates, in [MIN_WINDOW, MAX_WINDOW].
    /// Governance only.
    /// @param newLock The lock, in seconds.
    function setActivationBondLock(uint256 newLock) external;
    /// @notice Sets the guardian's limit of consecutive vetoes per datanet of a governance-appointed attestor's roots,
    /// in [1, MAX_GUARDIAN_VETOES]. Governance only.
    /// @param newLimit The limit.
    function setMaxGuardianVetoes(uint256 newLimit) external;
}
