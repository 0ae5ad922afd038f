// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title PermitLib
/// @notice Uses an EIP-2612 permit without letting a front-runner grief the call: if the permit was already
/// submitted by someone else, the allowance it set is used; otherwise the permit's own error (expired, wrong signer,
/// replayed nonce) is re-thrown unchanged, so the caller sees exactly what was wrong with it.
library PermitLib {
    struct Permit {
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    function usePermit(IERC20 token, address owner, address spender, uint256 value, Permit calldata p) internal {
        try IERC20Permit(address(token)).permit(owner, spender, value, p.deadline, p.v, p.r, p.s) {
            return;
        } catch (bytes memory reason) {
            // The permit may have been front-run: its allowance is then already in place.
            if (token.allowance(owner, spender) >= value) return;
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }
}
