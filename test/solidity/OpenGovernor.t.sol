// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { TimelockController } from "@openzeppelin/contracts/governance/TimelockController.sol";
import { IVotes } from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { ERC20Votes } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import { EIP712 } from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import { OpenGovernor } from "../../contracts/governance/OpenGovernor.sol";
import { IOpenGovernor } from "../../contracts/interfaces/IOpenGovernor.sol";
import { TestBase } from "./utils/TestBase.sol";

/// @dev A votes token on OpenZeppelin's default clock: the block number.
contract BlockNumberVotes is ERC20, EIP712, ERC20Votes {
    constructor() ERC20("Block votes", "BV") EIP712("Block votes", "1") {}

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

contract OpenGovernorTest is TestBase {
    function test_constructor_refusesATokenOnABlockNumberClock() public {
        BlockNumberVotes token = new BlockNumberVotes();
        vm.expectRevert(
            abi.encodeWithSelector(IOpenGovernor.GovernorClockNotTimestamp.selector, "mode=blocknumber&from=default")
        );
        new OpenGovernor(
            IVotes(address(token)),
            TimelockController(payable(address(0x71))),
            1,
            600,
            0,
            4,
            120,
            address(this),
            30 days,
            address(0x4D)
        );
    }
}
