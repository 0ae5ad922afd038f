/// Datanets: creation, contributions (curated, open, bonded), reviews of ten, and a Merkle batch of 100,000 records.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { parseEther, toBeHex } from "ethers";
import type { Wallet } from "ethers";
import type { IDatanetRegistry } from "../../../typechain-types/registry/DatanetRegistry.js";
import type { Bench } from "./context.js";
import { hashOf, ipfsUri, LARGE_DATANET_RECORDS, syntheticAddress } from "./inputs.js";
import { fmt, measure, run, timed } from "./record.js";

type DatanetDecision = IDatanetRegistry.DecisionStruct;

/// The datanets the later steps train models on and settle into.
export interface BenchDatanets {
  attestor: Wallet;
  openDatanet: bigint;
  tenDatanet: bigint;
  largeDatanet: bigint;
  claimDatanets: bigint[];
}

export async function benchDatanets(b: Bench): Promise<BenchDatanets> {
  const { datanets } = b.suite;
  console.log("Datanets");
  const owner = await b.account("datanet owner");
  const attestor = await b.account("attestor");
  const createDatanet = async (label: string, curated: boolean, bond: bigint): Promise<bigint> => {
    await run(datanets.connect(owner).createDatanet(ipfsUri(label), curated, bond, attestor.address));
    return datanets.datanetCount();
  };
  const openDatanet = await createDatanet("open datanet", false, 0n);
  await measure(
    "datanet.create",
    datanets.connect(owner).createDatanet(ipfsUri("curated datanet"), true, 0n, attestor.address),
  );
  const curated = await datanets.datanetCount();
  const bonded = await createDatanet("bonded datanet", true, parseEther("10"));
  const tenDatanet = await createDatanet("ten contributors", false, 0n);
  const largeDatanet = await createDatanet("100k contributors", false, 0n);
  const claimDatanets: bigint[] = [];
  for (let i = 1; i <= 5; i++) claimDatanets.push(await createDatanet(`claim datanet ${i}`, false, 0n));

  let recordCount = 0;
  const contribute = async (who: Wallet, datanetId: bigint): Promise<string> => {
    const contentHash = hashOf(`record ${recordCount++}`);
    await run(datanets.connect(who).contribute(datanetId, contentHash, ipfsUri(contentHash)));
    return contentHash;
  };
  // Five established contributors: each has one contribution accepted already.
  const established: Wallet[] = [];
  const firstDecisions: DatanetDecision[] = [];
  for (let i = 1; i <= 5; i++) {
    const c = await b.account(`established contributor ${i}`);
    established.push(c);
    firstDecisions.push({ contentHash: await contribute(c, curated), weight: 10 });
  }
  await run(datanets.connect(owner).review(curated, firstDecisions));

  const newcomer = await b.account("first-time contributor: curated");
  const pendingHash = hashOf("record pending");
  await measure(
    "datanet.contribute",
    datanets.connect(newcomer).contribute(curated, pendingHash, ipfsUri(pendingHash)),
  );
  const openComer = await b.account("first-time contributor: open");
  const openHash = hashOf("record open");
  await measure(
    "datanet.contribute.open",
    datanets.connect(openComer).contribute(openDatanet, openHash, ipfsUri(openHash)),
  );
  for (const label of ["first bonded contributor", "first-time contributor: bonded"]) {
    const c = await b.account(label);
    await b.fund(c, parseEther("100"));
    await b.approve(c, await datanets.getAddress(), parseEther("10"));
    const h = hashOf(`record ${label}`);
    const sent = datanets.connect(c).contribute(bonded, h, ipfsUri(h));
    if (label.startsWith("first-time")) await measure("datanet.contribute.bonded", sent);
    else await run(sent);
  }

  // Review 10: two more contributions from each established contributor, accepted with weights.
  const ten: DatanetDecision[] = [];
  for (const c of established) {
    for (let k = 0; k < 2; k++) ten.push({ contentHash: await contribute(c, curated), weight: 100 * (ten.length + 1) });
  }
  await measure("datanet.review10", datanets.connect(owner).review(curated, ten));
  const tenNew: DatanetDecision[] = [];
  for (let i = 1; i <= 10; i++) {
    const c = await b.account(`new contributor ${i}`);
    tenNew.push({ contentHash: await contribute(c, curated), weight: 100 * i });
  }
  await measure("datanet.review10.newContributors", datanets.connect(owner).review(curated, tenNew));

  // The ten-contributor datanet: ten individual contributions.
  for (let i = 1; i <= 10; i++) await contribute(await b.account(`contributor of ten ${i}`), tenDatanet);

  // The large datanet: 100,000 records from 100,000 contributors in one Merkle batch, and a few individual ones.
  const records = timed(`records of the ${fmt(LARGE_DATANET_RECORDS)}-record batch`, () => {
    const out: [string, string, bigint][] = [];
    for (let i = 0; i < LARGE_DATANET_RECORDS; i++) {
      out.push([
        syntheticAddress(i, 7n),
        toBeHex(BigInt(hashOf(`batch record 0`)) ^ BigInt(i + 1), 32),
        BigInt((i % 50) + 1),
      ]);
    }
    return out;
  });
  const batchTree = timed(`StandardMerkleTree of ${fmt(LARGE_DATANET_RECORDS)} records`, () =>
    StandardMerkleTree.of(records, ["address", "bytes32", "uint256"]),
  );
  await measure(
    "datanet.contributeRoot",
    datanets
      .connect(owner)
      .contributeRoot(largeDatanet, batchTree.root, LARGE_DATANET_RECORDS, ipfsUri("100k contributors batch")),
  );
  const [probe] = records;
  if (!(await datanets.verifyRecord(largeDatanet, batchTree.root, ...probe, batchTree.getProof(probe)))) {
    throw new Error("a record of the batch does not verify on-chain");
  }
  for (let i = 1; i <= 5; i++) await contribute(await b.account(`individual contributor of 100k ${i}`), largeDatanet);

  // Version 1 of every datanet that a model trains on (a claim datanet takes one record first).
  await measure("datanet.publishVersion", datanets.connect(owner).publishVersion(tenDatanet, ipfsUri("ten v1")));
  for (const [i, id] of claimDatanets.entries()) await contribute(await b.account(`claim contributor ${i + 1}`), id);
  for (const id of [openDatanet, largeDatanet, ...claimDatanets]) {
    await run(datanets.connect(owner).publishVersion(id, ipfsUri(`datanet ${id} v1`)));
  }

  return { attestor, openDatanet, tenDatanet, largeDatanet, claimDatanets };
}
