/// What the governance actions share: the Governor's clock, the checks that say in human units why a proposal
/// cannot be voted on, queued or executed now, and how a proposal's calls are recovered from the chain.
import type { Provider } from "ethers";
import type { OpenGovernor } from "../../../../typechain-types/index.js";
import { OpenLedgerError } from "../../errors/index.js";
import { formatVotes } from "../../format/index.js";
import { descriptionHash, formatTimepoint, recordMatches, stateName } from "../../governance/proposals.js";
import type { ProposalRecord, ProposalStateName } from "../../governance/proposals.js";

/// True if the Governor's clock is a timestamp (ERC-6372 CLOCK_MODE "mode=timestamp").
export async function usesTimestamps(governor: OpenGovernor): Promise<boolean> {
  return (await governor.CLOCK_MODE()).includes("mode=timestamp");
}

/// Checks that `voter` can vote on `id` now, so that no vote is wasted: the proposal exists (else the Governor's
/// own GovernorNonexistentProposal error), is Active, and the voter had votes at its snapshot (the Governor would
/// record a vote of weight 0, and the voter could not vote again). Returns the voter's weight.
export async function checkCanVote(governor: OpenGovernor, id: bigint, voter: string): Promise<bigint> {
  const state = await governor.state(id); // reverts GovernorNonexistentProposal(proposalId) for an unknown id
  const [snapshot, now, timestamps] = await Promise.all([
    governor.proposalSnapshot(id),
    governor.clock(),
    usesTimestamps(governor),
  ]);
  const name = stateName(state);
  if (name === "Pending") {
    throw new OpenLedgerError(
      `proposal ${id.toString()} is Pending: voting opens after ${formatTimepoint(snapshot, now, timestamps)}`,
    );
  }
  if (name !== "Active") throw new OpenLedgerError(`proposal ${id.toString()} is ${name}: voting is closed`);
  if (await governor.hasVoted(id, voter)) {
    throw new OpenLedgerError(`${voter} has already voted on proposal ${id.toString()}`);
  }
  const weight = await governor.getVotes(voter, snapshot);
  if (weight === 0n) {
    throw new OpenLedgerError(
      `${voter} had no votes at the snapshot of proposal ${id.toString()} (${formatTimepoint(snapshot, now, timestamps)}): ` +
        "votes count only if delegated (gov:delegate) before a proposal starts",
    );
  }
  return weight;
}

/// The state of `id`, which must be one of `wanted` for `action` ("queue", "execute"); else a one-line error that
/// says why not and when that changes. An unknown id reverts with the Governor's GovernorNonexistentProposal.
export async function requireState(
  governor: OpenGovernor,
  id: bigint,
  wanted: readonly ProposalStateName[],
  action: string,
): Promise<ProposalStateName> {
  const name = stateName(await governor.state(id));
  if ((wanted as readonly string[]).includes(name)) return name as ProposalStateName;
  const [now, timestamps] = await Promise.all([governor.clock(), usesTimestamps(governor)]);
  const at = (t: bigint): string => formatTimepoint(t, now, timestamps);
  const subject = `cannot ${action} proposal ${id.toString()}: it is ${name}`;
  switch (name) {
    case "Pending":
      throw new OpenLedgerError(`${subject}; voting opens after ${at(await governor.proposalSnapshot(id))}`);
    case "Active":
      throw new OpenLedgerError(`${subject}; voting ends ${at(await governor.proposalDeadline(id))}`);
    case "Defeated": {
      const [tally, quorum] = await Promise.all([
        governor.proposalVotes(id),
        governor.proposalSnapshot(id).then((s) => governor.quorum(s)),
      ]);
      throw new OpenLedgerError(
        `${subject} (for ${formatVotes(tally.forVotes)}, against ${formatVotes(tally.againstVotes)}, ` +
          `quorum ${formatVotes(quorum)} of for + abstain)`,
      );
    }
    case "Succeeded":
      throw new OpenLedgerError(`${subject}; queue it first (gov:queue)`);
    case "Queued":
      throw new OpenLedgerError(`${subject}; executable from ${at(await governor.proposalEta(id))} (gov:execute)`);
    default:
      throw new OpenLedgerError(subject);
  }
}

/// The tally of `id`, by vote type.
export async function tallyOf(
  governor: OpenGovernor,
  id: bigint,
): Promise<{ for: bigint; against: bigint; abstain: bigint }> {
  const tally = await governor.proposalVotes(id);
  return { for: tally.forVotes, against: tally.againstVotes, abstain: tally.abstainVotes };
}

type ProposalCreatedLog = Awaited<ReturnType<OpenGovernor["queryFilter"]>>[number];

function recordOf(governor: OpenGovernor, log: ProposalCreatedLog): ProposalRecord | undefined {
  const parsed = governor.interface.parseLog(log);
  if (parsed === null || parsed.name !== "ProposalCreated") return undefined;
  // Positional: `values` is also the name of an Array method, which an ethers Result does not shadow.
  const [id, proposer, targets, values, , calldatas, voteStart, voteEnd, description] = parsed.args.toArray() as [
    bigint,
    string,
    string[],
    bigint[],
    string[],
    string[],
    bigint,
    bigint,
    string,
  ];
  return {
    proposalId: id,
    proposer,
    targets: [...targets],
    values: [...values],
    calldatas: [...calldatas],
    description,
    descriptionHash: descriptionHash(description),
    voteStart,
    voteEnd,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  };
}

/// Every ProposalCreated event in [fromBlock, toBlock], queried in chunks that public RPC endpoints accept.
export async function proposalsCreated(
  governor: OpenGovernor,
  fromBlock: number,
  toBlock: number,
  chunk = 10_000,
): Promise<ProposalRecord[]> {
  const filter = governor.filters.ProposalCreated();
  const out: ProposalRecord[] = [];
  for (let start = Math.max(0, fromBlock); start <= toBlock; start += chunk) {
    const logs = await governor.queryFilter(filter, start, Math.min(toBlock, start + chunk - 1));
    for (const log of logs) {
      const record = recordOf(governor, log);
      if (record !== undefined) out.push(record);
    }
  }
  return out;
}

/// The first block whose timestamp is at least `timestamp` (binary search: O(log n) block reads).
async function firstBlockAtOrAfter(provider: Provider, timestamp: bigint, latest: number): Promise<number> {
  let lo = 0;
  let hi = latest;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const block = await provider.getBlock(mid);
    if (block !== null && BigInt(block.timestamp) >= timestamp) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/// Finds what Governor.propose received for `id`: `cached` if it hashes to `id`, else the chain's ProposalCreated
/// event, found near the block whose time is the vote start less the voting delay, and else by scanning every block.
/// Throws a one-line OpenLedgerError if the event is nowhere.
export async function findProposal(
  governor: OpenGovernor,
  id: bigint,
  cached?: ProposalRecord,
): Promise<ProposalRecord> {
  if (cached !== undefined && recordMatches(cached, id)) return cached;
  const provider = governor.runner?.provider;
  if (provider === null || provider === undefined) throw new OpenLedgerError("the Governor contract has no provider");
  const latest = await provider.getBlockNumber();
  const snapshot = await governor.proposalSnapshot(id);
  const match = (records: ProposalRecord[]): ProposalRecord | undefined => records.find((r) => r.proposalId === id);

  if (snapshot > 0n && (await usesTimestamps(governor))) {
    const created = snapshot - (await governor.votingDelay());
    const near = await firstBlockAtOrAfter(provider, created, latest);
    const found = match(await proposalsCreated(governor, near - 50, Math.min(latest, near + 50)));
    if (found !== undefined) return found;
  }
  let everything: ProposalRecord[];
  try {
    everything = await proposalsCreated(governor, 0, latest, latest + 1);
  } catch (err: unknown) {
    const reason = err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
    throw new OpenLedgerError(
      `cannot find the ProposalCreated event of proposal ${id.toString()}: the node refused a scan of all blocks (${reason})`,
    );
  }
  const found = match(everything);
  if (found !== undefined) return found;
  throw new OpenLedgerError(`no ProposalCreated event for proposal ${id.toString()} on this chain`);
}
