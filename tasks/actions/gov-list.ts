import { listProposals } from "../../package/src/actions/index.js";
import { amountFormat, timeFormat } from "../lib/governance.js";
import { clientFor, getSuite, printResult, runTask, shortAddr } from "../lib/index.js";
import type { CommonArgs } from "../lib/index.js";
import { firstLine } from "./gov-common.js";

/// Every proposal, newest first: id, state, proposer, votes and deadline; one line each, or one JSON document.
export default runTask(async (args: CommonArgs, hre) => {
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const l = await listProposals(clientFor(suite, suite.connection.ethers.provider));
  const votes = amountFormat(args.json, "gOPEN");
  const time = l.timestampClock ? timeFormat(args.json, l.now) : (t: bigint) => t;
  const rows = l.proposals.map((p) => ({
    id: p.proposalId,
    state: p.state,
    proposer: p.proposer,
    votes: { for: votes(p.votes.for), against: votes(p.votes.against), abstain: votes(p.votes.abstain) },
    voteEnd: time(p.voteEnd),
    description: args.json ? p.description : firstLine(p.description),
  }));
  if (args.json) {
    printResult({ proposals: rows }, true);
    return;
  }
  if (rows.length === 0) process.stdout.write("no proposals\n");
  for (const r of rows) {
    process.stdout.write(
      `#${r.id.toString()} ${r.state.padEnd(9)} by ${shortAddr(r.proposer)}  for ${String(r.votes.for)}, ` +
        `against ${String(r.votes.against)}, abstain ${String(r.votes.abstain)}  voting ends ${String(r.voteEnd)}\n` +
        `    ${r.description}\n`,
    );
  }
});
