import type { TaskDefinition } from "hardhat/types/tasks";

/// The datanet tasks: definitions here, actions lazily imported from tasks/actions/.
export const datanetTasks: TaskDefinition[] = [];
