// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Hashes } from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import { IAttributionEpochs } from "../../contracts/interfaces/IAttributionEpochs.sol";
import { IDatanetRegistry } from "../../contracts/interfaces/IDatanetRegistry.sol";
import { IModelRegistry } from "../../contracts/interfaces/IModelRegistry.sol";
import { ISettlement } from "../../contracts/interfaces/ISettlement.sol";
import { SuiteBase } from "./utils/SuiteBase.sol";

/// @notice Gas snapshots of the main operations (`hardhat test solidity --snapshot` writes them to snapshots/, and
/// `--snapshot-check` fails on any change). Each test makes one measured call from the state that `npm run bench`
/// describes in docs/bench.md and checks its effect.
///
/// The canonical gas record is bench/gas.json: the receipt gasUsed of real transactions, which is what the budgets in
/// DESIGN.md and the README are about. These snapshots are a review aid, not a second record: they measure the call
/// alone, from inside a test transaction, so they leave out the 21,000 base cost of a transaction and its calldata
/// (16 gas a non-zero byte, 4 a zero byte), and an account or a slot that the test read before the call (as
/// `settle.single` reads the datanet's pool to check the credit) is warm here where a transaction finds it cold
/// (2,600 an account, 2,100 a slot). So `settle.single` reads about 59,700 here and about 84,300 in bench/gas.json.
/// Compare a snapshot only with the same snapshot, to see what a change costs.
contract GasTest is SuiteBase {
    address internal constant STAKER = address(0x5700);
    address internal constant FRESH_STAKER = address(0xF500);
    address internal constant STAKED = address(0xF501);
    address internal constant DATANET_OWNER = address(0xDA7A);
    address internal constant ATTESTOR = address(0xA77E);
    address internal constant NEWCOMER = address(0xC000);
    address internal constant BUILDER = address(0xB000);
    address internal constant CHILD_BUILDER = address(0xB001);
    address internal constant PAYER = address(0xBA1E);
    address internal constant CLAIMANT = address(0xC1A1);

    uint256 internal constant STAKE = 5000e18;
    uint256 internal constant PRICE = 2e18;
    uint256 internal constant PROOF_LENGTH = 20;
    uint256 internal constant CLAIM_DATANETS = 5;
    string internal constant URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/meta";

    uint256 internal curated;
    uint256 internal openDatanet;
    uint256 internal baseModel;
    /// @dev The first claim datanet has epoch 1 active (for postRoot); all five have epoch 2 active, claimed in
    /// epoch 1 by CLAIMANT (for claim and claimMany).
    uint256[CLAIM_DATANETS] internal claimDatanets;
    uint256 internal postDatanet;
    IDatanetRegistry.Decision[] internal tenDecisions;

    function setUp() public {
        _deploySuite();
        _setUpStaking();
        _setUpDatanets();
        _setUpModelsAndSettlement();
        _setUpAttribution();
    }

    // ─── gOPEN ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_stake_firstStakeInARewardedPool() public {
        vm.prank(FRESH_STAKER);
        gopen.stake(STAKE);
        vm.snapshotGasLastCall("gopen.stake");
        assertEq(gopen.balanceOf(FRESH_STAKER), STAKE, "staked");
    }

    function test_delegate_firstDelegationOfAStaker() public {
        vm.prank(STAKED);
        gopen.delegate(STAKED);
        vm.snapshotGasLastCall("gopen.delegate");
        assertEq(gopen.getVotes(STAKED), STAKE, "votes");
    }

    function test_requestWithdrawal_firstRequestOfAStaker() public {
        vm.prank(STAKED);
        gopen.requestWithdrawal(2000e18);
        vm.snapshotGasLastCall("gopen.requestWithdrawal");
        (uint256 pending, ) = gopen.pendingWithdrawal(STAKED);
        assertEq(pending, 2000e18, "pending");
    }

    function test_claimRewards_firstClaimOfAStakerWhileAStreamRuns() public {
        uint256 earned = gopen.earned(STAKED);
        vm.prank(STAKED);
        gopen.claimRewards();
        vm.snapshotGasLastCall("gopen.claimRewards");
        assertTrue(earned != 0 && gopen.earned(STAKED) == 0, "claimed");
    }

    // ─── Datanets ────────────────────────────────────────────────────────────────────────────────────────────────

    function test_contribute_firstTimeContributorToACuratedDatanet() public {
        bytes32 contentHash = keccak256("newcomer record");
        vm.prank(NEWCOMER);
        datanets.contribute(curated, contentHash, URI);
        vm.snapshotGasLastCall("datanet.contribute");
        assertTrue(datanets.contribution(curated, contentHash).status == IDatanetRegistry.Status.Pending, "pending");
    }

    function test_review_tenContributionsOfEstablishedContributors() public {
        IDatanetRegistry.Decision[] memory decisions = tenDecisions;
        vm.prank(DATANET_OWNER);
        datanets.review(curated, decisions);
        vm.snapshotGasLastCall("datanet.review10");
        assertTrue(
            datanets.contribution(curated, decisions[9].contentHash).status == IDatanetRegistry.Status.Accepted,
            "accepted"
        );
    }

    function test_publishVersion_firstVersionOfACuratedDatanet() public {
        uint256 fresh = _freshCuratedWithFiveAccepted();
        vm.prank(DATANET_OWNER);
        uint256 version = datanets.publishVersion(fresh, URI);
        vm.snapshotGasLastCall("datanet.publishVersion");
        assertEq(version, 1, "version 1");
        assertEq(datanets.datanetVersion(fresh, 1).acceptedCount, 5, "five accepted");
    }

    // ─── Models ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_registerModel_childWithTwoTrainingDatanets() public {
        IModelRegistry.TrainingDatanet[] memory set = new IModelRegistry.TrainingDatanet[](2);
        set[0] = IModelRegistry.TrainingDatanet(openDatanet, 1, 6000);
        set[1] = IModelRegistry.TrainingDatanet(curated, 1, 4000);
        IModelRegistry.ModelParams memory p = IModelRegistry.ModelParams({
            cardURI: URI,
            weightsHash: keccak256("child weights"),
            weightsURI: URI,
            parentId: baseModel,
            datanets: set,
            price: PRICE,
            ownerBps: 3000
        });
        vm.prank(CHILD_BUILDER);
        uint256 modelId = models.registerModel(p);
        vm.snapshotGasLastCall("model.register");
        assertEq(models.model(modelId).parentId, baseModel, "parent");
    }

    function test_publishVersion_secondVersion() public {
        vm.prank(BUILDER);
        uint256 index = models.publishVersion(baseModel, keccak256("base weights v2"), URI, new uint256[](0));
        vm.snapshotGasLastCall("model.publishVersion");
        assertEq(index, 1, "second version");
    }

    // ─── Settlement ──────────────────────────────────────────────────────────────────────────────────────────────

    function test_settle_steadyStateOneDatanetNoParent() public {
        uint256 accruedBefore = settlement.accrued(openDatanet);
        vm.prank(PAYER);
        settlement.settle(baseModel, 1, PRICE, keccak256("inference"), keccak256("attribution"));
        vm.snapshotGasLastCall("settle.single");
        // 80% of the fee after protocol and stakers, 70% of that to the data.
        assertEq(settlement.accrued(openDatanet) - accruedBefore, (PRICE * 8 * 7) / 100, "data share");
    }

    function test_settleBatch_hundredInferencesOfOneModel() public {
        ISettlement.Inference[] memory batch = new ISettlement.Inference[](100);
        for (uint256 i; i < 100; ++i) {
            batch[i] = ISettlement.Inference(
                baseModel,
                1,
                PRICE,
                keccak256(abi.encode("id", i)),
                keccak256(abi.encode(i))
            );
        }
        vm.prank(PAYER);
        uint256 total = settlement.settleBatch(batch);
        uint256 used = vm.snapshotGasLastCall("settle.batch100");
        vm.snapshotValue("settle.batch100.perInference", used / 100);
        assertEq(total, 100 * PRICE, "total");
    }

    // ─── Attribution ─────────────────────────────────────────────────────────────────────────────────────────────

    function test_postRoot_secondEpochOfABondedAttestor() public {
        (bytes32 root, ) = _root(CLAIMANT, 20e18, 3);
        vm.prank(ATTESTOR);
        settlement.postRoot(postDatanet, 2, root, 20e18, URI);
        vm.snapshotGasLastCall("attribution.postRoot");
        assertEq(settlement.rootState(postDatanet).pendingRoot, root, "pending");
    }

    function test_claim_depth20AfterAnEarlierClaim() public {
        (, bytes32[] memory proof) = _root(CLAIMANT, 30e18, 2);
        uint256 before = open.balanceOf(CLAIMANT);
        vm.prank(CLAIMANT);
        settlement.claim(claimDatanets[0], CLAIMANT, 30e18, proof);
        vm.snapshotGasLastCall("claim.depth20");
        assertEq(open.balanceOf(CLAIMANT) - before, 20e18, "paid the difference");
    }

    function test_claimMany_fiveDatanetsAfterEarlierClaims() public {
        (, bytes32[] memory proof) = _root(CLAIMANT, 30e18, 2);
        IAttributionEpochs.DatanetClaim[] memory claims = new IAttributionEpochs.DatanetClaim[](CLAIM_DATANETS);
        for (uint256 i; i < CLAIM_DATANETS; ++i) {
            claims[i] = IAttributionEpochs.DatanetClaim(claimDatanets[i], 30e18, proof);
        }
        uint256 before = open.balanceOf(CLAIMANT);
        vm.prank(CLAIMANT);
        settlement.claimMany(CLAIMANT, claims);
        vm.snapshotGasLastCall("claim.multi5");
        assertEq(open.balanceOf(CLAIMANT) - before, CLAIM_DATANETS * 20e18, "paid the differences");
    }

    // ─── Set-up ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A pool with a staker and a running stream of rewards (a second push queued behind it); FRESH_STAKER has
    /// OPEN approved, STAKED has staked and earned rewards since (the later set-up steps let time pass).
    function _setUpStaking() private {
        _stakeAs(STAKER, 100_000e18);
        _addRewards(1000e18);
        _fund(FRESH_STAKER, 2 * STAKE);
        vm.prank(FRESH_STAKER);
        open.approve(address(gopen), STAKE);
        _stakeAs(STAKED, STAKE);
        _addRewards(1000e18);
    }

    /// @dev A curated datanet where five contributors each have one accepted contribution and two pending ones
    /// (the ten decisions of the review test), and an open datanet.
    function _setUpDatanets() private {
        vm.startPrank(DATANET_OWNER);
        openDatanet = datanets.createDatanet(URI, false, 0, ATTESTOR);
        curated = datanets.createDatanet(URI, true, 0, ATTESTOR);
        vm.stopPrank();
        IDatanetRegistry.Decision[] memory first = new IDatanetRegistry.Decision[](5);
        for (uint256 c; c < 5; ++c) {
            address contributor = address(uint160(0xC100 + c));
            first[c] = IDatanetRegistry.Decision(_contribute(contributor, curated, 3 * c), 10);
            for (uint256 k = 1; k <= 2; ++k) {
                tenDecisions.push(
                    IDatanetRegistry.Decision(_contribute(contributor, curated, 3 * c + k), 100 * (c + k))
                );
            }
        }
        vm.prank(DATANET_OWNER);
        datanets.review(curated, first);
        // Version 1 of both datanets, for the models (the open one takes one record first).
        _publishDatanetVersion(curated);
        _publishDatanetVersion(openDatanet);
    }

    /// @dev A base model on the open datanet, settled once by PAYER (finite allowance), so settlements are steady
    /// state.
    function _setUpModelsAndSettlement() private {
        baseModel = _registerModel(BUILDER, 0, openDatanet, PRICE, 3000);
        _fund(PAYER, 10_000_000e18);
        vm.prank(PAYER);
        open.approve(address(settlement), 5_000_000e18);
        vm.prank(PAYER);
        settlement.settle(baseModel, 1, PRICE, keccak256("first inference"), keccak256("first attribution"));
    }

    /// @dev Five open claim datanets funded by a model trained on all five, plus one for the post test. Epoch 1 gives
    /// CLAIMANT 10 OPEN everywhere and CLAIMANT claims it; epoch 2 (30 OPEN) is then active on the five claim
    /// datanets, while the post datanet keeps epoch 1 active.
    function _setUpAttribution() private {
        IModelRegistry.TrainingDatanet[] memory set = new IModelRegistry.TrainingDatanet[](CLAIM_DATANETS);
        vm.startPrank(DATANET_OWNER);
        for (uint256 i; i < CLAIM_DATANETS; ++i) {
            claimDatanets[i] = datanets.createDatanet(URI, false, 0, ATTESTOR);
            set[i] = IModelRegistry.TrainingDatanet(claimDatanets[i], 1, 2000);
        }
        postDatanet = datanets.createDatanet(URI, false, 0, ATTESTOR);
        vm.stopPrank();
        for (uint256 i; i < CLAIM_DATANETS; ++i) _publishDatanetVersion(claimDatanets[i]);
        _publishDatanetVersion(postDatanet);
        vm.prank(BUILDER);
        uint256 claimModel = models.registerModel(
            IModelRegistry.ModelParams(URI, keccak256("claims"), URI, 0, set, 100e18, 3000)
        );
        uint256 postModel = _registerModel(BUILDER, 0, postDatanet, 100e18, 3000);
        vm.startPrank(PAYER);
        // Each claim datanet accrues 11.2 OPEN per unit, the post datanet 56 OPEN per unit.
        settlement.settle(claimModel, 10, 1000e18, keccak256("fund claims"), keccak256("fund claims"));
        settlement.settle(postModel, 1, 100e18, keccak256("fund post"), keccak256("fund post"));
        vm.stopPrank();
        _fund(ATTESTOR, 1000e18);
        vm.startPrank(ATTESTOR);
        open.approve(address(settlement), 1000e18);
        settlement.depositBond(1000e18);
        vm.stopPrank();
        _fund(CLAIMANT, 1e18);

        _postAndActivate(1, 10e18, true);
        (, bytes32[] memory proof) = _root(CLAIMANT, 10e18, 1);
        IAttributionEpochs.DatanetClaim[] memory claims = new IAttributionEpochs.DatanetClaim[](CLAIM_DATANETS);
        for (uint256 i; i < CLAIM_DATANETS; ++i) {
            claims[i] = IAttributionEpochs.DatanetClaim(claimDatanets[i], 10e18, proof);
        }
        settlement.claimMany(CLAIMANT, claims);
        _postAndActivate(2, 30e18, false);
    }

    function _postAndActivate(uint256 epoch, uint256 amount, bool withPostDatanet) private {
        (bytes32 root, ) = _root(CLAIMANT, amount, epoch);
        vm.startPrank(ATTESTOR);
        for (uint256 i; i < CLAIM_DATANETS; ++i) {
            settlement.postRoot(claimDatanets[i], epoch, root, amount, URI);
        }
        if (withPostDatanet) settlement.postRoot(postDatanet, epoch, root, amount, URI);
        vm.stopPrank();
        vm.warp(block.timestamp + settlement.challengeWindow() + 1);
        for (uint256 i; i < CLAIM_DATANETS; ++i) {
            settlement.activateRoot(claimDatanets[i]);
        }
        if (withPostDatanet) settlement.activateRoot(postDatanet);
    }

    /// @dev The root of a tree in which `(account, amount)` (the standard leaf) sits at depth 20, with
    /// pseudo-random siblings for `salt`, and its proof.
    function _root(
        address account,
        uint256 amount,
        uint256 salt
    ) private pure returns (bytes32 root, bytes32[] memory proof) {
        proof = new bytes32[](PROOF_LENGTH);
        root = keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
        for (uint256 i; i < PROOF_LENGTH; ++i) {
            proof[i] = keccak256(abi.encode("sibling", salt, i));
            root = Hashes.commutativeKeccak256(root, proof[i]);
        }
    }

    function _stakeAs(address staker, uint256 amount) private {
        _fund(staker, 2 * amount);
        vm.startPrank(staker);
        open.approve(address(gopen), amount);
        gopen.stake(amount);
        vm.stopPrank();
    }

    function _addRewards(uint256 amount) private {
        open.approve(address(gopen), amount);
        gopen.addRewards(amount);
    }

    /// @dev A curated datanet with five accepted contributions and no version yet.
    function _freshCuratedWithFiveAccepted() private returns (uint256 id) {
        vm.prank(DATANET_OWNER);
        id = datanets.createDatanet(URI, true, 0, ATTESTOR);
        IDatanetRegistry.Decision[] memory decisions = new IDatanetRegistry.Decision[](5);
        for (uint256 c; c < 5; ++c) {
            decisions[c] = IDatanetRegistry.Decision(_contribute(address(uint160(0xC100 + c)), id, 100 + c), 10);
        }
        vm.prank(DATANET_OWNER);
        datanets.review(id, decisions);
    }

    function _contribute(address contributor, uint256 datanetId, uint256 n) private returns (bytes32 contentHash) {
        contentHash = keccak256(abi.encode("record", n));
        vm.prank(contributor);
        datanets.contribute(datanetId, contentHash, URI);
    }
}
