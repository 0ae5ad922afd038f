import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// The local development tasks (in-process network, localhost and anvil only): definitions here, actions lazily
/// imported from tasks/actions/.
export const devTasks: TaskDefinition[] = [
  suiteTask("dev:fund", "Local chains only: sends OPEN from the deployer (account 0) to an address or account")
    .addOption({ name: "to", description: "An account index or any address", defaultValue: "" })
    .addOption({ name: "amount", description: "OPEN to send, e.g. 1000 or 0.5", defaultValue: "" })
    .setAction(() => import("./actions/dev-fund.js"))
    .build(),
  suiteTask("dev:time", "Local chains only: moves the chain's clock forward (--advance 2h) or to a time (--to <unix>)")
    .addOption({ name: "advance", description: "How far to move: 90s, 10m, 2h, 1d", defaultValue: "" })
    .addOption({ name: "to", description: "A unix timestamp in the future", defaultValue: "" })
    .setAction(() => import("./actions/dev-time.js"))
    .build(),
];
