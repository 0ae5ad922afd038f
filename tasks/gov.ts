import type { TaskDefinition } from "hardhat/types/tasks";

/// The gov tasks: definitions here, actions lazily imported from tasks/actions/.
export const govTasks: TaskDefinition[] = [];
