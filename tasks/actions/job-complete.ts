/// job:complete — completes a submitted job, as its evaluator or as anyone once the evaluation window is over, through the SDK's `completeJob`, with a reason given as a hash or as text. Prints the job after it.
import { completeJob } from "../../package/src/actions/index.js";
import { decisionTask } from "./job-common.js";

export default decisionTask(completeJob);
