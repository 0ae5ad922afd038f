// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { AccessManaged } from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { ERC721 } from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import { IERC721 } from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import { EIP712 } from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import { SignatureChecker } from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import { IAgentIdentity } from "../interfaces/IAgentIdentity.sol";
import { IAgentRegistry } from "../interfaces/IAgentRegistry.sol";
import { IModelRegistry } from "../interfaces/IModelRegistry.sol";

/// @title AgentRegistry
/// @notice Agents as ERC-721 tokens with ERC-8004's Identity ABI, the models they serve, and their operator stake. See
/// IAgentRegistry.
contract AgentRegistry is ERC721, EIP712, AccessManaged, IAgentRegistry {
    using SafeERC20 for IERC20;

    /// @dev One slot: the stake, what unlocks and when, and when the pending slash's window ends (0 when none is), so
    /// that `canTakeJobs` reads one slot of the agent. Timestamps fit 32 bits until 2106.
    struct Stake {
        uint96 staked;
        uint96 unlocking;
        uint32 unlockAt;
        uint32 slashEndsAt;
    }

    /// @dev The rest of a pending slash, read only by the slash functions.
    struct Slash {
        uint96 amount;
        bool answered;
    }

    /// @dev A served model and who confirmed it (zero for nobody): the confirmation holds while that account owns
    /// the model. Model ids fit 32 bits (the ModelRegistry refuses more).
    struct Served {
        uint32 modelId;
        address confirmedBy;
    }

    /// @dev Governance parameters, in one slot.
    struct Parameters {
        uint96 minStake;
        uint32 challengeWindow;
        uint32 unstakeDelay;
    }

    /// @inheritdoc IAgentRegistry
    uint256 public constant MAX_SERVED_MODELS = 32;
    /// @inheritdoc IAgentRegistry
    uint256 public constant MAX_URI_LENGTH = type(uint16).max;
    /// @inheritdoc IAgentRegistry
    uint256 public constant MAX_MIN_STAKE = 10_000_000e18;
    /// @inheritdoc IAgentRegistry
    uint256 public constant MAX_CHALLENGE_WINDOW = 30 days;
    /// @inheritdoc IAgentRegistry
    uint256 public constant MAX_UNSTAKE_DELAY = 90 days;
    /// @inheritdoc IAgentRegistry
    bytes32 public constant AGENT_WALLET_SET_TYPEHASH = keccak256(
        "AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 nonce,uint256 deadline)"
    );

    string private constant AGENT_WALLET_KEY = "agentWallet";
    bytes32 private constant AGENT_WALLET_KEY_HASH = keccak256("agentWallet");
    /// @dev An agent's wallet word: zero until the wallet is first set or cleared, which reads as "the owner". Once
    /// written, WALLET_WRITTEN is set, the wallet is in the low 160 bits (zero when unset or cleared by a transfer),
    /// and the signature nonce in the top 64 bits.
    uint256 private constant WALLET_WRITTEN = 1 << 160;
    uint256 private constant NONCE_SHIFT = 192;
    /// @dev An agent URI is stored from a head slot: its first 30 bytes, left-aligned, over its length in the low 16
    /// bits; the following slots hold 32 bytes each. A 60-byte URI takes two slots (a storage string takes three).
    uint256 private constant URI_HEAD_BYTES = 30;
    uint256 private constant URI_LENGTH_MASK = 0xffff;

    IERC20 private immutable _token;
    IModelRegistry private immutable _models;
    address private immutable _treasury;

    uint256 private _agentCount;
    Parameters private _params;
    mapping(uint256 agentId => uint256 head) private _uris;
    mapping(uint256 agentId => uint256 word) private _wallets;
    mapping(uint256 agentId => mapping(string metadataKey => bytes metadataValue)) private _metadata;
    mapping(uint256 agentId => Served[]) private _served;
    mapping(uint256 agentId => mapping(uint256 modelId => uint256 position)) private _servedAt;
    mapping(uint256 agentId => Stake) private _stakes;
    mapping(uint256 agentId => Slash) private _slashes;

    constructor(
        IERC20 token_,
        IModelRegistry models_,
        address treasury_,
        address authority,
        uint256 initialMinStake,
        uint256 initialChallengeWindow,
        uint256 initialUnstakeDelay
    ) ERC721("OpenLedger Agent", "OLA") EIP712("OpenLedger Agent", "1") AccessManaged(authority) {
        if (
            address(token_) == address(0) ||
            address(models_) == address(0) ||
            treasury_ == address(0) ||
            authority == address(0)
        ) revert ZeroAddress();
        _token = token_;
        _models = models_;
        _treasury = treasury_;
        _setMinStake(initialMinStake);
        _checkDelays(initialChallengeWindow, initialUnstakeDelay);
        _params.challengeWindow = uint32(initialChallengeWindow);
        _params.unstakeDelay = uint32(initialUnstakeDelay);
        emit ChallengeWindowSet(initialChallengeWindow);
        emit UnstakeDelaySet(initialUnstakeDelay);
    }

    // ─── External view ───────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IAgentRegistry
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IAgentRegistry
    function modelRegistry() external view returns (address) {
        return address(_models);
    }

    /// @inheritdoc IAgentRegistry
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IAgentRegistry
    function agentCount() external view returns (uint256) {
        return _agentCount;
    }

    /// @inheritdoc IAgentRegistry
    function minStake() external view returns (uint256) {
        return _params.minStake;
    }

    /// @inheritdoc IAgentRegistry
    function challengeWindow() external view returns (uint256) {
        return _params.challengeWindow;
    }

    /// @inheritdoc IAgentRegistry
    function unstakeDelay() external view returns (uint256) {
        return _params.unstakeDelay;
    }

    /// @inheritdoc IAgentIdentity
    function getAgentWallet(uint256 agentId) external view returns (address) {
        return _walletOf(agentId, _requireAgent(agentId));
    }

    /// @inheritdoc IAgentIdentity
    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool) {
        return _isAuthorized(_requireAgent(agentId), spender, agentId);
    }

    /// @inheritdoc IAgentIdentity
    function canTakeJobs(uint256 agentId) external view returns (bool) {
        Stake memory s = _stakes[agentId];
        if (s.slashEndsAt != 0) return false;
        uint256 minimum = _params.minStake;
        if (s.staked < minimum) return false;
        // With a positive minimum, a stake proves the agent exists (only a registered agent can be staked).
        return minimum != 0 || _ownerOf(agentId) != address(0);
    }

    /// @inheritdoc IAgentRegistry
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory) {
        address owner = _requireAgent(agentId);
        if (keccak256(bytes(metadataKey)) != AGENT_WALLET_KEY_HASH) return _metadata[agentId][metadataKey];
        address wallet = _walletOf(agentId, owner);
        return wallet == address(0) ? bytes("") : abi.encodePacked(wallet);
    }

    /// @inheritdoc IAgentRegistry
    function agentWalletNonce(uint256 agentId) external view returns (uint256) {
        _requireAgent(agentId);
        return _wallets[agentId] >> NONCE_SHIFT;
    }

    /// @inheritdoc IAgentRegistry
    function servedModels(uint256 agentId) external view returns (ServedModel[] memory models) {
        _requireAgent(agentId);
        Served[] storage list = _served[agentId];
        models = new ServedModel[](list.length);
        for (uint256 i; i < models.length; ++i) {
            Served memory entry = list[i];
            models[i] = ServedModel(entry.modelId, _confirmed(entry));
        }
    }

    /// @inheritdoc IAgentRegistry
    function servesModel(uint256 agentId, uint256 modelId) external view returns (bool declared, bool confirmed) {
        _requireAgent(agentId);
        uint256 position = _servedAt[agentId][modelId];
        if (position == 0) return (false, false);
        return (true, _confirmed(_served[agentId][position - 1]));
    }

    /// @inheritdoc IAgentRegistry
    function stakeOf(uint256 agentId) external view returns (uint256 staked, uint256 unlocking, uint256 unlockAt) {
        _requireAgent(agentId);
        Stake memory s = _stakes[agentId];
        return (s.staked, s.unlocking, s.unlockAt);
    }

    /// @inheritdoc IAgentRegistry
    function pendingSlash(uint256 agentId) external view returns (uint256 amount, uint256 endsAt, bool answered) {
        _requireAgent(agentId);
        Slash memory slash = _slashes[agentId];
        return (slash.amount, _stakes[agentId].slashEndsAt, slash.answered);
    }

    /// @notice The owner of `agentId`. Reverts with UnknownAgent for an agent that was never registered.
    function ownerOf(uint256 agentId) public view override(ERC721, IAgentIdentity) returns (address) {
        return _requireAgent(agentId);
    }

    /// @notice The agent URI of `agentId` (ERC-8004's agentURI): it resolves to the agent's registration file.
    function tokenURI(uint256 agentId) public view override returns (string memory) {
        _requireAgent(agentId);
        return _readURI(agentId);
    }

    // ─── External state-changing: identity (ERC-8004) ────────────────────────────────────────────────────────────

    /// @inheritdoc IAgentRegistry
    function register() external returns (uint256 agentId) {
        agentId = _mintAgent();
        emit Registered(agentId, "", msg.sender);
    }

    /// @inheritdoc IAgentRegistry
    function register(string calldata agentURI) external returns (uint256 agentId) {
        // Check: the URI fits (in _writeURI, before anything is written).
        agentId = _mintAgent();
        _writeURI(agentId, agentURI);
        emit Registered(agentId, agentURI, msg.sender);
    }

    /// @inheritdoc IAgentRegistry
    function register(string calldata agentURI, MetadataEntry[] calldata metadata) external returns (uint256 agentId) {
        // Check: no entry uses the reserved key.
        for (uint256 i; i < metadata.length; ++i) _checkKey(metadata[i].metadataKey);
        // Effect:
        agentId = _mintAgent();
        _writeURI(agentId, agentURI);
        for (uint256 i; i < metadata.length; ++i) {
            _metadata[agentId][metadata[i].metadataKey] = metadata[i].metadataValue;
            emit MetadataSet(agentId, metadata[i].metadataKey, metadata[i].metadataKey, metadata[i].metadataValue);
        }
        emit Registered(agentId, agentURI, msg.sender);
    }

    /// @inheritdoc IAgentRegistry
    function setAgentURI(uint256 agentId, string calldata newURI) external {
        _checkOperator(agentId);
        _writeURI(agentId, newURI);
        emit URIUpdated(agentId, newURI, msg.sender);
    }

    /// @inheritdoc IAgentRegistry
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external {
        _checkOperator(agentId);
        _checkKey(metadataKey);
        _metadata[agentId][metadataKey] = metadataValue;
        emit MetadataSet(agentId, metadataKey, metadataKey, metadataValue);
    }

    /// @inheritdoc IAgentRegistry
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature) external {
        // Check: the caller, the wallet, the deadline and the wallet's signature over the message with the current
        // nonce. For a contract wallet, the check is an ERC-1271 static call: it cannot change any state.
        address owner = _checkOperator(agentId);
        if (newWallet == address(0)) revert ZeroAddress();
        if (block.timestamp > deadline) revert AgentWalletSignatureExpired(deadline, block.timestamp);
        uint256 nonce = _wallets[agentId] >> NONCE_SHIFT;
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(AGENT_WALLET_SET_TYPEHASH, agentId, newWallet, owner, nonce, deadline))
        );
        if (!SignatureChecker.isValidSignatureNowCalldata(newWallet, digest, signature)) {
            revert InvalidAgentWalletSignature(agentId, newWallet, nonce);
        }
        // Effect: the nonce moves on, so that the signature serves once. It cannot overflow 64 bits in practice: each
        // step costs a transaction.
        _wallets[agentId] = ((nonce + 1) << NONCE_SHIFT) | WALLET_WRITTEN | uint160(newWallet);
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, abi.encodePacked(newWallet));
    }

    /// @inheritdoc IAgentRegistry
    function unsetAgentWallet(uint256 agentId) external {
        _checkOperator(agentId);
        _clearWallet(agentId);
    }

    // ─── External state-changing: served models ──────────────────────────────────────────────────────────────────

    /// @inheritdoc IAgentRegistry
    function declareModels(uint256 agentId, uint256[] calldata modelIds) external {
        // Check: the caller and the count; each model below.
        _checkOperator(agentId);
        uint256 n = modelIds.length;
        if (n == 0) revert EmptyBatch();
        Served[] storage list = _served[agentId];
        uint256 count = list.length + n;
        if (count > MAX_SERVED_MODELS) revert TooManyServedModels(count, MAX_SERVED_MODELS);
        // Models are never burnt, and ids run from 1 to the count: one call checks that each exists.
        uint256 modelCount = _models.modelCount();
        for (uint256 i; i < n; ++i) {
            uint256 modelId = modelIds[i];
            // Check: it exists, and is not declared (a duplicate in the list is declared by its first occurrence).
            if (modelId == 0 || modelId > modelCount) revert IModelRegistry.UnknownModel(modelId);
            if (_servedAt[agentId][modelId] != 0) revert ModelAlreadyDeclared(agentId, modelId);
            // Effect: the ModelRegistry refuses ids beyond 32 bits, so the cast keeps the id.
            list.push(Served(uint32(modelId), address(0)));
            _servedAt[agentId][modelId] = list.length;
            emit ModelDeclared(agentId, modelId);
        }
    }

    /// @inheritdoc IAgentRegistry
    function undeclareModel(uint256 agentId, uint256 modelId) external {
        _checkOperator(agentId);
        uint256 position = _declared(agentId, modelId);
        // Effect: the last entry takes the place of the removed one.
        Served[] storage list = _served[agentId];
        uint256 last = list.length;
        if (position != last) {
            Served memory moved = list[last - 1];
            list[position - 1] = moved;
            _servedAt[agentId][moved.modelId] = position;
        }
        list.pop();
        delete _servedAt[agentId][modelId];
        emit ModelUndeclared(agentId, modelId);
    }

    /// @inheritdoc IAgentRegistry
    function confirmModel(uint256 agentId, uint256 modelId) external {
        // Check: a declared model (so it exists), whose owner calls, and who did not confirm it yet.
        _requireAgent(agentId);
        Served storage entry = _served[agentId][_declared(agentId, modelId) - 1];
        _checkModelOwner(modelId);
        if (entry.confirmedBy == msg.sender) revert ModelAlreadyConfirmed(agentId, modelId);
        // Effect:
        entry.confirmedBy = msg.sender;
        emit ModelConfirmed(agentId, modelId, msg.sender);
    }

    /// @inheritdoc IAgentRegistry
    function unconfirmModel(uint256 agentId, uint256 modelId) external {
        // Check: a declared model, whose owner calls, having confirmed it.
        _requireAgent(agentId);
        Served storage entry = _served[agentId][_declared(agentId, modelId) - 1];
        _checkModelOwner(modelId);
        if (entry.confirmedBy != msg.sender) revert ModelNotConfirmed(agentId, modelId);
        // Effect:
        entry.confirmedBy = address(0);
        emit ModelUnconfirmed(agentId, modelId, msg.sender);
    }

    // ─── External state-changing: operator stake ─────────────────────────────────────────────────────────────────

    /// @inheritdoc IAgentRegistry
    function stake(uint256 agentId, uint256 amount) external {
        // Check:
        _requireAgent(agentId);
        if (amount == 0) revert ZeroStakeAmount();
        Stake storage s = _stakes[agentId];
        uint256 room = type(uint96).max - (uint256(s.staked) + s.unlocking);
        if (amount > room) revert StakeTooLarge(amount, room);
        // Effect: staked + unlocking fits 96 bits.
        uint256 staked = s.staked + amount;
        s.staked = uint96(staked);
        emit Staked(agentId, msg.sender, amount, staked);
        // Interaction:
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IAgentRegistry
    function requestUnstake(uint256 agentId, uint256 amount) external {
        // Check:
        _checkOwner(agentId);
        if (amount == 0) revert ZeroStakeAmount();
        Stake storage s = _stakes[agentId];
        uint256 staked = s.staked;
        if (amount > staked) revert InsufficientStake(agentId, amount, staked);
        // Effect: amount <= staked, and staked + unlocking fits 96 bits, so neither field overflows.
        uint256 unlocking = s.unlocking + amount;
        uint256 unlockAt = block.timestamp + _params.unstakeDelay;
        s.staked = uint96(staked - amount);
        s.unlocking = uint96(unlocking);
        s.unlockAt = uint32(unlockAt);
        emit UnstakeRequested(agentId, amount, unlocking, unlockAt);
    }

    /// @inheritdoc IAgentRegistry
    function unstake(uint256 agentId, address to) external {
        // Check:
        _checkOwner(agentId);
        if (to == address(0)) revert ZeroAddress();
        Stake storage s = _stakes[agentId];
        if (s.slashEndsAt != 0) revert SlashPending(agentId);
        uint256 amount = s.unlocking;
        if (amount == 0) revert NothingUnlocking(agentId);
        if (block.timestamp < s.unlockAt) revert UnstakeNotReady(agentId, s.unlockAt);
        // Effect:
        s.unlocking = 0;
        s.unlockAt = 0;
        emit Unstaked(agentId, to, amount);
        // Interaction:
        _token.safeTransfer(to, amount);
    }

    /// @inheritdoc IAgentRegistry
    function answerSlash(uint256 agentId, string calldata answerURI) external {
        // Check:
        _checkOwner(agentId);
        uint256 endsAt = _pending(agentId);
        if (block.timestamp >= endsAt) revert ChallengeWindowClosed(agentId, endsAt);
        if (bytes(answerURI).length == 0) revert EmptyURI();
        Slash storage slash = _slashes[agentId];
        if (slash.answered) revert SlashAlreadyAnswered(agentId);
        // Effect:
        slash.answered = true;
        emit SlashAnswered(agentId, answerURI);
    }

    /// @inheritdoc IAgentRegistry
    function proposeSlash(uint256 agentId, uint256 amount, string calldata reasonURI) external restricted {
        // Check:
        _requireAgent(agentId);
        if (amount == 0) revert ZeroSlashAmount();
        if (bytes(reasonURI).length == 0) revert EmptyURI();
        Stake storage s = _stakes[agentId];
        if (s.slashEndsAt != 0) revert SlashPending(agentId);
        // Effect: an amount above what the agent holds is capped at execution; one beyond 96 bits is capped here.
        uint256 endsAt = block.timestamp + _params.challengeWindow;
        s.slashEndsAt = uint32(endsAt);
        _slashes[agentId] = Slash(uint96(amount > type(uint96).max ? type(uint96).max : amount), false);
        emit SlashProposed(agentId, amount, endsAt, reasonURI);
    }

    /// @inheritdoc IAgentRegistry
    function executeSlash(uint256 agentId) external restricted {
        // Check:
        uint256 endsAt = _pending(agentId);
        if (block.timestamp < endsAt) revert ChallengeWindowOpen(agentId, endsAt);
        // Effect: what is unlocking goes first, then what is staked.
        Stake storage s = _stakes[agentId];
        uint256 unlocking = s.unlocking;
        uint256 staked = s.staked;
        uint256 amount = _slashes[agentId].amount;
        if (amount > unlocking + staked) amount = unlocking + staked;
        uint256 fromUnlocking = amount < unlocking ? amount : unlocking;
        s.unlocking = uint96(unlocking - fromUnlocking);
        s.staked = uint96(staked - (amount - fromUnlocking));
        if (fromUnlocking == unlocking) s.unlockAt = 0;
        s.slashEndsAt = 0;
        delete _slashes[agentId];
        emit SlashExecuted(agentId, amount);
        // Interaction:
        if (amount != 0) _token.safeTransfer(_treasury, amount);
    }

    /// @inheritdoc IAgentRegistry
    function cancelSlash(uint256 agentId) external restricted {
        _pending(agentId);
        _stakes[agentId].slashEndsAt = 0;
        delete _slashes[agentId];
        emit SlashCancelled(agentId);
    }

    /// @inheritdoc IAgentRegistry
    function setMinStake(uint256 newMinStake) external restricted {
        _setMinStake(newMinStake);
    }

    /// @inheritdoc IAgentRegistry
    function setChallengeWindow(uint256 newChallengeWindow) external restricted {
        _checkDelays(newChallengeWindow, _params.unstakeDelay);
        _params.challengeWindow = uint32(newChallengeWindow);
        emit ChallengeWindowSet(newChallengeWindow);
    }

    /// @inheritdoc IAgentRegistry
    function setUnstakeDelay(uint256 newUnstakeDelay) external restricted {
        _checkDelays(_params.challengeWindow, newUnstakeDelay);
        _params.unstakeDelay = uint32(newUnstakeDelay);
        emit UnstakeDelaySet(newUnstakeDelay);
    }

    // ─── Internal ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev The one hook of every mint and transfer: a transfer clears the wallet, which the new owner must verify
    /// again (ERC-8004). A mint leaves the wallet word at zero, which reads as the owner.
    function _update(address to, uint256 agentId, address auth) internal override returns (address from) {
        from = super._update(to, agentId, auth);
        if (from != address(0) && to != address(0)) _clearWallet(agentId);
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Mints the next agent to the caller, with `_mint` (no receiver hook, so registration cannot be re-entered),
    /// and announces its wallet: the owner, stored as nothing.
    function _mintAgent() private returns (uint256 agentId) {
        agentId = ++_agentCount;
        _mint(msg.sender, agentId);
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, abi.encodePacked(msg.sender));
    }

    /// @dev The owner of `agentId`; reverts for an agent that was never registered (agents are never burnt).
    function _requireAgent(uint256 agentId) private view returns (address owner) {
        owner = _ownerOf(agentId);
        if (owner == address(0)) revert UnknownAgent(agentId);
    }

    function _checkOperator(uint256 agentId) private view returns (address owner) {
        owner = _requireAgent(agentId);
        if (!_isAuthorized(owner, msg.sender, agentId)) revert NotAgentOperator(agentId, msg.sender);
    }

    function _checkOwner(uint256 agentId) private view {
        if (_requireAgent(agentId) != msg.sender) revert NotAgentOwner(agentId, msg.sender);
    }

    function _checkKey(string calldata metadataKey) private pure {
        if (keccak256(bytes(metadataKey)) == AGENT_WALLET_KEY_HASH) revert ReservedMetadataKey(metadataKey);
    }

    function _checkModelOwner(uint256 modelId) private view {
        if (IERC721(address(_models)).ownerOf(modelId) != msg.sender) revert NotModelOwner(modelId, msg.sender);
    }

    /// @dev The position (index + 1) of `modelId` in the served list of `agentId`; reverts when it is not there.
    function _declared(uint256 agentId, uint256 modelId) private view returns (uint256 position) {
        position = _servedAt[agentId][modelId];
        if (position == 0) revert ModelNotDeclared(agentId, modelId);
    }

    /// @dev Whether the account that confirmed `entry` still owns its model.
    function _confirmed(Served memory entry) private view returns (bool) {
        return entry.confirmedBy != address(0) && IERC721(address(_models)).ownerOf(entry.modelId) == entry.confirmedBy;
    }

    /// @dev When the challenge window of the pending slash of `agentId` ends; reverts when none is pending.
    function _pending(uint256 agentId) private view returns (uint256 endsAt) {
        endsAt = _stakes[agentId].slashEndsAt;
        if (endsAt == 0) revert NoSlashPending(agentId);
    }

    function _walletOf(uint256 agentId, address owner) private view returns (address) {
        uint256 word = _wallets[agentId];
        return word & WALLET_WRITTEN == 0 ? owner : address(uint160(word));
    }

    /// @dev Clears the wallet, keeping the nonce, and announces it unless it was already cleared.
    function _clearWallet(uint256 agentId) private {
        uint256 word = _wallets[agentId];
        if (word & WALLET_WRITTEN != 0 && uint160(word) == 0) return;
        _wallets[agentId] = ((word >> NONCE_SHIFT) << NONCE_SHIFT) | WALLET_WRITTEN;
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, "");
    }

    function _setMinStake(uint256 value) private {
        if (value > MAX_MIN_STAKE) revert ParameterOutOfBounds(value, MAX_MIN_STAKE);
        _params.minStake = uint96(value);
        emit MinStakeSet(value);
    }

    function _checkDelays(uint256 window, uint256 delay) private pure {
        if (window > MAX_CHALLENGE_WINDOW) revert ParameterOutOfBounds(window, MAX_CHALLENGE_WINDOW);
        if (delay > MAX_UNSTAKE_DELAY) revert ParameterOutOfBounds(delay, MAX_UNSTAKE_DELAY);
        if (delay < window) revert UnstakeDelayBelowChallengeWindow(delay, window);
    }

    /// @dev The head slot of the URI of `agentId`; the URI's other slots follow it.
    function _uriSlot(uint256 agentId) private view returns (uint256 slot) {
        mapping(uint256 => uint256) storage uris = _uris;
        assembly ("memory-safe") {
            mstore(0x00, agentId)
            mstore(0x20, uris.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @dev Stores `uri` from its head slot (see URI_HEAD_BYTES). A shorter URI leaves the slots it no longer needs as
    /// they were: its length says where it ends.
    function _writeURI(uint256 agentId, string calldata uri) private {
        uint256 length = bytes(uri).length;
        if (length > MAX_URI_LENGTH) revert URITooLong(length, MAX_URI_LENGTH);
        uint256 slot = _uriSlot(agentId);
        assembly ("memory-safe") {
            let offset := uri.offset
            // The head keeps the first bytes only (at most 30): what follows them in calldata is not the URI's.
            let kept := length
            if gt(kept, URI_HEAD_BYTES) {
                kept := URI_HEAD_BYTES
            }
            let mask := not(shr(mul(kept, 8), not(0)))
            sstore(slot, or(and(calldataload(offset), mask), length))
            // The rest, 32 bytes a slot. The last slot may hold bytes past the end: reads drop them.
            for {
                let i := URI_HEAD_BYTES
                let k := 1
            } lt(i, length) {
                i := add(i, 32)
                k := add(k, 1)
            } {
                sstore(add(slot, k), calldataload(add(offset, i)))
            }
        }
    }

    /// @dev Reads back what `_writeURI` stored.
    function _readURI(uint256 agentId) private view returns (string memory uri) {
        uint256 slot = _uriSlot(agentId);
        assembly ("memory-safe") {
            let head := sload(slot)
            let length := and(head, URI_LENGTH_MASK)
            uri := mload(0x40)
            mstore(uri, length)
            let data := add(uri, 0x20)
            // The head's two length bytes land at data + 30: the next slot overwrites them, or the zeroing below does.
            mstore(data, head)
            for {
                let i := URI_HEAD_BYTES
                let k := 1
            } lt(i, length) {
                i := add(i, 32)
                k := add(k, 1)
            } {
                mstore(add(data, i), sload(add(slot, k)))
            }
            // Zero what follows the URI up to the end of its last word, and allocate the words written.
            mstore(add(data, length), 0)
            mstore(0x40, add(data, and(add(length, 63), not(31))))
        }
    }
}
