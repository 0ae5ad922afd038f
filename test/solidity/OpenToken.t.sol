// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20Errors } from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import { ERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import { OpenToken } from "../../contracts/token/OpenToken.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice OPEN: the one-time supply, burning and EIP-2612 permits, fuzzed.
contract OpenTokenTest is SuiteBase {
    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    uint256 private constant INITIAL_SUPPLY = 1_000_000_000e18;
    address private constant SPENDER = address(0x5BE1);

    function setUp() public {
        _deploySuite();
    }

    function test_constructor_mintsTheWholeSupplyToTheRecipient() public view {
        assertEq(open.INITIAL_SUPPLY(), INITIAL_SUPPLY, "INITIAL_SUPPLY");
        assertEq(open.totalSupply(), INITIAL_SUPPLY, "total supply");
        assertEq(open.balanceOf(address(this)), INITIAL_SUPPLY, "recipient balance");
        assertEq(open.decimals(), 18, "decimals");
    }

    function testFuzz_constructor_mintsToAnyRecipient(address recipient) public {
        recipient = address(uint160(bound(uint160(recipient), 1, type(uint160).max)));
        OpenToken token = new OpenToken(recipient);
        assertEq(token.balanceOf(recipient), INITIAL_SUPPLY, "recipient holds the supply");
        assertEq(token.totalSupply(), INITIAL_SUPPLY, "supply");
    }

    function test_constructor_revertsForTheZeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        new OpenToken(address(0));
    }

    function testFuzz_transfer_keepsTheSupply(address to, uint256 amount) public {
        to = address(uint160(bound(uint160(to), 1, type(uint160).max)));
        amount = bound(amount, 0, INITIAL_SUPPLY);
        uint256 before = open.balanceOf(to);
        open.transfer(to, amount);
        assertEq(open.totalSupply(), INITIAL_SUPPLY, "supply unchanged");
        if (to != address(this)) assertEq(open.balanceOf(to), before + amount, "received");
    }

    function testFuzz_burn_lowersTheSupplyByTheAmount(uint256 amount) public {
        amount = bound(amount, 0, INITIAL_SUPPLY);
        open.burn(amount);
        assertEq(open.totalSupply(), INITIAL_SUPPLY - amount, "supply");
        assertEq(open.balanceOf(address(this)), INITIAL_SUPPLY - amount, "balance");
    }

    function testFuzz_burn_revertsAboveTheBalance(uint256 balance, uint256 amount) public {
        balance = bound(balance, 0, INITIAL_SUPPLY);
        amount = bound(amount, balance + 1, type(uint256).max);
        address holder = address(0xB0B);
        _fund(holder, balance);
        vm.prank(holder);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, holder, balance, amount)
        );
        open.burn(amount);
    }

    function testFuzz_burnFrom_spendsTheAllowance(uint256 allowance, uint256 amount) public {
        allowance = bound(allowance, 0, INITIAL_SUPPLY - 1);
        amount = bound(amount, 0, allowance);
        open.approve(SPENDER, allowance);
        vm.prank(SPENDER);
        open.burnFrom(address(this), amount);
        assertEq(open.allowance(address(this), SPENDER), allowance - amount, "allowance left");
        assertEq(open.totalSupply(), INITIAL_SUPPLY - amount, "supply");
    }

    function testFuzz_burnFrom_revertsAboveTheAllowance(uint256 allowance, uint256 amount) public {
        allowance = bound(allowance, 0, INITIAL_SUPPLY - 1);
        amount = bound(amount, allowance + 1, INITIAL_SUPPLY);
        open.approve(SPENDER, allowance);
        vm.prank(SPENDER);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, SPENDER, allowance, amount)
        );
        open.burnFrom(address(this), amount);
    }

    function testFuzz_permit_setsTheAllowance(uint256 ownerKey, uint256 value, uint256 deadline) public {
        ownerKey = bound(ownerKey, 1, 2 ** 128);
        deadline = bound(deadline, block.timestamp, type(uint256).max);
        address owner = vm.addr(ownerKey);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(ownerKey, owner, value, 0, deadline);

        open.permit(owner, SPENDER, value, deadline, v, r, s);

        assertEq(open.allowance(owner, SPENDER), value, "allowance");
        assertEq(open.nonces(owner), 1, "nonce used");
    }

    function testFuzz_permit_revertsWhenExpired(uint256 ownerKey, uint256 deadline, uint256 late) public {
        ownerKey = bound(ownerKey, 1, 2 ** 128);
        deadline = bound(deadline, 0, 2 ** 40);
        late = bound(late, 1, 2 ** 40);
        address owner = vm.addr(ownerKey);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(ownerKey, owner, 1, 0, deadline);
        vm.warp(deadline + late);

        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        open.permit(owner, SPENDER, 1, deadline, v, r, s);
    }

    function testFuzz_permit_revertsWhenReplayed(uint256 ownerKey, uint256 value) public {
        ownerKey = bound(ownerKey, 1, 2 ** 128);
        address owner = vm.addr(ownerKey);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(ownerKey, owner, value, 0, type(uint256).max);
        open.permit(owner, SPENDER, value, type(uint256).max, v, r, s);

        // The replay is checked against the next nonce, so it recovers another signer.
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        open.permit(owner, SPENDER, value, type(uint256).max, v, r, s);
    }

    // ─── boundaries ──────────────────────────────────────────────────────────────────────────────────────────────

    function test_transfer_ofExactlyTheBalanceAndOneAbove() public {
        address holder = address(0xB0B);
        _fund(holder, 5e18);
        vm.prank(holder);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, holder, 5e18, 5e18 + 1));
        open.transfer(SPENDER, 5e18 + 1);
        vm.prank(holder);
        open.transfer(SPENDER, 5e18);
        assertEq(open.balanceOf(holder), 0, "all of it");
    }

    function test_burn_ofExactlyTheBalanceAndOneAbove() public {
        address holder = address(0xB0B);
        _fund(holder, 5e18);
        vm.prank(holder);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, holder, 5e18, 5e18 + 1));
        open.burn(5e18 + 1);
        vm.prank(holder);
        open.burn(5e18);
        assertEq(open.totalSupply(), INITIAL_SUPPLY - 5e18, "burnt");
    }

    function test_burnFrom_ofExactlyTheAllowanceAndOneAbove() public {
        open.approve(SPENDER, 7e18);
        vm.prank(SPENDER);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, SPENDER, 7e18, 7e18 + 1)
        );
        open.burnFrom(address(this), 7e18 + 1);
        vm.prank(SPENDER);
        open.burnFrom(address(this), 7e18);
        assertEq(open.allowance(address(this), SPENDER), 0, "allowance spent");
    }

    /// @dev A permit is valid up to and including its deadline, and expired one second after.
    function test_permit_atExactlyTheDeadlineAndOneSecondAfter() public {
        uint256 key = 0xA11CE;
        address owner = vm.addr(key);
        uint256 deadline = block.timestamp + 100;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, owner, 1, 0, deadline);
        uint256 snapshot = vm.snapshotState();
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        open.permit(owner, SPENDER, 1, deadline, v, r, s);
        vm.revertToState(snapshot);
        vm.warp(deadline);
        open.permit(owner, SPENDER, 1, deadline, v, r, s);
        assertEq(open.allowance(owner, SPENDER), 1, "valid at the deadline");
    }

    function _signPermit(
        uint256 key,
        address owner,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) private view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, SPENDER, value, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", open.DOMAIN_SEPARATOR(), structHash));
        (v, r, s) = vm.sign(key, digest);
    }
}
