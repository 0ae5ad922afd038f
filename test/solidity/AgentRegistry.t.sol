// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAccessManaged } from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IERC721 } from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import { IERC721Errors } from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import { AgentRegistry } from "../../contracts/agents/AgentRegistry.sol";
import { IAgentIdentity } from "../../contracts/interfaces/IAgentIdentity.sol";
import { IAgentRegistry } from "../../contracts/interfaces/IAgentRegistry.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { ERC1271WalletMock } from "./mocks/ERC1271WalletMock.sol";
import { MintableTokenMock } from "./mocks/MintableTokenMock.sol";
import { AgentBase } from "./utils/AgentBase.sol";

/// @notice The log cheatcodes, which the shared Vm interface does not declare.
interface VmLogs {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function recordLogs() external;

    function getRecordedLogs() external returns (Log[] memory);
}

/// @notice The AgentRegistry, feature by feature: ERC-8004 identity (registration, agent URI, metadata, the verified
/// wallet and its clearing on transfer), the models an agent serves and their owners' confirmations, and the operator
/// stake with governance's slash. Every revert is checked with its values, every event with its fields.
contract AgentRegistryTest is AgentBase {
    VmLogs private constant vmLogs = VmLogs(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    address private constant OWNER = address(0x0A11);
    address private constant OPERATOR = address(0x0BE7);
    address private constant BUYER = address(0xB0B);
    address private constant STRANGER = address(0x5757);
    address private constant STAKER = address(0x57A4);
    address private constant BUILDER = address(0xB11D);
    address private constant OTHER_BUILDER = address(0xB22D);
    uint256 private constant WALLET_KEY = 0xA11E7;
    uint256 private constant START = 1_700_000_000;
    /// @dev 60 bytes, as the gas budget of `agent.register` assumes.
    string private constant URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy5";
    string private constant WALLET_KEY_NAME = "agentWallet";

    address private wallet;
    uint256 private datanetId;
    uint256 private modelA;
    uint256 private modelB;

    function setUp() public {
        _deployAgents();
        vm.warp(START);
        wallet = vm.addr(WALLET_KEY);
        datanetId = datanets.createDatanet("ipfs://datanet", false, 0, address(this));
        _publishDatanetVersion(datanetId);
        modelA = _registerModel(BUILDER, 0, datanetId, 1e18, 5000);
        modelB = _registerModel(OTHER_BUILDER, 0, datanetId, 1e18, 5000);
        address[2] memory payers = [OWNER, STAKER];
        for (uint256 i; i < payers.length; ++i) {
            _fund(payers[i], 1_000_000e18);
            vm.prank(payers[i]);
            open.approve(address(agents), type(uint256).max);
        }
    }

    // ─── Deployment ──────────────────────────────────────────────────────────────────────────────────────────────

    function test_constructor_setsEverything() public view {
        assertEq(agents.token(), address(open), "token");
        assertEq(agents.modelRegistry(), address(models), "models");
        assertEq(agents.treasury(), TREASURY, "treasury");
        assertEq(agents.authority(), address(manager), "authority");
        assertEq(agents.minStake(), AGENT_MIN_STAKE, "min stake");
        assertEq(agents.challengeWindow(), AGENT_CHALLENGE_WINDOW, "window");
        assertEq(agents.unstakeDelay(), AGENT_UNSTAKE_DELAY, "delay");
        assertEq(agents.agentCount(), 0, "no agent");
        assertEq(keccak256(bytes(agents.name())), keccak256("OpenLedger Agent"), "name");
        assertEq(keccak256(bytes(agents.symbol())), keccak256("OLA"), "symbol");
        assertEq(agents.MAX_SERVED_MODELS(), 32, "max served");
        assertEq(agents.MAX_URI_LENGTH(), 65_535, "max uri");
        assertEq(
            agents.AGENT_WALLET_SET_TYPEHASH(),
            keccak256("AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 nonce,uint256 deadline)"),
            "typehash"
        );
        assertTrue(agents.supportsInterface(type(IERC721).interfaceId), "ERC-721");
    }

    function test_RevertWhen_constructor_zeroAddress() public {
        for (uint256 i; i < 4; ++i) {
            address[4] memory a = [address(open), address(models), TREASURY, address(manager)];
            a[i] = address(0);
            vm.expectRevert(abi.encodeWithSelector(IErrors.ZeroAddress.selector));
            new AgentRegistry(IERC20(a[0]), IModelRegistry(a[1]), a[2], a[3], 0, 0, 0);
        }
    }

    function test_RevertWhen_constructor_parameterOutOfBounds() public {
        uint256 maxMin = agents.MAX_MIN_STAKE();
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, maxMin + 1, maxMin));
        _newRegistry(maxMin + 1, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 30 days + 1, 30 days));
        _newRegistry(0, 30 days + 1, 90 days);
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 90 days + 1, 90 days));
        _newRegistry(0, 0, 90 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.UnstakeDelayBelowChallengeWindow.selector, 1, 2));
        _newRegistry(0, 2, 1);
    }

    // ─── register ────────────────────────────────────────────────────────────────────────────────────────────────

    function test_register_withoutURI_emitsTransferWalletAndRegistered() public {
        vm.expectEmit(address(agents));
        emit IERC721.Transfer(address(0), OWNER, 1);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(1, WALLET_KEY_NAME, WALLET_KEY_NAME, abi.encodePacked(OWNER));
        vm.expectEmit(address(agents));
        emit IAgentRegistry.Registered(1, "", OWNER);
        vm.prank(OWNER);
        uint256 agentId = agents.register();

        assertEq(agentId, 1, "first id");
        assertEq(agents.agentCount(), 1, "count");
        assertEq(agents.ownerOf(agentId), OWNER, "owner");
        assertEq(bytes(agents.tokenURI(agentId)).length, 0, "no URI");
        assertEq(agents.getAgentWallet(agentId), OWNER, "wallet is the owner");
        assertEq(keccak256(agents.getMetadata(agentId, WALLET_KEY_NAME)), keccak256(abi.encodePacked(OWNER)), "meta");
    }

    function test_register_withURI_storesTheExactURI() public {
        assertEq(bytes(URI).length, 60, "a 60-byte URI");
        vm.expectEmit(address(agents));
        emit IERC721.Transfer(address(0), OWNER, 1);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(1, WALLET_KEY_NAME, WALLET_KEY_NAME, abi.encodePacked(OWNER));
        vm.expectEmit(address(agents));
        emit IAgentRegistry.Registered(1, URI, OWNER);
        vm.prank(OWNER);
        uint256 agentId = agents.register(URI);

        assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256(bytes(URI)), "URI");
        vm.prank(OWNER);
        assertEq(agents.register(URI), 2, "ids run on");
        assertEq(agents.balanceOf(OWNER), 2, "two agents");
    }

    function test_register_withMetadata_storesAndEmitsEachEntry() public {
        IAgentRegistry.MetadataEntry[] memory metadata = new IAgentRegistry.MetadataEntry[](2);
        metadata[0] = IAgentRegistry.MetadataEntry("agentName", bytes("Ada"));
        metadata[1] = IAgentRegistry.MetadataEntry("endpoint", bytes("https://ada.example"));
        vm.expectEmit(address(agents));
        emit IERC721.Transfer(address(0), OWNER, 1);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(1, WALLET_KEY_NAME, WALLET_KEY_NAME, abi.encodePacked(OWNER));
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(1, "agentName", "agentName", bytes("Ada"));
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(1, "endpoint", "endpoint", bytes("https://ada.example"));
        vm.expectEmit(address(agents));
        emit IAgentRegistry.Registered(1, URI, OWNER);
        vm.prank(OWNER);
        uint256 agentId = agents.register(URI, metadata);

        assertEq(keccak256(agents.getMetadata(agentId, "agentName")), keccak256("Ada"), "name");
        assertEq(keccak256(agents.getMetadata(agentId, "endpoint")), keccak256("https://ada.example"), "endpoint");
        assertEq(agents.getMetadata(agentId, "unset").length, 0, "unset key");
        assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256(bytes(URI)), "URI");
    }

    function test_RevertWhen_register_metadataUsesTheReservedKey() public {
        IAgentRegistry.MetadataEntry[] memory metadata = new IAgentRegistry.MetadataEntry[](2);
        metadata[0] = IAgentRegistry.MetadataEntry("agentName", bytes("Ada"));
        metadata[1] = IAgentRegistry.MetadataEntry(WALLET_KEY_NAME, abi.encodePacked(STRANGER));
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ReservedMetadataKey.selector, WALLET_KEY_NAME));
        vm.prank(OWNER);
        agents.register(URI, metadata);
        assertEq(agents.agentCount(), 0, "nothing registered");
    }

    function test_RevertWhen_register_URITooLong() public {
        string memory long = string(new bytes(65_536));
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.URITooLong.selector, 65_536, 65_535));
        vm.prank(OWNER);
        agents.register(long);
    }

    function test_register_longestURI() public {
        bytes memory longest = new bytes(65_535);
        longest[0] = "x";
        longest[65_534] = "y";
        vm.prank(OWNER);
        uint256 agentId = agents.register(string(longest));
        assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256(longest), "URI");
    }

    // ─── Agent URI ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Any URI reads back exactly, whatever its length, after whatever URI it replaces.
    function testFuzz_setAgentURI_readsBackExactly(bytes memory first, bytes memory second) public {
        vm.prank(OWNER);
        uint256 agentId = agents.register(string(first));
        assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256(first), "first");

        vm.expectEmit(address(agents));
        emit IAgentRegistry.URIUpdated(agentId, string(second), OWNER);
        vm.prank(OWNER);
        agents.setAgentURI(agentId, string(second));
        assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256(second), "second");
    }

    /// @notice Each length around the slot boundaries of the packed URI, written over a longer one.
    function test_setAgentURI_boundaryLengths() public {
        vm.prank(OWNER);
        uint256 agentId = agents.register(string(_bytes(200, 0x41)));
        uint256[10] memory lengths = [uint256(0), 1, 29, 30, 31, 32, 61, 62, 63, 94];
        for (uint256 i; i < lengths.length; ++i) {
            bytes memory uri = _bytes(lengths[i], 0x61);
            vm.prank(OWNER);
            agents.setAgentURI(agentId, string(uri));
            assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256(uri), "URI");
        }
    }

    function test_setAgentURI_byApprovedOperators() public {
        uint256 agentId = _register(OWNER);
        vm.prank(OWNER);
        agents.approve(OPERATOR, agentId);
        vm.prank(OPERATOR);
        agents.setAgentURI(agentId, "ipfs://by-approved");
        assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256("ipfs://by-approved"), "approved");

        vm.prank(OWNER);
        agents.setApprovalForAll(STRANGER, true);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.URIUpdated(agentId, "ipfs://by-operator", STRANGER);
        vm.prank(STRANGER);
        agents.setAgentURI(agentId, "ipfs://by-operator");
        assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256("ipfs://by-operator"), "operator");
    }

    function test_RevertWhen_setAgentURI_notOwnerOrOperator() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOperator.selector, agentId, STRANGER));
        vm.prank(STRANGER);
        agents.setAgentURI(agentId, "ipfs://mine");
        assertEq(keccak256(bytes(agents.tokenURI(agentId))), keccak256(bytes(URI)), "unchanged");
    }

    function test_RevertWhen_setAgentURI_URITooLong() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.URITooLong.selector, 65_536, 65_535));
        vm.prank(OWNER);
        agents.setAgentURI(agentId, string(new bytes(65_536)));
    }

    function test_RevertWhen_unknownAgent() public {
        bytes memory unknown = abi.encodeWithSelector(IAgentIdentity.UnknownAgent.selector, 7);
        vm.expectRevert(unknown);
        agents.setAgentURI(7, "ipfs://x");
        vm.expectRevert(unknown);
        agents.ownerOf(7);
        vm.expectRevert(unknown);
        agents.tokenURI(7);
        vm.expectRevert(unknown);
        agents.getAgentWallet(7);
        vm.expectRevert(unknown);
        agents.getMetadata(7, "agentName");
        vm.expectRevert(unknown);
        agents.agentWalletNonce(7);
        vm.expectRevert(unknown);
        agents.isAuthorizedOrOwner(OWNER, 7);
        vm.expectRevert(unknown);
        agents.servedModels(7);
        vm.expectRevert(unknown);
        agents.servesModel(7, modelA);
        vm.expectRevert(unknown);
        agents.stakeOf(7);
        vm.expectRevert(unknown);
        agents.pendingSlash(7);
        vm.expectRevert(unknown);
        vm.prank(STAKER);
        agents.stake(7, 1e18);
        vm.expectRevert(unknown);
        agents.proposeSlash(7, 1e18, "ipfs://reason");
        vm.expectRevert(unknown);
        vm.prank(BUILDER);
        agents.confirmModel(7, modelA);
        assertTrue(!agents.canTakeJobs(7), "an unknown agent takes no job");
    }

    // ─── Metadata ────────────────────────────────────────────────────────────────────────────────────────────────

    function test_setMetadata_storesAndEmits() public {
        uint256 agentId = _register(OWNER);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(agentId, "agentName", "agentName", bytes("Ada"));
        vm.prank(OWNER);
        agents.setMetadata(agentId, "agentName", "Ada");
        assertEq(keccak256(agents.getMetadata(agentId, "agentName")), keccak256("Ada"), "set");

        vm.prank(OWNER);
        agents.approve(OPERATOR, agentId);
        vm.prank(OPERATOR);
        agents.setMetadata(agentId, "agentName", "");
        assertEq(agents.getMetadata(agentId, "agentName").length, 0, "cleared by the approved account");
    }

    function test_RevertWhen_setMetadata_reservedKey() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ReservedMetadataKey.selector, WALLET_KEY_NAME));
        vm.prank(OWNER);
        agents.setMetadata(agentId, WALLET_KEY_NAME, abi.encodePacked(STRANGER));
        assertEq(agents.getAgentWallet(agentId), OWNER, "wallet unchanged");
    }

    function test_RevertWhen_setMetadata_notOwnerOrOperator() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOperator.selector, agentId, STRANGER));
        vm.prank(STRANGER);
        agents.setMetadata(agentId, "agentName", "Mallory");
    }

    // ─── Agent wallet ────────────────────────────────────────────────────────────────────────────────────────────

    function test_setAgentWallet_withAnAccountSignature() public {
        uint256 agentId = _register(OWNER);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _walletSignature(WALLET_KEY, agentId, wallet, OWNER, 0, deadline);

        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(agentId, WALLET_KEY_NAME, WALLET_KEY_NAME, abi.encodePacked(wallet));
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, wallet, deadline, signature);

        assertEq(agents.getAgentWallet(agentId), wallet, "wallet");
        assertEq(keccak256(agents.getMetadata(agentId, WALLET_KEY_NAME)), keccak256(abi.encodePacked(wallet)), "meta");
        assertEq(agents.agentWalletNonce(agentId), 1, "nonce moved on");
    }

    function test_setAgentWallet_byAnOperatorAtTheDeadline() public {
        uint256 agentId = _register(OWNER);
        vm.prank(OWNER);
        agents.setApprovalForAll(OPERATOR, true);
        uint256 deadline = block.timestamp;
        bytes memory signature = _walletSignature(WALLET_KEY, agentId, wallet, OWNER, 0, deadline);
        vm.prank(OPERATOR);
        agents.setAgentWallet(agentId, wallet, deadline, signature);
        assertEq(agents.getAgentWallet(agentId), wallet, "wallet");
    }

    function test_setAgentWallet_withAContractWalletSignature() public {
        uint256 agentId = _register(OWNER);
        ERC1271WalletMock account = new ERC1271WalletMock(wallet);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _walletSignature(WALLET_KEY, agentId, address(account), OWNER, 0, deadline);
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, address(account), deadline, signature);
        assertEq(agents.getAgentWallet(agentId), address(account), "contract wallet");

        // A signature the contract does not accept (its key signed for the key's own address) is refused.
        bytes memory wrong = _walletSignature(WALLET_KEY, agentId, wallet, OWNER, 1, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.InvalidAgentWalletSignature.selector, agentId, address(account), 1)
        );
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, address(account), deadline, wrong);
    }

    function test_RevertWhen_setAgentWallet_signatureReplayed() public {
        uint256 agentId = _register(OWNER);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _walletSignature(WALLET_KEY, agentId, wallet, OWNER, 0, deadline);
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, wallet, deadline, signature);
        vm.prank(OWNER);
        agents.unsetAgentWallet(agentId);

        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.InvalidAgentWalletSignature.selector, agentId, wallet, 1)
        );
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, wallet, deadline, signature);
        assertEq(agents.getAgentWallet(agentId), address(0), "still unset");
    }

    function test_RevertWhen_setAgentWallet_signatureExpired() public {
        uint256 agentId = _register(OWNER);
        uint256 deadline = block.timestamp - 1;
        bytes memory signature = _walletSignature(WALLET_KEY, agentId, wallet, OWNER, 0, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentWalletSignatureExpired.selector, deadline, block.timestamp)
        );
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, wallet, deadline, signature);
    }

    function test_RevertWhen_setAgentWallet_notSignedByTheNewWallet() public {
        uint256 agentId = _register(OWNER);
        uint256 deadline = block.timestamp + 1 hours;
        // Signed by another key, for the wallet.
        bytes memory signature = _walletSignature(0xBAD, agentId, wallet, OWNER, 0, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.InvalidAgentWalletSignature.selector, agentId, wallet, 0)
        );
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, wallet, deadline, signature);
        // Signed by the wallet, but for another agent, owner or deadline.
        uint256 other = _register(OWNER);
        bytes[3] memory wrong = [
            _walletSignature(WALLET_KEY, other, wallet, OWNER, 0, deadline),
            _walletSignature(WALLET_KEY, agentId, wallet, STRANGER, 0, deadline),
            _walletSignature(WALLET_KEY, agentId, wallet, OWNER, 0, deadline + 1)
        ];
        for (uint256 i; i < wrong.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IAgentRegistry.InvalidAgentWalletSignature.selector, agentId, wallet, 0)
            );
            vm.prank(OWNER);
            agents.setAgentWallet(agentId, wallet, deadline, wrong[i]);
        }
        // Garbage.
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.InvalidAgentWalletSignature.selector, agentId, wallet, 0)
        );
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, wallet, deadline, hex"1234");
    }

    /// @notice The signature is bound to this chain and this contract (EIP-712 domain).
    function test_RevertWhen_setAgentWallet_signedForAnotherChainOrContract() public {
        uint256 agentId = _register(OWNER);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(agents.AGENT_WALLET_SET_TYPEHASH(), agentId, wallet, OWNER, 0, deadline)
        );
        bytes memory otherChain = _sign(WALLET_KEY, _digest(block.chainid + 1, address(agents), structHash));
        bytes memory otherContract = _sign(WALLET_KEY, _digest(block.chainid, STRANGER, structHash));
        bytes memory here = _sign(WALLET_KEY, _digest(block.chainid, address(agents), structHash));
        bytes[2] memory wrong = [otherChain, otherContract];
        for (uint256 i; i < wrong.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IAgentRegistry.InvalidAgentWalletSignature.selector, agentId, wallet, 0)
            );
            vm.prank(OWNER);
            agents.setAgentWallet(agentId, wallet, deadline, wrong[i]);
        }
        // After a fork to another chain id, the signature made here is void there.
        uint256 snapshot = vm.snapshotState();
        vm.chainId(block.chainid + 7);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.InvalidAgentWalletSignature.selector, agentId, wallet, 0)
        );
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, wallet, deadline, here);
        vm.revertToState(snapshot);
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, wallet, deadline, here);
        assertEq(agents.getAgentWallet(agentId), wallet, "valid here");
    }

    function test_RevertWhen_setAgentWallet_zeroWalletOrNotOperator() public {
        uint256 agentId = _register(OWNER);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _walletSignature(WALLET_KEY, agentId, wallet, OWNER, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(IErrors.ZeroAddress.selector));
        vm.prank(OWNER);
        agents.setAgentWallet(agentId, address(0), deadline, signature);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOperator.selector, agentId, STRANGER));
        vm.prank(STRANGER);
        agents.setAgentWallet(agentId, wallet, deadline, signature);
    }

    function test_unsetAgentWallet_clearsTheWallet() public {
        uint256 agentId = _register(OWNER);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(agentId, WALLET_KEY_NAME, WALLET_KEY_NAME, "");
        vm.prank(OWNER);
        agents.unsetAgentWallet(agentId);
        assertEq(agents.getAgentWallet(agentId), address(0), "no wallet");
        assertEq(agents.getMetadata(agentId, WALLET_KEY_NAME).length, 0, "no metadata");

        // Again: nothing changes, nothing is announced.
        vmLogs.recordLogs();
        vm.prank(OWNER);
        agents.unsetAgentWallet(agentId);
        assertEq(vmLogs.getRecordedLogs().length, 0, "no event");
        assertEq(agents.getAgentWallet(agentId), address(0), "still none");
    }

    function test_RevertWhen_unsetAgentWallet_notOwnerOrOperator() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOperator.selector, agentId, STRANGER));
        vm.prank(STRANGER);
        agents.unsetAgentWallet(agentId);
    }

    /// @notice A transfer clears the wallet, whether it was the owner (never set) or a verified one, and a signature
    /// made for the previous owner does not set it for the new one.
    function test_transfer_clearsTheWallet() public {
        uint256 first = _register(OWNER);
        uint256 second = _register(OWNER);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _walletSignature(WALLET_KEY, second, wallet, OWNER, 0, deadline);
        vm.prank(OWNER);
        agents.setAgentWallet(second, wallet, deadline, signature);

        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(first, WALLET_KEY_NAME, WALLET_KEY_NAME, "");
        vm.prank(OWNER);
        agents.transferFrom(OWNER, BUYER, first);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MetadataSet(second, WALLET_KEY_NAME, WALLET_KEY_NAME, "");
        vm.prank(OWNER);
        agents.safeTransferFrom(OWNER, BUYER, second);

        assertEq(agents.getAgentWallet(first), address(0), "default wallet cleared");
        assertEq(agents.getAgentWallet(second), address(0), "verified wallet cleared");
        assertEq(agents.agentWalletNonce(second), 1, "the nonce stays");

        bytes memory forOldOwner = _walletSignature(WALLET_KEY, second, wallet, OWNER, 1, deadline);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.InvalidAgentWalletSignature.selector, second, wallet, 1));
        vm.prank(BUYER);
        agents.setAgentWallet(second, wallet, deadline, forOldOwner);

        signature = _walletSignature(WALLET_KEY, second, wallet, BUYER, 1, deadline);
        vm.prank(BUYER);
        agents.setAgentWallet(second, wallet, deadline, signature);
        assertEq(agents.getAgentWallet(second), wallet, "verified again by the new owner");

        // A transfer of an agent whose wallet is already cleared announces nothing more: its one log is the Transfer.
        vmLogs.recordLogs();
        vm.prank(BUYER);
        agents.transferFrom(BUYER, OWNER, first);
        VmLogs.Log[] memory logs = vmLogs.getRecordedLogs();
        assertEq(logs.length, 1, "one log");
        assertEq(logs[0].topics[0], IERC721.Transfer.selector, "the Transfer");
        assertEq(agents.getAgentWallet(first), address(0), "still none");
    }

    function test_isAuthorizedOrOwner() public {
        uint256 agentId = _register(OWNER);
        assertTrue(agents.isAuthorizedOrOwner(OWNER, agentId), "owner");
        assertTrue(!agents.isAuthorizedOrOwner(OPERATOR, agentId), "not yet approved");
        assertTrue(!agents.isAuthorizedOrOwner(address(0), agentId), "zero");
        vm.prank(OWNER);
        agents.approve(OPERATOR, agentId);
        assertTrue(agents.isAuthorizedOrOwner(OPERATOR, agentId), "approved");
        vm.prank(OWNER);
        agents.setApprovalForAll(STRANGER, true);
        assertTrue(agents.isAuthorizedOrOwner(STRANGER, agentId), "operator");
        vm.prank(OWNER);
        agents.transferFrom(OWNER, BUYER, agentId);
        assertTrue(!agents.isAuthorizedOrOwner(OPERATOR, agentId), "approval cleared by the transfer");
        assertTrue(!agents.isAuthorizedOrOwner(STRANGER, agentId), "operator of the old owner");
        assertTrue(agents.isAuthorizedOrOwner(BUYER, agentId), "new owner");
    }

    function test_RevertWhen_ERC721ViewsOfAnUnknownAgent() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 9));
        agents.getApproved(9);
    }

    // ─── Served models ───────────────────────────────────────────────────────────────────────────────────────────

    function test_declareModels_listsThemUnconfirmed() public {
        uint256 agentId = _register(OWNER);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.ModelDeclared(agentId, modelA);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.ModelDeclared(agentId, modelB);
        _declare(OWNER, agentId, modelA, modelB);

        IAgentRegistry.ServedModel[] memory served = agents.servedModels(agentId);
        assertEq(served.length, 2, "two");
        assertEq(served[0].modelId, modelA, "first");
        assertEq(served[1].modelId, modelB, "second");
        assertTrue(!served[0].confirmed && !served[1].confirmed, "unconfirmed");
        (bool declared, bool confirmed) = agents.servesModel(agentId, modelA);
        assertTrue(declared && !confirmed, "declared, unconfirmed");
        (declared, confirmed) = agents.servesModel(agentId, 99);
        assertTrue(!declared && !confirmed, "not declared");
    }

    function test_declareModels_byAnApprovedAccount() public {
        uint256 agentId = _register(OWNER);
        vm.prank(OWNER);
        agents.approve(OPERATOR, agentId);
        _declare(OPERATOR, agentId, modelA);
        (bool declared, ) = agents.servesModel(agentId, modelA);
        assertTrue(declared, "declared");
    }

    function test_RevertWhen_declareModels_badInput() public {
        uint256 agentId = _register(OWNER);
        vm.startPrank(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IErrors.EmptyBatch.selector));
        agents.declareModels(agentId, new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.UnknownModel.selector, 0));
        agents.declareModels(agentId, _ids(modelA, 0));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.UnknownModel.selector, 3));
        agents.declareModels(agentId, _ids(3));
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ModelAlreadyDeclared.selector, agentId, modelA));
        agents.declareModels(agentId, _ids(modelA, modelA));
        agents.declareModels(agentId, _ids(modelA));
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ModelAlreadyDeclared.selector, agentId, modelA));
        agents.declareModels(agentId, _ids(modelB, modelA));
        vm.stopPrank();
        assertEq(agents.servedModels(agentId).length, 1, "only the first declaration");
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOperator.selector, agentId, BUILDER));
        vm.prank(BUILDER);
        agents.declareModels(agentId, _ids(modelB));
    }

    function test_RevertWhen_declareModels_moreThanTheBound() public {
        uint256 agentId = _register(OWNER);
        uint256[] memory ids = new uint256[](33);
        for (uint256 i; i < ids.length; ++i) ids[i] = _registerModel(BUILDER, 0, datanetId, 1e18, 5000);
        uint256[] memory first = new uint256[](32);
        for (uint256 i; i < first.length; ++i) first[i] = ids[i];
        vm.startPrank(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.TooManyServedModels.selector, 33, 32));
        agents.declareModels(agentId, ids);
        agents.declareModels(agentId, first);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.TooManyServedModels.selector, 33, 32));
        agents.declareModels(agentId, _ids(ids[32]));
        vm.stopPrank();
        assertEq(agents.servedModels(agentId).length, 32, "the bound");
    }

    function test_undeclareModel_movesTheLastEntry() public {
        uint256 agentId = _register(OWNER);
        uint256 modelC = _registerModel(BUILDER, 0, datanetId, 1e18, 5000);
        _declare(OWNER, agentId, modelA, modelB, modelC);
        vm.prank(OTHER_BUILDER);
        agents.confirmModel(agentId, modelB);

        vm.expectEmit(address(agents));
        emit IAgentRegistry.ModelUndeclared(agentId, modelA);
        vm.prank(OWNER);
        agents.undeclareModel(agentId, modelA);

        IAgentRegistry.ServedModel[] memory served = agents.servedModels(agentId);
        assertEq(served.length, 2, "two left");
        assertEq(served[0].modelId, modelC, "the last took the first place");
        assertEq(served[1].modelId, modelB, "the confirmed one stays");
        assertTrue(served[1].confirmed, "with its confirmation");
        (bool declared, ) = agents.servesModel(agentId, modelA);
        assertTrue(!declared, "gone");

        // The moved entry is found at its new place, and the last entry goes without moving anything.
        vm.startPrank(OWNER);
        agents.undeclareModel(agentId, modelB);
        agents.undeclareModel(agentId, modelC);
        vm.stopPrank();
        assertEq(agents.servedModels(agentId).length, 0, "none");
        _declare(OWNER, agentId, modelB);
        (, bool confirmed) = agents.servesModel(agentId, modelB);
        assertTrue(!confirmed, "a new declaration starts unconfirmed");
    }

    function test_RevertWhen_undeclareModel_notDeclaredOrNotOperator() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ModelNotDeclared.selector, agentId, modelA));
        vm.prank(OWNER);
        agents.undeclareModel(agentId, modelA);
        _declare(OWNER, agentId, modelA);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOperator.selector, agentId, BUILDER));
        vm.prank(BUILDER);
        agents.undeclareModel(agentId, modelA);
    }

    function test_confirmModel_byTheModelsCurrentOwner() public {
        uint256 agentId = _register(OWNER);
        _declare(OWNER, agentId, modelA, modelB);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.ModelConfirmed(agentId, modelA, BUILDER);
        vm.prank(BUILDER);
        agents.confirmModel(agentId, modelA);

        IAgentRegistry.ServedModel[] memory served = agents.servedModels(agentId);
        assertTrue(served[0].confirmed && !served[1].confirmed, "A confirmed, B not");

        // The confirmation lapses with the model's sale; the new owner may confirm; it revives if the model comes back.
        vm.prank(BUILDER);
        models.transferFrom(BUILDER, OTHER_BUILDER, modelA);
        (, bool confirmed) = agents.servesModel(agentId, modelA);
        assertTrue(!confirmed, "lapsed");
        vm.prank(OTHER_BUILDER);
        agents.confirmModel(agentId, modelA);
        (, confirmed) = agents.servesModel(agentId, modelA);
        assertTrue(confirmed, "confirmed by the new owner");
    }

    function test_RevertWhen_confirmModel_notTheModelOwnerNotDeclaredOrAgain() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ModelNotDeclared.selector, agentId, modelA));
        vm.prank(BUILDER);
        agents.confirmModel(agentId, modelA);
        _declare(OWNER, agentId, modelA);
        vm.expectRevert(abi.encodeWithSelector(IErrors.NotModelOwner.selector, modelA, OWNER));
        vm.prank(OWNER);
        agents.confirmModel(agentId, modelA);
        vm.prank(BUILDER);
        agents.confirmModel(agentId, modelA);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ModelAlreadyConfirmed.selector, agentId, modelA));
        vm.prank(BUILDER);
        agents.confirmModel(agentId, modelA);
    }

    function test_unconfirmModel_withdrawsTheConfirmation() public {
        uint256 agentId = _register(OWNER);
        _declare(OWNER, agentId, modelA);
        vm.prank(BUILDER);
        agents.confirmModel(agentId, modelA);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.ModelUnconfirmed(agentId, modelA, BUILDER);
        vm.prank(BUILDER);
        agents.unconfirmModel(agentId, modelA);
        (bool declared, bool confirmed) = agents.servesModel(agentId, modelA);
        assertTrue(declared && !confirmed, "declared, unconfirmed");
    }

    function test_RevertWhen_unconfirmModel_notConfirmedByTheCaller() public {
        uint256 agentId = _register(OWNER);
        _declare(OWNER, agentId, modelA);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ModelNotConfirmed.selector, agentId, modelA));
        vm.prank(BUILDER);
        agents.unconfirmModel(agentId, modelA);
        vm.prank(BUILDER);
        agents.confirmModel(agentId, modelA);
        vm.expectRevert(abi.encodeWithSelector(IErrors.NotModelOwner.selector, modelA, OTHER_BUILDER));
        vm.prank(OTHER_BUILDER);
        agents.unconfirmModel(agentId, modelA);
        // A previous owner's confirmation is not the new owner's to withdraw: it has lapsed already.
        vm.prank(BUILDER);
        models.transferFrom(BUILDER, OTHER_BUILDER, modelA);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ModelNotConfirmed.selector, agentId, modelA));
        vm.prank(OTHER_BUILDER);
        agents.unconfirmModel(agentId, modelA);
    }

    // ─── Stake ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_stake_byAnyone() public {
        uint256 agentId = _register(OWNER);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.Staked(agentId, STAKER, 60e18, 60e18);
        vm.prank(STAKER);
        agents.stake(agentId, 60e18);
        assertTrue(!agents.canTakeJobs(agentId), "below the minimum");

        vm.expectEmit(address(agents));
        emit IAgentRegistry.Staked(agentId, OWNER, 40e18, 100e18);
        vm.prank(OWNER);
        agents.stake(agentId, 40e18);
        assertTrue(agents.canTakeJobs(agentId), "at the minimum");
        (uint256 staked, uint256 unlocking, uint256 unlockAt) = agents.stakeOf(agentId);
        assertEq(staked, 100e18, "staked");
        assertEq(unlocking + unlockAt, 0, "nothing unlocking");
        assertEq(open.balanceOf(address(agents)), 100e18, "held");
    }

    function test_RevertWhen_stake_zero() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ZeroStakeAmount.selector));
        vm.prank(STAKER);
        agents.stake(agentId, 0);
    }

    function test_RevertWhen_stake_beyond96Bits() public {
        MintableTokenMock big = new MintableTokenMock();
        AgentRegistry registry = new AgentRegistry(
            IERC20(address(big)),
            IModelRegistry(address(models)),
            TREASURY,
            address(manager),
            0,
            0,
            0
        );
        big.mint(STAKER, type(uint256).max);
        vm.startPrank(STAKER);
        big.approve(address(registry), type(uint256).max);
        uint256 agentId = registry.register();
        uint256 max = type(uint96).max;
        registry.stake(agentId, max - 10);
        registry.requestUnstake(agentId, 5);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.StakeTooLarge.selector, 11, 10));
        registry.stake(agentId, 11);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.StakeTooLarge.selector, type(uint256).max, 10));
        registry.stake(agentId, type(uint256).max);
        registry.stake(agentId, 10);
        vm.stopPrank();
        (uint256 staked, uint256 unlocking, ) = registry.stakeOf(agentId);
        assertEq(staked + unlocking, max, "full");
    }

    function test_canTakeJobs_withoutAMinimum() public {
        uint256 agentId = _register(OWNER);
        agents.setMinStake(0);
        assertTrue(agents.canTakeJobs(agentId), "no stake needed");
        assertTrue(!agents.canTakeJobs(agentId + 1), "but an agent");
        agents.proposeSlash(agentId, 1, "ipfs://reason");
        assertTrue(!agents.canTakeJobs(agentId), "not while a slash is pending");
    }

    function test_requestUnstake_startsTheDelay() public {
        uint256 agentId = _stakedAgent(150e18);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.UnstakeRequested(agentId, 50e18, 50e18, START + AGENT_UNSTAKE_DELAY);
        vm.prank(OWNER);
        agents.requestUnstake(agentId, 50e18);
        assertTrue(agents.canTakeJobs(agentId), "100 left");

        vm.warp(START + 1 days);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.UnstakeRequested(agentId, 1, 50e18 + 1, START + 1 days + AGENT_UNSTAKE_DELAY);
        vm.prank(OWNER);
        agents.requestUnstake(agentId, 1);
        assertTrue(!agents.canTakeJobs(agentId), "unlocking stake does not count");
        (uint256 staked, uint256 unlocking, uint256 unlockAt) = agents.stakeOf(agentId);
        assertEq(staked, 100e18 - 1, "staked");
        assertEq(unlocking, 50e18 + 1, "unlocking");
        assertEq(unlockAt, START + 1 days + AGENT_UNSTAKE_DELAY, "the delay restarted");
    }

    function test_RevertWhen_requestUnstake_badInputOrNotOwner() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.startPrank(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ZeroStakeAmount.selector));
        agents.requestUnstake(agentId, 0);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.InsufficientStake.selector, agentId, 100e18 + 1, 100e18));
        agents.requestUnstake(agentId, 100e18 + 1);
        agents.setApprovalForAll(OPERATOR, true);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOwner.selector, agentId, OPERATOR));
        vm.prank(OPERATOR);
        agents.requestUnstake(agentId, 1);
    }

    function test_unstake_afterTheDelay() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.prank(OWNER);
        agents.requestUnstake(agentId, 30e18);
        vm.warp(START + AGENT_UNSTAKE_DELAY);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.Unstaked(agentId, BUYER, 30e18);
        vm.prank(OWNER);
        agents.unstake(agentId, BUYER);
        assertEq(open.balanceOf(BUYER), 30e18, "paid");
        (uint256 staked, uint256 unlocking, uint256 unlockAt) = agents.stakeOf(agentId);
        assertEq(staked, 70e18, "staked");
        assertEq(unlocking + unlockAt, 0, "nothing unlocking");
    }

    function test_RevertWhen_unstake_notReadyNothingUnlockingOrNotOwner() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.startPrank(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NothingUnlocking.selector, agentId));
        agents.unstake(agentId, OWNER);
        agents.requestUnstake(agentId, 30e18);
        vm.warp(START + AGENT_UNSTAKE_DELAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.UnstakeNotReady.selector, agentId, START + AGENT_UNSTAKE_DELAY)
        );
        agents.unstake(agentId, OWNER);
        vm.expectRevert(abi.encodeWithSelector(IErrors.ZeroAddress.selector));
        agents.unstake(agentId, address(0));
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOwner.selector, agentId, STRANGER));
        vm.prank(STRANGER);
        agents.unstake(agentId, STRANGER);
    }

    /// @notice The stake stays with the agent: the buyer of an agent takes out what the seller left unlocking.
    function test_stake_followsTheAgent() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.startPrank(OWNER);
        agents.requestUnstake(agentId, 100e18);
        agents.transferFrom(OWNER, BUYER, agentId);
        vm.stopPrank();
        vm.warp(START + AGENT_UNSTAKE_DELAY);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOwner.selector, agentId, OWNER));
        vm.prank(OWNER);
        agents.unstake(agentId, OWNER);
        vm.prank(BUYER);
        agents.unstake(agentId, BUYER);
        assertEq(open.balanceOf(BUYER), 100e18, "the buyer's");
    }

    // ─── Slash ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_slash_proposeAnswerExecute() public {
        uint256 agentId = _stakedAgent(100e18);
        uint256 endsAt = START + AGENT_CHALLENGE_WINDOW;
        vm.expectEmit(address(agents));
        emit IAgentRegistry.SlashProposed(agentId, 40e18, endsAt, "ipfs://reason");
        agents.proposeSlash(agentId, 40e18, "ipfs://reason");
        assertTrue(!agents.canTakeJobs(agentId), "no job while pending");
        (uint256 amount, uint256 pendingEnd, bool answered) = agents.pendingSlash(agentId);
        assertEq(amount, 40e18, "amount");
        assertEq(pendingEnd, endsAt, "ends");
        assertTrue(!answered, "not answered");

        vm.warp(endsAt - 1);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.SlashAnswered(agentId, "ipfs://answer");
        vm.prank(OWNER);
        agents.answerSlash(agentId, "ipfs://answer");
        (, , answered) = agents.pendingSlash(agentId);
        assertTrue(answered, "answered");

        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ChallengeWindowOpen.selector, agentId, endsAt));
        agents.executeSlash(agentId);
        vm.warp(endsAt);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.SlashExecuted(agentId, 40e18);
        agents.executeSlash(agentId);

        assertEq(open.balanceOf(TREASURY), 40e18, "to the treasury");
        (uint256 staked, , ) = agents.stakeOf(agentId);
        assertEq(staked, 60e18, "staked");
        (amount, pendingEnd, answered) = agents.pendingSlash(agentId);
        assertEq(amount + pendingEnd, 0, "none pending");
        assertTrue(!answered, "cleared");
        assertTrue(!agents.canTakeJobs(agentId), "below the minimum now");
    }

    /// @notice An agent that sees a slash coming cannot run with its stake: requesting the unstake leaves it
    /// slashable, and nothing leaves while the slash is pending.
    function test_slash_catchesStakeThatIsUnlocking() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.prank(OWNER);
        agents.requestUnstake(agentId, 100e18);
        vm.warp(START + AGENT_UNSTAKE_DELAY - 1);
        agents.proposeSlash(agentId, 150e18, "ipfs://reason");
        vm.warp(START + AGENT_UNSTAKE_DELAY);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.SlashPending.selector, agentId));
        vm.prank(OWNER);
        agents.unstake(agentId, OWNER);

        vm.warp(START + AGENT_UNSTAKE_DELAY - 1 + AGENT_CHALLENGE_WINDOW);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.SlashExecuted(agentId, 100e18);
        agents.executeSlash(agentId);
        assertEq(open.balanceOf(TREASURY), 100e18, "capped by what it held");
        (uint256 staked, uint256 unlocking, uint256 unlockAt) = agents.stakeOf(agentId);
        assertEq(staked + unlocking + unlockAt, 0, "nothing left");
        assertEq(open.balanceOf(address(agents)), 0, "nothing held");
    }

    function test_executeSlash_takesUnlockingFirstThenStaked() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.prank(OWNER);
        agents.requestUnstake(agentId, 30e18);
        agents.proposeSlash(agentId, 20e18, "ipfs://reason");
        vm.warp(START + AGENT_CHALLENGE_WINDOW);
        agents.executeSlash(agentId);
        (uint256 staked, uint256 unlocking, uint256 unlockAt) = agents.stakeOf(agentId);
        assertEq(staked, 70e18, "staked untouched");
        assertEq(unlocking, 10e18, "from unlocking");
        assertEq(unlockAt, START + AGENT_UNSTAKE_DELAY, "the rest still unlocks");

        agents.proposeSlash(agentId, 30e18, "ipfs://again");
        vm.warp(START + 2 * AGENT_CHALLENGE_WINDOW);
        agents.executeSlash(agentId);
        (staked, unlocking, unlockAt) = agents.stakeOf(agentId);
        assertEq(staked, 50e18, "the rest from staked");
        assertEq(unlocking + unlockAt, 0, "unlocking emptied");
        assertEq(open.balanceOf(TREASURY), 50e18, "treasury");
    }

    function test_executeSlash_ofAnEmptyStake() public {
        uint256 agentId = _register(OWNER);
        agents.proposeSlash(agentId, 1e18, "ipfs://reason");
        vm.warp(START + AGENT_CHALLENGE_WINDOW);
        vm.expectEmit(address(agents));
        emit IAgentRegistry.SlashExecuted(agentId, 0);
        agents.executeSlash(agentId);
        assertEq(open.balanceOf(TREASURY), 0, "nothing to take");
    }

    function test_cancelSlash_freesTheStake() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.prank(OWNER);
        agents.requestUnstake(agentId, 100e18);
        agents.proposeSlash(agentId, 10e18, "ipfs://reason");
        vm.expectEmit(address(agents));
        emit IAgentRegistry.SlashCancelled(agentId);
        agents.cancelSlash(agentId);
        (uint256 amount, uint256 endsAt, ) = agents.pendingSlash(agentId);
        assertEq(amount + endsAt, 0, "none pending");
        vm.warp(START + AGENT_UNSTAKE_DELAY);
        vm.prank(OWNER);
        agents.unstake(agentId, OWNER);
        assertEq(open.balanceOf(address(agents)), 0, "all out");
    }

    function test_RevertWhen_proposeSlash_badInputOrPending() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.ZeroSlashAmount.selector));
        agents.proposeSlash(agentId, 0, "ipfs://reason");
        vm.expectRevert(abi.encodeWithSelector(IErrors.EmptyURI.selector));
        agents.proposeSlash(agentId, 1, "");
        agents.proposeSlash(agentId, type(uint256).max, "ipfs://reason");
        (uint256 amount, , ) = agents.pendingSlash(agentId);
        assertEq(amount, type(uint96).max, "held to 96 bits");
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.SlashPending.selector, agentId));
        agents.proposeSlash(agentId, 1, "ipfs://again");
    }

    function test_RevertWhen_answerSlash_closedAnsweredNoneOrNotOwner() public {
        uint256 agentId = _stakedAgent(100e18);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NoSlashPending.selector, agentId));
        vm.prank(OWNER);
        agents.answerSlash(agentId, "ipfs://answer");
        agents.proposeSlash(agentId, 1e18, "ipfs://reason");
        vm.expectRevert(abi.encodeWithSelector(IErrors.EmptyURI.selector));
        vm.prank(OWNER);
        agents.answerSlash(agentId, "");
        vm.prank(OWNER);
        agents.setApprovalForAll(OPERATOR, true);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NotAgentOwner.selector, agentId, OPERATOR));
        vm.prank(OPERATOR);
        agents.answerSlash(agentId, "ipfs://answer");
        vm.prank(OWNER);
        agents.answerSlash(agentId, "ipfs://answer");
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.SlashAlreadyAnswered.selector, agentId));
        vm.prank(OWNER);
        agents.answerSlash(agentId, "ipfs://more");
        vm.warp(START + AGENT_CHALLENGE_WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAgentRegistry.ChallengeWindowClosed.selector,
                agentId,
                START + AGENT_CHALLENGE_WINDOW
            )
        );
        vm.prank(OWNER);
        agents.answerSlash(agentId, "ipfs://late");
    }

    function test_RevertWhen_executeOrCancelSlash_nonePending() public {
        uint256 agentId = _register(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NoSlashPending.selector, agentId));
        agents.executeSlash(agentId);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.NoSlashPending.selector, agentId));
        agents.cancelSlash(agentId);
    }

    // ─── Governance ──────────────────────────────────────────────────────────────────────────────────────────────

    function test_RevertWhen_governanceFunctions_calledByAnyoneElse() public {
        uint256 agentId = _stakedAgent(100e18);
        bytes memory denied = abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, OWNER);
        vm.startPrank(OWNER);
        vm.expectRevert(denied);
        agents.proposeSlash(agentId, 1, "ipfs://reason");
        vm.expectRevert(denied);
        agents.executeSlash(agentId);
        vm.expectRevert(denied);
        agents.cancelSlash(agentId);
        vm.expectRevert(denied);
        agents.setMinStake(0);
        vm.expectRevert(denied);
        agents.setChallengeWindow(0);
        vm.expectRevert(denied);
        agents.setUnstakeDelay(AGENT_UNSTAKE_DELAY);
        vm.stopPrank();
    }

    function test_setters_setAndEmit() public {
        vm.expectEmit(address(agents));
        emit IAgentRegistry.MinStakeSet(5e18);
        agents.setMinStake(5e18);
        assertEq(agents.minStake(), 5e18, "min stake");
        vm.expectEmit(address(agents));
        emit IAgentRegistry.UnstakeDelaySet(90 days);
        agents.setUnstakeDelay(90 days);
        assertEq(agents.unstakeDelay(), 90 days, "delay");
        vm.expectEmit(address(agents));
        emit IAgentRegistry.ChallengeWindowSet(30 days);
        agents.setChallengeWindow(30 days);
        assertEq(agents.challengeWindow(), 30 days, "window");
    }

    function test_RevertWhen_setters_outOfBounds() public {
        uint256 maxMin = agents.MAX_MIN_STAKE();
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, maxMin + 1, maxMin));
        agents.setMinStake(maxMin + 1);
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 30 days + 1, 30 days));
        agents.setChallengeWindow(30 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IErrors.ParameterOutOfBounds.selector, 90 days + 1, 90 days));
        agents.setUnstakeDelay(90 days + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAgentRegistry.UnstakeDelayBelowChallengeWindow.selector,
                AGENT_UNSTAKE_DELAY,
                AGENT_UNSTAKE_DELAY + 1
            )
        );
        agents.setChallengeWindow(AGENT_UNSTAKE_DELAY + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAgentRegistry.UnstakeDelayBelowChallengeWindow.selector,
                AGENT_CHALLENGE_WINDOW - 1,
                AGENT_CHALLENGE_WINDOW
            )
        );
        agents.setUnstakeDelay(AGENT_CHALLENGE_WINDOW - 1);
        assertEq(agents.challengeWindow(), AGENT_CHALLENGE_WINDOW, "window unchanged");
        assertEq(agents.unstakeDelay(), AGENT_UNSTAKE_DELAY, "delay unchanged");
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _newRegistry(uint256 minimum, uint256 window, uint256 delay) private returns (AgentRegistry) {
        return
            new AgentRegistry(
                IERC20(address(open)),
                IModelRegistry(address(models)),
                TREASURY,
                address(manager),
                minimum,
                window,
                delay
            );
    }

    function _register(address owner) private returns (uint256 agentId) {
        vm.prank(owner);
        agentId = agents.register(URI);
    }

    function _stakedAgent(uint256 amount) private returns (uint256 agentId) {
        agentId = _register(OWNER);
        vm.prank(STAKER);
        agents.stake(agentId, amount);
    }

    function _declare(address caller, uint256 agentId, uint256 a) private {
        vm.prank(caller);
        agents.declareModels(agentId, _ids(a));
    }

    function _declare(address caller, uint256 agentId, uint256 a, uint256 b) private {
        vm.prank(caller);
        agents.declareModels(agentId, _ids(a, b));
    }

    function _declare(address caller, uint256 agentId, uint256 a, uint256 b, uint256 c) private {
        uint256[] memory ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (a, b, c);
        vm.prank(caller);
        agents.declareModels(agentId, ids);
    }

    function _ids(uint256 a) private pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) private pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        (ids[0], ids[1]) = (a, b);
    }

    function _bytes(uint256 length, bytes1 fill) private pure returns (bytes memory b) {
        b = new bytes(length);
        for (uint256 i; i < length; ++i) b[i] = bytes1(uint8(fill) + uint8(i % 26));
    }

    function _walletSignature(
        uint256 key,
        uint256 agentId,
        address newWallet,
        address owner,
        uint256 nonce,
        uint256 deadline
    ) private view returns (bytes memory) {
        bytes32 structHash = keccak256(
            abi.encode(agents.AGENT_WALLET_SET_TYPEHASH(), agentId, newWallet, owner, nonce, deadline)
        );
        return _sign(key, _digest(block.chainid, address(agents), structHash));
    }

    /// @dev The EIP-712 digest, with the domain built here from its parts (not read from the contract).
    function _digest(uint256 chainId, address verifyingContract, bytes32 structHash) private pure returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("OpenLedger Agent"),
                keccak256("1"),
                chainId,
                verifyingContract
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _sign(uint256 key, bytes32 digest) private pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }
}

/// @notice The execution gas of `register(URI)` with a 60-byte URI, measured in a transaction of its own (the agents
/// registered in setUp leave every slot cold): for an owner who holds an agent already (the budget, which the receipt
/// gas of `agent.register` must meet, 110,000 with the 21,000 and the calldata), and for an owner's first agent.
contract AgentRegistryGasTest is AgentBase {
    address private constant HOLDER = address(0x401D);
    address private constant NEWCOMER = address(0xC0DE);
    string private constant URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy5";

    function setUp() public {
        _deployAgents();
        vm.prank(HOLDER);
        agents.register(URI);
    }

    function test_gas_register_ownerHoldingAnAgent() public {
        vm.prank(HOLDER);
        agents.register(URI);
        uint256 used = vm.snapshotGasLastCall("agent.register");
        assertLe(used + 21_000 + _calldataGas(abi.encodeWithSignature("register(string)", URI)), 110_000, "budget");
        assertEq(agents.balanceOf(HOLDER), 2, "registered");
    }

    function test_gas_register_ownersFirstAgent() public {
        vm.prank(NEWCOMER);
        agents.register(URI);
        vm.snapshotGasLastCall("agent.register.firstOfOwner");
        assertEq(agents.balanceOf(NEWCOMER), 1, "registered");
    }

    function _calldataGas(bytes memory data) private pure returns (uint256 cost) {
        for (uint256 i; i < data.length; ++i) cost += data[i] == 0 ? 4 : 16;
    }
}
