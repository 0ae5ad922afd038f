/// Governance without the chain: proposal states and ids, the calls of a proposal, the parameters a proposal can
/// change by name, and the EIP-712 ballot and delegation. Pure modules; the actions in actions/governance use them.
export * from "./ballots.js";
export * from "./calls.js";
export * from "./parameters.js";
export * from "./proposals.js";
