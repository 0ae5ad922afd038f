import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";
import { suiteTask } from "./lib/options.js";

const PROPOSAL = {
  name: "proposal",
  description: "Proposal id",
  type: ArgumentType.BIGINT,
  defaultValue: 0n,
} as const;
const SUPPORT = { name: "support", description: "for, against or abstain", defaultValue: "" } as const;

/// The gov tasks: definitions here, actions lazily imported from tasks/actions/.
export const govTasks: TaskDefinition[] = [
  suiteTask("gov:delegate", "Delegates the gOPEN votes of an account; prints the votes before and after")
    .addOption({ name: "to", description: "Delegatee: an address, an account index, or self", defaultValue: "self" })
    .addFlag({ name: "bySig", description: "Sign an EIP-712 delegation and submit it from --relayer" })
    .addOption({
      name: "relayer",
      description: "With --by-sig: the account that submits it (default: --from)",
      defaultValue: "",
    })
    .setAction(() => import("./actions/gov-delegate.js"))
    .build(),
  suiteTask("gov:propose", "Proposes calls from a JSON file, or a change of one named parameter")
    .addOption({
      name: "calls",
      description: "JSON file: an array of {target, value?, signature|abi, args} or {target, value?, data}",
      defaultValue: "",
    })
    .addOption({
      name: "param",
      description:
        "Named parameter to change: settlement.{protocolBps,stakersBps,lineageBps,challengeWindow,vetoBondLock," +
        "minAttestorBond}, gopen.cooldown, models.{minDataBps,maxLineageDepth,publishFee}, datanets.reviewTimeout",
      defaultValue: "",
    })
    .addOption({
      name: "value",
      description: "New value of --param (bps, seconds or 2h, count, or OPEN)",
      defaultValue: "",
    })
    .addOption({
      name: "description",
      description: "Proposal description (default for --param: generated)",
      defaultValue: "",
    })
    .setAction(() => import("./actions/gov-propose.js"))
    .build(),
  suiteTask("gov:vote", "Casts a vote on an active proposal")
    .addOption(PROPOSAL)
    .addOption(SUPPORT)
    .addOption({ name: "reason", description: "Reason stored with the vote", defaultValue: "" })
    .setAction(() => import("./actions/gov-vote.js"))
    .build(),
  suiteTask(
    "gov:sign-vote",
    "Signs an EIP-712 ballot that any account can submit with gov:relay-vote",
    "The voter: an account index or an address",
  )
    .addOption(PROPOSAL)
    .addOption(SUPPORT)
    .addOption({ name: "out", description: "File to write the signed ballot to (default: print it)", defaultValue: "" })
    .setAction(() => import("./actions/gov-sign-vote.js"))
    .build(),
  suiteTask(
    "gov:relay-vote",
    "Submits a ballot signed with gov:sign-vote",
    "Account that pays for the transaction: an index or an address",
  )
    .addOption({ name: "file", description: "Signed ballot written by gov:sign-vote", defaultValue: "" })
    .setAction(() => import("./actions/gov-relay-vote.js"))
    .build(),
  suiteTask("gov:queue", "Queues a succeeded proposal in the Timelock")
    .addOption(PROPOSAL)
    .setAction(() => import("./actions/gov-queue.js"))
    .build(),
  suiteTask("gov:execute", "Executes a queued proposal once its Timelock delay is over")
    .addOption(PROPOSAL)
    .setAction(() => import("./actions/gov-execute.js"))
    .build(),
  suiteTask("gov:status", "Shows a proposal (state, votes, quorum, dates), or lists the recent proposals")
    .addOption({ ...PROPOSAL, description: "Proposal id (default: list the recent proposals)" })
    .addOption({
      name: "lookback",
      description: "Without --proposal: how many recent blocks to search for proposals",
      type: ArgumentType.INT,
      defaultValue: 100_000,
    })
    .setAction(() => import("./actions/gov-status.js"))
    .build(),
  suiteTask("gov:list", "Lists every proposal: id, state, proposer, votes for/against/abstain and voting deadline")
    .setAction(() => import("./actions/gov-list.js"))
    .build(),
];
