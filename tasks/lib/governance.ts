/// Governance building blocks shared by the gov and staking tasks: proposals (named parameter changes, calls from a
/// file), proposal ids and description hashes, state names, vote signatures, and how a proposal's calls are
/// recovered from the chain.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  AbiCoder,
  FunctionFragment,
  Interface,
  getAddress,
  id as keccakUtf8,
  isAddress,
  isHexString,
  keccak256,
} from "ethers";
import type { ContractTransactionReceipt, Provider, TypedDataField } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { OpenGovernor } from "../../typechain-types/index.js";
import { durationSeconds, openWei } from "./args.js";
import type { SendArgs } from "./args.js";
import { CONTRACTS, isInProcess } from "./deployment.js";
import type { Suite, SuiteKey } from "./deployment.js";
import { OpenLedgerError } from "./errors.js";
import { formatDuration, formatOpen, formatTime, formatVotes } from "./output.js";

export { formatDuration, formatTime, formatVotes };
import { suiteAndSigner } from "./tx.js";
import type { Sender } from "./tx.js";

/// The EIP-712 domain and permit types live with the transaction helpers; governance scripts and tests read them here.
export { PERMIT_TYPES, eip712DomainOf } from "./tx.js";

// -------------------------------------------------------------------------------------------------
// Proposal states, vote types, ids
// -------------------------------------------------------------------------------------------------

/// IGovernor.ProposalState, in enum order (OpenZeppelin 5).
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

export function stateName(state: bigint | number): ProposalStateName | `Unknown(${string})` {
  return PROPOSAL_STATES[Number(state)] ?? `Unknown(${state.toString()})`;
}

/// GovernorCountingSimple.VoteType.
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type SupportName = keyof typeof SUPPORT;

/// "for" | "against" | "abstain" (or 1 | 0 | 2) → the uint8 the Governor takes.
export function parseSupport(text: string): number {
  const key = text.trim().toLowerCase();
  if (key in SUPPORT) return SUPPORT[key as SupportName];
  if (/^[012]$/.test(key)) return Number(key);
  throw new OpenLedgerError(`--support "${text}" must be for, against or abstain`);
}

export function supportName(support: bigint | number): string {
  const found = (Object.keys(SUPPORT) as SupportName[]).find((k) => SUPPORT[k] === Number(support));
  return found ?? `unknown(${support.toString()})`;
}

/// The proposal id the tasks were given: `--proposal` is required and cannot be 0.
export function requireProposalId(proposal: bigint): bigint {
  if (proposal === 0n) throw new OpenLedgerError("--proposal <id> is required (gov:status lists the proposals)");
  return proposal;
}

/// keccak256 of the description's UTF-8 bytes, as Governor.propose computes it.
export function descriptionHash(description: string): string {
  return keccakUtf8(description);
}

/// Governor.hashProposal: keccak256(abi.encode(targets, values, calldatas, descriptionHash)).
export function proposalId(
  targets: readonly string[],
  values: readonly bigint[],
  calldatas: readonly string[],
  descHash: string,
): bigint {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["address[]", "uint256[]", "bytes[]", "bytes32"],
    [targets, values, calldatas, descHash],
  );
  return BigInt(keccak256(encoded));
}

// -------------------------------------------------------------------------------------------------
// Formatting
// -------------------------------------------------------------------------------------------------

/// A timepoint of the Governor's clock: a date in timestamp mode (gOPEN uses timestamps), else a block number.
export function formatTimepoint(timepoint: bigint, now: bigint, timestampClock: boolean): string {
  return timestampClock ? formatTime(timepoint, now) : `block ${timepoint.toString()}`;
}

/// How a task shows amounts: exact wei (a decimal string in JSON) for `--json`, else `1,000 OPEN` / `1,000 gOPEN`.
export function amountFormat(json: boolean, token: "OPEN" | "gOPEN"): (wei: bigint) => bigint | string {
  if (json) return (wei) => wei;
  return token === "OPEN" ? formatOpen : formatVotes;
}

/// How a task shows unix times: the number for `--json`, else a date relative to the chain's `now`.
export function timeFormat(json: boolean, now: bigint): (timestamp: bigint) => bigint | string {
  return json ? (timestamp) => timestamp : (timestamp) => formatTime(timestamp, now);
}

/// True if the Governor's clock is a timestamp (ERC-6372 CLOCK_MODE "mode=timestamp").
export async function usesTimestamps(governor: OpenGovernor): Promise<boolean> {
  return (await governor.CLOCK_MODE()).includes("mode=timestamp");
}

// -------------------------------------------------------------------------------------------------
// Calls: decoding for display, building from a file
// -------------------------------------------------------------------------------------------------

export interface ProposalCall {
  target: string;
  value: bigint;
  calldata: string;
}

const SUITE_KEYS = Object.keys(CONTRACTS) as SuiteKey[];

function suiteInterface(key: SuiteKey): Interface {
  return CONTRACTS[key].factory.createInterface() as Interface;
}

/// The suite contract at `address`, if any.
export function suiteKeyOf(suite: Suite, address: string): SuiteKey | undefined {
  const wanted = address.toLowerCase();
  return SUITE_KEYS.find((key) => suite.deployment.addresses[key]?.toLowerCase() === wanted);
}

/// A call for people: `gopen.setCooldown(newCooldown=7200)`, or the raw selector for an unknown target.
export function describeCall(suite: Suite, call: ProposalCall): string {
  const key = suiteKeyOf(suite, call.target);
  const value = call.value > 0n ? ` {value: ${call.value.toString()} wei}` : "";
  if (key !== undefined) {
    const parsed = suiteInterface(key).parseTransaction({ data: call.calldata });
    if (parsed !== null) {
      const args = parsed.fragment.inputs.map((input, i) => {
        const raw: unknown = parsed.args[i];
        const shown = typeof raw === "bigint" ? raw.toString(10) : String(raw);
        return input.name ? `${input.name}=${shown}` : shown;
      });
      return `${key}.${parsed.name}(${args.join(", ")})${value}`;
    }
  }
  const where = key ?? call.target;
  const selector = call.calldata.length >= 10 ? call.calldata.slice(0, 10) : call.calldata;
  return `${where}.${selector}(…${Math.max(0, (call.calldata.length - 10) / 2)} bytes)${value}`;
}

/// A target of a call file: a suite contract key (`gopen`), its contract name (`StakedOpen`), a future id
/// (`OpenLedger#StakedOpen`), or an address.
export function resolveTarget(suite: Suite, target: string): { address: string; key: SuiteKey | undefined } {
  const text = target.trim();
  const lowered = text.toLowerCase();
  if (isAddress(text)) {
    const address = getAddress(text);
    return { address, key: suiteKeyOf(suite, address) };
  }
  for (const key of SUITE_KEYS) {
    if (key.toLowerCase() === lowered || CONTRACTS[key].name.toLowerCase() === lowered) {
      const address = suite.deployment.addresses[key];
      if (address !== undefined) return { address, key };
    }
  }
  const future = suite.deployment.futures[text];
  if (future !== undefined) return { address: getAddress(future), key: suiteKeyOf(suite, future) };
  throw new OpenLedgerError(`unknown target "${target}": use an address or one of ${SUITE_KEYS.join(", ")}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function parseValue(raw: unknown, where: string): bigint {
  if (raw === undefined || raw === null) return 0n;
  if (typeof raw === "bigint") return raw;
  if ((typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) || typeof raw === "string") {
    try {
      const value = BigInt(raw);
      if (value >= 0n) return value;
    } catch {
      // reported below
    }
  }
  throw new OpenLedgerError(
    `${where}: "value" must be a non-negative integer amount of wei, got ${JSON.stringify(raw)}`,
  );
}

/// The function fragment of a call-file entry: `signature` ("setCooldown(uint256)", "function …", or just the
/// name when the target is a suite contract) or `abi` (a fragment, as JSON or human-readable text).
function entryFragment(entry: Record<string, unknown>, key: SuiteKey | undefined, where: string): FunctionFragment {
  const { signature, abi } = entry;
  try {
    if (typeof signature === "string" && signature.trim() !== "") {
      const text = signature.trim();
      if (!text.includes("(")) {
        if (key === undefined) {
          throw new OpenLedgerError(
            `${where}: a bare function name needs a suite contract as target; give the signature`,
          );
        }
        const fragment = suiteInterface(key).getFunction(text);
        if (fragment === null) throw new OpenLedgerError(`${where}: ${key} has no function "${text}"`);
        return fragment;
      }
      return FunctionFragment.from(text.startsWith("function ") ? text : `function ${text}`);
    }
    if (abi !== undefined) {
      const fragment = new Interface([abi as string]).fragments.find(
        (f): f is FunctionFragment => f instanceof FunctionFragment,
      );
      if (fragment === undefined) throw new OpenLedgerError(`${where}: "abi" holds no function fragment`);
      return fragment;
    }
  } catch (err: unknown) {
    if (err instanceof OpenLedgerError) throw err;
    throw new OpenLedgerError(
      `${where}: cannot read the function: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  throw new OpenLedgerError(`${where}: give "data", or "signature"/"abi" with "args"`);
}

/// Builds the calls of a call file: a JSON array of `{target, value?, signature|abi, args}` or `{target, value?, data}`.
export function callsFromJson(suite: Suite, parsed: unknown, source: string): ProposalCall[] {
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new OpenLedgerError(`${source} must hold a non-empty JSON array of calls`);
  }
  return parsed.map((entry: unknown, i): ProposalCall => {
    const where = `${source} call #${i}`;
    if (!isRecord(entry)) throw new OpenLedgerError(`${where} is not an object`);
    if (typeof entry.target !== "string") throw new OpenLedgerError(`${where}: "target" is missing`);
    const { address, key } = resolveTarget(suite, entry.target);
    const value = parseValue(entry.value, where);
    if (entry.data !== undefined) {
      if (typeof entry.data !== "string" || !isHexString(entry.data)) {
        throw new OpenLedgerError(`${where}: "data" must be 0x-prefixed hex`);
      }
      return { target: address, value, calldata: entry.data };
    }
    const fragment = entryFragment(entry, key, where);
    const args = entry.args ?? [];
    if (!Array.isArray(args)) throw new OpenLedgerError(`${where}: "args" must be an array`);
    try {
      return { target: address, value, calldata: new Interface([fragment]).encodeFunctionData(fragment, args) };
    } catch (err: unknown) {
      const reason = err instanceof Error ? (err.message.split(" (")[0] ?? err.message) : String(err);
      throw new OpenLedgerError(`${where}: cannot encode ${fragment.format("sighash")}: ${reason}`);
    }
  });
}

/// Reads and builds a call file.
export function callsFromFile(suite: Suite, file: string): ProposalCall[] {
  if (!existsSync(file)) throw new OpenLedgerError(`no such file: ${file}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    throw new OpenLedgerError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return callsFromJson(suite, parsed, path.basename(file));
}

// -------------------------------------------------------------------------------------------------
// Named parameter changes
// -------------------------------------------------------------------------------------------------

/// How a parameter's value is written on the command line and shown.
export type ParamUnit = "bps" | "seconds" | "count" | "open";

export interface ParameterDefinition {
  unit: ParamUnit;
  /// What the parameter is, for the help text and the default description.
  about: string;
  read(suite: Suite): Promise<bigint>;
  /// The one call the Timelock makes to set it to `value`.
  call(suite: Suite, value: bigint): Promise<ProposalCall>;
}

async function callOf(
  contract: { getAddress(): Promise<string>; interface: Interface },
  fn: string,
  args: readonly bigint[],
): Promise<ProposalCall> {
  return { target: await contract.getAddress(), value: 0n, calldata: contract.interface.encodeFunctionData(fn, args) };
}

/// Every parameter `gov:propose --param` knows, by its name.
export const PARAMETERS: Readonly<Record<string, ParameterDefinition>> = {
  "settlement.protocolBps": {
    unit: "bps",
    about: "protocol share of each fee (setFeeShares, keeping the stakers share)",
    read: (s) => s.settlement.protocolBps(),
    call: async (s, v) => callOf(s.settlement, "setFeeShares", [v, await s.settlement.stakersBps()]),
  },
  "settlement.stakersBps": {
    unit: "bps",
    about: "stakers share of each fee (setFeeShares, keeping the protocol share)",
    read: (s) => s.settlement.stakersBps(),
    call: async (s, v) => callOf(s.settlement, "setFeeShares", [await s.settlement.protocolBps(), v]),
  },
  "settlement.lineageBps": {
    unit: "bps",
    about: "lineage royalty, of a model's owner share",
    read: (s) => s.settlement.lineageBps(),
    call: (s, v) => callOf(s.settlement, "setLineageBps", [v]),
  },
  "settlement.challengeWindow": {
    unit: "seconds",
    about: "how long a posted attribution root waits before it can be activated",
    read: (s) => s.settlement.challengeWindow(),
    call: (s, v) => callOf(s.settlement, "setChallengeWindow", [v]),
  },
  "settlement.vetoBondLock": {
    unit: "seconds",
    about: "how long a veto locks the attestor's bond",
    read: (s) => s.settlement.vetoBondLock(),
    call: (s, v) => callOf(s.settlement, "setVetoBondLock", [v]),
  },
  "settlement.minAttestorBond": {
    unit: "open",
    about: "the bond an attestor must post",
    read: (s) => s.settlement.minAttestorBond(),
    call: (s, v) => callOf(s.settlement, "setMinAttestorBond", [v]),
  },
  "gopen.cooldown": {
    unit: "seconds",
    about: "the withdrawal cooldown of gOPEN",
    read: (s) => s.gopen.cooldown(),
    call: (s, v) => callOf(s.gopen, "setCooldown", [v]),
  },
  "gopen.rewardsDuration": {
    unit: "seconds",
    about: "the period over which each push of stakers' rewards streams to them",
    read: (s) => s.gopen.rewardsDuration(),
    call: (s, v) => callOf(s.gopen, "setRewardsDuration", [v]),
  },
  "models.minDataBps": {
    unit: "bps",
    about: "the floor on a model's data share",
    read: (s) => s.models.minDataBps(),
    call: (s, v) => callOf(s.models, "setMinDataBps", [v]),
  },
  "models.maxLineageDepth": {
    unit: "count",
    about: "how many ancestors a model's lineage may have",
    read: (s) => s.models.maxLineageDepth(),
    call: (s, v) => callOf(s.models, "setMaxLineageDepth", [v]),
  },
  "models.publishFee": {
    unit: "open",
    about: "the fee to publish a model version",
    read: (s) => s.models.publishFee(),
    call: (s, v) => callOf(s.models, "setPublishFee", [v]),
  },
  "datanets.reviewTimeout": {
    unit: "seconds",
    about: "how long a pending contribution waits for a review before its contributor may withdraw it",
    read: (s) => s.datanets.reviewTimeout(),
    call: (s, v) => callOf(s.datanets, "setReviewTimeout", [v]),
  },
};

export function parameterDefinition(name: string): ParameterDefinition {
  const definition = PARAMETERS[name];
  if (definition === undefined) {
    throw new OpenLedgerError(`unknown parameter "${name}": one of ${Object.keys(PARAMETERS).join(", ")}`);
  }
  return definition;
}

/// A parameter value from the command line: bps and counts as integers, durations in seconds or with a unit
/// (`90s`, `15m`, `2h`, `7d`), OPEN amounts as decimals (`1000`, `0.5`).
export function parseParamValue(unit: ParamUnit, text: string, name: string): bigint {
  const value = text.trim();
  const bad = (expected: string): OpenLedgerError =>
    new OpenLedgerError(`--value "${text}" for ${name} must be ${expected}`);
  switch (unit) {
    case "open": {
      const wei = openWei(value);
      if (wei === undefined) throw bad("an amount of OPEN such as 1000 or 0.5");
      return wei;
    }
    case "seconds": {
      const seconds = durationSeconds(value);
      if (seconds === undefined) throw bad("a duration in seconds, or with a unit: 90s, 15m, 2h, 7d");
      return seconds;
    }
    case "bps":
      if (!/^\d+$/.test(value) || BigInt(value) > 10_000n) throw bad("basis points, an integer from 0 to 10000");
      return BigInt(value);
    case "count":
      if (!/^\d+$/.test(value)) throw bad("a non-negative integer");
      return BigInt(value);
  }
}

export function formatParamValue(unit: ParamUnit, value: bigint): string {
  switch (unit) {
    case "open":
      return formatOpen(value);
    case "seconds":
      return value >= 60n ? `${value.toString()} s (${formatDuration(value)})` : `${value.toString()} s`;
    case "bps":
      return `${value.toString()} bps (${(Number(value) / 100).toString()}%)`;
    case "count":
      return value.toString();
  }
}

// -------------------------------------------------------------------------------------------------
// Recovering a proposal's calls
// -------------------------------------------------------------------------------------------------

/// A proposal as Governor.propose received it, plus where it was created.
export interface ProposalRecord {
  proposalId: bigint;
  proposer: string;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: number;
  transactionHash: string;
}

/// The local copy of a proposal's calls: deploy/proposals/<chainId>/<proposalId>.json. Only a cache: the chain's
/// ProposalCreated event is the source, and a cached copy is used only if it hashes to the proposal id.
export function proposalCacheFile(ignitionDir: string, chainId: bigint, id: bigint): string {
  return path.join(ignitionDir, "proposals", chainId.toString(), `${id.toString()}.json`);
}

interface CachedProposal extends Omit<ProposalRecord, "proposalId" | "values" | "voteStart" | "voteEnd"> {
  proposalId: string;
  values: string[];
  voteStart: string;
  voteEnd: string;
  governor: string;
  chainId: string;
}

/// Saves a proposal's calls so that queue and execute need no log query. Nothing is written for the in-process
/// network, whose chain ends with the process.
export function saveProposal(
  connection: NetworkConnection,
  ignitionDir: string,
  chainId: bigint,
  governor: string,
  record: ProposalRecord,
): string | undefined {
  if (isInProcess(connection)) return undefined;
  const file = proposalCacheFile(ignitionDir, chainId, record.proposalId);
  mkdirSync(path.dirname(file), { recursive: true });
  const cached: CachedProposal = {
    ...record,
    proposalId: record.proposalId.toString(),
    values: record.values.map((v) => v.toString()),
    voteStart: record.voteStart.toString(),
    voteEnd: record.voteEnd.toString(),
    governor,
    chainId: chainId.toString(),
  };
  writeFileSync(file, `${JSON.stringify(cached, null, 2)}\n`);
  return file;
}

function loadCachedProposal(file: string, id: bigint): ProposalRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const c = JSON.parse(readFileSync(file, "utf8")) as CachedProposal;
    const record: ProposalRecord = {
      ...c,
      proposalId: BigInt(c.proposalId),
      values: c.values.map((v) => BigInt(v)),
      voteStart: BigInt(c.voteStart),
      voteEnd: BigInt(c.voteEnd),
    };
    const hashed = proposalId(record.targets, record.values, record.calldatas, descriptionHash(record.description));
    return hashed === id ? record : undefined;
  } catch {
    return undefined; // a damaged cache is ignored: the chain has the proposal
  }
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

/// Finds what Governor.propose received for `id`: from the local cache if it hashes to `id`, else from the chain's
/// ProposalCreated event, found near the block whose time is the vote start less the voting delay, and else by
/// scanning every block. Throws a OpenLedgerError if the event is nowhere.
export async function findProposal(
  governor: OpenGovernor,
  id: bigint,
  cacheFile: string | undefined,
): Promise<ProposalRecord> {
  if (cacheFile !== undefined) {
    const cached = loadCachedProposal(cacheFile, id);
    if (cached !== undefined) return cached;
  }
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
  if (await governor.hasVoted(id, voter))
    throw new OpenLedgerError(`${voter} has already voted on proposal ${id.toString()}`);
  const weight = await governor.getVotes(voter, snapshot);
  if (weight === 0n) {
    throw new OpenLedgerError(
      `${voter} had no votes at the snapshot of proposal ${id.toString()} (${formatTimepoint(snapshot, now, timestamps)}): ` +
        "votes count only if delegated (gov:delegate) before a proposal starts",
    );
  }
  return weight;
}

/// The state of `id`, which must be one of `wanted` for `action` ("queue", "execute"); else a OpenLedgerError that says
/// why not and when that changes. An unknown id reverts with the Governor's GovernorNonexistentProposal.
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

/// The weight of the vote cast in `receipt` (from its VoteCast event), 0 if there is none.
export function castWeight(
  governor: OpenGovernor,
  receipt: { logs: ReadonlyArray<{ topics: ReadonlyArray<string>; data: string }> } | null,
): bigint {
  for (const log of receipt?.logs ?? []) {
    const parsed = governor.interface.parseLog(log);
    if (parsed?.name === "VoteCast") return BigInt(parsed.args.weight as bigint);
  }
  return 0n;
}

// -------------------------------------------------------------------------------------------------
// Signatures
// -------------------------------------------------------------------------------------------------

/// Governor.BALLOT_TYPEHASH: Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce).
export const BALLOT_TYPES: Record<string, TypedDataField[]> = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/// Votes.DELEGATION_TYPEHASH: Delegation(address delegatee,uint256 nonce,uint256 expiry).
export const DELEGATION_TYPES: Record<string, TypedDataField[]> = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
};

/// A vote signed by `voter`, as `gov:sign-vote` writes it and `gov:relay-vote` reads it.
export interface SignedBallot {
  chainId: string;
  governor: string;
  proposalId: string;
  support: number;
  voter: string;
  nonce: string;
  signature: string;
}

export function parseSignedBallot(parsed: unknown, source: string): SignedBallot {
  if (!isRecord(parsed)) throw new OpenLedgerError(`${source} is not a signed vote (expected a JSON object)`);
  const fields: Array<[keyof SignedBallot, (x: unknown) => boolean]> = [
    ["chainId", (x) => typeof x === "string" && /^\d+$/.test(x)],
    ["governor", (x) => typeof x === "string" && isAddress(x)],
    ["proposalId", (x) => typeof x === "string" && /^\d+$/.test(x)],
    ["support", (x) => x === 0 || x === 1 || x === 2],
    ["voter", (x) => typeof x === "string" && isAddress(x)],
    ["nonce", (x) => typeof x === "string" && /^\d+$/.test(x)],
    ["signature", (x) => typeof x === "string" && isHexString(x)],
  ];
  for (const [name, ok] of fields) {
    if (!ok(parsed[name])) throw new OpenLedgerError(`${source}: "${name}" is missing or malformed`);
  }
  return parsed as unknown as SignedBallot;
}

// -------------------------------------------------------------------------------------------------
// What the gov tasks share
// -------------------------------------------------------------------------------------------------

/// The options of gov:queue and gov:execute.
export interface ProposalArgs extends SendArgs {
  proposal: bigint;
}

/// A proposal about to be queued or executed.
export interface ProposalToRun {
  suite: Suite;
  /// The Governor, connected to `--from`.
  governor: OpenGovernor;
  id: bigint;
  /// What Governor.propose received: the calls to queue or execute.
  proposal: ProposalRecord;
}

/// The proposal of `--proposal`, which must be in one of the `wanted` states for `action` ("queue", "execute"), and
/// pass `check` (run before the proposal's calls are looked up). Every failure is a one-line OpenLedgerError.
export async function proposalToRun(
  hre: HardhatRuntimeEnvironment,
  args: ProposalArgs,
  wanted: readonly ProposalStateName[],
  action: string,
  check?: (governor: OpenGovernor, id: bigint) => Promise<void>,
): Promise<ProposalToRun> {
  const id = requireProposalId(args.proposal);
  const { suite, signer } = await suiteAndSigner(hre, args);
  const governor = suite.governor.connect(signer);
  await requireState(governor, id, wanted, action);
  if (check !== undefined) await check(governor, id);
  const cache = proposalCacheFile(hre.config.paths.ignition, suite.deployment.chainId, id);
  return { suite, governor, id, proposal: await findProposal(governor, id, cache) };
}

/// A queued or executed proposal for output: its id, its state now, its description and its calls.
export async function proposalOut(run: ProposalToRun): Promise<Record<string, unknown>> {
  const p = run.proposal;
  return {
    proposalId: run.id,
    state: stateName(await run.governor.state(run.id)),
    description: p.description,
    calls: p.targets.map((target, i) =>
      describeCall(run.suite, { target, value: p.values[i], calldata: p.calldatas[i] }),
    ),
  };
}

/// The options of gov:vote and gov:sign-vote.
export interface VoteArgs extends SendArgs {
  proposal: bigint;
  support: string;
}

/// A vote that `--from` may cast now (see `checkCanVote`).
export interface VoteToCast {
  suite: Suite;
  voter: Sender;
  id: bigint;
  /// The Governor's uint8 for `--support`.
  support: number;
  /// The voter's votes at the proposal's snapshot.
  weight: bigint;
}

/// Reads `--proposal` and `--support`, and checks that `--from` can vote on the proposal now.
export async function voteToCast(hre: HardhatRuntimeEnvironment, args: VoteArgs): Promise<VoteToCast> {
  const id = requireProposalId(args.proposal);
  if (args.support.trim() === "") throw new OpenLedgerError("--support for|against|abstain is required");
  const support = parseSupport(args.support);
  const { suite, signer: voter } = await suiteAndSigner(hre, args);
  const weight = await checkCanVote(suite.governor, id, voter.address);
  return { suite, voter, id, support, weight };
}

/// What a cast vote did, for output: its weight (from the receipt's VoteCast event), the proposal's tally and state.
export async function voteCastOut(
  governor: OpenGovernor,
  id: bigint,
  receipt: ContractTransactionReceipt,
  json: boolean,
): Promise<{ weight: bigint | string; votes: Record<SupportName, bigint | string>; state: string }> {
  const [tally, state] = await Promise.all([governor.proposalVotes(id), governor.state(id)]);
  const votes = amountFormat(json, "gOPEN");
  return {
    weight: votes(castWeight(governor, receipt)),
    votes: { for: votes(tally.forVotes), against: votes(tally.againstVotes), abstain: votes(tally.abstainVotes) },
    state: stateName(state),
  };
}
