/// The indexing functions: one per event of the suite. The events that a table models are handled below, each in its
/// section; every other event of the suite's ABIs (parameter changes, roles, timelock operations, approvals, …) is
/// recorded in `protocol_event` by the loop at the end.
import { ponder } from "ponder:registry";
import type { Context, Event } from "ponder:registry";
import {
  agent,
  agentMetadata,
  agentModel,
  allocation,
  attestor,
  attributionRoot,
  agentReputation,
  bondEvent,
  budget,
  budgetSpend,
  claim,
  contribution,
  contributorPool,
  curator,
  datanet,
  datanetVersion,
  escrowAccount,
  feedback,
  feedbackResponse,
  feedbackWeight,
  holder,
  inference,
  inferenceCredit,
  job,
  model,
  modelRevenueDay,
  modelVersion,
  modelWithdrawal,
  openTransfer,
  proposal,
  protocolContract,
  protocolEvent,
  review,
  royalty,
  staker,
  stakingEvent,
  totals,
  trainingDatanet,
  vote,
} from "ponder:schema";
import { and, eq } from "ponder";
import { replaceBigInts } from "ponder";
import { abis } from "../../package/src/generated/abis.js";
import { CONTRACT_KEYS, SUITE } from "../../package/src/deployments.js";
import { loadAllocation } from "./lib/allocation.js";
import { readEnvironment } from "./deployment.js";

type Hex = `0x${string}`;
const ZERO = "0x0000000000000000000000000000000000000000";
const SUITE_ID = "suite";

const lc = (address: string): Hex => address.toLowerCase() as Hex;

/// The suite's contracts by lower-case address: their key ("settlement", …).
const CONTRACT_AT = new Map<string, string>();
{
  const { addresses } = readEnvironment();
  for (const key of CONTRACT_KEYS) CONTRACT_AT.set(lc(addresses[key]), key);
}

interface Meta {
  blockNumber: bigint;
  timestamp: bigint;
  txHash: Hex;
}
const meta = (event: { block: { number: bigint; timestamp: bigint }; transaction: { hash: Hex } }): Meta => ({
  blockNumber: event.block.number,
  timestamp: event.block.timestamp,
  txHash: event.transaction.hash,
});

type Totals = typeof totals.$inferSelect;
async function addTotals(context: Context, change: (row: Totals) => Partial<Totals>): Promise<void> {
  await context.db.update(totals, { id: SUITE_ID }).set(change);
}

const DAY = 86_400n;

// ─── Setup: the suite's contracts and the totals row ─────────────────────────────────────────────────────────────

ponder.on("OpenToken:setup", async ({ context }) => {
  const { addresses } = readEnvironment();
  for (const key of CONTRACT_KEYS) {
    await context.db
      .insert(protocolContract)
      .values({ address: lc(addresses[key]), key, name: SUITE[key], openBalance: 0n })
      .onConflictDoNothing();
  }
  await context.db
    .insert(totals)
    .values({
      id: SUITE_ID,
      inferences: 0,
      fees: 0n,
      treasuryCredited: 0n,
      treasuryPaid: 0n,
      treasuryAccrued: 0n,
      stakersCredited: 0n,
      stakersPushed: 0n,
      stakersAccrued: 0n,
      totalStaked: 0n,
      totalPendingWithdrawals: 0n,
      rewardsAdded: 0n,
      rewardsClaimed: 0n,
      jobTreasuryAccrued: 0n,
      jobTreasuryPaid: 0n,
      protocolBps: 0n,
      stakersBps: 0n,
      lineageBps: 0n,
    })
    .onConflictDoNothing();
});

// ─── OPEN ────────────────────────────────────────────────────────────────────────────────────────────────────────

async function moveBalance(context: Context, who: Hex, delta: bigint): Promise<void> {
  if (who === ZERO) return;
  await context.db
    .insert(holder)
    .values({ address: who, openBalance: delta })
    .onConflictDoUpdate((row) => ({ openBalance: row.openBalance + delta }));
  if (CONTRACT_AT.has(who)) {
    await context.db
      .update(protocolContract, { address: who })
      .set((row) => ({ openBalance: row.openBalance + delta }));
  }
}

ponder.on("OpenToken:Transfer", async ({ event, context }) => {
  const from = lc(event.args.from);
  const to = lc(event.args.to);
  const amount = event.args.value;
  await moveBalance(context, from, -amount);
  await moveBalance(context, to, amount);
  const fromContract = CONTRACT_AT.get(from) ?? null;
  const toContract = CONTRACT_AT.get(to) ?? null;
  if (fromContract !== null || toContract !== null) {
    await context.db
      .insert(openTransfer)
      .values({ id: event.id, from, to, amount, fromContract, toContract, ...meta(event) });
  }
});

// ─── gOPEN: stakes, withdrawals, rewards, delegations ────────────────────────────────────────────────────────────

type Staker = typeof staker.$inferSelect;
async function updateStaker(context: Context, who: Hex, change: (row: Staker) => Partial<Staker>): Promise<void> {
  const row = (await context.db.find(staker, { address: who })) ?? {
    address: who,
    staked: 0n,
    pendingWithdrawal: 0n,
    withdrawn: 0n,
    rewardsClaimed: 0n,
    delegate: null,
    votes: 0n,
  };
  await context.db
    .insert(staker)
    .values({ ...row, ...change(row) })
    .onConflictDoUpdate(change(row));
}

async function stakingRow(
  context: Context,
  event: Parameters<typeof meta>[0] & { id: string },
  kind: string,
  who: string,
  amount: bigint,
  counterparty: string | null = null,
): Promise<void> {
  await context.db.insert(stakingEvent).values({
    id: event.id,
    kind,
    account: lc(who),
    amount,
    counterparty: counterparty === null ? null : lc(counterparty),
    ...meta(event),
  });
}

ponder.on("StakedOpen:Staked", async ({ event, context }) => {
  const { account: who, amount } = event.args;
  await updateStaker(context, lc(who), (r) => ({ staked: r.staked + amount }));
  await addTotals(context, (t) => ({ totalStaked: t.totalStaked + amount }));
  await stakingRow(context, event, "stake", who, amount);
});

ponder.on("StakedOpen:WithdrawalRequested", async ({ event, context }) => {
  const { account: who, amount, totalPending } = event.args;
  await updateStaker(context, lc(who), (r) => ({ staked: r.staked - amount, pendingWithdrawal: totalPending }));
  await addTotals(context, (t) => ({
    totalStaked: t.totalStaked - amount,
    totalPendingWithdrawals: t.totalPendingWithdrawals + amount,
  }));
  await stakingRow(context, event, "requestWithdrawal", who, amount);
});

ponder.on("StakedOpen:Withdrawn", async ({ event, context }) => {
  const { account: who, amount } = event.args;
  await updateStaker(context, lc(who), (r) => ({
    pendingWithdrawal: r.pendingWithdrawal - amount,
    withdrawn: r.withdrawn + amount,
  }));
  await addTotals(context, (t) => ({ totalPendingWithdrawals: t.totalPendingWithdrawals - amount }));
  await stakingRow(context, event, "withdraw", who, amount);
});

ponder.on("StakedOpen:RewardsAdded", async ({ event, context }) => {
  await addTotals(context, (t) => ({ rewardsAdded: t.rewardsAdded + event.args.amount }));
  await stakingRow(context, event, "rewardsAdded", event.args.from, event.args.amount);
});

ponder.on("StakedOpen:RewardsClaimed", async ({ event, context }) => {
  const { account: who, amount } = event.args;
  await updateStaker(context, lc(who), (r) => ({ rewardsClaimed: r.rewardsClaimed + amount }));
  await addTotals(context, (t) => ({ rewardsClaimed: t.rewardsClaimed + amount }));
  await stakingRow(context, event, "claimRewards", who, amount);
});

ponder.on("StakedOpen:DelegateChanged", async ({ event, context }) => {
  const { delegator, toDelegate } = event.args;
  await updateStaker(context, lc(delegator), () => ({ delegate: lc(toDelegate) }));
  await stakingRow(context, event, "delegate", delegator, 0n, toDelegate);
});

ponder.on("StakedOpen:DelegateVotesChanged", async ({ event, context }) => {
  await updateStaker(context, lc(event.args.delegate), () => ({ votes: event.args.newVotes }));
});

// ─── Governance: proposals and votes ─────────────────────────────────────────────────────────────────────────────

ponder.on("OpenGovernor:ProposalCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(proposal).values({
    id: a.proposalId,
    proposer: lc(a.proposer),
    description: a.description,
    targets: [...a.targets],
    values: a.values.map(String),
    calldatas: [...a.calldatas],
    voteStart: a.voteStart,
    voteEnd: a.voteEnd,
    state: "created",
    eta: null,
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    voters: 0,
    createdAt: event.block.timestamp,
    executedAt: null,
  });
});

async function castVote(
  context: Context,
  event: Parameters<typeof meta>[0],
  a: { voter: string; proposalId: bigint; support: number; weight: bigint; reason: string },
): Promise<void> {
  await context.db.insert(vote).values({
    proposalId: a.proposalId,
    voter: lc(a.voter),
    support: a.support,
    weight: a.weight,
    reason: a.reason,
    ...meta(event),
  });
  await context.db.update(proposal, { id: a.proposalId }).set((p) => ({
    forVotes: p.forVotes + (a.support === 1 ? a.weight : 0n),
    againstVotes: p.againstVotes + (a.support === 0 ? a.weight : 0n),
    abstainVotes: p.abstainVotes + (a.support === 2 ? a.weight : 0n),
    voters: p.voters + 1,
  }));
}

ponder.on("OpenGovernor:VoteCast", async ({ event, context }) => castVote(context, event, event.args));
ponder.on("OpenGovernor:VoteCastWithParams", async ({ event, context }) => castVote(context, event, event.args));
ponder.on("OpenGovernor:ProposalQueued", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ state: "queued", eta: event.args.etaSeconds });
});
ponder.on("OpenGovernor:ProposalExecuted", async ({ event, context }) => {
  await context.db
    .update(proposal, { id: event.args.proposalId })
    .set({ state: "executed", executedAt: event.block.timestamp });
});
ponder.on("OpenGovernor:ProposalCanceled", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ state: "canceled" });
});
ponder.on("OpenGovernor:ProposalExtended", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ voteEnd: event.args.extendedDeadline });
});

// ─── Datanets: contributions, reviews, versions ──────────────────────────────────────────────────────────────────

const CONTRIBUTION_STATUS = ["none", "pending", "accepted", "rejected", "withdrawn"] as const;

ponder.on("DatanetRegistry:DatanetCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(datanet).values({
    id: a.datanetId,
    owner: lc(a.owner),
    curated: a.curated,
    bond: a.bond,
    attestor: lc(a.attestor),
    uri: a.uri,
    closed: false,
    contributions: 0,
    accepted: 0,
    versions: 0,
    accrued: 0n,
    claimed: 0n,
    claimableNow: 0n,
    activeEpoch: 0n,
    activeRoot: null,
    activeTotal: 0n,
    pendingEpoch: null,
    lastEpoch: 0n,
    vetoes: 0,
    createdAt: event.block.timestamp,
  });
});

ponder.on("DatanetRegistry:AttestorSet", async ({ event, context }) => {
  await context.db.update(datanet, { id: event.args.datanetId }).set({ attestor: lc(event.args.attestor) });
});
ponder.on("DatanetRegistry:AttestorAppointed", async ({ event, context }) => {
  await context.db.update(datanet, { id: event.args.datanetId }).set({ attestor: lc(event.args.attestor) });
});
ponder.on("DatanetRegistry:DatanetOwnershipTransferred", async ({ event, context }) => {
  await context.db.update(datanet, { id: event.args.datanetId }).set({ owner: lc(event.args.newOwner) });
});
ponder.on("DatanetRegistry:DatanetClosed", async ({ event, context }) => {
  await context.db.update(datanet, { id: event.args.datanetId }).set({ closed: true });
});
ponder.on("DatanetRegistry:CuratorSet", async ({ event, context }) => {
  const { datanetId, account: who, isCurator } = event.args;
  await context.db
    .insert(curator)
    .values({ datanetId, account: lc(who), active: isCurator })
    .onConflictDoUpdate({ active: isCurator });
});

async function submitted(
  context: Context,
  event: { block: { timestamp: bigint } },
  a: { datanetId: bigint; hash: Hex; kind: string; contributor: string; index: bigint; weight: bigint; count: bigint },
  acceptance: bigint,
  uri: string,
): Promise<void> {
  await context.db.insert(contribution).values({
    datanetId: a.datanetId,
    hash: a.hash,
    kind: a.kind,
    contributor: lc(a.contributor),
    index: a.index,
    weight: a.weight,
    count: a.count,
    status: acceptance > 0n ? "accepted" : "pending",
    acceptance,
    uri,
    submittedAt: event.block.timestamp,
    reviewedAt: acceptance > 0n ? event.block.timestamp : null,
  });
  await context.db.update(datanet, { id: a.datanetId }).set((d) => ({
    contributions: d.contributions + 1,
    accepted: acceptance > 0n ? Math.max(d.accepted, Number(acceptance)) : d.accepted,
  }));
}

ponder.on("DatanetRegistry:ContributionSubmitted", async ({ event, context }) => {
  const a = event.args;
  await submitted(context, event, { ...a, hash: a.contentHash, kind: "record", count: 1n }, a.acceptance, a.uri);
});

ponder.on("DatanetRegistry:BatchSubmitted", async ({ event, context }) => {
  const a = event.args;
  await submitted(
    context,
    event,
    {
      datanetId: a.datanetId,
      hash: a.root,
      kind: "batch",
      contributor: a.submitter,
      index: a.index,
      weight: 0n,
      count: a.count,
    },
    a.acceptance,
    a.uri,
  );
});

async function reviewed(
  context: Context,
  event: { id: string; block: { number: bigint; timestamp: bigint }; transaction: { from: Hex } },
  datanetId: bigint,
  hash: Hex,
  kind: string,
  acceptance: bigint,
  weight: bigint | null,
): Promise<void> {
  const accepted = acceptance > 0n;
  await context.db.update(contribution, { datanetId, hash }).set((c) => ({
    status: accepted ? "accepted" : "rejected",
    acceptance,
    weight: weight ?? c.weight,
    reviewedAt: event.block.timestamp,
  }));
  await context.db.insert(review).values({
    id: event.id,
    datanetId,
    hash,
    kind,
    reviewer: lc(event.transaction.from),
    accepted,
    acceptance,
    weight,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  if (accepted) {
    await context.db
      .update(datanet, { id: datanetId })
      .set((d) => ({ accepted: Math.max(d.accepted, Number(acceptance)) }));
  }
}

ponder.on("DatanetRegistry:ContributionReviewed", async ({ event, context }) => {
  const a = event.args;
  await reviewed(context, event, a.datanetId, a.contentHash, "record", a.acceptance, a.weight);
});
ponder.on("DatanetRegistry:BatchReviewed", async ({ event, context }) => {
  const a = event.args;
  await reviewed(context, event, a.datanetId, a.root, "batch", a.acceptance, null);
});

async function claimedBack(
  context: Context,
  event: { block: { timestamp: bigint } },
  a: { datanetId: bigint; hash: Hex; kind: string; contributor: string; status: number; weight: bigint; count: bigint },
  uri: string,
): Promise<void> {
  const status = CONTRIBUTION_STATUS[a.status] ?? "none";
  const values = { contributor: lc(a.contributor), status, weight: a.weight, count: a.count, uri };
  const existing = await context.db.find(contribution, { datanetId: a.datanetId, hash: a.hash });
  if (existing === null) {
    await context.db.insert(contribution).values({
      datanetId: a.datanetId,
      hash: a.hash,
      kind: a.kind,
      index: 0n,
      acceptance: 0n,
      submittedAt: event.block.timestamp,
      reviewedAt: null,
      ...values,
    });
    await context.db.update(datanet, { id: a.datanetId }).set((d) => ({ contributions: d.contributions + 1 }));
  } else {
    await context.db.update(contribution, { datanetId: a.datanetId, hash: a.hash }).set(values);
  }
}

ponder.on("DatanetRegistry:ContributionClaimed", async ({ event, context }) => {
  const a = event.args;
  await claimedBack(context, event, { ...a, hash: a.contentHash, kind: "record", count: 1n }, a.uri);
});
ponder.on("DatanetRegistry:BatchClaimed", async ({ event, context }) => {
  const a = event.args;
  await claimedBack(
    context,
    event,
    {
      datanetId: a.datanetId,
      hash: a.root,
      kind: "batch",
      contributor: a.submitter,
      status: a.status,
      weight: 0n,
      count: a.count,
    },
    a.uri,
  );
});
ponder.on("DatanetRegistry:ContributionWithdrawn", async ({ event, context }) => {
  await context.db
    .update(contribution, { datanetId: event.args.datanetId, hash: event.args.contentHash })
    .set({ status: "withdrawn" });
});
ponder.on("DatanetRegistry:BatchWithdrawn", async ({ event, context }) => {
  await context.db
    .update(contribution, { datanetId: event.args.datanetId, hash: event.args.root })
    .set({ status: "withdrawn" });
});

ponder.on("DatanetRegistry:DatanetVersionPublished", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(datanetVersion).values({
    datanetId: a.datanetId,
    version: a.version,
    acceptedCount: a.acceptedCount,
    totalWeight: a.totalWeight,
    uri: a.uri,
    accrued: 0n,
    publishedAt: event.block.timestamp,
  });
  await context.db.update(datanet, { id: a.datanetId }).set((d) => ({ versions: d.versions + 1 }));
});

// ─── Models: registration, versions, lineage, terms ──────────────────────────────────────────────────────────────

ponder.on("ModelRegistry:ModelRegistered", async ({ event, context }) => {
  const a = event.args;
  const parent = a.parentId === 0n ? null : await context.db.find(model, { id: a.parentId });
  await context.db.insert(model).values({
    id: a.modelId,
    owner: lc(a.owner),
    parentId: a.parentId,
    depth: parent === null ? 0 : parent.depth + 1,
    price: a.price,
    ownerBps: a.ownerBps,
    cardUri: a.cardURI,
    deprecated: false,
    suspended: false,
    versions: 0,
    inferences: 0,
    fees: 0n,
    revenueCredited: 0n,
    revenueWithdrawn: 0n,
    revenue: 0n,
    royaltiesReceived: 0n,
    registeredAt: event.block.timestamp,
  });
  for (const [position, d] of a.datanets.entries()) {
    await context.db.insert(trainingDatanet).values({
      modelId: a.modelId,
      datanetId: d.datanetId,
      position,
      version: d.version,
      weightBps: d.weightBps,
    });
  }
});

ponder.on("ModelRegistry:VersionPublished", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(modelVersion).values({
    modelId: a.modelId,
    version: a.version,
    weightsHash: a.weightsHash,
    datanetVersions: a.datanetVersions.map(String),
    uri: a.uri,
    publishedAt: event.block.timestamp,
  });
  await context.db.update(model, { id: a.modelId }).set((m) => ({ versions: m.versions + 1 }));
  if (a.datanetVersions.length > 0) {
    const training = await context.db.sql.select().from(trainingDatanet).where(eq(trainingDatanet.modelId, a.modelId));
    for (const row of training) {
      const version = a.datanetVersions[row.position];
      if (version !== undefined && version !== 0n) {
        await context.db.update(trainingDatanet, { modelId: row.modelId, datanetId: row.datanetId }).set({ version });
      }
    }
  }
});

ponder.on("ModelRegistry:PriceSet", async ({ event, context }) => {
  await context.db.update(model, { id: event.args.modelId }).set({ price: event.args.price });
});
ponder.on("ModelRegistry:SplitSet", async ({ event, context }) => {
  await context.db.update(model, { id: event.args.modelId }).set({ ownerBps: event.args.ownerBps });
});
ponder.on("ModelRegistry:CardURISet", async ({ event, context }) => {
  await context.db.update(model, { id: event.args.modelId }).set({ cardUri: event.args.cardURI });
});
ponder.on("ModelRegistry:ModelDeprecated", async ({ event, context }) => {
  await context.db.update(model, { id: event.args.modelId }).set({ deprecated: true });
});
ponder.on("ModelRegistry:ModelSuspended", async ({ event, context }) => {
  await context.db.update(model, { id: event.args.modelId }).set({ suspended: event.args.suspended });
});
ponder.on("ModelRegistry:Transfer", async ({ event, context }) => {
  if (lc(event.args.from) === ZERO) return; // the mint: ModelRegistered names the owner
  await context.db.update(model, { id: event.args.tokenId }).set({ owner: lc(event.args.to) });
});

// ─── Settlement: inferences and their split ──────────────────────────────────────────────────────────────────────

type Split = Awaited<ReturnType<typeof readSplit>>;
const readSplit = (context: Context, modelId: bigint, fee: bigint) =>
  context.client.readContract({
    abi: context.contracts.Settlement.abi,
    address: context.contracts.Settlement.address as Hex,
    functionName: "previewSplit",
    args: [modelId, fee],
  });

/// The splits read at the current block (by its hash), by model and fee: the same call at the same block gives the
/// same answer, and a block's inferences of one model at one fee (the runs of a batch) share it. One eth_call each
/// would cost Ponder a look-up of its RPC cache per inference. Only the current block's answers are kept, and a
/// failed read is dropped, so that the retry reads again.
const splitsAt: { block: string | undefined; byModelFee: Map<string, Promise<Split>> } = {
  block: undefined,
  byModelFee: new Map(),
};
function splitOf(context: Context, block: Hex, modelId: bigint, fee: bigint): Promise<Split> {
  if (splitsAt.block !== block) {
    splitsAt.block = block;
    splitsAt.byModelFee.clear();
  }
  const key = `${modelId}:${fee}`;
  let split = splitsAt.byModelFee.get(key);
  if (split === undefined) {
    split = readSplit(context, modelId, fee);
    splitsAt.byModelFee.set(key, split);
    split.catch(() => splitsAt.byModelFee.delete(key));
  }
  return split;
}

ponder.on("Settlement:InferenceSettled", async ({ event, context }) => {
  const a = event.args;
  // The split at the event's block, by the same code that settled it (Settlement.previewSplit). Settlement's terms
  // and shares do not change inside a settling transaction, so the block's state gives the settled split.
  const split = await splitOf(context, event.block.hash, a.modelId, a.fee);
  const day = event.block.timestamp / DAY;
  await context.db.insert(inference).values({
    id: event.id,
    inferenceId: a.inferenceId,
    modelId: a.modelId,
    payer: lc(a.payer),
    fee: a.fee,
    attributionHash: a.attributionHash,
    protocol: split.protocol,
    stakers: split.stakers,
    agent: null,
    jobId: null,
    logIndex: event.log.logIndex,
    ...meta(event),
  });
  await context.db
    .update(model, { id: a.modelId })
    .set((m) => ({ inferences: m.inferences + 1, fees: m.fees + a.fee }));
  await context.db
    .insert(modelRevenueDay)
    .values({ modelId: a.modelId, day, inferences: 1, fees: a.fee, revenue: 0n, royalties: 0n })
    .onConflictDoUpdate((r) => ({ inferences: r.inferences + 1, fees: r.fees + a.fee }));
  let n = 0;
  for (const credit of split.models) {
    const isRoyalty = credit.id !== a.modelId;
    await context.db.insert(inferenceCredit).values({
      id: `${event.id}-${n++}`,
      inference: event.id,
      kind: "model",
      targetId: credit.id,
      viaModelId: credit.id,
      version: null,
      amount: credit.amount,
    });
    await context.db.update(model, { id: credit.id }).set((m) => ({
      revenueCredited: m.revenueCredited + credit.amount,
      revenue: m.revenue + credit.amount,
      royaltiesReceived: m.royaltiesReceived + (isRoyalty ? credit.amount : 0n),
    }));
    await context.db
      .insert(modelRevenueDay)
      .values({
        modelId: credit.id,
        day,
        inferences: 0,
        fees: 0n,
        revenue: credit.amount,
        royalties: isRoyalty ? credit.amount : 0n,
      })
      .onConflictDoUpdate((r) => ({
        revenue: r.revenue + credit.amount,
        royalties: r.royalties + (isRoyalty ? credit.amount : 0n),
      }));
    if (isRoyalty) {
      await context.db
        .insert(royalty)
        .values({ modelId: a.modelId, ancestorId: credit.id, toOwner: credit.amount, toData: 0n })
        .onConflictDoUpdate((r) => ({ toOwner: r.toOwner + credit.amount }));
    }
  }
  for (const credit of split.datanets) {
    await context.db.insert(inferenceCredit).values({
      id: `${event.id}-${n++}`,
      inference: event.id,
      kind: "datanet",
      targetId: credit.id,
      viaModelId: credit.modelId,
      version: credit.version,
      amount: credit.amount,
    });
    await context.db.update(datanet, { id: credit.id }).set((d) => ({ accrued: d.accrued + credit.amount }));
    await context.db
      .insert(datanetVersion)
      .values({
        datanetId: credit.id,
        version: credit.version,
        acceptedCount: 0n,
        totalWeight: 0n,
        uri: "",
        accrued: credit.amount,
        publishedAt: event.block.timestamp,
      })
      .onConflictDoUpdate((v) => ({ accrued: v.accrued + credit.amount }));
    if (credit.modelId !== a.modelId) {
      await context.db
        .insert(royalty)
        .values({ modelId: a.modelId, ancestorId: credit.modelId, toOwner: 0n, toData: credit.amount })
        .onConflictDoUpdate((r) => ({ toData: r.toData + credit.amount }));
    }
  }
  await addTotals(context, (t) => ({
    inferences: t.inferences + 1,
    fees: t.fees + a.fee,
    treasuryCredited: t.treasuryCredited + split.protocol,
    treasuryAccrued: t.treasuryAccrued + split.protocol,
    stakersCredited: t.stakersCredited + split.stakers,
    stakersAccrued: t.stakersAccrued + split.stakers,
  }));
});

ponder.on("Settlement:InferenceContext", async ({ event, context }) => {
  const { inferenceId, agent: agentWallet, context: jobContext } = event.args;
  // Settlement emits the context right after its inference, in the same transaction.
  const id = `${event.block.hash}-${event.log.logIndex - 1}`;
  let row = await context.db.find(inference, { id });
  if (row === null || row.inferenceId !== inferenceId) {
    const [found] = await context.db.sql
      .select()
      .from(inference)
      .where(and(eq(inference.txHash, event.transaction.hash), eq(inference.inferenceId, inferenceId)));
    row = found ?? null;
  }
  if (row === null) return;
  const fee = row.fee;
  const jobId = jobContext === 0n ? null : jobContext;
  await context.db.update(inference, { id: row.id }).set({ agent: lc(agentWallet), jobId });
  if (jobId !== null && (await context.db.find(job, { id: jobId })) !== null) {
    await context.db
      .update(job, { id: jobId })
      .set((j) => ({ inferenceFees: j.inferenceFees + fee, inferences: j.inferences + 1 }));
  }
  const key = { principal: row.payer, agent: lc(agentWallet) };
  if ((await context.db.find(budget, key)) !== null) {
    await context.db.update(budget, key).set((b) => ({ spentOnInferences: b.spentOnInferences + fee }));
    await refreshBudget(context, event, key.principal, key.agent, fee);
  }
});

ponder.on("Settlement:StakerRewardsPushed", async ({ event, context }) => {
  const { amount } = event.args;
  await addTotals(context, (t) => ({
    stakersPushed: t.stakersPushed + amount,
    stakersAccrued: t.stakersAccrued - amount,
  }));
});
ponder.on("Settlement:TreasuryPaid", async ({ event, context }) => {
  const { amount } = event.args;
  await addTotals(context, (t) => ({
    treasuryPaid: t.treasuryPaid + amount,
    treasuryAccrued: t.treasuryAccrued - amount,
  }));
});
ponder.on("Settlement:ModelRevenueWithdrawn", async ({ event, context }) => {
  const a = event.args;
  await context.db.update(model, { id: a.modelId }).set((m) => ({
    revenueWithdrawn: m.revenueWithdrawn + a.amount,
    revenue: m.revenue - a.amount,
  }));
  await context.db.insert(modelWithdrawal).values({
    id: event.id,
    modelId: a.modelId,
    owner: lc(a.owner),
    to: lc(a.to),
    amount: a.amount,
    timestamp: event.block.timestamp,
  });
});
ponder.on("Settlement:FeeSharesSet", async ({ event, context }) => {
  await addTotals(context, () => ({ protocolBps: event.args.protocolBps, stakersBps: event.args.stakersBps }));
  await recordEvent(context, "Settlement", "FeeSharesSet", event);
});
ponder.on("Settlement:LineageBpsSet", async ({ event, context }) => {
  await addTotals(context, () => ({ lineageBps: event.args.lineageBps }));
  await recordEvent(context, "Settlement", "LineageBpsSet", event);
});

// ─── Attribution epochs: roots, claims, bonds ────────────────────────────────────────────────────────────────────

async function postRoot(
  context: Context,
  event: { block: { timestamp: bigint } },
  a: {
    datanetId: bigint;
    epoch: bigint;
    root: Hex;
    cumulativeTotal: bigint;
    readyAt: bigint;
    attestor: string;
    uri: string;
  },
  byGovernance: boolean,
): Promise<void> {
  const d = await context.db.find(datanet, { id: a.datanetId });
  const loaded = await loadAllocation(a.uri, { datanetId: a.datanetId, epoch: a.epoch, root: a.root });
  const leaves = loaded.status === "loaded" ? loaded.leaves : [];
  await context.db
    .insert(attributionRoot)
    .values({
      datanetId: a.datanetId,
      epoch: a.epoch,
      root: a.root,
      cumulativeTotal: a.cumulativeTotal,
      readyAt: a.readyAt,
      attestor: lc(a.attestor),
      uri: a.uri,
      status: "pending",
      vetoedBy: null,
      byGovernance,
      allocation: loaded.status,
      accounts: leaves.length,
      postedAt: event.block.timestamp,
      activatedAt: null,
    })
    .onConflictDoUpdate({
      root: a.root,
      cumulativeTotal: a.cumulativeTotal,
      uri: a.uri,
      byGovernance,
      status: "pending",
    });
  // What each account earned in this epoch: its amount less what the active root (the one this builds on) gave it.
  const base = d?.activeEpoch ?? 0n;
  for (const leaf of leaves) {
    const before =
      base === 0n
        ? null
        : await context.db.find(allocation, { datanetId: a.datanetId, epoch: base, account: leaf.account });
    await context.db
      .insert(allocation)
      .values({
        datanetId: a.datanetId,
        epoch: a.epoch,
        account: leaf.account,
        cumulativeAmount: leaf.cumulativeAmount,
        earned: leaf.cumulativeAmount - (before?.cumulativeAmount ?? 0n),
      })
      .onConflictDoNothing();
  }
  await context.db
    .update(datanet, { id: a.datanetId })
    .set((row) => ({ pendingEpoch: a.epoch, lastEpoch: a.epoch > row.lastEpoch ? a.epoch : row.lastEpoch }));
}

ponder.on("Settlement:RootPosted", async ({ event, context }) => {
  await postRoot(context, event, event.args, false);
});

ponder.on("Settlement:RootReplacedByGovernance", async ({ event, context }) => {
  const a = event.args;
  const d = await context.db.find(datanet, { id: a.datanetId });
  if (d?.pendingEpoch != null && d.pendingEpoch !== a.epoch) {
    await context.db
      .update(attributionRoot, { datanetId: a.datanetId, epoch: d.pendingEpoch })
      .set({ status: "discarded" });
  }
  await postRoot(context, event, { ...a, readyAt: event.block.timestamp, attestor: event.transaction.from }, true);
});

ponder.on("Settlement:RootActivated", async ({ event, context }) => {
  const { datanetId, epoch, root, cumulativeTotal } = event.args;
  await context.db
    .update(attributionRoot, { datanetId, epoch })
    .set({ status: "active", activatedAt: event.block.timestamp });
  await context.db.update(datanet, { id: datanetId }).set((d) => ({
    activeEpoch: epoch,
    activeRoot: root,
    activeTotal: cumulativeTotal,
    pendingEpoch: d.pendingEpoch === epoch ? null : d.pendingEpoch,
    claimableNow: cumulativeTotal - d.claimed,
  }));
  const leaves = await context.db.sql
    .select()
    .from(allocation)
    .where(and(eq(allocation.datanetId, datanetId), eq(allocation.epoch, epoch)));
  for (const leaf of leaves) {
    await context.db
      .insert(contributorPool)
      .values({
        account: leaf.account,
        datanetId,
        activeCumulative: leaf.cumulativeAmount,
        claimed: 0n,
        claimableNow: leaf.cumulativeAmount,
      })
      .onConflictDoUpdate((p) => ({
        activeCumulative: leaf.cumulativeAmount,
        claimableNow: leaf.cumulativeAmount - p.claimed,
      }));
  }
});

ponder.on("Settlement:RootVetoed", async ({ event, context }) => {
  const { datanetId, epoch, by } = event.args;
  await context.db.update(attributionRoot, { datanetId, epoch }).set({ status: "vetoed", vetoedBy: lc(by) });
  await context.db.update(datanet, { id: datanetId }).set((d) => ({
    vetoes: d.vetoes + 1,
    pendingEpoch: d.pendingEpoch === epoch ? null : d.pendingEpoch,
  }));
});

ponder.on("Settlement:Claimed", async ({ event, context }) => {
  const { datanetId, account: who, amount } = event.args;
  const address = lc(who);
  await context.db.insert(claim).values({ id: event.id, datanetId, account: address, amount, ...meta(event) });
  await context.db
    .update(datanet, { id: datanetId })
    .set((d) => ({ claimed: d.claimed + amount, claimableNow: d.claimableNow - amount }));
  await context.db
    .insert(contributorPool)
    .values({ account: address, datanetId, activeCumulative: 0n, claimed: amount, claimableNow: 0n })
    .onConflictDoUpdate((p) => ({
      claimed: p.claimed + amount,
      claimableNow: p.activeCumulative - p.claimed - amount,
    }));
});

async function attestorBond(
  context: Context,
  event: { id: string; block: { number: bigint; timestamp: bigint } },
  kind: "deposit" | "withdraw" | "slash",
  who: string,
  amount: bigint,
  bond: bigint,
): Promise<void> {
  const address = lc(who);
  const change = {
    bond,
    deposited: kind === "deposit" ? amount : 0n,
    withdrawn: kind === "withdraw" ? amount : 0n,
    slashed: kind === "slash" ? amount : 0n,
  };
  await context.db
    .insert(attestor)
    .values({ address, ...change })
    .onConflictDoUpdate((r) => ({
      bond,
      deposited: r.deposited + change.deposited,
      withdrawn: r.withdrawn + change.withdrawn,
      slashed: r.slashed + change.slashed,
    }));
  await context.db.insert(bondEvent).values({
    id: event.id,
    contract: "Settlement",
    kind,
    account: address,
    agentId: null,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
}

ponder.on("Settlement:BondDeposited", async ({ event, context }) => {
  await attestorBond(context, event, "deposit", event.args.attestor, event.args.amount, event.args.bond);
});
ponder.on("Settlement:BondWithdrawn", async ({ event, context }) => {
  await attestorBond(context, event, "withdraw", event.args.attestor, event.args.amount, event.args.bond);
});
ponder.on("Settlement:BondSlashed", async ({ event, context }) => {
  const { amount } = event.args;
  await attestorBond(context, event, "slash", event.args.attestor, amount, event.args.bond);
  // A slashed bond stays in Settlement, owed to the treasury.
  await addTotals(context, (t) => ({
    treasuryCredited: t.treasuryCredited + amount,
    treasuryAccrued: t.treasuryAccrued + amount,
  }));
});

// ─── Budgets ─────────────────────────────────────────────────────────────────────────────────────────────────────

ponder.on("SpendingBudgets:BudgetGranted", async ({ event, context }) => {
  const a = event.args;
  const terms = {
    amountPerPeriod: a.amountPerPeriod,
    period: a.period,
    expiry: a.expiry,
    modelIds: a.modelIds.map(String),
    revoked: false,
  };
  await context.db
    .insert(budget)
    .values({ principal: lc(a.principal), agent: lc(a.agent), ...terms, spentOnInferences: 0n, spentOnJobs: 0n })
    .onConflictDoUpdate(terms);
  await refreshBudget(context, event, lc(a.principal), lc(a.agent), 0n);
});
ponder.on("SpendingBudgets:BudgetLowered", async ({ event, context }) => {
  await context.db
    .update(budget, { principal: lc(event.args.principal), agent: lc(event.args.agent) })
    .set({ amountPerPeriod: event.args.amountPerPeriod });
  await refreshBudget(context, event, lc(event.args.principal), lc(event.args.agent), 0n);
});
ponder.on("SpendingBudgets:BudgetRevoked", async ({ event, context }) => {
  await context.db
    .update(budget, { principal: lc(event.args.principal), agent: lc(event.args.agent) })
    .set({ revoked: true });
  await refreshBudget(context, event, lc(event.args.principal), lc(event.args.agent), 0n);
});

// ─── Agents ──────────────────────────────────────────────────────────────────────────────────────────────────────

ponder.on("AgentRegistry:Registered", async ({ event, context }) => {
  await context.db.insert(agent).values({
    id: event.args.agentId,
    owner: lc(event.args.owner),
    uri: event.args.agentURI,
    staked: 0n,
    unlocking: 0n,
    slashed: 0n,
    pendingSlash: 0n,
    jobs: 0,
    completedJobs: 0,
    rejectedJobs: 0,
    earned: 0n,
    earningsWithdrawn: 0n,
    earnings: 0n,
    feedbacks: 0,
    revokedFeedbacks: 0,
    registeredAt: event.block.timestamp,
  });
});
ponder.on("AgentRegistry:URIUpdated", async ({ event, context }) => {
  await context.db.update(agent, { id: event.args.agentId }).set({ uri: event.args.newURI });
});
ponder.on("AgentRegistry:Transfer", async ({ event, context }) => {
  if (lc(event.args.from) === ZERO) return; // the mint: Registered names the owner
  await context.db.update(agent, { id: event.args.tokenId }).set({ owner: lc(event.args.to) });
});
ponder.on("AgentRegistry:MetadataSet", async ({ event, context }) => {
  const { agentId, metadataKey, metadataValue } = event.args;
  await context.db
    .insert(agentMetadata)
    .values({ agentId, key: metadataKey, value: metadataValue })
    .onConflictDoUpdate({ value: metadataValue });
});

async function servedModel(
  context: Context,
  agentId: bigint,
  modelId: bigint,
  change: { declared?: boolean; confirmed?: boolean },
): Promise<void> {
  await context.db
    .insert(agentModel)
    .values({ agentId, modelId, declared: change.declared ?? false, confirmed: change.confirmed ?? false })
    .onConflictDoUpdate(change);
}
ponder.on("AgentRegistry:ModelDeclared", async ({ event, context }) => {
  await servedModel(context, event.args.agentId, event.args.modelId, { declared: true });
});
ponder.on("AgentRegistry:ModelUndeclared", async ({ event, context }) => {
  await servedModel(context, event.args.agentId, event.args.modelId, { declared: false, confirmed: false });
});
ponder.on("AgentRegistry:ModelConfirmed", async ({ event, context }) => {
  await servedModel(context, event.args.agentId, event.args.modelId, { confirmed: true });
});
ponder.on("AgentRegistry:ModelUnconfirmed", async ({ event, context }) => {
  await servedModel(context, event.args.agentId, event.args.modelId, { confirmed: false });
});

async function agentStakeRow(
  context: Context,
  event: { id: string; block: { number: bigint; timestamp: bigint } },
  kind: string,
  agentId: bigint,
  amount: bigint,
): Promise<void> {
  await context.db.insert(bondEvent).values({
    id: event.id,
    contract: "AgentRegistry",
    kind,
    account: null,
    agentId,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
}

/// The agent's stake as the registry holds it at the event's block (a slash takes from stake and unlocking alike).
async function readStake(context: Context, agentId: bigint): Promise<{ staked: bigint; unlocking: bigint }> {
  const [staked, unlocking] = await context.client.readContract({
    abi: context.contracts.AgentRegistry.abi,
    address: context.contracts.AgentRegistry.address as Hex,
    functionName: "stakeOf",
    args: [agentId],
  });
  return { staked, unlocking };
}

ponder.on("AgentRegistry:Staked", async ({ event, context }) => {
  await context.db.update(agent, { id: event.args.agentId }).set({ staked: event.args.staked });
  await agentStakeRow(context, event, "stake", event.args.agentId, event.args.amount);
});
ponder.on("AgentRegistry:UnstakeRequested", async ({ event, context }) => {
  const { agentId, amount, unlocking } = event.args;
  await context.db.update(agent, { id: agentId }).set((r) => ({ staked: r.staked - amount, unlocking }));
  await agentStakeRow(context, event, "requestUnstake", agentId, amount);
});
ponder.on("AgentRegistry:Unstaked", async ({ event, context }) => {
  const { agentId, amount } = event.args;
  await context.db.update(agent, { id: agentId }).set((r) => ({ unlocking: r.unlocking - amount }));
  await agentStakeRow(context, event, "unstake", agentId, amount);
});
ponder.on("AgentRegistry:SlashProposed", async ({ event, context }) => {
  await context.db.update(agent, { id: event.args.agentId }).set({ pendingSlash: event.args.amount });
  await recordEvent(context, "AgentRegistry", "SlashProposed", event);
});
ponder.on("AgentRegistry:SlashCancelled", async ({ event, context }) => {
  await context.db.update(agent, { id: event.args.agentId }).set({ pendingSlash: 0n });
  await recordEvent(context, "AgentRegistry", "SlashCancelled", event);
});
ponder.on("AgentRegistry:SlashExecuted", async ({ event, context }) => {
  const { agentId, amount } = event.args;
  const stake = await readStake(context, agentId);
  await context.db
    .update(agent, { id: agentId })
    .set((r) => ({ ...stake, slashed: r.slashed + amount, pendingSlash: 0n }));
  await agentStakeRow(context, event, "slash", agentId, amount);
});

// ─── Jobs: the tree, escrow, payouts, refunds ────────────────────────────────────────────────────────────────────

const newJob = {
  spender: null,
  status: "open",
  escrow: 0n,
  childrenTaken: 0n,
  children: 0,
  deliverable: null,
  deliverableUri: null,
  payout: 0n,
  fee: 0n,
  returned: 0n,
  inferenceFees: 0n,
  inferences: 0,
  decidedBy: null,
  reason: null,
} as const;

async function countAgentJob(context: Context, agentId: bigint): Promise<void> {
  if ((await context.db.find(agent, { id: agentId })) !== null) {
    await context.db.update(agent, { id: agentId }).set((r) => ({ jobs: r.jobs + 1 }));
  }
}

ponder.on("JobEscrow:JobCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(job).values({
    ...newJob,
    id: a.jobId,
    parentId: 0n,
    depth: 0,
    client: lc(a.client),
    providerAgentId: a.providerAgentId,
    evaluator: lc(a.evaluator),
    expiry: a.expiredAt,
    descriptionUri: a.descriptionURI,
    createdAt: event.block.timestamp,
  });
  await countAgentJob(context, a.providerAgentId);
});

ponder.on("JobEscrow:JobFunded", async ({ event, context }) => {
  const { jobId, client, spender, amount } = event.args;
  await context.db
    .update(job, { id: jobId })
    .set((j) => ({ escrow: j.escrow + amount, status: "funded", spender: lc(spender) }));
  if (lc(spender) !== lc(client)) {
    const key = { principal: lc(client), agent: lc(spender) };
    if ((await context.db.find(budget, key)) !== null) {
      await context.db.update(budget, key).set((b) => ({ spentOnJobs: b.spentOnJobs + amount }));
      await refreshBudget(context, event, key.principal, key.agent, amount);
    }
  }
});

ponder.on("JobEscrow:JobSubcontracted", async ({ event, context }) => {
  const a = event.args;
  const parent = await context.db.find(job, { id: a.parentId });
  await context.db.insert(job).values({
    ...newJob,
    id: a.childId,
    parentId: a.parentId,
    depth: (parent?.depth ?? 0) + 1,
    client: parent?.client ?? lc(a.spender),
    spender: lc(a.spender),
    providerAgentId: a.providerAgentId,
    evaluator: lc(a.evaluator),
    expiry: a.expiredAt,
    descriptionUri: a.descriptionURI,
    status: "funded",
    escrow: a.amount,
    createdAt: event.block.timestamp,
  });
  await context.db
    .update(job, { id: a.parentId })
    .set((j) => ({ childrenTaken: j.childrenTaken + a.amount, children: j.children + 1 }));
  await countAgentJob(context, a.providerAgentId);
});

ponder.on("JobEscrow:JobSubmitted", async ({ event, context }) => {
  await context.db
    .update(job, { id: event.args.jobId })
    .set({ status: "submitted", deliverable: event.args.deliverable, deliverableUri: event.args.deliverableURI });
});

ponder.on("JobEscrow:JobCompleted", async ({ event, context }) => {
  const j = await context.db
    .update(job, { id: event.args.jobId })
    .set({ status: "completed", decidedBy: lc(event.args.completer), reason: event.args.reason });
  if ((await context.db.find(agent, { id: j.providerAgentId })) !== null) {
    await context.db.update(agent, { id: j.providerAgentId }).set((r) => ({ completedJobs: r.completedJobs + 1 }));
  }
});

ponder.on("JobEscrow:JobRejected", async ({ event, context }) => {
  const j = await context.db
    .update(job, { id: event.args.jobId })
    .set({ status: "rejected", decidedBy: lc(event.args.rejector), reason: event.args.reason });
  if ((await context.db.find(agent, { id: j.providerAgentId })) !== null) {
    await context.db.update(agent, { id: j.providerAgentId }).set((r) => ({ rejectedJobs: r.rejectedJobs + 1 }));
  }
});

ponder.on("JobEscrow:JobExpired", async ({ event, context }) => {
  await context.db.update(job, { id: event.args.jobId }).set({ status: "refunded" });
});

ponder.on("JobEscrow:PaymentReleased", async ({ event, context }) => {
  const { jobId, providerAgentId, amount, fee } = event.args;
  await context.db.update(job, { id: jobId }).set({ payout: amount, fee });
  if ((await context.db.find(agent, { id: providerAgentId })) !== null) {
    await context.db
      .update(agent, { id: providerAgentId })
      .set((r) => ({ earned: r.earned + amount, earnings: r.earnings + amount }));
  }
  await addTotals(context, (t) => ({ jobTreasuryAccrued: t.jobTreasuryAccrued + fee }));
});

type EscrowAccount = typeof escrowAccount.$inferSelect;
async function updateEscrowAccount(
  context: Context,
  who: Hex,
  change: (row: EscrowAccount) => Partial<EscrowAccount>,
): Promise<void> {
  const row = (await context.db.find(escrowAccount, { address: who })) ?? {
    address: who,
    refunds: 0n,
    withdrawn: 0n,
    claimable: 0n,
    evaluatorBonded: 0n,
    evaluatorPending: 0n,
  };
  await context.db
    .insert(escrowAccount)
    .values({ ...row, ...change(row) })
    .onConflictDoUpdate(change(row));
}

ponder.on("JobEscrow:Refunded", async ({ event, context }) => {
  const { jobId, client, amount } = event.args;
  await context.db.update(job, { id: jobId }).set((j) => ({ returned: j.returned + amount }));
  await updateEscrowAccount(context, lc(client), (r) => ({
    refunds: r.refunds + amount,
    claimable: r.claimable + amount,
  }));
});

ponder.on("JobEscrow:ReturnedToParent", async ({ event, context }) => {
  const { jobId, parentId, amount } = event.args;
  await context.db.update(job, { id: jobId }).set((j) => ({ returned: j.returned + amount }));
  await context.db.update(job, { id: parentId }).set((j) => ({ childrenTaken: j.childrenTaken - amount }));
});

ponder.on("JobEscrow:Withdrawn", async ({ event, context }) => {
  const { account: who, amount } = event.args;
  await updateEscrowAccount(context, lc(who), (r) => ({
    withdrawn: r.withdrawn + amount,
    claimable: r.claimable - amount,
  }));
});

ponder.on("JobEscrow:AgentEarningsWithdrawn", async ({ event, context }) => {
  const { agentId, amount } = event.args;
  await context.db
    .update(agent, { id: agentId })
    .set((r) => ({ earnings: r.earnings - amount, earningsWithdrawn: r.earningsWithdrawn + amount }));
});

ponder.on("JobEscrow:TreasuryPaid", async ({ event, context }) => {
  const { amount } = event.args;
  await addTotals(context, (t) => ({
    jobTreasuryPaid: t.jobTreasuryPaid + amount,
    jobTreasuryAccrued: t.jobTreasuryAccrued - amount,
  }));
});

ponder.on("JobEscrow:EvaluatorBonded", async ({ event, context }) => {
  const { evaluator, amount } = event.args;
  await updateEscrowAccount(context, lc(evaluator), (r) => ({ evaluatorBonded: r.evaluatorBonded + amount }));
});
ponder.on("JobEscrow:UnbondRequested", async ({ event, context }) => {
  const { evaluator, amount } = event.args;
  await updateEscrowAccount(context, lc(evaluator), (r) => ({
    evaluatorBonded: r.evaluatorBonded - amount,
    evaluatorPending: r.evaluatorPending + amount,
  }));
});
ponder.on("JobEscrow:BondWithdrawn", async ({ event, context }) => {
  const { evaluator, amount } = event.args;
  await updateEscrowAccount(context, lc(evaluator), (r) => ({ evaluatorPending: r.evaluatorPending - amount }));
});
ponder.on("JobEscrow:EvaluatorSlashed", async ({ event, context }) => {
  const { evaluator, amount } = event.args;
  // The slash takes from the bonded amount first, then the pending one.
  await updateEscrowAccount(context, lc(evaluator), (r) => {
    const fromBonded = amount < r.evaluatorBonded ? amount : r.evaluatorBonded;
    return {
      evaluatorBonded: r.evaluatorBonded - fromBonded,
      evaluatorPending: r.evaluatorPending - (amount - fromBonded),
    };
  });
  await addTotals(context, (t) => ({ jobTreasuryAccrued: t.jobTreasuryAccrued + amount }));
  await recordEvent(context, "JobEscrow", "EvaluatorSlashed", event);
});

// ─── Reputation ──────────────────────────────────────────────────────────────────────────────────────────────────

ponder.on("ReputationRegistry:NewFeedback", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(feedback).values({
    agentId: a.agentId,
    client: lc(a.clientAddress),
    index: a.feedbackIndex,
    value: a.value,
    valueDecimals: a.valueDecimals,
    tag1: a.tag1,
    tag2: a.tag2,
    endpoint: a.endpoint,
    uri: a.feedbackURI,
    hash: a.feedbackHash,
    revoked: false,
    responses: 0,
    timestamp: event.block.timestamp,
  });
  if ((await context.db.find(agent, { id: a.agentId })) !== null) {
    await context.db.update(agent, { id: a.agentId }).set((r) => ({ feedbacks: r.feedbacks + 1 }));
  }
  await weighFeedback(context, a);
});
ponder.on("ReputationRegistry:FeedbackRevoked", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .update(feedback, { agentId: a.agentId, client: lc(a.clientAddress), index: a.feedbackIndex })
    .set({ revoked: true });
  if ((await context.db.find(agent, { id: a.agentId })) !== null) {
    await context.db.update(agent, { id: a.agentId }).set((r) => ({ revokedFeedbacks: r.revokedFeedbacks + 1 }));
  }
  await unweighFeedback(context, a);
});
ponder.on("ReputationRegistry:ResponseAppended", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(feedbackResponse).values({
    id: event.id,
    agentId: a.agentId,
    client: lc(a.clientAddress),
    index: a.feedbackIndex,
    responder: lc(a.responder),
    uri: a.responseURI,
    hash: a.responseHash,
    timestamp: event.block.timestamp,
  });
  const key = { agentId: a.agentId, client: lc(a.clientAddress), index: a.feedbackIndex };
  if ((await context.db.find(feedback, key)) !== null) {
    await context.db.update(feedback, key).set((r) => ({ responses: r.responses + 1 }));
  }
});

// ─── Every other event of the suite ──────────────────────────────────────────────────────────────────────────────

interface AnyEvent {
  id: string;
  args: unknown;
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex };
}

async function recordEvent(context: Context, contract: string, name: string, event: AnyEvent | Event): Promise<void> {
  const e = event as unknown as AnyEvent;
  await context.db.insert(protocolEvent).values({
    id: e.id,
    contract,
    event: name,
    args: replaceBigInts(e.args ?? {}, (v) => v.toString()) as object,
    ...meta(e),
  });
}

/// The events handled above (some of which also land in protocol_event), by `Contract:Event`: what `ponder.on` has
/// registered so far.
const HANDLED = new Set<string>(
  ((ponder as unknown as { fns?: Array<{ name: string }> }).fns ?? []).map((f) => f.name),
);

type GenericOn = (name: string, fn: (args: { event: AnyEvent; context: Context }) => Promise<void>) => void;
for (const [contract, abi] of Object.entries(abis)) {
  for (const item of abi as readonly { type: string; name?: string }[]) {
    if (item.type !== "event" || item.name === undefined) continue;
    const name = `${contract}:${item.name}`;
    if (HANDLED.has(name)) continue;
    HANDLED.add(name);
    (ponder.on as unknown as GenericOn)(name, async ({ event, context }) =>
      recordEvent(context, contract, item.name as string, event),
    );
  }
}

// ─── Budget spend and payment-weighted reputation ────────────────────────────────────────────────────────────────

type BudgetState = {
  view: { amountPerPeriod: bigint; period: bigint; expiry: bigint; spentInPeriod: bigint; periodStart: bigint };
  available: bigint;
};

/// The budgets read at the current block (by its hash): a batch charges one budget once per inference, and the
/// block's state is the same for each.
const budgetsAt: { block: string | undefined; byKey: Map<string, Promise<BudgetState>> } = {
  block: undefined,
  byKey: new Map(),
};
function budgetAt(context: Context, block: Hex, principal: Hex, agentWallet: Hex): Promise<BudgetState> {
  if (budgetsAt.block !== block) {
    budgetsAt.block = block;
    budgetsAt.byKey.clear();
  }
  const key = `${principal}:${agentWallet}`;
  let state = budgetsAt.byKey.get(key);
  if (state === undefined) {
    const c = { abi: context.contracts.SpendingBudgets.abi, address: context.contracts.SpendingBudgets.address as Hex };
    state = Promise.all([
      context.client.readContract({ ...c, functionName: "budget", args: [principal, agentWallet] }),
      context.client.readContract({ ...c, functionName: "available", args: [principal, agentWallet] }),
    ]).then(([view, available]) => ({ view, available }));
    budgetsAt.byKey.set(key, state);
    state.catch(() => budgetsAt.byKey.delete(key));
  }
  return state;
}

/// Reads the budget of (`principal`, `agentWallet`) at the event's block into `budget_spend`, adding `charged` to
/// what was spent.
async function refreshBudget(
  context: Context,
  event: { block: { number: bigint; hash: Hex } },
  principal: Hex,
  agentWallet: Hex,
  charged: bigint,
): Promise<void> {
  const { view, available } = await budgetAt(context, event.block.hash, principal, agentWallet);
  const figures = {
    allowance: view.amountPerPeriod,
    period: view.period,
    periodStart: view.periodStart,
    expiry: view.expiry,
    spentInPeriod: view.spentInPeriod,
    remaining: available,
    updatedAt: event.block.number,
  };
  const isCharge = charged > 0n ? 1 : 0;
  await context.db
    .insert(budgetSpend)
    .values({ principal, agent: agentWallet, ...figures, spent: charged, charges: isCharge })
    .onConflictDoUpdate((r) => ({ ...figures, spent: r.spent + charged, charges: r.charges + isCharge }));
}

const SUMMARY_DECIMALS = 18;

async function reweigh(
  context: Context,
  agentId: bigint,
  count: number,
  weight: bigint,
  weighted: bigint,
): Promise<void> {
  await context.db
    .insert(agentReputation)
    .values({ agentId, feedbacks: count, totalWeight: weight, weightedSum: weighted, weightedAverage: 0n })
    .onConflictDoUpdate((r) => ({
      feedbacks: r.feedbacks + count,
      totalWeight: r.totalWeight + weight,
      weightedSum: r.weightedSum + weighted,
    }));
  // Solidity's signed division rounds toward zero, as BigInt's does.
  await context.db
    .update(agentReputation, { agentId })
    .set((r) => ({ weightedAverage: r.totalWeight === 0n ? 0n : r.weightedSum / r.totalWeight }));
}

/// A new feedback: the job it rates and its weight (`feedbackJob` at the event's block), then the agent's totals.
async function weighFeedback(
  context: Context,
  a: { agentId: bigint; clientAddress: string; feedbackIndex: bigint; value: bigint; valueDecimals: number },
): Promise<void> {
  const [jobId, weight] = await context.client.readContract({
    abi: context.contracts.ReputationRegistry.abi,
    address: context.contracts.ReputationRegistry.address as Hex,
    functionName: "feedbackJob",
    args: [a.agentId, a.clientAddress as Hex, a.feedbackIndex],
  });
  const normalisedValue = a.value * 10n ** BigInt(SUMMARY_DECIMALS - a.valueDecimals);
  await context.db.insert(feedbackWeight).values({
    agentId: a.agentId,
    client: lc(a.clientAddress),
    index: a.feedbackIndex,
    jobId,
    weight,
    normalisedValue,
  });
  await reweigh(context, a.agentId, 1, weight, normalisedValue * weight);
}

/// A revoked feedback leaves the agent's totals.
async function unweighFeedback(
  context: Context,
  a: { agentId: bigint; clientAddress: string; feedbackIndex: bigint },
): Promise<void> {
  const w = await context.db.find(feedbackWeight, {
    agentId: a.agentId,
    client: lc(a.clientAddress),
    index: a.feedbackIndex,
  });
  if (w !== null) await reweigh(context, a.agentId, -1, -w.weight, -(w.normalisedValue * w.weight));
}
