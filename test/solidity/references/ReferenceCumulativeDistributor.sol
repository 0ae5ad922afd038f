// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { MerkleProof } from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title ReferenceCumulativeDistributor
/// @notice A measurement yardstick of the gas bench, never deployed by the suite: a cumulative Merkle distributor in
/// the style of Morpho's Universal Rewards Distributor. The owner sets one root; each leaf gives an account the total
/// it may ever have claimed of a reward token, and a claim pays that total less what the account has claimed of it
/// already. Only the measured path is here: no timelock on roots, no pending root, no root updaters.
contract ReferenceCumulativeDistributor is Ownable {
    using SafeERC20 for IERC20;

    /// @notice The Merkle root of (account, reward, claimable) leaves.
    bytes32 public root;
    /// @notice What `account` has claimed of `reward` so far.
    mapping(address account => mapping(address reward => uint256 amount)) public claimed;

    /// @notice Emitted when the owner sets a new root.
    event RootSet(bytes32 indexed newRoot);
    /// @notice Emitted when `account` was paid `amount` of `reward`.
    event Claimed(address indexed account, address indexed reward, uint256 amount);

    /// @notice Thrown when the proof does not lead from the leaf to the root.
    error InvalidProof(address account, address reward, uint256 claimable);
    /// @notice Thrown when the account has claimed `claimed` already, as much as or more than `claimable`.
    error ClaimableTooLow(uint256 claimable, uint256 claimed);

    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @notice Sets the root that claims are checked against. Owner only.
    /// @param newRoot The new Merkle root.
    function setRoot(bytes32 newRoot) external onlyOwner {
        root = newRoot;
        emit RootSet(newRoot);
    }

    /// @notice Pays `account` its `claimable` total of `reward` less what it has claimed already. Anyone may send it.
    /// @param account The account paid.
    /// @param reward The reward token.
    /// @param claimable The cumulative total of the leaf.
    /// @param proof The Merkle proof of the leaf.
    /// @return amount What was paid.
    function claim(
        address account,
        address reward,
        uint256 claimable,
        bytes32[] calldata proof
    ) external returns (uint256 amount) {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, reward, claimable))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof(account, reward, claimable);
        uint256 alreadyClaimed = claimed[account][reward];
        if (claimable <= alreadyClaimed) revert ClaimableTooLow(claimable, alreadyClaimed);
        amount = claimable - alreadyClaimed;
        claimed[account][reward] = claimable;
        IERC20(reward).safeTransfer(account, amount);
        emit Claimed(account, reward, amount);
    }
}
