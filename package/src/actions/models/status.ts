/// The names of a model's statuses, for people.

/// The names of `IModelRegistry.ModelStatus`, by value.
export const MODEL_STATUS_NAMES = ["None", "Active", "Deprecated"] as const;

/// The name of a model status value, or its number if unknown.
export function modelStatusName(status: bigint): string {
  return MODEL_STATUS_NAMES[Number(status)] ?? status.toString(10);
}
