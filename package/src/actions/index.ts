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

// Datanets: create, contribute (direct or commit–reveal), review, roles, withdrawals, and the reads behind
// datanet:show and datanet:list.
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
export { getContributions, getDatanet, listDatanets } from "./datanets/getDatanet.js";
export type {
  ContributionRow,
  ContributionsPage,
  DatanetDetails,
  GetContributionsParameters,
  GetDatanetParameters,
} from "./datanets/getDatanet.js";
