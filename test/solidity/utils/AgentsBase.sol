// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { JobEscrow } from "../../../contracts/agents/JobEscrow.sol";
import { ReputationRegistry } from "../../../contracts/agents/ReputationRegistry.sol";
import { IAgentIdentity } from "../../../contracts/interfaces/IAgentIdentity.sol";
import { IBudgetCharger } from "../../../contracts/interfaces/IBudgetCharger.sol";
import { IJobEscrow } from "../../../contracts/interfaces/IJobEscrow.sol";
import { MockAgentIdentity } from "../mocks/MockAgentIdentity.sol";
import { MockBudgetCharger } from "../mocks/MockBudgetCharger.sol";
import { SuiteBase } from "./SuiteBase.sol";

/// @notice The suite with the agents' job escrow on top, over a mock agent registry and a mock budgetMock contract (the
/// escrow depends only on their interfaces), and the reputation registry that reads both. This test contract stands in
/// for the Timelock, as in SuiteBase.
abstract contract AgentsBase is SuiteBase {
    uint256 internal constant FEE_BPS = 250;
    uint256 internal constant EVALUATION_WINDOW = 1 days;
    uint256 internal constant MAX_JOB_DURATION = 30 days;
    uint256 internal constant UNBOND_DELAY = 7 days;
    uint256 internal constant MIN_JOB_VALUE = 1e18;
    uint256 internal constant ACTOR_FUNDS = 1_000_000e18;

    MockAgentIdentity internal agents;
    MockBudgetCharger internal budgetMock;
    JobEscrow internal escrow;
    ReputationRegistry internal reputation;

    function _deployAgents() internal {
        _deploySuite();
        agents = new MockAgentIdentity();
        budgetMock = new MockBudgetCharger(IERC20(address(open)));
        escrow = new JobEscrow(
            IERC20(address(open)),
            IAgentIdentity(address(agents)),
            IBudgetCharger(address(budgetMock)),
            TREASURY,
            address(manager),
            IJobEscrow.InitParams({
                feeBps: FEE_BPS,
                evaluationWindow: EVALUATION_WINDOW,
                maxDuration: MAX_JOB_DURATION,
                unbondDelay: UNBOND_DELAY,
                minJobValue: MIN_JOB_VALUE
            })
        );
        reputation = new ReputationRegistry(IAgentIdentity(address(agents)), IJobEscrow(address(escrow)));
        vm.label(address(reputation), "ReputationRegistry");
        vm.label(address(agents), "AgentRegistry");
        vm.label(address(budgetMock), "SpendingBudgets");
        vm.label(address(escrow), "JobEscrow");
    }

    /// @dev Funds `actor` and approves the escrow and the budgetMock contract for all of it.
    function _fundActor(address actor) internal {
        _fund(actor, ACTOR_FUNDS);
        vm.startPrank(actor);
        open.approve(address(escrow), type(uint256).max);
        open.approve(address(budgetMock), type(uint256).max);
        vm.stopPrank();
    }

    function _agent(address owner) internal returns (uint256) {
        return agents.register(owner);
    }

    function _createAndFund(
        address client,
        uint256 providerAgentId,
        address evaluator,
        uint256 amount
    ) internal returns (uint256 jobId) {
        vm.prank(client);
        jobId = escrow.createAndFund(providerAgentId, evaluator, block.timestamp + 7 days, "ipfs://job", amount);
    }

    function _subcontract(
        address caller,
        uint256 parentId,
        uint256 providerAgentId,
        address evaluator,
        uint256 amount
    ) internal returns (uint256 childId) {
        uint256 expiry = escrow.job(parentId).expiry;
        vm.prank(caller);
        childId = escrow.subcontract(parentId, providerAgentId, evaluator, amount, expiry, "ipfs://child");
    }

    function _submit(address caller, uint256 jobId) internal {
        vm.prank(caller);
        escrow.submit(jobId, keccak256(abi.encode("deliverable", jobId)), "ipfs://deliverable");
    }

    function _complete(address evaluator, uint256 jobId) internal {
        vm.prank(evaluator);
        escrow.complete(jobId, keccak256("good"));
    }

    function _reject(address caller, uint256 jobId) internal {
        vm.prank(caller);
        escrow.reject(jobId, keccak256("bad"));
    }
}
