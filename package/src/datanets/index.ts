/// Datanets without the chain: statuses, commitments, and the Merkle tree and tree file of a batch of records.
export * from "./records.js";
