import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

/// Optional string option: `undefined` when not given.
function text<N extends string>(name: N, description: string) {
  return { name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;
}

/// The feedback tasks: definitions here, actions lazily imported from tasks/actions/.
export const feedbackTasks: TaskDefinition[] = [
  suiteTask(
    "feedback:give",
    "Rate an agent (--from: the client): its latest completed or rejected job with you (--agent), or a given job " +
      "(--job)",
  )
    .addOption(text("agent", "The agent rated (ERC-8004's giveFeedback)"))
    .addOption(text("job", "The job rated (giveFeedbackForJob)"))
    .addOption(text("value", "The value, e.g. 87 or -3 (required)"))
    .addOption(text("decimals", "The value's decimals, 0 to 18 (default 0)"))
    .addOption(text("tag1", "The first tag"))
    .addOption(text("tag2", "The second tag"))
    .addOption(text("endpoint", "The agent's endpoint rated"))
    .addOption(text("uri", "The feedback file's URI"))
    .addOption(text("hash", "The feedback file's KECCAK-256"))
    .setAction(() => import("./actions/feedback-give.js"))
    .build(),

  suiteTask("feedback:respond", "Append a response to a client's feedback to an agent (anyone)")
    .addOption(text("agent", "The agent (required)"))
    .addOption(text("client", "The client: an address or an account index (required)"))
    .addOption(text("index", "The feedback's index, from 1 (required)"))
    .addOption(text("uri", "The response's URI (required)"))
    .addOption(text("hash", "The response's KECCAK-256"))
    .setAction(() => import("./actions/feedback-respond.js"))
    .build(),

  suiteTask(
    "feedback:summary",
    "Show an agent's feedback summary: per exact tags (count, average, paid weight), or over --clients",
  )
    .addOption(text("agent", "The agent (required)"))
    .addOption(text("tag1", "The first tag"))
    .addOption(text("tag2", "The second tag"))
    .addOption(
      text("clients", "Clients to summarise over (ERC-8004 getSummary): addresses or indexes, comma-separated"),
    )
    .setAction(() => import("./actions/feedback-summary.js"))
    .build(),
];
