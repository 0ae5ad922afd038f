// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IErrors
/// @notice The errors that more than one contract of the suite throws, declared once so that each error name has one
/// signature and one selector across the suite. Every other error is declared in the interface of the one contract
/// that throws it.
interface IErrors {
    /// @notice Thrown when an address is zero where an account or a contract is needed.
    error ZeroAddress();
    /// @notice Thrown when a hash (a content hash, a root or a weights hash) is zero.
    error ZeroHash();
    /// @notice Thrown when a URI is empty.
    error EmptyURI();
    /// @notice Thrown when a batch is empty: no inference to settle, no record in a batch, no decision in a review.
    error EmptyBatch();
    /// @notice Thrown when `caller` does not own `modelId`.
    /// @param modelId The model.
    /// @param caller Who called.
    error NotModelOwner(uint256 modelId, address caller);
    /// @notice Thrown when governance sets a parameter (a share, a floor or a bound) above its maximum.
    /// @param value The value set.
    /// @param max The most it may be.
    error ParameterOutOfBounds(uint256 value, uint256 max);
}
