import type { TaskDefinition } from "hardhat/types/tasks";

/// Every task of the suite, lazily loaded from its own file. Each domain adds its list here.
export const allTasks: TaskDefinition[] = [];
