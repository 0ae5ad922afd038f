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
