/// What the datanet and model tasks share: the names of the registries' statuses, and how a datanet's latest version
/// is shown.
import type { DatanetDetails } from "../../package/src/actions/index.js";
import { formatTime } from "../lib/index.js";

export { STATUS_NAMES, statusName } from "../../package/src/datanets/records.js";

/// The names of `IModelRegistry.ModelStatus`, by value.
export const MODEL_STATUS_NAMES = ["None", "Active", "Deprecated"] as const;

/// The latest version of a datanet, for its details: null (JSON) or "-" when none.
export function latestOf(v: DatanetDetails["latestVersion"], json: boolean): unknown {
  if (v === null) return json ? null : "-";
  if (json) return v;
  return `v${v.version.toString(10)}: ${v.acceptedCount.toString(10)} accepted, weight ${v.totalWeight.toString(10)}, published ${formatTime(v.publishedAt)}`;
}
