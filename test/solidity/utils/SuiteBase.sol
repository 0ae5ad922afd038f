// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IVotes } from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import { AgentRegistry } from "../../../contracts/agents/AgentRegistry.sol";
import { OpenAccessManager } from "../../../contracts/governance/OpenAccessManager.sol";
import { OpenGovernor } from "../../../contracts/governance/OpenGovernor.sol";
import { OpenTimelock } from "../../../contracts/governance/OpenTimelock.sol";
import { IAttributionEpochs } from "../../../contracts/interfaces/IAttributionEpochs.sol";
import { ISettlement } from "../../../contracts/interfaces/ISettlement.sol";
import { IDatanetRegistry } from "../../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../../contracts/interfaces/IModelRegistry.sol";
import { IStakedOpen } from "../../../contracts/interfaces/IStakedOpen.sol";
import { Roles } from "../../../contracts/libraries/Roles.sol";
import { SpendingBudgets } from "../../../contracts/agents/SpendingBudgets.sol";
import { DatanetRegistry } from "../../../contracts/registry/DatanetRegistry.sol";
import { ModelRegistry } from "../../../contracts/registry/ModelRegistry.sol";
import { Settlement } from "../../../contracts/settlement/Settlement.sol";
import { StakedOpen } from "../../../contracts/staking/StakedOpen.sol";
import { OpenToken } from "../../../contracts/token/OpenToken.sol";
import { TestBase } from "./TestBase.sol";

/// @notice The one world builder of the Solidity tests. `_deploySuite` deploys the protocol contracts (without Governor
/// and Timelock) and wires the AccessManager as the deploy module does, with this test contract standing in for the
/// Timelock: it holds ADMIN (every governance setter) and GUARDIAN, and TREASURY receives the protocol share.
/// `_deployGovernance` and `_handOverToTimelock` then add a real Timelock driven by a real Governor and hand every
/// role to it, as the deploy module ends. The parameters are those of deploy/parameters/hardhat.json, named below;
/// test/tooling/suite-parameters.test.ts checks that they still are.
abstract contract SuiteBase is TestBase {
    address internal constant TREASURY = address(0x7EA5);
    address internal constant GUARDIAN = address(0x6A4D);

    // ─── deploy/parameters/hardhat.json ──────────────────────────────────────────────────────────────────────────
    uint256 internal constant TIMELOCK_DELAY = 60;
    uint48 internal constant WITHDRAWAL_COOLDOWN = 3600;
    uint32 internal constant REWARDS_DURATION = 3600;
    uint48 internal constant VOTING_DELAY = 1;
    uint32 internal constant VOTING_PERIOD = 600;
    uint256 internal constant PROPOSAL_THRESHOLD = 0;
    uint256 internal constant QUORUM_PERCENT = 4;
    uint48 internal constant VOTE_EXTENSION = 120;
    uint256 internal constant MIN_DATA_BPS = 3000;
    uint256 internal constant MAX_LINEAGE_DEPTH = 3;
    uint256 internal constant PUBLISH_FEE = 0;
    uint256 internal constant PROTOCOL_BPS = 500;
    uint256 internal constant STAKERS_BPS = 1500;
    uint256 internal constant LINEAGE_BPS = 1000;
    uint256 internal constant CHALLENGE_WINDOW = 600;
    uint256 internal constant REVIEW_TIMEOUT = 3600;
    uint256 internal constant VETO_BOND_LOCK = 3600;
    uint256 internal constant MIN_ATTESTOR_BOND = 1000e18;
    uint256 internal constant BOND_FACTOR = 10;
    uint256 internal constant ACTIVATION_BOND_LOCK = 3600;
    uint256 internal constant MAX_GUARDIAN_VETOES = 3;
    /// @dev Not hardhat.json's 30 days: the guardian's longest term, so that no invariant run outlives it.
    uint256 internal constant GUARDIAN_TERM = 365 days;

    OpenToken internal open;
    OpenAccessManager internal manager;
    StakedOpen internal gopen;
    DatanetRegistry internal datanets;
    ModelRegistry internal models;
    Settlement internal settlement;
    SpendingBudgets internal budgets;
    OpenTimelock internal timelock;
    OpenGovernor internal governor;

    function _deploySuite() internal {
        open = new OpenToken(address(this));
        manager = new OpenAccessManager(address(this));
        gopen = new StakedOpen(IERC20(address(open)), address(manager), WITHDRAWAL_COOLDOWN, REWARDS_DURATION);
        datanets = new DatanetRegistry(IERC20(address(open)), address(manager), REVIEW_TIMEOUT);
        models = new ModelRegistry(
            IERC20(address(open)),
            IDatanetRegistry(address(datanets)),
            TREASURY,
            address(manager),
            MIN_DATA_BPS,
            MAX_LINEAGE_DEPTH,
            PUBLISH_FEE
        );
        settlement = new Settlement(
            IERC20(address(open)),
            IModelRegistry(address(models)),
            IDatanetRegistry(address(datanets)),
            IStakedOpen(address(gopen)),
            TREASURY,
            address(manager),
            Settlement.InitParams({
                protocolBps: PROTOCOL_BPS,
                stakersBps: STAKERS_BPS,
                lineageBps: LINEAGE_BPS,
                challengeWindow: CHALLENGE_WINDOW,
                vetoBondLock: VETO_BOND_LOCK,
                minAttestorBond: MIN_ATTESTOR_BOND,
                bondFactor: BOND_FACTOR,
                activationBondLock: ACTIVATION_BOND_LOCK,
                maxGuardianVetoes: MAX_GUARDIAN_VETOES
            })
        );
        bytes4[] memory guardianFns = new bytes4[](3);
        guardianFns[0] = ISettlement.pause.selector;
        guardianFns[1] = ISettlement.unpause.selector;
        guardianFns[2] = IAttributionEpochs.vetoRoot.selector;
        manager.setTargetFunctionRole(address(settlement), guardianFns, Roles.GUARDIAN);
        manager.grantRole(Roles.GUARDIAN, GUARDIAN, 0);
        manager.grantRole(Roles.GUARDIAN, address(this), 0);
        bytes4[] memory floorFns = new bytes4[](1);
        floorFns[0] = IModelRegistry.setMinDataBps.selector;
        manager.setTargetFunctionRole(address(models), floorFns, Roles.SETTLEMENT);
        manager.grantRole(Roles.SETTLEMENT, address(settlement), 0);
        (, , , , , address budgets_) = settlement.dependencies();
        budgets = SpendingBudgets(budgets_);
        vm.label(address(open), "OPEN");
        vm.label(address(gopen), "gOPEN");
        vm.label(address(datanets), "DatanetRegistry");
        vm.label(address(models), "ModelRegistry");
        vm.label(address(settlement), "Settlement");
        vm.label(address(budgets), "SpendingBudgets");
    }

    /// @dev An AgentRegistry on the suite's OPEN, ModelRegistry and AccessManager, paying slashes to TREASURY.
    function _newAgentRegistry(
        uint256 minStake,
        uint256 challengeWindow,
        uint256 unstakeDelay
    ) internal returns (AgentRegistry registry) {
        registry = new AgentRegistry(
            IERC20(address(open)),
            IModelRegistry(address(models)),
            TREASURY,
            address(manager),
            minStake,
            challengeWindow,
            unstakeDelay
        );
        vm.label(address(registry), "AgentRegistry");
    }

    /// @dev A Timelock whose only proposer and canceller is a Governor voting with gOPEN, as deployed.
    function _deployGovernance() internal {
        address[] memory executors = new address[](1);
        timelock = new OpenTimelock(TIMELOCK_DELAY, new address[](0), executors, address(this));
        governor = new OpenGovernor(
            IVotes(address(gopen)),
            timelock,
            VOTING_DELAY,
            VOTING_PERIOD,
            PROPOSAL_THRESHOLD,
            QUORUM_PERCENT,
            VOTE_EXTENSION,
            GUARDIAN,
            GUARDIAN_TERM,
            address(manager)
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        vm.label(address(timelock), "Timelock");
        vm.label(address(governor), "Governor");
    }

    /// @dev As the deploy module ends: the Timelock holds ADMIN (every setter) and GUARDIAN, and this contract, which
    /// deployed the suite, keeps no role.
    function _handOverToTimelock() internal {
        manager.grantRole(Roles.GUARDIAN, address(timelock), 0);
        manager.grantRole(Roles.ADMIN, address(timelock), 0);
        manager.revokeRole(Roles.GUARDIAN, address(this));
        manager.renounceRole(Roles.ADMIN, address(this));
    }

    /// @dev Sends `amount` OPEN from this contract (which holds the supply) to `to`.
    function _fund(address to, uint256 amount) internal {
        open.transfer(to, amount);
    }

    /// @dev A one-datanet training set, on version 1 of the datanet.
    function _single(uint256 datanetId) internal pure returns (IModelRegistry.TrainingDatanet[] memory) {
        return _single(datanetId, 1);
    }

    /// @dev A one-datanet training set, on `version` of the datanet.
    function _single(
        uint256 datanetId,
        uint256 version
    ) internal pure returns (IModelRegistry.TrainingDatanet[] memory set) {
        set = new IModelRegistry.TrainingDatanet[](1);
        set[0] = IModelRegistry.TrainingDatanet(datanetId, version, 10_000);
    }

    /// @dev Publishes the next version of `datanetId` as its owner, so that a model can name it: when nothing was
    /// accepted since the latest version, the owner first contributes one record (and accepts it with weight 1 if the
    /// datanet is curated). Returns the new version's number.
    function _publishDatanetVersion(uint256 datanetId) internal returns (uint256) {
        return _publishDatanetVersion(datanetId, datanets.datanet(datanetId).owner);
    }

    /// @dev As `_publishDatanetVersion(datanetId)`, with `contributor` contributing the record when one is needed (it
    /// is funded and approves the bond of a bonded datanet).
    function _publishDatanetVersion(uint256 datanetId, address contributor) internal returns (uint256 version) {
        IDatanetRegistry.DatanetView memory d = datanets.datanet(datanetId);
        uint256 versioned = d.versionCount == 0 ? 0 : datanets.datanetVersion(datanetId, d.versionCount).acceptedCount;
        if (d.acceptedCount == versioned) {
            bytes32 contentHash = keccak256(abi.encode("version record", datanetId, d.versionCount + 1, contributor));
            if (d.bond != 0) {
                // The allowance is left as it was once the bond is taken.
                uint256 allowance = open.allowance(contributor, address(datanets));
                _fund(contributor, d.bond);
                vm.prank(contributor);
                open.approve(address(datanets), allowance == type(uint256).max ? allowance : allowance + d.bond);
            }
            vm.prank(contributor);
            datanets.contribute(datanetId, contentHash, "ipfs://version-record");
            if (d.curated) {
                IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](1);
                decisions[0] = IDatanetRegistry.Decision(contentHash, 1);
                vm.prank(d.owner);
                datanets.review(datanetId, decisions);
            }
        }
        vm.prank(d.owner);
        version = datanets.publishVersion(datanetId, "ipfs://manifest");
    }

    /// @dev Registers a model as `owner` with a one-datanet training set.
    function _registerModel(
        address owner,
        uint256 parentId,
        uint256 datanetId,
        uint256 price,
        uint256 ownerBps
    ) internal returns (uint256 modelId) {
        vm.prank(owner);
        modelId = models.registerModel(
            IModelRegistry.ModelParams({
                cardURI: "ipfs://card",
                weightsHash: keccak256(abi.encode(owner, parentId, datanetId)),
                weightsURI: "ipfs://weights",
                parentId: parentId,
                datanets: _single(datanetId),
                price: price,
                ownerBps: ownerBps
            })
        );
    }
}
