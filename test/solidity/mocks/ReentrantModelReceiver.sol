// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC721Receiver } from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @notice A model NFT receiver that re-enters the suite from `onERC721Received`. The first time a token reaches it by
/// `safeTransferFrom`, it runs the calls set beforehand (to the settlement, the model registry, anything), records
/// how each one ended, and accepts the token. `execute` lets the test act as this contract outside the hook.
contract ReentrantModelReceiver is IERC721Receiver {
    /// @notice A call to make from inside the hook.
    struct Call {
        address target;
        bytes data;
    }

    /// @notice How a call made from inside the hook ended: its success and its return or revert data.
    struct Outcome {
        bool ok;
        bytes returned;
    }

    Call[] private _calls;
    Outcome[] private _outcomes;

    /// @notice How many tokens reached this contract through the hook.
    uint256 public received;

    /// @notice Sets the calls the next hook makes (the hook makes them the first time only).
    function setCalls(Call[] calldata calls) external {
        delete _calls;
        for (uint256 i; i < calls.length; ++i) _calls.push(calls[i]);
    }

    /// @notice How each call of the hook ended, in order.
    function outcomes() external view returns (Outcome[] memory) {
        return _outcomes;
    }

    /// @notice Calls `target` with `data` as this contract, bubbling up a revert.
    function execute(address target, bytes calldata data) external returns (bytes memory returned) {
        bool ok;
        (ok, returned) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        // The calls may send a token back here: only the first hook re-enters.
        if (++received == 1) {
            for (uint256 i; i < _calls.length; ++i) {
                (bool ok, bytes memory returned) = _calls[i].target.call(_calls[i].data);
                _outcomes.push(Outcome(ok, returned));
            }
        }
        return IERC721Receiver.onERC721Received.selector;
    }
}
