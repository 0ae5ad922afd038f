// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title TrainingSet
/// @notice Packs a model's training datanets and their weights into two storage words, so that settlement reads one
/// word for up to five datanets. Entry i sits in word i / 5, at bit offset 48 * (i % 5): 32 bits of datanet id, then
/// 16 bits of weight in basis points. The datanet versions that a model version was trained on are packed apart, in
/// one word that settlement never reads: entry i at bit offset 22 * i.
library TrainingSet {
    /// @notice The most training datanets one model may name.
    uint256 internal constant MAX_ENTRIES = 10;
    uint256 internal constant PER_WORD = 5;
    uint256 private constant ENTRY_BITS = 48;
    uint256 private constant VERSION_BITS = 22;
    uint256 private constant VERSION_MASK = (1 << VERSION_BITS) - 1;

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

    /// @notice The datanet version of entry `i` in the packed versions.
    function versionAt(uint256 versions, uint256 i) internal pure returns (uint256) {
        return (versions >> (VERSION_BITS * i)) & VERSION_MASK;
    }

    /// @notice `versions` with entry `i` set to `version`; the callers check that `version` fits 22 bits (a datanet
    /// publishes at most IDatanetRegistry.MAX_VERSIONS).
    function withVersion(uint256 versions, uint256 i, uint256 version) internal pure returns (uint256) {
        uint256 shift = VERSION_BITS * i;
        return (versions & ~(VERSION_MASK << shift)) | ((version & VERSION_MASK) << shift);
    }
}
