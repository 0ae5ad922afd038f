import type { TaskDefinition } from "hardhat/types/tasks";

/// The model tasks: definitions here, actions lazily imported from tasks/actions/.
export const modelTasks: TaskDefinition[] = [];
