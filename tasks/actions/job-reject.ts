/// job:reject — rejects a job, as its client while Open or its evaluator while Funded or Submitted, through the SDK's `rejectJob`, with a reason given as a hash or as text. Prints the job after it.
import { rejectJob } from "../../package/src/actions/index.js";
import { decisionTask } from "./job-common.js";

export default decisionTask(rejectJob);
