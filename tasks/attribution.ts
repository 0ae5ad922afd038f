import type { TaskDefinition } from "hardhat/types/tasks";

/// The attribution tasks: definitions here, actions lazily imported from tasks/actions/.
export const attributionTasks: TaskDefinition[] = [];
