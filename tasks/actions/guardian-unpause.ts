/// guardian:unpause — lets settlements and attribution roots resume (guardian or governance).
import { runTask } from "../lib/index.js";
import type { SendArgs } from "../lib/index.js";
import { setPaused } from "./guardian-pause.js";

export default runTask(async (args: SendArgs, hre) => setPaused(args, hre, false));
