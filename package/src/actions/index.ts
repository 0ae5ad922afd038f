/// The actions of the SDK: one operation of the suite, one function of a client (`settle(client, { … })`), in the
/// way of viem's actions. Each write action checks what it can before it sends anything (balance, allowance, state,
/// and the static call of the transaction itself), sends with the client's gas margin, and returns the receipt
/// with the decoded event. Each read action returns plain values.
export type { ActionOptions, Progress, WriteResult } from "./types.js";
export { eventIn, eventsIn } from "./internal/send.js";
export type { EventSource } from "./internal/send.js";
export { chainNow } from "./internal/signer.js";
export { settle } from "./settlement/settle.js";
export type { SettleParameters, SettleReturnType } from "./settlement/settle.js";
export { eip712DomainOf, PERMIT_LIFETIME, PERMIT_TYPES, signPermit } from "./settlement/signPermit.js";
export type { SignedPermit, SignPermitParameters } from "./settlement/signPermit.js";

// settlement: paying for inferences, the split, payouts and the guardian's switch
export { getQuote } from "./settlement/getQuote.js";
export type { GetQuoteParameters, GetQuoteReturnType } from "./settlement/getQuote.js";
export { getSettlementStatus } from "./settlement/getSettlementStatus.js";
export type { DatanetPool, GetSettlementStatusReturnType } from "./settlement/getSettlementStatus.js";
export { GUARDIAN_ROLE, pause } from "./settlement/pause.js";
export type { PauseParameters, PauseReturnType } from "./settlement/pause.js";
export { payTreasury } from "./settlement/payTreasury.js";
export type { PayTreasuryParameters, PayTreasuryReturnType } from "./settlement/payTreasury.js";
export { previewSplit, sumCredits } from "./settlement/previewSplit.js";
export type { PreviewSplitParameters, PreviewSplitReturnType } from "./settlement/previewSplit.js";
export { pushStakerRewards } from "./settlement/pushStakerRewards.js";
export type { PushStakerRewardsParameters, PushStakerRewardsReturnType } from "./settlement/pushStakerRewards.js";
export { quote } from "./settlement/quote.js";
export type { QuoteParameters, QuoteReturnType } from "./settlement/quote.js";
export { settleBatch } from "./settlement/settleBatch.js";
export type { BatchInference, SettleBatchParameters, SettleBatchReturnType } from "./settlement/settleBatch.js";
export { unpause } from "./settlement/unpause.js";
export type { UnpauseParameters, UnpauseReturnType } from "./settlement/unpause.js";
export { withdrawModelRevenue } from "./settlement/withdrawModelRevenue.js";
export type {
  WithdrawModelRevenueParameters,
  WithdrawModelRevenueReturnType,
} from "./settlement/withdrawModelRevenue.js";

// staking: stake, unstake, withdraw, staking rewards, and the stake's state
export { claimRewards } from "./staking/claimRewards.js";
export type { ClaimRewardsParameters, ClaimRewardsReturnType } from "./staking/claimRewards.js";
export { getRewardStream, getStakeStatus } from "./staking/getStakeStatus.js";
export type { GetStakeStatusParameters, GetStakeStatusReturnType, RewardStream } from "./staking/getStakeStatus.js";
export { stake } from "./staking/stake.js";
export type { StakeParameters, StakeReturnType } from "./staking/stake.js";
export { unstake } from "./staking/unstake.js";
export type { UnstakeParameters, UnstakeReturnType } from "./staking/unstake.js";
export { withdraw } from "./staking/withdraw.js";
export type { WithdrawParameters, WithdrawReturnType } from "./staking/withdraw.js";

// models: register, versions, terms, model cards, and the reads behind model:show and model:list
export { getModel } from "./models/getModel.js";
export type { GetModelParameters, GetModelReturnType, ModelVersion } from "./models/getModel.js";
export { listModels } from "./models/listModels.js";
export type { ListModelsReturnType, ModelSummary } from "./models/listModels.js";
export {
  BPS,
  cardDatanetVersions,
  grouped,
  hashWeights,
  MAX_TRAINING_DATANETS,
  parseDatanetVersions,
  parseModelCard,
} from "./models/modelCard.js";
export type { CardDatanetVersionsOptions, ModelCard, ParseModelCardOptions } from "./models/modelCard.js";
export { publishVersion } from "./models/publishVersion.js";
export type { PublishVersionParameters, PublishVersionReturnType } from "./models/publishVersion.js";
export { registerModel } from "./models/registerModel.js";
export type { ModelInput, RegisterModelParameters, RegisterModelReturnType } from "./models/registerModel.js";
export { setPrice } from "./models/setPrice.js";
export type { SetPriceParameters, SetPriceReturnType } from "./models/setPrice.js";
export { setSplit } from "./models/setSplit.js";
export type { SetSplitParameters, SetSplitReturnType } from "./models/setSplit.js";
export { MODEL_STATUS_NAMES, modelStatusName } from "./models/status.js";
// Attribution: building, posting, activating, vetoing and verifying epochs, and claiming from them.
export { accountRewards } from "./attribution/accountRewards.js";
export type {
  AccountRewardsParameters,
  AccountRewardsReturnType,
  DatanetRewards,
} from "./attribution/accountRewards.js";
export { activateRoot } from "./attribution/activateRoot.js";
export type { ActivateRootParameters, ActivateRootReturnType } from "./attribution/activateRoot.js";
export { allocateEpoch } from "./attribution/allocateEpoch.js";
export type { AllocateEpochParameters, AllocateEpochReturnType } from "./attribution/allocateEpoch.js";
export { attributionRoots } from "./attribution/attributionRoots.js";
export type {
  AttributionRoot,
  AttributionRootsParameters,
  AttributionRootsReturnType,
  RootStatus,
} from "./attribution/attributionRoots.js";
export { attributionStatus } from "./attribution/attributionStatus.js";
export type { AttributionStatusParameters, AttributionStatusReturnType } from "./attribution/attributionStatus.js";
export { claimableFor, claimAll, claimAllWithReport } from "./attribution/claimAll.js";
export type { ClaimReport } from "./attribution/claimAll.js";
export { contributionWeights } from "./attribution/contributionWeights.js";
export type {
  ContributionWeightsParameters,
  ContributionWeightsReturnType,
} from "./attribution/contributionWeights.js";
export { postedInfo, postRoot, prepareRoot } from "./attribution/postRoot.js";
export type {
  PostRootParameters,
  PostRootReturnType,
  PrepareRootParameters,
  RootPlan,
} from "./attribution/postRoot.js";
export { readChainState } from "./attribution/readChainState.js";
export { settledInferences } from "./attribution/settledInferences.js";
export type { SettledInferencesParameters } from "./attribution/settledInferences.js";
export { vetoRoot } from "./attribution/vetoRoot.js";
export type { VetoRootParameters, VetoRootReturnType } from "./attribution/vetoRoot.js";
// Governance: delegate, propose, vote (in person or by signature), queue, execute, and the reads behind gov:status
// and gov:list.
export { DELEGATION_LIFETIME, delegate } from "./governance/delegate.js";
export type { DelegateParameters, DelegateReturnType } from "./governance/delegate.js";
export { propose } from "./governance/propose.js";
export type { ProposeCalls, ProposeParameter, ProposeParameters, ProposeReturnType } from "./governance/propose.js";
export { castVote } from "./governance/castVote.js";
export type { CastVoteParameters, CastVoteReturnType, Tally } from "./governance/castVote.js";
export { signVote } from "./governance/signVote.js";
export type { SignVoteParameters, SignVoteReturnType } from "./governance/signVote.js";
export { relayVote } from "./governance/relayVote.js";
export type { RelayVoteParameters, RelayVoteReturnType } from "./governance/relayVote.js";
export { queue } from "./governance/queue.js";
export type { QueueParameters, QueueReturnType } from "./governance/queue.js";
export { execute } from "./governance/execute.js";
export type { ExecuteParameters, ExecuteReturnType } from "./governance/execute.js";
export { getProposal } from "./governance/getProposal.js";
export type { GetProposalParameters, ProposalStatus } from "./governance/getProposal.js";
export { listProposals } from "./governance/listProposals.js";
export type { ListProposalsParameters, ListProposalsReturnType, ProposalSummary } from "./governance/listProposals.js";
export { checkCanVote, findProposal, proposalsCreated, requireState, usesTimestamps } from "./governance/internal.js";

// Datanets: create, contribute (direct or commit–reveal), review, roles, withdrawals, versions and their manifests,
// and the reads behind datanet:show and datanet:list.
export { createDatanet } from "./datanets/createDatanet.js";
export type { CreateDatanetParameters, CreateDatanetReturnType } from "./datanets/createDatanet.js";
export { contribute, contributeMany, revealFailureOf } from "./datanets/contribute.js";
export type {
  BatchTarget,
  ContributeManyParameters,
  ContributeManyReturnType,
  ContributeOptions,
  ContributeParameters,
  ContributeReturnType,
  RecordTarget,
  RevealFailure,
} from "./datanets/contribute.js";
export { commitContribution } from "./datanets/commitContribution.js";
export type { CommitContributionParameters, CommitContributionReturnType } from "./datanets/commitContribution.js";
export { revealContribution, revealContributionRoot } from "./datanets/revealContribution.js";
export type {
  RevealContributionParameters,
  RevealContributionRootParameters,
  RevealOptions,
  RevealReturnType,
} from "./datanets/revealContribution.js";
export type { Recorded } from "./datanets/internal.js";
export { review, reviewBatch } from "./datanets/review.js";
export type { Decision, ReviewBatchParameters, ReviewParameters, ReviewReturnType } from "./datanets/review.js";
export { setAttestor, setCurator } from "./datanets/roles.js";
export type { SetAttestorParameters, SetAttestorReturnType, SetCuratorParameters } from "./datanets/roles.js";
export { withdrawBond, withdrawContribution } from "./datanets/withdraw.js";
export type { WithdrawContributionParameters, WithdrawContributionReturnType } from "./datanets/withdraw.js";
export {
  datanetEventRecords,
  datanetVersionManifest,
  getDatanetVersion,
  publishDatanetVersion,
} from "./datanets/versions.js";
export type {
  DatanetVersion,
  DatanetVersionManifestParameters,
  GetDatanetVersionParameters,
  PublishDatanetVersionParameters,
  PublishDatanetVersionReturnType,
} from "./datanets/versions.js";
export { getContributions, getDatanet, listDatanets } from "./datanets/getDatanet.js";
export type {
  ContributionRow,
  ContributionsPage,
  DatanetDetails,
  GetContributionsParameters,
  GetDatanetParameters,
} from "./datanets/getDatanet.js";

// Agents: ERC-8004 identity (register, wallet), the models they serve, their operator stake; spending budgets that
// principals give agents' wallets, and settling under them.
export { AGENT_WALLET_KEY, agentURIOf, registerAgent } from "./agents/registerAgent.js";
export type { AgentMetadataInput, RegisterAgentParameters, RegisterAgentReturnType } from "./agents/registerAgent.js";
export { getAgent, listAgents } from "./agents/getAgent.js";
export type {
  AgentStake,
  AgentSummary,
  GetAgentParameters,
  GetAgentReturnType,
  ListAgentsParameters,
  ListAgentsReturnType,
  PendingSlash,
} from "./agents/getAgent.js";
export {
  AGENT_WALLET_SIGNATURE_LIFETIME,
  AGENT_WALLET_TYPES,
  setAgentWallet,
  signAgentWallet,
  unsetAgentWallet,
} from "./agents/wallet.js";
export type {
  SetAgentWalletParameters,
  SetAgentWalletReturnType,
  SignAgentWalletParameters,
  SignedAgentWallet,
  UnsetAgentWalletParameters,
  UnsetAgentWalletReturnType,
} from "./agents/wallet.js";
export { confirmModel, declareModels } from "./agents/models.js";
export type {
  ConfirmModelParameters,
  ConfirmModelReturnType,
  DeclareModelsParameters,
  DeclareModelsReturnType,
} from "./agents/models.js";
export { requestAgentUnstake, stakeAgent, unstakeAgent } from "./agents/stake.js";
export type {
  RequestAgentUnstakeParameters,
  RequestAgentUnstakeReturnType,
  StakeAgentParameters,
  StakeAgentReturnType,
  UnstakeAgentParameters,
  UnstakeAgentReturnType,
} from "./agents/stake.js";
export { budgetLifetimeMax, getBudget, grantBudget, lowerBudget, revokeBudget } from "./agents/budgets.js";
export type {
  GetBudgetParameters,
  GetBudgetReturnType,
  GrantBudgetParameters,
  GrantBudgetReturnType,
  LowerBudgetParameters,
  LowerBudgetReturnType,
  RevokeBudgetParameters,
  RevokeBudgetReturnType,
} from "./agents/budgets.js";
export { budgetRefusal, settleBatchFor, settleFor } from "./agents/settleFor.js";
export type {
  BatchForInference,
  SettleBatchForParameters,
  SettleBatchForReturnType,
  SettleForParameters,
  SettleForReturnType,
} from "./agents/settleFor.js";
export { isoTime } from "./agents/internal.js";

// Jobs: create and fund (or under a principal's budget), subcontract, submit, complete, reject, refund, withdraw, and
// the job with its tree of child jobs; feedback on jobs, responses and summaries.
export {
  completeJob,
  createJob,
  fundJob,
  refundJob,
  rejectJob,
  subcontract,
  submitJob,
  withdrawJobFunds,
} from "./jobs/jobs.js";
export type {
  CompleteJobReturnType,
  CreateJobParameters,
  CreateJobReturnType,
  DecideJobParameters,
  FundJobParameters,
  FundJobReturnType,
  RefundJobParameters,
  RefundJobReturnType,
  RejectJobReturnType,
  SubcontractParameters,
  SubcontractReturnType,
  SubmitJobParameters,
  SubmitJobReturnType,
  WithdrawJobFundsParameters,
  WithdrawJobFundsReturnType,
} from "./jobs/jobs.js";
export { getJob } from "./jobs/getJob.js";
export { jobsOf, traceJob } from "./jobs/traceJob.js";
export type { TracedInference, TraceJobParameters, TraceJobReturnType } from "./jobs/traceJob.js";
export type { GetJobParameters, GetJobReturnType } from "./jobs/getJob.js";
export { JOB_STATUS_NAMES, jobStatusName } from "./jobs/internal.js";
export type { JobStatusName } from "./jobs/internal.js";
export { getFeedbackSummary, giveFeedback, respondToFeedback } from "./jobs/feedback.js";
export type {
  GetFeedbackSummaryParameters,
  GetFeedbackSummaryReturnType,
  GiveFeedbackParameters,
  GiveFeedbackReturnType,
  RespondToFeedbackParameters,
  RespondToFeedbackReturnType,
} from "./jobs/feedback.js";
