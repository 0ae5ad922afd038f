// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { SafeCast } from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import { IAgentIdentity } from "../interfaces/IAgentIdentity.sol";
import { IJobEscrow } from "../interfaces/IJobEscrow.sol";
import { IReputationRegistry } from "../interfaces/IReputationRegistry.sol";

/// @title ReputationRegistry
/// @notice ERC-8004's Reputation Registry, with feedback backed by payment in JobEscrow. See IReputationRegistry.
/// @dev Storage per feedback is one slot (Record). A client's feedback to an agent is numbered 1, 2, ... with no gap,
/// so the latest index is found by probing the records (exponential then binary search) instead of being kept in a
/// slot of its own: a client's first feedback to an agent writes one new slot, not two. The job order rule ("once per
/// job") reads the latest record's job. Tag pairs are stored once, by hash, and numbered; each (agent, tag pair)
/// aggregate holds its pair's number, so that steady-state feedback reads no tag storage.
contract ReputationRegistry is IReputationRegistry {
    using SafeCast for int256;
    using SafeCast for uint256;

    /// @dev One slot. `pairId` is never 0, so a record that exists is never the zero word.
    struct Record {
        int128 value;
        uint8 valueDecimals;
        bool revoked;
        uint32 pairId;
        uint48 jobId;
        uint32 responses;
    }

    /// @dev Two slots. With |normalised value| < 2^95 and weights below 2^96 (OPEN's supply), `sum` stays within 2^127
    /// and `weightedSum` within 2^223 for 2^32 feedbacks, the count's limit.
    struct Aggregate {
        uint32 count;
        uint96 totalWeight;
        int128 sum;
        int224 weightedSum;
        uint32 pairId;
    }

    /// @dev The sums of `getSummary`.
    struct Totals {
        uint256 count;
        int256 weightedSum;
        uint256 totalWeight;
    }

    /// @dev A feedback being given: the agent, the job it rates, its weight and its value, and whether the caller must
    /// be checked against the agent's wallet (a root job's client never is the wallet: JobEscrow refuses it).
    struct Feedback {
        uint256 agentId;
        uint256 jobId;
        uint256 weight;
        int128 value;
        uint8 valueDecimals;
        bool checkWallet;
    }

    /// @dev What `readAllFeedback` returns.
    struct Listing {
        address[] clients;
        uint64[] feedbackIndexes;
        int128[] values;
        uint8[] valueDecimals;
        string[] tag1s;
        string[] tag2s;
        bool[] revokedStatuses;
    }

    struct TagPair {
        string tag1;
        string tag2;
    }

    /// @inheritdoc IReputationRegistry
    uint8 public constant SUMMARY_DECIMALS = 18;
    /// @inheritdoc IReputationRegistry
    uint256 public constant MAX_NORMALISED_VALUE = 2 ** 95;
    uint8 private constant MAX_VALUE_DECIMALS = 18;

    IAgentIdentity private immutable _agents;
    IJobEscrow private immutable _jobs;

    uint32 private _tagPairCount;
    mapping(bytes32 pairHash => uint32) private _pairIds;
    mapping(uint32 pairId => TagPair) private _tagPairs;
    mapping(uint256 agentId => mapping(bytes32 pairHash => Aggregate)) private _aggregates;
    mapping(uint256 agentId => mapping(address client => mapping(uint256 index => Record))) private _records;
    mapping(uint256 agentId => mapping(address client => mapping(uint256 index => mapping(address responder => uint256))))
        private _responses;
    /// @dev Clients that rated an agent through child jobs only: JobEscrow lists the clients of root jobs.
    mapping(uint256 agentId => address[]) private _otherClients;

    constructor(IAgentIdentity agents_, IJobEscrow jobs_) {
        if (address(agents_) == address(0) || address(jobs_) == address(0)) revert ZeroAddress();
        _agents = agents_;
        _jobs = jobs_;
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IReputationRegistry
    function getIdentityRegistry() external view returns (address) {
        return address(_agents);
    }

    /// @inheritdoc IReputationRegistry
    function jobEscrow() external view returns (address) {
        return address(_jobs);
    }

    /// @inheritdoc IReputationRegistry
    function summary(
        uint256 agentId,
        string calldata tag1,
        string calldata tag2
    ) external view returns (uint64 count, int256 sum, uint256 totalWeight, int128 weightedAverage) {
        Aggregate storage a = _aggregates[agentId][_pairHash(tag1, tag2)];
        count = a.count;
        sum = a.sum;
        totalWeight = a.totalWeight;
        // |weightedSum / totalWeight| is below the bound on one value, 2^95.
        if (totalWeight != 0) weightedAverage = int128(a.weightedSum / int256(totalWeight));
    }

    /// @inheritdoc IReputationRegistry
    function feedbackJob(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex
    ) external view returns (uint256 jobId, uint256 weight) {
        jobId = _existing(agentId, clientAddress, feedbackIndex).jobId;
        weight = _weightOf(jobId);
    }

    /// @inheritdoc IReputationRegistry
    function getSummary(
        uint256 agentId,
        address[] calldata clientAddresses,
        string calldata tag1,
        string calldata tag2
    ) external view returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals) {
        if (clientAddresses.length == 0) revert EmptyClientList();
        Totals memory t;
        (bytes32 h1, bytes32 h2) = (_filterHash(tag1), _filterHash(tag2));
        for (uint256 i; i < clientAddresses.length; ++i) _accumulate(t, agentId, clientAddresses[i], h1, h2);
        count = uint64(t.count);
        summaryValueDecimals = SUMMARY_DECIMALS;
        // Every feedback weighs what its client paid, never zero (NothingPaid): the weighted average is the summary.
        if (t.totalWeight != 0) summaryValue = (t.weightedSum / int256(t.totalWeight)).toInt128();
    }

    /// @inheritdoc IReputationRegistry
    function readFeedback(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex
    )
        external
        view
        returns (int128 value, uint8 valueDecimals, string memory tag1, string memory tag2, bool isRevoked)
    {
        Record storage r = _existing(agentId, clientAddress, feedbackIndex);
        TagPair storage tags = _tagPairs[r.pairId];
        return (r.value, r.valueDecimals, tags.tag1, tags.tag2, r.revoked);
    }

    /// @inheritdoc IReputationRegistry
    /// @dev The parameters are read back from the calldata by `_listing`: with them and the seven arrays, this frame
    /// has no stack slot left to pass them on.
    function readAllFeedback(
        uint256,
        address[] calldata,
        string calldata,
        string calldata,
        bool
    )
        external
        view
        returns (
            address[] memory,
            uint64[] memory,
            int128[] memory,
            uint8[] memory,
            string[] memory,
            string[] memory,
            bool[] memory
        )
    {
        Listing memory listing = _listing();
        return (
            listing.clients,
            listing.feedbackIndexes,
            listing.values,
            listing.valueDecimals,
            listing.tag1s,
            listing.tag2s,
            listing.revokedStatuses
        );
    }

    /// @inheritdoc IReputationRegistry
    function getResponseCount(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        address[] calldata responders
    ) external view returns (uint64 count) {
        if (clientAddress == address(0)) {
            address[] memory list = getClients(agentId);
            for (uint256 i; i < list.length; ++i) count += _clientResponses(agentId, list[i], responders);
        } else if (feedbackIndex == 0) {
            count = _clientResponses(agentId, clientAddress, responders);
        } else {
            count = _responseCount(agentId, clientAddress, feedbackIndex, responders);
        }
    }

    /// @inheritdoc IReputationRegistry
    function getClients(uint256 agentId) public view returns (address[] memory clients) {
        address[] memory rootClients = _jobs.clientsOf(agentId);
        address[] storage others = _otherClients[agentId];
        clients = new address[](rootClients.length + others.length);
        uint256 n;
        for (uint256 i; i < rootClients.length; ++i) {
            if (_records[agentId][rootClients[i]][1].pairId != 0) clients[n++] = rootClients[i];
        }
        // A client listed here for a child job's feedback that later finished a root job is in JobEscrow's list too.
        for (uint256 i; i < others.length; ++i) {
            if (!_jobs.hasFinishedWith(others[i], agentId)) clients[n++] = others[i];
        }
        assembly ("memory-safe") {
            mstore(clients, n)
        }
    }

    /// @inheritdoc IReputationRegistry
    function getLastIndex(uint256 agentId, address clientAddress) external view returns (uint64) {
        return uint64(_lastIndex(agentId, clientAddress));
    }

    // ─── External state-changing ─────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IReputationRegistry
    /// @dev The endpoint, URI and hash are only emitted: `_announce` reads them from the calldata.
    function giveFeedback(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2,
        string calldata,
        string calldata,
        bytes32
    ) external {
        _announce(agentId, _giveLatest(agentId, value, valueDecimals, tag1, tag2));
    }

    /// @inheritdoc IReputationRegistry
    /// @dev The endpoint, URI and hash are only emitted: `_announce` reads them from the calldata.
    function giveFeedbackForJob(
        uint256 jobId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2,
        string calldata,
        string calldata,
        bytes32
    ) external {
        (uint256 agentId, uint64 index) = _giveForJob(jobId, value, valueDecimals, tag1, tag2);
        _announce(agentId, index);
    }

    /// @inheritdoc IReputationRegistry
    function revokeFeedback(uint256 agentId, uint64 feedbackIndex) external {
        Record storage r = _existing(agentId, msg.sender, feedbackIndex);
        if (r.revoked) revert FeedbackAlreadyRevoked(agentId, msg.sender, feedbackIndex);
        // Effect: the feedback leaves its aggregate, with the weight it came in with (a finished job's `paid` is
        // final).
        r.revoked = true;
        TagPair storage tags = _tagPairs[r.pairId];
        bytes32 pairHash = keccak256(abi.encode(keccak256(bytes(tags.tag1)), keccak256(bytes(tags.tag2))));
        Aggregate storage a = _aggregates[agentId][pairHash];
        int256 v = _normalise(r.value, r.valueDecimals);
        uint256 w = _weightOf(r.jobId);
        a.count -= 1;
        a.totalWeight -= uint96(w);
        a.sum = (a.sum - v).toInt128();
        a.weightedSum = (a.weightedSum - v * int256(w)).toInt224();
        emit FeedbackRevoked(agentId, msg.sender, feedbackIndex);
    }

    /// @inheritdoc IReputationRegistry
    function appendResponse(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        string calldata responseURI,
        bytes32 responseHash
    ) external {
        Record storage r = _existing(agentId, clientAddress, feedbackIndex);
        if (bytes(responseURI).length == 0) revert EmptyURI();
        // Effect:
        r.responses += 1;
        ++_responses[agentId][clientAddress][feedbackIndex][msg.sender];
        emit ResponseAppended(agentId, clientAddress, feedbackIndex, msg.sender, responseURI, responseHash);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Emits NewFeedback for feedback `index` of the caller to `agentId`. `giveFeedback` and `giveFeedbackForJob`
    /// take (uint256, value, valueDecimals, tag1, tag2, endpoint, feedbackURI, feedbackHash), which is NewFeedback's
    /// data with the index in place of the first word: the data is the call's arguments as they are, the first word
    /// overwritten. The ABI decoder of the calling function already checked every field and offset; the indexed tag is
    /// hashed from the copy. (This also keeps the two functions, with eight parameters of which four strings, within
    /// the stack.)
    function _announce(uint256 agentId, uint64 index) private {
        bytes32 topic = NewFeedback.selector;
        assembly ("memory-safe") {
            let size := sub(calldatasize(), 4)
            let data := mload(0x40)
            calldatacopy(data, 4, size)
            mstore(data, index)
            // tag1 is the fourth argument: its offset, from the start of the arguments, is their fourth word.
            let tag1 := add(data, mload(add(data, 0x60)))
            log4(data, size, topic, agentId, caller(), keccak256(add(tag1, 0x20), mload(tag1)))
        }
    }

    /// @dev `giveFeedback` without the emitted-only fields: rates the caller's latest completed or rejected root job
    /// with the agent (JobEscrow records only those). Returns the index.
    function _giveLatest(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2
    ) private returns (uint64) {
        (uint256 jobId, uint256 weight) = _latestFinishedJob(agentId);
        if (jobId == 0) revert NoJobToRate(agentId, msg.sender);
        return _give(Feedback(agentId, jobId, weight, value, valueDecimals, false), tag1, tag2);
    }

    /// @dev `giveFeedbackForJob` without the emitted-only fields: checks the job, records the feedback, and lists a
    /// client of child jobs only here (JobEscrow lists the clients of root jobs). Returns the agent and the index.
    function _giveForJob(
        uint256 jobId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2
    ) private returns (uint256 agentId, uint64 index) {
        uint256 weight;
        (agentId, weight) = _rateableJob(jobId);
        index = _give(Feedback(agentId, jobId, weight, value, valueDecimals, true), tag1, tag2);
        if (index == 1 && !_jobs.hasFinishedWith(msg.sender, agentId)) _otherClients[agentId].push(msg.sender);
    }

    /// @dev The provider agent of `jobId` and what its client paid, if the caller is its client and the job was
    /// completed, or rejected after it was funded.
    function _rateableJob(uint256 jobId) private view returns (uint256 agentId, uint256 weight) {
        address client;
        IJobEscrow.Status status;
        uint256 escrow;
        (client, agentId, status, escrow, weight) = _jobs.feedbackTerms(jobId);
        if (msg.sender != client) revert NotJobClient(jobId, msg.sender);
        if (status != IJobEscrow.Status.Completed && status != IJobEscrow.Status.Rejected) {
            revert JobNotFinished(jobId, status);
        }
        if (escrow == 0) revert JobNeverFunded(jobId);
    }

    /// @dev Checks and records feedback of the caller to `agentId` on `jobId` of `weight`; returns its index.
    function _give(Feedback memory f, string calldata tag1, string calldata tag2) private returns (uint64 index) {
        // Check: a job its client paid for, a value in range, no self-feedback, and the job after the last one rated.
        if (f.weight == 0) revert NothingPaid(f.jobId);
        int256 v = _normalise(f.value, f.valueDecimals);
        if (_isOwnerOrOperator(f.agentId) || (f.checkWallet && _isWallet(f.agentId))) {
            revert SelfFeedback(f.agentId, msg.sender);
        }
        mapping(uint256 => Record) storage records = _records[f.agentId][msg.sender];
        index = uint64(_checkOrder(records, f.jobId) + 1);
        // Effect: the aggregate of its (agent, tag pair), and the record. The job id fits 48 bits in JobEscrow.
        uint32 pairId = _aggregate(f.agentId, tag1, tag2, v, f.weight);
        Record storage r = records[index];
        // One write (the Record layout: `value` in bits 0-127, `valueDecimals` 128-135, `revoked` 136-143, `pairId`
        // 144-175, `jobId` 176-223, `responses` 224-255).
        uint256 word =
            uint256(uint128(f.value)) |
                (uint256(f.valueDecimals) << 128) |
                (uint256(pairId) << 144) |
                (uint256(uint48(f.jobId)) << 176);
        assembly ("memory-safe") {
            sstore(r.slot, word)
        }
    }

    /// @dev The latest index of `records` (the caller's feedback to an agent), once checked that `jobId` comes after
    /// the job it rates.
    function _checkOrder(
        mapping(uint256 => Record) storage records,
        uint256 jobId
    ) private view returns (uint256 last) {
        last = _lastIndexIn(records);
        if (last != 0) {
            uint256 lastJob = records[last].jobId;
            if (jobId == lastJob) revert FeedbackAlreadyGiven(jobId);
            if (jobId < lastJob) revert FeedbackOutOfOrder(jobId, lastJob);
        }
    }

    /// @dev Adds normalised value `v` of `weight` to the aggregate of (`agentId`, `tag1`, `tag2`); returns the tag
    /// pair's number. No cast truncates: a weight is below OPEN's supply, and the bounds of Aggregate hold.
    function _aggregate(
        uint256 agentId,
        string calldata tag1,
        string calldata tag2,
        int256 v,
        uint256 weight
    ) private returns (uint32 pairId) {
        bytes32 pairHash = _pairHash(tag1, tag2);
        Aggregate storage a = _aggregates[agentId][pairHash];
        // One read a slot (the Aggregate layout: `count` in bits 0-31, `totalWeight` 32-127, `sum` 128-255; then
        // `weightedSum` 0-223 and `pairId` 224-255), checked arithmetic on the fields, then one write a slot.
        uint256 word0;
        uint256 word1;
        assembly ("memory-safe") {
            let slot := a.slot
            word0 := sload(slot)
            word1 := sload(add(slot, 1))
        }
        pairId = uint32(word1 >> 224);
        if (pairId == 0) pairId = _internTags(pairHash, tag1, tag2);
        uint256 count = uint256(uint32(word0)) + 1;
        uint256 totalWeight = uint256(uint96(word0 >> 32)) + weight;
        int256 sum = int256(int128(uint128(word0 >> 128))) + v;
        int256 weightedSum = int256(int224(uint224(word1))) + v * int256(weight);
        _writeAggregate(a, count.toUint32(), totalWeight.toUint96(), sum.toInt128(), weightedSum.toInt224(), pairId);
    }

    function _writeAggregate(
        Aggregate storage a,
        uint32 count,
        uint96 totalWeight,
        int128 sum,
        int224 weightedSum,
        uint32 pairId
    ) private {
        uint256 word0 = uint256(count) | (uint256(totalWeight) << 32) | (uint256(uint128(sum)) << 128);
        uint256 word1 = uint256(uint224(weightedSum)) | (uint256(pairId) << 224);
        assembly ("memory-safe") {
            let slot := a.slot
            sstore(slot, word0)
            sstore(add(slot, 1), word1)
        }
    }

    /// @dev The number of tag pair (`tag1`, `tag2`), stored at its first use.
    function _internTags(bytes32 pairHash, string calldata tag1, string calldata tag2) private returns (uint32 id) {
        id = _pairIds[pairHash];
        if (id == 0) {
            id = ++_tagPairCount;
            _pairIds[pairHash] = id;
            TagPair storage tags = _tagPairs[id];
            if (bytes(tag1).length != 0) tags.tag1 = tag1;
            if (bytes(tag2).length != 0) tags.tag2 = tag2;
        }
    }

    /// @dev The latest index of the client's feedback to the agent: the records run from 1 with no gap, so an
    /// exponential search finds a bound and a binary search the last one. O(log n) reads.
    function _lastIndex(uint256 agentId, address client) private view returns (uint256) {
        return _lastIndexIn(_records[agentId][client]);
    }

    /// @dev `_lastIndex` over the records of one (agent, client).
    function _lastIndexIn(mapping(uint256 => Record) storage records) private view returns (uint256) {
        if (records[1].pairId == 0) return 0;
        uint256 lo = 1;
        uint256 hi = 2;
        while (records[hi].pairId != 0) (lo, hi) = (hi, hi * 2);
        // records[lo] exists, records[hi] does not.
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) / 2;
            if (records[mid].pairId != 0) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /// @dev `_jobs.latestFinishedJob(msg.sender, agentId)`, called without the ABI coder (this is the feedback path,
    /// whose budget is tight). JobEscrow returns two words.
    function _latestFinishedJob(uint256 agentId) private view returns (uint256 jobId, uint256 paid) {
        address target = address(_jobs);
        bytes4 selector = IJobEscrow.latestFinishedJob.selector;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, selector)
            mstore(add(p, 4), caller())
            mstore(add(p, 0x24), agentId)
            if iszero(staticcall(gas(), target, p, 0x44, 0, 0x40)) {
                returndatacopy(p, 0, returndatasize())
                revert(p, returndatasize())
            }
            if lt(returndatasize(), 0x40) {
                revert(0, 0)
            }
            jobId := mload(0)
            paid := mload(0x20)
        }
    }

    /// @dev `_agents.isAuthorizedOrOwner(msg.sender, agentId)`, called without the ABI coder, as above.
    function _isOwnerOrOperator(uint256 agentId) private view returns (bool authorized) {
        address target = address(_agents);
        bytes4 selector = IAgentIdentity.isAuthorizedOrOwner.selector;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, selector)
            mstore(add(p, 4), caller())
            mstore(add(p, 0x24), agentId)
            if iszero(staticcall(gas(), target, p, 0x44, 0, 0x20)) {
                returndatacopy(p, 0, returndatasize())
                revert(p, returndatasize())
            }
            if lt(returndatasize(), 0x20) {
                revert(0, 0)
            }
            authorized := iszero(iszero(mload(0)))
        }
    }

    function _isWallet(uint256 agentId) private view returns (bool) {
        return _agents.getAgentWallet(agentId) == msg.sender;
    }

    function _existing(uint256 agentId, address client, uint64 index) private view returns (Record storage r) {
        r = _records[agentId][client][index];
        if (r.pairId == 0) revert UnknownFeedback(agentId, client, index);
    }

    /// @dev What the client paid for `jobId`, as JobEscrow records it (final once the job finished).
    function _weightOf(uint256 jobId) private view returns (uint256 paid) {
        (, , , , paid) = _jobs.feedbackTerms(jobId);
    }

    /// @dev Adds the client's feedback to the agent that passes the tag filters, and is not revoked, to `t`.
    function _accumulate(Totals memory t, uint256 agentId, address client, bytes32 h1, bytes32 h2) private view {
        uint256 n = _lastIndex(agentId, client);
        for (uint256 k = 1; k <= n; ++k) {
            Record storage r = _records[agentId][client][k];
            if (r.revoked || !_matches(r.pairId, h1, h2)) continue;
            int256 v = _normalise(r.value, r.valueDecimals);
            uint256 w = _weightOf(r.jobId);
            t.count += 1;
            t.weightedSum += v * int256(w);
            t.totalWeight += w;
        }
    }

    /// @dev `readAllFeedback`: the feedback of the given clients (all when none is given) to the agent that passes the
    /// filters, client by client, in index order.
    function _listing() private view returns (Listing memory out) {
        (uint256 agentId, address[] memory list, string memory tag1, string memory tag2, bool includeRevoked) = abi
            .decode(msg.data[4:], (uint256, address[], string, string, bool));
        if (list.length == 0) list = getClients(agentId);
        bytes32 h1 = bytes(tag1).length == 0 ? bytes32(0) : keccak256(bytes(tag1));
        bytes32 h2 = bytes(tag2).length == 0 ? bytes32(0) : keccak256(bytes(tag2));
        uint256 total;
        for (uint256 i; i < list.length; ++i) {
            uint256 n = _lastIndex(agentId, list[i]);
            for (uint256 k = 1; k <= n; ++k) if (_selected(agentId, list[i], k, h1, h2, includeRevoked)) ++total;
        }
        out.clients = new address[](total);
        out.feedbackIndexes = new uint64[](total);
        out.values = new int128[](total);
        out.valueDecimals = new uint8[](total);
        out.tag1s = new string[](total);
        out.tag2s = new string[](total);
        out.revokedStatuses = new bool[](total);
        uint256 j;
        for (uint256 i; i < list.length; ++i) {
            uint256 n = _lastIndex(agentId, list[i]);
            for (uint256 k = 1; k <= n; ++k) {
                if (!_selected(agentId, list[i], k, h1, h2, includeRevoked)) continue;
                Record storage r = _records[agentId][list[i]][k];
                TagPair storage tags = _tagPairs[r.pairId];
                out.clients[j] = list[i];
                out.feedbackIndexes[j] = uint64(k);
                out.values[j] = r.value;
                out.valueDecimals[j] = r.valueDecimals;
                out.tag1s[j] = tags.tag1;
                out.tag2s[j] = tags.tag2;
                out.revokedStatuses[j] = r.revoked;
                ++j;
            }
        }
    }

    function _selected(
        uint256 agentId,
        address client,
        uint256 index,
        bytes32 h1,
        bytes32 h2,
        bool includeRevoked
    ) private view returns (bool) {
        Record storage r = _records[agentId][client][index];
        return (includeRevoked || !r.revoked) && _matches(r.pairId, h1, h2);
    }

    /// @dev Whether tag pair `pairId` passes the filters (a zero filter hash matches any tag).
    function _matches(uint32 pairId, bytes32 h1, bytes32 h2) private view returns (bool) {
        TagPair storage tags = _tagPairs[pairId];
        if (h1 != bytes32(0) && keccak256(bytes(tags.tag1)) != h1) return false;
        if (h2 != bytes32(0) && keccak256(bytes(tags.tag2)) != h2) return false;
        return true;
    }

    function _clientResponses(
        uint256 agentId,
        address client,
        address[] calldata responders
    ) private view returns (uint64 count) {
        uint256 n = _lastIndex(agentId, client);
        for (uint256 k = 1; k <= n; ++k) count += _responseCount(agentId, client, k, responders);
    }

    function _responseCount(
        uint256 agentId,
        address client,
        uint256 index,
        address[] calldata responders
    ) private view returns (uint64 count) {
        if (responders.length == 0) return _records[agentId][client][index].responses;
        mapping(address => uint256) storage byResponder = _responses[agentId][client][index];
        for (uint256 i; i < responders.length; ++i) count += uint64(byResponder[responders[i]]);
    }

    /// @dev `value` with SUMMARY_DECIMALS decimals; reverts unless valueDecimals <= 18 and the result is below
    /// MAX_NORMALISED_VALUE in magnitude.
    function _normalise(int128 value, uint8 valueDecimals) private pure returns (int256 v) {
        if (valueDecimals > MAX_VALUE_DECIMALS) revert ValueOutOfRange(value, valueDecimals);
        // Cannot overflow: the exponent is at most 18, so the scale is at most 10^18 < 2^60, and |value| < 2^127.
        unchecked {
            v = int256(value) * int256(10 ** (SUMMARY_DECIMALS - valueDecimals));
        }
        uint256 magnitude = v < 0 ? uint256(-v) : uint256(v);
        if (magnitude >= MAX_NORMALISED_VALUE) revert ValueOutOfRange(value, valueDecimals);
    }

    /// @dev keccak256(abi.encode(keccak256(tag1), keccak256(tag2))), hashed from the calldata in scratch memory.
    function _pairHash(string calldata tag1, string calldata tag2) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            calldatacopy(p, tag1.offset, tag1.length)
            let h1 := keccak256(p, tag1.length)
            calldatacopy(p, tag2.offset, tag2.length)
            mstore(0x20, keccak256(p, tag2.length))
            mstore(0, h1)
            h := keccak256(0, 0x40)
        }
    }

    function _filterHash(string calldata tag) private pure returns (bytes32) {
        return bytes(tag).length == 0 ? bytes32(0) : keccak256(bytes(tag));
    }
}
