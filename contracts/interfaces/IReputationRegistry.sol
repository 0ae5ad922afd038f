// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IErrors } from "./IErrors.sol";
import { IJobEscrow } from "./IJobEscrow.sol";

/// @title IReputationRegistry
/// @notice ERC-8004's Reputation Registry (the January 2026 interface: a signed fixed-point `value` with
/// `valueDecimals`, two string tags, an endpoint, a feedback URI and hash; no feedbackAuth; no self-feedback), where
/// feedback is backed by payment: it is accepted only from the client of a job of the agent in JobEscrow that was
/// completed, or rejected after it was funded, once per job, and only if that client paid something for it; it weighs
/// what the client paid (IJobEscrow's `paid`: the whole escrow of a completed job, at least JobEscrow's `minJobValue`;
/// for a rejected one what its completed children took, the rest having been refunded). A job whose client paid
/// nothing (a rejected job with no completed child) cannot be rated (NothingPaid): every feedback counted carries a
/// weight, and each unit of it is OPEN paid out through a completed job.
///
/// The standard `giveFeedback` rates the caller's latest completed or rejected root job with the agent (as JobEscrow
/// records it); `giveFeedbackForJob` rates any such job, a child job included (whose client is its parent provider's
/// wallet).
///
/// Self-feedback: the agent's owner and approved operators are refused at feedback time (SelfFeedback), as ERC-8004
/// requires. Its wallet is refused too: JobEscrow does not let the agent's wallet, owner or operators hire it
/// (SelfHire), so the wallet has no root job of its own to rate, and `giveFeedbackForJob` checks the wallet as well
/// (a provider may subcontract to an agent that shares its wallet). Only a wallet set after the job was created could
/// then rate through `giveFeedback`: an address the owner controls, as any Sybil address could be. A client rates its
/// jobs with an agent in job order: once job N is rated, no job of that client and agent numbered N or below can be
/// (FeedbackAlreadyGiven for N, FeedbackOutOfOrder below), which is how "once per job" is kept without a slot per job.
///
/// Summaries: for every (agent, tag1, tag2) the registry keeps running aggregates, O(1) to read (`summary`): the count
/// of feedback not revoked, the sum of their values normalised to SUMMARY_DECIMALS, the total paid weight, and the sum
/// of value × weight, from which the payment-weighted average comes. Revocation subtracts. The standard `getSummary`
/// filters by client and by tag (an empty tag matches any): it reads the given clients' feedback, O(their feedback).
/// A value whose normalised magnitude reaches MAX_NORMALISED_VALUE is refused, which keeps every aggregate within its
/// field for 2^32 feedbacks.
interface IReputationRegistry is IErrors {
    /// @notice Thrown when `caller` is not the client of `jobId`.
    /// @param jobId The job.
    /// @param caller Who called.
    error NotJobClient(uint256 jobId, address caller);
    /// @notice Thrown when `jobId` was already rated.
    /// @param jobId The job.
    error FeedbackAlreadyGiven(uint256 jobId);
    /// @notice Thrown when `jobId` comes before `lastRatedJobId`, the job its client last rated with the same agent.
    /// @param jobId The job.
    /// @param lastRatedJobId The job last rated.
    error FeedbackOutOfOrder(uint256 jobId, uint256 lastRatedJobId);
    /// @notice Thrown when `jobId` is in `status`: neither completed nor rejected.
    /// @param jobId The job.
    /// @param status Its status.
    error JobNotFinished(uint256 jobId, IJobEscrow.Status status);
    /// @notice Thrown when `jobId` was rejected before it was funded: nothing was paid, nothing was done.
    /// @param jobId The job.
    error JobNeverFunded(uint256 jobId);
    /// @notice Thrown when the client of `jobId` paid nothing for it (rejected, with no completed child): feedback of
    /// weight zero would cost its client only gas.
    /// @param jobId The job.
    error NothingPaid(uint256 jobId);
    /// @notice Thrown when `client` has no completed or rejected root job with `agentId` to rate.
    /// @param agentId The agent.
    /// @param client The client.
    error NoJobToRate(uint256 agentId, address client);
    /// @notice Thrown when `caller` is the owner or an approved operator of `agentId` (or its wallet, for a job's
    /// feedback through `giveFeedbackForJob`).
    /// @param agentId The agent.
    /// @param caller Who called.
    error SelfFeedback(uint256 agentId, address caller);
    /// @notice Thrown when `valueDecimals` is above 18, or `value` normalised to SUMMARY_DECIMALS reaches
    /// MAX_NORMALISED_VALUE in magnitude.
    /// @param value The value.
    /// @param valueDecimals Its decimals.
    error ValueOutOfRange(int128 value, uint8 valueDecimals);
    /// @notice Thrown when `clientAddress` gave `agentId` no feedback numbered `feedbackIndex`.
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @param feedbackIndex The index (1-based).
    error UnknownFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex);
    /// @notice Thrown when feedback `feedbackIndex` of `clientAddress` to `agentId` was already revoked.
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @param feedbackIndex The index.
    error FeedbackAlreadyRevoked(uint256 agentId, address clientAddress, uint64 feedbackIndex);
    /// @notice Thrown when `getSummary` is given no client (ERC-8004: the filter is mandatory against Sybils).
    error EmptyClientList();

    /// @notice Emitted when `clientAddress` gave `agentId` its feedback number `feedbackIndex` (ERC-8004).
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @param feedbackIndex The index (1-based) among the client's feedback to the agent.
    /// @param value The value.
    /// @param valueDecimals Its decimals.
    /// @param indexedTag1 The first tag (indexed: its hash).
    /// @param tag1 The first tag.
    /// @param tag2 The second tag.
    /// @param endpoint The agent's endpoint rated.
    /// @param feedbackURI Where the feedback file is.
    /// @param feedbackHash The KECCAK-256 of the feedback file.
    event NewFeedback(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        int128 value,
        uint8 valueDecimals,
        string indexed indexedTag1,
        string tag1,
        string tag2,
        string endpoint,
        string feedbackURI,
        bytes32 feedbackHash
    );
    /// @notice Emitted when `clientAddress` revoked its feedback `feedbackIndex` to `agentId` (ERC-8004).
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @param feedbackIndex The index.
    event FeedbackRevoked(uint256 indexed agentId, address indexed clientAddress, uint64 indexed feedbackIndex);
    /// @notice Emitted when `responder` responded to feedback `feedbackIndex` of `clientAddress` to `agentId`
    /// (ERC-8004).
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @param feedbackIndex The index.
    /// @param responder Who responded.
    /// @param responseURI Where the response is.
    /// @param responseHash The KECCAK-256 of the response.
    event ResponseAppended(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        address indexed responder,
        string responseURI,
        bytes32 responseHash
    );
    /// @notice The decimals to which summaries normalise values.
    /// @return The decimals (18).
    function SUMMARY_DECIMALS() external view returns (uint8);
    /// @notice The bound on a value's magnitude once normalised to SUMMARY_DECIMALS (exclusive).
    /// @return The bound (2^95).
    function MAX_NORMALISED_VALUE() external view returns (uint256);
    /// @notice The agent registry (ERC-8004's identity registry).
    /// @return identityRegistry Its address.
    function getIdentityRegistry() external view returns (address identityRegistry);
    /// @notice The job escrow whose jobs back the feedback.
    /// @return Its address.
    function jobEscrow() external view returns (address);
    /// @notice The running aggregates of `agentId`'s feedback tagged exactly (`tag1`, `tag2`), revoked feedback left
    /// out. O(1).
    /// @param agentId The agent.
    /// @param tag1 The first tag.
    /// @param tag2 The second tag.
    /// @return count How many.
    /// @return sum The sum of their values, with SUMMARY_DECIMALS decimals.
    /// @return totalWeight What their clients paid, in OPEN.
    /// @return weightedAverage The average of their values weighted by payment, with SUMMARY_DECIMALS decimals
    /// (zero when there is none).
    function summary(
        uint256 agentId,
        string calldata tag1,
        string calldata tag2
    ) external view returns (uint64 count, int256 sum, uint256 totalWeight, int128 weightedAverage);
    /// @notice The job that feedback `feedbackIndex` of `clientAddress` to `agentId` rates, and its weight.
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @param feedbackIndex The index.
    /// @return jobId The job.
    /// @return weight What the client paid for it, in OPEN.
    function feedbackJob(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex
    ) external view returns (uint256 jobId, uint256 weight);
    /// @notice ERC-8004's summary of `agentId`'s feedback from `clientAddresses` (mandatory, non-empty), filtered by
    /// tag (an empty tag matches any), revoked feedback left out. `summaryValue` is the payment-weighted average of the
    /// values (every feedback carries payment), zero when none matched. O(the given clients' feedback).
    /// @param agentId The agent.
    /// @param clientAddresses The clients.
    /// @param tag1 The first tag, or empty.
    /// @param tag2 The second tag, or empty.
    /// @return count How many feedbacks matched.
    /// @return summaryValue Their average.
    /// @return summaryValueDecimals Its decimals (SUMMARY_DECIMALS).
    function getSummary(
        uint256 agentId,
        address[] calldata clientAddresses,
        string calldata tag1,
        string calldata tag2
    ) external view returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals);
    /// @notice Feedback `feedbackIndex` of `clientAddress` to `agentId` (ERC-8004). Reverts if there is none.
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @param feedbackIndex The index (1-based).
    /// @return value The value.
    /// @return valueDecimals Its decimals.
    /// @return tag1 The first tag.
    /// @return tag2 The second tag.
    /// @return isRevoked Whether it was revoked.
    function readFeedback(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex
    ) external view returns (int128 value, uint8 valueDecimals, string memory tag1, string memory tag2, bool isRevoked);
    /// @notice Every feedback to `agentId` from `clientAddresses` (all clients when empty), filtered by tag (an empty
    /// tag matches any), revoked ones only if `includeRevoked` (ERC-8004). O(the clients' feedback).
    /// @param agentId The agent.
    /// @param clientAddresses The clients, or empty for all.
    /// @param tag1 The first tag, or empty.
    /// @param tag2 The second tag, or empty.
    /// @param includeRevoked Whether to include revoked feedback.
    /// @return clients The client of each feedback.
    /// @return feedbackIndexes Its index.
    /// @return values Its value.
    /// @return valueDecimals Its decimals.
    /// @return tag1s Its first tag.
    /// @return tag2s Its second tag.
    /// @return revokedStatuses Whether it was revoked.
    function readAllFeedback(
        uint256 agentId,
        address[] calldata clientAddresses,
        string calldata tag1,
        string calldata tag2,
        bool includeRevoked
    )
        external
        view
        returns (
            address[] memory clients,
            uint64[] memory feedbackIndexes,
            int128[] memory values,
            uint8[] memory valueDecimals,
            string[] memory tag1s,
            string[] memory tag2s,
            bool[] memory revokedStatuses
        );
    /// @notice How many responses were appended (ERC-8004): to feedback `feedbackIndex` of `clientAddress` to
    /// `agentId`, or to all of the client's feedback when `feedbackIndex` is 0, or to all of the agent's feedback when
    /// `clientAddress` is zero; from `responders`, or from anyone when empty.
    /// @param agentId The agent.
    /// @param clientAddress The client, or zero for all.
    /// @param feedbackIndex The index, or 0 for all.
    /// @param responders The responders, or empty for all.
    /// @return count How many responses.
    function getResponseCount(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        address[] calldata responders
    ) external view returns (uint64 count);
    /// @notice The clients that gave `agentId` feedback (ERC-8004). O(the agent's clients in JobEscrow).
    /// @param agentId The agent.
    /// @return The clients.
    function getClients(uint256 agentId) external view returns (address[] memory);
    /// @notice How many feedbacks `clientAddress` gave `agentId`: the index of its latest (ERC-8004). O(log of it).
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @return The latest index, or 0.
    function getLastIndex(uint256 agentId, address clientAddress) external view returns (uint64);

    /// @notice ERC-8004's feedback, rating the caller's latest completed or rejected root job with `agentId`, for which
    /// it paid something (else NothingPaid).
    /// @param agentId The agent.
    /// @param value The value.
    /// @param valueDecimals Its decimals (0 to 18).
    /// @param tag1 The first tag, or empty.
    /// @param tag2 The second tag, or empty.
    /// @param endpoint The endpoint rated, or empty (emitted, not stored).
    /// @param feedbackURI The feedback file, or empty (emitted, not stored).
    /// @param feedbackHash Its KECCAK-256, or zero (emitted, not stored).
    function giveFeedback(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2,
        string calldata endpoint,
        string calldata feedbackURI,
        bytes32 feedbackHash
    ) external;
    /// @notice Feedback on job `jobId`, completed or rejected after funding, by its client, to its provider agent, if
    /// the client paid something for it (else NothingPaid).
    /// @param jobId The job.
    /// @param value The value.
    /// @param valueDecimals Its decimals (0 to 18).
    /// @param tag1 The first tag, or empty.
    /// @param tag2 The second tag, or empty.
    /// @param endpoint The endpoint rated, or empty.
    /// @param feedbackURI The feedback file, or empty.
    /// @param feedbackHash Its KECCAK-256, or zero.
    function giveFeedbackForJob(
        uint256 jobId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2,
        string calldata endpoint,
        string calldata feedbackURI,
        bytes32 feedbackHash
    ) external;
    /// @notice Revokes the caller's feedback `feedbackIndex` to `agentId`, taking it out of the summaries (ERC-8004).
    /// @param agentId The agent.
    /// @param feedbackIndex The index.
    function revokeFeedback(uint256 agentId, uint64 feedbackIndex) external;
    /// @notice Appends a response to feedback `feedbackIndex` of `clientAddress` to `agentId`. Anyone may respond
    /// (ERC-8004).
    /// @param agentId The agent.
    /// @param clientAddress The client.
    /// @param feedbackIndex The index.
    /// @param responseURI Where the response is (non-empty).
    /// @param responseHash Its KECCAK-256, or zero.
    function appendResponse(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        string calldata responseURI,
        bytes32 responseHash
    ) external;
}
