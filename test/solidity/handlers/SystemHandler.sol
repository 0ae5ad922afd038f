// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IGovernor } from "@openzeppelin/contracts/governance/IGovernor.sol";
import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";
import { OpenAccessManager } from "../../../contracts/governance/OpenAccessManager.sol";
import { OpenGovernor } from "../../../contracts/governance/OpenGovernor.sol";
import { OpenTimelock } from "../../../contracts/governance/OpenTimelock.sol";
import { IErrors } from "../../../contracts/interfaces/IErrors.sol";
import { IOpenGovernor } from "../../../contracts/interfaces/IOpenGovernor.sol";
import { IAttributionEpochs } from "../../../contracts/interfaces/IAttributionEpochs.sol";
import { IDatanetRegistry } from "../../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../../contracts/interfaces/ISettlement.sol";
import { IStakedOpen } from "../../../contracts/interfaces/IStakedOpen.sol";
import { Roles } from "../../../contracts/libraries/Roles.sol";
import { DatanetRegistry } from "../../../contracts/registry/DatanetRegistry.sol";
import { ModelRegistry } from "../../../contracts/registry/ModelRegistry.sol";
import { Settlement } from "../../../contracts/settlement/Settlement.sol";
import { StakedOpen } from "../../../contracts/staking/StakedOpen.sol";
import { OpenToken } from "../../../contracts/token/OpenToken.sol";
import { TestBase } from "../utils/TestBase.sol";

/// @notice The deployed suite, as the handlers see it. `deployer` deployed it and gave up its roles.
struct System {
    OpenToken open;
    StakedOpen gopen;
    DatanetRegistry datanets;
    ModelRegistry models;
    Settlement settlement;
    OpenGovernor governor;
    OpenTimelock timelock;
    OpenAccessManager manager;
    address guardian;
    address treasury;
    address deployer;
}

/// @notice What both handlers share: the suite, the actors and attestors, and the record of surprises. A handler never
/// reverts to report a problem (the invariant runner ignores reverts): a call that ends other than the handler
/// predicted is counted in `surprises`, and the first one is described in `firstSurprise`, for the invariants to read.
abstract contract SystemActors is TestBase {
    OpenToken public immutable open;
    StakedOpen public immutable gopen;
    DatanetRegistry public immutable datanets;
    ModelRegistry public immutable models;
    Settlement public immutable settlement;
    OpenGovernor public immutable governor;
    OpenTimelock public immutable timelock;
    OpenAccessManager public immutable manager;
    address public immutable guardian;
    address public immutable treasury;
    address public immutable deployer;

    address[] internal _actors;
    address[] internal _attestors;

    /// @notice Calls that ended other than predicted.
    uint256 public surprises;
    /// @notice The first of them: the action and the revert data (or what was wrong).
    string public firstSurprise;
    /// @notice How many times each action ran to the end, by name (to see that the runs do something).
    mapping(bytes32 action => uint256) public calls;

    constructor(System memory s, address[] memory actors_, address[] memory attestors_) {
        open = s.open;
        gopen = s.gopen;
        datanets = s.datanets;
        models = s.models;
        settlement = s.settlement;
        governor = s.governor;
        timelock = s.timelock;
        manager = s.manager;
        guardian = s.guardian;
        treasury = s.treasury;
        deployer = s.deployer;
        _actors = actors_;
        _attestors = attestors_;
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function attestors() external view returns (address[] memory) {
        return _attestors;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % _actors.length];
    }

    function _done(bytes32 action) internal {
        ++calls[action];
    }

    function _surprise(string memory action, bytes memory reason) internal {
        if (++surprises == 1) firstSurprise = string.concat(action, ": 0x", _hex(reason));
    }

    /// @dev A call the handler expected to be refused with `expected` was refused with `reason`.
    function _refused(string memory action, bytes memory reason, bytes4 expected) internal {
        if (reason.length < 4 || bytes4(reason) != expected) _surprise(action, reason);
        else _done(bytes32(bytes(string.concat(action, ".refused"))));
    }

    /// @dev Ends a call predicted to succeed (`expected` 0) or to be refused with `expected`, which succeeded.
    function _succeededAgainst(string memory action, bytes4 expected) internal returns (bool asPredicted) {
        if (expected != bytes4(0)) {
            _surprise(string.concat(action, " was not refused"), abi.encodePacked(expected));
            return false;
        }
        _done(bytes32(bytes(action)));
        return true;
    }

    /// @dev Ends a call predicted to succeed (`expected` 0) or to be refused with `expected`, which reverted.
    function _revertedAgainst(string memory action, bytes memory reason, bytes4 expected) internal {
        if (expected == bytes4(0)) _surprise(action, reason);
        else _refused(action, reason, expected);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function _hex(bytes memory data) internal pure returns (string memory) {
        bytes memory digits = "0123456789abcdef";
        uint256 n = data.length < 68 ? data.length : 68;
        bytes memory out = new bytes(2 * n);
        for (uint256 i; i < n; ++i) {
            out[2 * i] = digits[uint8(data[i]) >> 4];
            out[2 * i + 1] = digits[uint8(data[i]) & 0x0f];
        }
        return string(out);
    }
}

/// @notice Drives the protocol's users through random sequences across the whole suite: stakers (stake, delegate,
/// request and withdraw, claim rewards), datanet owners and contributors (create, contribute, review, Merkle batches,
/// bond credit, attestor changes), model builders (register with or without parent, publish versions, transfer the
/// NFT, withdraw revenue), payers (single and batch settlement across models), attestors (bonds, roots built here from
/// the handler's own cumulative ledger), anyone (activate roots, claim one or many datanets, push the pools) and the
/// guardian's veto. Every call's outcome is predicted from the state beforehand; money paths also check the exact
/// amounts that moved. Ghosts record what the invariants cannot read on-chain.
contract SystemHandler is SystemActors {
    /// @notice One contribution or Merkle batch the handler made, with the status its own decisions lead to.
    struct Record {
        uint256 datanetId;
        bytes32 key;
        bool batch;
        IDatanetRegistry.Status expected;
    }

    /// @notice An attribution tree the handler posted: up to four `(account, cumulativeAmount)` leaves.
    struct Tree {
        uint256 n;
        address[4] accounts;
        uint256[4] amounts;
    }

    uint256 public constant MAX_DATANETS = 5;
    uint256 public constant MAX_MODELS = 8;
    uint256 public constant MAX_RECORDS = 48;

    Record[] private _records;
    mapping(bytes32 root => Tree) private _trees;
    /// @dev The attestor that posted the pending root of each datanet.
    mapping(uint256 datanetId => address) private _poster;
    uint256 private _nonce;

    /// @notice OPEN burnt through `burn`.
    uint256 public ghostBurnt;
    /// @notice OPEN paid to `account` from `datanetId`'s pool, measured as balance changes around each claim.
    mapping(uint256 datanetId => mapping(address account => uint256)) public ghostPaid;
    /// @notice Vetoes after which the attestor that posted the vetoed root could withdraw its bond before the veto
    /// lock ended, i.e. before governance could vote a slash.
    uint256 public vetoLockEscapes;

    /// @notice Runs the governance actions, which the runner reaches through this handler's forwarders below.
    GovernanceHandler public immutable governance;

    constructor(
        System memory s,
        address[] memory actors_,
        address[] memory attestors_,
        GovernanceHandler governance_
    ) SystemActors(s, actors_, attestors_) {
        governance = governance_;
    }

    // ─── Views for the invariants ────────────────────────────────────────────────────────────────────────────────

    function records() external view returns (Record[] memory) {
        return _records;
    }

    /// @notice For each actor, what it was paid from `datanetId` and its cumulative amount in the tree of `root`.
    function claimLedger(
        uint256 datanetId,
        bytes32 root
    ) external view returns (uint256[] memory paid, uint256[] memory leaf) {
        Tree memory t = _trees[root];
        uint256 n = _actors.length;
        paid = new uint256[](n);
        leaf = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            paid[i] = ghostPaid[datanetId][_actors[i]];
            for (uint256 j; j < t.n; ++j) {
                if (t.accounts[j] == _actors[i]) leaf[i] = t.amounts[j];
            }
        }
    }

    /// @notice The account in slot `j` of `datanetId`'s trees.
    function slot(uint256 datanetId, uint256 j) public view returns (address) {
        return _actors[(datanetId * 3 + j) % _actors.length];
    }

    // ─── gOPEN ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Stakes part of the actor's OPEN; a quarter of the calls stake dust (at most 2 OPEN).
    function stake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 held = open.balanceOf(actor);
        if (held == 0) return;
        amount = bound(amount, 1, amount % 4 == 0 ? _min(held, 2e18) : _min(held, 500_000e18));
        vm.prank(actor);
        try gopen.stake(amount) {
            _done("stake");
        } catch (bytes memory reason) {
            _surprise("stake", reason);
        }
    }

    function delegate(uint256 actorSeed, uint256 delegateeSeed) external {
        address actor = _actor(actorSeed);
        vm.prank(actor);
        gopen.delegate(_actor(delegateeSeed));
        _done("delegate");
    }

    function requestWithdrawal(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 staked = gopen.balanceOf(actor);
        if (staked == 0) return;
        amount = bound(amount, 1, staked);
        vm.prank(actor);
        try gopen.requestWithdrawal(amount) {
            _done("requestWithdrawal");
        } catch (bytes memory reason) {
            _surprise("requestWithdrawal", reason);
        }
    }

    /// @notice Withdraws; before the cooldown is over it must be refused, unless it ends within a day (then the actor
    /// waits for it).
    function withdraw(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        (uint256 pending, uint256 readyAt) = gopen.pendingWithdrawal(actor);
        bytes4 expected = pending == 0 ? IStakedOpen.NoPendingWithdrawal.selector : bytes4(0);
        if (pending != 0 && block.timestamp < readyAt) {
            if (readyAt - block.timestamp <= 1 days) vm.warp(readyAt);
            else expected = IStakedOpen.WithdrawalNotReady.selector;
        }
        uint256 before = open.balanceOf(actor);
        vm.prank(actor);
        try gopen.withdraw() {
            if (_succeededAgainst("withdraw", expected) && open.balanceOf(actor) != before + pending) {
                _surprise("withdraw paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("withdraw", reason, expected);
        }
    }

    function claimRewards(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        uint256 earned = gopen.earned(actor);
        bytes4 expected = earned == 0 ? IStakedOpen.NoRewards.selector : bytes4(0);
        uint256 before = open.balanceOf(actor);
        vm.prank(actor);
        try gopen.claimRewards() {
            if (_succeededAgainst("claimRewards", expected) && open.balanceOf(actor) != before + earned) {
                _surprise("claimRewards paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("claimRewards", reason, expected);
        }
    }

    function burn(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 held = open.balanceOf(actor);
        if (held == 0) return;
        amount = bound(amount, 1, _min(held, 100_000e18));
        vm.prank(actor);
        open.burn(amount);
        ghostBurnt += amount;
        _done("burn");
    }

    // ─── Datanets ────────────────────────────────────────────────────────────────────────────────────────────────

    function createDatanet(uint256 actorSeed, bool curated, uint256 bond, uint256 attestorSeed) external {
        uint256 count = datanets.datanetCount();
        if (count >= MAX_DATANETS) return;
        bond = curated ? bound(bond, 0, 5e18) : 0;
        address attestor = _attestors[attestorSeed % _attestors.length];
        vm.prank(_actor(actorSeed));
        try datanets.createDatanet("ipfs://datanet", curated, bond, attestor) returns (uint256 id) {
            if (id != count + 1) _surprise("createDatanet id", abi.encode(id));
            _done("createDatanet");
        } catch (bytes memory reason) {
            _surprise("createDatanet", reason);
        }
    }

    /// @notice The datanet's owner hands attestation to one of the attestors (possibly while a root is pending).
    function setAttestor(uint256 datanetSeed, uint256 attestorSeed) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0) return;
        vm.prank(datanets.datanet(d).owner);
        datanets.setAttestor(d, _attestors[attestorSeed % _attestors.length]);
        _done("setAttestor");
    }

    function contribute(uint256 actorSeed, uint256 datanetSeed) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0 || _records.length >= MAX_RECORDS) return;
        bytes32 contentHash = keccak256(abi.encode("record", ++_nonce));
        IDatanetRegistry.DatanetView memory dv = datanets.datanet(d);
        address contributor = _actor(actorSeed);
        if (open.balanceOf(contributor) < dv.bond) return;
        bool curated = dv.curated;
        vm.prank(contributor);
        try datanets.contribute(d, contentHash, "ipfs://record") {
            _records.push(
                Record(
                    d,
                    contentHash,
                    false,
                    curated ? IDatanetRegistry.Status.Pending : IDatanetRegistry.Status.Accepted
                )
            );
            _done("contribute");
        } catch (bytes memory reason) {
            _surprise("contribute", reason);
        }
    }

    /// @notice Reviews up to `count` pending contributions of one datanet (the datanet of the first pending record from
    /// `recordSeed`) as its owner, about one in four rejected; one call in five is made by an actor that is not a
    /// curator, and must be refused with NotCurator.
    function review(uint256 recordSeed, uint256 count, uint256 weightSeed, uint256 reviewerSeed) external {
        uint256 d = _pendingDatanet(recordSeed, false);
        if (d == 0) return;
        (IDatanetRegistry.Decision[] memory decisions, uint256[] memory indexes) = _decisions(d, count, weightSeed);
        address owner = datanets.datanet(d).owner;
        address reviewer = reviewerSeed % 5 == 0 ? _actor(reviewerSeed >> 3) : owner;
        bytes4 expected = datanets.isCurator(d, reviewer) ? bytes4(0) : IDatanetRegistry.NotCurator.selector;
        vm.prank(reviewer);
        try datanets.review(d, decisions) {
            if (!_succeededAgainst("review", expected)) return;
            for (uint256 i; i < indexes.length; ++i) {
                _records[indexes[i]].expected =
                    decisions[i].weight == 0 ? IDatanetRegistry.Status.Rejected : IDatanetRegistry.Status.Accepted;
            }
        } catch (bytes memory reason) {
            _revertedAgainst("review", reason, expected);
        }
    }

    function contributeRoot(uint256 actorSeed, uint256 datanetSeed, uint256 count) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0 || _records.length >= MAX_RECORDS) return;
        bytes32 root = keccak256(abi.encode("batch", ++_nonce));
        IDatanetRegistry.DatanetView memory dv = datanets.datanet(d);
        address submitter = _actor(actorSeed);
        if (open.balanceOf(submitter) < dv.bond) return;
        bool curated = dv.curated;
        vm.prank(submitter);
        try datanets.contributeRoot(d, root, bound(count, 1, 100_000), "ipfs://tree") {
            _records.push(
                Record(d, root, true, curated ? IDatanetRegistry.Status.Pending : IDatanetRegistry.Status.Accepted)
            );
            _done("contributeRoot");
        } catch (bytes memory reason) {
            _surprise("contributeRoot", reason);
        }
    }

    /// @notice Reviews a Merkle batch as its datanet's owner: a pending one three calls in four, else any batch, and
    /// one no longer pending must be refused with NotPending.
    function reviewBatch(uint256 recordSeed, bool accept) external {
        uint256 n = _records.length;
        bool pendingOnly = recordSeed % 4 != 0;
        for (uint256 k; k < n; ++k) {
            uint256 i = (recordSeed + k) % n;
            Record storage r = _records[i];
            bool pending = r.expected == IDatanetRegistry.Status.Pending;
            if (!r.batch || (pendingOnly && !pending)) continue;
            bytes4 expected = pending ? bytes4(0) : IDatanetRegistry.NotPending.selector;
            vm.prank(datanets.datanet(r.datanetId).owner);
            try datanets.reviewBatch(r.datanetId, r.key, accept) {
                if (_succeededAgainst("reviewBatch", expected)) {
                    r.expected = accept ? IDatanetRegistry.Status.Accepted : IDatanetRegistry.Status.Rejected;
                }
            } catch (bytes memory reason) {
                _revertedAgainst("reviewBatch", reason, expected);
            }
            return;
        }
    }

    function withdrawBondCredit(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        uint256 credit = datanets.bondCredit(actor);
        bytes4 expected = credit == 0 ? IDatanetRegistry.NoBondCredit.selector : bytes4(0);
        uint256 before = open.balanceOf(actor);
        vm.prank(actor);
        try datanets.withdrawBondCredit() {
            if (_succeededAgainst("withdrawBondCredit", expected) && open.balanceOf(actor) != before + credit) {
                _surprise("withdrawBondCredit paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("withdrawBondCredit", reason, expected);
        }
    }

    // ─── Models ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Registers a model trained on one to three datanets, with a parent two calls in three; a parent already
    /// at the lineage limit must be refused with LineageTooDeep.
    function registerModel(
        uint256 actorSeed,
        uint256 parentSeed,
        uint256 setSeed,
        uint256 price,
        uint256 ownerBps
    ) external {
        uint256 count = models.modelCount();
        uint256 datanetCount = datanets.datanetCount();
        if (count >= MAX_MODELS || datanetCount == 0) return;
        address owner = _actor(actorSeed);
        if (open.balanceOf(owner) < models.publishFee()) return;
        uint256 parentId = parentSeed % 3 == 0 || count == 0 ? 0 : 1 + ((parentSeed >> 2) % count);
        bytes4 expected =
            parentId != 0 && models.lineage(parentId).length + 1 > models.maxLineageDepth()
                ? IModelRegistry.LineageTooDeep.selector
                : bytes4(0);
        IModelRegistry.ModelParams memory p = IModelRegistry.ModelParams({
            cardURI: "ipfs://card",
            weightsHash: keccak256(abi.encode("weights", ++_nonce)),
            weightsURI: "ipfs://weights",
            parentId: parentId,
            datanets: _trainingSet(setSeed, datanetCount),
            price: bound(price, 1, 1e18),
            ownerBps: bound(ownerBps, 0, 10_000 - models.minDataBps())
        });
        vm.prank(owner);
        try models.registerModel(p) returns (uint256 id) {
            if (_succeededAgainst("registerModel", expected) && id != count + 1) _surprise("registerModel id", "");
        } catch (bytes memory reason) {
            _revertedAgainst("registerModel", reason, expected);
        }
    }

    /// @notice Its owner publishes a version; one call in four comes from another actor and must be refused.
    function publishVersion(uint256 modelSeed, uint256 callerSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address owner = models.ownerOf(modelId);
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed >> 2) : owner;
        bytes4 expected = caller == owner ? bytes4(0) : IErrors.NotModelOwner.selector;
        vm.prank(caller);
        try models.publishVersion(modelId, keccak256(abi.encode("version", ++_nonce)), "ipfs://weights") {
            _succeededAgainst("publishVersion", expected);
        } catch (bytes memory reason) {
            _revertedAgainst("publishVersion", reason, expected);
        }
    }

    /// @notice Its owner hands the model NFT to another actor: the revenue not yet withdrawn goes with it.
    function transferModel(uint256 modelSeed, uint256 toSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address owner = models.ownerOf(modelId);
        uint256 revenue = settlement.modelRevenue(modelId);
        address to = _actor(toSeed);
        vm.prank(owner);
        models.safeTransferFrom(owner, to, modelId);
        if (models.ownerOf(modelId) != to || settlement.modelRevenue(modelId) != revenue) {
            _surprise("transferModel", "");
        }
        _done("transferModel");
    }

    // ─── Settlement ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Settles `units` inferences of one model; one call in eight caps the fee one unit too low.
    function settle(uint256 payerSeed, uint256 modelSeed, uint256 units, uint256 capSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address payer = _actor(payerSeed);
        uint256 price = models.model(modelId).price;
        units = bound(units, 1, 1_000);
        if (price * units > open.balanceOf(payer)) units = 1;
        uint256 fee = price * units;
        if (fee > open.balanceOf(payer)) return;
        uint256 maxFee = capSeed % 8 == 0 ? fee - 1 : fee + (capSeed % 1_000);
        bytes4 expected = _settleRefusal(modelId);
        if (expected == bytes4(0) && maxFee < fee) expected = ISettlement.FeeAboveCap.selector;
        uint256 credits = _creditsTotal();
        uint256 frozen = _suspendedRevenue();
        vm.prank(payer);
        try settlement.settle(modelId, units, maxFee, bytes32(_nonce++), keccak256(abi.encode(capSeed))) returns (
            uint256 paid
        ) {
            if (_succeededAgainst("settle", expected) && (paid != fee || _creditsTotal() != credits + fee)) {
                _surprise("settle credits", abi.encode(paid, fee));
            }
            if (_suspendedRevenue() != frozen) _surprise("settle credited a suspended model", "");
        } catch (bytes memory reason) {
            _revertedAgainst("settle", reason, expected);
        }
    }

    /// @notice Settles one to six inferences of any models in one call.
    function settleBatch(uint256 payerSeed, uint256 seed, uint256 count) external {
        uint256 modelCount = models.modelCount();
        if (modelCount == 0) return;
        address payer = _actor(payerSeed);
        count = bound(count, 1, 6);
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](count);
        uint256 total;
        bytes4 expected = settlement.paused() ? Pausable.EnforcedPause.selector : bytes4(0);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 modelId = 1 + (r % modelCount);
            uint256 units = 1 + ((r >> 8) % 50);
            batch[i] = ISettlement.Inference(modelId, units, type(uint256).max, bytes32(r), bytes32(seed));
            total += models.model(modelId).price * units;
            if (expected == bytes4(0)) expected = _settleRefusal(modelId);
        }
        if (total > open.balanceOf(payer)) return;
        uint256 credits = _creditsTotal();
        uint256 frozen = _suspendedRevenue();
        vm.prank(payer);
        try settlement.settleBatch(batch) returns (uint256 paid) {
            if (_succeededAgainst("settleBatch", expected) && (paid != total || _creditsTotal() != credits + total)) {
                _surprise("settleBatch credits", abi.encode(paid, total));
            }
            if (_suspendedRevenue() != frozen) _surprise("settleBatch credited a suspended model", "");
        } catch (bytes memory reason) {
            _revertedAgainst("settleBatch", reason, expected);
        }
    }

    function pushStakerRewards() external {
        uint256 amount = settlement.stakersAccrued();
        bytes4 expected = amount == 0 ? ISettlement.NothingToWithdraw.selector : bytes4(0);
        uint256 reserve = gopen.rewardsReserve();
        try settlement.pushStakerRewards() {
            if (_succeededAgainst("pushStakerRewards", expected) && gopen.rewardsReserve() != reserve + amount) {
                _surprise("pushStakerRewards reserve", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("pushStakerRewards", reason, expected);
        }
    }

    function payTreasury() external {
        uint256 amount = settlement.treasuryAccrued();
        bytes4 expected = amount == 0 ? ISettlement.NothingToWithdraw.selector : bytes4(0);
        uint256 before = open.balanceOf(treasury);
        try settlement.payTreasury() {
            if (_succeededAgainst("payTreasury", expected) && open.balanceOf(treasury) != before + amount) {
                _surprise("payTreasury paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("payTreasury", reason, expected);
        }
    }

    /// @notice The model's owner withdraws its revenue to an actor; one call in four comes from another actor and
    /// must be refused with NotModelOwner, and a model suspended by governance must be refused with ModelIsSuspended.
    function withdrawModelRevenue(uint256 modelSeed, uint256 toSeed, uint256 callerSeed) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        address owner = models.ownerOf(modelId);
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed >> 2) : owner;
        address to = _actor(toSeed);
        uint256 amount = settlement.modelRevenue(modelId);
        bytes4 expected =
            caller != owner
                ? IErrors.NotModelOwner.selector
                : models.model(modelId).suspended
                    ? IModelRegistry.ModelIsSuspended.selector
                    : (amount == 0 ? ISettlement.NothingToWithdraw.selector : bytes4(0));
        uint256 before = open.balanceOf(to);
        vm.prank(caller);
        try settlement.withdrawModelRevenue(modelId, to) {
            if (_succeededAgainst("withdrawModelRevenue", expected) && open.balanceOf(to) != before + amount) {
                _surprise("withdrawModelRevenue paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("withdrawModelRevenue", reason, expected);
        }
    }

    // ─── Attestor bonds ──────────────────────────────────────────────────────────────────────────────────────────

    function depositBond(uint256 attestorSeed, uint256 amount) external {
        address attestor = _attestors[attestorSeed % _attestors.length];
        uint256 held = open.balanceOf(attestor);
        if (held == 0) return;
        amount = bound(amount, 1, _min(held, 500e18));
        vm.prank(attestor);
        try settlement.depositBond(amount) {
            _done("depositBond");
        } catch (bytes memory reason) {
            _surprise("depositBond", reason);
        }
    }

    /// @notice Withdraws part of a bond: refused with BondLocked while a veto of its root locks the bond, and with
    /// BondBelowExposure when what remains, times the bond factor, would not cover its live roots.
    function withdrawBond(uint256 attestorSeed, uint256 amount) external {
        address attestor = _attestors[attestorSeed % _attestors.length];
        (uint256 bond, uint256 lockedUntil) = settlement.bondOf(attestor);
        if (bond == 0) return;
        // Mostly a tenth at most, so that the attestors usually stay bonded enough to post.
        amount = bound(amount, 1, amount % 4 == 0 ? bond : bond / 10 + 1);
        bytes4 expected = block.timestamp < lockedUntil ? IAttributionEpochs.BondLocked.selector : bytes4(0);
        if (expected == bytes4(0)) {
            (uint256 pending, uint256 recent, ) = settlement.exposureOf(attestor);
            if ((bond - amount) * settlement.bondFactor() < pending + recent) {
                expected = IAttributionEpochs.BondBelowExposure.selector;
            }
        }
        uint256 before = open.balanceOf(attestor);
        vm.prank(attestor);
        try settlement.withdrawBond(amount) {
            if (_succeededAgainst("withdrawBond", expected) && open.balanceOf(attestor) != before + amount) {
                _surprise("withdrawBond paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("withdrawBond", reason, expected);
        }
    }

    // ─── Attribution ─────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The datanet's attestor posts the next cumulative root, built from the handler's ledger: each slot
    /// account keeps at least what the root it replaces gave it, and may get part of what the pool accrued since.
    /// One post in five is faulty (its leaves add up to more than its declared total). A post while the previous root
    /// is inside its window (front-running a veto) must be refused with RootPending, one in eight comes from an
    /// actor that is not the attestor and must be refused with NotAttestor, one in eight names an epoch other than the
    /// next and must be refused with EpochNotNext, and one that would take the attestor's live roots above its bond
    /// times the factor must be refused with ExposureAboveCapacity.
    function postRoot(uint256 datanetSeed, uint256 leavesSeed, uint256 amountSeed, uint256 faultSeed) external {
        uint256 d = _datanet(datanetSeed);
        if (d == 0) return;
        IAttributionEpochs.RootView memory s = settlement.rootState(d);
        address attestor = faultSeed % 8 == 0 ? _actor(faultSeed >> 3) : datanets.attestorOf(d);
        bool inWindow = s.pendingReadyAt != 0 && block.timestamp < s.pendingReadyAt;
        // What the previous root becomes when this one is posted: a pending root past its window is activated first.
        (bytes32 baseRoot, uint256 floorTotal) = s.pendingReadyAt != 0 && !inWindow
            ? (s.pendingRoot, s.pendingTotal)
            : (s.activeRoot, s.activeTotal);
        (bytes32 root, uint256 total) = _buildRoot(d, baseRoot, floorTotal, leavesSeed, amountSeed, faultSeed);
        if (root == bytes32(0)) return;
        // One post in eight names the last epoch again or skips one.
        uint256 epoch = (faultSeed >> 8) % 8 != 7 ? s.lastEpoch + 1 : s.lastEpoch + ((faultSeed >> 11) % 2) * 2;
        bytes4 expected = _postRefusal(d, attestor, inWindow);
        if (expected == bytes4(0) && epoch != s.lastEpoch + 1) expected = IAttributionEpochs.EpochNotNext.selector;
        if (expected == bytes4(0)) {
            // A root can move its total less what was claimed. An activation inside the post moves the previous
            // root's exposure from pending to recent: the sum stays.
            (uint256 pending, uint256 recent, uint256 capacity) = settlement.exposureOf(attestor);
            if (pending + recent + (total - s.claimed) > capacity) {
                expected = IAttributionEpochs.ExposureAboveCapacity.selector;
            }
        }
        vm.prank(attestor);
        try settlement.postRoot(d, epoch, root, total, "ipfs://allocation") {
            if (_succeededAgainst("postRoot", expected)) _poster[d] = attestor;
        } catch (bytes memory reason) {
            _revertedAgainst("postRoot", reason, expected);
        }
    }

    /// @notice Anyone activates the pending root of a datanet (one that has one, three calls in four): before the end
    /// of its window it must be refused with NoRootReady.
    function activateRoot(uint256 datanetSeed) external {
        uint256 d = _datanetWithRoot(datanetSeed, false);
        if (d == 0) return;
        uint256 readyAt = settlement.rootState(d).pendingReadyAt;
        bytes4 expected =
            readyAt == 0 || block.timestamp < readyAt ? IAttributionEpochs.NoRootReady.selector : bytes4(0);
        try settlement.activateRoot(d) {
            _succeededAgainst("activateRoot", expected);
        } catch (bytes memory reason) {
            _revertedAgainst("activateRoot", reason, expected);
        }
    }

    /// @notice The guardian vetoes the pending root of a datanet (one that has one, three calls in four); outside its
    /// window the veto must be refused, and past its limit of consecutive vetoes of the datanet too, for a root posted
    /// by the attestor that governance appointed (others it may veto without limit). After a
    /// veto, the attestor that posted the root must not be able to withdraw its bond before the veto lock ends.
    function vetoRoot(uint256 datanetSeed) external {
        uint256 d = _datanetWithRoot(datanetSeed, false);
        if (d == 0) return;
        IAttributionEpochs.RootView memory s = settlement.rootState(d);
        bytes4 expected =
            s.pendingReadyAt == 0 || block.timestamp >= s.pendingReadyAt
                ? IAttributionEpochs.RootNotVetoable.selector
                : bytes4(0);
        if (
            expected == bytes4(0) &&
            s.vetoes >= settlement.maxGuardianVetoes() &&
            datanets.attestorAppointed(d) &&
            datanets.attestorOf(d) == _poster[d]
        ) {
            expected = IAttributionEpochs.VetoLimitReached.selector;
        }
        vm.prank(guardian);
        try settlement.vetoRoot(d, s.lastEpoch) {
            if (!_succeededAgainst("vetoRoot", expected)) return;
            (, uint256 lockedUntil) = settlement.bondOf(_poster[d]);
            if (lockedUntil < block.timestamp + settlement.vetoBondLock()) ++vetoLockEscapes;
        } catch (bytes memory reason) {
            _revertedAgainst("vetoRoot", reason, expected);
        }
    }

    /// @notice Anyone claims for a slot account of a datanet (one with an active root, three calls in four) with the
    /// proof of its leaf in the active root; a slot outside the tree tries a forged amount and must be refused with
    /// InvalidProof.
    function claim(uint256 datanetSeed, uint256 slotSeed, uint256 callerSeed) external {
        uint256 d = _datanetWithRoot(datanetSeed, true);
        if (d == 0) return;
        IAttributionEpochs.RootView memory s = settlement.rootState(d);
        Tree memory t = _trees[s.activeRoot];
        uint256 j = slotSeed % 4 != 0 && t.n != 0 ? (slotSeed >> 2) % t.n : slotSeed % 4;
        address account = slot(d, j);
        uint256 amount = j < t.n ? t.amounts[j] : 1 + (slotSeed % 1e18);
        uint256 already = settlement.claimed(d, account);
        bytes4 expected = _claimRefusal(s, j < t.n, amount, already);
        bytes32[] memory proof = j < t.n ? _proof(t, j) : new bytes32[](0);
        uint256 before = open.balanceOf(account);
        vm.prank(_actor(callerSeed));
        try settlement.claim(d, account, amount, proof) {
            if (!_succeededAgainst("claim", expected)) return;
            uint256 paid = open.balanceOf(account) - before;
            if (paid != amount - already) _surprise("claim paid", abi.encode(paid, amount - already));
            ghostPaid[d][account] += paid;
        } catch (bytes memory reason) {
            _revertedAgainst("claim", reason, expected);
        }
    }

    /// @notice Claims for an account from every datanet where it has a leaf in the active root, in one call, first
    /// activating the roots that are ready when `activate` is set.
    function claimMany(uint256 actorSeed, bool activate) external {
        uint256 count = datanets.datanetCount();
        // Three calls in four, an account with a leaf in a datanet's active root.
        uint256 withRoot = actorSeed % 4 != 0 ? _datanetWithRoot(actorSeed >> 2, true) : 0;
        address account = withRoot != 0 ? slot(withRoot, actorSeed % 4) : _actor(actorSeed);
        if (activate) {
            for (uint256 d = 1; d <= count; ++d) _activateIfReady(d);
        }
        IAttributionEpochs.DatanetClaim[] memory claims = new IAttributionEpochs.DatanetClaim[](count);
        uint256[] memory owed = new uint256[](count);
        uint256 n;
        uint256 total;
        bytes4 expected;
        for (uint256 d = 1; d <= count; ++d) {
            IAttributionEpochs.RootView memory s = settlement.rootState(d);
            (bool found, uint256 j) = _slotOf(s.activeRoot, account);
            if (!found) continue;
            Tree memory t = _trees[s.activeRoot];
            uint256 already = settlement.claimed(d, account);
            owed[n] = t.amounts[j] > already ? t.amounts[j] - already : 0;
            if (s.claimed + owed[n] > s.activeTotal) expected = IAttributionEpochs.ClaimExceedsRoot.selector;
            total += owed[n];
            claims[n++] = IAttributionEpochs.DatanetClaim(d, t.amounts[j], _proof(t, j));
        }
        assembly ("memory-safe") {
            mstore(claims, n)
        }
        if (expected == bytes4(0) && total == 0) expected = IAttributionEpochs.NothingNewToClaim.selector;
        uint256 before = open.balanceOf(account);
        try settlement.claimMany(account, claims) {
            if (!_succeededAgainst("claimMany", expected)) return;
            if (open.balanceOf(account) != before + total) _surprise("claimMany paid", "");
            for (uint256 i; i < n; ++i) ghostPaid[claims[i].datanetId][account] += owed[i];
        } catch (bytes memory reason) {
            _revertedAgainst("claimMany", reason, expected);
        }
    }

    // ─── Governance ──────────────────────────────────────────────────────────────────────────────────────────────
    // The runner picks a target contract first, then one of its functions: with the governance actions forwarded from
    // here, each is picked as often as any user action.

    function propose(uint256 proposerSeed, uint256 kindSeed, uint256 valueSeed) external {
        governance.propose(proposerSeed, kindSeed, valueSeed);
    }

    function castVote(uint256 voterSeed, uint256 supportSeed) external {
        governance.castVote(voterSeed, supportSeed);
    }

    function advanceProposal() external {
        governance.advanceProposal();
    }

    /// @notice One call in four cancels, so that most proposals live to be executed.
    function cancelProposal(uint256 seed) external {
        if (seed % 4 == 0) governance.cancelProposal();
    }

    /// @notice Pauses one call in four, unpauses otherwise.
    function guardianPause(uint256 seed) external {
        governance.guardianPause(seed % 4 == 0);
    }

    function attack(uint256 callerSeed, uint256 fnSeed, uint256 value) external {
        governance.attack(callerSeed, fnSeed, value);
    }

    // ─── Time ────────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Lets time pass: half the calls up to 15 minutes (inside a challenge window or a vote), half up to six
    /// hours.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, seconds_ % 2 == 0 ? 15 minutes : 6 hours));
        _done("warp");
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _datanet(uint256 seed) private view returns (uint256) {
        uint256 count = datanets.datanetCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }

    /// @dev Three calls in four, the first datanet from `seed` with an active root (`active`) or a pending one; else,
    /// or if there is none, any datanet.
    function _datanetWithRoot(uint256 seed, bool active) private view returns (uint256) {
        uint256 count = datanets.datanetCount();
        if (count == 0) return 0;
        if (seed % 4 != 0) {
            for (uint256 k; k < count; ++k) {
                uint256 d = 1 + ((seed + k) % count);
                IAttributionEpochs.RootView memory s = settlement.rootState(d);
                if (active ? s.activeRoot != bytes32(0) : s.pendingReadyAt != 0) return d;
            }
        }
        return 1 + (seed % count);
    }

    /// @dev The datanet of the first record from `seed` that is still pending (of a batch or not); 0 if none.
    function _pendingDatanet(uint256 seed, bool batch) private view returns (uint256) {
        uint256 n = _records.length;
        for (uint256 k; k < n; ++k) {
            Record storage r = _records[(seed + k) % n];
            if (r.batch == batch && r.expected == IDatanetRegistry.Status.Pending) return r.datanetId;
        }
        return 0;
    }

    function _model(uint256 seed) private view returns (uint256) {
        uint256 count = models.modelCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }

    /// @dev Everything credited by settlements and not yet paid out: pools, model revenue and datanet accruals.
    function _creditsTotal() private view returns (uint256 total) {
        total = settlement.treasuryAccrued() + settlement.stakersAccrued();
        uint256 modelCount = models.modelCount();
        for (uint256 m = 1; m <= modelCount; ++m) total += settlement.modelRevenue(m);
        uint256 datanetCount = datanets.datanetCount();
        for (uint256 d = 1; d <= datanetCount; ++d) total += settlement.accrued(d);
    }

    /// @dev The revenue of every model that governance suspended: no settlement may add to it (a suspended parent's
    /// lineage royalty stays with its child's datanets).
    function _suspendedRevenue() private view returns (uint256 total) {
        uint256 modelCount = models.modelCount();
        for (uint256 m = 1; m <= modelCount; ++m) {
            if (models.model(m).suspended) total += settlement.modelRevenue(m);
        }
    }

    /// @dev Why settling `modelId` must be refused now, if it must.
    function _settleRefusal(uint256 modelId) private view returns (bytes4) {
        if (settlement.paused()) return Pausable.EnforcedPause.selector;
        if (models.model(modelId).suspended) return IModelRegistry.ModelIsSuspended.selector;
        return bytes4(0);
    }

    /// @dev Why `caller`'s post to datanet `d` must be refused now, if it must, in the order postRoot checks.
    function _postRefusal(uint256 d, address caller, bool inWindow) private view returns (bytes4) {
        if (settlement.paused()) return Pausable.EnforcedPause.selector;
        if (caller != datanets.attestorOf(d)) return IAttributionEpochs.NotAttestor.selector;
        (uint256 bond, ) = settlement.bondOf(caller);
        if (bond < settlement.minAttestorBond()) return IAttributionEpochs.BondTooLow.selector;
        if (inWindow) return IAttributionEpochs.RootPending.selector;
        return bytes4(0);
    }

    /// @dev Why a claim must be refused, if it must, in the order claim checks.
    function _claimRefusal(
        IAttributionEpochs.RootView memory s,
        bool inTree,
        uint256 amount,
        uint256 already
    ) private pure returns (bytes4) {
        if (s.activeRoot == bytes32(0)) return IAttributionEpochs.NoActiveRoot.selector;
        if (!inTree) return IAttributionEpochs.InvalidProof.selector;
        if (amount <= already) return IAttributionEpochs.NothingToClaim.selector;
        if (s.claimed + amount - already > s.activeTotal) return IAttributionEpochs.ClaimExceedsRoot.selector;
        return bytes4(0);
    }

    function _activateIfReady(uint256 d) private {
        uint256 readyAt = settlement.rootState(d).pendingReadyAt;
        if (readyAt == 0 || block.timestamp < readyAt) return;
        settlement.activateRoot(d);
        _done("activateRoot");
    }

    /// @dev Up to `max` pending contributions of `d`, each with a decision: weight 0 (reject) one time in four.
    function _decisions(
        uint256 d,
        uint256 max,
        uint256 weightSeed
    ) private view returns (IDatanetRegistry.Decision[] memory decisions, uint256[] memory indexes) {
        max = bound(max, 1, 6);
        decisions = new IDatanetRegistry.Decision[](max);
        indexes = new uint256[](max);
        uint256 n;
        for (uint256 i; i < _records.length && n < max; ++i) {
            Record storage r = _records[i];
            if (r.batch || r.datanetId != d || r.expected != IDatanetRegistry.Status.Pending) continue;
            uint256 w = uint256(keccak256(abi.encode(weightSeed, i)));
            decisions[n] = IDatanetRegistry.Decision(r.key, w % 4 == 0 ? 0 : bound(w >> 8, 1, 1_000));
            indexes[n++] = i;
        }
        assembly ("memory-safe") {
            mstore(decisions, n)
            mstore(indexes, n)
        }
    }

    /// @dev One to three distinct datanets of the `count` that exist, with weights summing to 10,000.
    function _trainingSet(
        uint256 seed,
        uint256 count
    ) private pure returns (IModelRegistry.TrainingDatanet[] memory set) {
        uint256 n = 1 + (seed % _min(3, count));
        uint256 start = (seed >> 8) % count;
        set = new IModelRegistry.TrainingDatanet[](n);
        uint256 left = 10_000;
        for (uint256 i; i < n; ++i) {
            uint256 weight = i + 1 == n ? left : 1 + (uint256(keccak256(abi.encode(seed, i))) % (left - (n - 1 - i)));
            left -= weight;
            set[i] = IModelRegistry.TrainingDatanet(1 + ((start + i) % count), weight);
        }
    }

    /// @dev The next tree of datanet `d` over its slot accounts, on top of the tree of `baseRoot`; its declared total
    /// never falls below `floorTotal` nor exceeds what `d` accrued. Returns a zero root when no such root exists.
    function _buildRoot(
        uint256 d,
        bytes32 baseRoot,
        uint256 floorTotal,
        uint256 leavesSeed,
        uint256 amountSeed,
        uint256 faultSeed
    ) private returns (bytes32 root, uint256 total) {
        Tree memory t = _trees[baseRoot];
        uint256 wanted = 1 + (leavesSeed % 4);
        if (wanted > t.n) t.n = wanted;
        uint256 accrued = settlement.accrued(d);
        uint256 sum;
        for (uint256 j; j < t.n; ++j) {
            t.accounts[j] = slot(d, j);
            sum += t.amounts[j];
        }
        uint256 room = accrued > sum ? accrued - sum : 0;
        for (uint256 j; j < t.n && room != 0; ++j) {
            uint256 add = bound(uint256(keccak256(abi.encode(amountSeed, j))), 0, room);
            t.amounts[j] += add;
            room -= add;
            sum += add;
        }
        total = _min(sum, accrued);
        if (faultSeed % 5 == 0 && total > floorTotal) total = bound(faultSeed >> 3, floorTotal, total - 1);
        if (total < floorTotal) return (bytes32(0), 0);
        root = _rootOf(t);
        _trees[root] = t;
    }

    function _slotOf(bytes32 root, address account) private view returns (bool found, uint256 j) {
        Tree storage t = _trees[root];
        for (; j < t.n; ++j) {
            if (t.accounts[j] == account) return (true, j);
        }
        return (false, 0);
    }

    function _leaves(Tree memory t) private pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](t.n);
        for (uint256 j; j < t.n; ++j) {
            // The OpenZeppelin merkle-tree standard leaf: the double hash of the ABI-encoded values.
            leaves[j] = keccak256(bytes.concat(keccak256(abi.encode(t.accounts[j], t.amounts[j]))));
        }
    }

    /// @dev The root of the tree whose levels pair nodes left to right, an odd last node moving up as is.
    function _rootOf(Tree memory t) private pure returns (bytes32) {
        bytes32[] memory level = _leaves(t);
        for (uint256 len = level.length; len > 1; len = (len + 1) / 2) {
            for (uint256 i; i < len; i += 2) {
                level[i / 2] = i + 1 < len ? _hashPair(level[i], level[i + 1]) : level[i];
            }
        }
        return level[0];
    }

    /// @dev The proof of leaf `index` in the tree of `_rootOf`.
    function _proof(Tree memory t, uint256 index) private pure returns (bytes32[] memory proof) {
        bytes32[] memory level = _leaves(t);
        proof = new bytes32[](3);
        uint256 n;
        for (uint256 len = level.length; len > 1; len = (len + 1) / 2) {
            uint256 sibling = index ^ 1;
            if (sibling < len) proof[n++] = level[sibling];
            for (uint256 i; i < len; i += 2) {
                level[i / 2] = i + 1 < len ? _hashPair(level[i], level[i + 1]) : level[i];
            }
            index /= 2;
        }
        assembly ("memory-safe") {
            mstore(proof, n)
        }
    }

    /// @dev OpenZeppelin MerkleProof's commutative pair hash.
    function _hashPair(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }
}

/// @notice Drives governance and permissions: proposals that change one protocol parameter (or slash a bond, or try
/// to reach a restricted setter through the Governor instead of the Timelock) go through a real propose → vote →
/// queue → execute; the guardian pauses, unpauses and cancels; and every other account tries restricted functions
/// directly. It keeps the value every parameter must have: changed only by an executed proposal or the guardian's
/// pause, so that any other change shows as a difference with `paramsNow`.
contract GovernanceHandler is SystemActors {
    struct Proposal {
        uint256 id;
        uint256 kind;
        uint256 a;
        uint256 b;
        address target;
        bytes data;
        bytes32 descriptionHash;
        bool live;
    }

    uint256 public constant PARAM_COUNT = 22;

    /// @notice What governance's executed proposals slashed from each attestor's bond.
    mapping(address attestor => uint256) public slashedOf;

    uint256 private constant P_PROTOCOL = 0;
    uint256 private constant P_STAKERS = 1;
    uint256 private constant P_LINEAGE = 2;
    uint256 private constant P_WINDOW = 3;
    uint256 private constant P_VETO_LOCK = 4;
    uint256 private constant P_MIN_BOND = 5;
    uint256 private constant P_PAUSED = 6;
    uint256 private constant P_MIN_DATA = 7;
    uint256 private constant P_MAX_DEPTH = 8;
    uint256 private constant P_PUBLISH_FEE = 9;
    uint256 private constant P_COOLDOWN = 10;
    uint256 private constant P_VOTING_DELAY = 11;
    uint256 private constant P_VOTING_PERIOD = 12;
    uint256 private constant P_THRESHOLD = 13;
    uint256 private constant P_QUORUM = 14;
    uint256 private constant P_EXTENSION = 15;
    uint256 private constant P_PROPOSAL_GUARDIAN = 16;
    uint256 private constant P_MIN_DELAY = 17;
    uint256 private constant P_ROLES = 18;
    uint256 private constant P_SUSPENDED = 19;
    uint256 private constant P_AUTHORITIES = 20;
    uint256 private constant P_GUARDIAN_EXPIRY = 21;

    /// @dev Proposal kinds: one per governance call, then the slash and the attempt to bypass the Timelock.
    uint256 private constant K_FEE_SHARES = 0;
    uint256 private constant K_LINEAGE = 1;
    uint256 private constant K_WINDOW = 2;
    uint256 private constant K_VETO_LOCK = 3;
    uint256 private constant K_MIN_BOND = 4;
    uint256 private constant K_PAUSE = 5;
    uint256 private constant K_MIN_DATA = 6;
    uint256 private constant K_MAX_DEPTH = 7;
    uint256 private constant K_PUBLISH_FEE = 8;
    uint256 private constant K_COOLDOWN = 9;
    uint256 private constant K_SUSPEND = 10;
    uint256 private constant K_VOTING_PERIOD = 11;
    uint256 private constant K_VOTING_DELAY = 12;
    uint256 private constant K_QUORUM = 13;
    uint256 private constant K_EXTENSION = 14;
    uint256 private constant K_THRESHOLD = 15;
    uint256 private constant K_SLASH = 16;
    uint256 private constant K_BYPASS = 17;
    /// @dev Renews the proposal guardian's term: a proposal about the guardian, which the guardian cannot cancel.
    uint256 private constant K_GUARDIAN_TERM = 18;
    uint256 private constant KINDS = 19;

    Proposal private _proposal;
    uint256 private _nonce;
    uint256[PARAM_COUNT] private _expected;
    bool private _initialized;

    /// @notice Proposals executed, and Governor-relayed calls to a restricted setter refused at execution.
    uint256 public executedProposals;
    uint256 public bypassesRefused;

    constructor(
        System memory s,
        address[] memory actors_,
        address[] memory attestors_
    ) SystemActors(s, actors_, attestors_) {}

    /// @notice Records the parameters as they are once the suite is wired. Once.
    function init() external {
        if (_initialized) revert AssertionFailedBool("initialized");
        _initialized = true;
        _expected = paramsNow();
    }

    // ─── Views for the invariants ────────────────────────────────────────────────────────────────────────────────

    /// @notice The values the parameters must have: the initial ones, changed only by executed proposals and pauses.
    function expectedParams() external view returns (uint256[PARAM_COUNT] memory) {
        return _expected;
    }

    /// @notice Every parameter of the suite, and who holds which role, as they are now.
    function paramsNow() public view returns (uint256[PARAM_COUNT] memory p) {
        p[P_PROTOCOL] = settlement.protocolBps();
        p[P_STAKERS] = settlement.stakersBps();
        p[P_LINEAGE] = settlement.lineageBps();
        p[P_WINDOW] = settlement.challengeWindow();
        p[P_VETO_LOCK] = settlement.vetoBondLock();
        p[P_MIN_BOND] = settlement.minAttestorBond();
        p[P_PAUSED] = settlement.paused() ? 1 : 0;
        p[P_MIN_DATA] = models.minDataBps();
        p[P_MAX_DEPTH] = models.maxLineageDepth();
        p[P_PUBLISH_FEE] = models.publishFee();
        p[P_COOLDOWN] = gopen.cooldown();
        p[P_VOTING_DELAY] = governor.votingDelay();
        p[P_VOTING_PERIOD] = governor.votingPeriod();
        p[P_THRESHOLD] = governor.proposalThreshold();
        p[P_QUORUM] = governor.quorumNumerator();
        p[P_EXTENSION] = governor.lateQuorumVoteExtension();
        p[P_PROPOSAL_GUARDIAN] = uint160(governor.proposalGuardian());
        p[P_MIN_DELAY] = timelock.getMinDelay();
        p[P_ROLES] = _roleBits();
        p[P_SUSPENDED] = _suspendedBits();
        p[P_AUTHORITIES] = _authorityBits();
        p[P_GUARDIAN_EXPIRY] = governor.proposalGuardianExpiry();
    }

    // ─── Governance ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice An actor with enough votes proposes one call, when no proposal is in flight, and votes for it.
    function propose(uint256 proposerSeed, uint256 kindSeed, uint256 valueSeed) external {
        if (_proposal.live) return;
        (address target, bytes memory data, uint256 a, uint256 b) = _call(kindSeed % KINDS, valueSeed);
        address proposer = _proposer(proposerSeed);
        if (target == address(0) || proposer == address(0)) return;
        string memory description = string.concat("OpenLedger proposal ", _decimal(++_nonce));
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _arrays(target, data);
        vm.prank(proposer);
        try governor.propose(targets, values, calldatas, description) returns (uint256 id) {
            _proposal = Proposal(id, kindSeed % KINDS, a, b, target, data, keccak256(bytes(description)), true);
            _done("propose");
        } catch (bytes memory reason) {
            _surprise("propose", reason);
            return;
        }
        // The proposer votes for its proposal as soon as the vote opens, if it had votes at the snapshot.
        uint256 snapshot = governor.proposalSnapshot(_proposal.id);
        vm.warp(snapshot + 1);
        if (governor.getVotes(proposer, snapshot) == 0) return;
        vm.prank(proposer);
        try governor.castVote(_proposal.id, 1) {
            _done("castVote");
        } catch (bytes memory reason) {
            _surprise("castVote", reason);
        }
    }

    /// @notice An actor that had votes at the snapshot and has not voted yet votes: for, four times in five.
    function castVote(uint256 voterSeed, uint256 supportSeed) external {
        if (!_proposal.live) return;
        uint256 id = _proposal.id;
        if (governor.state(id) == IGovernor.ProposalState.Pending) vm.warp(governor.proposalSnapshot(id) + 1);
        if (governor.state(id) != IGovernor.ProposalState.Active) return;
        uint256 snapshot = governor.proposalSnapshot(id);
        for (uint256 k; k < _actors.length; ++k) {
            address voter = _actor(voterSeed + k);
            if (governor.hasVoted(id, voter) || governor.getVotes(voter, snapshot) == 0) continue;
            uint8 support = supportSeed % 5 == 0 ? 0 : (supportSeed % 7 == 0 ? 2 : 1);
            vm.prank(voter);
            try governor.castVote(id, support) {
                _done("castVote");
            } catch (bytes memory reason) {
                _surprise("castVote", reason);
            }
            return;
        }
    }

    /// @notice Moves the proposal in flight on: ends its vote once quorum is reached, queues it if it passed, and
    /// executes it once the Timelock's delay is over. A relayed call to a restricted setter must fail at execution.
    function advanceProposal() external {
        if (!_proposal.live) return;
        uint256 id = _proposal.id;
        if (governor.state(id) == IGovernor.ProposalState.Pending) vm.warp(governor.proposalSnapshot(id) + 1);
        if (governor.state(id) == IGovernor.ProposalState.Active) {
            // Voters take their time: the vote ends early only once quorum is reached.
            (, uint256 forVotes, uint256 abstainVotes) = governor.proposalVotes(id);
            if (forVotes + abstainVotes < governor.quorum(governor.proposalSnapshot(id))) return;
            vm.warp(governor.proposalDeadline(id) + 1);
        }
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _arrays(
            _proposal.target,
            _proposal.data
        );
        if (governor.state(id) == IGovernor.ProposalState.Succeeded) {
            try governor.queue(targets, values, calldatas, _proposal.descriptionHash) {
                _done("queue");
            } catch (bytes memory reason) {
                _surprise("queue", reason);
                return;
            }
        }
        if (governor.state(id) == IGovernor.ProposalState.Queued) {
            uint256 eta = governor.proposalEta(id);
            if (block.timestamp < eta) vm.warp(eta);
            _execute(targets, values, calldatas);
        }
        // Defeated, executed, or failed at execution: the proposal is over.
        _proposal.live = false;
    }

    /// @notice The proposal guardian cancels the proposal in flight, at whatever stage it is. A proposal about the
    /// guardian itself must be refused, and lives on.
    function cancelProposal() external {
        if (!_proposal.live) return;
        IGovernor.ProposalState st = governor.state(_proposal.id);
        if (st == IGovernor.ProposalState.Defeated) {
            _proposal.live = false;
            return;
        }
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _arrays(
            _proposal.target,
            _proposal.data
        );
        if (_proposal.kind == K_GUARDIAN_TERM) {
            vm.prank(guardian);
            try governor.cancel(targets, values, calldatas, _proposal.descriptionHash) {
                _surprise("the guardian cancelled a proposal about itself", _proposal.data);
            } catch (bytes memory reason) {
                _refused("cancelProposal", reason, IOpenGovernor.GovernorGuardianCannotCancel.selector);
            }
            return;
        }
        _proposal.live = false;
        vm.prank(guardian);
        try governor.cancel(targets, values, calldatas, _proposal.descriptionHash) {
            _done("cancelProposal");
        } catch (bytes memory reason) {
            _surprise("cancelProposal", reason);
        }
    }

    // ─── Guardian and everyone else ──────────────────────────────────────────────────────────────────────────────

    /// @notice The guardian pauses or unpauses the vault; pausing a paused vault (or unpausing a running one) must be
    /// refused.
    function guardianPause(bool pause) external {
        bool paused = settlement.paused();
        bytes4 expected =
            pause == paused ? (paused ? Pausable.EnforcedPause.selector : Pausable.ExpectedPause.selector) : bytes4(0);
        bytes4 selector = pause ? settlement.pause.selector : settlement.unpause.selector;
        vm.prank(guardian);
        (bool ok, bytes memory reason) = address(settlement).call(abi.encodeWithSelector(selector));
        if (!ok) _revertedAgainst("guardianPause", reason, expected);
        else if (_succeededAgainst("guardianPause", expected)) _expected[P_PAUSED] = pause ? 1 : 0;
    }

    /// @notice Anyone but the Timelock (an actor, an attestor, the guardian, the deployer, this handler) calls a
    /// restricted function directly: every such call must be refused, whatever the function.
    function attack(uint256 callerSeed, uint256 fnSeed, uint256 value) external {
        address caller = _attacker(callerSeed);
        (address target, bytes memory data) = _restricted(fnSeed, value, caller);
        vm.prank(caller);
        (bool ok, bytes memory reason) = target.call(data);
        if (ok) _surprise("attack succeeded", data);
        else if (reason.length < 4) _surprise("attack refused without an error", data);
        else _done("attack.refused");
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _execute(address[] memory targets, uint256[] memory values, bytes[] memory calldatas) private {
        uint256 kind = _proposal.kind;
        bool fails = kind == K_BYPASS || _executionFails(kind);
        try governor.execute(targets, values, calldatas, _proposal.descriptionHash) {
            if (fails) {
                _surprise("a proposal executed that had to fail", _proposal.data);
                return;
            }
            _apply(kind, _proposal.a, _proposal.b);
            ++executedProposals;
            _done("execute");
        } catch (bytes memory reason) {
            if (kind == K_BYPASS) {
                _refused("bypass", reason, IAccessManaged.AccessManagedUnauthorized.selector);
                ++bypassesRefused;
            } else if (!fails) {
                _surprise("execute", reason);
            } else {
                _done("execute.refused");
            }
        }
    }

    /// @dev Whether the call of a passed proposal of `kind` fails because of the state at execution: the guardian
    /// paused (or unpaused) first, the attestor withdrew the bond to slash, or the vote extension exceeds the voting
    /// period (which another proposal may have shortened).
    function _executionFails(uint256 kind) private view returns (bool) {
        if (kind == K_PAUSE) return settlement.paused() == (_proposal.a == 1);
        if (kind == K_EXTENSION) return _proposal.a > governor.votingPeriod();
        if (kind == K_SLASH) {
            (uint256 bond, ) = settlement.bondOf(_attestors[_proposal.a]);
            return bond < _proposal.b;
        }
        return false;
    }

    /// @dev What an executed proposal of `kind` changed.
    function _apply(uint256 kind, uint256 a, uint256 b) private {
        if (kind == K_FEE_SHARES) (_expected[P_PROTOCOL], _expected[P_STAKERS]) = (a, b);
        else if (kind == K_LINEAGE) _expected[P_LINEAGE] = a;
        else if (kind == K_WINDOW) _expected[P_WINDOW] = a;
        else if (kind == K_VETO_LOCK) _expected[P_VETO_LOCK] = a;
        else if (kind == K_MIN_BOND) _expected[P_MIN_BOND] = a;
        else if (kind == K_PAUSE) _expected[P_PAUSED] = a;
        else if (kind == K_MIN_DATA) _expected[P_MIN_DATA] = a;
        else if (kind == K_MAX_DEPTH) _expected[P_MAX_DEPTH] = a;
        else if (kind == K_PUBLISH_FEE) _expected[P_PUBLISH_FEE] = a;
        else if (kind == K_COOLDOWN) _expected[P_COOLDOWN] = a;
        else if (kind == K_SUSPEND) _expected[P_SUSPENDED] ^= _bit(true, a);
        else if (kind == K_VOTING_PERIOD) _expected[P_VOTING_PERIOD] = a;
        else if (kind == K_VOTING_DELAY) _expected[P_VOTING_DELAY] = a;
        else if (kind == K_QUORUM) _expected[P_QUORUM] = a;
        else if (kind == K_EXTENSION) _expected[P_EXTENSION] = a;
        else if (kind == K_THRESHOLD) _expected[P_THRESHOLD] = a;
        else if (kind == K_GUARDIAN_TERM)
            _expected[P_GUARDIAN_EXPIRY] = a;
            // K_SLASH moves a bond to the treasury credit and changes no parameter.
        else if (kind == K_SLASH) slashedOf[_attestors[a]] += b;
    }

    /// @dev The call of a proposal of `kind`, with its values in bounds. A zero target when there is nothing to do.
    function _call(
        uint256 kind,
        uint256 v
    ) private view returns (address target, bytes memory data, uint256 a, uint256 b) {
        target = address(settlement);
        if (kind == K_FEE_SHARES) {
            a = bound(v, 0, 5_000);
            b = bound(v >> 32, 0, 5_000 - a);
            data = abi.encodeCall(settlement.setFeeShares, (a, b));
        } else if (kind == K_LINEAGE) {
            a = bound(v, 0, 5_000);
            data = abi.encodeCall(settlement.setLineageBps, (a));
        } else if (kind == K_WINDOW) {
            a = bound(v, 1 minutes, 1 days);
            data = abi.encodeCall(settlement.setChallengeWindow, (a));
        } else if (kind == K_VETO_LOCK) {
            a = bound(v, 1 minutes, 1 days);
            data = abi.encodeCall(settlement.setVetoBondLock, (a));
        } else if (kind == K_MIN_BOND) {
            a = bound(v, 0, 1_500e18);
            data = abi.encodeCall(settlement.setMinAttestorBond, (a));
        } else if (kind == K_PAUSE) {
            a = settlement.paused() ? 0 : 1;
            data = abi.encodeWithSelector(a == 1 ? settlement.pause.selector : settlement.unpause.selector);
        } else if (kind == K_SLASH) {
            a = v % _attestors.length;
            (uint256 bond, ) = settlement.bondOf(_attestors[a]);
            if (bond == 0) return (address(0), "", 0, 0);
            b = bound(v >> 32, 1, bond);
            data = abi.encodeCall(settlement.slashBond, (_attestors[a], b));
        } else if (kind == K_BYPASS) {
            target = address(governor);
            bytes memory setter = abi.encodeCall(settlement.setLineageBps, (bound(v, 0, 5_000)));
            data = abi.encodeCall(governor.relay, (address(settlement), 0, setter));
        } else {
            return _otherCall(kind, v);
        }
    }

    function _otherCall(
        uint256 kind,
        uint256 v
    ) private view returns (address target, bytes memory data, uint256 a, uint256 b) {
        target = address(models);
        if (kind == K_MIN_DATA) {
            a = bound(v, 0, 9_000);
            data = abi.encodeCall(models.setMinDataBps, (a));
        } else if (kind == K_MAX_DEPTH) {
            a = bound(v, 0, 8);
            data = abi.encodeCall(models.setMaxLineageDepth, (a));
        } else if (kind == K_PUBLISH_FEE) {
            a = bound(v, 0, 5e18);
            data = abi.encodeCall(models.setPublishFee, (a));
        } else if (kind == K_SUSPEND) {
            a = 1 + (v % models.modelCount());
            b = models.model(a).suspended ? 0 : 1;
            data = abi.encodeCall(models.setSuspended, (a, b == 1));
        } else if (kind == K_COOLDOWN) {
            target = address(gopen);
            a = bound(v, 0, 1 days);
            data = abi.encodeCall(gopen.setCooldown, (a));
        } else {
            (data, a) = _governorCall(kind, v);
            target = address(governor);
        }
    }

    function _governorCall(uint256 kind, uint256 v) private view returns (bytes memory data, uint256 a) {
        if (kind == K_VOTING_PERIOD) {
            a = bound(v, 1 minutes, 20 minutes);
            data = abi.encodeCall(governor.setVotingPeriod, (uint32(a)));
        } else if (kind == K_VOTING_DELAY) {
            a = bound(v, 0, 10);
            data = abi.encodeCall(governor.setVotingDelay, (uint48(a)));
        } else if (kind == K_QUORUM) {
            a = bound(v, 1, 20);
            data = abi.encodeCall(governor.updateQuorumNumerator, (a));
        } else if (kind == K_EXTENSION) {
            a = bound(v, 0, 5 minutes);
            data = abi.encodeCall(governor.setLateQuorumVoteExtension, (uint48(a)));
        } else if (kind == K_GUARDIAN_TERM) {
            // Long enough that no run outlives it, within the longest term counted from the proposal's execution.
            a = block.timestamp + bound(v, 200 days, 365 days);
            data = abi.encodeCall(governor.setProposalGuardianExpiry, (a));
        } else {
            a = bound(v, 0, 100e18);
            data = abi.encodeCall(governor.setProposalThreshold, (a));
        }
    }

    /// @dev A restricted function of the suite and its calldata, for `caller` to try.
    function _restricted(
        uint256 fnSeed,
        uint256 v,
        address caller
    ) private view returns (address target, bytes memory data) {
        uint256 fn = fnSeed % 20;
        // The guardian may pause, unpause and veto: it tries the other functions.
        if (caller == guardian && fn < 3) fn += 3;
        target = address(settlement);
        if (fn == 0) data = abi.encodeWithSelector(settlement.pause.selector);
        else if (fn == 1) data = abi.encodeWithSelector(settlement.unpause.selector);
        else if (fn == 2) data = abi.encodeCall(settlement.vetoRoot, (1 + (v % datanets.datanetCount()), v % 4));
        else if (fn == 3) data = abi.encodeCall(settlement.setFeeShares, (v % 2_500, v % 2_500));
        else if (fn == 4) data = abi.encodeCall(settlement.setLineageBps, (v % 5_000));
        else if (fn == 5) data = abi.encodeCall(settlement.setChallengeWindow, (bound(v, 1 minutes, 1 days)));
        else if (fn == 6) data = abi.encodeCall(settlement.setMinAttestorBond, (0));
        else if (fn == 7) data = abi.encodeCall(settlement.slashBond, (_attestors[v % _attestors.length], 1));
        else if (fn == 8) data = abi.encodeCall(settlement.setAuthority, (caller));
        else return _restrictedElsewhere(fn, v, caller);
    }

    function _restrictedElsewhere(
        uint256 fn,
        uint256 v,
        address caller
    ) private view returns (address target, bytes memory data) {
        if (fn == 9) return (address(models), abi.encodeCall(models.setMinDataBps, (v % 10_000)));
        if (fn == 10) return (address(models), abi.encodeCall(models.setMaxLineageDepth, (v % 9)));
        if (fn == 11) return (address(models), abi.encodeCall(models.setPublishFee, (v % 1e18)));
        if (fn == 12) return (address(models), abi.encodeCall(models.setSuspended, (1, !models.model(1).suspended)));
        if (fn == 13) return (address(gopen), abi.encodeCall(gopen.setCooldown, (v % 1 days)));
        if (fn == 14) return (address(datanets), abi.encodeCall(datanets.setAttestorByGovernance, (1, caller)));
        if (fn == 15) return (address(manager), abi.encodeCall(manager.grantRole, (Roles.ADMIN, caller, 0)));
        if (fn == 16) return (address(manager), abi.encodeCall(manager.updateAuthority, (address(settlement), caller)));
        if (fn == 17) return (address(governor), abi.encodeCall(governor.setVotingPeriod, (uint32(1 + (v % 1 days)))));
        if (fn == 18) {
            bytes memory setter = abi.encodeCall(settlement.setLineageBps, (v % 5_000));
            return (address(governor), abi.encodeCall(governor.relay, (address(settlement), 0, setter)));
        }
        return (address(timelock), abi.encodeCall(timelock.updateDelay, (v % 1 days)));
    }

    function _attacker(uint256 seed) private view returns (address) {
        uint256 k = seed % (_actors.length + _attestors.length + 3);
        if (k < _actors.length) return _actors[k];
        k -= _actors.length;
        if (k < _attestors.length) return _attestors[k];
        k -= _attestors.length;
        return k == 0 ? guardian : (k == 1 ? deployer : address(this));
    }

    /// @dev The first actor from `seed` with votes, at least the proposal threshold; with a threshold of zero and no
    /// votes anywhere, the actor of `seed`; zero if nobody may propose.
    function _proposer(uint256 seed) private view returns (address) {
        uint256 threshold = governor.proposalThreshold();
        for (uint256 k; k < _actors.length; ++k) {
            address actor = _actor(seed + k);
            uint256 votes = governor.getVotes(actor, block.timestamp - 1);
            if (votes != 0 && votes >= threshold) return actor;
        }
        return threshold == 0 ? _actor(seed) : address(0);
    }

    function _arrays(
        address target,
        bytes memory data
    ) private pure returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) {
        targets = new address[](1);
        targets[0] = target;
        values = new uint256[](1);
        calldatas = new bytes[](1);
        calldatas[0] = data;
    }

    /// @dev Who holds the AccessManager's roles among every account the handlers act as, how the Timelock's roles
    /// stand, and which role the guardian functions need.
    function _roleBits() private view returns (uint256 bits) {
        uint256 i;
        uint256 n = _actors.length + _attestors.length;
        address[5] memory suite = [address(timelock), address(governor), guardian, deployer, address(this)];
        for (uint256 k; k < n + suite.length; ++k) {
            address account = k < _actors.length ? _actors[k] : (k < n ? _attestors[k - _actors.length] : suite[k - n]);
            (bool admin, ) = manager.hasRole(Roles.ADMIN, account);
            (bool guards, ) = manager.hasRole(Roles.GUARDIAN, account);
            bits |= _bit(admin, i++) | _bit(guards, i++);
        }
        // The Timelock administers itself; the Governor alone proposes and cancels; anyone executes.
        bits |= _bit(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)), i++);
        bits |= _bit(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), deployer), i++);
        bits |= _bit(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)), i++);
        bits |= _bit(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)), i++);
        bits |= _bit(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)), i++);
        bytes4[3] memory guardianFns = [
            settlement.pause.selector,
            settlement.unpause.selector,
            settlement.vetoRoot.selector
        ];
        for (uint256 k; k < 3; ++k) {
            bits |= uint256(manager.getTargetFunctionRole(address(settlement), guardianFns[k])) << i;
            i += 2;
        }
    }

    /// @dev Which models governance suspended: settlementTerms refuses exactly those (no model is ever deprecated here).
    function _suspendedBits() private view returns (uint256 bits) {
        uint256 count = models.modelCount();
        for (uint256 m = 1; m <= count; ++m) {
            try models.settlementTerms(m) {} catch {
                bits |= _bit(true, m);
            }
        }
    }

    function _authorityBits() private view returns (uint256 bits) {
        address[4] memory managed = [address(gopen), address(datanets), address(models), address(settlement)];
        for (uint256 k; k < 4; ++k) {
            bits |= _bit(IAccessManaged(managed[k]).authority() == address(manager), k);
            bits |= _bit(manager.isTargetClosed(managed[k]), k + 4);
        }
    }

    function _bit(bool set, uint256 position) private pure returns (uint256) {
        return set ? uint256(1) << position : 0;
    }

    function _decimal(uint256 value) private pure returns (string memory) {
        if (value == 0) return "0";
        bytes memory out = new bytes(78);
        uint256 n;
        for (; value != 0; value /= 10) out[77 - n++] = bytes1(uint8(48 + (value % 10)));
        bytes memory trimmed = new bytes(n);
        for (uint256 i; i < n; ++i) trimmed[i] = out[78 - n + i];
        return string(trimmed);
    }
}
