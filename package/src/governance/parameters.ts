/// The protocol parameters that a proposal can change by name (`gopen.cooldown`), each with its unit, the getter it
/// is read with and the one call the Timelock makes to set it; and how their values are typed and shown. The table
/// is data (contract keys and function names), so that the ethers client and the viem entry build the same calls.
import type { Interface } from "ethers";
import type { SuiteContracts } from "../client.js";
import type { ContractKey } from "../contracts.js";
import { OpenLedgerError } from "../errors/base.js";
import { formatDuration, formatOpen } from "../format/index.js";
import { durationSeconds, openWei } from "../parse/units.js";
import type { ProposalCall } from "./calls.js";

/// How a parameter's value is written and shown.
export type ParamUnit = "bps" | "seconds" | "count" | "open";

/// A function of a suite contract: `{ contract: "gopen", fn: "setCooldown" }`.
export interface SuiteFunction {
  contract: ContractKey;
  fn: string;
}

export interface ParameterDefinition {
  unit: ParamUnit;
  /// What the parameter is, for help texts and the default description.
  about: string;
  /// The getter (no arguments, returns the value) it is read with.
  getter: SuiteFunction;
  /// The setter the Timelock calls to set it, and the setter's arguments for `value`: a setter of several parameters
  /// at once (`setFeeShares`) keeps the others as they are, read through `current`.
  setter: SuiteFunction & {
    args(value: bigint, current: (name: string) => Promise<bigint>): Promise<readonly bigint[]>;
  };
  /// Reads it through the ethers client's contracts.
  read(suite: SuiteContracts): Promise<bigint>;
  /// The one call the Timelock makes to set it to `value`, encoded through the ethers client's contracts.
  call(suite: SuiteContracts, value: bigint): Promise<ProposalCall>;
}

type Row = Pick<ParameterDefinition, "unit" | "about" | "getter"> & {
  setter: SuiteFunction & { args?: ParameterDefinition["setter"]["args"] };
};

function contractOf(suite: SuiteContracts, key: ContractKey): { getAddress(): Promise<string>; interface: Interface } {
  return suite[key] as unknown as { getAddress(): Promise<string>; interface: Interface };
}

/// A row of the table, with its ethers `read` and `call`; a setter without `args` takes the value alone.
function define(row: Row): ParameterDefinition {
  const setter = { ...row.setter, args: row.setter.args ?? ((value: bigint) => Promise.resolve([value])) };
  const definition: ParameterDefinition = {
    ...row,
    setter,
    read: (suite) => (suite[row.getter.contract] as unknown as Record<string, () => Promise<bigint>>)[row.getter.fn](),
    call: async (suite, value) => {
      const contract = contractOf(suite, setter.contract);
      const args = await setter.args(value, (name) => parameterDefinition(name).read(suite));
      return {
        target: await contract.getAddress(),
        value: 0n,
        calldata: contract.interface.encodeFunctionData(setter.fn, args),
      };
    },
  };
  return definition;
}

/// Every parameter a proposal can change by name.
export const PARAMETERS: Readonly<Record<string, ParameterDefinition>> = {
  "settlement.protocolBps": define({
    unit: "bps",
    about: "protocol share of each fee (setFeeShares, keeping the stakers share)",
    getter: { contract: "settlement", fn: "protocolBps" },
    setter: {
      contract: "settlement",
      fn: "setFeeShares",
      args: async (v, current) => [v, await current("settlement.stakersBps")],
    },
  }),
  "settlement.stakersBps": define({
    unit: "bps",
    about: "stakers share of each fee (setFeeShares, keeping the protocol share)",
    getter: { contract: "settlement", fn: "stakersBps" },
    setter: {
      contract: "settlement",
      fn: "setFeeShares",
      args: async (v, current) => [await current("settlement.protocolBps"), v],
    },
  }),
  "settlement.lineageBps": define({
    unit: "bps",
    about: "lineage royalty, of a model's owner share",
    getter: { contract: "settlement", fn: "lineageBps" },
    setter: { contract: "settlement", fn: "setLineageBps" },
  }),
  "settlement.challengeWindow": define({
    unit: "seconds",
    about: "how long a posted attribution root waits before it can be activated",
    getter: { contract: "settlement", fn: "challengeWindow" },
    setter: { contract: "settlement", fn: "setChallengeWindow" },
  }),
  "settlement.vetoBondLock": define({
    unit: "seconds",
    about: "how long a veto locks the attestor's bond",
    getter: { contract: "settlement", fn: "vetoBondLock" },
    setter: { contract: "settlement", fn: "setVetoBondLock" },
  }),
  "settlement.minAttestorBond": define({
    unit: "open",
    about: "the bond an attestor must post",
    getter: { contract: "settlement", fn: "minAttestorBond" },
    setter: { contract: "settlement", fn: "setMinAttestorBond" },
  }),
  "gopen.cooldown": define({
    unit: "seconds",
    about: "the withdrawal cooldown of gOPEN",
    getter: { contract: "gopen", fn: "cooldown" },
    setter: { contract: "gopen", fn: "setCooldown" },
  }),
  "gopen.rewardsDuration": define({
    unit: "seconds",
    about: "the period over which each push of stakers' rewards streams to them",
    getter: { contract: "gopen", fn: "rewardsDuration" },
    setter: { contract: "gopen", fn: "setRewardsDuration" },
  }),
  "models.minDataBps": define({
    unit: "bps",
    about: "the floor on a model's data share (set through Settlement, which keeps the copy it settles with)",
    getter: { contract: "models", fn: "minDataBps" },
    setter: { contract: "settlement", fn: "setMinDataBps" },
  }),
  "models.maxLineageDepth": define({
    unit: "count",
    about: "how many ancestors a model's lineage may have",
    getter: { contract: "models", fn: "maxLineageDepth" },
    setter: { contract: "models", fn: "setMaxLineageDepth" },
  }),
  "models.publishFee": define({
    unit: "open",
    about: "the fee to publish a model version",
    getter: { contract: "models", fn: "publishFee" },
    setter: { contract: "models", fn: "setPublishFee" },
  }),
  "datanets.reviewTimeout": define({
    unit: "seconds",
    about: "how long a pending contribution waits for a review before its contributor may withdraw it",
    getter: { contract: "datanets", fn: "reviewTimeout" },
    setter: { contract: "datanets", fn: "setReviewTimeout" },
  }),
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

/// What a change of parameter `name` from `current` to `proposed` reads as, and the proposal's description
/// (`description` when given, else `Set <name> to <proposed> (now <current>)`). Throws a one-line OpenLedgerError when
/// the value would not change.
export function describeChange(
  name: string,
  current: bigint,
  proposed: bigint,
  description?: string,
): { parameter: string; current: string; proposed: string; description: string } {
  const { unit } = parameterDefinition(name);
  if (proposed === current) throw new OpenLedgerError(`${name} is already ${formatParamValue(unit, current)}`);
  const shown = { current: formatParamValue(unit, current), proposed: formatParamValue(unit, proposed) };
  return {
    parameter: name,
    ...shown,
    description: description?.trim() || `Set ${name} to ${shown.proposed} (now ${shown.current})`,
  };
}
