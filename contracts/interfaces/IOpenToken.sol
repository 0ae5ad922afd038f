// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IOpenToken
/// @notice OPEN: ERC-20 "Open"/"OPEN" with 18 decimals, EIP-2612 permit (IERC20Permit) and burning (`burn`,
/// `burnFrom`). The supply is minted once, at deployment, to one recipient; nobody can mint afterwards, so the supply
/// only ever falls, by burns.
interface IOpenToken {
    /// @notice The amount minted at deployment: 1,000,000,000 OPEN.
    /// @return The initial supply, in wei of OPEN (10^27).
    function INITIAL_SUPPLY() external view returns (uint256);
}
