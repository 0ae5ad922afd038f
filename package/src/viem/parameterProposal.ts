/// parameterProposal: the proposal that changes one named protocol parameter (`gopen.cooldown` to `2h`), built from
/// the SDK's table of parameters (the same calls the ethers client's `propose` makes), and checked by simulating the
/// setter from the Timelock that will execute it. Nothing is sent: Governor.propose takes `targets`, `values`,
/// `calldatas` and `description` as they are.
import { encodeFunctionData } from "viem";
import type { Abi, Address, Client, Hex } from "viem";
import { call, readContract } from "viem/actions";
import { OpenLedgerError } from "../errors/base.js";
import { describeChange, parameterDefinition, parseParamValue } from "../governance/parameters.js";
import type { ParamUnit } from "../governance/parameters.js";
import { addressOf, suiteAbis } from "./contracts.js";
import type { AddressesOf, SuiteKey } from "./contracts.js";
import { decodeError } from "./decodeError.js";

export interface ParameterProposalParameters {
  /// The suite's addresses (the parameter's contracts and the Timelock).
  addresses: AddressesOf<SuiteKey>;
  /// A name of `PARAMETERS`: `gopen.cooldown`, `settlement.lineageBps`, …
  parameter: string;
  /// The new value as a person types it (`2h`, `500`, `0.5`), or the raw value.
  value: string | bigint;
  /// Defaults to `Set <name> to <new> (now <current>)`.
  description?: string;
}

export interface ParameterProposalReturnType {
  parameter: string;
  unit: ParamUnit;
  /// The value now and the one proposed, raw and for people.
  current: bigint;
  proposed: bigint;
  change: { current: string; proposed: string };
  /// Governor.propose's arguments: the one call, and the description.
  targets: readonly [Address];
  values: readonly [bigint];
  calldatas: readonly [Hex];
  description: string;
}

/// The proposal that sets `parameter` to `value`. A one-line OpenLedgerError when the name or the value is bad, the
/// value is the current one, or the Timelock's call would revert (decoded: `CooldownTooLong(cooldown=…, …)`).
export async function parameterProposal(
  client: Client,
  params: ParameterProposalParameters,
): Promise<ParameterProposalReturnType> {
  const name = params.parameter.trim();
  const definition = parameterDefinition(name);
  const proposed =
    typeof params.value === "bigint" ? params.value : parseParamValue(definition.unit, params.value, name);
  const read = (parameter: string): Promise<bigint> => {
    const { getter } = parameterDefinition(parameter);
    return readContract(client, {
      address: addressOf(params.addresses, getter.contract),
      abi: suiteAbis[getter.contract] as Abi,
      functionName: getter.fn,
    }) as Promise<bigint>;
  };
  const current = await read(name);
  const change = describeChange(name, current, proposed, params.description);
  const { setter } = definition;
  const target = addressOf(params.addresses, setter.contract);
  const data = encodeFunctionData({
    abi: suiteAbis[setter.contract] as Abi,
    functionName: setter.fn,
    args: await setter.args(proposed, read),
  });
  try {
    await call(client, { account: addressOf(params.addresses, "timelock"), to: target, data });
  } catch (err: unknown) {
    throw new OpenLedgerError(
      `${name} = ${String(params.value).trim()} would revert when the Timelock executes it: ${decodeError(err)}`,
    );
  }
  return {
    parameter: name,
    unit: definition.unit,
    current,
    proposed,
    change: { current: change.current, proposed: change.proposed },
    targets: [target],
    values: [0n],
    calldatas: [data],
    description: change.description,
  };
}
