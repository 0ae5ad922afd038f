/// `npm run bench`: runs every operation of the suite on the in-process network, records the receipt gasUsed of each
/// under its name in bench/gas.json (flat, sorted by name), adds the runtime code size of every deployable contract,
/// prints a table against bench/budgets.ts and exits 1 if any budgeted entry is over its budget. The conventions of
/// each entry (who acts, what state it starts from) are in docs/bench.md and in the table's footer.
///
/// Set BENCH_TRACE to a comma-separated list of names to print their opcode breakdown even when within budget; every
/// entry over budget gets one anyway.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { Signature, Wallet, id, keccak256, parseEther, toUtf8Bytes, toBeHex } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import hre, { network } from "hardhat";
import type { IDatanetRegistry } from "../typechain-types/registry/DatanetRegistry.js";
import type { IModelRegistry } from "../typechain-types/registry/ModelRegistry.js";
import type { IAttributionEpochs, ISettlement } from "../typechain-types/settlement/Settlement.js";
import { AttributionMerkleTree } from "../package/src/attribution/index.js";
import { benchScale } from "./bench-scale.js";
import { allBudgets, DEPLOYABLE_CONTRACTS, EIP170_LIMIT, FLAT_PAIRS, GAS_BUDGETS } from "../bench/budgets.js";
import { decodeError, getSuite, SUITE_CONTRACTS, toJson } from "../tasks/lib/index.js";
import type { SuiteKey } from "../tasks/lib/index.js";

type DatanetDecision = IDatanetRegistry.DecisionStruct;

// ─── Scenario constants ──────────────────────────────────────────────────────────────────────────────────────────

/// Leaves of each attribution tree: 2^19 + 1, the smallest count whose tree has proofs of length 20.
const CLAIM_TREE_LEAVES = 524_289;
const CLAIM_PROOF_LENGTH = 20;
/// Records of the Merkle batch that registers the large datanet's contributors.
const LARGE_DATANET_RECORDS = 100_000;
const BATCH_SIZE = 100;
/// A permit deadline far in the future (2100-01-01), fixed so that calldata does not vary between runs.
const DEADLINE = 4_102_444_800n;

const OUT_FILE = path.join(hre.config.paths.root, "bench", "gas.json");

// ─── Results ─────────────────────────────────────────────────────────────────────────────────────────────────────

const gas: Record<string, number> = {};
const txHashes: Record<string, string[]> = {};
const timings: string[] = [];

function record(name: string, value: number, hashes: string[] = []): void {
  if (name in gas) throw new Error(`bench entry ${name} recorded twice`);
  gas[name] = value;
  txHashes[name] = hashes;
}

/// Waits for a transaction and returns its receipt gasUsed and hash; throws if it reverted.
async function mined(sent: Promise<ContractTransactionResponse>): Promise<{ gasUsed: number; hash: string }> {
  const tx = await sent;
  const receipt = await tx.wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`transaction ${tx.hash} failed`);
  return { gasUsed: Number(receipt.gasUsed), hash: tx.hash };
}

/// Sends a transaction that is part of the set-up, not measured.
async function run(sent: Promise<ContractTransactionResponse>): Promise<void> {
  await mined(sent);
}

/// Sends the transaction of one bench entry and records its receipt gasUsed.
async function measure(name: string, sent: Promise<ContractTransactionResponse>): Promise<number> {
  const { gasUsed, hash } = await mined(sent);
  record(name, gasUsed, [hash]);
  return gasUsed;
}

/// Times a synchronous step (building a Merkle tree) and keeps the timing for the report.
function timed<T>(label: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const seconds = (performance.now() - start) / 1000;
  timings.push(`${label}: ${seconds.toFixed(1)} s`);
  console.log(`  ${label}: ${seconds.toFixed(1)} s`);
  return result;
}

// ─── Realistic inputs ────────────────────────────────────────────────────────────────────────────────────────────

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/// A deterministic CIDv1-looking URI of 71 characters: `ipfs://bafybei<52 base32 chars>/meta`.
function ipfsUri(label: string): string {
  let bits = (BigInt(keccak256(toUtf8Bytes(`cid ${label}`))) << 256n) | BigInt(id(label));
  let body = "";
  for (let i = 0; i < 52; i++) {
    body += BASE32[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `ipfs://bafybei${body}/meta`;
}

/// A deterministic 32-byte hash for `label`.
const hashOf = (label: string): string => keccak256(toUtf8Bytes(label));

/// A deterministic pseudo-random address for index `i` (Merkle leaves that no key controls).
function syntheticAddress(i: number, salt: bigint): string {
  const mixed = ((BigInt(i) + 1n) * 0x9e3779b97f4a7c15f39cc0605cedc8341082276bn + salt) % 2n ** 160n;
  return `0x${mixed.toString(16).padStart(40, "0")}`;
}

// ─── Opcode breakdown (for entries over budget) ──────────────────────────────────────────────────────────────────

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
}

/// The gas of each step, charged only its own cost: for a call, what the caller lost less what the callee used (the
/// callee's steps are counted on their own).
function selfCosts(logs: StructLog[]): number[] {
  return logs.map((log, i) => {
    const next = logs[i + 1];
    if (next === undefined || next.depth < log.depth) return log.gasCost;
    if (next.depth === log.depth) return log.gas - next.gas;
    let j = i + 1;
    while (j < logs.length && logs[j].depth > log.depth) j++;
    const lastInCallee = logs[j - 1];
    const calleeUsed = next.gas - (lastInCallee.gas - lastInCallee.gasCost);
    const after = logs[j];
    return after !== undefined && after.depth === log.depth ? log.gas - after.gas - calleeUsed : log.gasCost;
  });
}

/// The address whose storage each step works on: a CALL or STATICCALL enters its target, a DELEGATECALL stays.
function storageContexts(logs: StructLog[], to: string): string[] {
  const frames = [to.toLowerCase()];
  return logs.map((log, i) => {
    while (frames.length > log.depth) frames.pop();
    const current = frames[frames.length - 1];
    const next = logs[i + 1];
    if (next !== undefined && next.depth > log.depth) {
      const word = log.stack?.[log.stack.length - 2] ?? "";
      const entersTarget = log.op === "CALL" || log.op === "STATICCALL";
      frames.push(entersTarget ? `0x${word.replace(/^0x/, "").padStart(40, "0").slice(-40)}` : current);
    }
    return current;
  });
}

async function printBreakdown(
  connection: Awaited<ReturnType<typeof network.create>>,
  names: Map<string, string>,
  name: string,
  hashes: string[],
): Promise<void> {
  for (const hash of hashes) {
    const trace = (await connection.provider.request({
      method: "debug_traceTransaction",
      params: [hash, { disableMemory: true, disableStorage: true }],
    })) as { structLogs: StructLog[] };
    const tx = await connection.ethers.provider.getTransaction(hash);
    const receipt = await connection.ethers.provider.getTransactionReceipt(hash);
    const logs = trace.structLogs;
    const costs = selfCosts(logs);
    const contexts = storageContexts(logs, tx?.to ?? "");
    const byOp = new Map<string, number>();
    const storage = new Map<string, { reads: number; readGas: number; writes: number; writeGas: number }>();
    logs.forEach((log, i) => {
      byOp.set(log.op, (byOp.get(log.op) ?? 0) + costs[i]);
      if (log.op !== "SLOAD" && log.op !== "SSTORE") return;
      const where = names.get(contexts[i]) ?? contexts[i];
      const entry = storage.get(where) ?? { reads: 0, readGas: 0, writes: 0, writeGas: 0 };
      if (log.op === "SLOAD") {
        entry.reads++;
        entry.readGas += costs[i];
      } else {
        entry.writes++;
        entry.writeGas += costs[i];
      }
      storage.set(where, entry);
    });
    const executed = costs.reduce((a, b) => a + b, 0);
    const rows = [...byOp.entries()].sort((a, b) => b[1] - a[1]);
    console.log(`\n  opcode breakdown of ${name} (tx ${hash}):`);
    for (const [op, cost] of rows.slice(0, 12)) console.log(`    ${op.padEnd(16)} ${fmt(cost).padStart(9)}`);
    const rest = rows.slice(12).reduce((a, [, c]) => a + c, 0);
    console.log(`    ${"(other ops)".padEnd(16)} ${fmt(rest).padStart(9)}`);
    const gasUsed = receipt === null ? 0 : Number(receipt.gasUsed);
    console.log(`    ${"executed".padEnd(16)} ${fmt(executed).padStart(9)}`);
    console.log(
      `    ${"intrinsic + data".padEnd(16)} ${fmt(gasUsed - executed).padStart(9)}  (21,000 + calldata, less refunds)`,
    );
    console.log("    storage by contract:");
    for (const [where, e] of storage) {
      console.log(
        `      ${where.padEnd(18)} ${String(e.reads).padStart(3)} SLOAD ${fmt(e.readGas).padStart(7)}` +
          `   ${String(e.writes).padStart(2)} SSTORE ${fmt(e.writeGas).padStart(7)}`,
      );
    }
  }
}

const fmt = (n: number): string => n.toLocaleString("en-US");

// ─── The scenario ────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const suite = await getSuite(hre, { connection });
  const { open, gopen, governor, datanets, models, settlement } = suite;
  const [deployer] = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();
  const time = networkHelpers.time;

  /// A fresh externally-owned account with 100 ETH for gas, from a fixed key (the same accounts every run).
  const account = async (label: string): Promise<Wallet> => {
    const wallet = new Wallet(hashOf(`openledger bench account ${label}`), ethers.provider);
    await networkHelpers.setBalance(wallet.address, parseEther("100"));
    return wallet;
  };
  const fund = async (to: Wallet, amount: bigint): Promise<void> => run(open.connect(deployer).transfer(to, amount));
  const approve = async (from: Wallet, spender: string, amount: bigint): Promise<void> =>
    run(open.connect(from).approve(spender, amount));
  const gopenAddress = await gopen.getAddress();
  const settlementAddress = await settlement.getAddress();

  // ── Runtime code sizes: the artifacts' deployedBytecode, checked against the code deployed for this run ──
  const deployed = new Map<string, string>();
  const contractNames = new Map<string, string>();
  for (const [key, row] of Object.entries(SUITE_CONTRACTS)) {
    const address = suite.deployment.addresses[key as SuiteKey];
    if (address === undefined) continue;
    deployed.set(row.contract, address);
    contractNames.set(address.toLowerCase(), row.contract);
  }
  for (const name of DEPLOYABLE_CONTRACTS) {
    const address = deployed.get(name);
    if (address === undefined) throw new Error(`${name} is not deployed by the deploy module`);
    const artifact = await hre.artifacts.readArtifact(name);
    const size = (artifact.deployedBytecode.length - 2) / 2;
    const onChain = (await ethers.provider.getCode(address)).length / 2 - 1;
    if (onChain !== size) throw new Error(`${name}: artifact has ${size} bytes of runtime code, deployed ${onChain}`);
    record(`size.${name}`, size);
  }

  // ── OPEN ──
  console.log("OPEN");
  const holder = await account("holder");
  await fund(holder, parseEther("1000"));
  await measure(
    "open.transfer",
    open.connect(holder).transfer(new Wallet(hashOf("recipient")).address, parseEther("100")),
  );

  const permitOwner = await account("permit owner");
  await fund(permitOwner, parseEther("1000"));
  const permitValue = parseEther("500");
  const permitSig = Signature.from(
    await permitOwner.signTypedData(
      { name: await open.name(), version: "1", chainId, verifyingContract: await open.getAddress() },
      {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      { owner: permitOwner.address, spender: deployer.address, value: permitValue, nonce: 0n, deadline: DEADLINE },
    ),
  );
  await measure(
    "open.permit",
    open
      .connect(deployer)
      .permit(permitOwner.address, deployer.address, permitValue, DEADLINE, permitSig.v, permitSig.r, permitSig.s),
  );

  // ── gOPEN: a pool that already has stakers and a running stream of rewards ──
  console.log("gOPEN");
  const addRewards = async (amount: bigint): Promise<void> => {
    await run(open.connect(deployer).approve(gopenAddress, amount));
    await run(gopen.connect(deployer).addRewards(amount));
  };
  for (let i = 1; i <= 3; i++) {
    const staker = await account(`staker ${i}`);
    await fund(staker, parseEther("200000"));
    await approve(staker, gopenAddress, parseEther("100000"));
    await run(gopen.connect(staker).stake(parseEther("100000")));
    if (i === 1) await run(gopen.connect(staker).delegate(staker.address));
  }
  // Starts a stream over gOPEN's rewards duration: every measured call below brings it up to date.
  await addRewards(parseEther("1000"));

  const STAKE = parseEther("5000");
  const freshStaker = async (label: string): Promise<Wallet> => {
    const staker = await account(label);
    await fund(staker, parseEther("10000"));
    await approve(staker, gopenAddress, STAKE);
    return staker;
  };
  const firstStaker = await freshStaker("fresh staker: stake");
  await measure("gopen.stake", gopen.connect(firstStaker).stake(STAKE));
  const delegator = await freshStaker("fresh staker: delegate");
  const leaver = await freshStaker("fresh staker: leave");
  const delegatedLeaver = await freshStaker("fresh staker: leave, delegated");
  const claimer = await freshStaker("fresh staker: claim");
  for (const s of [delegator, leaver, delegatedLeaver, claimer]) await run(gopen.connect(s).stake(STAKE));
  await run(gopen.connect(delegatedLeaver).delegate(delegatedLeaver.address));
  // More rewards arrive, queued behind the running stream; every staker above has earned some of the stream since.
  await addRewards(parseEther("1000"));
  await measure("gopen.delegate", gopen.connect(delegator).delegate(delegator.address));
  await measure("gopen.requestWithdrawal", gopen.connect(leaver).requestWithdrawal(parseEther("2000")));
  await measure(
    "gopen.requestWithdrawal.delegated",
    gopen.connect(delegatedLeaver).requestWithdrawal(parseEther("2000")),
  );
  await measure("gopen.claimRewards", gopen.connect(claimer).claimRewards());
  await time.increase(Number(await gopen.cooldown()) + 1);
  await measure("gopen.withdraw", gopen.connect(leaver).withdraw());

  // ── Governor ──
  console.log("Governor");
  const delegates: Wallet[] = [];
  for (let i = 1; i <= 6; i++) {
    const d = await account(`delegate ${i}`);
    await fund(d, parseEther("1100000"));
    await approve(d, gopenAddress, parseEther("1000000"));
    await run(gopen.connect(d).stake(parseEther("1000000")));
    await run(gopen.connect(d).delegate(d.address));
    delegates.push(d);
  }
  await time.increase(1);
  const targets = [gopenAddress];
  const values = [0n];
  const calldatas = [gopen.interface.encodeFunctionData("setCooldown", [7200])];
  const description = "Set the gOPEN withdrawal cooldown to two hours";
  const descriptionHash = id(description);
  await measure("governor.propose", governor.connect(delegates[0]).propose(targets, values, calldatas, description));
  const proposalId = await governor.hashProposal(targets, values, calldatas, descriptionHash);
  await time.increase(Number(await governor.votingDelay()) + 1);
  const votes: number[] = [];
  const voteHashes: string[] = [];
  for (const d of delegates.slice(0, 5)) {
    const { gasUsed, hash } = await mined(governor.connect(d).castVote(proposalId, 1));
    votes.push(gasUsed);
    voteHashes.push(hash);
  }
  record("governor.castVote", Math.round(votes.reduce((a, b) => a + b, 0) / votes.length), voteHashes);
  const sixth = delegates[5];
  const ballot = await sixth.signTypedData(
    {
      name: await governor.name(),
      version: await governor.version(),
      chainId,
      verifyingContract: await governor.getAddress(),
    },
    {
      Ballot: [
        { name: "proposalId", type: "uint256" },
        { name: "support", type: "uint8" },
        { name: "voter", type: "address" },
        { name: "nonce", type: "uint256" },
      ],
    },
    { proposalId, support: 1, voter: sixth.address, nonce: await governor.nonces(sixth.address) },
  );
  await measure(
    "governor.castVoteBySig",
    governor.connect(deployer).castVoteBySig(proposalId, 1, sixth.address, ballot),
  );
  await time.increase(Number(await governor.proposalDeadline(proposalId)) - (await time.latest()) + 1);
  await measure("governor.queue", governor.connect(deployer).queue(targets, values, calldatas, descriptionHash));
  await time.increase(Number(await suite.timelock.getMinDelay()) + 1);
  await measure("governor.execute", governor.connect(deployer).execute(targets, values, calldatas, descriptionHash));

  // ── Datanets ──
  console.log("Datanets");
  const owner = await account("datanet owner");
  const attestor = await account("attestor");
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
    const c = await account(`established contributor ${i}`);
    established.push(c);
    firstDecisions.push({ contentHash: await contribute(c, curated), weight: 10 });
  }
  await run(datanets.connect(owner).review(curated, firstDecisions));

  const newcomer = await account("first-time contributor: curated");
  const pendingHash = hashOf("record pending");
  await measure(
    "datanet.contribute",
    datanets.connect(newcomer).contribute(curated, pendingHash, ipfsUri(pendingHash)),
  );
  const openComer = await account("first-time contributor: open");
  const openHash = hashOf("record open");
  await measure(
    "datanet.contribute.open",
    datanets.connect(openComer).contribute(openDatanet, openHash, ipfsUri(openHash)),
  );
  for (const label of ["first bonded contributor", "first-time contributor: bonded"]) {
    const c = await account(label);
    await fund(c, parseEther("100"));
    await approve(c, await datanets.getAddress(), parseEther("10"));
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
    const c = await account(`new contributor ${i}`);
    tenNew.push({ contentHash: await contribute(c, curated), weight: 100 * i });
  }
  await measure("datanet.review10.newContributors", datanets.connect(owner).review(curated, tenNew));

  // The ten-contributor datanet: ten individual contributions.
  for (let i = 1; i <= 10; i++) await contribute(await account(`contributor of ten ${i}`), tenDatanet);

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
  for (let i = 1; i <= 5; i++) await contribute(await account(`individual contributor of 100k ${i}`), largeDatanet);

  // ── Models ──
  console.log("Models");
  const builder = await account("model builder");
  const PRICE = parseEther("2");
  const single = (datanetId: bigint): IModelRegistry.TrainingDatanetStruct[] => [{ datanetId, weightBps: 10_000 }];
  const params = (
    label: string,
    parentId: bigint,
    set: IModelRegistry.TrainingDatanetStruct[],
    price: bigint,
  ): IModelRegistry.ModelParamsStruct => ({
    cardURI: ipfsUri(`card ${label}`),
    weightsHash: hashOf(`weights ${label}`),
    weightsURI: ipfsUri(`weights ${label}`),
    parentId,
    datanets: set,
    price,
    ownerBps: 3000,
  });
  const register = async (
    label: string,
    set: IModelRegistry.TrainingDatanetStruct[],
    price = PRICE,
  ): Promise<bigint> => {
    await run(models.connect(builder).registerModel(params(label, 0n, set, price)));
    return models.modelCount();
  };
  const baseModel = await register("base", single(openDatanet));
  const tenModel = await register("ten", single(tenDatanet));
  const largeModel = await register("large", single(largeDatanet));
  const claimModel = await register(
    "claims",
    claimDatanets.map((datanetId) => ({ datanetId, weightBps: 2000 })),
    parseEther("100"),
  );
  const childBuilder = await account("child model builder");
  await measure(
    "model.register",
    models.connect(childBuilder).registerModel(
      params(
        "child",
        baseModel,
        [
          { datanetId: tenDatanet, weightBps: 6000 },
          { datanetId: largeDatanet, weightBps: 4000 },
        ],
        PRICE,
      ),
    ),
  );
  const childModel = await models.modelCount();
  await measure(
    "model.publishVersion",
    models.connect(childBuilder).publishVersion(childModel, hashOf("weights child v2"), ipfsUri("weights child v2")),
  );

  // ── Settlement: every figure is steady state (the same pools were credited by an earlier settlement) ──
  console.log("Settlement");
  const payer = await account("payer");
  await fund(payer, parseEther("10000000"));
  await approve(payer, settlementAddress, parseEther("5000000"));
  let inferences = 0;
  const inference = (modelId: bigint, price: bigint, units = 1n): ISettlement.InferenceStruct => {
    const n = inferences++;
    return {
      modelId,
      units,
      maxFee: price * units,
      inferenceId: hashOf(`inference ${n}`),
      attributionHash: hashOf(`attribution ${n}`),
    };
  };
  const settle = (modelId: bigint, price = PRICE, units = 1n): Promise<ContractTransactionResponse> => {
    const i = inference(modelId, price, units);
    return settlement.connect(payer).settle(i.modelId, i.units, i.maxFee, i.inferenceId, i.attributionHash);
  };
  for (const m of [baseModel, tenModel, largeModel, childModel]) await run(settle(m));
  await measure("settle.single", settle(baseModel));
  await measure("settle.contributors10", settle(tenModel));
  await measure("settle.contributors100000", settle(largeModel));
  await measure("settle.lineage", settle(childModel));
  const batch = Array.from({ length: BATCH_SIZE }, () => inference(baseModel, PRICE));
  const batchGas = await measure("settle.batch100", settlement.connect(payer).settleBatch(batch));
  record("settle.batch100.perInference", Math.round(batchGas / BATCH_SIZE), txHashes["settle.batch100"]);
  const mixed = Array.from({ length: BATCH_SIZE }, (_, i) => inference(i % 2 === 0 ? baseModel : childModel, PRICE));
  const mixedGas = await measure("settle.batch100mixed", settlement.connect(payer).settleBatch(mixed));
  record("settle.batch100mixed.perInference", Math.round(mixedGas / BATCH_SIZE), txHashes["settle.batch100mixed"]);

  // ── Attribution epochs and claims ──
  console.log("Attribution");
  await fund(attestor, parseEther("2000"));
  // Twice the minimum: the bond times the factor must cover both epochs' increases on five datanets, since epoch 1's
  // stay locked for the lock after activation.
  const bondAmount = 2n * (await settlement.minAttestorBond());
  await approve(attestor, settlementAddress, bondAmount);
  await run(settlement.connect(attestor).depositBond(bondAmount));
  // Fund the five claim datanets: each accrues 11.2 OPEN per unit settled (100 OPEN · 80% · 70% / 5).
  await run(settle(claimModel, parseEther("100"), 500n));

  const claimantA = await account("claimant A");
  const claimantB = await account("claimant B");
  for (const c of [claimantA, claimantB]) await fund(c, parseEther("1"));

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
    await time.increase(Number(await settlement.challengeWindow()) + 1);
    for (const [i, d] of claimDatanets.entries()) {
      const sent = settlement.connect(deployer).activateRoot(d);
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

  // ── Output ──
  const sorted = Object.fromEntries(Object.entries(gas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, `${toJson(sorted)}\n`);

  const hardfork = "hardfork" in connection.networkConfig ? String(connection.networkConfig.hardfork) : "unknown";
  const failures = printTable(sorted, hardfork);
  const traced = new Set([...failures, ...(process.env.BENCH_TRACE ?? "").split(",").map((s) => s.trim())]);
  for (const name of [...traced].filter((n) => n !== "" && (txHashes[n]?.length ?? 0) > 0)) {
    await printBreakdown(connection, contractNames, name, txHashes[name]);
  }
  console.log(`\nwrote ${path.relative(hre.config.paths.root, OUT_FILE)}`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} over budget: ${failures.join(", ")}`);
    process.exitCode = 1;
  }
  // Off-chain attribution at 10k contributors, into bench/perf.json (npm run bench:scale runs 100k and 1M too).
  if (benchScale(["10k"]).failures.length > 0) process.exitCode = 1;
}

/// Prints the table and returns the names that fail: over budget, or out of a flat pair's tolerance.
function printTable(sorted: Record<string, number>, hardfork: string): string[] {
  const budgets = allBudgets();
  const failures: string[] = [];
  const rows: string[][] = [["name", "gas", "budget", "margin", ""]];
  for (const [name, value] of Object.entries(sorted)) {
    const budget = budgets[name];
    if (budget === undefined) {
      rows.push([name, fmt(value), "–", "–", ""]);
      continue;
    }
    const isSize = name.startsWith("size.");
    const ok = value <= budget;
    if (!ok) failures.push(name);
    const limit = isSize ? `< ${fmt(EIP170_LIMIT)}` : fmt(budget);
    const margin = (isSize ? EIP170_LIMIT : budget) - value;
    const percent = ((margin / (isSize ? EIP170_LIMIT : budget)) * 100).toFixed(1);
    rows.push([name, fmt(value), limit, `${fmt(margin)} (${percent}%)`, ok ? "✓" : "✗"]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  console.log(`\n${line(rows[0])}`);
  console.log(widths.map((w) => "─".repeat(w)).join("  "));
  for (const r of rows.slice(1)) console.log(line(r));

  for (const { a, b, maxRelativeDiff } of FLAT_PAIRS) {
    const diff = Math.abs(sorted[a] - sorted[b]) / Math.min(sorted[a], sorted[b]);
    const ok = diff <= maxRelativeDiff;
    console.log(
      `\n${a} vs ${b}: ${fmt(sorted[a])} vs ${fmt(sorted[b])}, ${(diff * 100).toFixed(2)}% apart ` +
        `(limit ${(maxRelativeDiff * 100).toFixed(0)}%) ${ok ? "✓" : "✗"}`,
    );
    if (!ok) failures.push(`${a} vs ${b}`);
  }
  console.log(footer(hardfork));
  if (timings.length > 0) console.log(`\nMerkle trees built off-chain:\n  ${timings.join("\n  ")}`);
  return failures;
}

const footer = (hardfork: string): string => `
Receipt gasUsed on the in-process network (hardfork ${hardfork}); sizes are runtime bytes. Budgets: ${Object.keys(GAS_BUDGETS).length} gas entries + sizes; entries with budget "–" are informational.
Conventions (docs/bench.md has them all):
- open.transfer: to an account holding no OPEN; open.permit: the owner's first permit, sent by the spender.
- gopen.*: each a first-time action of a fresh account (it holds OPEN besides its stake) in a pool that already has
  stakers and a running stream of rewards (reward per token > 0, a push queued behind it); requestWithdrawal is by a
  staker that never delegated (.delegated: one that self-delegated), with rewards streamed to it since its stake;
  claimRewards is its first claim.
- governor.castVote: mean of five delegates' first votes on one proposal (one call, setCooldown); castVoteBySig by a
  sixth delegate, relayed; queue after success; execute after the timelock delay.
- datanet.contribute: first-time contributor, curated datanet without bond (pending), 71-char ipfs URI;
  .open: open datanet (accepted, contributor totals updated); .bonded: curated with a 10 OPEN bond.
- datanet.review10: 10 pending contributions of 5 contributors who each have an accepted one, accepted with weights;
  .newContributors: 10 contributors with none accepted before. contributeRoot: one root for 100,000 records.
- model.register: a first-time builder, parent model, two training datanets; publishVersion: its second version.
- settle.*: steady state (an earlier settlement credited the same pools), payer pays by a finite allowance.
  single/contributors10/contributors100000: one datanet, no parent; lineage: a child (parent + two datanets).
  batch100.perInference: a settleBatch of 100 inferences of one model / 100; batch100mixed: base and child alternating.
- claim.depth20: proof of length 20 from a ${fmt(CLAIM_TREE_LEAVES)}-leaf StandardMerkleTree; steady state (the account claimed
  in epoch 1, claims its epoch-2 cumulative amount); .firstClaim: its first claim. claim.multi5: claimMany over five
  datanets, each proof of length 20, steady state (.firstClaim: the epoch-1 claim). postRoot: epoch 2 of a datanet whose
  epoch-1 root is active, by its bonded attestor; activateRoot: after the challenge window.`;

try {
  await main();
} catch (err: unknown) {
  process.stderr.write(`error: ${decodeError(err)}\n`);
  if (process.env.DEBUG) process.stderr.write(`${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
  process.exitCode = 1;
}
