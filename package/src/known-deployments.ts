/// The deployments shipped with the package, by chain id.
///
/// Empty in the sources: `npm run build` (package/build.ts) writes the compiled module in dist/ from the Ignition
/// deployments under deploy/deployments/, so the package carries the addresses of the tree it was built from.
import type { Addresses } from "./deployments.js";

export const KNOWN_DEPLOYMENTS: Readonly<Record<number, Addresses>> = Object.freeze({});
