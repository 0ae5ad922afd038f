/// Agents without the chain: the ERC-8004 registration file, its checks and its data URI.
export * from "./registration.js";
