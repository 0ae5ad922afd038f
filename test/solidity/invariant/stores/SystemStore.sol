// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { OpenAccessManager } from "../../../../contracts/governance/OpenAccessManager.sol";
import { OpenGovernor } from "../../../../contracts/governance/OpenGovernor.sol";
import { OpenTimelock } from "../../../../contracts/governance/OpenTimelock.sol";
import { IDatanetRegistry } from "../../../../contracts/interfaces/IDatanetRegistry.sol";
import { DatanetRegistry } from "../../../../contracts/registry/DatanetRegistry.sol";
import { ModelRegistry } from "../../../../contracts/registry/ModelRegistry.sol";
import { Settlement } from "../../../../contracts/settlement/Settlement.sol";
import { StakedOpen } from "../../../../contracts/staking/StakedOpen.sol";
import { OpenToken } from "../../../../contracts/token/OpenToken.sol";

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

/// @notice One contribution or Merkle batch a handler made, with the status its own decisions lead to.
struct Record {
    uint256 datanetId;
    bytes32 key;
    bool batch;
    IDatanetRegistry.Status expected;
}

/// @notice An attribution tree a handler posted: up to four `(account, cumulativeAmount)` leaves.
struct Tree {
    uint256 n;
    address[4] accounts;
    uint256[4] amounts;
}

/// @notice What the system handlers share, as Sablier's invariant stores keep it: the actors and attestors, the record
/// of surprises and of the actions that ran, and the ghost variables that the invariants read because they cannot be
/// read on-chain. Only the handlers write here; the invariant runner never calls it (it is not a target).
/// A handler never reverts to report a problem (the invariant runner ignores reverts): a call that ends other than the
/// handler predicted is counted in `surprises`, and the first one is described in `firstSurprise`.
contract SystemStore {
    address[] private _actors;
    address[] private _attestors;

    /// @notice Calls that ended other than predicted, in any handler.
    uint256 public surprises;
    /// @notice The first of them: the action and the revert data (or what was wrong).
    string public firstSurprise;
    /// @notice How many times each action ran to the end, by name (to see that the runs do something).
    mapping(bytes32 action => uint256) public calls;

    /// @notice OPEN burnt by the actors.
    uint256 public ghostBurnt;
    /// @notice OPEN paid to `account` from `datanetId`'s pool, measured as balance changes around each claim.
    mapping(uint256 datanetId => mapping(address account => uint256)) public ghostPaid;
    /// @notice Vetoes after which the attestor that posted the vetoed root could withdraw its bond before the veto
    /// lock ended, i.e. before governance could vote a slash.
    uint256 public vetoLockEscapes;
    /// @notice What governance's executed proposals slashed from each attestor's bond.
    mapping(address attestor => uint256) public slashedOf;
    /// @notice The attestor that posted the pending root of each datanet.
    mapping(uint256 datanetId => address) public poster;

    Record[] private _records;
    mapping(bytes32 root => Tree) private _trees;
    uint256 private _nonce;

    constructor(address[] memory actors_, address[] memory attestors_) {
        _actors = actors_;
        _attestors = attestors_;
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function attestors() external view returns (address[] memory) {
        return _attestors;
    }

    function actorCount() external view returns (uint256) {
        return _actors.length;
    }

    function attestorCount() external view returns (uint256) {
        return _attestors.length;
    }

    function actor(uint256 seed) external view returns (address) {
        return _actors[seed % _actors.length];
    }

    function attestor(uint256 seed) external view returns (address) {
        return _attestors[seed % _attestors.length];
    }

    function records() external view returns (Record[] memory) {
        return _records;
    }

    function recordCount() external view returns (uint256) {
        return _records.length;
    }

    function tree(bytes32 root) external view returns (Tree memory) {
        return _trees[root];
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

    // ─── Writes by the handlers ──────────────────────────────────────────────────────────────────────────────────

    /// @notice A number never returned before: content hashes, weights and inference ids are made from it.
    function nextNonce() external returns (uint256) {
        return ++_nonce;
    }

    function done(bytes32 action) external {
        ++calls[action];
    }

    function surprise(string calldata action, bytes calldata reason) external {
        if (++surprises == 1) firstSurprise = string.concat(action, ": 0x", _hex(reason));
    }

    function addBurnt(uint256 amount) external {
        ghostBurnt += amount;
    }

    function addPaid(uint256 datanetId, address account, uint256 amount) external {
        ghostPaid[datanetId][account] += amount;
    }

    function addVetoLockEscape() external {
        ++vetoLockEscapes;
    }

    function addSlashed(address attestor_, uint256 amount) external {
        slashedOf[attestor_] += amount;
    }

    function setPoster(uint256 datanetId, address attestor_) external {
        poster[datanetId] = attestor_;
    }

    function pushRecord(Record calldata record) external {
        _records.push(record);
    }

    function setExpected(uint256 index, IDatanetRegistry.Status status) external {
        _records[index].expected = status;
    }

    function setTree(bytes32 root, Tree calldata t) external {
        _trees[root] = t;
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _hex(bytes memory data) private pure returns (string memory) {
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
