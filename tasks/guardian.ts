import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// The guardian's emergency switch: definitions here, actions lazily imported from tasks/actions/.
export const guardianTasks: TaskDefinition[] = [
  suiteTask("guardian:pause", "Stop new settlements and new attribution roots (guardian or governance)")
    .setAction(() => import("./actions/guardian-pause.js"))
    .build(),
  suiteTask("guardian:unpause", "Let settlements and attribution roots resume (guardian or governance)")
    .setAction(() => import("./actions/guardian-unpause.js"))
    .build(),
];
