// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAttributionEpochs } from "../../../../contracts/interfaces/IAttributionEpochs.sol";
import { IDatanetRegistry } from "../../../../contracts/interfaces/IDatanetRegistry.sol";
import { ISettlement } from "../../../../contracts/interfaces/ISettlement.sol";
import { OpenToken } from "../../../../contracts/token/OpenToken.sol";
import { IModelRegistry } from "../../../../contracts/interfaces/IModelRegistry.sol";
import { Settlement } from "../../../../contracts/settlement/Settlement.sol";
import { TestBase } from "../../utils/TestBase.sol";

/// @notice Drives the settlement vault through random sequences of what its users do: payers settle single inferences
/// and batches across three models (one fine-tuned from another), the attestor posts roots (sometimes faulty: leaves
/// adding up to more than the declared total), time passes, roots are activated or vetoed, contributors claim one
/// datanet or several at once, pools are paid out, the attestor moves its bond and governance slashes it, replaces a
/// datanet's root, or vetoes once the guardian has reached its limit (which binds only the roots of an attestor that
/// governance appointed). Roots stay within the attestor's capacity (bond × factor, against what each root can move:
/// its total less what was claimed), and withdrawals within its coverage, as a well-behaved attestor would keep them; the epochs seen after
/// every action are checked against the one-step rule.
/// Attribution trees have two leaves, (ALICE, a) and (BOB, b), built here with the standard leaf encoding, so that
/// the handler can prove any claim. Ghost variables record what left the vault, for the invariants.
contract VaultHandler is TestBase {
    address public constant ALICE = address(0xA11CE);
    address public constant BOB = address(0xB0B);
    uint256 public constant DATANETS = 3;
    uint256 public constant MODELS = 3;

    Settlement public immutable settlement;
    OpenToken public immutable open;
    IDatanetRegistry public immutable datanets;
    address public immutable attestor;
    address public immutable guardian;
    address public immutable governance;

    /// @dev The leaf amounts of every root posted, by root.
    mapping(bytes32 root => uint256[2]) private _leaves;

    // ─── Ghosts ──────────────────────────────────────────────────────────────────────────────────────────────────

    uint256 public ghostFees;
    uint256 public ghostTreasuryPaid;
    uint256 public ghostStakersPushed;
    uint256 public ghostModelWithdrawn;
    uint256 public ghostSlashed;
    /// @notice OPEN each contributor received from the vault, measured as balance changes.
    mapping(address account => uint256) public ghostReceived;
    /// @notice The largest cumulative amount of `account` in any root of `datanetId` that became active.
    mapping(uint256 datanetId => mapping(address account => uint256)) public ghostMaxActiveLeaf;
    /// @notice How many times each action went through (or reverted, for claims), to see what a run reached.
    mapping(string action => uint256) public calls;
    /// @notice Epoch moves that broke the rule: lastEpoch moves by +1 (post) or −1 (veto) only, activeEpoch by +1
    /// only, onto the epoch that was pending; a governance replacement installs activeEpoch + 1 as both.
    uint256 public ghostEpochViolations;
    /// @notice Guardian vetoes past the limit that went through.
    uint256 public ghostVetoesPastLimit;
    mapping(uint256 datanetId => uint256) private _seenLast;
    mapping(uint256 datanetId => uint256) private _seenActive;

    constructor(Settlement settlement_, address attestor_, address guardian_, address governance_) {
        settlement = settlement_;
        (address token, , address datanets_, , , ) = settlement_.dependencies();
        open = OpenToken(token);
        datanets = IDatanetRegistry(datanets_);
        attestor = attestor_;
        guardian = guardian_;
        governance = governance_;
    }

    /// @notice Payer `i` (0..2), to be funded and to approve the settlement.
    function payer(uint256 i) public pure returns (address) {
        return address(uint160(0xFA1 + (i % 3)));
    }

    /// @notice The owner of model `modelId` (1..MODELS), to register it.
    function modelOwner(uint256 modelId) public pure returns (address) {
        return address(uint160(0x0E0 + modelId));
    }

    // ─── Settlement ──────────────────────────────────────────────────────────────────────────────────────────────

    function settle(uint256 payerSeed, uint256 modelSeed, uint256 units) external {
        uint256 modelId = 1 + (modelSeed % MODELS);
        units = bound(units, 1, 1_000);
        (, address models, , , , ) = settlement.dependencies();
        uint256 fee = IModelRegistry(models).quote(modelId, units);
        vm.prank(payer(payerSeed));
        settlement.settle(modelId, units, fee, bytes32(units), bytes32(modelSeed));
        ghostFees += fee;
        ++calls["settle"];
    }

    function settleBatch(uint256 payerSeed, uint256 seed, uint256 count) external {
        count = bound(count, 1, 6);
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](count);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            batch[i] = ISettlement.Inference(1 + (r % MODELS), 1 + ((r >> 8) % 100), type(uint256).max, 0, 0);
        }
        vm.prank(payer(payerSeed));
        ghostFees += settlement.settleBatch(batch);
        ++calls["settleBatch"];
    }

    // ─── Attribution ─────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Posts a root over (ALICE, a) and (BOB, b) raising each active amount by what fits in the datanet's
    /// accrued pool; one post in four is faulty: its declared total is below the sum of its leaves.
    function postRoot(uint256 datanetSeed, uint256 addAlice, uint256 addBob, uint256 faultSeed) external {
        uint256 datanetId = 1 + (datanetSeed % DATANETS);
        IAttributionEpochs.RootView memory s = settlement.rootState(datanetId);
        if (s.pendingReadyAt != 0) {
            if (block.timestamp < s.pendingReadyAt) return;
            _activate(datanetId);
            s = settlement.rootState(datanetId);
        }
        uint256[2] memory active = _leaves[s.activeRoot];
        uint256 accrued = settlement.accrued(datanetId);
        uint256 base = active[0] + active[1];
        uint256 room = accrued > base ? accrued - base : 0;
        uint256 a = active[0] + bound(addAlice, 0, room);
        uint256 b = active[1] + bound(addBob, 0, room - (a - active[0]));
        uint256 total = a + b;
        if (faultSeed % 4 == 0) {
            uint256 ceiling = total < accrued ? total : accrued;
            if (ceiling < s.activeTotal) return;
            total = bound(faultSeed >> 2, s.activeTotal, ceiling);
        }
        if (total > accrued || total < s.activeTotal) return;
        // Within the attestor's capacity: its bond times the factor covers its live roots.
        (uint256 pending, uint256 recent, uint256 capacity) = settlement.exposureOf(attestor);
        if (pending + recent + (total - s.claimed) > capacity) return;
        bytes32 root = _root(a, b);
        _leaves[root] = [a, b];
        vm.prank(attestor);
        settlement.postRoot(datanetId, s.lastEpoch + 1, root, total, "ipfs://allocation");
        ++calls["postRoot"];
        _observe(datanetId);
    }

    function warp(uint256 seconds_) external {
        uint256 window = settlement.challengeWindow();
        vm.warp(block.timestamp + bound(seconds_, window / 2, 2 * window));
        ++calls["warp"];
    }

    function activateRoot(uint256 datanetSeed) external {
        _activateIfReady(1 + (datanetSeed % DATANETS));
    }

    /// @dev The guardian vetoes; past its limit of consecutive vetoes of a governance-appointed attestor's roots it is
    /// refused, and governance vetoes instead. Roots of an owner-set attestor it may veto without limit.
    function vetoRoot(uint256 datanetSeed) external {
        uint256 datanetId = 1 + (datanetSeed % DATANETS);
        IAttributionEpochs.RootView memory s = settlement.rootState(datanetId);
        if (s.pendingReadyAt == 0 || block.timestamp >= s.pendingReadyAt) return;
        vm.prank(guardian);
        try settlement.vetoRoot(datanetId, s.lastEpoch) {
            bool counted = datanets.attestorAppointed(datanetId) && datanets.attestorOf(datanetId) == attestor;
            if (counted && s.vetoes >= settlement.maxGuardianVetoes()) ++ghostVetoesPastLimit;
            ++calls["vetoRoot"];
        } catch {
            vm.prank(governance);
            settlement.vetoRoot(datanetId, s.lastEpoch);
            ++calls["vetoRoot.byGovernance"];
        }
        _observe(datanetId);
    }

    /// @dev Governance replaces a datanet's root: each leaf at least what its account claimed, the total between
    /// what was claimed and what accrued (possibly below the active total), discarding any pending root.
    function replaceRoot(uint256 datanetSeed, uint256 addAlice, uint256 addBob) external {
        uint256 datanetId = 1 + (datanetSeed % DATANETS);
        uint256 accrued = settlement.accrued(datanetId);
        uint256 a = settlement.claimed(datanetId, ALICE);
        uint256 b = settlement.claimed(datanetId, BOB);
        uint256 room = accrued - a - b;
        a += bound(addAlice, 0, room);
        b += bound(addBob, 0, room - (a - settlement.claimed(datanetId, ALICE)));
        bytes32 root = _root(a, b);
        _leaves[root] = [a, b];
        vm.prank(governance);
        settlement.replaceRootByGovernance(datanetId, root, a + b, "ipfs://governance");
        if (a > ghostMaxActiveLeaf[datanetId][ALICE]) ghostMaxActiveLeaf[datanetId][ALICE] = a;
        if (b > ghostMaxActiveLeaf[datanetId][BOB]) ghostMaxActiveLeaf[datanetId][BOB] = b;
        ++calls["replaceRootByGovernance"];
        _observe(datanetId);
    }

    /// @dev Activates the pending root first when its window is over, as a claimant would.
    function claim(uint256 datanetSeed, uint256 accountSeed, address caller) external {
        uint256 datanetId = 1 + (datanetSeed % DATANETS);
        _activateIfReady(datanetId);
        bytes32 root = settlement.rootState(datanetId).activeRoot;
        if (root == bytes32(0)) return;
        address account = accountSeed % 2 == 0 ? ALICE : BOB;
        (uint256 amount, bytes32[] memory proof) = _proofOf(root, account);
        uint256 before = open.balanceOf(account);
        vm.prank(caller);
        // A faulty root lets only the first claimants in, up to its total; the rest revert with ClaimExceedsRoot.
        try settlement.claim(datanetId, account, amount, proof) {
            ghostReceived[account] += open.balanceOf(account) - before;
            ++calls["claim"];
        } catch {
            ++calls["claim.reverted"];
        }
    }

    function claimMany(uint256 accountSeed) external {
        address account = accountSeed % 2 == 0 ? ALICE : BOB;
        IAttributionEpochs.DatanetClaim[] memory claims = new IAttributionEpochs.DatanetClaim[](DATANETS);
        uint256 n;
        for (uint256 d = 1; d <= DATANETS; ++d) {
            _activateIfReady(d);
            bytes32 root = settlement.rootState(d).activeRoot;
            if (root == bytes32(0)) continue;
            (uint256 amount, bytes32[] memory proof) = _proofOf(root, account);
            claims[n++] = IAttributionEpochs.DatanetClaim(d, amount, proof);
        }
        // Shrink to the datanets that have an active root.
        assembly ("memory-safe") {
            mstore(claims, n)
        }
        uint256 before = open.balanceOf(account);
        try settlement.claimMany(account, claims) {
            ghostReceived[account] += open.balanceOf(account) - before;
            ++calls["claimMany"];
        } catch {
            ++calls["claimMany.reverted"];
        }
    }

    // ─── Payouts ─────────────────────────────────────────────────────────────────────────────────────────────────

    function pushStakerRewards() external {
        uint256 amount = settlement.stakersAccrued();
        if (amount == 0) return;
        settlement.pushStakerRewards();
        ghostStakersPushed += amount;
        ++calls["pushStakerRewards"];
    }

    function payTreasury() external {
        uint256 amount = settlement.treasuryAccrued();
        if (amount == 0) return;
        settlement.payTreasury();
        ghostTreasuryPaid += amount;
        ++calls["payTreasury"];
    }

    function withdrawModelRevenue(uint256 modelSeed) external {
        uint256 modelId = 1 + (modelSeed % MODELS);
        uint256 amount = settlement.modelRevenue(modelId);
        if (amount == 0) return;
        vm.prank(modelOwner(modelId));
        settlement.withdrawModelRevenue(modelId, modelOwner(modelId));
        ghostModelWithdrawn += amount;
        ++calls["withdrawModelRevenue"];
    }

    // ─── Bonds ───────────────────────────────────────────────────────────────────────────────────────────────────

    function depositBond(uint256 amount) external {
        amount = bound(amount, 1, open.balanceOf(attestor) / 4 + 1);
        vm.prank(attestor);
        settlement.depositBond(amount);
        ++calls["depositBond"];
    }

    /// @dev Withdraws what the bond's coverage of the attestor's live roots leaves free.
    function withdrawBond(uint256 amount) external {
        (uint256 bond, uint256 lockedUntil) = settlement.bondOf(attestor);
        if (bond == 0 || block.timestamp < lockedUntil) return;
        (uint256 pending, uint256 recent, ) = settlement.exposureOf(attestor);
        uint256 factor = settlement.bondFactor();
        uint256 needed = (pending + recent + factor - 1) / factor;
        if (needed >= bond) return;
        vm.prank(attestor);
        settlement.withdrawBond(bound(amount, 1, bond - needed));
        ++calls["withdrawBond"];
    }

    function slashBond(uint256 amount) external {
        (uint256 bond, ) = settlement.bondOf(attestor);
        if (bond == 0) return;
        amount = bound(amount, 1, bond);
        vm.prank(governance);
        settlement.slashBond(attestor, amount);
        ghostSlashed += amount;
        ++calls["slashBond"];
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    function _activateIfReady(uint256 datanetId) private {
        uint256 readyAt = settlement.rootState(datanetId).pendingReadyAt;
        if (readyAt == 0 || block.timestamp < readyAt) return;
        _activate(datanetId);
    }

    function _activate(uint256 datanetId) private {
        settlement.activateRoot(datanetId);
        ++calls["activateRoot"];
        _observe(datanetId);
        uint256[2] memory amounts = _leaves[settlement.rootState(datanetId).activeRoot];
        if (amounts[0] > ghostMaxActiveLeaf[datanetId][ALICE]) ghostMaxActiveLeaf[datanetId][ALICE] = amounts[0];
        if (amounts[1] > ghostMaxActiveLeaf[datanetId][BOB]) ghostMaxActiveLeaf[datanetId][BOB] = amounts[1];
    }

    /// @dev Checks the move of datanet `datanetId`'s epochs since the last observation against the one-step rule.
    function _observe(uint256 datanetId) private {
        IAttributionEpochs.RootView memory s = settlement.rootState(datanetId);
        uint256 last = _seenLast[datanetId];
        uint256 active = _seenActive[datanetId];
        bool lastOk = s.lastEpoch == last || s.lastEpoch == last + 1 || s.lastEpoch + 1 == last;
        // A replacement by governance may discard a pending root: activeEpoch + 1 then equals the old lastEpoch.
        bool activeOk = s.activeEpoch == active || (s.activeEpoch == active + 1 && s.activeEpoch <= last + 1);
        bool shapeOk = s.lastEpoch == s.activeEpoch + (s.pendingReadyAt != 0 ? 1 : 0);
        if (!lastOk || !activeOk || !shapeOk) ++ghostEpochViolations;
        _seenLast[datanetId] = s.lastEpoch;
        _seenActive[datanetId] = s.activeEpoch;
    }

    function _root(uint256 a, uint256 b) private pure returns (bytes32) {
        bytes32 x = _leaf(ALICE, a);
        bytes32 y = _leaf(BOB, b);
        return x < y ? keccak256(abi.encode(x, y)) : keccak256(abi.encode(y, x));
    }

    function _proofOf(bytes32 root, address account) private view returns (uint256 amount, bytes32[] memory proof) {
        uint256[2] memory amounts = _leaves[root];
        proof = new bytes32[](1);
        if (account == ALICE) {
            amount = amounts[0];
            proof[0] = _leaf(BOB, amounts[1]);
        } else {
            amount = amounts[1];
            proof[0] = _leaf(ALICE, amounts[0]);
        }
    }

    function _leaf(address account, uint256 amount) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
    }
}
