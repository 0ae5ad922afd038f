/// guardian:pause — stops new settlements and new attribution roots (guardian or governance).
import { runTask } from "../lib/index.js";
import { setPaused } from "./guardian-common.js";
import type { SendArgs } from "../lib/index.js";

export default runTask(async (args: SendArgs, hre) => setPaused(args, hre, true));
