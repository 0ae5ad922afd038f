// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title TrainingSet
/// @notice Packs a model's training datanets and their weights into two storage words, so that settlement reads one
/// word for up to five datanets. Entry i sits in word i / 5, at bit offset 48 * (i % 5): 32 bits of datanet id, then
/// 16 bits of weight in basis points.
library TrainingSet {
    /// @notice The most training datanets one model may name.
    uint256 internal constant MAX_ENTRIES = 10;
    uint256 internal constant PER_WORD = 5;
    uint256 private constant ENTRY_BITS = 48;

    /// @notice Entry `i` of the packed words.
    function at(uint256[2] memory words, uint256 i) internal pure returns (uint256 datanetId, uint256 weightBps) {
        uint256 entry = words[i / PER_WORD] >> (ENTRY_BITS * (i % PER_WORD));
        return (uint32(entry), uint16(entry >> 32));
    }

    /// @notice `words` with entry `i` set; the callers check that `datanetId` fits 32 bits and `weightBps` 16 bits.
    function set(uint256[2] memory words, uint256 i, uint256 datanetId, uint256 weightBps) internal pure {
        uint256 entry = uint256(uint32(datanetId)) | (uint256(uint16(weightBps)) << 32);
        words[i / PER_WORD] |= entry << (ENTRY_BITS * (i % PER_WORD));
    }
}
