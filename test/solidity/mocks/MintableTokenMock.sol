// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A plain ERC-20 that anyone may mint, for amounts beyond OPEN's supply.
contract MintableTokenMock is ERC20 {
    constructor() ERC20("Mintable", "MINT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
