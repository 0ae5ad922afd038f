// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { ReputationBase } from "./ReputationRegistry.t.sol";

/// @notice Ratings bought for gas alone, and an agent paying itself out of a principal's budget. Each test runs the
/// attack and shows that it fails:
///  - a client names itself evaluator of a job for an agent, rejects it while Funded (all refunded, nothing paid) and
///    rates the agent: weight 0, yet counted, so the agent could be review-bombed for free (NothingPaid);
///  - a client completes a 1-wei job (its fee rounds to 0) and rates it, and a coordinator rates 1-wei child jobs: the
///    least job value refuses such jobs (BelowMinJobValue);
///  - the provider agent's wallet, owner or operator, given a budget by a principal, funds a job for its own agent
///    under that budget, paying itself from the principal's OPEN (SelfHire).
/// The expected errors are encoded by signature, so that this file reads the same against any version of the escrow.
contract FeedbackAttacksTest is ReputationBase {
    uint256 private constant ONE_OPEN = 1e18;
    bytes32 private constant REASON = keccak256("attack");

    address private constant ATTACKER = address(0xBAD);
    address private constant PRINCIPAL = address(0x9219);

    function setUp() public {
        _setUpAgents();
        _fundActor(ATTACKER);
        _fundActor(PRINCIPAL);
        // An honest client's paid, rated job: the summary that the attacks try to move.
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 90, "quality", "");
    }

    // ─── Zero-weight feedback ────────────────────────────────────────────────────────────────────────────────────

    function test_giveFeedback_selfEvaluatedJobRejectedWhileFunded_reverts() public {
        (uint64 count, int256 sum, uint256 weight, int128 average) = reputation.summary(provider, "quality", "");
        uint256 balance = open.balanceOf(ATTACKER);
        vm.startPrank(ATTACKER);
        uint256 jobId = escrow.createAndFund(provider, ATTACKER, block.timestamp + 1 days, "", AMOUNT);
        escrow.reject(jobId, REASON);
        escrow.withdraw(ATTACKER);
        vm.expectRevert(abi.encodeWithSignature("NothingPaid(uint256)", jobId));
        reputation.giveFeedback(provider, -100, 0, "quality", "", "", "", bytes32(0));
        vm.stopPrank();

        assertEq(open.balanceOf(ATTACKER), balance, "the attacker got all of it back");
        _assertSummary(count, sum, weight, average);
        assertEq(reputation.getLastIndex(provider, ATTACKER), 0, "no feedback recorded");
    }

    function test_giveFeedbackForJob_selfEvaluatedJobRejectedWhileFunded_reverts() public {
        (uint64 count, int256 sum, uint256 weight, int128 average) = reputation.summary(provider, "quality", "");
        vm.startPrank(ATTACKER);
        uint256 jobId = escrow.createAndFund(provider, ATTACKER, block.timestamp + 1 days, "", AMOUNT);
        escrow.reject(jobId, REASON);
        vm.expectRevert(abi.encodeWithSignature("NothingPaid(uint256)", jobId));
        reputation.giveFeedbackForJob(jobId, -100, 0, "quality", "", "", "", bytes32(0));
        vm.stopPrank();
        _assertSummary(count, sum, weight, average);
    }

    function test_giveFeedbackForJob_coordinatorRatesAChildItRejectedWhileFunded_reverts() public {
        // The coordinator (agent `provider`, through its wallet) names itself evaluator of a child for `sub`, rejects
        // it (the escrow goes back to the parent) and rates `sub` as the child's client.
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 expiry = escrow.job(parentId).expiry;
        vm.startPrank(PROVIDER_WALLET);
        uint256 childId = escrow.subcontract(parentId, sub, PROVIDER_WALLET, 10 * ONE_OPEN, expiry, "");
        escrow.reject(childId, REASON);
        vm.expectRevert(abi.encodeWithSignature("NothingPaid(uint256)", childId));
        reputation.giveFeedbackForJob(childId, -100, 0, "quality", "", "", "", bytes32(0));
        vm.stopPrank();
        (uint64 count, , , ) = reputation.summary(sub, "quality", "");
        assertEq(count, 0, "sub has no feedback");
    }

    // ─── Jobs of 1 wei ───────────────────────────────────────────────────────────────────────────────────────────

    function test_createAndFund_oneWeiJobCompletedToRateTheAgent_reverts() public {
        vm.prank(ATTACKER);
        vm.expectRevert(abi.encodeWithSignature("BelowMinJobValue(uint256,uint256)", 1, ONE_OPEN));
        escrow.createAndFund(provider, ATTACKER, block.timestamp + 1 days, "", 1);
        assertEq(escrow.jobCount(), 1, "only the honest client's job");
    }

    function test_fund_oneWeiJob_reverts() public {
        vm.startPrank(ATTACKER);
        uint256 jobId = escrow.createJob(provider, ATTACKER, block.timestamp + 1 days, "");
        vm.expectRevert(abi.encodeWithSignature("BelowMinJobValue(uint256,uint256)", 1, ONE_OPEN));
        escrow.fund(jobId, 1);
        vm.stopPrank();
        assertEq(escrow.job(jobId).escrow, 0, "still Open, unfunded");
    }

    function test_createAndFundFor_oneWeiJobUnderABudget_reverts() public {
        vm.prank(ATTACKER);
        vm.expectRevert(abi.encodeWithSignature("BelowMinJobValue(uint256,uint256)", 1, ONE_OPEN));
        escrow.createAndFundFor(PRINCIPAL, provider, ATTACKER, block.timestamp + 1 days, "", 1);
    }

    function test_subcontract_oneWeiChildrenRatedByTheCoordinator_reverts() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 expiry = escrow.job(parentId).expiry;
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSignature("BelowMinJobValue(uint256,uint256)", 1, ONE_OPEN));
        escrow.subcontract(parentId, sub, PROVIDER_WALLET, 1, expiry, "");
        assertEq(escrow.children(parentId).length, 0, "no child");
    }

    // ─── An agent paying itself out of a principal's budget ─────────────────────────────────────────────────────

    function test_createAndFundFor_providerPaysItselfFromThePrincipalsBudget_reverts() public {
        // The principal gave budgets to addresses that turn out to act for `provider`: its wallet, owner and operator.
        address[3] memory selves = [PROVIDER_WALLET, PROVIDER, OPERATOR];
        uint256 held = open.balanceOf(PRINCIPAL);
        for (uint256 i; i < selves.length; ++i) {
            vm.prank(selves[i]);
            vm.expectRevert(abi.encodeWithSignature("SelfHire(uint256,address)", provider, selves[i]));
            escrow.createAndFundFor(PRINCIPAL, provider, EVALUATOR, block.timestamp + 1 days, "", AMOUNT);
        }
        assertEq(open.balanceOf(PRINCIPAL), held, "the principal paid nothing");
        assertEq(escrow.jobCount(), 1, "only the honest client's job");
    }

    function test_createAndFundFor_anotherAgentsWalletSpendsTheBudget_succeeds() public {
        // The spender acts for `sub`, not for the provider it hires: allowed.
        vm.prank(SUB);
        uint256 jobId = escrow.createAndFundFor(PRINCIPAL, provider, EVALUATOR, block.timestamp + 1 days, "", AMOUNT);
        assertEq(escrow.job(jobId).spender, SUB, "the spender");
        assertEq(escrow.job(jobId).client, PRINCIPAL, "the client of record");
    }

    function _assertSummary(uint64 count, int256 sum, uint256 weight, int128 average) private view {
        (uint64 c, int256 s, uint256 w, int128 a) = reputation.summary(provider, "quality", "");
        assertEq(c, count, "count unchanged");
        assertTrue(s == sum, "sum unchanged");
        assertEq(w, weight, "weight unchanged");
        assertTrue(a == average, "average unchanged");
    }
}
