// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IModelRegistry } from "../interfaces/IModelRegistry.sol";
import { ISettlement } from "../interfaces/ISettlement.sol";
import { TrainingSet } from "./TrainingSet.sol";

/// @title FeeSplit
/// @notice The money flow of one inference, in one place: the fee of `units` at a model's price, and its split into
/// the protocol share, the stakers share, the owner share of each model up the lineage (less the royalty to its
/// parent) and the data share of each model's training datanets. In every split the last part takes the remainder,
/// so the parts add up to the fee exactly. Settlement computes a split into a `Sink` in memory (the same code serves
/// `previewSplit`), then writes it with `credit`.
library FeeSplit {
    /// @notice The shares that governance sets, read together by every settlement.
    struct Shares {
        uint16 protocolBps;
        uint16 stakersBps;
        uint16 lineageBps;
    }

    /// @notice The credits of one split, in memory: `models` model credits and `datanets` datanet credits, in the
    /// order the split makes them, one lineage level after another. Allocated by `newSink` (once per transaction, as
    /// large as the splits it serves need) and reset by every `allocate`, so one sink serves every inference of a batch.
    struct Sink {
        uint256 models;
        uint256 datanets;
        uint256[] modelIds;
        uint256[] modelAmounts;
        uint256[] datanetIds;
        uint256[] datanetAmounts;
    }

    /// @notice Basis points in a whole.
    uint256 internal constant BPS = 10_000;
    /// @notice The most lineage levels one split walks: at most LINEAGE_DEPTH_CAP ancestors plus the model itself,
    /// each with at most TrainingSet.MAX_ENTRIES datanets.
    uint256 internal constant MAX_LEVELS = 9;

    /// @notice The fee of `units` at `price`, which must not exceed the payer's cap `maxFee`.
    /// @param price The model's price per unit, in OPEN.
    /// @param units How many units are settled; not zero.
    /// @param maxFee The most the payer pays.
    /// @return fee `price * units`.
    function feeOf(uint256 price, uint256 units, uint256 maxFee) internal pure returns (uint256 fee) {
        if (units == 0) revert ISettlement.ZeroUnits();
        fee = price * units;
        if (fee > maxFee) revert ISettlement.FeeAboveCap(fee, maxFee);
    }

    /// @notice A sink with room for the largest split: MAX_LEVELS models, each with TrainingSet.MAX_ENTRIES datanets.
    /// @return sink The empty sink.
    function newSink() internal pure returns (Sink memory sink) {
        return newSink(MAX_LEVELS, MAX_LEVELS * TrainingSet.MAX_ENTRIES);
    }

    /// @notice A sink with room for every split of a model of `terms`: its own datanets, and up to
    /// TrainingSet.MAX_ENTRIES for each of its `depth` ancestors (a split walks at most depth + 1 levels).
    /// @param terms The model's terms.
    /// @return sink The empty sink.
    function newSink(IModelRegistry.Terms memory terms) internal pure returns (Sink memory sink) {
        uint256 levels = terms.depth < MAX_LEVELS ? terms.depth + 1 : MAX_LEVELS;
        return newSink(levels, terms.datanetCount + (levels - 1) * TrainingSet.MAX_ENTRIES);
    }

    /// @notice A sink with room for `models` model credits and `datanets` datanet credits.
    function newSink(uint256 models, uint256 datanets) internal pure returns (Sink memory sink) {
        sink.modelIds = new uint256[](models);
        sink.modelAmounts = new uint256[](models);
        sink.datanetIds = new uint256[](datanets);
        sink.datanetAmounts = new uint256[](datanets);
    }

    /// @notice Splits `fee` paid for `modelId` into `sink`. Takes the protocol and stakers shares off the top
    /// (returned, for the caller to credit once per transaction), then walks the lineage: each model keeps its owner
    /// share less the royalty to its parent, and splits its data share over its training datanets. A suspended parent
    /// earns nothing: the royalty it would have received (and passed on to its own ancestors) joins the child's data
    /// share instead, so the walk stops there. Every last part takes the remainder.
    /// @param models The registry that gives each parent's terms (`royaltyTerms`).
    /// @param modelId The model settled.
    /// @param terms Its terms.
    /// @param fee The fee to split.
    /// @param shares The protocol, stakers and lineage shares.
    /// @param sink Where the model and datanet credits go; reset first.
    /// @return protocol The protocol share.
    /// @return stakers The stakers share.
    function allocate(
        IModelRegistry models,
        uint256 modelId,
        IModelRegistry.Terms memory terms,
        uint256 fee,
        Shares memory shares,
        Sink memory sink
    ) internal view returns (uint256 protocol, uint256 stakers) {
        sink.models = 0;
        sink.datanets = 0;
        protocol = (fee * shares.protocolBps) / BPS;
        stakers = (fee * shares.stakersBps) / BPS;
        // protocolBps + stakersBps ≤ MAX_FEE_SHARES_BPS < BPS, so these parts never exceed the fee.
        uint256 amount = fee - protocol - stakers;
        for (uint256 level; ; ++level) {
            uint256 ownerShare = (amount * terms.ownerBps) / BPS;
            // Registration bounds every lineage by LINEAGE_DEPTH_CAP; the level check only makes the bound local.
            uint256 royalty =
                terms.parentId != 0 && level + 1 < MAX_LEVELS ? (ownerShare * shares.lineageBps) / BPS : 0;
            uint256 data = amount - ownerShare;
            if (royalty != 0) {
                // The parent's terms are read before this level is credited: its suspension decides where the
                // royalty goes.
                IModelRegistry.Terms memory parent = models.royaltyTerms(terms.parentId);
                if (!parent.suspended) {
                    _creditModel(sink, modelId, ownerShare - royalty);
                    creditDatanets(sink, terms, data);
                    modelId = terms.parentId;
                    terms = parent;
                    amount = royalty;
                    continue;
                }
                // A suspended parent: the owner keeps what it would have kept, and the royalty joins the data share,
                // so the parts of this level still add up to `amount` (royalty ≤ ownerShare).
                ownerShare -= royalty;
                data += royalty;
            }
            _creditModel(sink, modelId, ownerShare);
            creditDatanets(sink, terms, data);
            break;
        }
    }

    /// @notice Splits `data` over the training datanets of `terms` by their weights into `sink`; the last datanet takes
    /// the remainder, so the credits add up to `data` exactly.
    /// @param sink Where the datanet credits go.
    /// @param terms The model's terms: its packed training set.
    /// @param data The data share to split.
    function creditDatanets(Sink memory sink, IModelRegistry.Terms memory terms, uint256 data) internal pure {
        uint256 n = terms.datanetCount;
        uint256 left = data;
        for (uint256 i; i < n; ++i) {
            (uint256 datanetId, uint256 weightBps) = TrainingSet.at(terms.datanets, i);
            uint256 part = i + 1 == n ? left : (data * weightBps) / BPS;
            left -= part;
            _creditDatanet(sink, datanetId, part);
        }
    }

    /// @notice Writes `count` times the credits of `sink` to the models' revenue and the datanets' accrued pools: the
    /// credits of `count` inferences of one model at one fee, whose splits are all the same. Zero credits (dust) are
    /// skipped: they change nothing.
    /// @param sink The credits of one split.
    /// @param count How many inferences made that split; not zero.
    /// @param modelRevenue The revenue of each model, not yet withdrawn.
    /// @param accrued What each datanet has accrued in all.
    function credit(
        Sink memory sink,
        uint256 count,
        mapping(uint256 modelId => uint256) storage modelRevenue,
        mapping(uint256 datanetId => uint256) storage accrued
    ) internal {
        // Every credit is at most the fee, and `count` fees add up without overflow (the caller's total is checked),
        // so the products cannot overflow.
        for (uint256 i; i < sink.models; ++i) {
            uint256 amount = sink.modelAmounts[i];
            if (amount != 0) modelRevenue[sink.modelIds[i]] += _times(amount, count);
        }
        for (uint256 i; i < sink.datanets; ++i) {
            uint256 amount = sink.datanetAmounts[i];
            if (amount != 0) accrued[sink.datanetIds[i]] += _times(amount, count);
        }
    }

    /// @notice The split of `allocate` for a model without parent, credited straight to storage `count` times: the
    /// same arithmetic in the same order (one level, no royalty), without the sink. Zero credits are skipped.
    /// @param modelId The model settled; its terms name no parent.
    /// @param terms Its terms.
    /// @param fee The fee to split.
    /// @param shares The protocol and stakers shares (the lineage share plays no part without parent).
    /// @param count How many inferences made that split; not zero, and `fee * count` does not overflow.
    /// @param modelRevenue The revenue of each model, not yet withdrawn.
    /// @param accrued What each datanet has accrued in all.
    /// @return protocol The protocol share of one inference.
    /// @return stakers The stakers share of one inference.
    function creditRoot(
        uint256 modelId,
        IModelRegistry.Terms memory terms,
        uint256 fee,
        Shares memory shares,
        uint256 count,
        mapping(uint256 modelId => uint256) storage modelRevenue,
        mapping(uint256 datanetId => uint256) storage accrued
    ) internal returns (uint256 protocol, uint256 stakers) {
        protocol = (fee * shares.protocolBps) / BPS;
        stakers = (fee * shares.stakersBps) / BPS;
        uint256 amount = fee - protocol - stakers;
        uint256 ownerShare = (amount * terms.ownerBps) / BPS;
        if (ownerShare != 0) modelRevenue[modelId] += _times(ownerShare, count);
        _accrueDatanets(terms, amount - ownerShare, count, accrued);
    }

    /// @dev `creditDatanets` straight to storage, `count` times.
    function _accrueDatanets(
        IModelRegistry.Terms memory terms,
        uint256 data,
        uint256 count,
        mapping(uint256 datanetId => uint256) storage accrued
    ) private {
        uint256 n = terms.datanetCount;
        uint256 left = data;
        for (uint256 i; i < n; ++i) {
            (uint256 datanetId, uint256 weightBps) = TrainingSet.at(terms.datanets, i);
            uint256 part = i + 1 == n ? left : (data * weightBps) / BPS;
            left -= part;
            if (part != 0) accrued[datanetId] += _times(part, count);
        }
    }

    /// @dev `amount * count` for a credit `amount` at most a fee that `count` times does not overflow.
    function _times(uint256 amount, uint256 count) private pure returns (uint256) {
        unchecked {
            return amount * count;
        }
    }

    function _creditModel(Sink memory sink, uint256 modelId, uint256 amount) private pure {
        uint256 i = sink.models++;
        sink.modelIds[i] = modelId;
        sink.modelAmounts[i] = amount;
    }

    function _creditDatanet(Sink memory sink, uint256 datanetId, uint256 amount) private pure {
        uint256 i = sink.datanets++;
        sink.datanetIds[i] = datanetId;
        sink.datanetAmounts[i] = amount;
    }
}
