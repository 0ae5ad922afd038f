// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { console } from "hardhat/console.sol";
import { ReputationRegistry } from "../../contracts/agents/ReputationRegistry.sol";
import { IAgentIdentity } from "../../contracts/interfaces/IAgentIdentity.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IJobEscrow } from "../../contracts/interfaces/IJobEscrow.sol";
import { IReputationRegistry } from "../../contracts/interfaces/IReputationRegistry.sol";
import { IERC8004Reputation } from "./interfaces/IERC8004Reputation.sol";
import { AgentsBase } from "./utils/AgentsBase.sol";

/// @notice What the reputation tests share: agents, funded clients, and jobs finished in JobEscrow.
abstract contract ReputationBase is AgentsBase {
    address internal constant CLIENT = address(0xC11E);
    address internal constant CLIENT2 = address(0xC22E);
    address internal constant EVALUATOR = address(0xE7A1);
    address internal constant PROVIDER = address(0x9A0F);
    address internal constant PROVIDER_WALLET = address(0x9A1E);
    address internal constant OPERATOR = address(0x0BE7);
    address internal constant SUB = address(0x5AB0);
    address internal constant STRANGER = address(0x5757);
    uint256 internal constant AMOUNT = 1000e18;
    uint256 internal constant WAD = 1e18;

    uint256 internal provider;
    uint256 internal sub;

    function _setUpAgents() internal {
        _deployAgents();
        provider = _agent(PROVIDER);
        agents.setWallet(provider, PROVIDER_WALLET);
        agents.setApproved(provider, OPERATOR, true);
        sub = _agent(SUB);
        _fundActor(CLIENT);
        _fundActor(CLIENT2);
        _fundActor(PROVIDER);
        _fundActor(PROVIDER_WALLET);
        _fundActor(OPERATOR);
    }

    /// @dev A root job of `client` with `agentId` for `amount`, completed by its evaluator.
    function _completed(address client, uint256 agentId, uint256 amount) internal returns (uint256 jobId) {
        jobId = _createAndFund(client, agentId, EVALUATOR, amount);
        _submit(agents.getAgentWallet(agentId), jobId);
        _complete(EVALUATOR, jobId);
    }

    /// @dev A root job of `client` with `agentId` for `amount`, rejected by its evaluator before submission.
    function _rejected(address client, uint256 agentId, uint256 amount) internal returns (uint256 jobId) {
        jobId = _createAndFund(client, agentId, EVALUATOR, amount);
        _reject(EVALUATOR, jobId);
    }

    /// @dev A root job of `client` with `provider` for `amount`, rejected by its evaluator once a child of `paid` for
    /// `sub` was completed: its client paid `paid`.
    function _rejectedAfterAChild(address client, uint256 amount, uint256 paid) internal returns (uint256 jobId) {
        jobId = _createAndFund(client, provider, EVALUATOR, amount);
        uint256 childId = _subcontract(PROVIDER_WALLET, jobId, sub, EVALUATOR, paid);
        _submit(SUB, childId);
        _complete(EVALUATOR, childId);
        _reject(EVALUATOR, jobId);
    }

    function _rate(address client, uint256 agentId, int128 value, string memory tag1, string memory tag2) internal {
        vm.prank(client);
        reputation.giveFeedback(agentId, value, 0, tag1, tag2, "", "", bytes32(0));
    }
}

/// @notice ReputationRegistry: feedback only from the paying client of a finished job, once per job and in job order,
/// weighted by payment; the running aggregates; ERC-8004's reads, revocation and responses.
contract ReputationRegistryTest is ReputationBase {
    function setUp() public {
        _setUpAgents();
    }

    // ─── constructor ─────────────────────────────────────────────────────────────────────────────────────────────

    function test_constructor_setsTheRegistries() public {
        assertEq(reputation.getIdentityRegistry(), address(agents), "identity registry");
        assertEq(reputation.jobEscrow(), address(escrow), "job escrow");
        assertEq(reputation.SUMMARY_DECIMALS(), 18, "decimals");
        assertEq(reputation.MAX_NORMALISED_VALUE(), 2 ** 95, "bound");
        vm.expectRevert(IErrors.ZeroAddress.selector);
        new ReputationRegistry(IAgentIdentity(address(0)), IJobEscrow(address(escrow)));
        vm.expectRevert(IErrors.ZeroAddress.selector);
        new ReputationRegistry(IAgentIdentity(address(agents)), IJobEscrow(address(0)));
    }

    // ─── giveFeedback ────────────────────────────────────────────────────────────────────────────────────────────

    function test_giveFeedback_ratesTheLatestFinishedJob() public {
        uint256 jobId = _completed(CLIENT, provider, AMOUNT);
        vm.expectEmit(address(reputation));
        emit IReputationRegistry.NewFeedback(
            provider,
            CLIENT,
            1,
            9977,
            2,
            "uptime",
            "uptime",
            "day",
            "https://agent.example/api",
            "ipfs://feedback",
            keccak256("file")
        );
        vm.prank(CLIENT);
        reputation.giveFeedback(
            provider,
            9977,
            2,
            "uptime",
            "day",
            "https://agent.example/api",
            "ipfs://feedback",
            keccak256("file")
        );

        (int128 value, uint8 decimals, string memory tag1, string memory tag2, bool revoked) = reputation.readFeedback(
            provider,
            CLIENT,
            1
        );
        assertEq(uint256(int256(value)), 9977, "value");
        assertEq(decimals, 2, "decimals");
        assertEq(keccak256(bytes(tag1)), keccak256("uptime"), "tag1");
        assertEq(keccak256(bytes(tag2)), keccak256("day"), "tag2");
        assertTrue(!revoked, "not revoked");
        assertEq(reputation.getLastIndex(provider, CLIENT), 1, "last index");
        (uint256 rated, uint256 weight) = reputation.feedbackJob(provider, CLIENT, 1);
        assertEq(rated, jobId, "the job");
        assertEq(weight, AMOUNT, "weighs what the client paid");
        (uint64 count, int256 sum, uint256 totalWeight, int128 average) = reputation.summary(provider, "uptime", "day");
        assertEq(count, 1, "count");
        assertEq(uint256(sum), 9977e16, "sum, normalised to 18 decimals");
        assertEq(totalWeight, AMOUNT, "weight");
        assertEq(uint256(int256(average)), 9977e16, "average");
        address[] memory clients = reputation.getClients(provider);
        assertEq(clients.length, 1, "one client");
        assertEq(clients[0], CLIENT, "the client");
    }

    function test_giveFeedback_revertsWithoutAFinishedJob() public {
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.NoJobToRate.selector, provider, CLIENT));
        reputation.giveFeedback(provider, 1, 0, "", "", "", "", bytes32(0));
        // A funded job not yet finished does not count; nor does a refunded one.
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        vm.warp(escrow.job(jobId).expiry);
        escrow.refund(jobId);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.NoJobToRate.selector, provider, CLIENT));
        reputation.giveFeedback(provider, 1, 0, "", "", "", "", bytes32(0));
    }

    function test_giveFeedback_oncePerJob() public {
        uint256 first = _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 80, "starred", "");
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.FeedbackAlreadyGiven.selector, first));
        reputation.giveFeedback(provider, 90, 0, "starred", "", "", "", bytes32(0));

        _rejectedAfterAChild(CLIENT, AMOUNT, AMOUNT / 4);
        _rate(CLIENT, provider, 30, "starred", "");
        assertEq(reputation.getLastIndex(provider, CLIENT), 2, "a second job, a second feedback");
        (uint64 count, int256 sum, uint256 totalWeight, int128 average) = reputation.summary(provider, "starred", "");
        assertEq(count, 2, "count");
        assertEq(uint256(sum), 110 * WAD, "sum");
        assertEq(totalWeight, AMOUNT + AMOUNT / 4, "the rejected job weighs what its completed child took");
        assertEq(uint256(int256(average)), 70 * WAD, "(80 x 4 + 30 x 1) / 5");
    }

    function test_giveFeedback_revertsWhenTheClientPaidNothing() public {
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 80, "starred", "");
        // A job rejected while Funded, with no completed child: all of it was refunded.
        uint256 refunded = _rejected(CLIENT, provider, AMOUNT);
        (uint256 latest, uint256 paid) = escrow.latestFinishedJob(CLIENT, provider);
        assertEq(latest, refunded, "the latest finished job");
        assertEq(paid, 0, "paid nothing");
        vm.startPrank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.NothingPaid.selector, refunded));
        reputation.giveFeedback(provider, 10, 0, "starred", "", "", "", bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.NothingPaid.selector, refunded));
        reputation.giveFeedbackForJob(refunded, 10, 0, "starred", "", "", "", bytes32(0));
        vm.stopPrank();
        assertEq(reputation.getLastIndex(provider, CLIENT), 1, "no feedback recorded");
        (uint64 count, , uint256 totalWeight, ) = reputation.summary(provider, "starred", "");
        assertEq(count, 1, "count unchanged");
        assertEq(totalWeight, AMOUNT, "weight unchanged");
        // The client's next paid job can be rated.
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 10, "starred", "");
        assertEq(reputation.getLastIndex(provider, CLIENT), 2, "rated");
    }

    function test_giveFeedback_revertsForTheAgentsOwnerOrOperator() public {
        // The agent's owner, operator and wallet cannot hire it (JobEscrow), so they rate only jobs they finished
        // before they became so: here the client becomes the owner, then an operator.
        _completed(CLIENT, provider, AMOUNT);
        agents.setOwner(provider, CLIENT);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.SelfFeedback.selector, provider, CLIENT));
        reputation.giveFeedback(provider, 100, 0, "", "", "", "", bytes32(0));
        agents.setOwner(provider, PROVIDER);
        agents.setApproved(provider, CLIENT, true);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.SelfFeedback.selector, provider, CLIENT));
        reputation.giveFeedback(provider, 100, 0, "", "", "", "", bytes32(0));
        agents.setApproved(provider, CLIENT, false);
        _rate(CLIENT, provider, 100, "", "");
        assertEq(reputation.getLastIndex(provider, CLIENT), 1, "a client like any other again");
    }

    function test_giveFeedbackForJob_revertsForTheAgentsWallet() public {
        // A provider subcontracting to an agent whose wallet is its own: the child's client is that wallet.
        agents.setWallet(sub, PROVIDER_WALLET);
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 childId = _subcontract(PROVIDER_WALLET, parentId, sub, EVALUATOR, 100e18);
        _submit(PROVIDER_WALLET, childId);
        _complete(EVALUATOR, childId);
        vm.prank(PROVIDER_WALLET);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.SelfFeedback.selector, sub, PROVIDER_WALLET));
        reputation.giveFeedbackForJob(childId, 100, 0, "", "", "", "", bytes32(0));
    }

    function testFuzz_giveFeedback_revertsOnValuesOutOfRange(int128 value, uint8 decimals) public {
        _completed(CLIENT, provider, AMOUNT);
        // 2^95 / 1e18 = 39,614,081,257.13...: the largest whole value at 0 decimals is 39,614,081,257.
        if (decimals % 2 == 0) {
            decimals = uint8(bound(decimals, 19, 255));
        } else {
            decimals = 0;
            uint256 magnitude = bound(uint256(uint128(value)), 39_614_081_258, uint128(type(int128).max));
            value = value < 0 ? -int128(int256(magnitude)) : int128(int256(magnitude));
        }
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.ValueOutOfRange.selector, value, decimals));
        reputation.giveFeedback(provider, value, decimals, "", "", "", "", bytes32(0));
    }

    function test_giveFeedback_acceptsTheExtremeValues() public {
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, -39_614_081_257, "", "");
        _completed(CLIENT, provider, AMOUNT);
        int128 largest = int128(int256(2 ** 95 - 1));
        vm.prank(CLIENT);
        reputation.giveFeedback(provider, largest, 18, "", "", "", "", bytes32(0));
        (uint64 count, int256 sum, , ) = reputation.summary(provider, "", "");
        assertEq(count, 2, "both");
        assertTrue(sum == int256(largest) - 39_614_081_257 * int256(WAD), "sum");
    }

    // ─── giveFeedbackForJob ──────────────────────────────────────────────────────────────────────────────────────

    function test_giveFeedbackForJob_ratesAChildJobFromTheParentProvider() public {
        uint256 parentId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        uint256 childId = _subcontract(PROVIDER_WALLET, parentId, sub, EVALUATOR, 300e18);
        _submit(SUB, childId);
        _complete(EVALUATOR, childId);

        vm.prank(PROVIDER_WALLET);
        reputation.giveFeedbackForJob(childId, 95, 0, "starred", "", "", "", bytes32(0));
        (uint256 rated, uint256 weight) = reputation.feedbackJob(sub, PROVIDER_WALLET, 1);
        assertEq(rated, childId, "the child");
        assertEq(weight, 300e18, "what the parent paid");
        address[] memory clients = reputation.getClients(sub);
        assertEq(clients.length, 1, "the parent provider is a client of sub");
        assertEq(clients[0], PROVIDER_WALLET, "its wallet");

        // Once the wallet also has a finished root job with sub, it is listed once.
        _completed(PROVIDER_WALLET, sub, AMOUNT);
        _rate(PROVIDER_WALLET, sub, 90, "starred", "");
        assertEq(reputation.getClients(sub).length, 1, "listed once");
        assertEq(reputation.getLastIndex(sub, PROVIDER_WALLET), 2, "two feedbacks");
    }

    function test_giveFeedbackForJob_revertsForOthersOrUnfinishedJobs() public {
        uint256 jobId = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        vm.prank(CLIENT);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationRegistry.JobNotFinished.selector, jobId, IJobEscrow.Status.Funded)
        );
        reputation.giveFeedbackForJob(jobId, 1, 0, "", "", "", "", bytes32(0));
        _submit(PROVIDER_WALLET, jobId);
        _complete(EVALUATOR, jobId);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.NotJobClient.selector, jobId, STRANGER));
        reputation.giveFeedbackForJob(jobId, 1, 0, "", "", "", "", bytes32(0));

        uint256 expired = _createAndFund(CLIENT, provider, EVALUATOR, AMOUNT);
        vm.warp(escrow.job(expired).expiry);
        escrow.refund(expired);
        vm.prank(CLIENT);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationRegistry.JobNotFinished.selector, expired, IJobEscrow.Status.Refunded)
        );
        reputation.giveFeedbackForJob(expired, 1, 0, "", "", "", "", bytes32(0));

        vm.prank(CLIENT);
        uint256 unfunded = escrow.createJob(provider, EVALUATOR, block.timestamp + 1 days, "");
        _reject(CLIENT, unfunded);
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.JobNeverFunded.selector, unfunded));
        reputation.giveFeedbackForJob(unfunded, 1, 0, "", "", "", "", bytes32(0));
    }

    function test_giveFeedbackForJob_inJobOrder() public {
        uint256 first = _completed(CLIENT, provider, AMOUNT);
        uint256 second = _completed(CLIENT, provider, AMOUNT);
        vm.prank(CLIENT);
        reputation.giveFeedbackForJob(second, 70, 0, "", "", "", "", bytes32(0));
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.FeedbackOutOfOrder.selector, first, second));
        reputation.giveFeedbackForJob(first, 70, 0, "", "", "", "", bytes32(0));
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.FeedbackAlreadyGiven.selector, second));
        reputation.giveFeedbackForJob(second, 70, 0, "", "", "", "", bytes32(0));
        // The standard call rates the latest finished job: the same one.
        vm.prank(CLIENT);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.FeedbackAlreadyGiven.selector, second));
        reputation.giveFeedback(provider, 70, 0, "", "", "", "", bytes32(0));
    }

    // ─── revokeFeedback ──────────────────────────────────────────────────────────────────────────────────────────

    function test_revokeFeedback_takesItOutOfTheSummaries() public {
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 90, "starred", "");
        _completed(CLIENT2, provider, 3 * AMOUNT);
        _rate(CLIENT2, provider, 50, "starred", "");
        (, , , int128 average) = reputation.summary(provider, "starred", "");
        assertEq(uint256(int256(average)), 60 * WAD, "(90 x 1 + 50 x 3) / 4");

        vm.expectEmit(address(reputation));
        emit IReputationRegistry.FeedbackRevoked(provider, CLIENT2, 1);
        vm.prank(CLIENT2);
        reputation.revokeFeedback(provider, 1);
        (uint64 count, int256 sum, uint256 totalWeight, int128 after_) = reputation.summary(provider, "starred", "");
        assertEq(count, 1, "count");
        assertEq(uint256(sum), 90 * WAD, "sum");
        assertEq(totalWeight, AMOUNT, "weight");
        assertEq(uint256(int256(after_)), 90 * WAD, "average");
        (, , , , bool revoked) = reputation.readFeedback(provider, CLIENT2, 1);
        assertTrue(revoked, "revoked");

        vm.prank(CLIENT2);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationRegistry.FeedbackAlreadyRevoked.selector, provider, CLIENT2, 1)
        );
        reputation.revokeFeedback(provider, 1);
        vm.prank(CLIENT2);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.UnknownFeedback.selector, provider, CLIENT2, 2));
        reputation.revokeFeedback(provider, 2);
        // Revoked feedback still counts for the job order: the job stays rated.
        vm.prank(CLIENT2);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.FeedbackAlreadyGiven.selector, 2));
        reputation.giveFeedback(provider, 10, 0, "starred", "", "", "", bytes32(0));
    }

    // ─── appendResponse / getResponseCount ───────────────────────────────────────────────────────────────────────

    function test_appendResponse_countsByFeedbackClientAndResponder() public {
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 10, "", "");
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 20, "", "");
        _completed(CLIENT2, provider, AMOUNT);
        _rate(CLIENT2, provider, 30, "", "");

        vm.expectEmit(address(reputation));
        emit IReputationRegistry.ResponseAppended(provider, CLIENT, 1, PROVIDER, "ipfs://refund", keccak256("r"));
        vm.prank(PROVIDER);
        reputation.appendResponse(provider, CLIENT, 1, "ipfs://refund", keccak256("r"));
        vm.prank(STRANGER);
        reputation.appendResponse(provider, CLIENT, 1, "ipfs://spam", bytes32(0));
        vm.prank(STRANGER);
        reputation.appendResponse(provider, CLIENT, 2, "ipfs://spam", bytes32(0));
        vm.prank(STRANGER);
        reputation.appendResponse(provider, CLIENT2, 1, "ipfs://spam", bytes32(0));

        address[] memory none = new address[](0);
        address[] memory stranger = new address[](1);
        stranger[0] = STRANGER;
        assertEq(reputation.getResponseCount(provider, CLIENT, 1, none), 2, "feedback 1, anyone");
        assertEq(reputation.getResponseCount(provider, CLIENT, 1, stranger), 1, "feedback 1, stranger");
        assertEq(reputation.getResponseCount(provider, CLIENT, 0, none), 3, "all of CLIENT's");
        assertEq(reputation.getResponseCount(provider, CLIENT, 0, stranger), 2, "CLIENT's, stranger");
        assertEq(reputation.getResponseCount(provider, address(0), 0, none), 4, "all");
        assertEq(reputation.getResponseCount(provider, address(0), 0, stranger), 3, "all, stranger");
    }

    function test_appendResponse_revertsOnUnknownFeedbackOrEmptyURI() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.UnknownFeedback.selector, provider, CLIENT, 1));
        reputation.appendResponse(provider, CLIENT, 1, "ipfs://r", bytes32(0));
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 10, "", "");
        vm.expectRevert(IErrors.EmptyURI.selector);
        reputation.appendResponse(provider, CLIENT, 1, "", bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.UnknownFeedback.selector, provider, CLIENT, 0));
        reputation.readFeedback(provider, CLIENT, 0);
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.UnknownFeedback.selector, provider, CLIENT, 2));
        reputation.feedbackJob(provider, CLIENT, 2);
    }

    // ─── getSummary / readAllFeedback ────────────────────────────────────────────────────────────────────────────

    function test_getSummary_filtersByClientAndTag() public {
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 90, "starred", "day");
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 40, "starred", "week");
        _completed(CLIENT2, provider, 2 * AMOUNT);
        _rate(CLIENT2, provider, 60, "uptime", "day");

        address[] memory both = new address[](2);
        (both[0], both[1]) = (CLIENT, CLIENT2);
        address[] memory one = new address[](1);
        one[0] = CLIENT;
        _expectSummary(both, "", "", 3, 6250e16); // (90 + 40 + 60 x 2) / 4
        _expectSummary(both, "starred", "", 2, 65 * WAD);
        _expectSummary(both, "", "day", 2, 70 * WAD); // (90 + 60 x 2) / 3
        _expectSummary(both, "starred", "week", 1, 40 * WAD);
        _expectSummary(one, "", "", 2, 65 * WAD);
        _expectSummary(one, "uptime", "", 0, 0);

        vm.expectRevert(IReputationRegistry.EmptyClientList.selector);
        reputation.getSummary(provider, new address[](0), "", "");
    }

    function test_getSummary_weighsARejectedJobByWhatItsCompletedChildrenTook() public {
        _rejectedAfterAChild(CLIENT, AMOUNT, 100e18);
        _rate(CLIENT, provider, 20, "", "");
        _completed(CLIENT2, provider, 300e18);
        _rate(CLIENT2, provider, -40, "", "");
        address[] memory both = new address[](2);
        (both[0], both[1]) = (CLIENT, CLIENT2);
        (uint64 count, int128 value, uint8 decimals) = reputation.getSummary(provider, both, "", "");
        assertEq(count, 2, "count");
        assertEq(decimals, 18, "decimals");
        assertTrue(value == -25 * int128(int256(WAD)), "(20 x 1 - 40 x 3) / 4");
        (, , uint256 totalWeight, int128 average) = reputation.summary(provider, "", "");
        assertEq(totalWeight, 400e18, "weight");
        assertTrue(average == value, "the running summary agrees");
    }

    function test_readAllFeedback_listsByClientAndFilters() public {
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 90, "starred", "day");
        _completed(CLIENT2, provider, AMOUNT);
        _rate(CLIENT2, provider, 60, "uptime", "");
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 40, "starred", "week");
        vm.prank(CLIENT);
        reputation.revokeFeedback(provider, 1);

        (address[] memory clients, uint64[] memory indexes, int128[] memory values, , , , ) = reputation
            .readAllFeedback(provider, new address[](0), "", "", false);
        assertEq(clients.length, 2, "revoked left out");
        assertEq(clients[0], CLIENT2, "clients in the escrow's order: latest listed first");
        assertEq(indexes[1], 2, "CLIENT's second");
        assertTrue(values[1] == 40, "its value");

        address[] memory one = new address[](1);
        one[0] = CLIENT;
        (
            address[] memory c,
            uint64[] memory idx,
            ,
            uint8[] memory decimals,
            string[] memory tag1s,
            string[] memory tag2s,
            bool[] memory revoked
        ) = reputation.readAllFeedback(provider, one, "starred", "", true);
        assertEq(c.length, 2, "both of CLIENT's starred");
        assertEq(idx[0], 1, "first");
        assertTrue(revoked[0] && !revoked[1], "revoked status");
        assertEq(decimals[0], 0, "decimals");
        assertEq(keccak256(bytes(tag1s[1])), keccak256("starred"), "tag1");
        assertEq(keccak256(bytes(tag2s[1])), keccak256("week"), "tag2");
    }

    function testFuzz_summary_isThePaymentWeightedAverage(int32 v1, int32 v2, uint256 w1, uint256 w2) public {
        w1 = bound(w1, MIN_JOB_VALUE, AMOUNT);
        w2 = bound(w2, MIN_JOB_VALUE, AMOUNT);
        _completed(CLIENT, provider, w1);
        _rate(CLIENT, provider, v1, "t", "");
        _completed(CLIENT2, provider, w2);
        _rate(CLIENT2, provider, v2, "t", "");
        (uint64 count, int256 sum, uint256 totalWeight, int128 average) = reputation.summary(provider, "t", "");
        assertEq(count, 2, "count");
        assertTrue(sum == (int256(v1) + v2) * int256(WAD), "sum");
        assertEq(totalWeight, w1 + w2, "weight");
        int256 expected =
            ((int256(v1) * int256(WAD)) * int256(w1) + (int256(v2) * int256(WAD)) * int256(w2)) / int256(w1 + w2);
        assertTrue(average == expected, "weighted average");
        address[] memory both = new address[](2);
        (both[0], both[1]) = (CLIENT, CLIENT2);
        (, int128 standard, ) = reputation.getSummary(provider, both, "", "");
        assertTrue(standard == expected, "getSummary agrees");
    }

    function _expectSummary(
        address[] memory clients,
        string memory tag1,
        string memory tag2,
        uint256 count,
        uint256 average
    ) internal view {
        (uint64 n, int128 value, uint8 decimals) = reputation.getSummary(provider, clients, tag1, tag2);
        assertEq(n, count, "count");
        assertEq(uint256(int256(value)), average, "average");
        assertEq(decimals, 18, "decimals");
    }

    function test_getLastIndex_findsTheLatestOfManyFeedbacksOfOneClient() public {
        // Five feedbacks: the search for the latest probes beyond it, then halves back through a missing index.
        for (uint256 i = 1; i <= 5; ++i) {
            _completed(CLIENT, provider, AMOUNT);
            _rate(CLIENT, provider, int128(int256(i)), "t", "");
            assertEq(reputation.getLastIndex(provider, CLIENT), i, "the latest index");
        }
        (int128 value, , , , ) = reputation.readFeedback(provider, CLIENT, 5);
        assertTrue(value == 5, "the latest feedback");
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.UnknownFeedback.selector, provider, CLIENT, 6));
        reputation.readFeedback(provider, CLIENT, 6);
    }
}

/// @notice The registry read and written through ERC-8004's reputation interface alone (IERC8004Reputation), as any
/// client of the standard would: feedback, summary, reads, revocation and responses.
contract ReputationStandardInterfaceTest is ReputationBase {
    IERC8004Reputation internal registry;

    function setUp() public {
        _setUpAgents();
        registry = IERC8004Reputation(address(reputation));
    }

    function test_standardInterface_readsFeedbackAndTheSummary() public {
        _completed(CLIENT, provider, AMOUNT);
        _completed(CLIENT2, provider, AMOUNT);
        assertEq(registry.getIdentityRegistry(), address(agents), "identity registry");

        vm.expectEmit(address(registry));
        emit IERC8004Reputation.NewFeedback(provider, CLIENT, 1, 87, 0, "starred", "starred", "", "", "", bytes32(0));
        vm.prank(CLIENT);
        registry.giveFeedback(provider, 87, 0, "starred", "", "", "", bytes32(0));
        vm.prank(CLIENT2);
        registry.giveFeedback(provider, 9977, 2, "starred", "", "https://a.example", "ipfs://f", keccak256("f"));

        address[] memory clients = registry.getClients(provider);
        assertEq(clients.length, 2, "two clients");
        (uint64 count, int128 value, uint8 decimals) = registry.getSummary(provider, clients, "starred", "");
        assertEq(count, 2, "count");
        assertEq(decimals, 18, "decimals");
        assertEq(uint256(int256(value)), 9338500000000000000 * 10, "(87 + 99.77) / 2, equal weights");
        (int128 v, uint8 d, string memory tag1, , bool revoked) = registry.readFeedback(provider, CLIENT2, 1);
        assertEq(uint256(int256(v)), 9977, "value");
        assertEq(d, 2, "decimals");
        assertEq(keccak256(bytes(tag1)), keccak256("starred"), "tag");
        assertTrue(!revoked, "not revoked");
        assertEq(registry.getLastIndex(provider, CLIENT), 1, "last index");

        vm.expectEmit(address(registry));
        emit IERC8004Reputation.ResponseAppended(provider, CLIENT, 1, STRANGER, "ipfs://r", bytes32(0));
        vm.prank(STRANGER);
        registry.appendResponse(provider, CLIENT, 1, "ipfs://r", bytes32(0));
        assertEq(registry.getResponseCount(provider, CLIENT, 1, new address[](0)), 1, "one response");

        vm.expectEmit(address(registry));
        emit IERC8004Reputation.FeedbackRevoked(provider, CLIENT, 1);
        vm.prank(CLIENT);
        registry.revokeFeedback(provider, 1);
        (address[] memory listed, , , , , , ) = registry.readAllFeedback(provider, clients, "", "", false);
        assertEq(listed.length, 1, "the revoked one left out");
        assertEq(listed[0], CLIENT2, "the other");
        (count, , ) = registry.getSummary(provider, clients, "", "");
        assertEq(count, 1, "summary without it");
    }
}

/// @notice Gas of `giveFeedback` (budget: feedback.give <= 80,000 receipt gas), each measured as the only call of its
/// test from a state prepared in `setUp`, with 8-byte tags and empty endpoint and URI. The snapshot is call gas; the
/// test prints the receipt gas of the same call as a transaction (plus 21,000 and the calldata). With the mock agent
/// registry of these tests: its two reads stand for the real registry's.
contract ReputationGasTest is ReputationBase {
    address internal constant CLIENT3 = address(0xC33E);
    uint256 internal fresh;
    uint256 internal untagged;

    function setUp() public {
        _setUpAgents();
        _fundActor(CLIENT3);
        fresh = _agent(address(0xF00D));
        untagged = _agent(address(0xF00E));
        // The agent has feedback under the tags; CLIENT has rated it once and finished another job.
        _completed(CLIENT2, provider, AMOUNT);
        _rate(CLIENT2, provider, 80, "accuracy", "response");
        _completed(CLIENT, provider, AMOUNT);
        _rate(CLIENT, provider, 70, "accuracy", "response");
        _completed(CLIENT, provider, AMOUNT);
        _completed(CLIENT3, provider, AMOUNT);
        _completed(CLIENT3, fresh, AMOUNT);
        _completed(CLIENT3, untagged, AMOUNT);
    }

    /// @dev The usual case: a new client rates an agent that has feedback under the same tags.
    function test_gas_giveFeedback_newClient() public {
        _give(CLIENT3, provider, "accuracy", "feedback.give");
    }

    /// @dev A client's second feedback to the agent.
    function test_gas_giveFeedback_returningClient() public {
        _give(CLIENT, provider, "accuracy", "feedback.give.returningClient");
    }

    /// @dev The agent's first feedback under tags already known: its aggregate's two slots are new.
    function test_gas_giveFeedback_firstOfTheAgent() public {
        _give(CLIENT3, fresh, "accuracy", "feedback.give.firstOfAgent");
    }

    /// @dev Tags never used before: they are stored once, besides the new aggregate.
    function test_gas_giveFeedback_newTags() public {
        _give(CLIENT3, untagged, "newtag01", "feedback.give.newTags");
    }

    function _give(address client, uint256 agentId, string memory tag1, string memory name) internal {
        vm.prank(client);
        reputation.giveFeedback(agentId, 90, 0, tag1, "response", "", "", bytes32(0));
        uint256 gas = vm.snapshotGasLastCall(name);
        bytes memory data = abi.encodeCall(
            reputation.giveFeedback,
            (agentId, 90, 0, tag1, "response", "", "", bytes32(0))
        );
        uint256 calldataGas;
        for (uint256 i; i < data.length; ++i) calldataGas += data[i] == 0 ? 4 : 16;
        console.log(name, gas, "call gas; receipt", gas + 21_000 + calldataGas);
    }
}
