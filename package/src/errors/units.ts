/// The arguments of a custom error in human units, chosen by the parameter's name (the names the suite's interfaces
/// and OpenZeppelin's errors use): amounts in OPEN, votes in gOPEN, basis points as percent, unix times as dates,
/// durations as `1h 30m`, enum states by name. Pure: the same in Node and in a browser.
import { formatBps, formatDuration, formatOpen, formatTime, formatVotes } from "../format/index.js";

/// How a uint argument reads.
export type Unit = "open" | "votes" | "bps" | "time" | "duration" | "plain";

/// Amounts of OPEN wei: `FeeAboveCap(fee, cap)`, `ERC20InsufficientAllowance(…, allowance, needed)`,
/// `BondTooLow(…, bond, minBond)`, `ClaimExceedsRoot(…, claimed, total)`, `RootAboveAccrued(…, total, accrued)`,
/// `BondBelowExposure(…, coverage, exposure)`, `ExposureAboveCapacity(…, exposure, capacity)`,
/// `NothingToClaim(…, cumulativeAmount, alreadyClaimed)`, `PriceTooLarge(price)`. `value` is left out on purpose:
/// `ParameterOutOfBounds(value, max)` bounds bps, depths and prices alike.
const AMOUNTS = new Set([
  "amount",
  "fee",
  "cap",
  "bond",
  "balance",
  "needed",
  "allowance",
  "total",
  "claimed",
  "accrued",
  "price",
  "coverage",
  "exposure",
  "capacity",
  "stake",
  "available",
  "required",
  "supply",
]);

/// Voting power (gOPEN wei): `GovernorInsufficientProposerVotes(proposer, votes, threshold)`.
const VOTES = new Set(["votes", "threshold"]);

/// Unix times: `ERC2612ExpiredSignature(deadline)`, `BondLocked(…, lockedUntil)`, `NoRootReady(…, readyAt)`,
/// `CommitmentExpired(…, expiredAt)`, `WithdrawalNotReady(…, readyAt, nowTime)`, `GovernorGuardianExpiryTooLate(expiry,
/// maxExpiry)`, `ERC5805FutureLookup(timepoint, clock)` (the suite's clock is the timestamp, ERC-6372).
const TIMES = new Set(["deadline", "timestamp", "until", "expiry", "notBefore", "timepoint", "nowTime", "clock", "at"]);

/// Durations in seconds: `CooldownTooLong(cooldown, maxCooldown)`, `WindowOutOfBounds(window, min, max)`,
/// `ReviewTimeoutOutOfBounds(reviewTimeout, …)`, `RewardsDurationOutOfBounds(duration, …)`,
/// `TimelockInsufficientDelay(delay, minDelay)`, `GovernorPreventLateQuorumVoteExtensionTooLarge(…)`.
const DURATIONS = new Set([
  "duration",
  "cooldown",
  "window",
  "timeout",
  "delay",
  "extension",
  "period",
  "term",
  "lock",
]);

/// Bounds take the unit of the value they bound, the argument before them: `BondAboveMax(bond, max)` is in OPEN,
/// `BatchTooLarge(count, max)` a count, `WindowOutOfBounds(window, min, max)` durations.
const BOUNDS = new Set(["", "min", "max", "limit"]);

/// The stem of a parameter name: without a trailing `_`, a leading `new`/`min`/`max`/`previous`/`already`/
/// `cumulative`/`increased`, and lower-cased first: `newVoteExtension` → `voteExtension`, `minDataBps` → `dataBps`.
function stemOf(name: string): string {
  const bare = name.replace(/_+$/, "");
  const stripped = bare.replace(/^(new|min|max|previous|already|cumulative|increased)(?=[A-Z])/, "");
  return stripped.charAt(0).toLowerCase() + stripped.slice(1);
}

/// The last word of a camel-case name, lower case: `lockedUntil` → `until`, `voteExtension` → `extension`.
function lastWord(name: string): string {
  const words = name.split(/(?=[A-Z])/);
  return (words[words.length - 1] ?? "").toLowerCase();
}

/// The unit of a uint parameter by its name alone; undefined for a bound (`max`, `min`, `limit`), whose unit is that
/// of the value before it.
export function unitOfName(name: string): Unit | undefined {
  const stem = stemOf(name);
  if (name === "bps" || /Bps_*$/.test(name)) return "bps";
  if (BOUNDS.has(stem)) return undefined;
  const last = lastWord(stem);
  if (AMOUNTS.has(stem) || AMOUNTS.has(last)) return "open";
  if (VOTES.has(stem)) return "votes";
  if (TIMES.has(stem) || TIMES.has(last) || /[a-z](At|Until)$/.test(stem)) return "time";
  if (DURATIONS.has(stem) || DURATIONS.has(last)) return "duration";
  return "plain";
}

/// The names of each enum state an error argument may hold: by `<Error>.<param>`, else by the parameter's name.
const PROPOSAL_STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];
const OPERATION_STATES = ["Unset", "Waiting", "Ready", "Done"];
/// IDatanetRegistry.Status: contributions and batches.
const CONTRIBUTION_STATUSES = ["None", "Pending", "Accepted", "Rejected", "Withdrawn"];
export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  "GovernorUnexpectedProposalState.current": PROPOSAL_STATES,
  "GovernorUnexpectedProposalState.expectedStates": PROPOSAL_STATES,
  "TimelockUnexpectedOperationState.expectedStates": OPERATION_STATES,
  status: CONTRIBUTION_STATUSES,
};

function enumNames(error: string, param: string): readonly string[] | undefined {
  return ENUMS[`${error}.${param}`] ?? ENUMS[param];
}

/// An amount of OPEN; below a gwei its wei too, since a run of zeros is hard to count: `1e-18 OPEN` reads
/// `0.000000000000000001 OPEN (1 wei)`.
function open(wei: bigint, format: (wei: bigint) => string): string {
  return wei > 0n && wei < 1_000_000_000n ? `${format(wei)} (${wei.toString()} wei)` : format(wei);
}

/// One uint value in `unit`.
export function formatInUnit(unit: Unit, value: bigint, now?: bigint): string {
  switch (unit) {
    case "open":
      return open(value, formatOpen);
    case "votes":
      return open(value, formatVotes);
    case "bps":
      return formatBps(value);
    case "time":
      return value === 0n ? "0" : formatTime(value, now);
    case "duration":
      return formatDuration(value);
    default:
      return value.toString(10);
  }
}

/// The arguments of custom error `error`, each as `name=value` in its human unit; undefined for an argument that is
/// not a uint, an enum or a bitmap of enum states (the caller formats it).
export function humanArguments(
  error: string,
  inputs: readonly { readonly name?: string; readonly type: string }[],
  values: ArrayLike<unknown>,
  now?: bigint,
): (string | undefined)[] {
  // The error's own notion of now, when it carries one (`WithdrawalNotReady(…, readyAt, nowTime)`).
  const nowIndex = inputs.findIndex((input) => input.name === "nowTime" || input.name === "clock");
  const chainNow = nowIndex >= 0 && typeof values[nowIndex] === "bigint" ? (values[nowIndex] as bigint) : now;
  let previous: Unit = "plain";
  return inputs.map((input, i) => {
    const value = values[i];
    const names = enumNames(error, input.name ?? "");
    if (names !== undefined && typeof value === "bigint") return names[Number(value)] ?? value.toString(10);
    if (names !== undefined && input.type === "bytes32" && typeof value === "string") {
      const bits = BigInt(value);
      const set = names.filter((_, k) => ((bits >> BigInt(k)) & 1n) === 1n);
      return set.length > 0 ? set.join("|") : "none";
    }
    if (!/^uint\d*$/.test(input.type) || typeof value !== "bigint") return undefined;
    const unit = unitOfName(input.name ?? "") ?? previous;
    previous = unit;
    return formatInUnit(unit, value, i === nowIndex ? undefined : chainNow);
  });
}
