// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { TimelockController } from "@openzeppelin/contracts/governance/TimelockController.sol";
import { IVotes } from "@openzeppelin/contracts/governance/utils/IVotes.sol";
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
