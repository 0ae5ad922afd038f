// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAgentIdentity } from "./IAgentIdentity.sol";
import { IErrors } from "./IErrors.sol";

/// @title IAgentRegistry
/// @notice Agents, each an ERC-721 token "OpenLedger Agent" (OLA) with ERC-8004's Identity Registry ABI: an agent URI
/// (its token URI, which resolves to the agent's registration file), on-chain metadata, and a verified wallet under the
/// reserved metadata key "agentWallet". The wallet is the owner until it is set, is set only with a signature of the
/// new wallet (EIP-712 for an account without code, ERC-1271 for a contract), and is cleared when the agent changes
/// hands. Agent ids run from 1.
///
/// An agent also declares the models of the ModelRegistry it serves, and each model's owner may confirm the link. And
/// it has an operator stake in OPEN: anyone may add to it, the owner takes it out after a delay, and governance may
/// slash it after a challenge window in which the owner may answer. Stake that is unlocking can still be slashed, and
/// nothing leaves while a slash is pending. The stake stays with the agent when the agent changes hands.
///
/// Every view of one agent reverts with UnknownAgent for an agent that was never registered, but `canTakeJobs`, which
/// is false for it.
interface IAgentRegistry is IAgentIdentity, IErrors {
    /// @notice One entry of on-chain metadata, as `register` takes it.
    struct MetadataEntry {
        string metadataKey;
        bytes metadataValue;
    }

    /// @notice A model that an agent serves, and whether the model's current owner confirmed it.
    struct ServedModel {
        uint256 modelId;
        bool confirmed;
    }

    /// @notice Thrown when `caller` is neither the owner of `agentId` nor approved for it (ERC-721 approval of the
    /// agent or of all the owner's agents).
    /// @param agentId The agent.
    /// @param caller Who called.
    error NotAgentOperator(uint256 agentId, address caller);
    /// @notice Thrown when `caller` is not the owner of `agentId`, for what moves its stake or answers for it.
    /// @param agentId The agent.
    /// @param caller Who called.
    error NotAgentOwner(uint256 agentId, address caller);
    /// @notice Thrown when metadata is set under the reserved key "agentWallet", which only `setAgentWallet` sets.
    /// @param metadataKey The key.
    error ReservedMetadataKey(string metadataKey);
    /// @notice Thrown when an agent URI is longer than `max` bytes.
    /// @param length Its length, in bytes.
    /// @param max MAX_URI_LENGTH.
    error URITooLong(uint256 length, uint256 max);
    /// @notice Thrown when the wallet's signature for `setAgentWallet` expired: `deadline` is before `timestamp`.
    /// @param deadline The signature's deadline.
    /// @param timestamp The block's timestamp.
    error AgentWalletSignatureExpired(uint256 deadline, uint256 timestamp);
    /// @notice Thrown when the signature is not `newWallet`'s over the AgentWalletSet message with `nonce` (a wrong
    /// signer, other fields, or a signature already used, since each use moves the nonce on).
    /// @param agentId The agent.
    /// @param newWallet The wallet that should have signed.
    /// @param nonce The agent's wallet nonce that the message must carry.
    error InvalidAgentWalletSignature(uint256 agentId, address newWallet, uint256 nonce);
    /// @notice Thrown when `agentId` already declares `modelId`.
    /// @param agentId The agent.
    /// @param modelId The model.
    error ModelAlreadyDeclared(uint256 agentId, uint256 modelId);
    /// @notice Thrown when `agentId` does not declare `modelId`.
    /// @param agentId The agent.
    /// @param modelId The model.
    error ModelNotDeclared(uint256 agentId, uint256 modelId);
    /// @notice Thrown when an agent would serve `count` models, more than `max`.
    /// @param count How many it would serve.
    /// @param max MAX_SERVED_MODELS.
    error TooManyServedModels(uint256 count, uint256 max);
    /// @notice Thrown when the owner of `modelId` already confirmed that `agentId` serves it.
    /// @param agentId The agent.
    /// @param modelId The model.
    error ModelAlreadyConfirmed(uint256 agentId, uint256 modelId);
    /// @notice Thrown when the owner of `modelId` did not confirm that `agentId` serves it.
    /// @param agentId The agent.
    /// @param modelId The model.
    error ModelNotConfirmed(uint256 agentId, uint256 modelId);
    /// @notice Thrown when an amount to stake or to unstake is zero.
    error ZeroStakeAmount();
    /// @notice Thrown when adding `amount` to an agent's stake would take it (staked and unlocking) past what 96 bits
    /// hold: only `room` is left.
    /// @param amount The amount added.
    /// @param room What the agent may still take.
    error StakeTooLarge(uint256 amount, uint256 room);
    /// @notice Thrown when `amount` is more than the `staked` amount of `agentId` (not counting what is unlocking).
    /// @param agentId The agent.
    /// @param amount The amount asked for.
    /// @param staked What is staked.
    error InsufficientStake(uint256 agentId, uint256 amount, uint256 staked);
    /// @notice Thrown when `agentId` has no stake unlocking.
    /// @param agentId The agent.
    error NothingUnlocking(uint256 agentId);
    /// @notice Thrown when the stake of `agentId` unlocks only at `unlockAt`.
    /// @param agentId The agent.
    /// @param unlockAt When it unlocks.
    error UnstakeNotReady(uint256 agentId, uint256 unlockAt);
    /// @notice Thrown when a slash of `agentId` is pending: its stake cannot leave, and no other slash can be proposed.
    /// @param agentId The agent.
    error SlashPending(uint256 agentId);
    /// @notice Thrown when no slash of `agentId` is pending.
    /// @param agentId The agent.
    error NoSlashPending(uint256 agentId);
    /// @notice Thrown when a slash amount is zero.
    error ZeroSlashAmount();
    /// @notice Thrown when a slash of `agentId` is executed before its challenge window ends at `endsAt`.
    /// @param agentId The agent.
    /// @param endsAt When the window ends.
    error ChallengeWindowOpen(uint256 agentId, uint256 endsAt);
    /// @notice Thrown when a slash of `agentId` is answered after its challenge window ended at `endsAt`.
    /// @param agentId The agent.
    /// @param endsAt When the window ended.
    error ChallengeWindowClosed(uint256 agentId, uint256 endsAt);
    /// @notice Thrown when the pending slash of `agentId` was already answered.
    /// @param agentId The agent.
    error SlashAlreadyAnswered(uint256 agentId);
    /// @notice Thrown when governance would set an unstake delay shorter than the challenge window: a slash proposed
    /// while stake unlocks must be able to run its window before the stake can leave.
    /// @param unstakeDelay The unstake delay, in seconds.
    /// @param challengeWindow The challenge window, in seconds.
    error UnstakeDelayBelowChallengeWindow(uint256 unstakeDelay, uint256 challengeWindow);

    /// @notice Emitted when `owner` registered `agentId` with `agentURI` (ERC-8004).
    /// @param agentId The agent.
    /// @param agentURI The agent URI (empty when registered without one).
    /// @param owner The owner.
    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    /// @notice Emitted when `updatedBy` set the agent URI of `agentId` (ERC-8004).
    /// @param agentId The agent.
    /// @param newURI The agent URI.
    /// @param updatedBy The owner or operator who set it.
    event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);
    /// @notice Emitted when metadata of `agentId` was set (ERC-8004). Under the reserved key "agentWallet", the value is
    /// the wallet's 20 bytes (the owner's at registration, the new wallet's when set), or empty when the wallet was
    /// unset or cleared by a transfer.
    /// @param agentId The agent.
    /// @param indexedMetadataKey The key (indexed: its hash).
    /// @param metadataKey The key.
    /// @param metadataValue The value.
    event MetadataSet(
        uint256 indexed agentId,
        string indexed indexedMetadataKey,
        string metadataKey,
        bytes metadataValue
    );
    /// @notice Emitted when `agentId` declared that it serves `modelId`.
    /// @param agentId The agent.
    /// @param modelId The model.
    event ModelDeclared(uint256 indexed agentId, uint256 indexed modelId);
    /// @notice Emitted when `agentId` no longer declares `modelId` (its confirmation goes with it).
    /// @param agentId The agent.
    /// @param modelId The model.
    event ModelUndeclared(uint256 indexed agentId, uint256 indexed modelId);
    /// @notice Emitted when `modelOwner`, the owner of `modelId`, confirmed that `agentId` serves it.
    /// @param agentId The agent.
    /// @param modelId The model.
    /// @param modelOwner The model's owner.
    event ModelConfirmed(uint256 indexed agentId, uint256 indexed modelId, address indexed modelOwner);
    /// @notice Emitted when `modelOwner`, the owner of `modelId`, withdrew its confirmation that `agentId` serves it.
    /// @param agentId The agent.
    /// @param modelId The model.
    /// @param modelOwner The model's owner.
    event ModelUnconfirmed(uint256 indexed agentId, uint256 indexed modelId, address indexed modelOwner);
    /// @notice Emitted when `from` added `amount` to the stake of `agentId`, which now has `staked` (not unlocking).
    /// @param agentId The agent.
    /// @param from Who paid it.
    /// @param amount The amount, in OPEN.
    /// @param staked The agent's stake, not counting what is unlocking.
    event Staked(uint256 indexed agentId, address indexed from, uint256 amount, uint256 staked);
    /// @notice Emitted when the owner of `agentId` asked to take `amount` out: `unlocking` in all unlocks at `unlockAt`.
    /// @param agentId The agent.
    /// @param amount The amount, in OPEN.
    /// @param unlocking All that is unlocking now.
    /// @param unlockAt When it may be taken out.
    event UnstakeRequested(uint256 indexed agentId, uint256 amount, uint256 unlocking, uint256 unlockAt);
    /// @notice Emitted when `amount` of the stake of `agentId` was taken out to `to`.
    /// @param agentId The agent.
    /// @param to Who received it.
    /// @param amount The amount, in OPEN.
    event Unstaked(uint256 indexed agentId, address indexed to, uint256 amount);
    /// @notice Emitted when governance proposed to slash `amount` of the stake of `agentId`, executable from `endsAt`.
    /// @param agentId The agent.
    /// @param amount The amount, in OPEN (capped at execution by what the agent holds).
    /// @param endsAt When the challenge window ends.
    /// @param reasonURI Why.
    event SlashProposed(uint256 indexed agentId, uint256 amount, uint256 endsAt, string reasonURI);
    /// @notice Emitted when the owner of `agentId` answered the pending slash.
    /// @param agentId The agent.
    /// @param answerURI The answer.
    event SlashAnswered(uint256 indexed agentId, string answerURI);
    /// @notice Emitted when `amount` of the stake of `agentId` was slashed and sent to the treasury.
    /// @param agentId The agent.
    /// @param amount The amount, in OPEN.
    event SlashExecuted(uint256 indexed agentId, uint256 amount);
    /// @notice Emitted when governance cancelled the pending slash of `agentId`.
    /// @param agentId The agent.
    event SlashCancelled(uint256 indexed agentId);
    /// @notice Emitted when governance set the minimum stake for taking jobs.
    /// @param minStake The minimum, in OPEN.
    event MinStakeSet(uint256 minStake);
    /// @notice Emitted when governance set the challenge window of new slashes.
    /// @param challengeWindow The window, in seconds.
    event ChallengeWindowSet(uint256 challengeWindow);
    /// @notice Emitted when governance set the unstake delay of new requests.
    /// @param unstakeDelay The delay, in seconds.
    event UnstakeDelaySet(uint256 unstakeDelay);

    /// @notice The most models one agent may serve.
    /// @return The most models (32).
    function MAX_SERVED_MODELS() external view returns (uint256);
    /// @notice The longest agent URI, in bytes.
    /// @return The longest URI (65,535).
    function MAX_URI_LENGTH() external view returns (uint256);
    /// @notice The cap on the minimum stake governance may set.
    /// @return The cap, in OPEN.
    function MAX_MIN_STAKE() external view returns (uint256);
    /// @notice The cap on the challenge window.
    /// @return The cap, in seconds (30 days).
    function MAX_CHALLENGE_WINDOW() external view returns (uint256);
    /// @notice The cap on the unstake delay.
    /// @return The cap, in seconds (90 days).
    function MAX_UNSTAKE_DELAY() external view returns (uint256);
    /// @notice The EIP-712 type hash of what a new wallet signs for `setAgentWallet`:
    /// `AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 nonce,uint256 deadline)`, in the domain
    /// ("OpenLedger Agent", "1", this chain, this contract).
    /// @return The type hash.
    function AGENT_WALLET_SET_TYPEHASH() external view returns (bytes32);
    /// @notice The token of the operator stake (OPEN).
    /// @return The token's address.
    function token() external view returns (address);
    /// @notice The model registry that served models are checked against.
    /// @return The model registry's address.
    function modelRegistry() external view returns (address);
    /// @notice Where slashed stake goes (the Timelock).
    /// @return The treasury's address.
    function treasury() external view returns (address);
    /// @notice How many agents were registered. Agent ids run from 1 to this number.
    /// @return The number of agents.
    function agentCount() external view returns (uint256);
    /// @notice The stake (not unlocking) an agent needs to take jobs.
    /// @return The minimum, in OPEN.
    function minStake() external view returns (uint256);
    /// @notice How long the owner of a slashed agent has to answer before governance may execute the slash.
    /// @return The window, in seconds.
    function challengeWindow() external view returns (uint256);
    /// @notice How long stake unlocks before it may be taken out. At least the challenge window.
    /// @return The delay, in seconds.
    function unstakeDelay() external view returns (uint256);
    /// @notice The metadata of `agentId` under `metadataKey`: empty when never set. Under "agentWallet", the wallet's
    /// 20 bytes, or empty when there is none.
    /// @param agentId The agent.
    /// @param metadataKey The key.
    /// @return The value.
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory);
    /// @notice The nonce that the next `setAgentWallet` signature for `agentId` must carry.
    /// @param agentId The agent.
    /// @return The nonce.
    function agentWalletNonce(uint256 agentId) external view returns (uint256);
    /// @notice The models that `agentId` serves, in no particular order, each confirmed if its current owner confirmed
    /// it (a confirmation lapses when the model changes hands, and revives if it comes back).
    /// @param agentId The agent.
    /// @return models The models.
    function servedModels(uint256 agentId) external view returns (ServedModel[] memory models);
    /// @notice Whether `agentId` declares `modelId`, and whether the model's current owner confirmed it.
    /// @param agentId The agent.
    /// @param modelId The model.
    /// @return declared Whether the agent declares it.
    /// @return confirmed Whether the model's owner confirmed it.
    function servesModel(uint256 agentId, uint256 modelId) external view returns (bool declared, bool confirmed);
    /// @notice The stake of `agentId`.
    /// @param agentId The agent.
    /// @return staked What is staked, not counting what is unlocking (what `canTakeJobs` counts).
    /// @return unlocking What is unlocking (still slashable).
    /// @return unlockAt When what is unlocking may be taken out (0 when nothing is).
    function stakeOf(uint256 agentId) external view returns (uint256 staked, uint256 unlocking, uint256 unlockAt);
    /// @notice The pending slash of `agentId`, all zero when none is.
    /// @param agentId The agent.
    /// @return amount The amount proposed, in OPEN.
    /// @return endsAt When the challenge window ends.
    /// @return answered Whether the owner answered.
    function pendingSlash(uint256 agentId) external view returns (uint256 amount, uint256 endsAt, bool answered);

    /// @notice Registers an agent owned by the caller, without agent URI (set it later with `setAgentURI`). Emits
    /// Transfer, MetadataSet for "agentWallet" (the owner) and Registered. Returns its id.
    /// @return agentId The new agent's id.
    function register() external returns (uint256 agentId);
    /// @notice Registers an agent owned by the caller, with `agentURI`. Returns its id.
    /// @param agentURI The agent URI.
    /// @return agentId The new agent's id.
    function register(string calldata agentURI) external returns (uint256 agentId);
    /// @notice Registers an agent owned by the caller, with `agentURI` and `metadata` (which may not use the reserved
    /// key "agentWallet"). Emits a MetadataSet for each entry, in order. Returns its id.
    /// @param agentURI The agent URI.
    /// @param metadata The metadata entries.
    /// @return agentId The new agent's id.
    function register(string calldata agentURI, MetadataEntry[] calldata metadata) external returns (uint256 agentId);
    /// @notice Sets the agent URI of `agentId`. Owner or operator only.
    /// @param agentId The agent.
    /// @param newURI The agent URI.
    function setAgentURI(uint256 agentId, string calldata newURI) external;
    /// @notice Sets the metadata of `agentId` under `metadataKey` (not the reserved "agentWallet"). Owner or operator
    /// only.
    /// @param agentId The agent.
    /// @param metadataKey The key.
    /// @param metadataValue The value.
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external;
    /// @notice Sets the wallet of `agentId` to `newWallet`, which proves control by signing the EIP-712 message
    /// AgentWalletSet(agentId, newWallet, owner, nonce, deadline) (see AGENT_WALLET_SET_TYPEHASH; an ERC-1271
    /// signature for a contract wallet). Owner or operator only. Each use moves the agent's nonce on, so a signature
    /// serves once, and it names the owner, so it is void once the agent changes hands.
    /// @param agentId The agent.
    /// @param newWallet The wallet.
    /// @param deadline The last timestamp at which the signature is valid.
    /// @param signature The wallet's signature.
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature) external;
    /// @notice Clears the wallet of `agentId`: `getAgentWallet` returns zero until a wallet is set again. Owner or
    /// operator only.
    /// @param agentId The agent.
    function unsetAgentWallet(uint256 agentId) external;

    /// @notice Declares that `agentId` serves `modelIds`, each an existing model it does not declare yet, up to
    /// MAX_SERVED_MODELS in all. Owner or operator only.
    /// @param agentId The agent.
    /// @param modelIds The models.
    function declareModels(uint256 agentId, uint256[] calldata modelIds) external;
    /// @notice Withdraws the declaration that `agentId` serves `modelId`, with its confirmation. Owner or operator
    /// only.
    /// @param agentId The agent.
    /// @param modelId The model.
    function undeclareModel(uint256 agentId, uint256 modelId) external;
    /// @notice Confirms that `agentId` serves `modelId`, which it declares. The model's owner only.
    /// @param agentId The agent.
    /// @param modelId The model.
    function confirmModel(uint256 agentId, uint256 modelId) external;
    /// @notice Withdraws the confirmation that `agentId` serves `modelId`. The model's owner only, who confirmed it.
    /// @param agentId The agent.
    /// @param modelId The model.
    function unconfirmModel(uint256 agentId, uint256 modelId) external;

    /// @notice Adds `amount` of the caller's OPEN to the stake of `agentId` (approve this contract first). Anyone may.
    /// @param agentId The agent.
    /// @param amount The amount, in OPEN.
    function stake(uint256 agentId, uint256 amount) external;
    /// @notice Starts unlocking `amount` of the stake of `agentId`: it stops counting for `canTakeJobs` at once, stays
    /// slashable, and may be taken out an unstake delay from now (a new request restarts the delay for all that is
    /// unlocking). Owner only.
    /// @param agentId The agent.
    /// @param amount The amount, in OPEN.
    function requestUnstake(uint256 agentId, uint256 amount) external;
    /// @notice Takes out all that is unlocking of the stake of `agentId`, once its delay is over and no slash is
    /// pending, to `to`. Owner only.
    /// @param agentId The agent.
    /// @param to Who receives it.
    function unstake(uint256 agentId, address to) external;
    /// @notice Answers the pending slash of `agentId`, once, within its challenge window. Owner only.
    /// @param agentId The agent.
    /// @param answerURI The answer.
    function answerSlash(uint256 agentId, string calldata answerURI) external;
    /// @notice Proposes to slash `amount` of the stake of `agentId`, for `reasonURI`, executable once the challenge
    /// window has passed. One slash at a time per agent. Governance only.
    /// @param agentId The agent.
    /// @param amount The amount, in OPEN.
    /// @param reasonURI Why.
    function proposeSlash(uint256 agentId, uint256 amount, string calldata reasonURI) external;
    /// @notice Executes the pending slash of `agentId` once its challenge window has passed: sends its amount, capped by
    /// what the agent holds, to the treasury, from what is unlocking first, then from what is staked. Governance only.
    /// @param agentId The agent.
    function executeSlash(uint256 agentId) external;
    /// @notice Cancels the pending slash of `agentId`. Governance only.
    /// @param agentId The agent.
    function cancelSlash(uint256 agentId) external;
    /// @notice Sets the stake an agent needs to take jobs, at most MAX_MIN_STAKE. Governance only.
    /// @param newMinStake The minimum, in OPEN.
    function setMinStake(uint256 newMinStake) external;
    /// @notice Sets the challenge window of new slashes, at most MAX_CHALLENGE_WINDOW and the unstake delay. Governance
    /// only.
    /// @param newChallengeWindow The window, in seconds.
    function setChallengeWindow(uint256 newChallengeWindow) external;
    /// @notice Sets the unstake delay of new requests, at least the challenge window and at most MAX_UNSTAKE_DELAY.
    /// Governance only.
    /// @param newUnstakeDelay The delay, in seconds.
    function setUnstakeDelay(uint256 newUnstakeDelay) external;
}
