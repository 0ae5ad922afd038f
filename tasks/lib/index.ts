/// The shared tooling library of the suite's tasks and scripts.
export * from "./errors.js";
export * from "./deployment.js";
export * from "./output.js";
export * from "./args.js";
export * from "./tx.js";
