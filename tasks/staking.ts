import type { TaskDefinition } from "hardhat/types/tasks";

/// The staking tasks: definitions here, actions lazily imported from tasks/actions/.
export const stakingTasks: TaskDefinition[] = [];
