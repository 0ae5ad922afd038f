import { getProposal, listProposals } from "../../package/src/actions/index.js";
import type { ListProposalsReturnType } from "../../package/src/actions/index.js";
import { describeCalls } from "../../package/src/governance/index.js";
import { amountFormat, timeFormat } from "../lib/governance.js";
import { clientFor, getSuite, printResult, runTask } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { firstLine, proposalOf } from "./gov-common.js";

interface Args extends CommonArgs {
  proposal: bigint;
  lookback: number;
}

/// The proposal guardian and when its mandate ends (the zero address once it has, until a vote renews it).
function guardianOut(l: ListProposalsReturnType, json: boolean) {
  if (json) return { guardian: l.guardian, guardianExpiry: l.guardianExpiry, guardianExpired: l.guardianExpired };
  return {
    guardian: l.guardianExpired ? "none: its mandate expired (a vote renews it)" : l.guardian,
    guardianUntil: timeFormat(false, l.now)(l.guardianExpiry),
  };
}

export default runTask(async (args: Args, hre) => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const client = clientFor(suite, suite.connection.ethers.provider);
  const votes = amountFormat(args.json, "gOPEN");
  if (args.proposal === 0n) {
    const latest = await suite.connection.ethers.provider.getBlockNumber();
    const l = await listProposals(client, { fromBlock: latest - Math.max(0, args.lookback), toBlock: latest });
    const time = l.timestampClock ? timeFormat(args.json, l.now) : (t: bigint) => t;
    const rows = l.proposals.map((p) => ({
      id: p.proposalId,
      state: p.state,
      voteEnd: time(p.voteEnd),
      description: args.json ? p.description : firstLine(p.description),
    }));
    if (args.json)
      printResult({ fromBlock: l.fromBlock, toBlock: l.toBlock, ...guardianOut(l, true), proposals: rows }, true);
    else {
      const numbered = Object.fromEntries(rows.map((row, i) => [`#${i + 1}`, row]));
      printResult(
        { blocks: `${l.fromBlock}..${l.toBlock}`, ...guardianOut(l, false), proposals: rows.length, ...numbered },
        false,
      );
    }
    return;
  }
  const p = await getProposal(client, proposalOf(hre, suite, args.proposal));
  const time = p.timestampClock ? timeFormat(args.json, p.now) : (t: bigint) => t;
  const record = p.record;
  printResult(
    {
      proposalId: p.proposalId,
      state: p.state,
      proposer: p.proposer,
      description: record === undefined ? "-" : args.json ? record.description : firstLine(record.description),
      calls: record === undefined ? "- (no ProposalCreated event found)" : describeCalls(client, record),
      votes: { for: votes(p.votes.for), against: votes(p.votes.against), abstain: votes(p.votes.abstain) },
      quorum: p.quorum === undefined ? (args.json ? null : "- (fixed when voting opens)") : votes(p.quorum),
      quorumReached: p.quorumReached ?? null,
      voteStart: time(p.voteStart),
      voteEnd: time(p.voteEnd),
      ...(p.eta > 0n ? { eta: time(p.eta) } : {}),
      ...(record === undefined ? {} : { createdInBlock: record.blockNumber, createdInTx: record.transactionHash }),
    },
    args.json,
  );
});
