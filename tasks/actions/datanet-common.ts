/// What the datanet and model tasks share: the names of the registries' statuses.
export { STATUS_NAMES, statusName } from "../../package/src/datanets/records.js";

/// The names of `IModelRegistry.ModelStatus`, by value.
export const MODEL_STATUS_NAMES = ["None", "Active", "Deprecated"] as const;
