/// What the datanet and model tasks share: the names of the registries' statuses.

/// The names of `IDatanetRegistry.Status`, by value.
export const STATUS_NAMES = ["None", "Pending", "Accepted", "Rejected", "Withdrawn"] as const;

/// The names of `IModelRegistry.ModelStatus`, by value.
export const MODEL_STATUS_NAMES = ["None", "Active", "Deprecated"] as const;

/// The name of a status value, or its number if unknown.
export function statusName(names: readonly string[], value: bigint): string {
  return names[Number(value)] ?? value.toString(10);
}
