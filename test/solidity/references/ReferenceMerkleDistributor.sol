// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { MerkleProof } from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title ReferenceMerkleDistributor
/// @notice A measurement yardstick of the gas bench, never deployed by the suite: a one-shot Merkle distributor in the
/// style of Uniswap's MerkleDistributor. The token and the root are fixed at construction; each leaf
/// (index, account, amount) can be claimed once, and a bitmap of indices, 256 to a word, records the claims.
contract ReferenceMerkleDistributor {
    using SafeERC20 for IERC20;

    /// @notice The token paid.
    address public immutable token;
    /// @notice The Merkle root of keccak256(abi.encodePacked(index, account, amount)) leaves.
    bytes32 public immutable merkleRoot;

    mapping(uint256 wordIndex => uint256 word) private _claimedBitMap;

    /// @notice Emitted when the leaf `index` was claimed: `account` was paid `amount`.
    event Claimed(uint256 index, address account, uint256 amount);

    /// @notice Thrown when the leaf `index` was claimed already.
    error AlreadyClaimed(uint256 index);
    /// @notice Thrown when the proof does not lead from the leaf to the root.
    error InvalidProof(uint256 index, address account, uint256 amount);

    constructor(address token_, bytes32 merkleRoot_) {
        token = token_;
        merkleRoot = merkleRoot_;
    }

    /// @notice Whether the leaf `index` was claimed.
    /// @param index The leaf's index.
    /// @return Whether it was claimed.
    function isClaimed(uint256 index) public view returns (bool) {
        uint256 word = _claimedBitMap[index / 256];
        uint256 mask = 1 << (index % 256);
        return word & mask == mask;
    }

    /// @notice Pays `account` the `amount` of the leaf `index`, once. Anyone may send it.
    /// @param index The leaf's index.
    /// @param account The account paid.
    /// @param amount The amount of the leaf.
    /// @param merkleProof The Merkle proof of the leaf.
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata merkleProof) external {
        if (isClaimed(index)) revert AlreadyClaimed(index);
        bytes32 node = keccak256(abi.encodePacked(index, account, amount));
        if (!MerkleProof.verifyCalldata(merkleProof, merkleRoot, node)) revert InvalidProof(index, account, amount);
        _claimedBitMap[index / 256] |= 1 << (index % 256);
        IERC20(token).safeTransfer(account, amount);
        emit Claimed(index, account, amount);
    }
}
