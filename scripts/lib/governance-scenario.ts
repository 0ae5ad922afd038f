/// One governance round trip on a deployed suite: OPEN goes to three voters, who stake it, delegate to
/// themselves, propose a fee change, vote for/for/against; the proposal is queued in the Timelock and executed.
///
/// Time moves with `evm_increaseTime` + `evm_mine`, which anvil, the Hardhat node and the in-process network all
/// understand, so the scenario runs on any local chain. The summary it returns holds no address, timestamp, block
/// number or gas figure: two nodes running the same deployment return the same summary, so summaries can be compared.
import { id, parseEther } from "ethers";
import type { ContractTransactionResponse, Interface, Log, TransactionReceipt } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { CONTRACT_KEYS, CONTRACTS } from "../../package/src/contracts.js";
import { OpenLedgerError, latestTimestamp, mined, sendersOf } from "../../tasks/lib/index.js";
import { PROPOSAL_STATES, SUPPORT } from "../../package/src/governance/index.js";
import type { ProposalStateName, SupportName } from "../../package/src/governance/index.js";
import type { Sender, Suite } from "../../tasks/lib/index.js";

export { PROPOSAL_STATES, SUPPORT } from "../../package/src/governance/index.js";
export type { ProposalStateName } from "../../package/src/governance/index.js";
export type Support = SupportName;

export interface VoterPlan {
  stake: bigint;
  support: Support;
}

export interface GovernanceScenarioOptions {
  /// The voters (default: signers 1, 2 and 3 of the connection). The first one proposes.
  voters?: Sender[];
  /// What each voter receives from the deployer, stakes, and votes (default: 300k for, 200k for, 100k against).
  plan?: VoterPlan[];
  /// The new protocol fee share in basis points (default: the current one + 200; stakers' share unchanged).
  protocolBps?: bigint;
}

export interface FeeShares {
  protocolBps: string;
  stakersBps: string;
}

/// What happened, as plain JSON (amounts and ids as decimal strings).
export interface GovernanceSummary {
  /// The call the proposal makes.
  action: string;
  description: string;
  /// Depends on the Settlement's address, which is the same wherever the same account deploys with the same nonces.
  proposalId: string;
  state: ProposalStateName;
  /// The Governor's settings and the Timelock delay the proposal went through.
  governance: { votingDelay: string; votingPeriod: string; quorum: string; timelockDelay: string };
  voters: Array<{ stake: string; support: Support; weight: string }>;
  votes: { for: string; against: string; abstain: string };
  oldValue: FeeShares;
  newValue: FeeShares;
  /// The events of each phase, in log order, as `<Contract>.<Event>`.
  events: Record<string, string[]>;
}

export const DEFAULT_PLAN: readonly VoterPlan[] = [
  { stake: parseEther("300000"), support: "for" },
  { stake: parseEther("200000"), support: "for" },
  { stake: parseEther("100000"), support: "against" },
];

/// JSON-RPC calls that move a local chain forward; fails with one line on a chain that refuses them.
async function send(connection: NetworkConnection, method: string, params: unknown[]): Promise<unknown> {
  try {
    return await connection.provider.request({ method, params });
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `${method} failed on network "${connection.networkName}" (${err instanceof Error ? err.message.split("\n")[0] : String(err)}): ` +
        `the governance scenario needs a local chain whose clock can be moved`,
    );
  }
}

/// Mines blocks until the latest block's timestamp is at least `target`. A node stamps a block with
/// max(previous + 1, wall clock + offset), so one jump may fall short when blocks ran ahead of the wall clock: repeat.
export async function advanceTo(connection: NetworkConnection, target: bigint): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const now = await latestTimestamp(connection);
    if (now >= target) return;
    await send(connection, "evm_increaseTime", [Number(target - now)]);
    await send(connection, "evm_mine", []);
  }
  throw new OpenLedgerError(`the chain clock did not reach ${target.toString()} after 10 jumps`);
}

/// Decodes logs as `<Contract>.<Event>` with the suite's ABIs; logs of other contracts become `<unknown>`.
function eventNamer(suite: Suite): (log: Log) => string {
  const byAddress = new Map<string, { name: string; iface: Interface }>();
  for (const key of CONTRACT_KEYS) {
    const address = suite.deployment.addresses[key];
    if (address !== undefined) {
      byAddress.set(address.toLowerCase(), { name: CONTRACTS[key].name, iface: suite[key].interface });
    }
  }
  return (log: Log): string => {
    const contract = byAddress.get(log.address.toLowerCase());
    if (contract === undefined) return "<unknown>";
    const parsed = contract.iface.parseLog({ topics: [...log.topics], data: log.data });
    return `${contract.name}.${parsed?.name ?? "<unknown event>"}`;
  };
}

/// Runs the scenario on the deployed `suite` (which must belong to `connection`) and returns its summary.
/// Every phase checks the proposal state it expects and fails with a one-line OpenLedgerError otherwise.
export async function runGovernanceScenario(
  connection: NetworkConnection,
  suite: Suite,
  log: (line: string) => void,
  options: GovernanceScenarioOptions = {},
): Promise<GovernanceSummary> {
  const { open, gopen, governor, timelock, settlement } = suite;
  const deployer = suite.signer;
  if (deployer === undefined) throw new OpenLedgerError(`network "${connection.networkName}" has no accounts`);
  const plan = options.plan ?? DEFAULT_PLAN;
  const voters = options.voters ?? (await sendersOf(connection)).slice(1, 1 + plan.length);
  if (voters.length < plan.length) {
    throw new OpenLedgerError(
      `the governance scenario needs ${plan.length + 1} accounts (the deployer and ${plan.length} voters); ` +
        `network "${connection.networkName}" has ${voters.length + 1}`,
    );
  }

  const nameOf = eventNamer(suite);
  const events: Record<string, string[]> = {};
  const record = async (phase: string, pending: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> => {
    const receipt = await mined(pending);
    (events[phase] ??= []).push(...receipt.logs.map(nameOf));
    return receipt;
  };
  const stateOf = async (proposalId: bigint): Promise<ProposalStateName> => {
    const index = Number(await governor.state(proposalId));
    return PROPOSAL_STATES[index] ?? "Pending";
  };
  const expectState = async (proposalId: bigint, expected: ProposalStateName, phase: string): Promise<void> => {
    const actual = await stateOf(proposalId);
    if (actual !== expected) throw new OpenLedgerError(`${phase}: proposal is ${actual}, expected ${expected}`);
  };

  // 1. Voters receive OPEN, stake it and delegate to themselves.
  const needed = plan.reduce((sum, p) => sum + p.stake, 0n);
  const supply = await open.balanceOf(deployer.address);
  if (supply < needed) {
    throw new OpenLedgerError(
      `the deployer holds ${supply.toString()} OPEN wei, the scenario hands out ${needed.toString()}`,
    );
  }
  for (const [i, voter] of voters.slice(0, plan.length).entries()) {
    const { stake } = plan[i];
    await record("distribute", open.connect(deployer).transfer(voter.address, stake));
    await record("stake", open.connect(voter).approve(gopen.target, stake));
    await record("stake", gopen.connect(voter).stake(stake));
    await record("delegate", gopen.connect(voter).delegate(voter.address));
  }
  log(`${plan.length} voters staked and self-delegated ${needed / 10n ** 18n} OPEN`);

  // 2. The first voter proposes the fee change (its votes must be checkpointed before the current second).
  await advanceTo(connection, (await latestTimestamp(connection)) + 1n);
  const oldProtocol = await settlement.protocolBps();
  const stakers = await settlement.stakersBps();
  const newProtocol = options.protocolBps ?? oldProtocol + 200n;
  const targets = [settlement.target as string];
  const values = [0n];
  const calldatas = [settlement.interface.encodeFunctionData("setFeeShares", [newProtocol, stakers])];
  const description = `Set the protocol fee share from ${oldProtocol} to ${newProtocol} bps (stakers keep ${stakers} bps)`;
  const descriptionHash = id(description);
  const proposalId = await governor.hashProposal(targets, values, calldatas, descriptionHash);
  await record("propose", governor.connect(voters[0]).propose(targets, values, calldatas, description));
  await expectState(proposalId, "Pending", "propose");
  log(`proposed #${proposalId.toString().slice(0, 12)}…: ${description}`);

  // 3. Voting opens after the snapshot; everyone votes.
  await advanceTo(connection, (await governor.proposalSnapshot(proposalId)) + 1n);
  await expectState(proposalId, "Active", "vote");
  for (const [i, voter] of voters.slice(0, plan.length).entries()) {
    await record("vote", governor.connect(voter).castVote(proposalId, SUPPORT[plan[i].support]));
  }
  const [against, forVotes, abstain] = await governor.proposalVotes(proposalId);
  log(`votes: for ${forVotes / 10n ** 18n}, against ${against / 10n ** 18n}, abstain ${abstain / 10n ** 18n} OPEN`);

  // 4. After the deadline (possibly extended by late-quorum protection) the proposal has succeeded: queue it.
  await advanceTo(connection, (await governor.proposalDeadline(proposalId)) + 1n);
  await expectState(proposalId, "Succeeded", "queue");
  await record("queue", governor.queue(targets, values, calldatas, descriptionHash));
  await expectState(proposalId, "Queued", "queue");
  const eta = await governor.proposalEta(proposalId);
  log(`queued in the Timelock for ${await timelock.getMinDelay()} s`);

  // 5. After the Timelock delay anyone executes it.
  await advanceTo(connection, eta);
  await record("execute", governor.execute(targets, values, calldatas, descriptionHash));
  await expectState(proposalId, "Executed", "execute");
  const newValue: FeeShares = {
    protocolBps: (await settlement.protocolBps()).toString(),
    stakersBps: (await settlement.stakersBps()).toString(),
  };
  if (newValue.protocolBps !== newProtocol.toString() || newValue.stakersBps !== stakers.toString()) {
    throw new OpenLedgerError(
      `executed, but the fee shares are ${newValue.protocolBps}/${newValue.stakersBps}, expected ${newProtocol}/${stakers}`,
    );
  }
  log(`executed: protocol share ${oldProtocol} → ${newValue.protocolBps} bps`);

  const snapshot = await governor.proposalSnapshot(proposalId);
  const weights = await Promise.all(
    voters.slice(0, plan.length).map((voter) => governor.getVotes(voter.address, snapshot)),
  );
  return {
    action: `Settlement.setFeeShares(${newProtocol}, ${stakers})`,
    description,
    proposalId: proposalId.toString(),
    state: await stateOf(proposalId),
    governance: {
      votingDelay: (await governor.votingDelay()).toString(),
      votingPeriod: (await governor.votingPeriod()).toString(),
      quorum: (await governor.quorum(snapshot)).toString(),
      timelockDelay: (await timelock.getMinDelay()).toString(),
    },
    voters: plan.map((p, i) => ({ stake: p.stake.toString(), support: p.support, weight: weights[i].toString() })),
    votes: { for: forVotes.toString(), against: against.toString(), abstain: abstain.toString() },
    oldValue: { protocolBps: oldProtocol.toString(), stakersBps: stakers.toString() },
    newValue,
    events,
  };
}
