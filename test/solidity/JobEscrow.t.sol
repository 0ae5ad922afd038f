// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { console } from "hardhat/console.sol";
import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { JobEscrow } from "../../contracts/agents/JobEscrow.sol";
import { IAgentIdentity } from "../../contracts/interfaces/IAgentIdentity.sol";
import { IBudgetCharger } from "../../contracts/interfaces/IBudgetCharger.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IJobEscrow } from "../../contracts/interfaces/IJobEscrow.sol";
import { MockBudgetCharger } from "./mocks/MockBudgetCharger.sol";
import { AgentsBase } from "./utils/AgentsBase.sol";

/// @notice JobEscrow: the ERC-8183 lifecycle (create, fund, submit, complete, reject, refund), subcontracting down to
/// MAX_DEPTH, optimistic completion, budget funding, pulled payouts, evaluator bonds, governance parameters, and gas.
contract JobEscrowTest is AgentsBase {
    address internal constant CLIENT = address(0xC11E);
    address internal constant EVALUATOR = address(0xE7A1);
    address internal constant PROVIDER = address(0x9A0F);
    address internal constant PROVIDER_WALLET = address(0x9A1E);
    address internal constant OPERATOR = address(0x0BE7);
    address internal constant SUB = address(0x5AB0);
    address internal constant STRANGER = address(0x5757);
    address internal constant PRINCIPAL = address(0x9219);
    address internal constant SPENDER = address(0x59E1);
    uint256 internal constant AMOUNT = 1000e18;

    uint256 internal provider;
    uint256 internal sub;

    function setUp() public {
        _deployAgents();
        provider = _agent(PROVIDER);
        agents.setWallet(provider, PROVIDER_WALLET);
        agents.setApproved(provider, OPERATOR, true);
        sub = _agent(SUB);
        _fundActor(CLIENT);
        _fundActor(PRINCIPAL);
        _fundActor(EVALUATOR);
    }

    // ─── constructor and parameters ──────────────────────────────────────────────────────────────────────────────

    function test_constructor_setsDependenciesAndParameters() public view {
        (address token, address registry, address charger, address treasury) = escrow.dependencies();
        assertEq(token, address(open), "token");
        assertEq(registry, address(agents), "agents");
        assertEq(charger, address(budgetMock), "budgetMock");
        assertEq(treasury, TREASURY, "treasury");
        assertEq(escrow.feeBps(), FEE_BPS, "fee");
        assertEq(escrow.evaluationWindow(), EVALUATION_WINDOW, "window");
        assertEq(escrow.maxDuration(), MAX_JOB_DURATION, "max duration");
        assertEq(escrow.unbondDelay(), UNBOND_DELAY, "unbond delay");
        assertEq(escrow.minJobValue(), MIN_JOB_VALUE, "min job value");
        assertEq(escrow.MAX_MIN_JOB_VALUE(), 1_000_000e18, "max min job value");
        assertEq(escrow.MAX_DEPTH(), 4, "max depth");
        assertEq(escrow.MAX_FEE_BPS(), 1000, "max fee");
        assertEq(escrow.MAX_LIVE_CHILDREN(), 255, "max live children");
        assertEq(escrow.jobCount(), 0, "no job");
    }

    function test_constructor_revertsOnZeroAddress() public {
        IJobEscrow.InitParams memory p = _params(FEE_BPS, EVALUATION_WINDOW, MAX_JOB_DURATION, UNBOND_DELAY);
        IERC20 token = IERC20(address(open));
        IAgentIdentity registry = IAgentIdentity(address(agents));
        IBudgetCharger charger = IBudgetCharger(address(budgetMock));
        vm.expectRevert(IErrors.ZeroAddress.selector);
        new JobEscrow(IERC20(address(0)), registry, charger, TREASURY, address(manager), p);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        new JobEscrow(token, IAgentIdentity(address(0)), charger, TREASURY, address(manager), p);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        new JobEscrow(token, registry, IBudgetCharger(address(0)), TREASURY, address(manager), p);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        new JobEscrow(token, registry, charger, address(0), address(manager), p);
    }

    function test_constructor_revertsOnParametersOutOfBounds() public {
        IERC20 token = IERC20(address(open));
        IAgentIdentity registry = IAgentIdentity(address(agents));
        IBudgetCharger charger = IBudgetCharger(address(budgetMock));
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 1001, 1000));
        new JobEscrow(token, registry, charger, TREASURY, address(manager), _params(1001, 1 days, 30 days, 7 days));
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.ParameterBelowMinimum.selector, 59 minutes, 1 hours));
        new JobEscrow(token, registry, charger, TREASURY, address(manager), _params(0, 59 minutes, 30 days, 7 days));
        IJobEscrow.InitParams memory p = _params(FEE_BPS, EVALUATION_WINDOW, MAX_JOB_DURATION, UNBOND_DELAY);
        p.minJobValue = 0;
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.ParameterBelowMinimum.selector, 0, 1));
        new JobEscrow(token, registry, charger, TREASURY, address(manager), p);
        p.minJobValue = 1_000_000e18 + 1;
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 1_000_000e18 + 1, 1_000_000e18));
        new JobEscrow(token, registry, charger, TREASURY, address(manager), p);
    }

    function test_setMinJobValue_setsAndBoundsTheLeastJobValue() public {
        vm.expectEmit(address(escrow));
        emit IJobEscrow.MinJobValueSet(1_000_000e18);
        escrow.setMinJobValue(1_000_000e18);
        assertEq(escrow.minJobValue(), 1_000_000e18, "the most");
        vm.expectEmit(address(escrow));
        emit IJobEscrow.MinJobValueSet(1);
        escrow.setMinJobValue(1);
        assertEq(escrow.minJobValue(), 1, "the least");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 1_000_000e18 + 1, 1_000_000e18));
        escrow.setMinJobValue(1_000_000e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.ParameterBelowMinimum.selector, 0, 1));
        escrow.setMinJobValue(0);
        assertEq(escrow.minJobValue(), 1, "unchanged by the refused calls");
    }

    function test_setMinJobValue_appliesToJobsFundedFromThenOn() public {
        uint256 funded = _createAndFund(CLIENT, provider, EVALUATOR, 10e18);
        uint256 openJob = _open();
        escrow.setMinJobValue(20e18);
        // The funded job keeps its escrow; its children are held to the new least value.
        uint256 expiry = escrow.job(funded).expiry;
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, 5e18, 20e18));
        escrow.subcontract(funded, sub, EVALUATOR, 5e18, expiry, "");
        assertEq(escrow.job(funded).escrow, 10e18, "kept its escrow");
        vm.startPrank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, 10e18, 20e18));
        escrow.fund(openJob, 10e18);
        escrow.fund(openJob, 20e18);
        vm.stopPrank();
        assertEq(escrow.job(openJob).escrow, 20e18, "funded at the new least value");
    }

    function test_setFeeBps_setsAndBoundsTheFee() public {
        vm.expectEmit(address(escrow));
        emit IJobEscrow.FeeBpsSet(1000);
        escrow.setFeeBps(1000);
        assertEq(escrow.feeBps(), 1000, "fee");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 1001, 1000));
        escrow.setFeeBps(1001);
    }

    function test_setEvaluationWindow_setsAndBoundsTheWindow() public {
        vm.expectEmit(address(escrow));
        emit IJobEscrow.EvaluationWindowSet(30 days);
        escrow.setEvaluationWindow(30 days);
        assertEq(escrow.evaluationWindow(), 30 days, "window");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 30 days + 1, 30 days));
        escrow.setEvaluationWindow(30 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.ParameterBelowMinimum.selector, 1 hours - 1, 1 hours));
        escrow.setEvaluationWindow(1 hours - 1);
    }

    function test_setMaxDuration_setsAndBoundsTheDuration() public {
        vm.expectEmit(address(escrow));
        emit IJobEscrow.MaxDurationSet(365 days);
        escrow.setMaxDuration(365 days);
        assertEq(escrow.maxDuration(), 365 days, "max duration");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 365 days + 1, 365 days));
        escrow.setMaxDuration(365 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.ParameterBelowMinimum.selector, 0, 1 hours));
        escrow.setMaxDuration(0);
    }

    function test_setUnbondDelay_setsAndBoundsTheDelay() public {
        vm.expectEmit(address(escrow));
        emit IJobEscrow.UnbondDelaySet(90 days);
        escrow.setUnbondDelay(90 days);
        assertEq(escrow.unbondDelay(), 90 days, "unbond delay");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 90 days + 1, 90 days));
        escrow.setUnbondDelay(90 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.ParameterBelowMinimum.selector, 1, 1 hours));
        escrow.setUnbondDelay(1);
    }

    function test_setters_areGovernanceOnly() public {
        vm.startPrank(STRANGER);
        bytes memory unauthorized = abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, STRANGER);
        vm.expectRevert(unauthorized);
        escrow.setFeeBps(0);
        vm.expectRevert(unauthorized);
        escrow.setEvaluationWindow(1 days);
        vm.expectRevert(unauthorized);
        escrow.setMaxDuration(1 days);
        vm.expectRevert(unauthorized);
        escrow.setUnbondDelay(1 days);
        vm.expectRevert(unauthorized);
        escrow.setMinJobValue(1);
        vm.expectRevert(unauthorized);
        escrow.slashEvaluator(EVALUATOR, 1);
        vm.stopPrank();
    }

    // ─── createJob / fund ────────────────────────────────────────────────────────────────────────────────────────

    function test_createJob_opensAJobOfTheCaller() public {
        uint256 expiry = block.timestamp + 3 days;
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobCreated(1, CLIENT, provider, EVALUATOR, expiry, "ipfs://brief");
        vm.prank(CLIENT);
        uint256 jobId = escrow.createJob(provider, EVALUATOR, expiry, "ipfs://brief");

        assertEq(jobId, 1, "first id");
        assertEq(escrow.jobCount(), 1, "count");
        IJobEscrow.JobView memory v = escrow.job(jobId);
        assertEq(v.client, CLIENT, "client");
        assertEq(v.spender, CLIENT, "spender");
        assertEq(v.providerAgentId, provider, "provider");
        assertEq(v.evaluator, EVALUATOR, "evaluator");
        assertEq(uint256(v.status), uint256(IJobEscrow.Status.Open), "open");
        assertEq(v.escrow, 0, "no escrow");
        assertEq(v.expiry, expiry, "expiry");
        assertTrue(!escrow.hasFinishedWith(CLIENT, provider), "listed only once a job is completed or rejected");
    }

    function test_createJob_revertsWhenTheAgentHiresItself() public {
        address[3] memory selves = [PROVIDER, PROVIDER_WALLET, OPERATOR];
        for (uint256 i; i < selves.length; ++i) {
            vm.prank(selves[i]);
            vm.expectRevert(abi.encodeWithSelector(IJobEscrow.SelfHire.selector, provider, selves[i]));
            escrow.createJob(provider, EVALUATOR, block.timestamp + 1 days, "");
        }
        vm.prank(SPENDER);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.SelfHire.selector, provider, PROVIDER));
        escrow.createAndFundFor(PROVIDER, provider, EVALUATOR, block.timestamp + 1 days, "", AMOUNT);
        // Nor may the agent spend a principal's budget on itself.
        for (uint256 i; i < selves.length; ++i) {
            vm.prank(selves[i]);
            vm.expectRevert(abi.encodeWithSelector(IJobEscrow.SelfHire.selector, provider, selves[i]));
            escrow.createAndFundFor(PRINCIPAL, provider, EVALUATOR, block.timestamp + 1 days, "", AMOUNT);
        }
    }

    function test_createJob_revertsOnZeroEvaluator() public {
        vm.prank(CLIENT);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        escrow.createJob(provider, address(0), block.timestamp + 1 days, "");
    }

    function test_createJob_revertsForAnAgentThatCannotTakeJobs() public {
        agents.setCanTakeJobs(provider, false);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.AgentCannotTakeJobs.selector, provider));
        escrow.createJob(provider, EVALUATOR, block.timestamp + 1 days, "");
    }

    function test_createJob_revertsForAnUnknownAgent() public {
        vm.startPrank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IAgentIdentity.UnknownAgent.selector, 99));
        escrow.createJob(99, EVALUATOR, block.timestamp + 1 days, "");
        uint256 tooLarge = uint256(type(uint40).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IAgentIdentity.UnknownAgent.selector, tooLarge));
        escrow.createJob(tooLarge, EVALUATOR, block.timestamp + 1 days, "");
        vm.stopPrank();
    }

    function testFuzz_createJob_revertsOnExpiryOutOfRange(uint256 expiry) public {
        uint256 latest = block.timestamp + MAX_JOB_DURATION;
        expiry = expiry % 2 == 0 ? bound(expiry, 0, block.timestamp) : bound(expiry, latest + 1, type(uint256).max);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.ExpiryOutOfRange.selector, expiry, block.timestamp, latest));
        escrow.createJob(provider, EVALUATOR, expiry, "");
    }

    function testFuzz_fund_escrowsTheAmount(uint256 amount) public {
        amount = bound(amount, MIN_JOB_VALUE, ACTOR_FUNDS);
        uint256 jobId = _open();
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobFunded(jobId, CLIENT, CLIENT, amount);
        vm.prank(CLIENT);
        escrow.fund(jobId, amount);

        IJobEscrow.JobView memory v = escrow.job(jobId);
        assertEq(uint256(v.status), uint256(IJobEscrow.Status.Funded), "funded");
        assertEq(v.escrow, amount, "escrow");
        assertEq(escrow.remaining(jobId), amount, "remaining");
        assertEq(open.balanceOf(address(escrow)), amount, "held");
        assertEq(open.balanceOf(CLIENT), ACTOR_FUNDS - amount, "client paid");
    }

    function test_fund_revertsOnBadCalls() public {
        uint256 jobId = _open();
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.NotClient.selector, jobId, STRANGER));
        escrow.fund(jobId, AMOUNT);

        vm.startPrank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, 0, MIN_JOB_VALUE));
        escrow.fund(jobId, 0);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, MIN_JOB_VALUE - 1, MIN_JOB_VALUE));
        escrow.fund(jobId, MIN_JOB_VALUE - 1);
        uint256 tooLarge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.AmountTooLarge.selector, tooLarge, type(uint96).max));
        escrow.fund(jobId, tooLarge);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.UnknownJob.selector, 2));
        escrow.fund(2, AMOUNT);
        vm.stopPrank();

        agents.setCanTakeJobs(provider, false);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.AgentCannotTakeJobs.selector, provider));
        escrow.fund(jobId, AMOUNT);
        agents.setCanTakeJobs(provider, true);

        vm.prank(CLIENT);
        escrow.fund(jobId, AMOUNT);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobNotInState.selector, jobId, IJobEscrow.Status.Funded));
        escrow.fund(jobId, AMOUNT);
    }

    function test_fund_revertsAfterExpiry() public {
        uint256 jobId = _open();
        uint256 expiry = escrow.job(jobId).expiry;
        vm.warp(expiry);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobHasExpired.selector, jobId, expiry));
        escrow.fund(jobId, AMOUNT);
    }

    // ─── createAndFund / createAndFundFor ────────────────────────────────────────────────────────────────────────

    function testFuzz_createAndFund_createsAndEscrows(uint256 amount) public {
        amount = bound(amount, MIN_JOB_VALUE, ACTOR_FUNDS);
        uint256 expiry = block.timestamp + 7 days;
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobCreated(1, CLIENT, provider, EVALUATOR, expiry, "ipfs://job");
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobFunded(1, CLIENT, CLIENT, amount);
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, amount);

        IJobEscrow.JobView memory v = escrow.job(jobId);
        assertEq(uint256(v.status), uint256(IJobEscrow.Status.Funded), "funded");
        assertEq(v.escrow, amount, "escrow");
        assertEq(v.depth, 0, "root");
        assertEq(v.parentId, 0, "no parent");
        assertEq(open.balanceOf(address(escrow)), amount, "held");
    }

    function testFuzz_createAndFund_revertsBelowTheMinJobValue(uint256 amount) public {
        amount = bound(amount, 0, MIN_JOB_VALUE - 1);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, amount, MIN_JOB_VALUE));
        escrow.createAndFund(provider, EVALUATOR, block.timestamp + 1 days, "", amount);
        assertEq(escrow.jobCount(), 0, "no job");
    }

    function test_clientsOf_listsEachClientOnceAtItsFirstFinishedJob() public {
        _fundActor(STRANGER);
        uint256 first = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 second = _createAndFund(STRANGER, provider, EVALUATOR, AMOUNT);
        uint256 third = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 other = _createAndFund(CLIENT, sub, EVALUATOR, AMOUNT);
        assertEq(escrow.clientsOf(provider).length, 0, "none finished yet");
        _reject(EVALUATOR, first);
        _submit(PROVIDER_WALLET, second);
        _complete(EVALUATOR, second);
        _reject(EVALUATOR, third);
        _reject(EVALUATOR, other);

        address[] memory clients = escrow.clientsOf(provider);
        assertEq(clients.length, 2, "two clients");
        assertEq(clients[0], STRANGER, "latest listed first");
        assertEq(clients[1], CLIENT, "then the first");
        assertEq(escrow.clientsOf(sub).length, 1, "one client of sub");
        assertEq(escrow.clientsOf(99).length, 0, "none");
        assertTrue(escrow.hasFinishedWith(STRANGER, provider), "stranger finished with provider");
        assertTrue(!escrow.hasFinishedWith(STRANGER, sub), "stranger never hired sub");
        (uint256 latest, ) = escrow.latestFinishedJob(CLIENT, provider);
        assertEq(latest, third, "the latest of the pair");
    }

    function test_createAndFundFor_chargesThePrincipalsBudget() public {
        uint256 expiry = block.timestamp + 7 days;
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobCreated(1, PRINCIPAL, provider, EVALUATOR, expiry, "ipfs://job");
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobFunded(1, PRINCIPAL, SPENDER, AMOUNT);
        vm.prank(SPENDER);
        uint256 jobId = escrow.createAndFundFor(PRINCIPAL, provider, EVALUATOR, expiry, "ipfs://job", AMOUNT);

        assertEq(budgetMock.lastPrincipal(), PRINCIPAL, "principal charged");
        assertEq(budgetMock.lastAgent(), SPENDER, "under the spender's budget");
        assertEq(budgetMock.lastModelId(), 0, "model 0 for jobs");
        assertEq(budgetMock.lastAmount(), AMOUNT, "amount");
        assertEq(budgetMock.lastTo(), address(escrow), "to the escrow");
        IJobEscrow.JobView memory v = escrow.job(jobId);
        assertEq(v.client, PRINCIPAL, "principal is the client");
        assertEq(v.spender, SPENDER, "spender");
        assertEq(open.balanceOf(address(escrow)), AMOUNT, "held");
        assertEq(open.balanceOf(PRINCIPAL), ACTOR_FUNDS - AMOUNT, "principal paid");
    }

    function test_createAndFundFor_revertsWhenTheBudgetRefuses() public {
        budgetMock.setRefuse(true);
        vm.prank(SPENDER);
        vm.expectRevert(abi.encodeWithSelector(MockBudgetCharger.BudgetExceeded.selector, PRINCIPAL, SPENDER, AMOUNT));
        escrow.createAndFundFor(PRINCIPAL, provider, EVALUATOR, block.timestamp + 1 days, "", AMOUNT);
        assertEq(escrow.jobCount(), 0, "nothing created");
    }

    function test_createAndFundFor_revertsOnBadInput() public {
        vm.startPrank(SPENDER);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        escrow.createAndFundFor(address(0), provider, EVALUATOR, block.timestamp + 1 days, "", AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, 0, MIN_JOB_VALUE));
        escrow.createAndFundFor(PRINCIPAL, provider, EVALUATOR, block.timestamp + 1 days, "", 0);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, MIN_JOB_VALUE - 1, MIN_JOB_VALUE));
        escrow.createAndFundFor(PRINCIPAL, provider, EVALUATOR, block.timestamp + 1 days, "", MIN_JOB_VALUE - 1);
        vm.stopPrank();
    }

    // ─── subcontract / children ──────────────────────────────────────────────────────────────────────────────────

    function testFuzz_subcontract_fundsAChildOutOfTheParentsEscrow(uint256 amount) public {
        amount = bound(amount, MIN_JOB_VALUE, AMOUNT);
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 expiry = escrow.job(parentId).expiry;
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobSubcontracted(parentId, 2, sub, PROVIDER_WALLET, STRANGER, amount, expiry, "ipfs://child");
        uint256 childId = _subcontract(PROVIDER_WALLET, parentId, sub, STRANGER, amount);

        IJobEscrow.JobView memory child = escrow.job(childId);
        assertEq(child.parentId, parentId, "parent");
        assertEq(child.depth, 1, "depth");
        assertEq(child.client, PROVIDER_WALLET, "the parent provider's wallet is the client");
        assertEq(child.spender, address(0), "no spender of its own");
        assertEq(child.escrow, amount, "child escrow");
        assertEq(uint256(child.status), uint256(IJobEscrow.Status.Funded), "funded");
        assertEq(escrow.job(parentId).childrenTaken, amount, "taken");
        assertEq(escrow.remaining(parentId), AMOUNT - amount, "parent remaining");
        assertEq(open.balanceOf(address(escrow)), AMOUNT, "no OPEN moved");
        _submit(SUB, childId);
        _complete(STRANGER, childId);
        assertTrue(!escrow.hasFinishedWith(PROVIDER_WALLET, sub), "children are not root pairs");
        assertEq(escrow.agentEarnings(sub), amount - (amount * FEE_BPS) / 10_000, "sub earned");
    }

    function test_subcontract_byTheOwnerOrAnOperator() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        _subcontract(PROVIDER, parentId, sub, EVALUATOR, 1e18);
        _subcontract(OPERATOR, parentId, sub, EVALUATOR, 1e18);
        uint256[] memory ids = escrow.children(parentId);
        assertEq(ids.length, 2, "two children");
        assertEq(ids[0], 3, "latest first");
        assertEq(ids[1], 2, "then the first");
        assertEq(escrow.children(ids[0]).length, 0, "no grandchild");
    }

    function test_subcontract_revertsForAStranger() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.NotProvider.selector, parentId, STRANGER));
        escrow.subcontract(parentId, sub, EVALUATOR, 1e18, block.timestamp + 1 days, "");
    }

    function test_subcontract_revertsAboveTheRemainingEscrow() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        _subcontract(PROVIDER_WALLET, parentId, sub, EVALUATOR, 600e18);
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.ChildAboveEscrow.selector, parentId, 401e18, 400e18));
        escrow.subcontract(parentId, sub, EVALUATOR, 401e18, block.timestamp + 1 days, "");
        vm.startPrank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, 0, MIN_JOB_VALUE));
        escrow.subcontract(parentId, sub, EVALUATOR, 0, block.timestamp + 1 days, "");
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BelowMinJobValue.selector, 1, MIN_JOB_VALUE));
        escrow.subcontract(parentId, sub, EVALUATOR, 1, block.timestamp + 1 days, "");
        vm.stopPrank();
    }

    function test_subcontract_revertsBelowTheMaxDepth() public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        for (uint256 depth = 1; depth <= 4; ++depth) {
            jobId = _subcontract(PROVIDER_WALLET, jobId, provider, EVALUATOR, 1e18);
            assertEq(escrow.job(jobId).depth, depth, "depth");
        }
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobTooDeep.selector, jobId, 5, 4));
        escrow.subcontract(jobId, provider, EVALUATOR, 1e18, block.timestamp + 1 days, "");
    }

    function testFuzz_subcontract_revertsWhenTheChildOutlivesTheParent(uint256 expiry) public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 parentExpiry = escrow.job(parentId).expiry;
        expiry =
            expiry % 2 == 0 ? bound(expiry, 0, block.timestamp) : bound(expiry, parentExpiry + 1, type(uint256).max);
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.ExpiryOutOfRange.selector, expiry, block.timestamp, parentExpiry)
        );
        escrow.subcontract(parentId, sub, EVALUATOR, 1e18, expiry, "");
    }

    function test_subcontract_revertsUnlessTheParentIsFunded() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        _submit(PROVIDER_WALLET, parentId);
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobNotInState.selector, parentId, IJobEscrow.Status.Submitted)
        );
        escrow.subcontract(parentId, sub, EVALUATOR, 1e18, block.timestamp + 1 days, "");
    }

    function test_subcontract_revertsForAChildProviderThatCannotTakeJobs() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        agents.setCanTakeJobs(sub, false);
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.AgentCannotTakeJobs.selector, sub));
        escrow.subcontract(parentId, sub, EVALUATOR, 1e18, block.timestamp + 1 days, "");
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        escrow.subcontract(parentId, provider, address(0), 1e18, block.timestamp + 1 days, "");
    }

    function test_subcontract_revertsAboveTheMaxLiveChildren() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 expiry = escrow.job(parentId).expiry;
        vm.startPrank(PROVIDER_WALLET);
        for (uint256 i; i < 255; ++i) escrow.subcontract(parentId, sub, EVALUATOR, MIN_JOB_VALUE, expiry, "");
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.TooManyLiveChildren.selector, parentId, 255));
        escrow.subcontract(parentId, sub, EVALUATOR, MIN_JOB_VALUE, expiry, "");
        vm.stopPrank();
        // A finished child frees a place.
        _reject(EVALUATOR, parentId + 1);
        _subcontract(PROVIDER_WALLET, parentId, sub, EVALUATOR, MIN_JOB_VALUE);
        assertEq(escrow.children(parentId).length, 256, "all children listed");
    }

    function test_children_revertsForAnUnknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.UnknownJob.selector, 1));
        escrow.children(1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.UnknownJob.selector, 1));
        escrow.job(1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.UnknownJob.selector, 1));
        escrow.remaining(1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.UnknownJob.selector, 1));
        escrow.feedbackTerms(1);
    }

    // ─── submit ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_submit_startsTheEvaluationWindow() public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        bytes32 deliverable = keccak256("work");
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobSubmitted(jobId, provider, deliverable, "ipfs://work");
        vm.prank(OPERATOR);
        escrow.submit(jobId, deliverable, "ipfs://work");

        IJobEscrow.JobView memory v = escrow.job(jobId);
        assertEq(uint256(v.status), uint256(IJobEscrow.Status.Submitted), "submitted");
        assertEq(v.submittedAt, block.timestamp, "at");
        assertEq(v.evaluationEndsAt, block.timestamp + EVALUATION_WINDOW, "window");
        // A later window change does not move a pending evaluation.
        escrow.setEvaluationWindow(2 days);
        assertEq(escrow.job(jobId).evaluationEndsAt, block.timestamp + EVALUATION_WINDOW, "window kept");
    }

    function test_submit_revertsOnBadCalls() public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.NotProvider.selector, jobId, CLIENT));
        escrow.submit(jobId, keccak256("work"), "");
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(IErrors.ZeroHash.selector);
        escrow.submit(jobId, bytes32(0), "");

        uint256 childId = _subcontract(PROVIDER_WALLET, jobId, sub, EVALUATOR, 1e18);
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.LiveChildren.selector, jobId, 1));
        escrow.submit(jobId, keccak256("work"), "");
        _reject(EVALUATOR, childId);

        uint256 expiry = escrow.job(jobId).expiry;
        vm.warp(expiry);
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobHasExpired.selector, jobId, expiry));
        escrow.submit(jobId, keccak256("work"), "");

        uint256 openJob = _open();
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobNotInState.selector, openJob, IJobEscrow.Status.Open));
        escrow.submit(openJob, keccak256("work"), "");
    }

    // ─── complete ────────────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_complete_creditsTheProviderLessTheFee(uint256 amount, uint256 fee) public {
        amount = bound(amount, MIN_JOB_VALUE, ACTOR_FUNDS);
        fee = bound(fee, 0, 1000);
        escrow.setFeeBps(fee);
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, amount);
        _submit(PROVIDER_WALLET, jobId);
        uint256 expectedFee = (amount * fee) / 10_000;

        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobCompleted(jobId, EVALUATOR, keccak256("good"));
        vm.expectEmit(address(escrow));
        emit IJobEscrow.PaymentReleased(jobId, provider, amount - expectedFee, expectedFee);
        _complete(EVALUATOR, jobId);

        IJobEscrow.JobView memory v = escrow.job(jobId);
        assertEq(uint256(v.status), uint256(IJobEscrow.Status.Completed), "completed");
        assertEq(v.payout, amount - expectedFee, "payout");
        assertEq(v.fee, expectedFee, "fee");
        assertEq(v.paid, amount, "the client paid all of it");
        assertEq(escrow.agentEarnings(provider), amount - expectedFee, "earned");
        assertEq(escrow.treasuryAccrued(), expectedFee, "fee accrued");
        assertEq(escrow.remaining(jobId), 0, "nothing left");
        (uint256 latest, uint256 paid) = escrow.latestFinishedJob(CLIENT, provider);
        assertEq(latest, jobId, "latest finished");
        assertEq(paid, amount, "paid");
    }

    function testFuzz_complete_byAnyoneOnceTheWindowPassed(uint256 wait) public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        _submit(PROVIDER_WALLET, jobId);
        uint256 endsAt = block.timestamp + EVALUATION_WINDOW;
        wait = bound(wait, 0, EVALUATION_WINDOW - 1);
        vm.warp(block.timestamp + wait);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.EvaluationWindowOpen.selector, jobId, endsAt));
        escrow.complete(jobId, bytes32(0));

        // Past the job's expiry too: a delivered job completes, it is never refunded.
        vm.warp(escrow.job(jobId).expiry + EVALUATION_WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobNotInState.selector, jobId, IJobEscrow.Status.Submitted));
        escrow.refund(jobId);
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobCompleted(jobId, STRANGER, bytes32(0));
        vm.prank(STRANGER);
        escrow.complete(jobId, bytes32(0));
        assertEq(escrow.agentEarnings(provider), AMOUNT - (AMOUNT * FEE_BPS) / 10_000, "earned");
    }

    function test_complete_revertsUnlessSubmitted() public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        vm.prank(EVALUATOR);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobNotInState.selector, jobId, IJobEscrow.Status.Funded));
        escrow.complete(jobId, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.UnknownJob.selector, 9));
        escrow.complete(9, bytes32(0));
    }

    function test_complete_parentPaysWhatItsChildrenLeft() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 done = _subcontract(PROVIDER_WALLET, parentId, sub, STRANGER, 300e18);
        uint256 failed = _subcontract(PROVIDER_WALLET, parentId, sub, STRANGER, 200e18);
        _submit(SUB, done);
        _complete(STRANGER, done);
        _reject(STRANGER, failed);
        assertEq(escrow.job(parentId).childrenTaken, 300e18, "the completed child keeps its escrow");
        assertEq(escrow.remaining(parentId), 700e18, "the rejected child's came back");

        _submit(PROVIDER_WALLET, parentId);
        _complete(EVALUATOR, parentId);
        uint256 subFee = (300e18 * FEE_BPS) / 10_000;
        uint256 parentFee = (700e18 * FEE_BPS) / 10_000;
        assertEq(escrow.agentEarnings(sub), 300e18 - subFee, "sub earned");
        assertEq(escrow.agentEarnings(provider), 700e18 - parentFee, "provider earned the rest");
        assertEq(escrow.treasuryAccrued(), subFee + parentFee, "fees");
        assertEq(escrow.job(parentId).paid, AMOUNT, "the client paid all");
        (address client, , , , uint256 paid) = escrow.feedbackTerms(done);
        assertEq(client, PROVIDER_WALLET, "the child's client");
        assertEq(paid, 300e18, "paid for the child");
    }

    // ─── reject ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_reject_anOpenJobByItsClient() public {
        uint256 jobId = _open();
        vm.prank(EVALUATOR);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.NotClient.selector, jobId, EVALUATOR));
        escrow.reject(jobId, bytes32(0));
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobRejected(jobId, CLIENT, keccak256("bad"));
        _reject(CLIENT, jobId);
        assertEq(uint256(escrow.job(jobId).status), uint256(IJobEscrow.Status.Rejected), "rejected");
        (uint256 latest, ) = escrow.latestFinishedJob(CLIENT, provider);
        assertEq(latest, 0, "an unfunded job is not a finished one");
    }

    function test_reject_aFundedJobRefundsTheClient() public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.NotEvaluator.selector, jobId, CLIENT));
        escrow.reject(jobId, bytes32(0));

        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobRejected(jobId, EVALUATOR, keccak256("bad"));
        vm.expectEmit(address(escrow));
        emit IJobEscrow.Refunded(jobId, CLIENT, AMOUNT);
        _reject(EVALUATOR, jobId);
        assertEq(escrow.claimable(CLIENT), AMOUNT, "refund credited");
        IJobEscrow.JobView memory v = escrow.job(jobId);
        assertEq(v.payout, AMOUNT, "returned");
        assertEq(v.paid, 0, "nothing paid");
        (uint256 latest, uint256 paid) = escrow.latestFinishedJob(CLIENT, provider);
        assertEq(latest, jobId, "rejected jobs can be rated");
        assertEq(paid, 0, "paid nothing");
    }

    function testFuzz_reject_aSubmittedJobOnlyWithinTheWindow(uint256 wait) public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        _submit(PROVIDER_WALLET, jobId);
        uint256 endsAt = block.timestamp + EVALUATION_WINDOW;
        uint256 snapshot = vm.snapshotState();
        vm.warp(block.timestamp + bound(wait, 0, EVALUATION_WINDOW - 1));
        _reject(EVALUATOR, jobId);
        assertEq(escrow.claimable(CLIENT), AMOUNT, "refunded");

        vm.revertToState(snapshot);
        vm.warp(block.timestamp + bound(wait, EVALUATION_WINDOW, 10 * EVALUATION_WINDOW));
        vm.prank(EVALUATOR);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.EvaluationWindowClosed.selector, jobId, endsAt));
        escrow.reject(jobId, bytes32(0));
    }

    function test_reject_revertsWithLiveChildrenOrWhenFinished() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 childId = _subcontract(PROVIDER_WALLET, parentId, sub, EVALUATOR, 1e18);
        vm.prank(EVALUATOR);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.LiveChildren.selector, parentId, 1));
        escrow.reject(parentId, bytes32(0));

        vm.expectEmit(address(escrow));
        emit IJobEscrow.ReturnedToParent(childId, parentId, 1e18);
        _reject(EVALUATOR, childId);
        assertEq(escrow.remaining(parentId), AMOUNT, "back in the parent");
        _reject(EVALUATOR, parentId);
        assertEq(escrow.claimable(CLIENT), AMOUNT, "all refunded");
        vm.prank(EVALUATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobNotInState.selector, parentId, IJobEscrow.Status.Rejected)
        );
        escrow.reject(parentId, bytes32(0));
    }

    // ─── refund ──────────────────────────────────────────────────────────────────────────────────────────────────

    function testFuzz_refund_returnsTheEscrowAfterExpiry(uint256 wait) public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 expiry = escrow.job(jobId).expiry;
        vm.warp(bound(wait, block.timestamp, expiry - 1));
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobNotExpired.selector, jobId, expiry));
        escrow.refund(jobId);

        vm.warp(bound(wait, expiry, expiry + 365 days));
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobExpired(jobId);
        vm.expectEmit(address(escrow));
        emit IJobEscrow.Refunded(jobId, CLIENT, AMOUNT);
        vm.prank(STRANGER);
        escrow.refund(jobId);
        assertEq(uint256(escrow.job(jobId).status), uint256(IJobEscrow.Status.Refunded), "refunded");
        assertEq(escrow.claimable(CLIENT), AMOUNT, "credited");
        (uint256 latest, ) = escrow.latestFinishedJob(CLIENT, provider);
        assertEq(latest, 0, "refunded jobs are not rated");
    }

    function test_refund_anOpenJobEndsIt() public {
        uint256 jobId = _open();
        vm.warp(escrow.job(jobId).expiry);
        escrow.refund(jobId);
        assertEq(uint256(escrow.job(jobId).status), uint256(IJobEscrow.Status.Refunded), "refunded");
        assertEq(escrow.claimable(CLIENT), 0, "nothing to return");
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobNotInState.selector, jobId, IJobEscrow.Status.Refunded));
        escrow.refund(jobId);
    }

    function test_refund_unwindsATreeFromTheLeaves() public {
        uint256 root = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 child = _subcontract(PROVIDER_WALLET, root, sub, EVALUATOR, 400e18);
        uint256 grandchild = _subcontract(SUB, child, provider, EVALUATOR, 100e18);
        _submit(PROVIDER_WALLET, grandchild);
        _complete(EVALUATOR, grandchild);
        vm.warp(escrow.job(root).expiry);

        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.LiveChildren.selector, root, 1));
        escrow.refund(root);
        escrow.refund(child);
        assertEq(escrow.job(child).payout, 300e18, "the child returned what its child left");
        assertEq(escrow.job(child).paid, 100e18, "and paid its completed child");
        escrow.refund(root);
        assertEq(escrow.claimable(CLIENT), 900e18, "the client got back all but the completed grandchild");
        assertEq(escrow.job(root).paid, 100e18, "the client paid the grandchild");
        assertEq(
            open.balanceOf(address(escrow)),
            escrow.claimable(CLIENT) + escrow.agentEarnings(provider) + escrow.treasuryAccrued(),
            "conserved"
        );
    }

    // ─── withdrawals ─────────────────────────────────────────────────────────────────────────────────────────────

    function test_withdraw_paysTheRefunds() public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        _reject(EVALUATOR, jobId);
        vm.startPrank(CLIENT);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        escrow.withdraw(address(0));
        vm.expectEmit(address(escrow));
        emit IJobEscrow.Withdrawn(CLIENT, STRANGER, AMOUNT);
        escrow.withdraw(STRANGER);
        vm.expectRevert(IJobEscrow.NothingToWithdraw.selector);
        escrow.withdraw(STRANGER);
        vm.stopPrank();
        assertEq(open.balanceOf(STRANGER), AMOUNT, "paid");
        assertEq(escrow.claimable(CLIENT), 0, "cleared");
    }

    function test_withdrawAgentEarnings_byTheAgentsWalletOwnerOrOperator() public {
        uint256 earned = _earn(provider);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.NotAgentOperator.selector, provider, STRANGER));
        escrow.withdrawAgentEarnings(provider, STRANGER);
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        escrow.withdrawAgentEarnings(provider, address(0));

        vm.expectEmit(address(escrow));
        emit IJobEscrow.AgentEarningsWithdrawn(provider, PROVIDER_WALLET, PROVIDER_WALLET, earned);
        vm.prank(PROVIDER_WALLET);
        escrow.withdrawAgentEarnings(provider, PROVIDER_WALLET);
        assertEq(open.balanceOf(PROVIDER_WALLET), earned, "paid to the wallet");

        uint256 more = _earn(provider);
        vm.prank(OPERATOR);
        escrow.withdrawAgentEarnings(provider, OPERATOR);
        assertEq(open.balanceOf(OPERATOR), more, "paid to the operator");
        vm.prank(PROVIDER);
        vm.expectRevert(IJobEscrow.NothingToWithdraw.selector);
        escrow.withdrawAgentEarnings(provider, PROVIDER);
    }

    function test_payTreasury_paysTheAccruedFees() public {
        vm.expectRevert(IJobEscrow.NothingToWithdraw.selector);
        escrow.payTreasury();
        _earn(provider);
        uint256 fee = (AMOUNT * FEE_BPS) / 10_000;
        vm.expectEmit(address(escrow));
        emit IJobEscrow.TreasuryPaid(fee);
        vm.prank(STRANGER);
        escrow.payTreasury();
        assertEq(open.balanceOf(TREASURY), fee, "treasury paid");
        assertEq(escrow.treasuryAccrued(), 0, "cleared");
    }

    // ─── evaluator bonds ─────────────────────────────────────────────────────────────────────────────────────────

    function test_bond_unbondsAfterTheDelay() public {
        vm.startPrank(EVALUATOR);
        vm.expectEmit(address(escrow));
        emit IJobEscrow.EvaluatorBonded(EVALUATOR, 500e18);
        escrow.bondAsEvaluator(500e18);
        uint256 readyAt = block.timestamp + UNBOND_DELAY;
        vm.expectEmit(address(escrow));
        emit IJobEscrow.UnbondRequested(EVALUATOR, 200e18, readyAt);
        escrow.requestUnbond(200e18);
        (uint256 bonded, uint256 pending, uint256 at) = escrow.evaluatorBond(EVALUATOR);
        assertEq(bonded, 300e18, "bonded");
        assertEq(pending, 200e18, "pending");
        assertEq(at, readyAt, "ready at");

        vm.warp(readyAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.UnbondNotReady.selector, EVALUATOR, readyAt, readyAt - 1));
        escrow.withdrawBond(EVALUATOR);
        vm.warp(readyAt);
        vm.expectRevert(IErrors.ZeroAddress.selector);
        escrow.withdrawBond(address(0));
        vm.expectEmit(address(escrow));
        emit IJobEscrow.BondWithdrawn(EVALUATOR, EVALUATOR, 200e18);
        escrow.withdrawBond(EVALUATOR);
        vm.expectRevert(IJobEscrow.NothingToWithdraw.selector);
        escrow.withdrawBond(EVALUATOR);
        vm.stopPrank();
        assertEq(open.balanceOf(EVALUATOR), ACTOR_FUNDS - 300e18, "withdrawn");
        assertEq(open.balanceOf(address(escrow)), 300e18, "still bonded");
    }

    function test_bond_revertsOnBadAmounts() public {
        vm.startPrank(EVALUATOR);
        vm.expectRevert(IJobEscrow.ZeroAmount.selector);
        escrow.bondAsEvaluator(0);
        uint256 tooLarge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.AmountTooLarge.selector, tooLarge, type(uint96).max));
        escrow.bondAsEvaluator(tooLarge);
        escrow.bondAsEvaluator(10e18);
        vm.expectRevert(IJobEscrow.ZeroAmount.selector);
        escrow.requestUnbond(0);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.BondTooLow.selector, EVALUATOR, 11e18, 10e18));
        escrow.requestUnbond(11e18);
        vm.stopPrank();
    }

    function testFuzz_slashEvaluator_takesTheBondedThenThePending(uint256 amount) public {
        vm.startPrank(EVALUATOR);
        escrow.bondAsEvaluator(500e18);
        escrow.requestUnbond(200e18);
        vm.stopPrank();
        amount = bound(amount, 1, 500e18);
        vm.expectEmit(address(escrow));
        emit IJobEscrow.EvaluatorSlashed(EVALUATOR, amount);
        escrow.slashEvaluator(EVALUATOR, amount);
        (uint256 bonded, uint256 pending, ) = escrow.evaluatorBond(EVALUATOR);
        assertEq(bonded, amount < 300e18 ? 300e18 - amount : 0, "bonded first");
        assertEq(pending, amount < 300e18 ? 200e18 : 500e18 - amount, "then pending");
        assertEq(escrow.treasuryAccrued(), amount, "to the treasury");
        assertEq(open.balanceOf(address(escrow)), 500e18, "OPEN stays until paid");
    }

    function test_slashEvaluator_revertsAboveTheBond() public {
        vm.prank(EVALUATOR);
        escrow.bondAsEvaluator(500e18);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.SlashAboveBond.selector, EVALUATOR, 501e18, 500e18));
        escrow.slashEvaluator(EVALUATOR, 501e18);
        vm.expectRevert(IJobEscrow.ZeroAmount.selector);
        escrow.slashEvaluator(EVALUATOR, 0);
    }

    // ─── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _params(
        uint256 fee,
        uint256 window,
        uint256 duration,
        uint256 delay
    ) internal pure returns (IJobEscrow.InitParams memory) {
        return
            IJobEscrow.InitParams({
                feeBps: fee,
                evaluationWindow: window,
                maxDuration: duration,
                unbondDelay: delay,
                minJobValue: MIN_JOB_VALUE
            });
    }

    function _open() internal returns (uint256 jobId) {
        vm.prank(CLIENT);
        jobId = escrow.createJob(provider, EVALUATOR, block.timestamp + 7 days, "ipfs://job");
    }

    /// @dev A completed job of AMOUNT for `agentId`; returns what the agent earned.
    function _earn(uint256 agentId) internal returns (uint256) {
        uint256 jobId = _createAndFund(CLIENT, agentId, EVALUATOR, AMOUNT);
        _submit(agents.getAgentWallet(agentId), jobId);
        _complete(EVALUATOR, jobId);
        return AMOUNT - (AMOUNT * FEE_BPS) / 10_000;
    }

    function test_createJob_revertsOnceJobIdsWouldPass48Bits() public {
        // The job counter is found as the one field of the escrow's own slots that the first job moves by one.
        uint256 slot;
        uint256 shift;
        uint256[8] memory before;
        for (uint256 k; k < before.length; ++k) before[k] = uint256(vm.load(address(escrow), bytes32(k)));
        _open();
        for (uint256 k; k < before.length; ++k) {
            uint256 moved = uint256(vm.load(address(escrow), bytes32(k))) - before[k];
            if (moved == 0) continue;
            (slot, shift) = (k, 0);
            while (moved >> shift != 1) ++shift;
        }
        uint256 max = type(uint48).max;
        uint256 word = uint256(vm.load(address(escrow), bytes32(slot))) + ((max - 1) << shift);
        vm.store(address(escrow), bytes32(slot), bytes32(word));
        assertEq(escrow.jobCount(), max, "the last job id is taken");
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, max + 1, max));
        _open();
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, max + 1, max));
        _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
    }
}

/// @notice Gas of the budgeted job operations, each measured as the only call of its test from a state prepared in
/// `setUp` (so every account and slot starts cold, as in a transaction). The snapshots are call gas; each test also
/// prints the receipt gas of the same call as a transaction: the call gas plus 21,000 and the calldata (16 gas a
/// non-zero byte, 4 a zero byte). Budgets: job.createAndFund <= 150,000, job.subcontract <= 120,000,
/// job.complete <= 80,000.
contract JobEscrowGasTest is AgentsBase {
    address internal constant CLIENT = address(0xC11E);
    address internal constant EVALUATOR = address(0xE7A1);
    address internal constant PROVIDER = address(0x9A0F);
    address internal constant SUB = address(0x5AB0);
    string internal constant URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/job.json";
    uint256 internal constant AMOUNT = 1000e18;

    uint256 internal provider;
    uint256 internal sub;
    uint256 internal freshAgent;
    uint256 internal parentJob;
    uint256 internal submittedJob;
    uint256 internal submittedChild;

    function setUp() public {
        _deployAgents();
        provider = _agent(PROVIDER);
        sub = _agent(SUB);
        freshAgent = _agent(address(0xF00D));
        _fundActor(CLIENT);
        _fundActor(address(0xC2));
        _createAndFund(address(0xC2), provider, EVALUATOR, AMOUNT);
        parentJob = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        submittedJob = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        _submit(PROVIDER, submittedJob);
        uint256 parent = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        submittedChild = _subcontract(PROVIDER, parent, sub, EVALUATOR, 100e18);
        _submit(SUB, submittedChild);
    }

    /// @dev The worst case: the agent's first root job (its account slot is new, besides the job's two).
    function test_gas_createAndFund_firstJobOfANewAgent() public {
        uint256 expiry = block.timestamp + 7 days;
        vm.prank(CLIENT);
        escrow.createAndFund(freshAgent, EVALUATOR, expiry, URI, AMOUNT);
        uint256 gas = vm.snapshotGasLastCall("job.createAndFund");
        _print(
            "job.createAndFund",
            gas,
            abi.encodeCall(escrow.createAndFund, (freshAgent, EVALUATOR, expiry, URI, AMOUNT))
        );
    }

    /// @dev A job for an agent that already had one.
    function test_gas_createAndFund_newClientOfAKnownAgent() public {
        uint256 expiry = block.timestamp + 7 days;
        vm.prank(CLIENT);
        escrow.createAndFund(provider, EVALUATOR, expiry, URI, AMOUNT);
        uint256 gas = vm.snapshotGasLastCall("job.createAndFund.knownAgent");
        _print(
            "job.createAndFund.knownAgent",
            gas,
            abi.encodeCall(escrow.createAndFund, (provider, EVALUATOR, expiry, URI, AMOUNT))
        );
    }

    /// @dev The parent's first child: its slot 2 is new, as are the child's two slots.
    function test_gas_subcontract_firstChild() public {
        uint256 expiry = block.timestamp + 7 days;
        vm.prank(PROVIDER);
        escrow.subcontract(parentJob, sub, EVALUATOR, 100e18, expiry, URI);
        uint256 gas = vm.snapshotGasLastCall("job.subcontract");
        _print(
            "job.subcontract",
            gas,
            abi.encodeCall(escrow.subcontract, (parentJob, sub, EVALUATOR, 100e18, expiry, URI))
        );
    }

    /// @dev The worst case for a root job: the pair's first completion (its slot is new) by a client that has one.
    function test_gas_complete_byTheEvaluator() public {
        vm.prank(EVALUATOR);
        escrow.complete(submittedJob, keccak256("good"));
        uint256 gas = vm.snapshotGasLastCall("job.complete");
        _print("job.complete", gas, abi.encodeCall(escrow.complete, (submittedJob, keccak256("good"))));
    }

    /// @dev A child whose provider never earned before (its earnings slot is new), which frees its parent.
    function test_gas_complete_aChildOfANewAgent() public {
        vm.prank(EVALUATOR);
        escrow.complete(submittedChild, keccak256("good"));
        uint256 gas = vm.snapshotGasLastCall("job.complete.child");
        _print("job.complete.child", gas, abi.encodeCall(escrow.complete, (submittedChild, keccak256("good"))));
    }

    function _print(string memory name, uint256 callGas, bytes memory data) internal pure {
        uint256 calldataGas;
        for (uint256 i; i < data.length; ++i) calldataGas += data[i] == 0 ? 4 : 16;
        console.log(name, callGas, "call gas; receipt", callGas + 21_000 + calldataGas);
    }
}
