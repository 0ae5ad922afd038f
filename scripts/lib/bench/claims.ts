/// Attribution epochs and claims: five datanets, two epochs of 524,289-leaf trees (proofs of length 20), first and
/// steady-state claims, one datanet and five in one call.
import { AttributionMerkleTree } from "../../../package/src/attribution/index.js";
import { parseEther } from "ethers";
import type { Wallet } from "ethers";
import type { IAttributionEpochs } from "../../../typechain-types/settlement/Settlement.js";
import type { Bench } from "./context.js";
import type { BenchDatanets } from "./datanets.js";
import { CLAIM_PROOF_LENGTH, CLAIM_TREE_LEAVES, ipfsUri, syntheticAddress } from "./inputs.js";
import type { BenchModels } from "./models.js";
import { fmt, measure, run, timed } from "./record.js";
import type { Settle } from "./settlement.js";

/// The account of `claim.depth20` and `.firstClaim`, and its two cumulative amounts: the reference distributors pay it
/// the same (scripts/lib/bench/references.ts).
export interface BenchClaimant {
  claimant: Wallet;
  firstAmount: bigint;
  laterAmount: bigint;
}

export async function benchClaims(b: Bench, d: BenchDatanets, m: BenchModels, settle: Settle): Promise<BenchClaimant> {
  const { settlement } = b.suite;
  const { attestor, claimDatanets } = d;
  const { claimModel } = m;
  const settlementAddress = await settlement.getAddress();
  console.log("Attribution");
  await b.fund(attestor, parseEther("2000"));
  // Twice the minimum: the bond times the factor must cover both epochs' increases on five datanets, since epoch 1's
  // stay locked for the lock after activation.
  const bondAmount = 2n * (await settlement.minAttestorBond());
  await b.approve(attestor, settlementAddress, bondAmount);
  await run(settlement.connect(attestor).depositBond(bondAmount));
  // Fund the five claim datanets: each accrues 11.2 OPEN per unit settled (100 OPEN · 80% · 70% / 5).
  await settle(claimModel, parseEther("100"), 500n);

  const claimantA = await b.account("claimant A");
  const claimantB = await b.account("claimant B");
  for (const c of [claimantA, claimantB]) await b.fund(c, parseEther("1"));

  interface Allocation {
    root: string;
    total: bigint;
    a: { amount: bigint; proof: string[] };
    b: { amount: bigint; proof: string[] };
  }
  /// An attribution tree of CLAIM_TREE_LEAVES (account, cumulativeAmount) leaves, in the given order (leaves 0 and 1
  /// sit deepest, with proofs of length 20): A and B first, then synthetic accounts.
  const allocation = (epoch: number, amountA: bigint, amountB: bigint, fillerBase: bigint): Allocation => {
    const leaves = timed(`epoch ${epoch} allocation: ${fmt(CLAIM_TREE_LEAVES)} leaves`, () => {
      const out: [string, bigint][] = [
        [claimantA.address, amountA],
        [claimantB.address, amountB],
      ];
      for (let i = 2; i < CLAIM_TREE_LEAVES; i++) out.push([syntheticAddress(i, 11n), fillerBase + BigInt(i)]);
      return out;
    });
    // The fast builder: the same root and proofs as StandardMerkleTree.of(leaves, ["address", "uint256"],
    // { sortLeaves: false }), in a fraction of the time.
    const tree = timed(`epoch ${epoch} AttributionMerkleTree.fromAmounts (${fmt(CLAIM_TREE_LEAVES)} leaves)`, () =>
      AttributionMerkleTree.fromAmounts(leaves, leaves.length, { sortLeaves: false }),
    );
    const proofA = tree.getProof(0);
    const proofB = tree.getProof(1);
    if (proofA.length !== CLAIM_PROOF_LENGTH || proofB.length !== CLAIM_PROOF_LENGTH) {
      throw new Error(`expected proofs of length ${CLAIM_PROOF_LENGTH}, got ${proofA.length} and ${proofB.length}`);
    }
    const total = leaves.reduce((sum, [, amount]) => sum + amount, 0n);
    return { root: tree.root, total, a: { amount: amountA, proof: proofA }, b: { amount: amountB, proof: proofB } };
  };
  const postAll = async (epoch: number, alloc: Allocation, measured: string | undefined): Promise<void> => {
    for (const [i, d] of claimDatanets.entries()) {
      const sent = settlement
        .connect(attestor)
        .postRoot(d, epoch, alloc.root, alloc.total, ipfsUri(`allocation ${d} epoch ${epoch}`));
      if (i === 0 && measured !== undefined) await measure(measured, sent);
      else await run(sent);
    }
    await b.time.increase(Number(await settlement.challengeWindow()) + 1);
    for (const [i, d] of claimDatanets.entries()) {
      const sent = settlement.connect(b.deployer).activateRoot(d);
      if (i === 0 && epoch === 2) await measure("attribution.activateRoot", sent);
      else await run(sent);
    }
  };
  const manyClaims = (alloc: Allocation): IAttributionEpochs.DatanetClaimStruct[] =>
    claimDatanets.map((datanetId) => ({ datanetId, cumulativeAmount: alloc.b.amount, proof: alloc.b.proof }));

  const epoch1 = allocation(1, parseEther("123.456789"), parseEther("45.6789"), 10n ** 15n);
  await postAll(1, epoch1, undefined);
  const [c1] = claimDatanets;
  await measure(
    "claim.depth20.firstClaim",
    settlement.connect(claimantA).claim(c1, claimantA.address, epoch1.a.amount, epoch1.a.proof),
  );
  await measure(
    "claim.multi5.firstClaim",
    settlement.connect(claimantB).claimMany(claimantB.address, manyClaims(epoch1)),
  );

  const epoch2 = allocation(2, parseEther("234.567891"), parseEther("56.7891"), 2n * 10n ** 15n);
  await postAll(2, epoch2, "attribution.postRoot");
  await measure(
    "claim.depth20",
    settlement.connect(claimantA).claim(c1, claimantA.address, epoch2.a.amount, epoch2.a.proof),
  );
  await measure("claim.multi5", settlement.connect(claimantB).claimMany(claimantB.address, manyClaims(epoch2)));
  return { claimant: claimantA, firstAmount: epoch1.a.amount, laterAmount: epoch2.a.amount };
}
