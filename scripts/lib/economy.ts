/// The whole economy on a deployed suite, in one run (`npm run demo` runs it on the in-process network, and
/// `npm run e2e` on anvil and a Hardhat node):
///   stakers stake and delegate; two datanets are created and curated; a base model and a fine-tuned child are
///   registered; an AI agent pays for 100 inferences (single and batched); an attestor posts an attribution epoch per
///   datanet, which is verified against the chain; after the challenge window contributors, model owners, stakers (once
///   the stakers share has streamed to them over gOPEN's rewards duration) and the treasury take their shares; a governance vote raises the protocol share, and one more settlement shows the
///   new split. It ends with a report of who paid and who earned what, which must add up to the unit.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { id, keccak256, parseEther, toUtf8Bytes } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  ALLOCATION_VERSION,
  attributionHash,
  buildTree,
  contributionWeights,
  formatInferenceRecord,
  inferenceLogAllocation,
  proRataAllocation,
  readChainState,
  settledInferences,
  verifyPosted,
} from "../../package/src/index.js";
import type { Allocation, InferenceRecord, TreeFile } from "../../package/src/index.js";
import { writeTreeFile } from "../../package/src/node/index.js";
import { clientFor, formatOpen, mined, progress, sendersOf, ToolError } from "../../tasks/lib/index.js";
import { commitmentOf, randomSalt } from "../../tasks/lib/records.js";
import type { Sender, Suite } from "../../tasks/lib/index.js";
import { advanceTo, runGovernanceScenario } from "./governance-scenario.js";

const INFERENCES = 100;
const SINGLE = 40;
const BATCH = 20;

/// What the run produced, as plain JSON (amounts in wei as decimal strings). It holds no address, timestamp or
/// block number, so two nodes running the same deployment produce the same summary.
export interface EconomySummary {
  inferences: number;
  paid: string;
  credited: Record<string, string>;
  epoch1: Record<string, { policy: string; root: string; total: string; accounts: number }>;
  balances: Record<string, string>;
  leftInPools: Record<string, string>;
  addsUp: boolean;
  governance: { protocolBps: [string, string] };
  splitOfOneInference: { before: Record<string, string>; after: Record<string, string> };
}

/// Runs the economy on `suite`, printing a readable report through `line` and writing the inference log and tree
/// files under `out`. Throws if the report does not add up to the unit.
export async function runEconomy(suite: Suite, line: (text?: string) => void, out: string): Promise<EconomySummary> {
  const OUT = out;
  const section = (title: string): void => line(`\n── ${title} ${"─".repeat(Math.max(0, 74 - title.length))}`);
  mkdirSync(OUT, { recursive: true });
  const { connection, open, gopen, datanets, models, settlement, timelock } = suite;
  // Every account sends with a margin over its gas estimates (package/src/gas.ts).
  const signers = await sendersOf(connection);
  const stakers = signers.slice(1, 4);
  const [medicalOwner, codeOwner, attestor] = signers.slice(4, 7);
  const contributors = signers.slice(7, 12);
  const [baseBuilder, tuneBuilder, agent] = signers.slice(12, 15);
  const names = new Map<string, string>();
  const name = (s: Sender, label: string): Sender => (names.set(s.address, label), s);
  stakers.forEach((s, i) => name(s, `staker ${i + 1}`));
  contributors.forEach((s, i) => name(s, `contributor ${i + 1}`));
  name(medicalOwner, "medical datanet owner");
  name(codeOwner, "code datanet owner");
  name(attestor, "attestor");
  name(baseBuilder, "base model builder");
  name(tuneBuilder, "fine-tune builder");
  name(agent, "AI agent (payer)");

  section("Deployment (in-process network)");
  for (const key of ["open", "gopen", "governor", "timelock", "accessManager", "datanets", "models", "settlement"]) {
    line(`  ${key.padEnd(14)} ${suite.deployment.addresses[key as keyof typeof suite.deployment.addresses]}`);
  }

  // Everyone starts with OPEN from the deployer, who received the whole supply.
  const funding: Array<[Sender, string]> = [
    ...stakers.map((s): [Sender, string] => [s, "100000"]),
    [medicalOwner, "1000"],
    [codeOwner, "1000"],
    [attestor, "5000"],
    ...contributors.map((s): [Sender, string] => [s, "100"]),
    [baseBuilder, "100"],
    [tuneBuilder, "100"],
    [agent, "10000"],
  ];
  for (const [s, amount] of funding) await mined(open.transfer(s.address, parseEther(amount)));
  const balanceBefore = new Map<string, bigint>();
  for (const s of signers.slice(1, 15)) balanceBefore.set(s.address, await open.balanceOf(s.address));
  const treasuryBefore = await open.balanceOf(await timelock.getAddress());

  section("Stakers stake OPEN for gOPEN and delegate their votes");
  const stakes = ["50000", "30000", "20000"];
  for (const [i, s] of stakers.entries()) {
    await mined(open.connect(s).approve(await gopen.getAddress(), parseEther(stakes[i])));
    await mined(gopen.connect(s).stake(parseEther(stakes[i])));
    await mined(gopen.connect(s).delegate(s.address));
    line(
      `  ${names.get(s.address)} staked ${formatOpen(parseEther(stakes[i]))}, votes ${formatOpen(await gopen.getVotes(s.address))}`,
    );
  }

  section("Datanets: one curated (bonded), one open");
  const bond = parseEther("10");
  await mined(datanets.connect(medicalOwner).createDatanet("ipfs://datanet/medical-qa", true, bond, attestor.address));
  const MEDICAL = await datanets.datanetCount();
  await mined(datanets.connect(codeOwner).createDatanet("ipfs://datanet/code-review", false, 0, attestor.address));
  const CODE = await datanets.datanetCount();
  line(`  #${MEDICAL} medical-qa   curated, bond ${formatOpen(bond)}, owner ${names.get(medicalOwner.address)}`);
  line(`  #${CODE} code-review  open, owner ${names.get(codeOwner.address)}`);

  section("Contributions and curation");
  const content = (datanet: bigint, who: number, n: number): string =>
    keccak256(toUtf8Bytes(`record ${datanet}/${who}/${n}`));
  for (const [i, c] of contributors.slice(0, 4).entries()) {
    await mined(open.connect(c).approve(await datanets.getAddress(), bond * 2n));
    for (let n = 0; n < 2; n++) {
      await mined(datanets.connect(c).contribute(MEDICAL, content(MEDICAL, i, n), `ipfs://medical/${i}/${n}.json`));
    }
  }
  // The curator accepts seven records with weights from its quality review, and rejects one (its bond is forfeited).
  const decisions = contributors
    .slice(0, 4)
    .flatMap((_, i) =>
      [0, 1].map((n) => ({ contentHash: content(MEDICAL, i, n), weight: i === 3 && n === 1 ? 0n : BigInt(1 + i + n) })),
    );
  await mined(datanets.connect(medicalOwner).review(MEDICAL, decisions));
  line(`  medical-qa: 8 records submitted with a ${formatOpen(bond)} bond each; 7 accepted with weights, 1 rejected`);
  for (const [i, c] of contributors.slice(2).entries()) {
    if (i === 0) {
      // The first of them uses commit–reveal, as `datanet:contribute` does by default: both commits, then both
      // reveals in a later block, so that nobody who copies a pending transaction can take the credit.
      const salts = [0, 1].map(() => randomSalt());
      let committed = { block: 0n, at: 0n };
      for (let n = 0; n < 2; n++) {
        const commitment = commitmentOf(c.address, CODE, content(CODE, i, n), salts[n]);
        const receipt = await mined(datanets.connect(c).commitContribution(commitment));
        committed = { block: BigInt(receipt.blockNumber), at: BigInt((await receipt.getBlock()).timestamp) };
      }
      // A reveal needs a later block with a later timestamp than its commit's: on a chain whose blocks may share a
      // second, wait for the clock to pass the last commit's.
      await afterCommit(suite, committed.block, committed.at);
      for (let n = 0; n < 2; n++) {
        await mined(
          datanets.connect(c).revealContribution(CODE, content(CODE, i, n), `ipfs://code/${i}/${n}.json`, salts[n]),
        );
      }
      continue;
    }
    for (let n = 0; n < 2; n++) {
      await mined(datanets.connect(c).contribute(CODE, content(CODE, i, n), `ipfs://code/${i}/${n}.json`));
    }
  }
  // A bulk submission: 50 records as one Merkle root.
  const bulk = Array.from({ length: 50 }, (_, n): [string, string, bigint] => [
    contributors[4].address,
    content(CODE, 9, n),
    1n,
  ]);
  const bulkTree = StandardMerkleTree.of(bulk, ["address", "bytes32", "uint256"]);
  await mined(
    datanets.connect(contributors[4]).contributeRoot(CODE, bulkTree.root, bulk.length, "ipfs://code/bulk.json"),
  );
  line(
    `  code-review: 6 records accepted as they came (2 of them by commit–reveal), plus 50 records in one Merkle ` +
      `root ${bulkTree.root.slice(0, 10)}…`,
  );
  for (const c of contributors) {
    const st = await datanets.contributorStats(c.address);
    line(`  ${names.get(c.address)!.padEnd(14)} accepted ${st.accepted}, weight ${st.acceptedWeight}`);
  }

  section("Models: a base model and a fine-tuned child trained on both datanets");
  await mined(
    models.connect(baseBuilder).registerModel({
      cardURI: "ipfs://models/med-base/card.json",
      weightsHash: id("med-base weights v1"),
      weightsURI: "ipfs://models/med-base/v1",
      parentId: 0,
      datanets: [{ datanetId: MEDICAL, weightBps: 10_000 }],
      price: parseEther("2"),
      ownerBps: 4000,
    }),
  );
  const BASE = await models.modelCount();
  await mined(
    models.connect(tuneBuilder).registerModel({
      cardURI: "ipfs://models/med-code-tuned/card.json",
      weightsHash: id("med-code-tuned weights v1"),
      weightsURI: "ipfs://models/med-code-tuned/v1",
      parentId: BASE,
      datanets: [
        { datanetId: MEDICAL, weightBps: 6000 },
        { datanetId: CODE, weightBps: 4000 },
      ],
      price: parseEther("5"),
      ownerBps: 5000,
    }),
  );
  const CHILD = await models.modelCount();
  await mined(
    models
      .connect(tuneBuilder)
      .publishVersion(CHILD, id("med-code-tuned weights v2"), "ipfs://models/med-code-tuned/v2"),
  );
  line(`  #${BASE} med-base        2 OPEN/inference, owner 40%, data: medical-qa 100%`);
  line(
    `  #${CHILD} med-code-tuned  5 OPEN/inference, owner 50%, data: medical-qa 60% / code-review 40%, parent #${BASE}, 2 versions`,
  );

  section(
    `The AI agent pays for ${INFERENCES} inferences (${SINGLE} single, ${(INFERENCES - SINGLE) / BATCH} batches of ${BATCH})`,
  );
  // The attribution engine's output per inference: which contributors of each training datanet influenced it.
  const medicalWeights = contributors.slice(0, 4).map((c, i) => ({ account: c.address, weight: BigInt(1 + i) }));
  const codeWeights = contributors.slice(2).map((c, i) => ({ account: c.address, weight: BigInt(3 - i) }));
  const log: InferenceRecord[] = [];
  const inference = (n: number) => {
    const modelId = n % 3 === 0 ? BASE : CHILD;
    // Each inference is influenced by a different subset: contributors rotate.
    const pick = <T>(xs: T[]): T[] => xs.filter((_, i) => (n + i) % 4 !== 0);
    const datanetsOf =
      modelId === BASE
        ? [{ datanetId: MEDICAL, contributors: pick(medicalWeights) }]
        : [
            { datanetId: MEDICAL, contributors: pick(medicalWeights) },
            { datanetId: CODE, contributors: pick(codeWeights) },
          ];
    const record: InferenceRecord = { inferenceId: id(`inference ${n}`), modelId, datanets: datanetsOf };
    log.push(record);
    return {
      modelId,
      units: 1n,
      maxFee: parseEther("5"),
      inferenceId: record.inferenceId,
      attributionHash: attributionHash(record),
    };
  };
  await mined(open.connect(agent).approve(await settlement.getAddress(), parseEther("10000")));
  const firstBlock = await connection.ethers.provider.getBlockNumber();
  let paid = 0n;
  for (let n = 0; n < SINGLE; n++) {
    const inf = inference(n);
    await mined(
      settlement.connect(agent).settle(inf.modelId, inf.units, inf.maxFee, inf.inferenceId, inf.attributionHash),
    );
    paid += (await models.model(inf.modelId)).price;
    progress("  settling", n + 1, INFERENCES);
  }
  for (let n = SINGLE; n < INFERENCES; n += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, k) => inference(n + k));
    await mined(settlement.connect(agent).settleBatch(batch));
    for (const inf of batch) paid += (await models.model(inf.modelId)).price;
    progress("  settling", n + BATCH, INFERENCES);
  }
  writeFileSync(join(OUT, "inference-log.jsonl"), log.map(formatInferenceRecord).join("\n") + "\n");
  const lastBlock = await connection.ethers.provider.getBlockNumber();
  line(`  paid ${formatOpen(paid)} for ${INFERENCES} inferences; inference log: ${join(OUT, "inference-log.jsonl")}`);
  const credited: Record<string, string> = {
    treasury: (await settlement.treasuryAccrued()).toString(),
    stakers: (await settlement.stakersAccrued()).toString(),
    [`model ${BASE}`]: (await settlement.modelRevenue(BASE)).toString(),
    [`model ${CHILD}`]: (await settlement.modelRevenue(CHILD)).toString(),
    "medical-qa pool": (await settlement.accrued(MEDICAL)).toString(),
    "code-review pool": (await settlement.accrued(CODE)).toString(),
  };
  for (const [who, amount] of Object.entries(credited))
    line(`  credited to ${who.padEnd(17)} ${formatOpen(BigInt(amount))}`);

  section("Attribution epoch 1: allocate, post, verify");
  const { chainId } = await connection.ethers.provider.getNetwork();
  const allocationOf = (
    datanetId: bigint,
    policy: Allocation["policy"],
    total: bigint,
    allocations: Allocation["allocations"],
  ): Allocation => ({
    version: ALLOCATION_VERSION,
    chainId: Number(chainId),
    settlement: suite.deployment.addresses.settlement!,
    datanetId: datanetId.toString(),
    epoch: 1,
    policy,
    cumulativeTotal: total.toString(),
    allocations,
  });
  // medical-qa: the attribution engine's inference log; code-review: pro rata by accepted contribution weight.
  const reader = clientFor(suite, connection.ethers.provider);
  const settled = await settledInferences(reader, { datanetId: MEDICAL, fromBlock: firstBlock, toBlock: lastBlock });
  const fromLog = inferenceLogAllocation(log, settled, undefined, MEDICAL);
  const medicalAlloc = {
    ...allocationOf(MEDICAL, "inference-log", fromLog.cumulativeTotal, fromLog.allocations),
    inferences: fromLog.inferences,
  };
  const proRata = proRataAllocation(
    await settlement.accrued(CODE),
    undefined,
    await contributionWeights(reader, { datanetId: CODE }),
  );
  const codeAlloc = allocationOf(CODE, "pro-rata", proRata.cumulativeTotal, proRata.allocations);

  await mined(open.connect(attestor).approve(await settlement.getAddress(), await settlement.minAttestorBond()));
  await mined(settlement.connect(attestor).depositBond(await settlement.minAttestorBond()));
  const trees: TreeFile[] = [];
  for (const [label, alloc] of [
    ["medical-qa", medicalAlloc],
    ["code-review", codeAlloc],
  ] as const) {
    const tree = buildTree(alloc);
    const uri = `file://${join(process.cwd(), OUT, `${label}-epoch1.tree.json`)}`;
    // The tree file first, then the root: a root on-chain always has its file (and every proof).
    const file = writeTreeFile(join(OUT, `${label}-epoch1.tree.json`), alloc, tree);
    await mined(
      settlement.connect(attestor).postRoot(alloc.datanetId, alloc.epoch, tree.root, alloc.cumulativeTotal, uri),
    );
    trees.push(file);
    const mismatches = verifyPosted(file, await readChainState(reader, file));
    line(
      `  ${label.padEnd(12)} ${alloc.policy.padEnd(13)} root ${tree.root.slice(0, 10)}…  total ${formatOpen(BigInt(alloc.cumulativeTotal))}  ${alloc.allocations.length} accounts  verify: ${mismatches.length === 0 ? "ok" : mismatches.map((m) => m.name).join(", ")}`,
    );
    if (mismatches.length > 0)
      throw new Error(`${label}: ${mismatches.map((m) => `${m.name}: ${m.detail}`).join("; ")}`);
  }

  section("After the challenge window: everyone takes their share");
  // The later of the two windows: on a node with a real clock, the two posts can land seconds apart.
  const [medicalReady, codeReady] = await Promise.all(
    [MEDICAL, CODE].map(async (d) => (await settlement.rootState(d)).pendingReadyAt),
  );
  await advanceTo(connection, medicalReady > codeReady ? medicalReady : codeReady);
  for (const d of [MEDICAL, CODE]) await mined(settlement.activateRoot(d));
  line(`  waited out the ${await settlement.challengeWindow()} s window; both roots activated`);
  for (const c of contributors) {
    const claims = trees
      .map((t) => ({ t, entry: t.proofs[c.address] }))
      .filter((x) => x.entry !== undefined)
      .map((x) => ({
        datanetId: BigInt(x.t.allocation.datanetId),
        cumulativeAmount: BigInt(x.entry.cumulativeAmount),
        proof: x.entry.proof,
      }));
    if (claims.length === 0) continue;
    // Anyone may submit a claim: here the attestor relays them, and the OPEN still goes to each contributor.
    await mined(settlement.connect(attestor).claimMany(c.address, claims));
  }
  for (const [owner, modelId] of [
    [baseBuilder, BASE],
    [tuneBuilder, CHILD],
  ] as const) {
    await mined(settlement.connect(owner).withdrawModelRevenue(modelId, owner.address));
  }
  await mined(settlement.pushStakerRewards());
  // The stakers share streams to the stakers over gOPEN's rewards duration: the clock moves past the stream's end,
  // so that they claim all of it, pro rata to their stakes (what is left is the queue's remainder below one unit per
  // second, and the rounding carry, both in the reserve).
  const streamEnd = await gopen.periodFinish();
  await advanceTo(connection, streamEnd);
  line(
    `  the stakers share streamed over ${await gopen.rewardsDuration()} s (gOPEN's rewards duration); the clock moved past its end`,
  );
  for (const s of stakers) await mined(gopen.connect(s).claimRewards());
  await mined(settlement.payTreasury());
  for (const owner of [medicalOwner]) await mined(datanets.connect(owner).withdrawBondCredit());
  for (const c of contributors.slice(0, 4)) {
    if ((await datanets.bondCredit(c.address)) > 0n) await mined(datanets.connect(c).withdrawBondCredit());
  }
  line("  contributors claimed (claimMany, one transfer each), model owners withdrew, stakers claimed,");
  line("  the treasury was paid, curation bonds were refunded (and the rejected one went to the datanet owner)");

  section("Who paid and who earned what (OPEN)");
  const rows: Array<[string, bigint]> = [];
  for (const s of signers.slice(1, 15)) {
    const delta = (await open.balanceOf(s.address)) - balanceBefore.get(s.address)!;
    rows.push([names.get(s.address) ?? s.address, delta]);
  }
  const treasuryDelta = (await open.balanceOf(await timelock.getAddress())) - treasuryBefore;
  rows.push(["treasury (Timelock)", treasuryDelta]);
  const stakerRewards = stakers.length > 0 ? await gopen.rewardsReserve() : 0n;
  const left = [
    ["left in medical-qa pool", (await settlement.accrued(MEDICAL)) - (await settlement.rootState(MEDICAL)).claimed],
    ["left in code-review pool", (await settlement.accrued(CODE)) - (await settlement.rootState(CODE)).claimed],
    ["gOPEN rewards not yet claimed", stakerRewards],
  ] as const;
  const staked = stakes.map((x) => parseEther(x)).reduce((a, b) => a + b, 0n);
  const bonded = await settlement.minAttestorBond();
  for (const [who, delta] of rows) {
    const note = who.startsWith("staker")
      ? "  (stake still locked in gOPEN)"
      : who === "attestor"
        ? "  (bond locked)"
        : "";
    line(`  ${who.padEnd(30)} ${(delta >= 0n ? "+" : "−") + formatOpen(delta >= 0n ? delta : -delta)}${note}`);
  }
  for (const [what, amount] of left) line(`  ${what.padEnd(30)}  ${formatOpen(amount)}`);
  const net = rows.reduce((sum, [, d]) => sum + d, 0n) + left.reduce((sum, [, a]) => sum + a, 0n) + staked + bonded;
  line(`\n  the agent paid ${formatOpen(paid)}; everything above, with the ${formatOpen(staked)} staked and the`);
  line(
    `  ${formatOpen(bonded)} bonded, sums to ${formatOpen(net)}: ${net === 0n ? "it adds up to the unit ✓" : "MISMATCH"}`,
  );
  if (net !== 0n) throw new ToolError(`the report does not add up: off by ${net} wei`);

  section("Governance: a vote raises the protocol share");
  const before = await settlement.previewSplit(CHILD, parseEther("5"));
  const summary = await runGovernanceScenario(connection, suite, (l) => line(`  ${l}`), { voters: stakers });
  line(
    `  proposal ${summary.proposalId.slice(0, 12)}… ${summary.state}: protocolBps ${summary.oldValue.protocolBps} → ${summary.newValue.protocolBps}`,
  );
  const inf = inference(INFERENCES);
  await mined(settlement.connect(agent).settle(inf.modelId, 1, inf.maxFee, inf.inferenceId, inf.attributionHash));
  const after = await settlement.previewSplit(CHILD, parseEther("5"));
  line(
    `  one more inference of model #${CHILD} (5 OPEN): protocol ${formatOpen(before.protocol)} → ${formatOpen(after.protocol)}, ` +
      `stakers ${formatOpen(before.stakers)} → ${formatOpen(after.stakers)}`,
  );
  const dataBefore = before.datanets.reduce((s, c) => s + c.amount, 0n);
  const dataAfter = after.datanets.reduce((s, c) => s + c.amount, 0n);
  line(
    `  datanets ${formatOpen(dataBefore)} → ${formatOpen(dataAfter)}; models ${formatOpen(before.models.reduce((s, c) => s + c.amount, 0n))} → ${formatOpen(after.models.reduce((s, c) => s + c.amount, 0n))}`,
  );
  const sum = (credits: ReadonlyArray<{ amount: bigint }>): bigint => credits.reduce((t, c) => t + c.amount, 0n);
  const split = (p: typeof before): Record<string, string> => ({
    protocol: p.protocol.toString(),
    stakers: p.stakers.toString(),
    models: sum(p.models).toString(),
    datanets: sum(p.datanets).toString(),
  });
  return {
    inferences: INFERENCES,
    paid: paid.toString(),
    credited,
    epoch1: Object.fromEntries(
      trees.map((t) => [
        t.allocation.datanetId,
        {
          policy: t.allocation.policy,
          root: t.root,
          total: t.allocation.cumulativeTotal,
          accounts: t.allocation.allocations.length,
        },
      ]),
    ),
    balances: Object.fromEntries(rows.map(([who, delta]) => [who, delta.toString()])),
    leftInPools: Object.fromEntries(left.map(([what, amount]) => [what, amount.toString()])),
    addsUp: net === 0n,
    governance: { protocolBps: [summary.oldValue.protocolBps, summary.newValue.protocolBps] },
    splitOfOneInference: { before: split(before), after: split(after) },
  };
}

/// Returns once a reveal of a commit made in block `block` at `at` can be mined: the latest block is later in both,
/// or a second of wall time has passed (a chain that mines on demand then stamps its next block after `at`).
async function afterCommit(suite: Suite, block: bigint, at: bigint): Promise<void> {
  const latest = await suite.connection.ethers.provider.getBlock("latest");
  if (latest !== null && BigInt(latest.number) > block && BigInt(latest.timestamp) > at) return;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
