/// Datanets without the chain: statuses, commitments, and the Merkle tree and tree file of a batch of records; the
/// manifests of published versions.
export * from "./records.js";
export * from "./versions.js";
