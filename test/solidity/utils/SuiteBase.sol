// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { OpenAccessManager } from "../../../contracts/governance/OpenAccessManager.sol";
import { IAttributionEpochs } from "../../../contracts/interfaces/IAttributionEpochs.sol";
import { ISettlement } from "../../../contracts/interfaces/ISettlement.sol";
import { IDatanetRegistry } from "../../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../../contracts/interfaces/IModelRegistry.sol";
import { IStakedOpen } from "../../../contracts/interfaces/IStakedOpen.sol";
import { Roles } from "../../../contracts/libraries/Roles.sol";
import { DatanetRegistry } from "../../../contracts/registry/DatanetRegistry.sol";
import { ModelRegistry } from "../../../contracts/registry/ModelRegistry.sol";
import { Settlement } from "../../../contracts/settlement/Settlement.sol";
import { StakedOpen } from "../../../contracts/staking/StakedOpen.sol";
import { OpenToken } from "../../../contracts/token/OpenToken.sol";
import { TestBase } from "./TestBase.sol";

/// @notice Deploys the protocol contracts (without Governor and Timelock) and wires the AccessManager as the deploy
/// module does, with this test contract standing in for the Timelock: it holds ADMIN (every governance setter) and
/// GUARDIAN, and TREASURY receives the protocol share. The Governor path itself is tested end to end in TypeScript.
abstract contract SuiteBase is TestBase {
    address internal constant TREASURY = address(0x7EA5);
    address internal constant GUARDIAN = address(0x6A4D);

    OpenToken internal open;
    OpenAccessManager internal manager;
    StakedOpen internal gopen;
    DatanetRegistry internal datanets;
    ModelRegistry internal models;
    Settlement internal settlement;

    function _deploySuite() internal {
        open = new OpenToken(address(this));
        manager = new OpenAccessManager(address(this));
        gopen = new StakedOpen(IERC20(address(open)), address(manager), 1 hours, 1 hours);
        datanets = new DatanetRegistry(IERC20(address(open)), address(manager), 1 hours);
        models = new ModelRegistry(
            IERC20(address(open)),
            IDatanetRegistry(address(datanets)),
            TREASURY,
            address(manager),
            3000,
            3,
            0
        );
        settlement = new Settlement(
            IERC20(address(open)),
            IModelRegistry(address(models)),
            IDatanetRegistry(address(datanets)),
            IStakedOpen(address(gopen)),
            TREASURY,
            address(manager),
            Settlement.InitParams({
                protocolBps: 500,
                stakersBps: 1500,
                lineageBps: 1000,
                challengeWindow: 10 minutes,
                vetoBondLock: 1 hours,
                minAttestorBond: 1000e18,
                bondFactor: 10,
                activationBondLock: 1 hours,
                maxGuardianVetoes: 3
            })
        );
        bytes4[] memory guardianFns = new bytes4[](3);
        guardianFns[0] = ISettlement.pause.selector;
        guardianFns[1] = ISettlement.unpause.selector;
        guardianFns[2] = IAttributionEpochs.vetoRoot.selector;
        manager.setTargetFunctionRole(address(settlement), guardianFns, Roles.GUARDIAN);
        manager.grantRole(Roles.GUARDIAN, GUARDIAN, 0);
        manager.grantRole(Roles.GUARDIAN, address(this), 0);
        vm.label(address(open), "OPEN");
        vm.label(address(gopen), "gOPEN");
        vm.label(address(datanets), "DatanetRegistry");
        vm.label(address(models), "ModelRegistry");
        vm.label(address(settlement), "Settlement");
    }

    /// @dev Sends `amount` OPEN from this contract (which holds the supply) to `to`.
    function _fund(address to, uint256 amount) internal {
        open.transfer(to, amount);
    }

    /// @dev A one-datanet training set.
    function _single(uint256 datanetId) internal pure returns (IModelRegistry.TrainingDatanet[] memory set) {
        set = new IModelRegistry.TrainingDatanet[](1);
        set[0] = IModelRegistry.TrainingDatanet(datanetId, 10_000);
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
