// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { ERC20Burnable } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import { ERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import { IOpenToken } from "../interfaces/IOpenToken.sol";

/// @title OPEN
/// @notice The protocol's token. The whole supply is minted once, at deployment; there is no mint function.
contract OpenToken is ERC20, ERC20Permit, ERC20Burnable, IOpenToken {
    /// @inheritdoc IOpenToken
    uint256 public constant INITIAL_SUPPLY = 1_000_000_000e18;

    /// @param recipient Receives the whole supply.
    constructor(address recipient) ERC20("Open", "OPEN") ERC20Permit("Open") {
        // Check: ERC20's _mint already refuses the zero address with ERC20InvalidReceiver(0).
        // Effect: the one and only mint.
        _mint(recipient, INITIAL_SUPPLY);
    }
}
