import type { TaskDefinition } from "hardhat/types/tasks";
import { agentTasks } from "./agent.js";
import { attributionTasks } from "./attribution.js";
import { budgetTasks } from "./budget.js";
import { datanetTasks } from "./datanet.js";
import { devTasks } from "./dev.js";
import { feedbackTasks } from "./feedback.js";
import { govTasks } from "./gov.js";
import { guardianTasks } from "./guardian.js";
import { jobTasks } from "./job.js";
import { modelTasks } from "./model.js";
import { rewardsTasks } from "./rewards.js";
import { settlementTasks } from "./settlement.js";
import { stakingTasks } from "./staking.js";

/// Every task of the suite, lazily loaded from its own file.
export const allTasks: TaskDefinition[] = [
  ...govTasks,
  ...stakingTasks,
  ...datanetTasks,
  ...modelTasks,
  ...attributionTasks,
  ...rewardsTasks,
  ...settlementTasks,
  ...agentTasks,
  ...budgetTasks,
  ...jobTasks,
  ...feedbackTasks,
  ...guardianTasks,
  ...devTasks,
];
