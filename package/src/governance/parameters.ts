/// The protocol parameters that a proposal can change by name (`gopen.cooldown`), each with its unit, how to read
/// it and the one call the Timelock makes to set it; and how their values are typed and shown.
import type { Interface } from "ethers";
import type { SuiteContracts } from "../client.js";
import { OpenLedgerError } from "../errors/index.js";
import { formatDuration, formatOpen } from "../format/index.js";
import { durationSeconds, openWei } from "../parse/index.js";
import type { ProposalCall } from "./calls.js";

/// How a parameter's value is written and shown.
export type ParamUnit = "bps" | "seconds" | "count" | "open";

export interface ParameterDefinition {
  unit: ParamUnit;
  /// What the parameter is, for help texts and the default description.
  about: string;
  read(suite: SuiteContracts): Promise<bigint>;
  /// The one call the Timelock makes to set it to `value`.
  call(suite: SuiteContracts, value: bigint): Promise<ProposalCall>;
}

async function callOf(
  contract: { getAddress(): Promise<string>; interface: Interface },
  fn: string,
  args: readonly bigint[],
): Promise<ProposalCall> {
  return { target: await contract.getAddress(), value: 0n, calldata: contract.interface.encodeFunctionData(fn, args) };
}

/// Every parameter a proposal can change by name.
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
    about: "the floor on a model's data share (set through Settlement, which keeps the copy it settles with)",
    read: (s) => s.models.minDataBps(),
    call: (s, v) => callOf(s.settlement, "setMinDataBps", [v]),
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

/// The definition of parameter `name`; a one-line OpenLedgerError lists the known names.
export function parameterDefinition(name: string): ParameterDefinition {
  const definition = PARAMETERS[name];
  if (definition === undefined) {
    throw new OpenLedgerError(`unknown parameter "${name}": one of ${Object.keys(PARAMETERS).join(", ")}`);
  }
  return definition;
}

/// A parameter value as a person types it: bps and counts as integers, durations in seconds or with a unit
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

/// A parameter value for people: `7200 s (2h)`, `500 bps (5%)`, `1,000 OPEN`, `3`.
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
