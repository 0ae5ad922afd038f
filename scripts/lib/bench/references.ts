/// The references, measured side by side with the suite in the same run: the vanilla OpenZeppelin Governor
/// (test/solidity/references/ReferenceGovernor.sol) with the suite's voters, a URD-style cumulative distributor and a
/// Uniswap-style MerkleDistributor paying the suite's claimant, and the suite's own vote that reaches quorum inside
/// the late-quorum window (`governor.castVote.lateQuorum`), next to the same vote on the vanilla Governor.
///
/// This step runs after every other one, so that it changes none of the suite's other figures (it moves the clock on
/// by a voting period). Governor votes do not change gOPEN: the delegates vote with the same weights, from the same
/// single checkpoint each, as in `benchGovernor`.
import { AbiCoder, concat, id, keccak256, parseEther, solidityPackedKeccak256 } from "ethers";
import type { Contract, ContractRunner, Wallet } from "ethers";
import type { BenchClaimant } from "./claims.js";
import type { Bench } from "./context.js";
import { cooldownProposal } from "./governor.js";
import { CLAIM_PROOF_LENGTH, hashOf } from "./inputs.js";
import { measure, mined, record, run } from "./record.js";

/// OpenZeppelin's commutative keccak (Hashes.commutativeKeccak256): the hash of the sorted pair, as MerkleProof folds.
const sortedPairHash = (a: string, b: string): string =>
  BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));

/// A proof of length 20 without a tree: the leaf folded with 20 pseudo-random siblings (fixed by `label`) gives the
/// root for which those siblings are the proof. A tree of 2^20 leaves would give a proof of the same length and the
/// same cost: MerkleProof only ever sees the leaf, the siblings and the root.
export function foldedProof(leaf: string, label: string): { root: string; proof: string[] } {
  const proof = Array.from({ length: CLAIM_PROOF_LENGTH }, (_, i) => hashOf(`reference ${label} sibling ${i}`));
  return { root: proof.reduce(sortedPairHash, leaf), proof };
}

/// The references have no typechain types (those cover contracts/ only): a deployed reference, connected to `runner`,
/// with its methods untyped.
const as = (contract: Contract, runner: ContractRunner): Contract => contract.connect(runner) as Contract;

export async function benchReferences(b: Bench, delegates: Wallet[], claim: BenchClaimant): Promise<void> {
  console.log("References");
  await benchReferenceGovernor(b, delegates);
  await benchReferenceDistributors(b, claim);
}

/// The vanilla Governor with its own TimelockController, at the suite's deploy parameters (read from the deployed
/// Governor and Timelock, which took them from deploy/parameters/hardhat.json).
async function deployReferenceGovernor(b: Bench) {
  const { ethers } = b.connection;
  const { governor, gopen, timelock } = b.suite;
  const refTimelock = await ethers.deployContract(
    "ReferenceTimelock",
    [await timelock.getMinDelay(), [], [ethers.ZeroAddress], b.deployer.address],
    b.deployer,
  );
  await refTimelock.waitForDeployment();
  const refGovernor = await ethers.deployContract(
    "ReferenceGovernor",
    [
      await gopen.getAddress(),
      await refTimelock.getAddress(),
      await governor.votingDelay(),
      await governor.votingPeriod(),
      await governor.proposalThreshold(),
      await governor["quorumNumerator()"](),
    ],
    b.deployer,
  );
  await refGovernor.waitForDeployment();
  const refGovernorAddress = await refGovernor.getAddress();
  await run(refTimelock.grantRole(await refTimelock.PROPOSER_ROLE(), refGovernorAddress));
  await run(refTimelock.grantRole(await refTimelock.CANCELLER_ROLE(), refGovernorAddress));
  return refGovernor;
}

/// The views of a Governor with GovernorCountingSimple and a quorum that the late-quorum scenario checks.
interface Tally {
  proposalVotes(proposalId: bigint): Promise<readonly bigint[]>;
  proposalSnapshot(proposalId: bigint): Promise<bigint>;
  quorum(timepoint: bigint): Promise<bigint>;
}

async function benchReferenceGovernor(b: Bench, delegates: Wallet[]): Promise<void> {
  const { gopen, governor } = b.suite;
  const refGovernor = await deployReferenceGovernor(b);
  const gopenAddress = await gopen.getAddress();

  // The late-quorum scenario: three voters of equal weight w, chosen so that two For votes stay below the quorum
  // (4% of gOPEN's supply at the snapshot, their stakes included) and the third reaches it: 2w < quorum ≤ 3w.
  const supply = await gopen.totalSupply();
  const numerator = await governor["quorumNumerator()"]();
  const denominator = await governor.quorumDenominator();
  // w = 0.4 · quorum, quorum = numerator / denominator · (supply + 3w), in whole OPEN.
  const weight = ((supply * numerator * 2n) / (5n * denominator - 6n * numerator) / 10n ** 18n) * 10n ** 18n;
  const voters: Wallet[] = [];
  for (let i = 1; i <= 3; i++) {
    const v = await b.account(`late-quorum voter ${i}`);
    await b.fund(v, weight + parseEther("1000"));
    await b.approve(v, gopenAddress, weight);
    await run(gopen.connect(v).stake(weight));
    await run(gopen.connect(v).delegate(v.address));
    voters.push(v);
  }
  await b.time.increase(1);

  // `ref.governor.propose`: the proposal of `governor.propose`, by the same delegate.
  const p = await cooldownProposal(b);
  await measure(
    "ref.governor.propose",
    as(refGovernor, delegates[0]).propose(p.targets, p.values, p.calldatas, p.description),
  );
  const refProposalId = await refGovernor.hashProposal(p.targets, p.values, p.calldatas, id(p.description));
  // The late-quorum proposal, on both Governors.
  const late = await cooldownProposal(b, 10800, "Set the gOPEN withdrawal cooldown to three hours");
  const lateHash = id(late.description);
  await run(governor.connect(delegates[0]).propose(late.targets, late.values, late.calldatas, late.description));
  await run(as(refGovernor, delegates[0]).propose(late.targets, late.values, late.calldatas, late.description));
  const lateId = await governor.hashProposal(late.targets, late.values, late.calldatas, lateHash);
  await b.time.increase(Number(await governor.votingDelay()) + 1);

  // `ref.governor.castVote`: as `governor.castVote`, the mean of the same five delegates' first votes (For).
  const votes: number[] = [];
  const voteHashes: string[] = [];
  for (const d of delegates.slice(0, 5)) {
    const { gasUsed, hash } = await mined(as(refGovernor, d).castVote(refProposalId, 1));
    votes.push(gasUsed);
    voteHashes.push(hash);
  }
  record("ref.governor.castVote", Math.round(votes.reduce((a, c) => a + c, 0) / votes.length), voteHashes);

  // Two For votes before the late window, on both Governors: below quorum.
  for (const v of voters.slice(0, 2)) {
    await run(governor.connect(v).castVote(lateId, 1));
    await run(as(refGovernor, v).castVote(lateId, 1));
  }
  /// What counts towards quorum (For + Abstain) on `g`, and the quorum at the snapshot.
  const counted = async (g: Tally): Promise<{ votes: bigint; quorum: bigint }> => {
    const [, forVotes, abstainVotes] = await g.proposalVotes(lateId);
    return { votes: forVotes + abstainVotes, quorum: await g.quorum(await g.proposalSnapshot(lateId)) };
  };
  const refTally = refGovernor as unknown as Tally;
  for (const g of [governor, refTally]) {
    const { votes: before, quorum } = await counted(g);
    if (before >= quorum || before + weight < quorum) {
      throw new Error(`late-quorum scenario: ${before} counted, ${weight} to come, quorum ${quorum}`);
    }
  }
  // Into the late window: a minute before the suite's deadline (the window is its last `voteExtension` seconds).
  const deadline = Number(await governor.proposalDeadline(lateId));
  const windowStart = deadline - Number(await governor.lateQuorumVoteExtension());
  await b.time.increaseTo(deadline - 60);
  if ((await b.time.latest()) < windowStart) throw new Error("late-quorum scenario: not inside the late window");
  await measure("governor.castVote.lateQuorum", governor.connect(voters[2]).castVote(lateId, 1));
  await measure("ref.governor.castVote.quorum", as(refGovernor, voters[2]).castVote(lateId, 1));
  if (Number(await governor.proposalDeadline(lateId)) <= deadline) {
    throw new Error("late-quorum scenario: the measured vote did not extend the suite's deadline");
  }
  const after = await counted(refTally);
  if (after.votes < after.quorum) throw new Error("late-quorum scenario: the reference did not reach quorum");
}

/// The distributors pay the suite's claimant (it holds OPEN already) the same cumulative amounts as
/// `claim.depth20.firstClaim` and `claim.depth20`, with proofs of length 20.
async function benchReferenceDistributors(b: Bench, { claimant, firstAmount, laterAmount }: BenchClaimant) {
  const { ethers } = b.connection;
  const { open } = b.suite;
  const openAddress = await open.getAddress();
  const funding = parseEther("1000");

  // URD-style: leaf = keccak256(bytes.concat(keccak256(abi.encode(account, reward, claimable)))).
  const urd = await ethers.deployContract("ReferenceCumulativeDistributor", [b.deployer.address], b.deployer);
  await urd.waitForDeployment();
  await run(open.connect(b.deployer).transfer(await urd.getAddress(), funding));
  const urdLeaf = (claimable: bigint): string =>
    keccak256(
      keccak256(
        AbiCoder.defaultAbiCoder().encode(
          ["address", "address", "uint256"],
          [claimant.address, openAddress, claimable],
        ),
      ),
    );
  const first = foldedProof(urdLeaf(firstAmount), "urd epoch 1");
  await run(urd.setRoot(first.root));
  await measure(
    "ref.urd.claim.depth20.firstClaim",
    as(urd, claimant).claim(claimant.address, openAddress, firstAmount, first.proof),
  );
  const later = foldedProof(urdLeaf(laterAmount), "urd epoch 2");
  await run(urd.setRoot(later.root));
  await measure(
    "ref.urd.claim.depth20",
    as(urd, claimant).claim(claimant.address, openAddress, laterAmount, later.proof),
  );

  // Uniswap-style: leaf = keccak256(abi.encodePacked(index, account, amount)); the claimant's leaf is index 0, as
  // in the suite's tree.
  const index = 0n;
  const uni = foldedProof(
    solidityPackedKeccak256(["uint256", "address", "uint256"], [index, claimant.address, firstAmount]),
    "merkle distributor",
  );
  const distributor = await ethers.deployContract("ReferenceMerkleDistributor", [openAddress, uni.root], b.deployer);
  await distributor.waitForDeployment();
  await run(open.connect(b.deployer).transfer(await distributor.getAddress(), funding));
  await measure(
    "ref.merkleDistributor.claim.depth20",
    as(distributor, claimant).claim(index, claimant.address, firstAmount, uni.proof),
  );
}
