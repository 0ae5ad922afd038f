/// Attribution epoch 1 of both datanets (allocate, write the tree file, post the root, verify it against the chain),
/// then, after the challenge window, everyone takes their share.
import { join } from "node:path";
import { allocateEpoch, buildTree, readChainState, verifyPosted } from "../../../package/src/index.js";
import { writeTreeFile } from "../../../package/src/node/index.js";
import type { Allocation, InferenceRecord, SettledInference, TreeFile } from "../../../package/src/index.js";
import { clientFor, formatOpen, mined } from "../../../tasks/lib/index.js";
import { advanceTo } from "../governance-scenario.js";
import { recomputeMismatches } from "../../../tasks/actions/attribution-recompute.js";
import { recordsDir, treesDir } from "./datanets.js";
import type { Datanets } from "./datanets.js";
import { K } from "./engine.js";
import type { Models } from "./models.js";
import type { Settled } from "./settle.js";
import { section } from "./world.js";
import type { World } from "./world.js";

/// One datanet's allocation for an epoch, with the settlements it allocated.
export interface Epoch1 {
  label: string;
  allocation: Allocation;
  settled: SettledInference[];
}

/// What an epoch allocates: the inference log so far and, for the first epoch, the block of the first settlement;
/// for a later one, each datanet's previous tree file (medical-qa's, then code-review's).
export interface EpochInput {
  epoch: number;
  log: readonly InferenceRecord[];
  fromBlock?: number;
  previous?: readonly TreeFile[];
}

/// The allocations of an epoch (the SDK's `allocateEpoch`): medical-qa from the attribution engine's inference log,
/// code-review pro rata by accepted contribution weight; each inference pays the datanet version its model was
/// trained on.
async function allocate(w: World, d: Datanets, input: EpochInput): Promise<Epoch1[]> {
  const reader = clientFor(w.suite, w.suite.connection.ethers.provider);
  const [medicalPrevious, codePrevious] = input.previous?.map((t) => t.allocation) ?? [];
  const medical = await allocateEpoch(reader, {
    datanetId: d.medical,
    policy: "inference-log",
    log: input.log,
    fromBlock: input.fromBlock,
    previous: medicalPrevious,
  });
  const code = await allocateEpoch(reader, {
    datanetId: d.code,
    policy: "pro-rata",
    fromBlock: input.fromBlock,
    previous: codePrevious,
  });
  return [
    { label: "medical-qa", allocation: medical.allocation, settled: medical.settled },
    { label: "code-review", allocation: code.allocation, settled: code.settled },
  ];
}

/// The attestor bonds (at the first epoch), then posts each datanet's root after writing its tree file, and
/// verifies it.
export async function postEpoch(
  w: World,
  d: Datanets,
  input: EpochInput,
): Promise<{ trees: TreeFile[]; epochs: Epoch1[] }> {
  const { settlement, open } = w.suite;
  section(w, `Attribution epoch ${input.epoch}: allocate, post, verify`);
  const epochs = await allocate(w, d, input);
  if (input.previous === undefined) {
    await mined(open.connect(w.attestor).approve(await settlement.getAddress(), await settlement.minAttestorBond()));
    await mined(settlement.connect(w.attestor).depositBond(await settlement.minAttestorBond()));
  }
  const trees: TreeFile[] = [];
  for (const { label, allocation: alloc } of epochs) {
    const tree = buildTree(alloc);
    const name = `${label}-epoch${input.epoch}.tree.json`;
    const uri = `file://${join(process.cwd(), w.out, name)}`;
    // The tree file first, then the root: a root on-chain always has its file (and every proof).
    const file = writeTreeFile(join(w.out, name), alloc, tree);
    await postRootOf(w, alloc, tree.root, uri);
    trees.push(file);
    const reader = clientFor(w.suite, w.suite.connection.ethers.provider);
    const mismatches = verifyPosted(file, await readChainState(reader, file));
    w.line(
      `  ${label.padEnd(12)} ${alloc.policy.padEnd(13)} root ${tree.root.slice(0, 10)}…  total ${formatOpen(BigInt(alloc.cumulativeTotal))}  ${alloc.allocations.length} accounts  verify: ${mismatches.length === 0 ? "ok" : mismatches.map((m) => m.name).join(", ")}`,
    );
    // attribution:verify --recompute: every settlement that credited the datanet, attributed again by the engine from
    // its output and the records (read again from the chain and the records folder), against the settled hash.
    const source = { records: recordsDir(w), trees: treesDir(w), k: K };
    const recomputed = await recomputeMismatches(reader, alloc, source, join(w.out, "outputs"));
    w.line(
      `  ${"".padEnd(12)} recomputed: ${recomputed.length === 0 ? "ok" : `${recomputed.length} mismatches`} (every settled inference of the datanet, by the engine)`,
    );
    for (const m of recomputed) w.line(`    ${m.detail}`);
    mismatches.push(...recomputed);
    if (mismatches.length > 0) {
      throw new Error(`${label}: ${mismatches.map((m) => `${m.name}: ${m.detail}`).join("; ")}`);
    }
  }
  return { trees, epochs };
}

/// Attribution epoch 1 of both datanets, over the settlements of `s`.
export async function postEpochs(w: World, d: Datanets, s: Settled): Promise<{ trees: TreeFile[]; epochs: Epoch1[] }> {
  return postEpoch(w, d, { epoch: 1, log: s.log, fromBlock: s.firstBlock });
}

/// One root, posted by the attestor (the SDK's `postRoot` action will take its place).
async function postRootOf(w: World, alloc: Allocation, root: string, uri: string): Promise<void> {
  const total = alloc.cumulativeTotal;
  await mined(w.suite.settlement.connect(w.attestor).postRoot(alloc.datanetId, alloc.epoch, root, total, uri));
}

/// After the challenge window: both roots activate; contributors claim (relayed by the attestor), model owners
/// withdraw, the stakers share streams and is claimed, the treasury is paid, curation bonds are refunded.
export async function claim(w: World, d: Datanets, m: Models, trees: TreeFile[]): Promise<void> {
  const { settlement, gopen, datanets, connection } = w.suite;
  section(w, "After the challenge window: everyone takes their share");
  await activateRoots(w, d);
  await claimContributors(w, trees);
  for (const [owner, modelId] of [
    [w.baseBuilder, m.base],
    [w.tuneBuilder, m.child],
  ] as const) {
    await mined(settlement.connect(owner).withdrawModelRevenue(modelId, owner.address));
  }
  await mined(settlement.pushStakerRewards());
  // The stakers share streams to the stakers over gOPEN's rewards duration: the clock moves past the stream's end,
  // so that they claim all of it, pro rata to their stakes (what is left is the queue's remainder below one unit per
  // second, and the rounding carry, both in the reserve).
  await advanceTo(connection, await gopen.periodFinish());
  w.line(
    `  the stakers share streamed over ${await gopen.rewardsDuration()} s (gOPEN's rewards duration); the clock moved past its end`,
  );
  for (const s of w.stakers) await mined(gopen.connect(s).claimRewards());
  await mined(settlement.payTreasury());
  await mined(datanets.connect(w.medicalOwner).withdrawBondCredit());
  for (const c of [...w.contributors.slice(0, 4), w.late]) {
    if ((await datanets.bondCredit(c.address)) > 0n) await mined(datanets.connect(c).withdrawBondCredit());
  }
  w.line("  contributors claimed (claimMany, one transfer each), model owners withdrew, stakers claimed,");
  w.line("  the treasury was paid, curation bonds were refunded (and the rejected one went to the datanet owner)");
}

/// Once the challenge window of both pending roots is over, activates them.
export async function activateRoots(w: World, d: Datanets): Promise<void> {
  const { settlement, connection } = w.suite;
  // The later of the two windows: on a node with a real clock, the two posts can land seconds apart.
  const [medicalReady, codeReady] = await Promise.all(
    [d.medical, d.code].map(async (id) => (await settlement.rootState(id)).pendingReadyAt),
  );
  await advanceTo(connection, medicalReady > codeReady ? medicalReady : codeReady);
  for (const datanet of [d.medical, d.code]) await mined(settlement.activateRoot(datanet));
  w.line(`  waited out the ${await settlement.challengeWindow()} s window; both roots activated`);
}

/// Every contributor with an entry in `trees` claims what it has not claimed yet, in one claimMany (relayed by the
/// attestor: anyone may submit a claim, and the OPEN still goes to the contributor). Returns what each contributor
/// received, by address.
export async function claimContributors(w: World, trees: readonly TreeFile[]): Promise<Map<string, bigint>> {
  const { settlement } = w.suite;
  const received = new Map<string, bigint>();
  for (const c of [...w.contributors, w.late]) {
    const claims = [];
    let amount = 0n;
    for (const t of trees) {
      const entry = t.proofs[c.address];
      if (entry === undefined) continue;
      const datanetId = BigInt(t.allocation.datanetId);
      const fresh = BigInt(entry.cumulativeAmount) - (await settlement.claimed(datanetId, c.address));
      if (fresh <= 0n) continue;
      claims.push({ datanetId, cumulativeAmount: BigInt(entry.cumulativeAmount), proof: entry.proof });
      amount += fresh;
    }
    if (claims.length === 0) continue;
    await mined(settlement.connect(w.attestor).claimMany(c.address, claims));
    received.set(c.address, amount);
  }
  return received;
}
