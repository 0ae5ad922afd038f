// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IDatanetRegistry } from "../interfaces/IDatanetRegistry.sol";

/// @title SettlementState
/// @notice The state that both halves of the settlement vault use: the token it holds, the datanet registry, the
/// credits to the treasury and the stakers, and what each datanet has accrued. Settlement credits them; the
/// attribution side (AttributionEpochs) bounds roots by the accrued pools, pays claims out of them and credits slashed
/// bonds to the treasury. Each half keeps the rest of its state private.
abstract contract SettlementState {
    /// @dev Everything a settlement of a model without parent reads and writes of its own, in one slot: the credits to
    /// the treasury and to the stakers (written once per settlement or batch; both bounded by OPEN's supply,
    /// 10^27 < 2^96), the fee shares that governance sets, its floor on a model's data share (the copy of the model
    /// registry's), and whether new settlements are paused. The lineage royalty, read only for a model with a parent,
    /// is in a slot of its own.
    struct PoolCredits {
        uint96 treasury;
        uint96 stakers;
        uint16 protocolBps;
        uint16 stakersBps;
        uint16 minDataBps;
        bool paused;
    }

    /// @dev The OPEN token: every fee, bond and payout of the vault.
    IERC20 internal immutable _token;
    /// @dev The datanet registry: who may post a datanet's roots.
    IDatanetRegistry internal immutable _datanets;

    /// @dev The protocol and stakers shares credited and not yet paid out, the shares and the pause.
    PoolCredits internal _credits;
    /// @dev Everything ever credited to the contributors of each datanet: a root's total never exceeds it.
    mapping(uint256 datanetId => uint256) internal _accrued;

    constructor(IERC20 token_, IDatanetRegistry datanets_) {
        _token = token_;
        _datanets = datanets_;
    }
}
