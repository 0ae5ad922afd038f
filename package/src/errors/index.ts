/// Errors of the SDK: the one error class (`OpenLedgerError`) and the one decoder (`describeError`, and the client's
/// `decodeError` over the ABIs the package bundles) that turn anything thrown while using the suite into one line.
export * from "./decode.js";
export { ENUMS, formatInUnit, humanArguments, unitOfName } from "./units.js";
export type { Unit } from "./units.js";
