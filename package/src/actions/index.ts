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
