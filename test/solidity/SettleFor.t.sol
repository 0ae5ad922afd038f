// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IERC20Errors } from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import { IErrors } from "../../contracts/interfaces/IErrors.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { ISpendingBudgets } from "../../contracts/interfaces/ISpendingBudgets.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice Settlement under a principal's spending budget: an agent's wallet settles inferences that the principal
/// pays, within the budget the principal gave it, and names what they were for.
contract SettleForTest is SuiteBase {
    address internal constant PRINCIPAL = address(0x9121);
    address internal constant AGENT = address(0xA6E7);
    address internal constant MODEL_OWNER = address(0x0DE1);
    uint256 internal constant PRICE = 2e18;
    uint256 internal constant PER_PERIOD = 10e18;
    uint256 internal constant PERIOD = 1 days;
    uint256 internal constant JOB = 42;

    uint256 internal modelA;
    uint256 internal modelB;

    function setUp() public {
        _deploySuite();
        vm.prank(MODEL_OWNER);
        uint256 datanetId = datanets.createDatanet("ipfs://datanet", false, 0, address(0xA77E));
        _publishDatanetVersion(datanetId);
        modelA = _registerModel(MODEL_OWNER, 0, datanetId, PRICE, 5_000);
        modelB = _registerModel(MODEL_OWNER, 0, datanetId, PRICE / 2, 5_000);
        _fund(PRINCIPAL, 1_000e18);
        vm.prank(PRINCIPAL);
        open.approve(address(budgets), type(uint256).max);
    }

    function _grant(uint256[] memory modelIds) internal {
        vm.prank(PRINCIPAL);
        budgets.grant(AGENT, PER_PERIOD, PERIOD, block.timestamp + 30 days, modelIds);
    }

    function _inference(
        uint256 modelId,
        uint256 units,
        bytes32 id
    ) internal pure returns (ISettlement.Inference memory) {
        return ISettlement.Inference(modelId, units, type(uint256).max, id, keccak256(abi.encode(id)));
    }

    function test_settleFor_chargesThePrincipalsBudgetAndNamesTheAgentAndTheJob() public {
        _grant(new uint256[](0));
        uint256 before = open.balanceOf(PRINCIPAL);
        vm.expectEmit(address(settlement));
        emit ISettlement.InferenceSettled(
            bytes32("i1"),
            modelA,
            PRINCIPAL,
            2 * PRICE,
            keccak256(abi.encode(bytes32("i1")))
        );
        vm.expectEmit(address(settlement));
        emit ISettlement.InferenceContext(bytes32("i1"), AGENT, JOB);
        vm.prank(AGENT);
        uint256 fee = settlement.settleFor(PRINCIPAL, _inference(modelA, 2, "i1"), JOB);
        assertEq(fee, 2 * PRICE, "the fee");
        assertEq(before - open.balanceOf(PRINCIPAL), fee, "the principal paid");
        assertEq(budgets.available(PRINCIPAL, AGENT), PER_PERIOD - fee, "the budget was charged");
        assertEq(open.balanceOf(address(settlement)), fee, "the vault holds the fee");
    }

    function test_RevertWhen_settleFor_overThePeriodsBudget() public {
        _grant(new uint256[](0));
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, _inference(modelA, 4, "i1"), 0); // 8 of 10
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.OverBudget.selector, PRINCIPAL, AGENT, 4e18, 2e18));
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, _inference(modelA, 2, "i2"), 0);
        assertEq(settlement.treasuryAccrued(), (8e18 * PROTOCOL_BPS) / 10_000, "only the first settled");
        // The next period has the whole budget again.
        vm.warp(block.timestamp + PERIOD);
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, _inference(modelA, 5, "i3"), 0);
        assertEq(budgets.available(PRINCIPAL, AGENT), 0, "the new period's budget spent");
    }

    function test_RevertWhen_settleFor_aModelNotOnTheBudgetsList() public {
        uint256[] memory list = new uint256[](1);
        list[0] = modelB;
        _grant(list);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.ModelNotInBudget.selector, PRINCIPAL, AGENT, modelA));
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, _inference(modelA, 1, "i1"), 0);
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, _inference(modelB, 1, "i2"), 0);
        assertEq(budgets.available(PRINCIPAL, AGENT), PER_PERIOD - PRICE / 2, "the listed model settled");
    }

    function test_RevertWhen_settleFor_withoutABudget_orByAnotherWallet() public {
        _grant(new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.NoBudget.selector, PRINCIPAL, address(this)));
        settlement.settleFor(PRINCIPAL, _inference(modelA, 1, "i1"), 0);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.NoBudget.selector, address(this), AGENT));
        vm.prank(AGENT);
        settlement.settleFor(address(this), _inference(modelA, 1, "i1"), 0);
        assertEq(open.balanceOf(address(settlement)), 0, "nothing settled");
    }

    function test_RevertWhen_settleFor_afterTheExpiry() public {
        _grant(new uint256[](0));
        uint256 expiry = block.timestamp + 30 days;
        vm.warp(expiry);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.BudgetExpired.selector, PRINCIPAL, AGENT, expiry));
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, _inference(modelA, 1, "i1"), 0);
    }

    function test_RevertWhen_settleFor_aRevokedBudget() public {
        _grant(new uint256[](0));
        vm.prank(PRINCIPAL);
        budgets.revoke(AGENT);
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.NoBudget.selector, PRINCIPAL, AGENT));
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, _inference(modelA, 1, "i1"), 0);
    }

    function test_RevertWhen_settleFor_theFeeIsAboveTheCap() public {
        _grant(new uint256[](0));
        ISettlement.Inference memory inf = _inference(modelA, 1, "i1");
        inf.maxFee = PRICE - 1;
        vm.expectRevert(abi.encodeWithSelector(ISettlement.FeeAboveCap.selector, PRICE, PRICE - 1));
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, inf, 0);
    }

    function test_RevertWhen_settleFor_thePrincipalWithdrewItsAllowance() public {
        _grant(new uint256[](0));
        vm.prank(PRINCIPAL);
        open.approve(address(budgets), 0);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(budgets), 0, PRICE)
        );
        vm.prank(AGENT);
        settlement.settleFor(PRINCIPAL, _inference(modelA, 1, "i1"), 0);
        assertEq(budgets.available(PRINCIPAL, AGENT), PER_PERIOD, "nothing charged");
    }

    function test_settleBatchFor_chargesOncePerModelRun() public {
        _grant(new uint256[](0));
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](4);
        batch[0] = _inference(modelA, 1, "i1");
        batch[1] = _inference(modelA, 2, "i2"); // same model, another fee: a run, and a charge, of its own
        batch[2] = _inference(modelB, 1, "i3");
        batch[3] = _inference(modelA, 1, "i4");
        uint256 before = open.balanceOf(PRINCIPAL);
        vm.expectEmit(address(settlement));
        emit ISettlement.InferenceContext(bytes32("i4"), AGENT, JOB);
        vm.prank(AGENT);
        uint256 total = settlement.settleBatchFor(PRINCIPAL, batch, JOB);
        assertEq(total, 4 * PRICE + PRICE / 2, "the total");
        assertEq(before - open.balanceOf(PRINCIPAL), total, "the principal paid the total");
        assertEq(budgets.available(PRINCIPAL, AGENT), PER_PERIOD - total, "charged the total");
        assertEq(open.balanceOf(address(settlement)), total, "the vault holds it");
    }

    function test_RevertWhen_settleBatchFor_overBudget_allOrNothing() public {
        _grant(new uint256[](0));
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](2);
        batch[0] = _inference(modelA, 4, "i1");
        batch[1] = _inference(modelB, 5, "i2"); // 8 + 5 > 10
        vm.expectRevert(abi.encodeWithSelector(ISpendingBudgets.OverBudget.selector, PRINCIPAL, AGENT, 5e18, 2e18));
        vm.prank(AGENT);
        settlement.settleBatchFor(PRINCIPAL, batch, 0);
        assertEq(budgets.available(PRINCIPAL, AGENT), PER_PERIOD, "nothing charged");
        assertEq(settlement.treasuryAccrued(), 0, "nothing credited");
    }

    function test_RevertWhen_settleBatchFor_empty() public {
        _grant(new uint256[](0));
        vm.expectRevert(IErrors.EmptyBatch.selector);
        vm.prank(AGENT);
        settlement.settleBatchFor(PRINCIPAL, new ISettlement.Inference[](0), 0);
    }

    function testFuzz_settleFor_neverSpendsMoreThanTheBudgetInAPeriod(uint256 seed) public {
        _grant(new uint256[](0));
        uint256 spentInPeriod;
        uint256 periodStart = block.timestamp;
        for (uint256 i; i < 12; ++i) {
            uint256 step = uint256(keccak256(abi.encode(seed, i)));
            vm.warp(block.timestamp + bound(step, 0, PERIOD / 3));
            if (block.timestamp >= periodStart + PERIOD) {
                periodStart += ((block.timestamp - periodStart) / PERIOD) * PERIOD;
                spentInPeriod = 0;
            }
            uint256 units = bound(step >> 128, 1, 4);
            vm.prank(AGENT);
            try settlement.settleFor(PRINCIPAL, _inference(modelA, units, bytes32(i)), 0) returns (uint256 fee) {
                spentInPeriod += fee;
            } catch {
                assertGt(spentInPeriod + units * PRICE, PER_PERIOD, "refused only over the budget");
            }
            assertLe(spentInPeriod, PER_PERIOD, "never over the period's budget");
        }
    }
}
