/// The indexer's tables. Amounts are OPEN in wei (bigint), ids are the contracts' ids, addresses and hashes are hex.
/// Every table is documented in indexer/README.md; SQL names are the snake_case of the names below.
import { index, onchainTable, primaryKey, relations } from "ponder";

// ─── The suite as a whole ─────────────────────────────────────────────────────────────────────────────────────────

/// One row per contract of the suite (seeded at setup from the deployment): its OPEN balance as the indexer sees it.
export const protocolContract = onchainTable("protocol_contract", (t) => ({
  address: t.hex().primaryKey(),
  key: t.text().notNull(),
  name: t.text().notNull(),
  openBalance: t.bigint().notNull(),
}));

/// Singleton (`id` = "suite"): the running totals of the money flow.
export const totals = onchainTable("totals", (t) => ({
  id: t.text().primaryKey(),
  inferences: t.integer().notNull(),
  fees: t.bigint().notNull(),
  /// Settlement: treasury share credited (plus slashed attestor bonds), paid out, and what is owed now.
  treasuryCredited: t.bigint().notNull(),
  treasuryPaid: t.bigint().notNull(),
  treasuryAccrued: t.bigint().notNull(),
  /// Settlement: stakers share credited, pushed to gOPEN, and what waits to be pushed.
  stakersCredited: t.bigint().notNull(),
  stakersPushed: t.bigint().notNull(),
  stakersAccrued: t.bigint().notNull(),
  /// gOPEN: stake, OPEN waiting in withdrawal requests, rewards added and claimed.
  totalStaked: t.bigint().notNull(),
  totalPendingWithdrawals: t.bigint().notNull(),
  rewardsAdded: t.bigint().notNull(),
  rewardsClaimed: t.bigint().notNull(),
  /// JobEscrow: fees and slashed evaluator bonds owed to the treasury, and paid out.
  jobTreasuryAccrued: t.bigint().notNull(),
  jobTreasuryPaid: t.bigint().notNull(),
  /// Governance parameters last set (0 until their event is seen).
  protocolBps: t.bigint().notNull(),
  stakersBps: t.bigint().notNull(),
  lineageBps: t.bigint().notNull(),
}));

/// Every OPEN holder's balance (from Transfer events).
export const holder = onchainTable("holder", (t) => ({
  address: t.hex().primaryKey(),
  openBalance: t.bigint().notNull(),
}));

/// OPEN transfers to or from a contract of the suite.
export const openTransfer = onchainTable(
  "open_transfer",
  (t) => ({
    id: t.text().primaryKey(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /// The suite contract's key on each side ("settlement", …), or null for an outside account.
    fromContract: t.text(),
    toContract: t.text(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ fromIdx: index().on(table.from), toIdx: index().on(table.to) }),
);

/// Every event of the suite that no table below models (parameter changes, roles, timelock calls, …), as JSON.
export const protocolEvent = onchainTable(
  "protocol_event",
  (t) => ({
    id: t.text().primaryKey(),
    contract: t.text().notNull(),
    event: t.text().notNull(),
    args: t.json().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ eventIdx: index().on(table.contract, table.event) }),
);

// ─── Staking (gOPEN) and governance ───────────────────────────────────────────────────────────────────────────────

export const staker = onchainTable("staker", (t) => ({
  address: t.hex().primaryKey(),
  staked: t.bigint().notNull(),
  pendingWithdrawal: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  rewardsClaimed: t.bigint().notNull(),
  delegate: t.hex(),
  votes: t.bigint().notNull(),
}));

/// Stakes, withdrawal requests, withdrawals, reward claims, rewards added and delegations, one row each.
export const stakingEvent = onchainTable(
  "staking_event",
  (t) => ({
    id: t.text().primaryKey(),
    kind: t.text().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /// delegate: the new delegate; otherwise null.
    counterparty: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account) }),
);

export const proposal = onchainTable("proposal", (t) => ({
  id: t.bigint().primaryKey(),
  proposer: t.hex().notNull(),
  description: t.text().notNull(),
  targets: t.json().notNull(),
  values: t.json().notNull(),
  calldatas: t.json().notNull(),
  voteStart: t.bigint().notNull(),
  voteEnd: t.bigint().notNull(),
  /// created, queued, executed, canceled
  state: t.text().notNull(),
  eta: t.bigint(),
  forVotes: t.bigint().notNull(),
  againstVotes: t.bigint().notNull(),
  abstainVotes: t.bigint().notNull(),
  voters: t.integer().notNull(),
  createdAt: t.bigint().notNull(),
  executedAt: t.bigint(),
}));

export const vote = onchainTable(
  "vote",
  (t) => ({
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    /// 0 against, 1 for, 2 abstain
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.proposalId, table.voter] }), voterIdx: index().on(table.voter) }),
);

// ─── Datanets ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const datanet = onchainTable("datanet", (t) => ({
  id: t.bigint().primaryKey(),
  owner: t.hex().notNull(),
  curated: t.boolean().notNull(),
  bond: t.bigint().notNull(),
  attestor: t.hex().notNull(),
  uri: t.text().notNull(),
  closed: t.boolean().notNull(),
  contributions: t.integer().notNull(),
  /// Accepted records and batches: the acceptance number of the last one.
  accepted: t.integer().notNull(),
  versions: t.integer().notNull(),
  /// The data share credited to the pool, what contributors claimed from it, and what the active root still owes.
  accrued: t.bigint().notNull(),
  claimed: t.bigint().notNull(),
  claimableNow: t.bigint().notNull(),
  activeEpoch: t.bigint().notNull(),
  activeRoot: t.hex(),
  activeTotal: t.bigint().notNull(),
  pendingEpoch: t.bigint(),
  lastEpoch: t.bigint().notNull(),
  vetoes: t.integer().notNull(),
  createdAt: t.bigint().notNull(),
}));

/// One record (`kind` = record) or Merkle batch of records (`kind` = batch), keyed by content hash or batch root.
export const contribution = onchainTable(
  "contribution",
  (t) => ({
    datanetId: t.bigint().notNull(),
    hash: t.hex().notNull(),
    kind: t.text().notNull(),
    contributor: t.hex().notNull(),
    index: t.bigint().notNull(),
    weight: t.bigint().notNull(),
    count: t.bigint().notNull(),
    /// pending, accepted, rejected, withdrawn
    status: t.text().notNull(),
    /// The acceptance number (its place in the datanet's versions), 0 until accepted.
    acceptance: t.bigint().notNull(),
    uri: t.text().notNull(),
    submittedAt: t.bigint().notNull(),
    reviewedAt: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.datanetId, table.hash] }),
    contributorIdx: index().on(table.contributor),
  }),
);

/// Every review decision, record or batch.
export const review = onchainTable("review", (t) => ({
  id: t.text().primaryKey(),
  datanetId: t.bigint().notNull(),
  hash: t.hex().notNull(),
  kind: t.text().notNull(),
  reviewer: t.hex().notNull(),
  accepted: t.boolean().notNull(),
  acceptance: t.bigint().notNull(),
  weight: t.bigint(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}));

export const datanetVersion = onchainTable(
  "datanet_version",
  (t) => ({
    datanetId: t.bigint().notNull(),
    version: t.bigint().notNull(),
    acceptedCount: t.bigint().notNull(),
    totalWeight: t.bigint().notNull(),
    uri: t.text().notNull(),
    /// The data share credited to this version by the models trained on it.
    accrued: t.bigint().notNull(),
    publishedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.datanetId, table.version] }) }),
);

export const curator = onchainTable(
  "curator",
  (t) => ({ datanetId: t.bigint().notNull(), account: t.hex().notNull(), active: t.boolean().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.datanetId, table.account] }) }),
);

// ─── Models ───────────────────────────────────────────────────────────────────────────────────────────────────────

export const model = onchainTable("model", (t) => ({
  id: t.bigint().primaryKey(),
  owner: t.hex().notNull(),
  parentId: t.bigint().notNull(),
  depth: t.integer().notNull(),
  price: t.bigint().notNull(),
  ownerBps: t.bigint().notNull(),
  cardUri: t.text().notNull(),
  deprecated: t.boolean().notNull(),
  suspended: t.boolean().notNull(),
  versions: t.integer().notNull(),
  inferences: t.integer().notNull(),
  /// Fees paid for this model's own inferences.
  fees: t.bigint().notNull(),
  /// Revenue credited to the owner (own inferences and royalties from descendants), withdrawn, and held now.
  revenueCredited: t.bigint().notNull(),
  revenueWithdrawn: t.bigint().notNull(),
  revenue: t.bigint().notNull(),
  /// Of the credited revenue, what came as royalties from descendants' inferences.
  royaltiesReceived: t.bigint().notNull(),
  registeredAt: t.bigint().notNull(),
}));

export const trainingDatanet = onchainTable(
  "training_datanet",
  (t) => ({
    modelId: t.bigint().notNull(),
    datanetId: t.bigint().notNull(),
    /// Its place in the model's training set (the order of VersionPublished's datanetVersions).
    position: t.integer().notNull(),
    /// The datanet version the model's latest version was trained on.
    version: t.bigint().notNull(),
    weightBps: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.modelId, table.datanetId] }),
    datanetIdx: index().on(table.datanetId),
  }),
);

export const modelVersion = onchainTable(
  "model_version",
  (t) => ({
    modelId: t.bigint().notNull(),
    version: t.bigint().notNull(),
    weightsHash: t.hex().notNull(),
    datanetVersions: t.json().notNull(),
    uri: t.text().notNull(),
    publishedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.modelId, table.version] }) }),
);

/// A model's revenue per day (UTC, `day` = unix seconds / 86400), own and as royalties.
export const modelRevenueDay = onchainTable(
  "model_revenue_day",
  (t) => ({
    modelId: t.bigint().notNull(),
    day: t.bigint().notNull(),
    inferences: t.integer().notNull(),
    fees: t.bigint().notNull(),
    revenue: t.bigint().notNull(),
    royalties: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.modelId, table.day] }) }),
);

/// What a model's inferences paid up its lineage: to each ancestor's owner, and to the ancestor's training data.
export const royalty = onchainTable(
  "royalty",
  (t) => ({
    modelId: t.bigint().notNull(),
    ancestorId: t.bigint().notNull(),
    toOwner: t.bigint().notNull(),
    toData: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.modelId, table.ancestorId] }),
    ancestorIdx: index().on(table.ancestorId),
  }),
);

// ─── Settlement ───────────────────────────────────────────────────────────────────────────────────────────────────

export const inference = onchainTable(
  "inference",
  (t) => ({
    id: t.text().primaryKey(),
    inferenceId: t.hex().notNull(),
    modelId: t.bigint().notNull(),
    payer: t.hex().notNull(),
    fee: t.bigint().notNull(),
    attributionHash: t.hex().notNull(),
    protocol: t.bigint().notNull(),
    stakers: t.bigint().notNull(),
    /// Settled by an agent under a budget (InferenceContext): the agent's wallet and the context (a job id).
    agent: t.hex(),
    jobId: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    inferenceIdx: index().on(table.inferenceId),
    modelIdx: index().on(table.modelId),
    jobIdx: index().on(table.jobId),
    payerIdx: index().on(table.payer),
  }),
);

/// One credit of an inference's split: to a model's owner (`kind` = model) or to a datanet version's pool
/// (`kind` = datanet, `viaModelId` the lineage level whose data share it is).
export const inferenceCredit = onchainTable(
  "inference_credit",
  (t) => ({
    id: t.text().primaryKey(),
    inference: t.text().notNull(),
    kind: t.text().notNull(),
    targetId: t.bigint().notNull(),
    viaModelId: t.bigint().notNull(),
    version: t.bigint(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({ inferenceIdx: index().on(table.inference), targetIdx: index().on(table.kind, table.targetId) }),
);

export const modelWithdrawal = onchainTable("model_withdrawal", (t) => ({
  id: t.text().primaryKey(),
  modelId: t.bigint().notNull(),
  owner: t.hex().notNull(),
  to: t.hex().notNull(),
  amount: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}));

// ─── Attribution epochs ───────────────────────────────────────────────────────────────────────────────────────────

export const attributionRoot = onchainTable(
  "attribution_root",
  (t) => ({
    datanetId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    root: t.hex().notNull(),
    cumulativeTotal: t.bigint().notNull(),
    readyAt: t.bigint().notNull(),
    attestor: t.hex().notNull(),
    uri: t.text().notNull(),
    /// pending, active, vetoed (superseded roots stay `active` with a later active epoch beside them)
    status: t.text().notNull(),
    vetoedBy: t.hex(),
    byGovernance: t.boolean().notNull(),
    /// The allocation file behind `uri`: loaded (its leaves rebuild the root), unavailable, or mismatch.
    allocation: t.text().notNull(),
    accounts: t.integer().notNull(),
    postedAt: t.bigint().notNull(),
    activatedAt: t.bigint(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.datanetId, table.epoch] }) }),
);

/// A leaf of an epoch's allocation: the account's cumulative amount, and what it earned in that epoch.
export const allocation = onchainTable(
  "allocation",
  (t) => ({
    datanetId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    account: t.hex().notNull(),
    cumulativeAmount: t.bigint().notNull(),
    earned: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.datanetId, table.epoch, table.account] }),
    accountIdx: index().on(table.account),
  }),
);

/// A contributor in a datanet: what the active root gives it, what it claimed, and what it can claim now.
export const contributorPool = onchainTable(
  "contributor_pool",
  (t) => ({
    account: t.hex().notNull(),
    datanetId: t.bigint().notNull(),
    activeCumulative: t.bigint().notNull(),
    claimed: t.bigint().notNull(),
    claimableNow: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.account, table.datanetId] }),
    datanetIdx: index().on(table.datanetId),
  }),
);

export const claim = onchainTable(
  "claim",
  (t) => ({
    id: t.text().primaryKey(),
    datanetId: t.bigint().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account) }),
);

export const attestor = onchainTable("attestor", (t) => ({
  address: t.hex().primaryKey(),
  bond: t.bigint().notNull(),
  deposited: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  slashed: t.bigint().notNull(),
}));

/// Bond deposits, withdrawals and slashes of attestors (Settlement) and evaluators (JobEscrow), and agents' stakes.
export const bondEvent = onchainTable("bond_event", (t) => ({
  id: t.text().primaryKey(),
  contract: t.text().notNull(),
  kind: t.text().notNull(),
  account: t.hex(),
  agentId: t.bigint(),
  amount: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}));

// ─── Agents, budgets, jobs, reputation ────────────────────────────────────────────────────────────────────────────

export const agent = onchainTable("agent", (t) => ({
  id: t.bigint().primaryKey(),
  owner: t.hex().notNull(),
  uri: t.text().notNull(),
  staked: t.bigint().notNull(),
  unlocking: t.bigint().notNull(),
  slashed: t.bigint().notNull(),
  pendingSlash: t.bigint().notNull(),
  jobs: t.integer().notNull(),
  completedJobs: t.integer().notNull(),
  rejectedJobs: t.integer().notNull(),
  /// Job payouts credited, withdrawn, and held in the escrow now.
  earned: t.bigint().notNull(),
  earningsWithdrawn: t.bigint().notNull(),
  earnings: t.bigint().notNull(),
  feedbacks: t.integer().notNull(),
  revokedFeedbacks: t.integer().notNull(),
  registeredAt: t.bigint().notNull(),
}));

export const agentMetadata = onchainTable(
  "agent_metadata",
  (t) => ({ agentId: t.bigint().notNull(), key: t.text().notNull(), value: t.hex().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.agentId, table.key] }) }),
);

export const agentModel = onchainTable(
  "agent_model",
  (t) => ({
    agentId: t.bigint().notNull(),
    modelId: t.bigint().notNull(),
    declared: t.boolean().notNull(),
    confirmed: t.boolean().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.agentId, table.modelId] }) }),
);

export const budget = onchainTable(
  "budget",
  (t) => ({
    principal: t.hex().notNull(),
    agent: t.hex().notNull(),
    amountPerPeriod: t.bigint().notNull(),
    period: t.bigint().notNull(),
    expiry: t.bigint().notNull(),
    modelIds: t.json().notNull(),
    revoked: t.boolean().notNull(),
    /// What the agent spent under it: inference fees and job funding.
    spentOnInferences: t.bigint().notNull(),
    spentOnJobs: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.principal, table.agent] }) }),
);

export const job = onchainTable(
  "job",
  (t) => ({
    id: t.bigint().primaryKey(),
    parentId: t.bigint().notNull(),
    depth: t.integer().notNull(),
    client: t.hex().notNull(),
    spender: t.hex(),
    providerAgentId: t.bigint().notNull(),
    evaluator: t.hex().notNull(),
    expiry: t.bigint().notNull(),
    descriptionUri: t.text().notNull(),
    /// open, funded, submitted, completed, rejected, refunded
    status: t.text().notNull(),
    escrow: t.bigint().notNull(),
    childrenTaken: t.bigint().notNull(),
    children: t.integer().notNull(),
    deliverable: t.hex(),
    deliverableUri: t.text(),
    payout: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    /// What went back: to the client's refunds (root job) or to the parent's escrow (child job).
    returned: t.bigint().notNull(),
    /// Fees of the inferences settled with this job as context.
    inferenceFees: t.bigint().notNull(),
    inferences: t.integer().notNull(),
    decidedBy: t.hex(),
    reason: t.hex(),
    createdAt: t.bigint().notNull(),
  }),
  (table) => ({ parentIdx: index().on(table.parentId), agentIdx: index().on(table.providerAgentId) }),
);

/// JobEscrow: each account's refunds to withdraw, and each evaluator's bond.
export const escrowAccount = onchainTable("escrow_account", (t) => ({
  address: t.hex().primaryKey(),
  refunds: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  claimable: t.bigint().notNull(),
  evaluatorBonded: t.bigint().notNull(),
  evaluatorPending: t.bigint().notNull(),
}));

export const feedback = onchainTable(
  "feedback",
  (t) => ({
    agentId: t.bigint().notNull(),
    client: t.hex().notNull(),
    index: t.bigint().notNull(),
    value: t.bigint().notNull(),
    valueDecimals: t.integer().notNull(),
    tag1: t.text().notNull(),
    tag2: t.text().notNull(),
    endpoint: t.text().notNull(),
    uri: t.text().notNull(),
    hash: t.hex().notNull(),
    revoked: t.boolean().notNull(),
    responses: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.agentId, table.client, table.index] }) }),
);

export const feedbackResponse = onchainTable("feedback_response", (t) => ({
  id: t.text().primaryKey(),
  agentId: t.bigint().notNull(),
  client: t.hex().notNull(),
  index: t.bigint().notNull(),
  responder: t.hex().notNull(),
  uri: t.text().notNull(),
  hash: t.hex().notNull(),
  timestamp: t.bigint().notNull(),
}));

// ─── Relations (GraphQL fields between tables) ────────────────────────────────────────────────────────────────────

export const datanetRelations = relations(datanet, ({ many }) => ({
  contributions: many(contribution),
  versionList: many(datanetVersion),
  roots: many(attributionRoot),
  pools: many(contributorPool),
  trainedModels: many(trainingDatanet),
}));
export const contributionRelations = relations(contribution, ({ one }) => ({
  datanet: one(datanet, { fields: [contribution.datanetId], references: [datanet.id] }),
}));
export const datanetVersionRelations = relations(datanetVersion, ({ one }) => ({
  datanet: one(datanet, { fields: [datanetVersion.datanetId], references: [datanet.id] }),
}));
export const attributionRootRelations = relations(attributionRoot, ({ one }) => ({
  datanet: one(datanet, { fields: [attributionRoot.datanetId], references: [datanet.id] }),
}));
export const contributorPoolRelations = relations(contributorPool, ({ one }) => ({
  datanet: one(datanet, { fields: [contributorPool.datanetId], references: [datanet.id] }),
}));
export const modelRelations = relations(model, ({ one, many }) => ({
  parent: one(model, { fields: [model.parentId], references: [model.id], relationName: "lineage" }),
  childModels: many(model, { relationName: "lineage" }),
  training: many(trainingDatanet),
  versionList: many(modelVersion),
  revenueDays: many(modelRevenueDay),
  royaltiesPaid: many(royalty),
  inferenceList: many(inference),
}));
export const trainingDatanetRelations = relations(trainingDatanet, ({ one }) => ({
  model: one(model, { fields: [trainingDatanet.modelId], references: [model.id] }),
  datanet: one(datanet, { fields: [trainingDatanet.datanetId], references: [datanet.id] }),
}));
export const modelVersionRelations = relations(modelVersion, ({ one }) => ({
  model: one(model, { fields: [modelVersion.modelId], references: [model.id] }),
}));
export const modelRevenueDayRelations = relations(modelRevenueDay, ({ one }) => ({
  model: one(model, { fields: [modelRevenueDay.modelId], references: [model.id] }),
}));
export const royaltyRelations = relations(royalty, ({ one }) => ({
  model: one(model, { fields: [royalty.modelId], references: [model.id] }),
}));
export const inferenceRelations = relations(inference, ({ one, many }) => ({
  model: one(model, { fields: [inference.modelId], references: [model.id] }),
  job: one(job, { fields: [inference.jobId], references: [job.id] }),
  credits: many(inferenceCredit),
}));
export const inferenceCreditRelations = relations(inferenceCredit, ({ one }) => ({
  inference: one(inference, { fields: [inferenceCredit.inference], references: [inference.id] }),
}));
export const proposalRelations = relations(proposal, ({ many }) => ({ votes: many(vote) }));
export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
}));
export const agentRelations = relations(agent, ({ many }) => ({
  jobList: many(job),
  feedbackList: many(feedback),
  models: many(agentModel),
  metadata: many(agentMetadata),
}));
export const jobRelations = relations(job, ({ one, many }) => ({
  parent: one(job, { fields: [job.parentId], references: [job.id], relationName: "tree" }),
  childJobs: many(job, { relationName: "tree" }),
  agent: one(agent, { fields: [job.providerAgentId], references: [agent.id] }),
  inferenceList: many(inference),
}));
export const feedbackRelations = relations(feedback, ({ one }) => ({
  agent: one(agent, { fields: [feedback.agentId], references: [agent.id] }),
}));
export const agentModelRelations = relations(agentModel, ({ one }) => ({
  agent: one(agent, { fields: [agentModel.agentId], references: [agent.id] }),
}));
export const agentMetadataRelations = relations(agentMetadata, ({ one }) => ({
  agent: one(agent, { fields: [agentMetadata.agentId], references: [agent.id] }),
}));

// ─── Budget spend and payment-weighted reputation ─────────────────────────────────────────────────────────────────

/// Each budget (principal × agent wallet) as SpendingBudgets holds it after its last event (a grant, a change, or a
/// charge by Settlement or JobEscrow): the allowance per period, what was spent in the period of that event and what
/// was left of it (`budget(…)` and `available(…)` read at that block), and what was spent in all.
export const budgetSpend = onchainTable(
  "budget_spend",
  (t) => ({
    principal: t.hex().notNull(),
    agent: t.hex().notNull(),
    allowance: t.bigint().notNull(),
    period: t.bigint().notNull(),
    periodStart: t.bigint().notNull(),
    expiry: t.bigint().notNull(),
    spentInPeriod: t.bigint().notNull(),
    remaining: t.bigint().notNull(),
    /// Every charge since the first grant: inference fees and job funding.
    spent: t.bigint().notNull(),
    charges: t.integer().notNull(),
    /// The block the figures above were read at.
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.principal, table.agent] }), agentIdx: index().on(table.agent) }),
);

/// Each agent's feedback weighed by payment, as ReputationRegistry counts it: every feedback not revoked, its value
/// normalised to 18 decimals, weighs what its client paid for the job it rates (`feedbackJob`).
export const agentReputation = onchainTable("agent_reputation", (t) => ({
  agentId: t.bigint().primaryKey(),
  feedbacks: t.integer().notNull(),
  /// OPEN paid for the rated jobs.
  totalWeight: t.bigint().notNull(),
  /// Σ value × weight, the values with 18 decimals.
  weightedSum: t.bigint().notNull(),
  /// weightedSum / totalWeight (18 decimals, rounded toward zero), 0 without feedback.
  weightedAverage: t.bigint().notNull(),
}));

/// The job each feedback rates and its weight (what the client paid for it), read when the feedback was given.
export const feedbackWeight = onchainTable(
  "feedback_weight",
  (t) => ({
    agentId: t.bigint().notNull(),
    client: t.hex().notNull(),
    index: t.bigint().notNull(),
    jobId: t.bigint().notNull(),
    weight: t.bigint().notNull(),
    /// The feedback's value with 18 decimals.
    normalisedValue: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.agentId, table.client, table.index] }) }),
);
