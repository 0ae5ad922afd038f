// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IAgentRegistry } from "../../../../contracts/interfaces/IAgentRegistry.sol";
import { ISettlement } from "../../../../contracts/interfaces/ISettlement.sol";
import { BudgetLedger } from "./BudgetLedger.sol";
import { AgentStore, Agents } from "../stores/AgentStore.sol";
import { System, SystemStore } from "../stores/SystemStore.sol";
import { AgentSystemHandler } from "./AgentSystemHandler.sol";

/// @notice Drives the agents and their principals: actors register agents and stake for them (and owners take stake
/// back, so that an agent may fall below its minimum); principals grant, lower and revoke budgets for the actors'
/// wallets; wallets settle inferences, one or a batch, under those budgets. Each charge is predicted from the budget's
/// own account (BudgetLedger) and Settlement's state, and each settlement checks that the fee was credited, charged to
/// the budget and paid by the principal, to the unit.
contract AgentHandler is AgentSystemHandler {
    /// @dev A settlement under a budget: who pays, the runs it charges (for a batch: their models and amounts, model 0
    /// after the last) and its total, and the state before it.
    struct Batch {
        address principal;
        address wallet;
        uint256[] runModels;
        uint256[] runAmounts;
        uint256 total;
        uint256 credits;
        uint256 frozen;
        uint256 spent;
        uint256 held;
    }

    /// @notice At most this many agents are registered, so that a run reuses them.
    uint256 public constant MAX_AGENTS = 8;

    constructor(
        System memory s,
        SystemStore store_,
        Agents memory a,
        AgentStore agentStore_
    ) AgentSystemHandler(s, store_, a, agentStore_) {}

    // ─── Identity and stake ──────────────────────────────────────────────────────────────────────────────────────

    function register(uint256 actorSeed) external {
        if (registry.agentCount() >= MAX_AGENTS) return;
        address owner = _actor(actorSeed);
        vm.prank(owner);
        try registry.register("ipfs://agent") returns (uint256 agentId) {
            if (registry.ownerOf(agentId) != owner || registry.getAgentWallet(agentId) != owner) {
                _surprise("register: owner or wallet", abi.encode(agentId));
            } else {
                _done("agent.register");
            }
        } catch (bytes memory reason) {
            _surprise("agent.register", reason);
        }
    }

    /// @notice Any actor stakes for any agent: half the calls less than the minimum, half up to three times it.
    function stake(uint256 actorSeed, uint256 agentSeed, uint256 amount) external {
        uint256 agentId = _agentId(agentSeed);
        if (agentId == 0) return;
        address staker = _actor(actorSeed);
        uint256 minimum = registry.minStake();
        amount = bound(amount, 1, amount % 2 == 0 ? minimum : 3 * minimum);
        uint256 held = open.balanceOf(address(registry));
        vm.prank(staker);
        try registry.stake(agentId, amount) {
            if (open.balanceOf(address(registry)) != held + amount) _surprise("agent.stake moved", "");
            else _done("agent.stake");
        } catch (bytes memory reason) {
            _surprise("agent.stake", reason);
        }
    }

    /// @notice The owner asks for part of its agent's stake back: an agent below its minimum takes no new job.
    function requestUnstake(uint256 agentSeed, uint256 amount) external {
        uint256 agentId = _agentId(agentSeed);
        if (agentId == 0) return;
        (uint256 staked, , ) = registry.stakeOf(agentId);
        if (staked == 0) return;
        amount = bound(amount, 1, staked);
        vm.prank(registry.ownerOf(agentId));
        try registry.requestUnstake(agentId, amount) {
            _done("agent.requestUnstake");
        } catch (bytes memory reason) {
            _surprise("agent.requestUnstake", reason);
        }
    }

    /// @notice The owner takes back what unlocks: refused with UnstakeNotReady before the delay ends.
    function unstake(uint256 agentSeed) external {
        uint256 agentId = _agentId(agentSeed);
        if (agentId == 0) return;
        (, uint256 unlocking, uint256 unlockAt) = registry.stakeOf(agentId);
        if (unlocking == 0) return;
        bytes4 expected = block.timestamp < unlockAt ? IAgentRegistry.UnstakeNotReady.selector : bytes4(0);
        address owner = registry.ownerOf(agentId);
        uint256 before = open.balanceOf(owner);
        vm.prank(owner);
        try registry.unstake(agentId, owner) {
            if (_succeededAgainst("agent.unstake", expected) && open.balanceOf(owner) != before + unlocking) {
                _surprise("agent.unstake paid", "");
            }
        } catch (bytes memory reason) {
            _revertedAgainst("agent.unstake", reason, expected);
        }
    }

    // ─── Budgets ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice A principal grants (or replaces) a budget for an actor's wallet: 1 to 2,000 OPEN per period of an hour
    /// to two days, for up to ten days, listing one or two models half the time.
    function grant(
        uint256 principalSeed,
        uint256 walletSeed,
        uint256 amount,
        uint256 period,
        uint256 life,
        uint256 listSeed
    ) external {
        address principal = agentStore.principal(principalSeed);
        address wallet = _actor(walletSeed);
        amount = bound(amount, 1e18, 2_000e18);
        period = bound(period, 1 hours, 2 days);
        uint256 expiry = block.timestamp + bound(life, 1 hours, 10 days);
        uint256[] memory list = _list(listSeed);
        vm.prank(principal);
        try budgets.grant(wallet, amount, period, expiry, list) {
            agentStore.granted(principal, wallet, amount, period, expiry, list);
            _done("budget.grant");
        } catch (bytes memory reason) {
            _surprise("budget.grant", reason);
        }
    }

    function lower(uint256 principalSeed, uint256 walletSeed, uint256 amount) external {
        address principal = agentStore.principal(principalSeed);
        address wallet = _actor(walletSeed);
        BudgetLedger.Ghost memory g = agentStore.ghost(principal, wallet);
        if (!g.exists || g.amount == 0) return;
        amount = bound(amount, 0, g.amount - 1);
        vm.prank(principal);
        try budgets.lower(wallet, amount) {
            agentStore.lowered(principal, wallet, amount);
            _done("budget.lower");
        } catch (bytes memory reason) {
            _surprise("budget.lower", reason);
        }
    }

    function revoke(uint256 principalSeed, uint256 walletSeed) external {
        address principal = agentStore.principal(principalSeed);
        address wallet = _actor(walletSeed);
        if (!agentStore.ghost(principal, wallet).exists) return;
        vm.prank(principal);
        try budgets.revoke(wallet) {
            agentStore.revoked(principal, wallet);
            _done("budget.revoke");
        } catch (bytes memory reason) {
            _surprise("budget.revoke", reason);
        }
    }

    // ─── Settlement under budgets ────────────────────────────────────────────────────────────────────────────────

    /// @notice A wallet settles `units` inferences of one model under a principal's budget (a pair without a budget
    /// too, to be refused).
    function settleFor(uint256 principalSeed, uint256 walletSeed, uint256 modelSeed, uint256 units) external {
        uint256 modelId = _model(modelSeed);
        if (modelId == 0) return;
        Batch memory b;
        b.principal = agentStore.principal(principalSeed);
        b.wallet = _actor(walletSeed);
        units = bound(units, 1, 200);
        b.total = models.model(modelId).price * units;
        bytes4 expected = _settleRefusal(modelId);
        if (expected == bytes4(0)) expected = agentStore.predictCharge(b.principal, b.wallet, modelId, b.total, 0);
        (b.credits, b.frozen) = (_creditsTotal(), _suspendedRevenue());
        (b.spent, b.held) = (_spent(b.principal, b.wallet), open.balanceOf(b.principal));
        ISettlement.Inference memory inference = ISettlement.Inference(
            modelId,
            units,
            type(uint256).max,
            bytes32(store.nextNonce()),
            keccak256(abi.encode(modelSeed))
        );
        vm.prank(b.wallet);
        try settlement.settleFor(b.principal, inference, walletSeed) returns (uint256 paid) {
            if (_succeededAgainst("settleFor", expected)) {
                agentStore.chargedNow(b.principal, b.wallet, b.total);
                _settled("settleFor", b, paid);
            }
            if (_suspendedRevenue() != b.frozen) _surprise("settleFor credited a suspended model", "");
        } catch (bytes memory reason) {
            _revertedAgainst("settleFor", reason, expected);
        }
    }

    /// @notice A wallet settles one to five inferences under a principal's budget: runs of one model at one fee are
    /// charged one by one, and the first refusal, by Settlement or by the budget, undoes the batch.
    function settleBatchFor(uint256 principalSeed, uint256 walletSeed, uint256 seed, uint256 count) external {
        uint256 modelCount = models.modelCount();
        if (modelCount == 0) return;
        Batch memory b;
        b.principal = agentStore.principal(principalSeed);
        b.wallet = _actor(walletSeed);
        ISettlement.Inference[] memory inferences = _batch(seed, bound(count, 1, 5), modelCount);
        bytes4 expected = _predictBatch(b, inferences);
        (b.credits, b.frozen) = (_creditsTotal(), _suspendedRevenue());
        (b.spent, b.held) = (_spent(b.principal, b.wallet), open.balanceOf(b.principal));
        vm.prank(b.wallet);
        try settlement.settleBatchFor(b.principal, inferences, seed) returns (uint256 paid) {
            if (_succeededAgainst("settleBatchFor", expected)) _batchSettled(b, paid);
            if (_suspendedRevenue() != b.frozen) _surprise("settleBatchFor credited a suspended model", "");
        } catch (bytes memory reason) {
            _revertedAgainst("settleBatchFor", reason, expected);
        }
    }

    // ─── Private ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev `count` inferences of the first two models half the time (so that runs of one model form), else of any.
    function _batch(
        uint256 seed,
        uint256 count,
        uint256 modelCount
    ) private view returns (ISettlement.Inference[] memory batch) {
        batch = new ISettlement.Inference[](count);
        uint256 drawn = seed % 2 == 0 && modelCount > 2 ? 2 : modelCount;
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 units = 1 + ((r >> 8) % 3);
            batch[i] = ISettlement.Inference(1 + (r % drawn), units, type(uint256).max, bytes32(r), bytes32(seed));
        }
        // Inference ids need not be new to Settlement; the nonce keeps events apart across calls.
        batch[0].inferenceId = keccak256(abi.encode(seed, address(this), block.timestamp));
    }

    /// @dev Each run is one charge, which the account takes in order.
    function _batchSettled(Batch memory b, uint256 paid) private {
        for (uint256 i; i < b.runModels.length && b.runModels[i] != 0; ++i) {
            agentStore.chargedNow(b.principal, b.wallet, b.runAmounts[i]);
        }
        _settled("settleBatchFor", b, paid);
    }

    /// @dev The budget recorded the total, which the principal paid, the call returned, and the pools were credited.
    function _settled(string memory action, Batch memory b, uint256 paid) private {
        _charged(action, b.principal, b.wallet, b.total, b.spent, b.held);
        if (paid != b.total || _creditsTotal() != b.credits + b.total) {
            _surprise(string.concat(action, " credits"), abi.encode(paid, b.total));
        }
    }

    /// @dev How the batch must end, as Settlement runs it: the pause first; then, inference by inference, a model that
    /// starts a run must not be suspended, and the run before it is charged when it ends; the last run is charged after
    /// the loop. Writes the runs and the total into `b`.
    function _predictBatch(Batch memory b, ISettlement.Inference[] memory batch) private returns (bytes4 expected) {
        b.runModels = new uint256[](batch.length + 1);
        b.runAmounts = new uint256[](batch.length + 1);
        if (settlement.paused()) return _settleRefusal(batch[0].modelId);
        uint256 runs;
        uint256 runFee;
        uint256 before;
        for (uint256 i; i < batch.length; ++i) {
            uint256 modelId = batch[i].modelId;
            bool sameModel = i != 0 && modelId == b.runModels[runs - 1];
            if (!sameModel) {
                expected = _settleRefusal(modelId);
                if (expected != bytes4(0)) return expected;
            }
            uint256 fee = models.model(modelId).price * batch[i].units;
            if (!sameModel || fee != runFee) {
                if (runs != 0) {
                    expected = _predictRun(b, runs - 1, before);
                    if (expected != bytes4(0)) return expected;
                    before += b.runAmounts[runs - 1];
                }
                b.runModels[runs] = modelId;
                runFee = fee;
                ++runs;
            }
            b.runAmounts[runs - 1] += fee;
            b.total += fee;
        }
        expected = _predictRun(b, runs - 1, before);
    }

    function _predictRun(Batch memory b, uint256 run, uint256 before) private returns (bytes4) {
        return agentStore.predictCharge(b.principal, b.wallet, b.runModels[run], b.runAmounts[run], before);
    }

    /// @dev Empty half the time, else one or two existing models.
    function _list(uint256 seed) private view returns (uint256[] memory list) {
        uint256 modelCount = models.modelCount();
        if (seed % 2 == 0 || modelCount == 0) return list;
        uint256 n = modelCount > 1 ? 1 + ((seed >> 8) % 2) : 1;
        list = new uint256[](n);
        uint256 first = (seed >> 16) % modelCount;
        for (uint256 i; i < n; ++i) list[i] = 1 + ((first + i) % modelCount);
    }
}
