import {
  amountFormat,
  describeCall,
  findProposal,
  proposalCacheFile,
  proposalsCreated,
  stateName,
  timeFormat,
  usesTimestamps,
} from "../lib/governance.js";
import type { ProposalRecord } from "../lib/governance.js";
import { OpenLedgerError, getSuite, printResult, runTask } from "../lib/index.js";
import type { Suite } from "../lib/index.js";

interface Args {
  proposal: bigint;
  lookback: number;
  deploymentId: string;
  json: boolean;
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? "";
}

async function showProposal(suite: Suite, id: bigint, args: Args, cache: string): Promise<void> {
  const governor = suite.governor;
  const state = await governor.state(id); // reverts GovernorNonexistentProposal(proposalId) for an unknown id
  const [snapshot, deadline, eta, proposer, tally, now, timestamps] = await Promise.all([
    governor.proposalSnapshot(id),
    governor.proposalDeadline(id),
    governor.proposalEta(id),
    governor.proposalProposer(id),
    governor.proposalVotes(id),
    governor.clock(),
    usesTimestamps(governor),
  ]);
  // The quorum is fixed at the snapshot, and readable once the snapshot is in the past.
  const quorum = snapshot < now ? await governor.quorum(snapshot) : undefined;
  let record: ProposalRecord | undefined;
  try {
    record = await findProposal(governor, id, cache);
  } catch (err: unknown) {
    if (!(err instanceof OpenLedgerError)) throw err;
  }

  const votes = amountFormat(args.json, "gOPEN");
  const time = timestamps ? timeFormat(args.json, now) : (t: bigint) => t;
  printResult(
    {
      proposalId: id,
      state: stateName(state),
      proposer,
      description: record === undefined ? "-" : args.json ? record.description : firstLine(record.description),
      calls:
        record === undefined
          ? "- (no ProposalCreated event found)"
          : record.targets.map((target, i) =>
              describeCall(suite, { target, value: record.values[i], calldata: record.calldatas[i] }),
            ),
      votes: { for: votes(tally.forVotes), against: votes(tally.againstVotes), abstain: votes(tally.abstainVotes) },
      quorum: quorum === undefined ? (args.json ? null : "- (fixed when voting opens)") : votes(quorum),
      quorumReached: quorum === undefined ? null : tally.forVotes + tally.abstainVotes >= quorum,
      voteStart: time(snapshot),
      voteEnd: time(deadline),
      ...(eta > 0n ? { eta: time(eta) } : {}),
      ...(record === undefined ? {} : { createdInBlock: record.blockNumber, createdInTx: record.transactionHash }),
    },
    args.json,
  );
}

/// The proposal guardian and when its mandate ends: `proposalGuardian()` is the zero address once it has, until a vote
/// renews it (setProposalGuardianExpiry).
async function guardianStatus(suite: Suite, json: boolean, now: bigint) {
  const [guardian, expiry] = await Promise.all([
    suite.governor.proposalGuardian(),
    suite.governor.proposalGuardianExpiry(),
  ]);
  const expired = expiry <= now;
  if (json) return { guardian, guardianExpiry: expiry, guardianExpired: expired };
  return {
    guardian: expired ? "none: its mandate expired (a vote renews it)" : guardian,
    guardianUntil: timeFormat(false, now)(expiry),
  };
}

async function listProposals(suite: Suite, args: Args): Promise<void> {
  const governor = suite.governor;
  const latest = await suite.connection.ethers.provider.getBlockNumber();
  const fromBlock = Math.max(0, latest - Math.max(0, args.lookback));
  const records = (await proposalsCreated(governor, fromBlock, latest)).reverse(); // newest first
  const [now, timestamps] = await Promise.all([governor.clock(), usesTimestamps(governor)]);
  const time = timestamps ? timeFormat(args.json, now) : (t: bigint) => t;
  const guardian = await guardianStatus(suite, args.json, now);
  const rows = await Promise.all(
    records.map(async (r) => {
      const [state, deadline] = await Promise.all([
        governor.state(r.proposalId),
        governor.proposalDeadline(r.proposalId),
      ]);
      return {
        id: r.proposalId,
        state: stateName(state),
        voteEnd: time(deadline),
        description: args.json ? r.description : firstLine(r.description),
      };
    }),
  );
  if (args.json) {
    printResult({ fromBlock, toBlock: latest, ...guardian, proposals: rows }, true);
    return;
  }
  printResult(
    {
      blocks: `${fromBlock}..${latest}`,
      ...guardian,
      proposals: rows.length,
      ...Object.fromEntries(rows.map((row, i) => [`#${i + 1}`, row])),
    },
    false,
  );
}

export default runTask(async (args: Args, hre) => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  if (args.proposal === 0n) {
    await listProposals(suite, args);
    return;
  }
  await showProposal(
    suite,
    args.proposal,
    args,
    proposalCacheFile(hre.config.paths.ignition, suite.deployment.chainId, args.proposal),
  );
});
