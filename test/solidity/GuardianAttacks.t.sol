// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { TimelockController } from "@openzeppelin/contracts/governance/TimelockController.sol";
import { IVotes } from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import { IGovernor } from "@openzeppelin/contracts/governance/IGovernor.sol";
import { IAccessManager } from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { ERC20Votes } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import { EIP712 } from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import { OpenAccessManager } from "../../contracts/governance/OpenAccessManager.sol";
import { OpenGovernor } from "../../contracts/governance/OpenGovernor.sol";
import { IOpenAccessManager } from "../../contracts/interfaces/IOpenAccessManager.sol";
import { IOpenGovernor } from "../../contracts/interfaces/IOpenGovernor.sol";
import { Roles } from "../../contracts/libraries/Roles.sol";
import { TestBase } from "./utils/TestBase.sol";

/// @dev A votes token on the timestamp clock, as gOPEN is.
contract TimestampVotes is ERC20, EIP712, ERC20Votes {
    constructor() ERC20("Timestamp votes", "TV") EIP712("Timestamp votes", "1") {}

    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

/// @notice The guardian's term, on the Governor and on the AccessManager, at each side of its bounds: the guardian
/// outlives neither, and a term longer than the longest is refused.
contract GuardianAttacksTest is TestBase {
    address internal constant GUARDIAN = address(0x6A4D);
    TimestampVotes internal token;
    OpenAccessManager internal manager;

    function setUp() public {
        vm.warp(1_000_000);
        token = new TimestampVotes();
        manager = new OpenAccessManager(address(this));
        manager.grantRole(Roles.GUARDIAN, GUARDIAN, 0);
    }

    function _governor(uint256 term) internal returns (OpenGovernor) {
        return
            new OpenGovernor(
                IVotes(address(token)),
                TimelockController(payable(address(0x71))),
                1,
                600,
                0,
                4,
                120,
                GUARDIAN,
                term,
                address(manager)
            );
    }

    function test_constructor_acceptsTheLongestTerm() public {
        OpenGovernor governor = _governor(365 days);
        assertEq(governor.proposalGuardianExpiry(), block.timestamp + 365 days, "expiry = now + term");
        assertEq(governor.accessManager(), address(manager), "the AccessManager it reads actions against");
    }

    function test_constructor_refusesATermOneSecondLongerThanTheLongest() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOpenGovernor.GovernorGuardianExpiryTooLate.selector,
                block.timestamp + 365 days + 1,
                block.timestamp + 365 days
            )
        );
        _governor(365 days + 1);
    }

    /// @dev The guardian after its term: at any second from the expiry on it is no guardian, before it, it is.
    function testFuzz_proposalGuardian_isZeroFromTheExpirySecond(uint256 term, uint256 elapsed) public {
        term = bound(term, 0, 365 days);
        elapsed = bound(elapsed, 0, 2 * 365 days);
        OpenGovernor governor = _governor(term);
        vm.warp(block.timestamp + elapsed);
        assertEq(governor.proposalGuardian(), elapsed < term ? GUARDIAN : address(0), "guardian only before expiry");
    }

    function test_proposalGuardian_atTheLastSecondAndAtTheExpiry() public {
        OpenGovernor governor = _governor(30 days);
        uint256 expiry = governor.proposalGuardianExpiry();
        vm.warp(expiry - 1);
        assertEq(governor.proposalGuardian(), GUARDIAN, "still the guardian at expiry - 1");
        vm.warp(expiry);
        assertEq(governor.proposalGuardian(), address(0), "no guardian at the expiry");
    }

    /// @dev The guardian's AccessManager role after its term: held strictly before the expiry.
    function testFuzz_hasRole_guardianRoleHoldsStrictlyBeforeItsExpiry(uint256 term, uint256 elapsed) public {
        term = bound(term, 1, 365 days);
        elapsed = bound(elapsed, 0, 2 * 365 days);
        uint48 expiry = uint48(block.timestamp + term);
        manager.setRoleExpiry(Roles.GUARDIAN, expiry);
        vm.warp(block.timestamp + elapsed);
        (bool isMember, ) = manager.hasRole(Roles.GUARDIAN, GUARDIAN);
        assertTrue(isMember == (elapsed < term), "member only before expiry");
    }

    function test_hasRole_adminMemberKeepsAnExpiredRole() public {
        manager.grantRole(Roles.GUARDIAN, address(this), 0);
        manager.setRoleExpiry(Roles.GUARDIAN, uint48(block.timestamp + 1));
        vm.warp(block.timestamp + 1);
        (bool adminKeeps, ) = manager.hasRole(Roles.GUARDIAN, address(this));
        (bool guardianKeeps, ) = manager.hasRole(Roles.GUARDIAN, GUARDIAN);
        assertTrue(adminKeeps, "ADMIN keeps the role");
        assertTrue(!guardianKeeps, "the guardian does not");
    }

    function test_setRoleExpiry_boundsAtTheLongestTerm() public {
        manager.setRoleExpiry(Roles.GUARDIAN, uint48(block.timestamp + 365 days));
        vm.expectRevert(
            abi.encodeWithSelector(
                IOpenAccessManager.AccessManagerInvalidExpiry.selector,
                Roles.GUARDIAN,
                block.timestamp + 365 days + 1,
                block.timestamp + 365 days
            )
        );
        manager.setRoleExpiry(Roles.GUARDIAN, uint48(block.timestamp + 365 days + 1));
    }

    function test_setRoleExpiry_guardianCannotRenewItself() public {
        vm.prank(GUARDIAN);
        vm.expectPartialRevert(bytes4(keccak256("AccessManagerUnauthorizedAccount(address,uint64)")));
        manager.setRoleExpiry(Roles.GUARDIAN, uint48(block.timestamp + 1 days));
    }
}

/// @notice What the proposal guardian may cancel: a proposal whose only actions renew, end, replace or remove it is
/// beyond its power; one that adds a GUARDIAN member, or revokes the Timelock's GUARDIAN membership, is not. Each
/// proposal is made here and cancelled (or refused) while pending, the stage at which the shape alone decides.
contract GuardianCancelShapesTest is TestBase {
    address internal constant GUARDIAN = address(0x6A4D);
    address internal constant ATTACKER = address(0xBAD);
    address internal constant SUCCESSOR = address(0x5CC);
    address internal constant TIMELOCK = address(0x71);

    struct Call {
        address target;
        bytes data;
    }

    OpenAccessManager internal manager;
    OpenGovernor internal governor;
    uint256 internal _nonce;

    function setUp() public {
        vm.warp(1_000_000);
        TimestampVotes token = new TimestampVotes();
        manager = new OpenAccessManager(address(this));
        governor = new OpenGovernor(
            IVotes(address(token)),
            TimelockController(payable(TIMELOCK)),
            1,
            600,
            0,
            4,
            120,
            GUARDIAN,
            30 days,
            address(manager)
        );
    }

    // ─── Calls ───────────────────────────────────────────────────────────────────────────────────────────────────

    function _setGuardian(address who) internal view returns (Call memory) {
        return Call(address(governor), abi.encodeWithSignature("setProposalGuardian(address)", who));
    }

    function _setExpiry(uint256 expiry) internal view returns (Call memory) {
        return Call(address(governor), abi.encodeCall(IOpenGovernor.setProposalGuardianExpiry, (expiry)));
    }

    function _grant(address who) internal view returns (Call memory) {
        return Call(address(manager), abi.encodeCall(IAccessManager.grantRole, (Roles.GUARDIAN, who, 0)));
    }

    function _revoke(address who) internal view returns (Call memory) {
        return Call(address(manager), abi.encodeCall(IAccessManager.revokeRole, (Roles.GUARDIAN, who)));
    }

    function _roleExpiry(uint48 expiry) internal view returns (Call memory) {
        return Call(address(manager), abi.encodeCall(IOpenAccessManager.setRoleExpiry, (Roles.GUARDIAN, expiry)));
    }

    function _calls(Call memory a) internal pure returns (Call[] memory calls) {
        calls = new Call[](1);
        calls[0] = a;
    }

    function _calls(Call memory a, Call memory b) internal pure returns (Call[] memory calls) {
        calls = new Call[](2);
        (calls[0], calls[1]) = (a, b);
    }

    function _calls(Call memory a, Call memory b, Call memory c) internal pure returns (Call[] memory calls) {
        calls = new Call[](3);
        (calls[0], calls[1], calls[2]) = (a, b, c);
    }

    function _calls(
        Call memory a,
        Call memory b,
        Call memory c,
        Call memory d
    ) internal pure returns (Call[] memory calls) {
        calls = new Call[](4);
        (calls[0], calls[1], calls[2], calls[3]) = (a, b, c, d);
    }

    // ─── Propose, then cancel as the guardian ────────────────────────────────────────────────────────────────────

    function _arrays(
        Call[] memory calls
    ) internal pure returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) {
        uint256 n = calls.length;
        targets = new address[](n);
        values = new uint256[](n);
        calldatas = new bytes[](n);
        for (uint256 i; i < n; ++i) (targets[i], calldatas[i]) = (calls[i].target, calls[i].data);
    }

    /// @dev Proposes `calls`, has the guardian cancel the proposal, and answers whether that was refused with
    /// GovernorGuardianCannotCancel (a refusal leaves the proposal pending; a cancellation cancels it).
    function _guardianIsRefused(Call[] memory calls) internal returns (bool refused) {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _arrays(calls);
        string memory description = string(abi.encodePacked("proposal ", bytes32(++_nonce)));
        uint256 id = governor.propose(targets, values, calldatas, description);
        bytes32 descriptionHash = keccak256(bytes(description));
        vm.prank(GUARDIAN);
        try governor.cancel(targets, values, calldatas, descriptionHash) {
            assertTrue(governor.state(id) == IGovernor.ProposalState.Canceled, "cancelled");
            return false;
        } catch (bytes memory reason) {
            assertEq(
                keccak256(reason),
                keccak256(abi.encodeWithSelector(IOpenGovernor.GovernorGuardianCannotCancel.selector, id)),
                "refused with GovernorGuardianCannotCancel(proposalId)"
            );
            assertTrue(governor.state(id) == IGovernor.ProposalState.Pending, "the refused proposal lives on");
            return true;
        }
    }

    /// @notice A cancel with no action, or with arrays of different lengths, names no guardian-only proposal: it goes
    /// to the Governor's own checks, which find no such proposal.
    function test_cancel_guardianWithMalformedArrays_isLeftToTheGovernor() public {
        address[] memory targets = new address[](1);
        uint256[] memory values = new uint256[](2);
        bytes[] memory calldatas = new bytes[](1);
        vm.prank(GUARDIAN);
        vm.expectPartialRevert(IGovernor.GovernorNonexistentProposal.selector);
        governor.cancel(targets, values, calldatas, bytes32(0));
        vm.prank(GUARDIAN);
        vm.expectPartialRevert(IGovernor.GovernorNonexistentProposal.selector);
        governor.cancel(new address[](0), new uint256[](0), new bytes[](0), bytes32(0));
    }

    // ─── The attack: a hostile majority installs its own guardian ────────────────────────────────────────────────

    /// @dev The audit's proposal: a new proposal guardian, a year's mandate, GUARDIAN granted to the attacker and
    /// the Timelock's own GUARDIAN membership revoked. It does more than replace the guardian, so the guardian cancels.
    function test_hostileGuardianInstall_guardianCancelsIt() public {
        Call[] memory calls = _calls(
            _setGuardian(ATTACKER),
            _setExpiry(block.timestamp + 365 days),
            _grant(ATTACKER),
            _revoke(TIMELOCK)
        );
        assertTrue(!_guardianIsRefused(calls), "the guardian cancels the hostile install");
    }

    function test_grantGuardianToAStranger_guardianCancelsIt() public {
        assertTrue(!_guardianIsRefused(_calls(_grant(ATTACKER))), "a bare grant adds a guardian");
        assertTrue(
            !_guardianIsRefused(_calls(_grant(ATTACKER), _roleExpiry(uint48(block.timestamp + 365 days)))),
            "a grant with a renewal adds a guardian"
        );
    }

    function test_grantGuardianToAStrangerWithAReplacement_guardianCancelsIt() public {
        assertTrue(
            !_guardianIsRefused(_calls(_setGuardian(SUCCESSOR), _grant(ATTACKER), _revoke(GUARDIAN))),
            "the grant is not to the successor"
        );
    }

    function test_grantGuardianToASecondAccountWithAReplacement_guardianCancelsIt() public {
        assertTrue(
            !_guardianIsRefused(_calls(_setGuardian(SUCCESSOR), _grant(SUCCESSOR), _grant(ATTACKER))),
            "a second grantee besides the successor"
        );
        assertTrue(
            !_guardianIsRefused(_calls(_setGuardian(SUCCESSOR), _grant(ATTACKER), _grant(SUCCESSOR))),
            "in either order"
        );
    }

    /// @dev The attacker is made guardian, granted the role, and the honest guardian set back: the role stays with
    /// the attacker, which the proposal does not install.
    function test_grantGuardianToAnOverwrittenSuccessor_guardianCancelsIt() public {
        assertTrue(
            !_guardianIsRefused(_calls(_setGuardian(ATTACKER), _grant(ATTACKER), _setGuardian(GUARDIAN))),
            "the last setProposalGuardian names the successor"
        );
    }

    function test_revokeTheTimelocksGuardianRole_guardianCancelsIt() public {
        assertTrue(!_guardianIsRefused(_calls(_revoke(TIMELOCK))), "revoking the Timelock's role alone");
        assertTrue(
            !_guardianIsRefused(_calls(_setGuardian(SUCCESSOR), _grant(SUCCESSOR), _revoke(TIMELOCK))),
            "revoking the Timelock's role within a replacement"
        );
        assertTrue(!_guardianIsRefused(_calls(_revoke(SUCCESSOR))), "revoking any other member's role");
    }

    // ─── The shapes that stay beyond the guardian's power ────────────────────────────────────────────────────────

    function test_removal_guardianIsRefused() public {
        assertTrue(_guardianIsRefused(_calls(_setGuardian(address(0)), _revoke(GUARDIAN))), "removal");
        assertTrue(_guardianIsRefused(_calls(_revoke(GUARDIAN))), "revoking its own role");
        assertTrue(_guardianIsRefused(_calls(_setGuardian(address(0)))), "no proposal guardian");
    }

    function test_replacement_guardianIsRefused() public {
        assertTrue(
            _guardianIsRefused(_calls(_setGuardian(SUCCESSOR), _grant(SUCCESSOR), _revoke(GUARDIAN))),
            "setProposalGuardian(new) + grantRole(new) + revokeRole(old)"
        );
        assertTrue(
            _guardianIsRefused(_calls(_revoke(GUARDIAN), _grant(SUCCESSOR), _setGuardian(SUCCESSOR))),
            "in any order"
        );
        assertTrue(
            _guardianIsRefused(
                _calls(
                    _setGuardian(SUCCESSOR),
                    _grant(SUCCESSOR),
                    _revoke(GUARDIAN),
                    _setExpiry(block.timestamp + 365 days)
                )
            ),
            "with a new term"
        );
        assertTrue(
            _guardianIsRefused(_calls(_setGuardian(ATTACKER), _setGuardian(SUCCESSOR), _grant(SUCCESSOR))),
            "the grant to the last successor"
        );
    }

    function test_renewalOrEnd_guardianIsRefused() public {
        uint256 renewed = block.timestamp + 365 days;
        assertTrue(
            _guardianIsRefused(_calls(_setExpiry(renewed), _roleExpiry(uint48(renewed)))),
            "renewal on the Governor and the AccessManager"
        );
        assertTrue(_guardianIsRefused(_calls(_setExpiry(1))), "end of the mandate");
        assertTrue(_guardianIsRefused(_calls(_roleExpiry(1))), "end of the role");
    }

    // ─── Each side of the boundaries ─────────────────────────────────────────────────────────────────────────────

    function test_revokeRole_onlyTheGuardiansOwnWord() public {
        assertTrue(_guardianIsRefused(_calls(_revoke(GUARDIAN))), "its own address");
        assertTrue(!_guardianIsRefused(_calls(_revoke(address(uint160(GUARDIAN) + 1)))), "the next address");
        // The same address with a dirty upper word would fail to decode: it names no account.
        bytes memory dirty = abi.encodeCall(IAccessManager.revokeRole, (Roles.GUARDIAN, GUARDIAN));
        dirty[35 + 12] = 0x01;
        assertTrue(!_guardianIsRefused(_calls(Call(address(manager), dirty))), "a dirty account word");
    }

    function test_grantRole_onlyToTheSuccessorsWord() public {
        assertTrue(_guardianIsRefused(_calls(_setGuardian(SUCCESSOR), _grant(SUCCESSOR))), "the successor");
        assertTrue(
            !_guardianIsRefused(_calls(_setGuardian(SUCCESSOR), _grant(address(uint160(SUCCESSOR) + 1)))),
            "the next address"
        );
    }

    function test_governorCall_needsAWholeArgument() public {
        bytes memory whole = abi.encodeWithSignature("setProposalGuardian(address)", SUCCESSOR);
        bytes memory short = new bytes(35);
        for (uint256 i; i < 35; ++i) short[i] = whole[i];
        assertTrue(_guardianIsRefused(_calls(Call(address(governor), whole))), "36 bytes");
        assertTrue(!_guardianIsRefused(_calls(Call(address(governor), short))), "35 bytes");
    }

    function test_accessManagerCall_needsTwoWholeArguments() public {
        bytes memory whole = abi.encodeCall(IOpenAccessManager.setRoleExpiry, (Roles.GUARDIAN, uint48(1)));
        assertEq(whole.length, 68, "setRoleExpiry's calldata");
        bytes memory short = new bytes(67);
        for (uint256 i; i < 67; ++i) short[i] = whole[i];
        assertTrue(_guardianIsRefused(_calls(Call(address(manager), whole))), "68 bytes");
        assertTrue(!_guardianIsRefused(_calls(Call(address(manager), short))), "67 bytes");
    }

    function test_otherRoleOrSelector_guardianCancelsIt() public {
        assertTrue(
            !_guardianIsRefused(
                _calls(
                    Call(address(manager), abi.encodeCall(IAccessManager.grantRole, (Roles.GUARDIAN + 1, SUCCESSOR, 0)))
                )
            ),
            "another role"
        );
        assertTrue(
            !_guardianIsRefused(
                _calls(Call(address(manager), abi.encodeCall(IAccessManager.setGrantDelay, (Roles.GUARDIAN, 0))))
            ),
            "another AccessManager function of the role"
        );
        assertTrue(
            !_guardianIsRefused(_calls(Call(address(governor), abi.encodeCall(governor.setVotingDelay, (2))))),
            "another Governor function"
        );
        assertTrue(
            !_guardianIsRefused(
                _calls(Call(address(0x1234), abi.encodeCall(IAccessManager.revokeRole, (Roles.GUARDIAN, GUARDIAN))))
            ),
            "the call sent to another contract"
        );
    }
}
